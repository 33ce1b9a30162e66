"""LossRegressor against the scikit-learn estimator that minimises the same objective."""

import warnings

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose
from scipy.optimize import minimize
from sklearn.linear_model import (
    GammaRegressor,
    HuberRegressor,
    LinearRegression,
    QuantileRegressor,
)
from sklearn.linear_model._huber import _huber_loss_and_gradient
from sklearn.metrics import mean_gamma_deviance
from sklearn.utils.estimator_checks import parametrize_with_checks

from course_utils import (
    CourseWarning,
    HuberLoss,
    LossRegressor,
    QuantileLoss,
    huber_regressor_objective,
    make_gamma_regression,
    make_linear,
    make_noisy_line,
    make_outliers,
)


@pytest.fixture
def line():
    # n = 101: n*q is not an integer for q in {0.1, 0.5, 0.9}, so the quantile-regression
    # minimiser is unique and coefficients (not just objective values) can be compared.
    return make_noisy_line(101, noise="student_t", df=2.0, random_state=4)


@pytest.fixture
def multi():
    X, y, _ = make_linear(151, 3, intercept=2.0, noise=1.0, random_state=7)
    return X, y + np.random.default_rng(7).standard_t(2.0, size=151)


def _objective(loss, model, X, y):
    return loss(y, X @ model.coef_ + model.intercept_)


# ---- same objective as scikit-learn -----------------------------------------------------------

@pytest.mark.parametrize("fit_intercept", [True, False])
def test_squared_error_matches_linear_regression(multi, fit_intercept):
    X, y = multi
    ours = LossRegressor(fit_intercept=fit_intercept).fit(X, y)
    ref = LinearRegression(fit_intercept=fit_intercept).fit(X, y)
    # L-BFGS stops at a gradient below tol = 1e-10 on a well-conditioned bowl.
    assert_allclose(ours.coef_, ref.coef_, rtol=1e-7)
    assert_allclose(ours.intercept_, ref.intercept_, rtol=1e-7, atol=1e-9)
    assert ours.solver_ == "lbfgs"
    assert ours.objective_ == pytest.approx(0.5 * np.mean((y - ref.predict(X)) ** 2), rel=1e-12)


@pytest.mark.parametrize("q", [0.1, 0.5, 0.9])
def test_quantile_linprog_matches_quantile_regressor(multi, q):
    X, y = multi
    ours = LossRegressor("quantile", quantile=q).fit(X, y)
    ref = QuantileRegressor(quantile=q, alpha=0.0).fit(X, y)
    assert ours.solver_ == "linprog"
    # The same LP solved by the same HiGHS code: agreement to rounding.
    assert_allclose(ours.coef_, ref.coef_, rtol=1e-8, atol=1e-10)
    assert_allclose(ours.intercept_, ref.intercept_, rtol=1e-8, atol=1e-10)
    assert ours.objective_ == pytest.approx(_objective(QuantileLoss(q), ref, X, y), rel=1e-12)


def test_absolute_error_is_the_median_regression(multi):
    X, y = multi
    ours = LossRegressor("absolute_error").fit(X, y)
    ref = QuantileRegressor(quantile=0.5, alpha=0.0).fit(X, y)
    assert_allclose(ours.coef_, ref.coef_, rtol=1e-8, atol=1e-10)
    assert ours.objective_ == pytest.approx(np.mean(np.abs(y - ref.predict(X))), rel=1e-12)


@pytest.mark.parametrize("loss, q", [("absolute_error", 0.5), ("quantile", 0.1),
                                     ("quantile", 0.5), ("quantile", 0.9)])
def test_nelder_mead_reaches_the_lp_optimum_with_two_parameters(line, loss, q):
    X, y = line
    kwargs = {"quantile": q} if loss == "quantile" else {}
    nm = LossRegressor(loss, solver="nelder-mead", **kwargs).fit(X, y)
    lp = LossRegressor(loss, **kwargs).fit(X, y)
    ref = QuantileRegressor(quantile=q, alpha=0.0).fit(X, y)
    # Objective values: Nelder-Mead stops when J varies by less than tol = 1e-10 on its simplex.
    assert nm.objective_ == pytest.approx(lp.objective_, rel=1e-9)
    assert nm.objective_ >= lp.objective_ - 1e-14  # the LP is exact: nothing can beat it
    # Coefficients: the minimiser is unique here (n*q not an integer) and J rises linearly
    # away from it, so a simplex of size 1e-10 pins it to ~1e-9; allow 1e-7.
    assert_allclose([nm.intercept_, *nm.coef_], [ref.intercept_, *ref.coef_], atol=1e-7)


def test_lbfgs_on_a_kinked_loss_warns_and_can_stop_short():
    X, y, _ = make_outliers(61, random_state=4)  # the lesson's data
    lp = LossRegressor("quantile", quantile=0.9).fit(X, y)
    with pytest.warns(CourseWarning, match="kink"):
        lb = LossRegressor("quantile", quantile=0.9, solver="lbfgs").fit(X, y)
    assert lb.objective_ >= lp.objective_ - 1e-14
    assert lb.objective_ > lp.objective_ + 1e-6  # the trap the lesson shows, on these data


def test_gamma_matches_gamma_regressor():
    X, y, _ = make_gamma_regression(201, random_state=3)
    ours = LossRegressor("gamma").fit(X, y)
    ref = GammaRegressor(alpha=0.0, solver="newton-cholesky", tol=1e-12).fit(X, y)
    assert_allclose(ours.coef_, ref.coef_, rtol=1e-7)
    assert_allclose(ours.intercept_, ref.intercept_, rtol=1e-7)
    assert_allclose(ours.predict(X), ref.predict(X), rtol=1e-7)
    assert (ours.predict(X) > 0).all()
    # GammaRegressor's objective with alpha=0 is half the mean deviance: our mean loss.
    assert 2 * ours.objective_ == pytest.approx(mean_gamma_deviance(y, ref.predict(X)), rel=1e-9)


def test_huber_at_fixed_scale_matches_huber_regressor():
    X, y, _ = make_outliers(61, random_state=0)
    ref = HuberRegressor(alpha=0.0, epsilon=1.35, tol=1e-12, max_iter=10_000).fit(X, y)
    ours = LossRegressor("huber", delta=1.35 * ref.scale_).fit(X, y)
    # HuberRegressor's L-BFGS-B also stops on scipy's default relative-decrease test
    # (ftol ~ 2.2e-9), whatever its tol, so its coefficients carry ~1e-6 relative error.
    assert_allclose(ours.coef_, ref.coef_, rtol=1e-5)
    assert_allclose(ours.intercept_, ref.intercept_, rtol=1e-5)


def test_huber_regressor_objective_is_sklearns():
    X, y, _ = make_outliers(61, random_state=0)
    rng = np.random.default_rng(0)
    for _ in range(5):
        theta = np.r_[rng.normal(size=1), rng.normal(), rng.uniform(0.2, 3.0)]
        expected, _grad = _huber_loss_and_gradient(theta, X, y, 1.35, 0.0, np.ones(len(y)))
        assert huber_regressor_objective(theta, X, y) == pytest.approx(expected, rel=1e-12)
    theta[0] = 3.0
    expected, _grad = _huber_loss_and_gradient(theta, X, y, 1.35, 0.5, np.ones(len(y)))
    assert huber_regressor_objective(theta, X, y, alpha=0.5) == pytest.approx(expected, rel=1e-12)


def test_minimising_the_huber_regressor_objective_reproduces_it():
    X, y, _ = make_outliers(61, random_state=0)
    ref = HuberRegressor(alpha=0.0, tol=1e-12, max_iter=10_000).fit(X, y)
    res = minimize(huber_regressor_objective, np.r_[0.0, 0.0, 1.0], args=(X, y),
                   method="L-BFGS-B", bounds=[(None, None), (None, None), (1e-8, None)],
                   options={"gtol": 1e-10, "ftol": 1e-15, "maxiter": 10_000})
    theta_ref = np.r_[ref.coef_, ref.intercept_, ref.scale_]
    assert res.fun <= huber_regressor_objective(theta_ref, X, y) * (1 + 1e-12)
    assert_allclose(res.x, theta_ref, rtol=1e-5)  # see the ftol note above


# ---- the model and its attributes -------------------------------------------------------------

def test_predict_uses_the_inverse_link_and_dataframes_keep_names():
    X, y, _ = make_gamma_regression(60, random_state=1)
    df = pd.DataFrame(X, columns=["age"])
    model = LossRegressor("gamma").fit(df, y)
    assert_allclose(model.predict(df), np.exp(X[:, 0] * model.coef_[0] + model.intercept_))
    assert model.feature_names_in_.tolist() == ["age"]
    assert model.n_iter_ >= 1 and np.isfinite(model.objective_)


def test_loss_object_and_keywords():
    X, y = make_noisy_line(41, random_state=2)
    a = LossRegressor(HuberLoss(2.0)).fit(X, y)
    b = LossRegressor("huber", delta=2.0).fit(X, y)
    assert_allclose(a.coef_, b.coef_, rtol=1e-10)
    assert a.loss_ == HuberLoss(2.0)
    assert LossRegressor("quantile").fit(X, y).loss_ == QuantileLoss(0.5)


def test_constant_model_is_mean_median_quantile():
    rng = np.random.default_rng(5)
    y = rng.exponential(size=51)
    X = np.zeros((51, 1))  # a useless feature: only the intercept can move
    assert LossRegressor().fit(X, y).intercept_ == pytest.approx(y.mean(), rel=1e-8)
    assert LossRegressor("absolute_error").fit(X, y).intercept_ == pytest.approx(np.median(y))
    q9 = LossRegressor("quantile", quantile=0.9).fit(X, y).intercept_
    assert q9 == pytest.approx(np.sort(y)[45])  # the ceil(0.9 * 51)-th smallest value


# ---- bad input ----------------------------------------------------------------------------------

def test_errors_name_the_problem():
    X, y = make_noisy_line(20, random_state=0)
    with pytest.raises(ValueError, match="loss must be one of .* got the string 'mse'"):
        LossRegressor("mse").fit(X, y)
    with pytest.raises(ValueError, match="delta=2.0 only applies to loss='huber'"):
        LossRegressor("squared_error", delta=2.0).fit(X, y)
    with pytest.raises(ValueError, match="quantile=0.9 only applies to loss='quantile'"):
        LossRegressor("absolute_error", quantile=0.9).fit(X, y)
    with pytest.raises(ValueError, match="already a Loss object"):
        LossRegressor(HuberLoss(), delta=2.0).fit(X, y)
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        LossRegressor("quantile", quantile=1.0).fit(X, y)
    with pytest.raises(ValueError, match="solver must be one of"):
        LossRegressor(solver="sgd").fit(X, y)
    with pytest.raises(ValueError, match="'linprog' .* curved"):
        LossRegressor("huber", solver="linprog").fit(X, y)
    with pytest.raises(ValueError, match="tol must be a finite number > 0"):
        LossRegressor(tol=0.0).fit(X, y)
    with pytest.raises(ValueError, match="max_iter must be an integer"):
        LossRegressor(max_iter=0).fit(X, y)


def test_gamma_rejects_non_positive_targets_before_fitting():
    X, y = make_noisy_line(20, random_state=0)
    y[3] = 0.0
    with pytest.raises(ValueError, match="strictly positive target.*1 values <= 0"):
        LossRegressor("gamma").fit(X, y)


def test_bad_data_gets_the_course_messages():
    X, y = make_noisy_line(20, random_state=0)
    with pytest.raises(ValueError, match="X has 20 rows but y has 19"):
        LossRegressor().fit(X, y[:-1])
    with pytest.raises(ValueError, match=r"reshape\(-1, 1\)"):
        LossRegressor().fit(X[:, 0], y)
    y_nan = y.copy()
    y_nan[0] = np.nan
    with pytest.raises(ValueError, match="y contains NaN"):
        LossRegressor().fit(X, y_nan)


def test_nelder_mead_warns_with_many_parameters_and_when_out_of_iterations():
    X, y, _ = make_linear(60, 4, random_state=0)
    with pytest.warns(CourseWarning) as record:
        LossRegressor("absolute_error", solver="nelder-mead", max_iter=200).fit(X, y)
    messages = [str(w.message) for w in record]
    assert any("Nelder-Mead with 5 parameters" in m for m in messages)
    assert any("stopped before converging" in m for m in messages)


def test_lbfgs_warns_when_out_of_iterations():
    X, y, _ = make_linear(60, 4, random_state=0)
    with pytest.warns(CourseWarning, match="did not converge in max_iter=1"):
        LossRegressor(max_iter=1).fit(X * 100.0, y)


# ---- scikit-learn's own estimator checks ---------------------------------------------------

@parametrize_with_checks(
    [LossRegressor(), LossRegressor("huber", delta=1.0), LossRegressor("quantile", quantile=0.8)]
)
def test_sklearn_estimator_checks(estimator, check):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CourseWarning)
        check(estimator)


# ---- the lesson's data generators and figures ---------------------------------------------------

def test_make_outliers():
    X, y, is_outlier = make_outliers(61, n_outliers=6, shift=25.0, random_state=4)
    assert X.shape == (61, 1) and y.shape == (61,) and is_outlier.sum() == 6
    # outliers are among the third of the points with the largest x
    assert X[is_outlier, 0].min() >= np.sort(X[:, 0])[-(61 // 3)]
    clean = 1.0 + 2.0 * X[:, 0]
    assert (y[is_outlier] - clean[is_outlier]).min() > 15  # shifted by 25, noise sd 1
    again = make_outliers(61, n_outliers=6, shift=25.0, random_state=4)
    assert_allclose(again[1], y)
    with pytest.raises(ValueError, match="n_outliers"):
        make_outliers(10, n_outliers=5)


@pytest.mark.parametrize("noise", ["normal", "student_t", "skewed", "heteroscedastic"])
def test_make_noisy_line_kinds(noise):
    X, y = make_noisy_line(2001, noise=noise, random_state=0)
    resid = y - (1.0 + 2.0 * X[:, 0])
    assert X.shape == (2001, 1)
    assert abs(np.median(resid) - {"skewed": np.log(2) - 1}.get(noise, 0.0)) < 0.1
    if noise == "heteroscedastic":
        left, right = resid[X[:, 0] < 2], resid[X[:, 0] > 8]
        assert right.std() > 3 * left.std()


def test_make_noisy_line_rejects_unknown_noise():
    with pytest.raises(ValueError, match="noise must be one of"):
        make_noisy_line(10, noise="cauchy")


def test_make_gamma_regression():
    X, y, mean = make_gamma_regression(4001, intercept=0.5, slope=0.25, shape=2.0, random_state=0)
    assert (y > 0).all()
    assert_allclose(mean, np.exp(0.5 + 0.25 * X[:, 0]))
    ratio = y / mean  # Gamma(shape 2, scale 1/2): mean 1, variance 1/2
    assert abs(ratio.mean() - 1.0) < 0.05 and abs(ratio.var() - 0.5) < 0.06


def test_lesson_figures_have_titles_labels_and_legends():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from course_utils import (
        plot_loss_shapes,
        plot_objective_1d,
        plot_objective_contour,
        plot_quantile_bands,
        plot_residuals,
    )

    x = np.linspace(0, 1, 20)
    axes = [
        plot_residuals(x, x + 0.1, x, title="t", xlabel="x", ylabel="y"),
        plot_loss_shapes(x, {"a": x, "b": x**2}, title="t", xlabel="x", ylabel="y"),
        plot_objective_1d(x, x**2, marks={"min": 0.0}, title="t", xlabel="x", ylabel="y"),
        plot_quantile_bands(x, x, x, {0.1: x - 1, 0.5: x, 0.9: x + 1},
                            extra={"ls": x}, title="t", xlabel="x", ylabel="y"),
        plot_objective_contour(x, x, np.add.outer(x, x), {"min": (0, 0), "other": (1, 1)},
                          title="t", xlabel="x", ylabel="y"),
    ]
    for ax in axes:
        assert ax.get_title() == "t" and ax.get_xlabel() == "x" and ax.get_ylabel() == "y"
        assert ax.get_legend() is not None
    assert len(axes[3].get_legend().get_texts()) == 6  # data, band, 3 quantiles, extra
    plt.close("all")


def test_lbfgs_warns_when_its_line_search_fails_far_from_a_minimum(monkeypatch):
    import scipy.optimize

    X, y, _ = make_linear(40, 2, intercept=5.0, random_state=0)

    def stalled(fun, x0, **kwargs):  # what L-BFGS-B returns when its line search gives up
        return scipy.optimize.OptimizeResult(x=np.zeros_like(x0), fun=fun(np.zeros_like(x0)),
                                             status=2, nit=3, message="ABNORMAL: ")

    monkeypatch.setattr("course_utils.loss_fit.scipy.optimize.minimize", stalled)
    with pytest.warns(CourseWarning, match="L-BFGS stopped early .* gradient of size"):
        LossRegressor().fit(X, y)


def test_docstring_examples():
    import doctest

    from course_utils import loss_fit, losses

    for module in (loss_fit, losses):
        assert doctest.testmod(module).failed == 0
