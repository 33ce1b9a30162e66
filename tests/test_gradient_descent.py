"""GradientDescentRegressor against the closed form, scikit-learn's twins and a plain numpy loop."""

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose, assert_array_equal
from scipy.optimize import minimize
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import (
    GammaRegressor,
    LinearRegression,
    QuantileRegressor,
    Ridge,
    SGDRegressor,
)
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.estimator_checks import parametrize_with_checks

from course_utils import (
    AbsoluteError,
    CourseWarning,
    DivergenceError,
    GammaLoss,
    GradientDescentRegressor,
    HuberLoss,
    NormalEquationRegressor,
    QuantileLoss,
    get_loss,
    learning_rate_schedule,
    loss_surface,
    make_linear,
    make_regression_csv,
    path_loss,
)
from course_utils import gradient_descent as gd

GD = GradientDescentRegressor


@pytest.fixture(scope="module")
def scaled():
    """Standardised features: one learning rate suits every direction."""
    X, y, _ = make_linear(200, 4, intercept=3.0, noise=0.5, random_state=1)
    return StandardScaler().fit_transform(X), y


@pytest.fixture(scope="module")
def heavy_tailed(scaled):
    """Same features, Student-t noise: the losses that ignore outliers have work to do."""
    X, y = scaled
    return X, y + np.random.default_rng(0).standard_t(2, size=y.size)


def numpy_minibatch(X, y, *, eta, epochs, m, alpha=0.0):
    """The update rule written out plainly, in order, for the half squared error."""
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(epochs):
        for s in range(0, len(y), m):
            Xb, yb = X[s:s + m], y[s:s + m]
            r = Xb @ w + b - yb
            w, b = w - eta * (Xb.T @ r / len(yb) + alpha * w), b - eta * r.mean()
    return w, b


# ---- convergence to the closed form --------------------------------------------------------

@pytest.mark.parametrize("fit_intercept", [True, False])
def test_full_batch_converges_to_normal_equation(scaled, fit_intercept):
    X, y = scaled
    ref = LinearRegression(fit_intercept=fit_intercept).fit(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CourseWarning)  # through-the-origin warning
        ne = NormalEquationRegressor(fit_intercept=fit_intercept).fit(X, y)
    model = GD(learning_rate=0.5, epochs=400, fit_intercept=fit_intercept).fit(X, y)
    assert_allclose(model.coef_, ref.coef_, rtol=1e-6)
    assert_allclose(model.coef_, ne.coef_, rtol=1e-6)
    assert model.intercept_ == pytest.approx(ref.intercept_, rel=1e-6, abs=1e-12)
    assert model.n_iter_ == 400 and model.t_ == 400  # one update per full-batch epoch
    # the recorded loss is the objective 1/2 mean(y - Xw - b)^2 at the end of each epoch
    assert model.loss_curve_[-1] == pytest.approx(0.5 * np.mean((y - ref.predict(X)) ** 2))
    # eta < 2/L: J never increases (up to rounding once it has converged)
    assert np.all(np.diff(model.loss_curve_) <= 1e-12 * model.loss_curve_[1:])


@pytest.mark.parametrize("alpha", [0.01, 0.1, 1.0])
def test_alpha_is_ridge_with_n_times_alpha(scaled, alpha):
    X, y = scaled
    n = len(y)
    model = GD(learning_rate=0.5, epochs=400, alpha=alpha).fit(X, y)
    ridge = Ridge(alpha=n * alpha).fit(X, y)
    ne = NormalEquationRegressor(alpha=n * alpha).fit(X, y)
    assert_allclose(model.coef_, ridge.coef_, rtol=1e-6)
    assert_allclose(model.coef_, ne.coef_, rtol=1e-6)
    assert model.intercept_ == pytest.approx(ridge.intercept_, rel=1e-8)  # not penalised
    J = 0.5 * np.mean((y - ridge.predict(X)) ** 2) + 0.5 * alpha * ridge.coef_ @ ridge.coef_
    assert model.loss_curve_[-1] == pytest.approx(J, rel=1e-10)


def test_minibatch_is_the_plain_numpy_loop(scaled):
    X, y = scaled
    for m in [1, 7, 32, 200]:
        model = GD(learning_rate=0.05, epochs=3, batch_size=m, shuffle=False, alpha=0.01)
        model.fit(X, y)
        w, b = numpy_minibatch(X, y, eta=0.05, epochs=3, m=m, alpha=0.01)
        assert_allclose(model.coef_, w, rtol=1e-12, atol=1e-14)
        assert model.intercept_ == pytest.approx(b, rel=1e-12)
        assert model.t_ == 3 * -(-len(y) // m)  # ceil(n / m) updates per epoch


def test_batch_size_n_or_more_is_full_batch(scaled):
    X, y = scaled
    full = GD(learning_rate=0.3, epochs=20).fit(X, y)
    for m in [len(y), 10 * len(y)]:
        same = GD(learning_rate=0.3, epochs=20, batch_size=m, random_state=0).fit(X, y)
        assert_allclose(same.coef_, full.coef_, rtol=1e-12)
        assert_allclose(same.loss_curve_, full.loss_curve_, rtol=1e-12)


@pytest.mark.parametrize("batch_size, rtol", [(1, 0.05), (16, 0.01)])
def test_stochastic_variants_settle_near_the_closed_form(scaled, batch_size, rtol):
    # SGD with a decaying step converges to the minimiser, but only at rate ~1/t: after
    # 60 epochs it sits within a few percent (batch 1) or a percent (batch 16) of it.
    X, y = scaled
    ref = LinearRegression().fit(X, y)
    model = GD(learning_rate=0.05, epochs=60, batch_size=batch_size, schedule="inverse_time",
               t1=2000, random_state=0).fit(X, y)
    assert_allclose(model.coef_, ref.coef_, rtol=rtol)
    assert model.intercept_ == pytest.approx(ref.intercept_, rel=rtol)
    J_star = 0.5 * np.mean((y - ref.predict(X)) ** 2)
    assert J_star <= model.loss_curve_[-1] <= J_star * (1 + rtol)


# ---- the same algorithm as scikit-learn's SGDRegressor ------------------------------------

@pytest.mark.parametrize(
    "ours, theirs",
    [
        ({"loss": "squared_error"}, {"loss": "squared_error", "penalty": None}),
        ({"loss": "squared_error", "alpha": 0.01}, {"loss": "squared_error", "alpha": 0.01}),
        ({"loss": HuberLoss(delta=0.8)}, {"loss": "huber", "epsilon": 0.8, "penalty": None}),
        ({"loss": "absolute_error"},
         {"loss": "epsilon_insensitive", "epsilon": 0.0, "penalty": None}),
    ],
    ids=["squared", "squared+l2", "huber", "absolute"],
)
def test_sgd_matches_sgdregressor_update_for_update(heavy_tailed, ours, theirs):
    X, y = heavy_tailed
    model = GD(learning_rate=0.01, epochs=4, batch_size=1, shuffle=False, **ours).fit(X, y)
    sk = SGDRegressor(learning_rate="constant", eta0=0.01, max_iter=4, tol=None, shuffle=False,
                      **theirs).fit(X, y)
    assert_allclose(model.coef_, sk.coef_, rtol=1e-10, atol=1e-12)
    assert model.intercept_ == pytest.approx(sk.intercept_[0], rel=1e-10)


def test_inverse_time_with_t1_one_is_sgdregressor_invscaling(scaled):
    # eta_t = eta0 * t1 / (t + t1) with t1 = 1 and t = 0, 1, ... equals eta0 / t', t' = 1, 2, ...
    X, y = scaled
    model = GD(learning_rate=0.05, epochs=3, batch_size=1, shuffle=False,
               schedule="inverse_time", t1=1.0).fit(X, y)
    sk = SGDRegressor(learning_rate="invscaling", eta0=0.05, power_t=1.0, penalty=None,
                      max_iter=3, tol=None, shuffle=False).fit(X, y)
    assert_allclose(model.coef_, sk.coef_, rtol=1e-10)
    assert model.intercept_ == pytest.approx(sk.intercept_[0], rel=1e-10)


# ---- every loss reaches its scikit-learn twin ---------------------------------------------

def test_absolute_error_approaches_median_regression(heavy_tailed):
    # Subgradient descent converges only like 1/sqrt(t); 150 SGD epochs with a decaying step
    # get the objective within 0.1 % and the coefficients within 0.05 of the exact LAD fit.
    # Every step moves b by at most eta, so we start b at the median (the best constant).
    X, y = heavy_tailed
    ref = QuantileRegressor(quantile=0.5, alpha=0.0).fit(X, y)
    model = GD(loss="absolute_error", learning_rate=0.05, batch_size=1, epochs=150,
               schedule="inverse_time", t1=1000, random_state=0)
    model.fit(X, y, intercept_init=np.median(y))
    assert_allclose(model.coef_, ref.coef_, atol=0.05)
    assert model.intercept_ == pytest.approx(ref.intercept_, abs=0.05)
    mae, mae_ref = AbsoluteError()(y, model.predict(X)), AbsoluteError()(y, ref.predict(X))
    assert mae_ref <= mae <= mae_ref * 1.001
    ls = LinearRegression().fit(X, y)  # and it is not the least-squares answer
    assert AbsoluteError()(y, ls.predict(X)) > mae * 1.001


@pytest.mark.parametrize("q", [0.2, 0.8])
def test_quantile_loss_matches_quantile_regressor(heavy_tailed, q):
    X, y = heavy_tailed
    ref = QuantileRegressor(quantile=q, alpha=0.0).fit(X, y)
    model = GD(loss=QuantileLoss(q), learning_rate=0.05, batch_size=1, epochs=150,
               schedule="inverse_time", t1=1000, random_state=0)
    model.fit(X, y, intercept_init=np.quantile(y, q))
    assert_allclose(model.coef_, ref.coef_, atol=0.05)  # same reason as the median above
    assert model.intercept_ == pytest.approx(ref.intercept_, abs=0.05)
    L = QuantileLoss(q)
    assert L(y, model.predict(X)) <= L(y, ref.predict(X)) * 1.001
    assert np.mean(y <= model.predict(X)) == pytest.approx(q, abs=0.03)


@pytest.mark.parametrize("alpha", [0.0, 0.1])
def test_gamma_loss_matches_gamma_regressor(scaled, alpha):
    X, _ = scaled
    rng = np.random.default_rng(3)
    y = np.exp(0.5 + X @ np.array([0.3, -0.2, 0.1, 0.0])) * rng.gamma(5.0, 0.2, size=len(X))
    ref = GammaRegressor(alpha=alpha, tol=1e-12, max_iter=10_000).fit(X, y)
    model = GD(loss="gamma", learning_rate=0.5, epochs=2000, alpha=alpha).fit(X, y)
    assert_allclose(model.coef_, ref.coef_, rtol=1e-6, atol=1e-8)
    assert model.intercept_ == pytest.approx(ref.intercept_, rel=1e-6)
    assert_allclose(model.predict(X), ref.predict(X), rtol=1e-6)  # exp(Xw + b), log link
    assert (model.predict(X) > 0).all()


@pytest.mark.parametrize("delta", [0.5, 1.35])
def test_huber_reaches_the_minimiser_of_the_same_objective(heavy_tailed, delta):
    # scikit-learn's HuberRegressor also fits a scale, so its objective differs; the
    # reference is a quasi-Newton minimisation of exactly our objective.
    X, y = heavy_tailed
    loss = HuberLoss(delta)

    def J(theta):
        return loss(y, X @ theta[1:] + theta[0])

    ref = minimize(J, np.zeros(5), method="BFGS", options={"gtol": 1e-10}).x
    model = GD(loss=loss, learning_rate=0.5, epochs=3000).fit(X, y)
    assert_allclose(np.r_[model.intercept_, model.coef_], ref, atol=1e-6)
    ls = LinearRegression().fit(X, y)
    assert np.abs(ls.coef_ - model.coef_).max() > 1e-3  # robust: not least squares


def test_loss_given_by_name_or_object_is_the_same(scaled):
    X, y = scaled
    a = GD(loss="huber", learning_rate=0.3, epochs=30).fit(X, y)
    b = GD(loss=HuberLoss(delta=1.0), learning_rate=0.3, epochs=30).fit(X, y)
    assert_array_equal(a.coef_, b.coef_)
    assert a.loss_ == get_loss("huber")


# ---- schedules -----------------------------------------------------------------------------

def test_schedules():
    const = learning_rate_schedule("constant", 0.1)
    inv = learning_rate_schedule("inverse_time", 0.1, t1=50)
    assert [const(t) for t in (0, 10, 1000)] == [0.1, 0.1, 0.1]
    assert inv(0) == pytest.approx(0.1)
    assert inv(50) == pytest.approx(0.05)  # halves after t1 updates
    assert inv(950) == pytest.approx(5.0 / 1000)  # t0 / (t + t1) with t0 = 0.1 * 50
    f = learning_rate_schedule(lambda t: 1.0 / (t + 2), 0.1)
    assert f(0) == 0.5
    with pytest.raises(ValueError, match="schedule must be one of"):
        learning_rate_schedule("exponential", 0.1)


def test_callable_schedule_is_used_per_update(scaled):
    X, y = scaled
    seen = []

    def eta(t):
        seen.append(t)
        return 0.02

    a = GD(learning_rate=0.02, epochs=2, batch_size=50, shuffle=False, schedule=eta).fit(X, y)
    b = GD(learning_rate=0.02, epochs=2, batch_size=50, shuffle=False).fit(X, y)
    assert seen == list(range(8))  # 2 epochs x 4 batches, t counted across epochs
    assert_allclose(a.coef_, b.coef_, rtol=1e-14)


def test_decaying_schedule_settles_sgd(scaled):
    X, y = scaled
    ref = LinearRegression().fit(X, y)
    J_star = 0.5 * np.mean((y - ref.predict(X)) ** 2)
    kw = {"learning_rate": 0.1, "epochs": 40, "batch_size": 1, "random_state": 0}
    const = GD(**kw).fit(X, y)
    decay = GD(schedule="inverse_time", t1=500, **kw).fit(X, y)
    # the constant rate keeps bouncing around the minimum, the decaying one settles
    tail_const = const.loss_curve_[-10:] - J_star
    tail_decay = decay.loss_curve_[-10:] - J_star
    assert tail_decay.mean() < tail_const.mean() / 5
    assert tail_decay.std() < tail_const.std() / 5


# ---- determinism ---------------------------------------------------------------------------

@pytest.mark.parametrize("batch_size", [1, 16])
def test_deterministic_given_random_state(scaled, batch_size):
    X, y = scaled
    kw = {"learning_rate": 0.02, "epochs": 5, "batch_size": batch_size}
    a = GD(random_state=7, **kw).fit(X, y)
    b = GD(random_state=7, **kw).fit(X, y)
    c = GD(random_state=8, **kw).fit(X, y)
    d = GD(random_state=np.random.default_rng(7), **kw).fit(X, y)
    assert_array_equal(a.coef_, b.coef_)
    assert_array_equal(a.loss_curve_, b.loss_curve_)
    assert_array_equal(a.coef_, d.coef_)
    assert np.abs(a.coef_ - c.coef_).max() > 1e-6  # the seed does change the order
    e = GD(random_state=1, shuffle=False, **kw).fit(X, y)
    f = GD(random_state=2, shuffle=False, **kw).fit(X, y)
    assert_array_equal(e.coef_, f.coef_)  # without shuffling the seed plays no role


# ---- loss curve, tol, path ----------------------------------------------------------------

def test_tol_stops_with_sklearn_rule(scaled):
    X, y = scaled
    model = GD(learning_rate=0.5, epochs=1000, tol=1e-8, n_iter_no_change=3).fit(X, y)
    curve = model.loss_curve_
    assert model.n_iter_ == len(curve) < 1000
    # the last 3 epochs did not beat the best loss before them by tol; earlier ones did
    best_before = curve[:-3].min()
    assert np.all(curve[-3:] > best_before - 1e-8)
    full = GD(learning_rate=0.5, epochs=1000).fit(X, y)
    assert_allclose(model.coef_, full.coef_, rtol=1e-5)


def test_tol_not_reached_warns(scaled):
    X, y = scaled
    with pytest.warns(ConvergenceWarning, match="raise epochs or the learning rate"):
        GD(learning_rate=0.001, epochs=5, tol=1e-12).fit(X, y)


@pytest.mark.parametrize("batch_size", [None, 1, 32])
def test_record_path(scaled, batch_size):
    X, y = scaled
    n = len(y)
    per_epoch = 1 if batch_size is None else -(-n // batch_size)
    model = GD(learning_rate=0.05, epochs=3, batch_size=batch_size, record_path=True,
               random_state=0).fit(X, y, coef_init=np.ones(4), intercept_init=-1.0)
    assert model.path_.shape == (1 + 3 * per_epoch, 5)
    assert_array_equal(model.path_[0], [-1.0, 1, 1, 1, 1])  # the starting point
    assert_allclose(model.path_[-1], np.r_[model.intercept_, model.coef_])
    J = path_loss(X, y, model.path_)
    assert J[-1] == pytest.approx(model.loss_curve_[-1], rel=1e-12)
    assert J[0] == pytest.approx(model.initial_loss_, rel=1e-12)
    per_ep = GD(learning_rate=0.05, epochs=3, batch_size=batch_size, record_path="epoch",
                random_state=0).fit(X, y, coef_init=np.ones(4), intercept_init=-1.0)
    assert_allclose(per_ep.path_, model.path_[::per_epoch], rtol=1e-14)
    assert_allclose(path_loss(X, y, per_ep.path_)[1:], per_ep.loss_curve_, rtol=1e-12)
    assert not hasattr(GD(epochs=2).fit(X, y), "path_")


def test_record_path_keeps_memory_bounded(monkeypatch, scaled):
    X, y = scaled
    monkeypatch.setattr(gd, "MAX_PATH_BYTES", 10_000)
    with pytest.raises(ValueError, match="record_path='epoch'"):
        GD(epochs=50, batch_size=1, record_path=True).fit(X, y)
    GD(epochs=50, batch_size=1, record_path="epoch").fit(X, y)  # one row per epoch fits


def test_path_without_intercept_has_zero_column(scaled):
    X, y = scaled
    model = GD(epochs=2, batch_size=10, fit_intercept=False, record_path=True,
               random_state=0).fit(X, y)
    assert_array_equal(model.path_[:, 0], 0.0)
    assert model.intercept_ == 0.0


def test_loss_surface_and_path_loss_agree():
    X, y, _ = make_linear(50, 1, intercept=2.0, random_state=4)
    b, w = np.linspace(-1, 4, 11), np.linspace(0, 2, 7)
    for loss in ["squared_error", "absolute_error", HuberLoss(0.5)]:
        J = loss_surface(X[:, 0], y, b, w, loss=loss, alpha=0.3)
        B, W = np.meshgrid(b, w)
        path = np.column_stack([B.ravel(), W.ravel()])
        assert_allclose(J.ravel(), path_loss(X, y, path, loss=loss, alpha=0.3), rtol=1e-12)
    # the squared-error bowl has its minimum at the least-squares line
    ls = LinearRegression().fit(X, y)
    grid_b = np.linspace(ls.intercept_ - 1, ls.intercept_ + 1, 201)
    grid_w = np.linspace(ls.coef_[0] - 0.2, ls.coef_[0] + 0.2, 201)
    J = loss_surface(X[:, 0], y, grid_b, grid_w)
    j, k = np.unravel_index(J.argmin(), J.shape)
    assert (j, k) == (100, 100)


# ---- divergence ----------------------------------------------------------------------------

def _unscaled():
    X, y, _ = make_linear(100, 2, intercept=1.0, random_state=0)
    X[:, 1] *= 100.0  # second feature in cm instead of m
    return X, y


@pytest.mark.parametrize("batch_size", [None, 1, 16])
def test_divergence_raises_with_clear_message(batch_size):
    X, y = _unscaled()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no numpy overflow warnings leak out either
        with pytest.raises(DivergenceError) as info:
            GD(learning_rate=0.01, epochs=50, batch_size=batch_size, record_path=True,
               random_state=0).fit(X, y)
    err = info.value
    msg = str(err)
    assert "learning_rate=0.01" in msg and f"at epoch {err.epoch}" in msg
    assert "smaller learning rate" in msg and "learning_rate=0.001" in msg
    assert "StandardScaler" in msg
    assert "spreads differ by a factor of" in msg  # the features' scales are named
    assert isinstance(err, RuntimeError)
    assert err.learning_rate == 0.01
    assert len(err.loss_curve) == err.epoch >= 1
    assert err.path is not None and err.path.shape[1] == 3


def test_divergence_to_nan_is_caught_not_returned():
    X, y = _unscaled()
    model = GD(learning_rate=1e6, epochs=5, batch_size=1)
    with pytest.raises(DivergenceError, match="at epoch 1 the training loss became NaN or inf"):
        model.fit(X, y)
    assert not hasattr(model, "coef_")  # no half-trained NaN model left behind


def test_divergence_epoch_is_where_loss_passes_the_threshold(scaled):
    # eta = 2.5 on standardised data: every step multiplies the error by about -1.5
    X, y = scaled
    with pytest.raises(DivergenceError) as info:
        GD(learning_rate=2.5, epochs=100).fit(X, y)
    curve = info.value.loss_curve
    J0 = GD(epochs=1, learning_rate=1e-12).fit(X, y).initial_loss_
    assert curve[-1] > gd.DIVERGENCE_FACTOR * J0
    assert np.all(curve[:-1] <= gd.DIVERGENCE_FACTOR * J0)
    assert np.all(np.diff(curve[2:]) > 0)  # the loss grows every epoch


def test_same_rate_is_fine_after_standardising():
    X, y = _unscaled()
    model = make_pipeline(StandardScaler(), GD(learning_rate=0.01, epochs=50)).fit(X, y)
    assert np.isfinite(model[-1].coef_).all()


def test_loss_worse_than_start_warns(scaled):
    # eta just below the divergence threshold of 100x: the loss grows but stays finite
    X, y = scaled
    with pytest.warns(CourseWarning, match="higher loss .* than it started"):
        GD(learning_rate=2.2, epochs=8).fit(X, y)


def test_partial_fit_divergence_keeps_previous_state(scaled):
    X, y = scaled
    model = GD(learning_rate=0.05, batch_size=8, random_state=0).partial_fit(X, y)
    coef, t = model.coef_.copy(), model.t_
    model.set_params(learning_rate=1e6)
    with pytest.raises(DivergenceError):
        model.partial_fit(X, y)
    assert_array_equal(model.coef_, coef)
    assert model.t_ == t


# ---- partial_fit and streaming -------------------------------------------------------------

def test_partial_fit_is_one_epoch_and_keeps_state(scaled):
    X, y = scaled
    kw = {"learning_rate": 0.03, "batch_size": 10, "shuffle": False, "alpha": 0.001}
    stream = GD(**kw)
    for _ in range(4):
        stream.partial_fit(X, y)
    batch = GD(epochs=4, **kw).fit(X, y)
    assert_allclose(stream.coef_, batch.coef_, rtol=1e-12)
    assert_allclose(stream.loss_curve_, batch.loss_curve_, rtol=1e-12)
    assert stream.t_ == batch.t_ == 4 * 20
    assert stream.n_iter_ == 1


def test_partial_fit_over_chunks_equals_one_epoch_over_all(scaled):
    X, y = scaled
    kw = {"learning_rate": 0.03, "batch_size": 10, "shuffle": False,
          "schedule": "inverse_time", "t1": 30}
    stream = GD(**kw)
    for s in range(0, 200, 50):  # chunks are multiples of the batch size
        stream.partial_fit(X[s:s + 50], y[s:s + 50])
    whole = GD(epochs=1, **kw).fit(X, y)
    assert_allclose(stream.coef_, whole.coef_, rtol=1e-12)
    assert len(stream.loss_curve_) == 4
    with pytest.raises(ValueError, match="4 features"):
        stream.partial_fit(X[:, :3], y)


def test_partial_fit_streams_a_csv_file(tmp_path):
    path = tmp_path / "data.csv"
    info = make_regression_csv(path, n_samples=3_000, n_features=3, chunk_size=700,
                               random_state=0)
    scaler = StandardScaler()
    for chunk in pd.read_csv(path, chunksize=500):
        scaler.partial_fit(chunk[info["columns"]])
    model = GD(learning_rate=0.02, batch_size=16, random_state=0)
    for _ in range(5):
        for chunk in pd.read_csv(path, chunksize=500):
            model.partial_fit(scaler.transform(chunk[info["columns"]]), chunk["y"])
    full = pd.read_csv(path)
    assert len(full) == 3_000
    ref = LinearRegression().fit(scaler.transform(full[info["columns"]]), full["y"])
    assert_allclose(model.coef_, ref.coef_, rtol=0.02)
    assert_allclose(model.coef_ * scaler.scale_ / info["scales"], info["coef"], rtol=0.05)


# ---- predictions, pipelines ----------------------------------------------------------------

def test_predict_and_score(scaled):
    X, y = scaled
    model = GD(learning_rate=0.5, epochs=300).fit(X, y)
    ref = LinearRegression().fit(X, y)
    assert_allclose(model.predict(X), ref.predict(X), rtol=1e-6)
    assert model.score(X, y) == pytest.approx(ref.score(X, y), rel=1e-8)


def test_dataframe_input_keeps_feature_names():
    X, y, _ = make_linear(60, 2, random_state=2)
    df = pd.DataFrame(X, columns=["size", "age"])
    model = GD(learning_rate=0.01, epochs=20).fit(df, y)
    assert model.feature_names_in_.tolist() == ["size", "age"]


def test_float32_input(scaled):
    X, y = scaled
    a = GD(learning_rate=0.5, epochs=50).fit(X.astype(np.float32), y)
    b = GD(learning_rate=0.5, epochs=50).fit(X.astype(np.float32).astype(np.float64), y)
    assert_allclose(a.coef_, b.coef_, rtol=1e-12)


# ---- bad input -----------------------------------------------------------------------------

@pytest.mark.parametrize(
    "params, match",
    [
        ({"learning_rate": 0.0}, "learning_rate must be a finite number > 0"),
        ({"learning_rate": -0.1}, "learning_rate must be a finite number > 0"),
        ({"learning_rate": "fast"}, "learning_rate must be a finite number"),
        ({"epochs": 0}, "epochs must be an integer >= 1"),
        ({"epochs": 2.5}, "epochs must be an integer >= 1"),
        ({"batch_size": 0}, "batch_size must be (None or )?an integer >= 1"),
        ({"batch_size": 8.0}, "batch_size must be (None or )?an integer >= 1"),
        ({"schedule": "adaptive"}, "schedule must be one of"),
        ({"alpha": -1.0}, "alpha must be a finite number >= 0"),
        ({"tol": -1e-3}, "tol must be a finite number >= 0"),
        ({"t1": 0}, "t1 must be a finite number > 0"),
        ({"n_iter_no_change": 0}, "n_iter_no_change must be an integer"),
        ({"record_path": "update"}, "record_path must be True or False .* or 'epoch'"),
        ({"loss": "hinge"}, "loss must be one of .*got the string 'hinge'"),
    ],
)
def test_bad_parameters(scaled, params, match):
    X, y = scaled
    with pytest.raises((ValueError, TypeError), match=match):
        GD(**params).fit(X, y)


def test_bad_data_messages():
    X, y, _ = make_linear(20, 2)
    with pytest.raises(ValueError, match=r"1-D array.*reshape\(-1, 1\)"):
        GD().fit(X[:, 0], y)
    with pytest.raises(ValueError, match="X has 20 rows but y has 19 values"):
        GD().fit(X, y[:-1])
    Xn = X.copy()
    Xn[3, 1] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        GD().fit(Xn, y)
    with pytest.raises(ValueError, match="y contains NaN"):
        GD().fit(X, np.r_[np.nan, y[1:]])
    with pytest.raises(ValueError, match="empty: it has 0 samples"):
        GD().fit(np.empty((0, 2)), np.empty(0))
    with pytest.raises(ValueError, match="not numbers"):
        GD().fit(np.array([["1", "a"], ["2", "b"]]), [1.0, 2.0])
    with pytest.raises(ValueError, match="gamma loss needs a strictly positive target"):
        GD(loss="gamma").fit(X, y - y.mean())
    with pytest.raises(ValueError, match="gamma loss needs a strictly positive target"):
        GD(loss=GammaLoss()).partial_fit(X, -np.abs(y))
    with pytest.raises(ValueError, match="coef_init must be 2 finite numbers"):
        GD().fit(X, y, coef_init=[1.0, np.inf])
    with pytest.raises(ValueError, match="fit_intercept=False"):
        GD(fit_intercept=False).fit(X, y, intercept_init=1.0)
    with pytest.raises(ValueError, match="path must have shape"):
        path_loss(X, y, np.zeros((3, 2)))


def test_predict_checks_fitted_and_feature_count(scaled):
    from sklearn.exceptions import NotFittedError

    X, y = scaled
    with pytest.raises(NotFittedError):
        GD().predict(X)
    model = GD(epochs=2).fit(X, y)
    with pytest.raises(ValueError, match="4 features"):
        model.predict(X[:, :2])


# ---- property: full batch with eta = 1/L reaches np.linalg.lstsq -----------------------------

@settings(max_examples=25, deadline=None)
@given(n=st.integers(5, 60), d=st.integers(1, 5), seed=st.integers(0, 2**32 - 1))
def test_property_full_batch_reaches_lstsq(n, d, seed):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    y = X @ rng.normal(size=d) + rng.normal() + 0.1 * rng.normal(size=n)
    Xb = np.column_stack([np.ones(n), X])
    eig = np.linalg.eigvalsh(Xb.T @ Xb / n)  # Hessian of J: curvature from L to mu
    if eig[0] < 1e-2 * eig[-1]:  # keep kappa <= 100, so 3000 epochs are plenty
        return
    model = GD(learning_rate=1.0 / eig[-1], epochs=3000).fit(X, y)
    expected = np.linalg.lstsq(Xb, y, rcond=None)[0]
    assert_allclose(np.r_[model.intercept_, model.coef_], expected, rtol=1e-6, atol=1e-8)


# ---- scikit-learn's own estimator checks ---------------------------------------------------

def test_data_of_the_expected_failed_checks_diverge():
    # the data of check_fit_idempotent & co., and the fix the error message suggests
    rng = np.random.RandomState(0)
    X, y = rng.normal(loc=100, size=(20, 2)), rng.normal(size=20)
    with pytest.raises(DivergenceError, match="standardise the features"):
        GD(learning_rate=0.01, epochs=1000).fit(X, y)
    pipe = make_pipeline(StandardScaler(), GD(learning_rate=0.1, epochs=1000)).fit(X, y)
    ref = make_pipeline(StandardScaler(), LinearRegression()).fit(X, y)
    assert_allclose(pipe.predict(X), ref.predict(X), rtol=1e-6)


def _expected_failed_checks(estimator):
    # These checks fit features drawn from N(100, 1): |x|^2 is about 2e4 per sample, so any
    # learning rate above about 1e-4 diverges and GradientDescentRegressor raises
    # DivergenceError by design (never NaN coefficients). A rate small enough for those
    # data would leave the regression checks on standardised data untrained.
    reason = ("unscaled features with mean 100: gradient descent diverges at any useful "
              "learning rate and raises DivergenceError, as designed")
    return {name: reason for name in
            ["check_fit_idempotent", "check_fit_check_is_fitted", "check_n_features_in"]}


@parametrize_with_checks(
    [GD(learning_rate=0.01, epochs=1000), GD(learning_rate=0.01, batch_size=1, epochs=20),
     GD(learning_rate=0.005, batch_size=16, schedule="inverse_time", t1=1000, alpha=0.01,
        tol=1e-4)],
    expected_failed_checks=_expected_failed_checks,
)
def test_sklearn_estimator_checks(estimator, check):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CourseWarning)
        warnings.simplefilter("ignore", ConvergenceWarning)
        check(estimator)


def test_streaming_at_the_noise_floor_does_not_warn(scaled):
    # once converged, a chunk's loss after its pass is often a little above its loss before
    # (SGD noise): that is no reason to warn about the learning rate
    X, y = scaled
    model = GD(learning_rate=0.1, batch_size=1, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", CourseWarning)
        for _ in range(10):
            for s in range(0, 200, 50):
                model.partial_fit(X[s:s + 50], y[s:s + 50])
    assert np.isfinite(model.coef_).all()


# ---- early stopping, as SGDRegressor(early_stopping=True) --------------------------------------

@pytest.fixture(scope="module")
def flexible():
    """30 noisy sine samples, degree-15 standardised polynomial features: GD over-trains."""
    from course_utils import PolynomialBasis, make_sine_curve

    x, y = make_sine_curve(30, noise=0.3, random_state=0)
    Phi = PolynomialBasis(degree=15, include_bias=False).fit_transform(x.reshape(-1, 1))
    X = StandardScaler().fit_transform(Phi)
    Xb = np.c_[np.ones(X.shape[0]), X]
    return X, y, 1.0 / np.linalg.eigvalsh(Xb.T @ Xb / X.shape[0])[-1]


def test_early_stopping_stops_and_keeps_the_best_parameters(flexible):
    X, y, eta = flexible
    kw = dict(learning_rate=eta, epochs=20000, validation_fraction=0.3, random_state=0)
    model = GD(early_stopping=True, n_iter_no_change=500, record_path="epoch", **kw).fit(X, y)
    best, curve = model.best_epoch_, model.validation_loss_curve_
    # tol=None counts as 0: every epoch after the best is "no improvement", so the run
    # stops exactly n_iter_no_change epochs after it
    assert model.n_iter_ == best + 500 < 20000
    assert curve.shape == model.loss_curve_.shape == (model.n_iter_,)
    assert curve[best - 1] == curve.min()
    assert_allclose(model.path_[best], np.r_[model.intercept_, model.coef_], rtol=0, atol=0)
    val = model.validation_indices_
    assert val.shape == (9,)  # ceil(0.3 * 30), as ShuffleSplit holds out
    assert_allclose(curve[best - 1], 0.5 * np.mean((y[val] - model.predict(X[val])) ** 2),
                    rtol=1e-12)
    # the training curve is on the 21 training samples only
    train = np.setdiff1d(np.arange(30), val)
    path_J = path_loss(X[train], y[train], model.path_[1:])
    assert_allclose(model.loss_curve_, path_J, rtol=1e-10)
    # over-training: the run without early stopping ends with a worse validation loss
    unstopped = GD(**kw).fit(X[train], y[train])
    final = 0.5 * np.mean((y[val] - unstopped.predict(X[val])) ** 2)
    assert curve[best - 1] < 0.5 * final
    assert unstopped.loss_curve_[-1] < model.loss_curve_[best - 1]  # yet fits training better


def test_early_stopping_split_is_sklearns_and_reproducible(flexible):
    X, y, eta = flexible
    mask = SGDRegressor(early_stopping=True, validation_fraction=0.3, random_state=4) \
        ._make_validation_split(y, sample_mask=np.ones(y.size, dtype=bool))
    kw = dict(learning_rate=eta, epochs=300, early_stopping=True, validation_fraction=0.3)
    model = GD(random_state=4, **kw).fit(X, y)
    assert_array_equal(model.validation_indices_, np.flatnonzero(mask))
    again = GD(random_state=4, **kw).fit(X, y)
    assert_array_equal(again.coef_, model.coef_)
    assert_array_equal(again.validation_loss_curve_, model.validation_loss_curve_)
    other = GD(random_state=5, **kw).fit(X, y)
    assert not np.array_equal(other.validation_indices_, model.validation_indices_)
    g1 = GD(random_state=np.random.default_rng(7), batch_size=4, **kw).fit(X, y)
    g2 = GD(random_state=np.random.default_rng(7), batch_size=4, **kw).fit(X, y)
    assert_array_equal(g1.validation_indices_, g2.validation_indices_)
    assert_array_equal(g1.coef_, g2.coef_)


def test_early_stopping_tol_rule_is_sklearns(flexible):
    # scikit-learn: an epoch whose validation score is not better than the best by tol counts
    # as no improvement, the first one always improves on -inf: with a huge tol the run
    # stops after exactly 1 + n_iter_no_change epochs
    X, y, eta = flexible
    model = GD(learning_rate=eta, epochs=100, early_stopping=True, tol=1e3, n_iter_no_change=3,
               random_state=0).fit(X, y)
    assert model.n_iter_ == 4
    assert model.best_epoch_ == int(np.argmin(model.validation_loss_curve_)) + 1


def test_without_early_stopping_no_validation_attributes(flexible):
    X, y, eta = flexible
    model = GD(learning_rate=eta, epochs=50, early_stopping=True, random_state=0).fit(X, y)
    assert hasattr(model, "best_epoch_")
    model.set_params(early_stopping=False).fit(X, y)
    for name in ("validation_loss_curve_", "best_epoch_", "validation_indices_"):
        assert not hasattr(model, name)
    plain = GD(learning_rate=eta, epochs=50).fit(X, y)
    assert_array_equal(model.coef_, plain.coef_)
    assert_array_equal(model.loss_curve_, plain.loss_curve_)


def test_early_stopping_bad_input(flexible):
    X, y, eta = flexible
    for bad in [0, 0.0, 1, 1.5, -0.1, "0.1", None]:
        with pytest.raises(ValueError, match="validation_fraction"):
            GD(early_stopping=True, validation_fraction=bad).fit(X, y)
    with pytest.raises(ValueError, match="early_stopping"):
        GD(early_stopping="yes").fit(X, y)
    with pytest.raises(ValueError, match="led to an empty set.*Lower validation_fraction"):
        GD(early_stopping=True, validation_fraction=0.99).fit(X[:5], y[:5])
    with pytest.raises(ValueError, match="early_stopping should be False with partial_fit"):
        GD(early_stopping=True).partial_fit(X, y)
    import dask.array as da

    with pytest.raises(ValueError, match="not available for dask arrays"):
        GD(early_stopping=True).fit(da.from_array(X, chunks=(10, -1)), da.from_array(y, chunks=10))
