"""NormalEquationRegressor against LinearRegression, Ridge and np.linalg.lstsq."""

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose
from sklearn.linear_model import LinearRegression, Ridge
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.estimator_checks import parametrize_with_checks

from course_utils import (
    CollinearityError,
    CourseWarning,
    NormalEquationRegressor,
    add_intercept,
    load_ill_conditioned,
    make_collinear,
    make_linear,
    solve_normal_equation,
)

METHODS = ["inv", "solve", "lstsq", "pinv"]


@pytest.fixture
def problem():
    X, y, _ = make_linear(200, 5, intercept=3.0, noise=0.5, random_state=1)
    return X, y


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_matches_linear_regression(problem, method, fit_intercept):
    X, y = problem
    ours = NormalEquationRegressor(method=method, fit_intercept=fit_intercept)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CourseWarning)  # through-the-origin warning
        ours.fit(X, y)
    ref = LinearRegression(fit_intercept=fit_intercept).fit(X, y)
    assert_allclose(ours.coef_, ref.coef_, rtol=1e-8)
    assert_allclose(ours.intercept_, ref.intercept_, rtol=1e-8, atol=1e-10)
    assert_allclose(ours.predict(X), ref.predict(X), rtol=1e-8)
    assert ours.score(X, y) == pytest.approx(ref.score(X, y), rel=1e-10)


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("alpha", [0.1, 1.0, 100.0])
def test_matches_ridge_and_leaves_intercept_unpenalised(problem, method, alpha):
    X, y = problem
    ours = NormalEquationRegressor(alpha=alpha, method=method).fit(X, y)
    ref = Ridge(alpha=alpha).fit(X, y)
    assert_allclose(ours.coef_, ref.coef_, rtol=1e-8)
    assert_allclose(ours.intercept_, ref.intercept_, rtol=1e-8)
    # Shift y by a constant: only the (unpenalised) intercept moves.
    shifted = NormalEquationRegressor(alpha=alpha, method=method).fit(X, y + 1000.0)
    assert_allclose(shifted.coef_, ours.coef_, rtol=1e-8)
    assert_allclose(shifted.intercept_, ours.intercept_ + 1000.0, rtol=1e-10)


def test_ridge_without_intercept_matches_sklearn(problem):
    X, y = problem
    ours = NormalEquationRegressor(alpha=2.0, fit_intercept=False).fit(X, y)
    ref = Ridge(alpha=2.0, fit_intercept=False).fit(X, y)
    assert_allclose(ours.coef_, ref.coef_, rtol=1e-8)
    assert ours.intercept_ == 0.0


def test_recovers_true_coefficients_without_noise():
    X, y, coef = make_linear(50, 3, intercept=-2.0, noise=0.0, random_state=3)
    model = NormalEquationRegressor().fit(X, y)
    assert_allclose(model.coef_, coef, rtol=1e-10)
    assert model.intercept_ == pytest.approx(-2.0, abs=1e-9)


@pytest.mark.parametrize("method", ["lstsq", "pinv"])
def test_rank_deficient_gives_minimum_norm_like_sklearn(method):
    X, y = make_collinear(100, random_state=0)
    ours = NormalEquationRegressor(method=method).fit(X, y)
    ref = LinearRegression().fit(X, y)
    assert_allclose(ours.coef_, ref.coef_, rtol=1e-8)
    assert_allclose(ours.coef_[0], ours.coef_[1], rtol=1e-10)  # weight shared equally
    assert_allclose(ours.intercept_, ref.intercept_, rtol=1e-8)


@pytest.mark.parametrize("method", ["inv", "solve"])
def test_rank_deficient_raises_for_inverse_methods(method):
    X, y = make_collinear(100, random_state=0)
    with pytest.raises(CollinearityError, match="collinear") as info:
        NormalEquationRegressor(method=method).fit(X, y)
    msg = str(info.value)
    assert "pinv" in msg and "lstsq" in msg and "alpha > 0" in msg
    assert isinstance(info.value, ValueError)  # catchable as an input error too


@pytest.mark.parametrize("method", ["inv", "solve"])
def test_ridge_fixes_collinearity(method):
    X, y = make_collinear(100, random_state=0)
    ours = NormalEquationRegressor(method=method, alpha=1.0).fit(X, y)
    assert_allclose(ours.coef_, Ridge(alpha=1.0).fit(X, y).coef_, rtol=1e-8)


def test_too_few_samples_for_solve_names_the_count():
    X = np.array([[1.0, 2.0], [3.0, 5.0]])
    with pytest.raises(ValueError, match="n_samples = 2"):
        NormalEquationRegressor(method="solve").fit(X, [1.0, 2.0])
    model = NormalEquationRegressor(method="lstsq").fit(X, [1.0, 2.0])
    assert_allclose(model.predict(X), [1.0, 2.0], atol=1e-10)


def test_ill_conditioned_real_data_all_methods_close_to_lstsq():
    X, y = load_ill_conditioned()
    assert X.shape == (569, 10)
    Xs = add_intercept(X.to_numpy())
    assert np.linalg.cond(Xs) > 1e5  # the point of this dataset
    ref = LinearRegression().fit(X, y)
    for method in METHODS:
        model = NormalEquationRegressor(method=method).fit(X, y)
        # cond(X^T X) ~ 1e11 on the centred data: "inv"/"solve" lose ~11 of 16 digits.
        assert_allclose(model.predict(X), ref.predict(X), rtol=1e-6)
        assert model.feature_names_in_.tolist() == X.columns.tolist()


# ---- bad input ---------------------------------------------------------------------------

def test_error_on_length_mismatch():
    with pytest.raises(ValueError, match="X has 5 rows but y has 4 values"):
        NormalEquationRegressor().fit(np.ones((5, 1)) * np.arange(5)[:, None], np.ones(4))


def test_error_on_1d_X_suggests_reshape():
    with pytest.raises(ValueError, match=r"1-D array.*reshape\(-1, 1\)"):
        NormalEquationRegressor().fit(np.arange(5.0), np.arange(5.0))


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_error_on_nan_or_inf_in_X(bad):
    X = np.arange(10.0).reshape(5, 2)
    X[2, 1] = bad
    with pytest.raises(ValueError, match="NaN .* or inf .*impute"):
        NormalEquationRegressor().fit(X, np.arange(5.0))


def test_error_on_nan_in_y():
    y = np.arange(5.0)
    y[0] = np.nan
    with pytest.raises(ValueError, match="y contains NaN"):
        NormalEquationRegressor().fit(np.arange(10.0).reshape(5, 2), y)


def test_error_on_string_column_names_it():
    df = pd.DataFrame({"size": [50.0, 60, 70, 80], "town": ["a", "b", "a", "c"]})
    with pytest.raises(ValueError, match=r"non-numeric columns \['town'\].*get_dummies"):
        NormalEquationRegressor().fit(df, [1.0, 2, 3, 4])


def test_error_on_string_array():
    X = np.array([["1", "a"], ["2", "b"], ["3", "c"]])
    with pytest.raises(ValueError, match="not numbers"):
        NormalEquationRegressor().fit(X, [1.0, 2, 3])


def test_error_on_string_target():
    with pytest.raises(ValueError, match="y contains values that are not numbers"):
        NormalEquationRegressor().fit(np.arange(6.0).reshape(3, 2), ["a", "b", "c"])


def test_error_on_empty_input():
    with pytest.raises(ValueError, match="empty: it has 0 samples"):
        NormalEquationRegressor().fit(np.empty((0, 3)), np.empty(0))


def test_error_on_unknown_method_and_negative_alpha():
    X, y, _ = make_linear(20, 2)
    with pytest.raises(ValueError, match="method must be one of"):
        NormalEquationRegressor(method="invert").fit(X, y)
    with pytest.raises(ValueError, match="alpha must be a finite number >= 0"):
        NormalEquationRegressor(alpha=-1.0).fit(X, y)


def test_warns_on_bias_column_with_fit_intercept():
    X, y, _ = make_linear(30, 2, random_state=0)
    with pytest.warns(CourseWarning, match="column of ones .*fit_intercept=True"):
        model = NormalEquationRegressor(method="lstsq").fit(add_intercept(X), y)
    ref = LinearRegression().fit(X, y)
    assert_allclose(model.coef_[1:], ref.coef_, rtol=1e-8)
    assert_allclose(model.coef_[0], 0.0, atol=1e-10)


def test_warns_when_bias_column_is_forgotten():
    X, y, _ = make_linear(100, 1, intercept=50.0, random_state=0)
    with pytest.warns(CourseWarning, match="forced through the origin"):
        NormalEquationRegressor(fit_intercept=False).fit(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("error", CourseWarning)
        model = NormalEquationRegressor(fit_intercept=False).fit(add_intercept(X), y)
    assert model.coef_[0] == pytest.approx(LinearRegression().fit(X, y).intercept_)


def test_predict_checks_feature_count_and_fitted():
    from sklearn.exceptions import NotFittedError

    X, y, _ = make_linear(20, 3)
    with pytest.raises(NotFittedError):
        NormalEquationRegressor().predict(X)
    model = NormalEquationRegressor().fit(X, y)
    with pytest.raises(ValueError, match="3 features"):
        model.predict(X[:, :2])


def test_add_intercept():
    X = np.arange(6.0).reshape(3, 2)
    assert_allclose(add_intercept(X), [[1, 0, 1], [1, 2, 3], [1, 4, 5]])
    with pytest.raises(ValueError, match="reshape"):
        add_intercept(np.arange(3.0))


def test_solve_normal_equation_with_bias_column_is_ols():
    X, y, _ = make_linear(40, 2, intercept=1.5, random_state=2)
    Xb = add_intercept(X)
    expected = np.linalg.lstsq(Xb, y, rcond=None)[0]
    for method in METHODS:
        assert_allclose(solve_normal_equation(Xb, y, method=method), expected, rtol=1e-8)


def test_works_in_a_pipeline():
    X, y, _ = make_linear(60, 4, random_state=5)
    ours = make_pipeline(StandardScaler(), NormalEquationRegressor()).fit(X, y)
    ref = make_pipeline(StandardScaler(), LinearRegression()).fit(X, y)
    assert_allclose(ours.predict(X), ref.predict(X), rtol=1e-10)


# ---- property test: every method agrees with np.linalg.lstsq -------------------------------

@settings(max_examples=40, deadline=None)
@given(
    n=st.integers(10, 60),
    d=st.integers(1, 6),
    seed=st.integers(0, 2**32 - 1),
    method=st.sampled_from(METHODS),
    fit_intercept=st.booleans(),
)
def test_property_agrees_with_numpy_lstsq(n, d, seed, method, fit_intercept):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    if np.linalg.cond(X) > 1e3:  # keep the problems well-conditioned
        return
    y = X @ rng.normal(size=d) + rng.normal() + 0.1 * rng.normal(size=n)
    Xd = add_intercept(X) if fit_intercept else X
    expected = np.linalg.lstsq(Xd, y, rcond=None)[0]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CourseWarning)
        model = NormalEquationRegressor(method=method, fit_intercept=fit_intercept).fit(X, y)
    got = np.r_[model.intercept_, model.coef_] if fit_intercept else model.coef_
    assert_allclose(got, expected, rtol=1e-7, atol=1e-9)


# ---- scikit-learn's own estimator checks ---------------------------------------------------

@parametrize_with_checks(
    [NormalEquationRegressor(), NormalEquationRegressor(method="lstsq"),
     NormalEquationRegressor(alpha=1.0, method="inv")]
)
def test_sklearn_estimator_checks(estimator, check):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CourseWarning)
        check(estimator)
