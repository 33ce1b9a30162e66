"""The live demos' numbers are the course's tested numbers; their figures are labelled."""

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from sklearn.linear_model import Lasso, LinearRegression, Ridge  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402
from sklearn.preprocessing import (  # noqa: E402
    PolynomialFeatures,
    SplineTransformer,
    StandardScaler,
)

from course_utils import demos, make_demand, make_linear, make_sine_curve  # noqa: E402


@pytest.fixture(scope="module")
def line():
    X, y, _ = make_linear(100, 1, coef=[2.0], intercept=4.0, noise=1.0, x_range=(-3, 3),
                          random_state=0)
    return X, y


@pytest.fixture(scope="module")
def demand():
    T, y = make_demand(25, random_state=7)
    Tv, yv = make_demand(400, random_state=2)
    inside = (Tv >= T.min()) & (Tv <= T.max())
    return (T[:, None], y), (Tv[inside][:, None], yv[inside])


@pytest.fixture(scope="module")
def penalty_data():
    x, y = make_sine_curve(20, noise=0.25, random_state=1)
    rng = np.random.default_rng(5)
    X2 = rng.multivariate_normal([0, 0], [[1, 0.6], [0.6, 1]], size=100)
    y2 = X2 @ np.array([2.0, 0.6]) + rng.normal(0, 1.0, size=100)
    return (x[:, None], y), (X2 - X2.mean(axis=0), y2 - y2.mean())


def test_learning_rate_marks_are_the_hessian_eigenvalue(line):
    X, y = line
    out = demos.learning_rate_numbers(X, y, 0.3, epochs=100)
    Xt = np.column_stack([np.ones(len(y)), X[:, 0]])
    np.testing.assert_allclose(out["lam_max"], np.linalg.eigvalsh(Xt.T @ Xt / len(y)).max())
    ols = LinearRegression().fit(X, y)
    np.testing.assert_allclose(out["theta_star"], [ols.intercept_, ols.coef_[0]], rtol=1e-10)
    np.testing.assert_allclose(out["path"][-1], out["theta_star"], rtol=1e-6)
    np.testing.assert_allclose(out["loss"][0], np.mean((y - (-1 - 3 * X[:, 0])) ** 2) / 2)
    assert out["J"].shape == (len(out["w_grid"]), len(out["b_grid"]))


def test_learning_rate_regimes_follow_one_and_two_over_lambda_max(line):
    X, y = line
    lam = demos.learning_rate_numbers(X, y, 0.1)["lam_max"]
    smooth = demos.learning_rate_numbers(X, y, 0.8 / lam)
    zigzag = demos.learning_rate_numbers(X, y, 1.6 / lam)
    diverge = demos.learning_rate_numbers(X, y, 2.2 / lam)
    assert not smooth["diverged"] and not zigzag["diverged"] and diverge["diverged"]
    assert np.all(np.diff(smooth["loss"]) <= 1e-12)  # falls every epoch
    w_steps = np.diff(zigzag["path"][:, 1])
    assert np.any(w_steps[:-1] * w_steps[1:] < 0)  # overshoots: the slope changes direction
    assert diverge["loss"][-1] > 10 * diverge["loss"][0]


def test_degree_knots_errors_match_scikit_learn(demand):
    train, valid = demand
    out = demos.degree_knots_numbers(train, valid, 3, 6)
    (X, y), (Xv, yv) = train, valid
    for degree in (1, 3, 8):
        sk = make_pipeline(StandardScaler(), PolynomialFeatures(degree), LinearRegression())
        sk.fit(X, y)  # the same polynomials; standardised first, as polynomial_regression does
        rmse = np.sqrt(np.mean((sk.predict(Xv) - yv) ** 2))
        np.testing.assert_allclose(out["poly_valid"][degree - 1], rmse, rtol=1e-6)
    for n_knots in (3, 6):
        sk = make_pipeline(SplineTransformer(n_knots=n_knots, extrapolation="linear"),
                           LinearRegression()).fit(X, y)
        rmse = np.sqrt(np.mean((sk.predict(X) - y) ** 2))
        np.testing.assert_allclose(out["spline_train"][n_knots - 2], rmse, rtol=1e-6)
    assert np.all(np.diff(out["poly_train"]) <= 1e-9)  # more degree never fits worse
    assert out["poly_valid"].argmin() < len(out["poly_valid"]) - 1  # ... but over-fits
    np.testing.assert_allclose(out["poly_curve"][[0, -1]],
                               make_pipeline(PolynomialFeatures(3), LinearRegression())
                               .fit(X, y).predict(out["grid"][[0, -1], None]), rtol=1e-8)


def test_alpha_numbers_match_scikit_learn(penalty_data):
    train, (X2, y2) = penalty_data
    ridge = demos.alpha_numbers(train, (X2, y2), 5.0, penalty="ridge")
    sk = Ridge(alpha=5.0, fit_intercept=False).fit(X2, y2)
    np.testing.assert_allclose(ridge["w"], sk.coef_, rtol=1e-10)
    np.testing.assert_allclose(np.linalg.norm(ridge["boundary"], axis=0), ridge["budget"])
    lasso = demos.alpha_numbers(train, (X2, y2), 0.3, penalty="lasso")
    sk = Lasso(alpha=0.3, fit_intercept=False, tol=1e-12, max_iter=100_000).fit(X2, y2)
    np.testing.assert_allclose(lasso["w"], sk.coef_, rtol=1e-5)
    np.testing.assert_allclose(np.abs(lasso["boundary"]).sum(axis=0), lasso["budget"])
    big = demos.alpha_numbers(train, (X2, y2), 10.0, penalty="lasso")
    assert np.all(big["coef"] == 0) and np.all(big["w"] == 0)  # alpha past the largest: zero


def test_stronger_alpha_shrinks_the_budget(penalty_data):
    train, plane = penalty_data
    budgets = [demos.alpha_numbers(train, plane, a)["budget"] for a in (1e-3, 1.0, 100.0)]
    assert budgets[0] > budgets[1] > budgets[2] > 0


@pytest.mark.parametrize("bad, match", [(0.0, "positive"), (np.nan, "positive")])
def test_bad_slider_values_are_named(line, penalty_data, bad, match):
    with pytest.raises(ValueError, match=match):
        demos.learning_rate_numbers(*line, bad)
    with pytest.raises(ValueError, match=match):
        demos.alpha_numbers(*penalty_data, bad)


def test_bad_shapes_and_ranges_are_named(line, demand, penalty_data):
    X, y = line
    with pytest.raises(ValueError, match=r"reshape\(-1, 1\)"):
        demos.learning_rate_numbers(X[:, 0], y, 0.1)
    with pytest.raises(ValueError, match="move the slider"):
        demos.degree_knots_numbers(*demand, 30, 6)
    with pytest.raises(ValueError, match="'ridge' or 'lasso'"):
        demos.alpha_numbers(*penalty_data, 0.1, penalty="l3")


def _titled(fig, panels):
    axes = [ax for ax in fig.axes if ax.get_title()]
    assert len(axes) >= panels
    for ax in axes:
        assert ax.get_xlabel() and (ax.get_ylabel() or not ax.get_yticks().size)
    return axes


def test_figures_have_titled_labelled_panels(line, demand, penalty_data):
    fig = demos.draw_learning_rate(demos.learning_rate_numbers(*line, 0.5))
    axes = _titled(fig, 3)
    texts = [t.get_text() for t in axes[2].texts]
    assert r"$1/\lambda_{\max}$" in texts and r"$2/\lambda_{\max}$" in texts
    fig = demos.draw_degree_knots(demos.degree_knots_numbers(*demand, 3, 6))
    _titled(fig, 3)
    fig = demos.draw_alpha(demos.alpha_numbers(*penalty_data, 0.3, penalty="lasso"))
    _titled(fig, 3)
    import matplotlib.pyplot as plt

    plt.close("all")


def test_live_demos_build_widgets_that_redraw(line, demand, penalty_data):
    widgets = pytest.importorskip("ipywidgets")  # a runtime dependency: present in the course
    box = demos.live_learning_rate(*line)
    assert isinstance(box, widgets.VBox)
    slider = box.children[0].children[0]
    assert isinstance(slider, widgets.FloatLogSlider)
    slider.value = slider.value * 2  # the observer redraws without error
    assert len(demos.live_degree_knots(*demand).children[0].children) == 2
    assert len(demos.live_alpha(*penalty_data).children[0].children) == 2
