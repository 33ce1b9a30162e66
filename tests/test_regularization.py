"""LassoCD, ElasticNetCD, the proximal gradient Lasso and the paths against scikit-learn's
Lasso, ElasticNet, Ridge and paths."""

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose
from sklearn.exceptions import ConvergenceWarning, NotFittedError
from sklearn.linear_model import (
    ElasticNet,
    Lasso,
    LinearRegression,
    Ridge,
    lars_path,
)
from sklearn.linear_model import enet_path as sk_enet_path
from sklearn.linear_model import lasso_path as sk_lasso_path
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.estimator_checks import parametrize_with_checks

from course_utils import (
    CourseWarning,
    ElasticNetCD,
    LassoCD,
    NormalEquationRegressor,
    NotConvergedWarning,
    enet_path,
    lasso_path,
    lasso_proximal_gradient,
    load_diabetes_raw,
    load_ill_conditioned,
    make_correlated_groups,
    ridge_path,
    soft_threshold,
)
from course_utils.regularization import _GramState, _ResidualState, _solve

TIGHT = {"tol": 1e-12, "max_iter": 100_000}
# Both solvers run the same cyclic sweeps with the same stopping rule, so they agree to
# rounding; 1e-8 leaves room for a different BLAS and is still 100x stricter than 1e-6.
ATOL = 1e-8


def random_problem(n, d, seed, *, informative=5, offset=3.0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d)) * rng.uniform(0.5, 3.0, size=d) + rng.normal(0, 2, size=d)
    coef = np.zeros(d)
    k = min(informative, d)
    coef[:k] = rng.normal(0, 3, size=k)
    y = X @ coef + offset + rng.normal(size=n)
    return X, y


# Shapes: n > d uses the Gram form, n <= d the residual form.
SHAPES = [(120, 8), (200, 40), (30, 80), (25, 25)]


# ---- soft threshold ------------------------------------------------------------------------

def test_soft_threshold_matches_its_definition():
    z = np.linspace(-4, 4, 81)
    for gamma in [0.0, 0.5, 1.0, 5.0]:
        expected = np.where(z > gamma, z - gamma, np.where(z < -gamma, z + gamma, 0.0))
        assert_allclose(soft_threshold(z, gamma), expected, atol=0)
    assert soft_threshold(3.0, 1.0) == 2.0
    assert isinstance(soft_threshold(-0.5, 1.0), float)
    assert np.signbit(soft_threshold(-0.5, 1.0)) == np.False_  # a plain 0.0, not -0.0


def test_soft_threshold_is_the_proximal_step():
    # S(z, g) minimises 0.5 (w - z)^2 + g |w|: check against a fine grid search.
    grid = np.linspace(-6, 6, 120_001)
    for z, g in [(2.3, 1.0), (-0.7, 1.0), (-3.1, 0.4), (0.2, 0.0)]:
        best = grid[np.argmin(0.5 * (grid - z) ** 2 + g * np.abs(grid))]
        assert soft_threshold(z, g) == pytest.approx(best, abs=1e-4)


def test_soft_threshold_rejects_negative_threshold():
    with pytest.raises(ValueError, match="gamma .* must be >= 0"):
        soft_threshold([1.0, 2.0], -1.0)


# ---- LassoCD / ElasticNetCD against scikit-learn -------------------------------------------

@pytest.mark.parametrize("n,d", SHAPES)
@pytest.mark.parametrize("alpha", [0.05, 0.3, 3.0])
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_lasso_matches_sklearn(n, d, alpha, fit_intercept):
    X, y = random_problem(n, d, seed=n + d)
    ours = LassoCD(alpha=alpha, fit_intercept=fit_intercept, **TIGHT).fit(X, y)
    ref = Lasso(alpha=alpha, fit_intercept=fit_intercept, **TIGHT).fit(X, y)
    assert_allclose(ours.coef_, ref.coef_, atol=ATOL)
    assert_allclose(ours.intercept_, ref.intercept_, atol=ATOL)
    assert_allclose(ours.predict(X), ref.predict(X), atol=1e-6)
    assert np.array_equal(ours.coef_ == 0, ref.coef_ == 0)  # the same features selected


@pytest.mark.parametrize("n,d", SHAPES)
@pytest.mark.parametrize("l1_ratio", [0.1, 0.5, 0.9])
@pytest.mark.parametrize("alpha", [0.05, 1.0])
def test_elastic_net_matches_sklearn(n, d, l1_ratio, alpha):
    X, y = random_problem(n, d, seed=3 * n + d)
    ours = ElasticNetCD(alpha=alpha, l1_ratio=l1_ratio, **TIGHT).fit(X, y)
    ref = ElasticNet(alpha=alpha, l1_ratio=l1_ratio, **TIGHT).fit(X, y)
    assert_allclose(ours.coef_, ref.coef_, atol=ATOL)
    assert_allclose(ours.intercept_, ref.intercept_, atol=ATOL)


@pytest.mark.parametrize("n,d", [(150, 10), (40, 90)])
@pytest.mark.parametrize("alpha", [0.05, 0.5])
def test_default_tol_is_sklearns_stopping_rule(n, d, alpha):
    # Same objective, same sweep order, same stopping rule on the same duality gap: with the
    # default tol=1e-4 both stop after the same number of epochs at the same coefficients.
    X, y = random_problem(n, d, seed=7)
    ours = LassoCD(alpha=alpha).fit(X, y)
    ref = Lasso(alpha=alpha).fit(X, y)
    assert_allclose(ours.coef_, ref.coef_, atol=1e-6)
    assert abs(ours.n_iter_ - ref.n_iter_) <= 1  # equal up to a tie decided by rounding
    bound = 1e-4 * np.sum((y - y.mean()) ** 2) / n
    assert ours.dual_gap_ <= bound
    assert_allclose(ours.dual_gap_, ref.dual_gap_, atol=bound)


def test_duality_gap_certifies_the_objective():
    X, y = random_problem(80, 12, seed=11)
    alpha, l1_ratio = 0.2, 0.7
    model = ElasticNetCD(alpha=alpha, l1_ratio=l1_ratio, tol=1e-6).fit(X, y)
    exact = ElasticNet(alpha=alpha, l1_ratio=l1_ratio, tol=1e-14, max_iter=100_000).fit(X, y)

    def objective(m):
        r = y - X @ m.coef_ - m.intercept_
        w = m.coef_
        return (r @ r / (2 * len(y)) + alpha * l1_ratio * np.abs(w).sum()
                + alpha * (1 - l1_ratio) / 2 * w @ w)

    suboptimality = objective(model) - objective(exact)
    assert -1e-12 <= suboptimality <= model.dual_gap_ + 1e-12


@pytest.mark.parametrize("alpha", [1e-8, 0.1, 0.5, 1.0])
def test_sklearn_lasso_toy_problem(alpha):
    # scikit-learn's test_lasso_toy: a straight line through three points.
    X, y, T = [[-1.0], [0.0], [1.0]], [-1.0, 0.0, 1.0], [[2.0], [3.0], [4.0]]
    ours = LassoCD(alpha=alpha).fit(X, y)
    ref = Lasso(alpha=alpha).fit(X, y)
    # One feature: the minimiser is the soft threshold of x'y/n over x'x/n.
    closed_form = soft_threshold(2.0 / 3.0, alpha) / (2.0 / 3.0)
    assert_allclose(ours.coef_, [closed_form], atol=1e-6)
    assert_allclose(ours.coef_, ref.coef_, atol=1e-10)
    assert_allclose(ours.predict(T), ref.predict(T), atol=1e-10)
    assert ours.dual_gap_ == pytest.approx(0.0, abs=1e-10)


@pytest.mark.parametrize("alpha,l1_ratio", [(1e-8, 1.0), (0.5, 0.3), (0.5, 0.5)])
def test_sklearn_enet_toy_problem(alpha, l1_ratio):
    X, y, T = np.array([[-1.0], [0.0], [1.0]]), [-1.0, 0.0, 1.0], [[2.0], [3.0], [4.0]]
    ours = ElasticNetCD(alpha=alpha, l1_ratio=l1_ratio, max_iter=100).fit(X, y)
    ref = ElasticNet(alpha=alpha, l1_ratio=l1_ratio, max_iter=100).fit(X, y)
    closed_form = (soft_threshold(2.0 / 3.0, alpha * l1_ratio)
                   / (2.0 / 3.0 + alpha * (1 - l1_ratio)))
    assert_allclose(ours.coef_, [closed_form], atol=1e-6)
    assert_allclose(ours.coef_, ref.coef_, atol=1e-10)
    assert_allclose(ours.predict(T), ref.predict(T), atol=1e-10)


def test_sklearn_ill_posed_problem():
    # scikit-learn's build_dataset: 50 samples, 200 features, 10 informative, no noise.
    rs = np.random.RandomState(0)
    w = rs.randn(200)
    w[10:] = 0.0
    X = rs.randn(50, 200)
    y = X @ w
    for alpha in [0.05, 0.5]:
        ours = LassoCD(alpha=alpha, **TIGHT).fit(X, y)
        ref = Lasso(alpha=alpha, **TIGHT).fit(X, y)
        assert_allclose(ours.coef_, ref.coef_, atol=ATOL)


@pytest.mark.parametrize("alpha", [0.05, 1.0, 10.0])
def test_real_data_diabetes_raw_and_standardised(alpha):
    X, y = load_diabetes_raw()
    assert X.shape == (442, 10) and list(X.columns)[:4] == ["age", "sex", "bmi", "bp"]
    for features in [X, StandardScaler().fit_transform(X)]:
        ours = LassoCD(alpha=alpha, **TIGHT).fit(features, y)
        ref = Lasso(alpha=alpha, **TIGHT).fit(features, y)
        assert_allclose(ours.coef_, ref.coef_, atol=1e-7)
        ours = ElasticNetCD(alpha=alpha, l1_ratio=0.5, **TIGHT).fit(features, y)
        ref = ElasticNet(alpha=alpha, l1_ratio=0.5, **TIGHT).fit(features, y)
        assert_allclose(ours.coef_, ref.coef_, atol=1e-7)


def test_real_data_ill_conditioned():
    X, y = load_ill_conditioned()
    Xs = StandardScaler().fit_transform(X)
    ours = LassoCD(alpha=1.0, **TIGHT).fit(Xs, y)
    ref = Lasso(alpha=1.0, **TIGHT).fit(Xs, y)
    assert_allclose(ours.coef_, ref.coef_, atol=1e-6)
    assert_allclose(ours.predict(Xs), ref.predict(Xs), rtol=1e-9)


def test_gram_and_residual_forms_agree():
    X, y = random_problem(60, 20, seed=5)
    n = len(y)
    results = []
    for cls in (_GramState, _ResidualState):
        w, gap, tol_abs, n_iter, ok = _solve(cls(X, y, True), np.zeros(20), 0.1 * 0.6 * n,
                                             0.1 * 0.4 * n, 100_000, 1e-12)
        assert ok and gap <= tol_abs
        results.append(w)
    assert_allclose(results[0], results[1], atol=1e-10)


def test_l1_ratio_zero_is_ridge_with_alpha_times_n():
    X, y = random_problem(90, 6, seed=2)
    n, a = len(y), 0.05
    ours = ElasticNetCD(alpha=a, l1_ratio=0.0, **TIGHT).fit(X, y)
    ridge = Ridge(alpha=n * a).fit(X, y)
    normal = NormalEquationRegressor(alpha=n * a).fit(X, y)
    assert_allclose(ours.coef_, ridge.coef_, rtol=1e-8)
    assert_allclose(ours.coef_, normal.coef_, rtol=1e-8)
    assert_allclose(ours.intercept_, ridge.intercept_, rtol=1e-8)


def test_alpha_zero_warns_and_is_least_squares():
    X, y = random_problem(100, 4, seed=1)
    with pytest.warns(CourseWarning, match="alpha=0 means no penalty"):
        model = LassoCD(alpha=0.0, **TIGHT).fit(X, y)
    assert_allclose(model.coef_, LinearRegression().fit(X, y).coef_, rtol=1e-7)


def test_intercept_is_not_penalised():
    X, y = random_problem(70, 5, seed=4)
    base = ElasticNetCD(alpha=0.3, l1_ratio=0.8, **TIGHT).fit(X, y)
    shifted = ElasticNetCD(alpha=0.3, l1_ratio=0.8, **TIGHT).fit(X, y + 1000.0)
    assert_allclose(shifted.coef_, base.coef_, atol=1e-9)
    assert_allclose(shifted.intercept_, base.intercept_ + 1000.0, rtol=1e-12)


def test_alpha_max_zeroes_every_coefficient():
    X, y = random_problem(100, 8, seed=9)
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    alpha_max = np.abs(Xc.T @ yc).max() / len(y)
    assert not LassoCD(alpha=alpha_max * 1.0001).fit(X, y).coef_.any()
    just_below = LassoCD(alpha=alpha_max * 0.99, **TIGHT).fit(X, y).coef_
    assert np.count_nonzero(just_below) == 1
    assert np.argmax(np.abs(just_below)) == np.argmax(np.abs(Xc.T @ yc))


def test_constant_column_gets_zero_weight():
    X, y = random_problem(50, 4, seed=6)
    X[:, 2] = 7.0
    ours = LassoCD(alpha=0.1, **TIGHT).fit(X, y)
    ref = Lasso(alpha=0.1, **TIGHT).fit(X, y)
    assert ours.coef_[2] == 0.0
    assert_allclose(ours.coef_, ref.coef_, atol=ATOL)


def test_correlated_group_lasso_picks_ridge_shares_enet_keeps():
    X, y, _, _ = make_correlated_groups(100, correlation=0.999, random_state=0)
    Xs = StandardScaler().fit_transform(X)
    lasso = LassoCD(alpha=1.0, **TIGHT).fit(Xs, y).coef_
    ridge = NormalEquationRegressor(alpha=100.0).fit(Xs, y).coef_
    enet = ElasticNetCD(alpha=1.0, l1_ratio=0.3, **TIGHT).fit(Xs, y).coef_
    group = slice(0, 3)
    assert np.count_nonzero(lasso[group]) == 1
    for shared in (ridge[group], enet[group]):
        assert np.all(shared > 0) and shared.max() / shared.min() < 1.1


def test_float32_and_dataframe_input_and_feature_names():
    X, y = load_diabetes_raw()
    model = LassoCD(alpha=1.0).fit(X.astype(np.float32), y)
    ref = Lasso(alpha=1.0, tol=1e-4).fit(X.to_numpy(np.float64), y)
    assert model.feature_names_in_.tolist() == X.columns.tolist()
    assert_allclose(model.coef_, ref.coef_, rtol=1e-3)  # float32 input: ~7 digits in X


def test_works_in_a_pipeline():
    X, y = load_diabetes_raw()
    ours = make_pipeline(StandardScaler(), LassoCD(alpha=0.5, **TIGHT)).fit(X, y)
    ref = make_pipeline(StandardScaler(), Lasso(alpha=0.5, **TIGHT)).fit(X, y)
    assert_allclose(ours.predict(X), ref.predict(X), rtol=1e-9)


# ---- property test: random problems ---------------------------------------------------------

@settings(max_examples=30, deadline=None)
@given(
    n=st.integers(5, 60),
    d=st.integers(1, 30),
    seed=st.integers(0, 2**32 - 1),
    log_alpha=st.floats(-2.5, 1.0),
    l1_ratio=st.sampled_from([1.0, 0.7, 0.3, 0.05]),
    fit_intercept=st.booleans(),
)
# Far more features than samples, a weak penalty, no intercept: coordinate descent needs more
# than max_iter sweeps to reach tol (scikit-learn's as well), so agreement is not asserted.
@example(n=5, d=28, seed=0, log_alpha=-2.0, l1_ratio=1.0, fit_intercept=False)
def test_property_agrees_with_sklearn_elastic_net(n, d, seed, log_alpha, l1_ratio,
                                                  fit_intercept):
    X, y = random_problem(n, d, seed)
    kwargs = dict(alpha=10.0**log_alpha, l1_ratio=l1_ratio, fit_intercept=fit_intercept,
                  tol=1e-10, max_iter=50_000)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        ref = ElasticNet(**kwargs).fit(X, y)
    # Only a problem the reference solves to tolerance has an answer to agree on.
    assume(not any(issubclass(w.category, ConvergenceWarning) for w in caught))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # where scikit-learn converges, ours must too
        ours = ElasticNetCD(**kwargs).fit(X, y)
    scale = 1.0 + np.abs(ref.coef_).max()
    assert_allclose(ours.coef_, ref.coef_, atol=1e-7 * scale)
    assert_allclose(ours.intercept_, ref.intercept_, atol=1e-6 * scale)


# ---- regularization paths -------------------------------------------------------------------

@pytest.mark.parametrize("n,d", [(150, 12), (30, 60)])
def test_lasso_path_matches_sklearn(n, d):
    X, y = random_problem(n, d, seed=n)
    X, y = X - X.mean(axis=0), y - y.mean()
    ours = lasso_path(X, y, tol=1e-10, max_iter=20_000)
    ref = sk_lasso_path(X, y, alphas=100, tol=1e-10, max_iter=20_000)
    assert_allclose(ours[0], ref[0], rtol=1e-12)  # the same alpha grid
    assert_allclose(ours[1], ref[1], atol=1e-7)
    assert ours[1].shape == (d, 100)
    assert not ours[1][:, 0].any()  # alpha_max: every coefficient zero


@pytest.mark.parametrize("l1_ratio", [0.2, 0.8])
def test_enet_path_matches_sklearn_on_given_alphas(l1_ratio):
    X, y = random_problem(100, 15, seed=8)
    X, y = X - X.mean(axis=0), y - y.mean()
    alphas = np.array([0.01, 3.0, 0.3, 1.0, 0.03, 0.1])  # unsorted on purpose
    ours = enet_path(X, y, l1_ratio=l1_ratio, alphas=alphas, tol=1e-12, max_iter=50_000)
    ref = sk_enet_path(X, y, l1_ratio=l1_ratio, alphas=alphas, tol=1e-12, max_iter=50_000)
    assert_allclose(ours[0], np.sort(alphas)[::-1])
    assert_allclose(ours[0], ref[0])
    assert_allclose(ours[1], ref[1], atol=1e-8)
    assert_allclose(ours[2], ref[2], atol=1e-8)


def test_path_matches_single_fits_and_warm_starts_save_work():
    X, y = load_diabetes_raw()
    Xs = StandardScaler().fit_transform(X)
    yc = (y - y.mean()).to_numpy()
    alphas, coefs, _, n_iters = lasso_path(Xs, yc, alphas=30, tol=1e-8, return_n_iter=True)
    cold = 0
    for k in [0, 10, 20, 29]:
        single = LassoCD(alpha=alphas[k], fit_intercept=False, tol=1e-8).fit(Xs, yc)
        assert_allclose(coefs[:, k], single.coef_, atol=1e-5)
    for a in alphas:
        cold += LassoCD(alpha=a, fit_intercept=False, tol=1e-8).fit(Xs, yc).n_iter_
    assert sum(n_iters) < cold


def test_lasso_path_entry_order_matches_lars():
    # LARS computes the exact Lasso path; on a fine grid, features enter ours in its order.
    X, y = load_diabetes_raw()
    Xs = StandardScaler().fit_transform(X)
    yc = (y - y.mean()).to_numpy()
    alphas, coefs, _ = lasso_path(Xs, yc, alphas=400, eps=1e-4, tol=1e-10)
    _, _, lars_coefs = lars_path(Xs, yc, method="lasso")
    ours = np.argsort(np.argmax(coefs != 0, axis=1), kind="stable")
    exact = np.argsort(np.argmax(lars_coefs != 0, axis=1), kind="stable")
    assert ours.tolist() == exact.tolist()


def test_ridge_path_matches_ridge_and_min_norm():
    X, y = random_problem(40, 8, seed=3)
    X, y = X - X.mean(axis=0), y - y.mean()
    alphas, coefs = ridge_path(X, y, [10.0, 0.1, 1000.0, 1.0])
    assert_allclose(alphas, [1000.0, 10.0, 1.0, 0.1])
    for k, a in enumerate(alphas):
        assert_allclose(coefs[:, k], Ridge(alpha=a, fit_intercept=False).fit(X, y).coef_,
                        rtol=1e-9)
    Xw, yw = random_problem(10, 30, seed=3)  # more features than samples
    _, c0 = ridge_path(Xw, yw, [0.0])
    assert_allclose(c0[:, 0], np.linalg.pinv(Xw) @ yw, rtol=1e-8)


# ---- convergence warnings ---------------------------------------------------------------------

def test_warns_when_max_iter_is_reached():
    X, y = random_problem(60, 30, seed=12)
    with pytest.warns(NotConvergedWarning, match=r"did not converge: after max_iter=2 .*gap"):
        model = LassoCD(alpha=0.001, max_iter=2).fit(X, y)
    assert model.n_iter_ == 2
    assert issubclass(NotConvergedWarning, ConvergenceWarning)
    assert issubclass(NotConvergedWarning, CourseWarning)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        LassoCD(alpha=0.001, max_iter=100_000).fit(X, y)


def test_path_warns_once_naming_the_alphas():
    X, y = random_problem(30, 60, seed=13)
    with pytest.warns(NotConvergedWarning, match=r"did not converge for \d+ of 20 alphas"):
        lasso_path(X, y, alphas=20, max_iter=3)


# ---- bad input --------------------------------------------------------------------------------

@pytest.fixture
def data():
    return random_problem(20, 3, seed=0)


@pytest.mark.parametrize("est", [LassoCD(alpha=-1.0), ElasticNetCD(alpha=-0.5)])
def test_error_on_negative_alpha(data, est):
    with pytest.raises(ValueError, match="alpha must be a finite number >= 0.*cannot be negative"):
        est.fit(*data)


@pytest.mark.parametrize("l1_ratio", [1.5, -0.1])
def test_error_on_l1_ratio_outside_unit_interval(data, l1_ratio):
    with pytest.raises(ValueError, match="l1_ratio must be a number between 0 and 1.*is the Lasso"):
        ElasticNetCD(l1_ratio=l1_ratio).fit(*data)


@pytest.mark.parametrize("bad", ["0.5", None, np.nan, True])
def test_error_on_non_numeric_parameters(data, bad):
    with pytest.raises(TypeError, match="must be a"):
        ElasticNetCD(l1_ratio=bad).fit(*data)
    with pytest.raises(TypeError, match="alpha must be a finite number"):
        LassoCD(alpha=bad).fit(*data)


@pytest.mark.parametrize("kwargs,match", [
    ({"max_iter": 0}, "max_iter must be an integer >= 1"),
    ({"max_iter": 2.5}, "max_iter must be an integer >= 1"),
    ({"tol": -1e-4}, "tol must be a finite number >= 0.*stopping tolerance"),
])
def test_error_on_bad_solver_parameters(data, kwargs, match):
    with pytest.raises(ValueError, match=match):
        LassoCD(**kwargs).fit(*data)


def test_error_on_bad_data():
    with pytest.raises(ValueError, match=r"1-D array.*reshape\(-1, 1\)"):
        LassoCD().fit(np.arange(5.0), np.arange(5.0))
    X = np.arange(10.0).reshape(5, 2)
    X[1, 1] = np.nan
    with pytest.raises(ValueError, match="NaN .*impute"):
        LassoCD().fit(X, np.arange(5.0))
    with pytest.raises(ValueError, match="X has 5 rows but y has 4 values"):
        LassoCD().fit(np.ones((5, 2)), np.ones(4))
    with pytest.raises(ValueError, match="empty: it has 0 samples"):
        ElasticNetCD().fit(np.empty((0, 3)), np.empty(0))
    df = pd.DataFrame({"size": [50.0, 60, 70, 80], "town": ["a", "b", "a", "c"]})
    with pytest.raises(ValueError, match=r"non-numeric columns \['town'\]"):
        LassoCD().fit(df, [1.0, 2, 3, 4])
    with pytest.raises(ValueError, match="y contains values that are not numbers"):
        LassoCD().fit(np.arange(6.0).reshape(3, 2), ["a", "b", "c"])


def test_predict_checks_fitted_and_feature_count(data):
    X, y = data
    with pytest.raises(NotFittedError):
        LassoCD().predict(X)
    model = LassoCD(alpha=0.1).fit(X, y)
    with pytest.raises(ValueError, match="3 features"):
        model.predict(X[:, :2])


def test_path_errors():
    X, y = random_problem(30, 4, seed=1)
    with pytest.raises(ValueError, match="non-empty list of finite numbers >= 0"):
        lasso_path(X, y, alphas=[0.1, -1.0])
    with pytest.raises(ValueError, match="needs an L1 penalty"):
        enet_path(X, y, l1_ratio=0.0)
    with pytest.raises(ValueError, match=r"coef_init must have shape \(4,\)"):
        lasso_path(X, y, coef_init=np.zeros(3))
    with pytest.raises(ValueError, match="l1_ratio must be a number between 0 and 1"):
        enet_path(X, y, l1_ratio=2.0)
    with pytest.raises(ValueError, match=r"1-D array.*reshape"):
        ridge_path(X[:, 0], y, [1.0])
    with pytest.raises(ValueError, match="finite numbers >= 0"):
        ridge_path(X, y, [-1.0])


# ---- scikit-learn's own estimator checks ---------------------------------------------------

@parametrize_with_checks(
    [LassoCD(), ElasticNetCD(), ElasticNetCD(alpha=0.1, l1_ratio=0.0),
     LassoCD(fit_intercept=False)]
)
def test_sklearn_estimator_checks(estimator, check):
    check(estimator)


def test_features_with_a_large_offset_keep_their_precision():
    # With a large common offset (years, prices) X^T X - n mean mean^T would cancel digits,
    # so the Gram matrix is then formed from centred blocks: the offset costs no accuracy.
    X, y = random_problem(300, 6, seed=21)
    X = X + 1e6
    ours = LassoCD(alpha=0.2, **TIGHT).fit(X, y)
    ref = Lasso(alpha=0.2, **TIGHT).fit(X, y)
    assert_allclose(ours.coef_, ref.coef_, atol=1e-7)
    assert_allclose(ours.intercept_, ref.intercept_, rtol=1e-9)


@pytest.mark.parametrize("offset, passes", [(3.0, 1), (1e6, 2)])
def test_gram_is_formed_in_one_pass_unless_centring_would_cost_digits(offset, passes,
                                                                      monkeypatch):
    """Small means: X^T X - n mean mean^T from one pass; large means: a second, centring pass.
    Both give the centred Gram matrix to full accuracy."""
    X, y = random_problem(500, 5, seed=3, offset=0.0)
    X = X + offset
    calls = []
    original = _GramState._pass

    def counting(self, weights, shift):
        calls.append(shift is not None)
        return original(self, weights, shift)

    monkeypatch.setattr(_GramState, "_pass", counting)
    state = _GramState(X, y, fit_intercept=True)
    assert len(calls) == passes
    Xc = X - X.mean(axis=0)
    assert_allclose(state.Q, Xc.T @ Xc, rtol=1e-12, atol=1e-9)
    assert_allclose(state.q, Xc.T @ (y - y.mean()), rtol=1e-12, atol=1e-9)
    assert_allclose(state.x_mean, X.mean(axis=0), rtol=1e-15)
    assert_allclose(state.raw_norms2, (X * X).sum(axis=0), rtol=1e-12)


# ---- the Lasso by proximal gradient descent (ISTA) -------------------------------------------

PG_TIGHT = {"tol": 1e-12, "n_iter": 100_000}


def _alpha_fraction(X, y, fraction, fit_intercept=True):
    Xc = X - X.mean(axis=0) if fit_intercept else X
    yc = y - y.mean() if fit_intercept else y
    return fraction * np.abs(Xc.T @ yc).max() / len(y)


@pytest.mark.parametrize("n, d", SHAPES)
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_proximal_gradient_lands_on_lasso_cd_and_sklearn(n, d, fit_intercept):
    """Same objective, three solvers: ISTA run to tol 1e-12 agrees with both coordinate descents
    to 1e-8 (measured: within 7e-11), exact zeros included."""
    X, y = random_problem(n, d, seed=1)
    alpha = _alpha_fraction(X, y, 0.1, fit_intercept)
    w, b, _ = lasso_proximal_gradient(X, y, alpha, fit_intercept=fit_intercept, **PG_TIGHT)
    cd = LassoCD(alpha=alpha, fit_intercept=fit_intercept, **TIGHT).fit(X, y)
    sk = Lasso(alpha=alpha, fit_intercept=fit_intercept, **TIGHT).fit(X, y)
    for ref in (cd, sk):
        assert_allclose(w, ref.coef_, atol=ATOL)
        assert_allclose(b, ref.intercept_, atol=ATOL)
    assert 0 < np.sum(w == 0) < d
    np.testing.assert_array_equal(w == 0, cd.coef_ == 0)


def test_proximal_gradient_objective_never_rises_and_reaches_the_minimum():
    """With eta = 1/lambda_max, F(w_t) is non-increasing (up to rounding, 1e-12 relative) and
    ends at sklearn's minimum; its last value is F of the returned coefficients."""
    X, y = random_problem(120, 8, seed=4)
    alpha = _alpha_fraction(X, y, 0.05)
    w, b, objective = lasso_proximal_gradient(X, y, alpha, **PG_TIGHT)
    assert np.all(np.diff(objective) <= 1e-12 * objective[0])
    F = np.sum((y - X @ w - b) ** 2) / (2 * len(y)) + alpha * np.abs(w).sum()
    assert_allclose(objective[-1], F, rtol=1e-12)
    sk = Lasso(alpha=alpha, **TIGHT).fit(X, y)
    F_sk = np.sum((y - sk.predict(X)) ** 2) / (2 * len(y)) + alpha * np.abs(sk.coef_).sum()
    assert_allclose(objective[-1], F_sk, rtol=1e-12)


def test_proximal_gradient_default_tolerance_is_close_enough_for_a_lesson():
    """The default tol=1e-8 stops early yet within 1e-5 of the solution on a well-posed problem."""
    X, y = load_diabetes_raw()
    Xs = StandardScaler().fit_transform(X)
    w, b, objective = lasso_proximal_gradient(Xs, y.to_numpy(), 1.0)
    sk = Lasso(alpha=1.0, **TIGHT).fit(Xs, y)
    assert len(objective) < 1000
    assert_allclose(w, sk.coef_, atol=1e-5)
    assert_allclose(b, sk.intercept_, rtol=1e-9)


def test_proximal_gradient_above_alpha_max_is_all_zero_and_the_mean():
    X, y = random_problem(80, 5, seed=2)
    w, b, objective = lasso_proximal_gradient(X, y, _alpha_fraction(X, y, 1.0))
    assert not w.any() and len(objective) == 1
    assert_allclose(b, y.mean(), rtol=1e-12)


def test_proximal_gradient_learning_rate_is_one_over_lambda_max_by_default():
    """Passing eta = 1/lambda_max by hand reproduces the default run step for step."""
    X, y = random_problem(60, 6, seed=3)
    Xc = X - X.mean(axis=0)
    lam_max = np.linalg.eigvalsh(Xc.T @ Xc / len(y))[-1]
    alpha = _alpha_fraction(X, y, 0.2)
    default = lasso_proximal_gradient(X, y, alpha, n_iter=50, tol=0)
    by_hand = lasso_proximal_gradient(X, y, alpha, n_iter=50, tol=0, learning_rate=1 / lam_max)
    assert_allclose(default[2], by_hand[2], rtol=1e-12)


def test_proximal_gradient_warns_when_it_runs_out_of_steps():
    X, y = random_problem(60, 6, seed=3)
    with pytest.warns(NotConvergedWarning, match="did not converge in n_iter=3"):
        _, _, objective = lasso_proximal_gradient(X, y, _alpha_fraction(X, y, 0.01), n_iter=3)
    assert len(objective) == 3


@pytest.mark.parametrize("kwargs, match", [
    ({"alpha": -1.0}, "alpha must be a finite number >= 0"),
    ({"alpha": 0.1, "learning_rate": 0.0}, "learning_rate must be a finite number > 0, got"),
    ({"alpha": 0.1, "learning_rate": 100.0}, "at least 2 / lambda_max.*learning_rate=None"),
    ({"alpha": 0.1, "n_iter": 0}, "n_iter must be an integer >= 1"),
    ({"alpha": 0.1, "tol": -1e-3}, "tol must be a finite number >= 0"),
    ({"alpha": 0.1, "fit_intercept": "yes"}, "fit_intercept must be True or False"),
])
def test_proximal_gradient_bad_input_gets_a_clear_error(kwargs, match):
    X, y = random_problem(40, 4, seed=0)
    with pytest.raises(ValueError, match=match):
        lasso_proximal_gradient(X, y, **kwargs)


def test_proximal_gradient_checks_the_data():
    X, y = random_problem(40, 4, seed=0)
    with pytest.raises(ValueError, match="inconsistent|samples|rows"):
        lasso_proximal_gradient(X, y[:-1], 0.1)
