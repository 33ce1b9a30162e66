"""PolynomialBasis, SplineBasis, bspline_basis and add_interactions against scikit-learn/scipy."""

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose
from scipy.interpolate import BSpline
from sklearn.compose import ColumnTransformer
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LinearRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import PolynomialFeatures, SplineTransformer, StandardScaler
from sklearn.utils.estimator_checks import parametrize_with_checks

from course_utils import (
    CourseWarning,
    NormalEquationRegressor,
    PolynomialBasis,
    SplineBasis,
    add_interactions,
    bspline_basis,
)
from course_utils.features import (
    _find_interval,
    _lattice_step,
    _nonzero_bsplines,
    _nonzero_bsplines_lattice,
)


@pytest.fixture(autouse=True)
def _quiet_course_warnings():
    """The 'more columns than rows' advice is tested on its own; elsewhere it is noise."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CourseWarning)
        yield


def _train_and_test(n_features=3, seed=0):
    """Training data on different scales and offsets, and test rows that include every
    training knot position, points far outside the range and the range ends themselves."""
    rng = np.random.default_rng(seed)
    scale = np.array([1.0, 5.0, 0.1, 30.0, 2.0])[:n_features]
    shift = np.array([0.0, 10.0, -3.0, 100.0, 0.5])[:n_features]
    X = rng.normal(size=(120, n_features)) * scale + shift
    outside = rng.normal(size=(40, n_features)) * 3 * scale + shift
    ends = np.vstack([X.min(axis=0), X.max(axis=0),
                      X.min(axis=0) - 2 * scale, X.max(axis=0) + 2 * scale])
    return X, np.vstack([X, outside, ends])


# ---- PolynomialBasis -----------------------------------------------------------------------

POLY_DEGREES = [0, 1, 2, 3, 4, (0, 2), (1, 3), (2, 3), (3, 3), (2, 4)]


@pytest.mark.parametrize("degree", POLY_DEGREES)
@pytest.mark.parametrize("n_features", [1, 2, 3, 5])
def test_polynomial_matches_sklearn(degree, n_features):
    X, X_test = _train_and_test(n_features)
    for interaction_only in [False, True]:
        for include_bias in [True, False]:
            params = dict(degree=degree, interaction_only=interaction_only,
                          include_bias=include_bias)
            _check_polynomial_against_sklearn(X, X_test, params)


def _check_polynomial_against_sklearn(X, X_test, params):
    if params["degree"] == 0 and not params["include_bias"]:  # both refuse: no column
        with pytest.raises(ValueError, match="empty output"):
            PolynomialFeatures(**params).fit(X)
        with pytest.raises(ValueError, match="no column at all"):
            PolynomialBasis(**params).fit(X)
        return
    ref = PolynomialFeatures(**params).fit(X)
    if ref.n_output_features_ == 0:  # scikit-learn returns an empty array; we say why
        with pytest.raises(ValueError, match="no product of distinct columns"):
            PolynomialBasis(**params).fit(X)
        return
    ours = PolynomialBasis(**params).fit(X)
    out = ours.transform(X_test)
    assert out.shape == (len(X_test), ref.n_output_features_), params
    assert_allclose(out, ref.transform(X_test), rtol=1e-14, err_msg=str(params))
    assert ours.n_output_features_ == ref.n_output_features_, params
    np.testing.assert_array_equal(ours.powers_, ref.powers_, err_msg=str(params))
    assert list(ours.get_feature_names_out()) == list(ref.get_feature_names_out()), params


def test_polynomial_feature_names_from_dataframe_and_float32():
    X, _ = _train_and_test(3)
    df = pd.DataFrame(X, columns=["size", "age", "dist"])
    ours = PolynomialBasis(3).fit(df)
    ref = PolynomialFeatures(3).fit(df)
    assert list(ours.get_feature_names_out()) == list(ref.get_feature_names_out())
    assert "size^2 age" in ours.get_feature_names_out()
    assert list(ours.feature_names_in_) == ["size", "age", "dist"]
    out32 = ours.transform(df.astype(np.float32))
    assert out32.dtype == np.float32
    assert_allclose(out32, ref.transform(df), rtol=1e-5)
    with pytest.raises(ValueError, match="input_features is not equal"):
        ours.get_feature_names_out(["a", "b", "c"])
    X_np = PolynomialBasis(2).fit(X)
    assert list(X_np.get_feature_names_out(["p", "q", "r"]))[:4] == ["1", "p", "q", "r"]
    with pytest.raises(ValueError, match="length equal to number of features"):
        X_np.get_feature_names_out(["p", "q"])


def test_polynomial_columns_are_the_monomials():
    """Closed form: column i is the product of x_j ** powers_[i, j]."""
    X, X_test = _train_and_test(4)
    basis = PolynomialBasis(3).fit(X)
    expected = np.prod(X_test[:, None, :] ** basis.powers_[None, :, :], axis=2)
    assert_allclose(basis.transform(X_test), expected, rtol=1e-12)


def test_polynomial_output_count_is_binomial():
    from math import comb

    for d, D in [(1, 5), (3, 3), (10, 3), (6, 2)]:
        basis = PolynomialBasis(D).fit(np.ones((2, d)) * np.arange(2)[:, None])
        assert basis.n_output_features_ == comb(d + D, D)


def test_polynomial_warns_when_columns_outnumber_rows():
    X = np.arange(20.0).reshape(10, 2)
    with pytest.warns(CourseWarning, match="makes 21 columns but X has only 10 rows"):
        with warnings.catch_warnings():
            warnings.simplefilter("always", CourseWarning)
            PolynomialBasis(5).fit(X)


@pytest.mark.parametrize("degree, error, match", [
    (-1, ValueError, "degree must be an integer >= 0"),
    (2.5, TypeError, "degree must be an integer >= 0 or a tuple"),
    ("3", TypeError, "degree must be an integer >= 0 or a tuple"),
    (True, TypeError, "degree must be an integer >= 0 or a tuple"),
    ((3, 2), ValueError, "min_degree <= max_degree"),
    ((-1, 2), ValueError, "min_degree must be an integer >= 0"),
    ((1, 2, 3), TypeError, "degree must be an integer >= 0 or a tuple"),
])
def test_polynomial_bad_degree(degree, error, match):
    with pytest.raises(error, match=match):
        PolynomialBasis(degree).fit(np.ones((3, 2)))


def test_polynomial_bad_flags_and_input():
    X = np.arange(6.0).reshape(3, 2)
    with pytest.raises(TypeError, match="interaction_only must be True or False"):
        PolynomialBasis(interaction_only="yes").fit(X)
    with pytest.raises(TypeError, match="include_bias must be True or False"):
        PolynomialBasis(include_bias=1).fit(X)
    with pytest.raises(ValueError, match="degree=0 with include_bias=False"):
        PolynomialBasis(0, include_bias=False).fit(X)
    with pytest.raises(ValueError, match=r"1-D array.*reshape\(-1, 1\)"):
        PolynomialBasis().fit(np.arange(3.0))
    with pytest.raises(ValueError, match="NaN"):
        PolynomialBasis().fit(np.array([[1.0, np.nan], [2.0, 3.0]]))
    with pytest.raises(ValueError, match="empty"):
        PolynomialBasis().fit(np.empty((0, 2)))
    with pytest.raises(ValueError, match=r"non-numeric columns \['town'\]"):
        PolynomialBasis().fit(pd.DataFrame({"size": [1.0, 2.0], "town": ["a", "b"]}))
    with pytest.raises(NotFittedError):
        PolynomialBasis().transform(X)
    with pytest.raises(ValueError, match="3 features"):
        PolynomialBasis().fit(X).transform(np.ones((2, 3)))


# ---- SplineBasis against SplineTransformer -------------------------------------------------

def _sklearn_reference(X, X_test, **params):
    """SplineTransformer output, column by column where scikit-learn 1.9 is wrong for several
    columns (degree <= 1 with linear extrapolation) and with the true boundary values where
    it is wrong for any column (degree 0 with constant extrapolation)."""
    degree = params["degree"]
    if params["extrapolation"] == "constant" and degree == 0:
        # constant extension = the boundary value, which scikit-learn's "linear" gives for k=0
        params = {**params, "extrapolation": "linear"}
    if params["extrapolation"] == "linear" and degree <= 1:
        blocks = []
        for j in range(X.shape[1]):
            p = dict(params)
            if not isinstance(p["knots"], str):
                p["knots"] = np.asarray(p["knots"])[:, [j]]
            blocks.append(SplineTransformer(**p).fit(X[:, [j]]).transform(X_test[:, [j]]))
        return np.hstack(blocks)
    return SplineTransformer(**params).fit(X).transform(X_test)


@pytest.mark.parametrize("degree", [0, 1, 2, 3, 4, 5])
@pytest.mark.parametrize("extrapolation", ["constant", "linear", "continue", "periodic"])
@pytest.mark.parametrize("knots", ["uniform", "quantile", "array"])
def test_spline_matches_sklearn(degree, extrapolation, knots):
    """Every knot count and include_bias, for one degree, extrapolation and knot rule."""
    X, X_test = _train_and_test(3)
    for n_knots in [2, 3, 5, 10]:
        for include_bias in [True, False]:
            _check_spline_against_sklearn(X, X_test, degree, n_knots, knots, extrapolation,
                                          include_bias)


def _check_spline_against_sklearn(X, X_test, degree, n_knots, knots, extrapolation,
                                  include_bias):
    if knots == "array":  # uneven, strictly increasing knots covering the data
        lo, hi = X.min(axis=0), X.max(axis=0)
        knots = lo + (hi - lo) * (np.linspace(0, 1, n_knots) ** 1.5)[:, None]
        if extrapolation == "periodic":  # periodic knots: X must lie inside them
            X_test = np.clip(X_test, lo, hi)
    params = dict(n_knots=n_knots, degree=degree, knots=knots, extrapolation=extrapolation,
                  include_bias=include_bias)
    if extrapolation == "periodic" and n_knots <= degree:
        with pytest.raises(ValueError, match="degree < n_knots"):
            SplineBasis(**params).fit(X)
        with pytest.raises(ValueError):
            SplineTransformer(**params).fit(X)
        return
    n_splines = n_knots - 1 if extrapolation == "periodic" else n_knots + degree - 1
    if n_splines == 1 and not include_bias:
        with pytest.raises(ValueError, match="no column at all"):
            SplineBasis(**params).fit(X)
        return
    ours = SplineBasis(**params).fit(X)
    out = ours.transform(X_test)
    ref = _sklearn_reference(X, X_test, **params)
    assert out.shape == ref.shape == (len(X_test), ours.n_features_out_), params
    assert_allclose(out, ref, rtol=1e-10, atol=1e-10, err_msg=str(params))
    assert list(ours.get_feature_names_out()) == list(
        SplineTransformer(**params).fit(X).get_feature_names_out()), params


@pytest.mark.parametrize("degree", [0, 1, 3])
def test_spline_error_extrapolation(degree):
    X, X_test = _train_and_test(2)
    params = dict(n_knots=4, degree=degree, extrapolation="error")
    ours = SplineBasis(**params).fit(X)
    assert_allclose(ours.transform(X), SplineTransformer(**params).fit(X).transform(X),
                    rtol=1e-10, atol=1e-10)
    with pytest.raises(ValueError, match=r"beyond the limits of the knots: column 'x1'"):
        ours.transform(np.array([[X[0, 0], X[:, 1].max() + 1.0]]))


@pytest.mark.parametrize("extrapolation", ["constant", "linear"])
def test_spline_huge_values_outside_the_range_give_no_warning(extrapolation):
    X = np.linspace(0.0, 1.0, 20).reshape(-1, 1)
    far = np.array([[-1e300], [0.5], [1e300]])
    params = dict(n_knots=5, extrapolation=extrapolation)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        out = SplineBasis(**params).fit(X).transform(far)
    if extrapolation == "constant":  # linear extrapolation of 1e300 overflows in both
        assert_allclose(out, SplineTransformer(**params).fit(X).transform(far), atol=1e-12)
    assert np.isfinite(out[1]).all()


def test_spline_degree0_constant_keeps_boundary_values():
    """Where scikit-learn 1.9 fails, 'constant' means the value at the nearest end."""
    X = np.linspace(0.0, 1.0, 6).reshape(-1, 1)
    basis = SplineBasis(n_knots=3, degree=0, extrapolation="constant").fit(X)
    out = basis.transform([[-0.5], [0.0], [1.0], [1.5]])
    assert_allclose(out, [[1, 0], [1, 0], [0, 1], [0, 1]])


def test_spline_far_from_origin_uses_exact_knots():
    """|x| >> knot spacing: the lattice shortcut is not taken and results stay accurate."""
    rng = np.random.default_rng(3)
    X = 1e7 + rng.random((200, 2))
    X_test = 1e7 + np.linspace(-0.5, 1.5, 41)[:, None] * np.ones(2)
    assert _lattice_step(SplineBasis().fit(X).knots_[:, 0]) is None
    for extrapolation in ["constant", "linear", "continue"]:
        params = dict(n_knots=6, extrapolation=extrapolation)
        ref = SplineTransformer(**params).fit(X).transform(X_test)
        # scipy and we both subtract nearby numbers of size 1e7: rounding ~1e-9 of the spacing
        assert_allclose(SplineBasis(**params).fit(X).transform(X_test), ref, atol=1e-7)


@pytest.mark.parametrize("n_knots", [3, 4, 5, 7])
def test_periodic_wraps_points_many_periods_away(n_knots):
    X = np.linspace(0.0, 6.0, 25).reshape(-1, 1)
    period = 6.0
    X_far = np.r_[X, X - 7 * period, X + 13 * period, X + 0.37 * period].reshape(-1, 1)
    for degree in range(0, n_knots):
        params = dict(n_knots=n_knots, degree=degree, extrapolation="periodic")
        ours = SplineBasis(**params).fit(X).transform(X_far)
        ref = SplineTransformer(**params).fit(X).transform(X_far)
        assert_allclose(ours, ref, atol=1e-10, err_msg=str(params))
        assert_allclose(ours[:25], ours[25:50], atol=1e-10)  # one period = the same point


@pytest.mark.parametrize("k", [1, 2, 3, 4])
def test_lattice_path_equals_general_path(k):
    t = np.linspace(-3.0, 5.0, 12)
    assert _lattice_step(t) == pytest.approx(8.0 / 11)
    x = np.linspace(-5.0, 7.0, 301)  # inside and outside the base interval
    h_fast, ell_fast = _nonzero_bsplines_lattice(t, k, x, _lattice_step(t))
    ell = _find_interval(t, k, x)
    h_ref = _nonzero_bsplines(t, k, x, ell)
    # at a knot the two paths may pick neighbouring intervals: compare the full basis
    full_fast = np.zeros((len(x), len(t) - k - 1))
    full_ref = np.zeros_like(full_fast)
    for r in range(k + 1):
        full_fast[np.arange(len(x)), ell_fast - k + r] = h_fast[r]
        full_ref[np.arange(len(x)), ell - k + r] = h_ref[r]
    assert_allclose(full_fast, full_ref, rtol=1e-12, atol=1e-12)


def test_nonzero_bsplines_derivative_matches_scipy():
    t = np.array([-2.0, -1.0, 0.0, 0.5, 2.0, 3.0, 3.5, 5.0, 6.0])
    for k in [0, 1, 2, 3]:
        n = len(t) - k - 1
        x = np.linspace(t[k], t[n], 57)
        ell = _find_interval(t, k, x)
        for nu in [0, 1]:
            h = _nonzero_bsplines(t, k, x, ell, nu=nu)
            full = np.zeros((len(x), n))
            for r in range(k + 1):
                full[np.arange(len(x)), ell - k + r] = h[r]
            ref = BSpline(t, np.eye(n), k)(x, nu=nu)
            assert_allclose(full, ref, rtol=1e-12, atol=1e-12)


def test_spline_quantile_knots_and_dataframe_names():
    X, _ = _train_and_test(2)
    df = pd.DataFrame(X, columns=["dist", "age"])
    ours = SplineBasis(n_knots=4, knots="quantile").fit(df)
    ref = SplineTransformer(n_knots=4, knots="quantile").fit(df)
    for j in range(2):
        assert_allclose(ours.knots_[:, j], ref.bsplines_[j].t, rtol=1e-14)
    assert_allclose(ours.knots_[3:7, 0], np.percentile(X[:, 0], [0, 100 / 3, 200 / 3, 100]))
    assert list(ours.get_feature_names_out()) == [f"{c}_sp_{j}" for c in ["dist", "age"]
                                                  for j in range(6)]
    out32 = ours.transform(df.astype(np.float32))
    assert out32.dtype == np.float32
    assert_allclose(out32, ref.transform(df), atol=1e-5)


def test_spline_rows_sum_to_one_inside_the_range():
    X, _ = _train_and_test(3)
    for knots in ["uniform", "quantile"]:
        out = SplineBasis(n_knots=7, knots=knots).fit(X).transform(X)
        assert_allclose(out.reshape(len(X), 3, -1).sum(axis=2), 1.0, rtol=1e-12)


# ---- bspline_basis: the textbook recursion ------------------------------------------------

@pytest.mark.parametrize("k", [0, 1, 2, 3, 5])
def test_bspline_basis_matches_scipy(k):
    t = np.r_[-3.0, -2.0, -1.5, 0.0, 0.2, 1.0, 1.0, 2.5, 3.0, 4.0, 6.0, 7.0, 8.0]
    n = len(t) - k - 1
    x = np.r_[np.linspace(t[k], t[n], 173), t[k:n + 1]]  # include every knot in the range
    ref = BSpline(t, np.eye(n), k)(x)
    assert_allclose(bspline_basis(x, t, k), ref, rtol=1e-12, atol=1e-12)
    assert_allclose(bspline_basis(x, t, k).sum(axis=1), 1.0, rtol=1e-12)
    # outside the base range: the end polynomials continue (scipy's extrapolate=True)
    x_out = np.array([t[k] - 0.7, t[n] + 0.9])
    assert_allclose(bspline_basis(x_out, t, k), BSpline(t, np.eye(n), k)(x_out), rtol=1e-12,
                    atol=1e-12)


def test_bspline_basis_bad_input():
    t = np.arange(10.0)
    with pytest.raises(ValueError, match="x must be 1-D"):
        bspline_basis(np.ones((3, 1)), t, 3)
    with pytest.raises(ValueError, match="at least 2 \\* degree \\+ 2"):
        bspline_basis(np.ones(3), t[:5], 3)
    with pytest.raises(ValueError, match="sorted"):
        bspline_basis(np.ones(3), t[::-1], 3)
    with pytest.raises(ValueError, match="degree must be an integer >= 0"):
        bspline_basis(np.ones(3), t, -1)


# ---- SplineBasis: bad input and advice ---------------------------------------------------

@pytest.mark.parametrize("params, error, match", [
    (dict(n_knots=1), ValueError, "n_knots must be an integer >= 2"),
    (dict(n_knots=4.0), TypeError, "n_knots must be an integer"),
    (dict(degree=-1), ValueError, "degree must be an integer >= 0"),
    (dict(degree="3"), TypeError, "degree must be an integer"),
    (dict(knots="random"), ValueError, "knots must be one of 'uniform', 'quantile' or an array"),
    (dict(extrapolation="wrap"), ValueError, "extrapolation must be one of"),
    (dict(include_bias="no"), TypeError, "include_bias must be True or False"),
    (dict(knots=[[0.0, 0.0], [1.0, 1.0]]), ValueError, "knots has 2 column"),
    (dict(knots=[[0.0], [2.0], [1.0]]), ValueError, "sorted without duplicates"),
    (dict(knots=[[0.0]]), ValueError, "n_knots >= 2"),
    (dict(n_knots=3, degree=3, extrapolation="periodic"), ValueError, "degree < n_knots"),
])
def test_spline_bad_parameters(params, error, match):
    X = np.linspace(0, 1, 10).reshape(-1, 1)
    with pytest.raises(error, match=match):
        SplineBasis(**params).fit(X)


def test_spline_bad_input():
    X = np.linspace(0, 1, 10).reshape(-1, 1)
    with pytest.raises(ValueError, match=r"1-D array.*reshape\(-1, 1\)"):
        SplineBasis().fit(np.linspace(0, 1, 10))
    with pytest.raises(ValueError, match="NaN"):
        SplineBasis().fit(np.r_[X, [[np.nan]]])
    with pytest.raises(ValueError, match="inf"):
        SplineBasis().fit(X).transform([[np.inf]])
    with pytest.raises(ValueError, match="1 sample"):
        SplineBasis().fit([[1.0]])
    with pytest.raises(ValueError, match="not numbers"):
        SplineBasis().fit(np.array([["1"], ["a"]]))
    with pytest.raises(NotFittedError):
        SplineBasis().transform(X)
    with pytest.raises(ValueError, match="1 features"):
        SplineBasis().fit(X).transform(np.ones((2, 2)))


def test_spline_warns_on_constant_column_and_tied_quantiles():
    X = np.c_[np.linspace(0, 1, 20), np.full(20, 3.0)]
    with warnings.catch_warnings():
        warnings.simplefilter("always", CourseWarning)
        with pytest.warns(CourseWarning, match=r"\['x1'\] are constant"):
            SplineBasis().fit(X)
        ties = np.r_[np.zeros(15), np.linspace(1, 2, 5)].reshape(-1, 1)
        with pytest.warns(CourseWarning, match="quantile knots coincide"):
            basis = SplineBasis(n_knots=5, knots="quantile").fit(ties)
    ref = SplineTransformer(n_knots=5, knots="quantile").fit(ties)
    assert_allclose(basis.transform(ties), ref.transform(ties), atol=1e-12)


def test_spline_include_bias_with_intercept_is_collinear():
    """The trap the notebook shows: the B-splines sum to the intercept column."""
    from course_utils import CollinearityError

    X = np.linspace(0, 10, 50).reshape(-1, 1)
    y = np.sin(X[:, 0])
    with pytest.raises(CollinearityError):
        make_pipeline(SplineBasis(), NormalEquationRegressor()).fit(X, y)
    make_pipeline(SplineBasis(include_bias=False), NormalEquationRegressor()).fit(X, y)


# ---- pipelines --------------------------------------------------------------------------------

@pytest.mark.parametrize("knots", ["uniform", "quantile"])
@pytest.mark.parametrize("extrapolation", ["constant", "linear", "continue"])
def test_spline_pipeline_matches_sklearn(knots, extrapolation):
    rng = np.random.default_rng(1)
    X = rng.uniform(-3, 3, size=(200, 2))
    y = np.sin(X[:, 0]) * X[:, 1] + rng.normal(0, 0.1, 200)
    X_new = rng.uniform(-4, 4, size=(50, 2))
    params = dict(n_knots=6, knots=knots, extrapolation=extrapolation, include_bias=False)
    ours = make_pipeline(SplineBasis(**params), NormalEquationRegressor()).fit(X, y)
    ref = make_pipeline(SplineTransformer(**params), LinearRegression()).fit(X, y)
    assert_allclose(ours.predict(X_new), ref.predict(X_new), rtol=1e-10)


@pytest.mark.parametrize("degree", [2, 3, 5])
def test_polynomial_pipeline_matches_sklearn(degree):
    rng = np.random.default_rng(2)
    X = rng.normal(size=(150, 3))
    y = X[:, 0] ** 2 - X[:, 1] * X[:, 2] + rng.normal(0, 0.1, 150)
    ours = make_pipeline(StandardScaler(), PolynomialBasis(degree, include_bias=False),
                         NormalEquationRegressor()).fit(X, y)
    ref = make_pipeline(StandardScaler(), PolynomialFeatures(degree, include_bias=False),
                        LinearRegression()).fit(X, y)
    assert_allclose(ours.predict(X[:20]), ref.predict(X[:20]), rtol=1e-9)


def test_column_transformer_and_pandas_output():
    rng = np.random.default_rng(4)
    df = pd.DataFrame({"a": rng.normal(size=60), "b": rng.uniform(0, 5, size=60)})
    ct = ColumnTransformer([("poly", PolynomialBasis(2, include_bias=False), ["a"]),
                            ("spline", SplineBasis(n_knots=4), ["b"])])
    ct.set_output(transform="pandas")
    out = ct.fit_transform(df)
    assert list(out.columns) == ["poly__a", "poly__a^2"] + [f"spline__b_sp_{j}" for j in range(6)]
    assert_allclose(out["poly__a^2"], df["a"] ** 2)


# ---- add_interactions -------------------------------------------------------------------------

def test_add_interactions_products_and_names():
    df = pd.DataFrame({"a": [1.0, 2.0, 3.0], "b": [4, 5, 6], "c": [True, False, True]},
                      index=[10, 20, 30])
    out = add_interactions(df, ["a:b", ("a", "c"), ("a", "b", "c")])
    assert list(out.columns) == ["a", "b", "c", "a:b", "a:c", "a:b:c"]
    assert_allclose(out["a:b"], [4.0, 10.0, 18.0])
    assert_allclose(out["a:c"], [1.0, 0.0, 3.0])
    assert_allclose(out["a:b:c"], [4.0, 0.0, 18.0])
    assert list(out.index) == [10, 20, 30]
    assert list(df.columns) == ["a", "b", "c"]  # the input is not modified
    same = add_interactions(df, "a*b", sep="*")
    assert list(same.columns)[-1] == "a*b"
    # PolynomialBasis(interaction_only) computes the same product
    basis = PolynomialBasis(2, interaction_only=True, include_bias=False).fit(df[["a", "b"]])
    assert_allclose(basis.transform(df[["a", "b"]])[:, -1], out["a:b"])


def test_add_interactions_errors():
    df = pd.DataFrame({"size_m2": [50.0, 60.0], "town": ["x", "y"], "age": [1, 2]})
    with pytest.raises(TypeError, match="needs a pandas DataFrame"):
        add_interactions(df.to_numpy(), ["size_m2:age"])
    with pytest.raises(KeyError, match=r"'size' .* Did you mean \['size_m2'\]"):
        add_interactions(df, ["size:age"])
    with pytest.raises(ValueError, match=r"'town' is not numeric .*get_dummies"):
        add_interactions(df, ["size_m2:town"])
    with pytest.raises(ValueError, match="needs at least two"):
        add_interactions(df, ["size_m2"])
    with pytest.raises(ValueError, match="already exists"):
        add_interactions(df, ["size_m2:age", ("size_m2", "age")])
    with pytest.raises(ValueError, match="terms is empty"):
        add_interactions(df, [])


# ---- property tests: random data and options against scikit-learn -------------------------

@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(2, 40),
    d=st.integers(1, 3),
    degree=st.integers(0, 4),
    n_knots=st.integers(2, 8),
    knots=st.sampled_from(["uniform", "quantile"]),
    extrapolation=st.sampled_from(["constant", "linear", "continue", "periodic"]),
)
def test_property_spline_matches_sklearn(seed, n, d, degree, n_knots, knots, extrapolation):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d)) * rng.uniform(0.1, 10, size=d) + rng.normal(0, 10, size=d)
    X_test = np.r_[X, X.mean(axis=0) + 3 * (X - X.mean(axis=0))]
    span = X.max(axis=0) - X.min(axis=0)
    if np.any(span < 1e-6 * (1 + np.abs(X).max(axis=0))):  # a (nearly) constant column
        return
    if extrapolation == "periodic" and n_knots <= degree:
        return
    params = dict(n_knots=n_knots, degree=degree, knots=knots, extrapolation=extrapolation)
    ours = SplineBasis(**params).fit(X)
    ref = _sklearn_reference(X, X_test, **params, include_bias=True)
    assert_allclose(ours.transform(X_test), ref, rtol=1e-9, atol=1e-9)


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(1, 30),
    d=st.integers(1, 4),
    degree=st.integers(1, 4),
    interaction_only=st.booleans(),
    include_bias=st.booleans(),
)
def test_property_polynomial_matches_sklearn(seed, n, d, degree, interaction_only, include_bias):
    X = np.random.default_rng(seed).normal(size=(n, d))
    params = dict(degree=degree, interaction_only=interaction_only, include_bias=include_bias)
    assert_allclose(PolynomialBasis(**params).fit_transform(X),
                    PolynomialFeatures(**params).fit_transform(X), rtol=1e-14)


# ---- scikit-learn's own estimator checks ---------------------------------------------------

@parametrize_with_checks([
    PolynomialBasis(),
    PolynomialBasis(degree=(2, 3), interaction_only=True, include_bias=False),
    SplineBasis(),
    SplineBasis(n_knots=4, degree=2, knots="quantile", extrapolation="linear",
                include_bias=False),
    SplineBasis(degree=1, extrapolation="periodic"),
])
def test_sklearn_estimator_checks(estimator, check):
    check(estimator)


def test_polynomial_regression_is_the_lesson_pipeline():
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from course_utils import NormalEquationRegressor, PolynomialBasis, polynomial_regression

    rng = np.random.default_rng(0)
    x = rng.uniform(-3, 3, size=(60, 1))
    y = np.sin(x.ravel()) + 0.1 * rng.normal(size=60)
    ours = polynomial_regression(5).fit(x, y)
    by_hand = make_pipeline(StandardScaler(), PolynomialBasis(5, include_bias=False),
                            NormalEquationRegressor(method="lstsq")).fit(x, y)
    np.testing.assert_array_equal(ours.predict(x), by_hand.predict(x))
    assert polynomial_regression(3, method="pinv")[-1].method == "pinv"


@pytest.mark.parametrize("extrapolation", ["constant", "linear", "continue", "periodic"])
@pytest.mark.parametrize("knots", ["uniform", "quantile"])
def test_spline_transform_by_blocks_matches_sklearn(extrapolation, knots, monkeypatch):
    """Rows are transformed block by block: several blocks and a short last one, with rows
    beyond the knots in different blocks, give scikit-learn's matrix."""
    import course_utils.features as features

    monkeypatch.setattr(features, "_BLOCK_ROWS", 64)
    rng = np.random.default_rng(5)
    X = rng.uniform(-1.0, 1.0, size=(300, 2))
    X_test = rng.uniform(-1.5, 1.5, size=(1000 + 17, 2))  # 16 blocks and a short one
    params = dict(n_knots=6, degree=3, knots=knots, extrapolation=extrapolation)
    if extrapolation == "periodic":
        X_test = np.clip(X_test, X.min(axis=0), X.max(axis=0))
    ours = SplineBasis(**params).fit(X).transform(X_test)
    ref = _sklearn_reference(X, X_test, **params, include_bias=True)
    assert_allclose(ours, ref, rtol=1e-10, atol=1e-10)


def test_spline_error_extrapolation_found_in_a_later_block(monkeypatch):
    import course_utils.features as features

    monkeypatch.setattr(features, "_BLOCK_ROWS", 16)
    X = np.linspace(0.0, 1.0, 100)[:, None]
    X_test = X.copy()
    X_test[90, 0] = 2.0  # in the sixth block
    basis = SplineBasis(extrapolation="error").fit(X)
    with pytest.raises(ValueError, match="beyond the limits of the knots"):
        basis.transform(X_test)
