"""Loss objects: values against scikit-learn's metrics, gradients against finite differences."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose
from sklearn import metrics

from course_utils import LOSSES, GammaLoss, HuberLoss, QuantileLoss, SquaredError, get_loss
from course_utils import losses as L

RNG = np.random.default_rng(0)
Y = RNG.gamma(2.0, 2.0, size=200) + 0.1  # positive, so every loss accepts it
RAW = np.log(Y) + RNG.normal(0, 0.3, size=200)  # for gamma (log link)
PRED = Y + RNG.normal(0, 1.5, size=200)  # for the identity-link losses

ALL = [SquaredError(), L.AbsoluteError(), HuberLoss(0.7), QuantileLoss(0.2), QuantileLoss(0.9),
       GammaLoss()]


def _raw_for(loss):
    return RAW if isinstance(loss, GammaLoss) else PRED


@pytest.mark.parametrize("loss", ALL, ids=repr)
def test_gradient_matches_finite_differences(loss):
    raw = _raw_for(loss)
    h = 1e-6
    numeric = (loss.per_sample(Y, raw + h) - loss.per_sample(Y, raw - h)) / (2 * h)
    assert_allclose(loss.gradient(Y, raw), numeric, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("loss", ALL, ids=repr)
def test_mean_of_per_sample_and_zero_at_perfect_prediction(loss):
    raw = _raw_for(loss)
    assert loss(Y, raw) == pytest.approx(loss.per_sample(Y, raw).mean())
    assert_allclose(loss.per_sample(Y, loss.link(Y)), 0.0, atol=1e-12)
    assert (loss.per_sample(Y, raw) >= 0).all()


def test_values_match_sklearn_metrics():
    assert 2 * SquaredError()(Y, PRED) == pytest.approx(metrics.mean_squared_error(Y, PRED))
    assert L.mean_squared_error(Y, PRED) == metrics.mean_squared_error(Y, PRED)
    assert L.root_mean_squared_error(Y, PRED) == pytest.approx(
        metrics.root_mean_squared_error(Y, PRED), rel=1e-15)
    assert L.mean_absolute_error(Y, PRED) == pytest.approx(
        metrics.mean_absolute_error(Y, PRED), rel=1e-15)
    assert L.AbsoluteError()(Y, PRED) == pytest.approx(metrics.mean_absolute_error(Y, PRED))
    for q in [0.1, 0.5, 0.9]:
        assert L.mean_pinball_loss(Y, PRED, alpha=q) == pytest.approx(
            metrics.mean_pinball_loss(Y, PRED, alpha=q), rel=1e-12)
    yhat = np.exp(RAW)
    assert 2 * GammaLoss()(Y, RAW) == pytest.approx(metrics.mean_gamma_deviance(Y, yhat), rel=1e-12)
    assert L.mean_gamma_deviance(Y, yhat) == pytest.approx(
        metrics.mean_gamma_deviance(Y, yhat), rel=1e-12)


def test_huber_is_quadratic_then_linear():
    h = HuberLoss(delta=1.0)
    r = np.array([0.5, 1.0, 3.0])
    assert_allclose(h.per_sample(np.zeros(3), r), [0.125, 0.5, 2.5])


def test_constant_minimisers_mean_median_quantile():
    grid = np.linspace(np.quantile(Y, 0.05), np.quantile(Y, 0.95), 2001)
    def best(loss):
        return grid[np.argmin([loss(Y, np.full_like(Y, c)) for c in grid])]
    step = grid[1] - grid[0]
    assert abs(best(SquaredError()) - Y.mean()) <= step
    assert abs(best(L.AbsoluteError()) - np.median(Y)) <= (np.sort(Y)[100] - np.sort(Y)[99]) + step
    assert abs(best(QuantileLoss(0.9)) - np.quantile(Y, 0.9)) < 0.2


def test_registry_uses_sklearn_names():
    assert set(LOSSES) == {"squared_error", "absolute_error", "huber", "quantile", "gamma"}
    assert get_loss("huber", delta=2.0) == HuberLoss(2.0)
    assert get_loss(QuantileLoss(0.3)) == QuantileLoss(0.3)
    with pytest.raises(ValueError, match="Unknown loss 'l2'.*squared_error"):
        get_loss("l2")
    with pytest.raises(ValueError, match="has no parameter"):
        get_loss("squared_error", delta=1.0)


def test_bad_input_messages():
    with pytest.raises(ValueError, match="different lengths"):
        SquaredError()(np.ones(3), np.ones(4))
    with pytest.raises(ValueError, match="NaN or inf"):
        SquaredError()(np.array([1.0, np.nan]), np.ones(2))
    with pytest.raises(ValueError, match="strictly positive target"):
        GammaLoss()(np.array([1.0, 0.0]), np.zeros(2))
    with pytest.raises(ValueError, match="not numbers"):
        SquaredError()(np.array(["a", "b"]), np.ones(2))
    with pytest.raises(ValueError, match="empty"):
        SquaredError()(np.array([]), np.array([]))
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        QuantileLoss(1.5)
    with pytest.raises(ValueError, match="delta must be a finite number > 0"):
        HuberLoss(0)


# ---- more properties of each loss ---------------------------------------------------------------

@settings(max_examples=60, deadline=None)
@given(
    loss_id=st.integers(0, len(ALL) - 1),
    y=st.floats(0.05, 50.0),
    offset=st.floats(-5.0, 5.0).filter(lambda v: abs(v) > 1e-3),
)
def test_property_gradient_is_the_slope_of_the_loss(loss_id, y, offset):
    loss = ALL[loss_id]
    raw = np.log(y) + offset if isinstance(loss, GammaLoss) else y + offset
    if isinstance(loss, HuberLoss) and abs(abs(offset) - loss.delta) < 1e-3:
        return  # the second derivative jumps at |r| = delta; the first does not, but FD is noisy
    h = 1e-7 * max(1.0, abs(raw))
    yy, rr = np.array([y]), np.array([raw])
    numeric = (loss.per_sample(yy, rr + h) - loss.per_sample(yy, rr - h)) / (2 * h)
    assert_allclose(loss.gradient(yy, rr), numeric, rtol=1e-5, atol=1e-6)


def test_huber_between_squared_and_absolute():
    r = np.linspace(-10, 10, 201)
    zeros = np.zeros_like(r)
    assert_allclose(HuberLoss(delta=100.0).per_sample(zeros, r),
                    SquaredError().per_sample(zeros, r))
    small = HuberLoss(delta=1e-6).per_sample(zeros, r) / 1e-6
    assert_allclose(small, np.abs(r), atol=1e-5)  # delta * |r| up to delta^2 / 2
    # continuous with a continuous slope at |r| = delta
    h = HuberLoss(delta=2.0)
    assert_allclose(h.per_sample([0.0, 0.0], [2.0 - 1e-9, 2.0 + 1e-9]), [2.0, 2.0], atol=1e-8)
    assert_allclose(h.gradient([0.0, 0.0, 0.0], [1.0, 2.0, 5.0]), [1.0, 2.0, 2.0])


def test_pinball_at_one_half_is_half_the_absolute_error():
    assert_allclose(QuantileLoss(0.5).per_sample(Y, PRED), 0.5 * np.abs(Y - PRED))
    assert_allclose(QuantileLoss(0.5).gradient(Y, PRED), 0.5 * L.AbsoluteError().gradient(Y, PRED))


def test_pinball_charges_under_prediction_q_and_over_prediction_one_minus_q():
    q = QuantileLoss(0.9)
    assert_allclose(q.per_sample([10.0, 10.0], [9.0, 11.0]), [0.9, 0.1])
    assert_allclose(q.gradient([10.0, 10.0, 10.0], [9.0, 11.0, 10.0]), [-0.9, 0.1, 0.0])


def test_gamma_scores_relative_errors_and_needs_positive_predictions():
    g = GammaLoss()
    for c in [0.01, 3.0, 1000.0]:  # deviance of (c y, c y_hat) equals that of (y, y_hat)
        assert_allclose(g.per_sample(c * Y, RAW + np.log(c)), g.per_sample(Y, RAW), atol=1e-12)
    assert_allclose(g.inverse_link(g.link(Y)), Y, rtol=1e-15)
    with pytest.raises(ValueError, match="strictly positive predictions"):
        g.link(np.array([1.0, -1.0]))
    with pytest.raises(ValueError, match="strictly positive predictions"):
        L.mean_gamma_deviance(Y[:2], [1.0, 0.0])
    with pytest.raises(ValueError, match="strictly positive target"):
        g.gradient(np.array([1.0, -2.0]), np.zeros(2))


def test_identity_link_losses_predict_the_raw_value():
    for loss in ALL[:-1]:
        assert loss.link_name == "identity"
        assert_allclose(loss.inverse_link(PRED), PRED)
        assert_allclose(loss.link(PRED), PRED)
    assert GammaLoss().link_name == "log"


def test_accepts_lists_scalars_and_column_vectors():
    assert SquaredError()([1.0, 2.0], [1.0, 4.0]) == pytest.approx(1.0)
    assert SquaredError()(3.0, 1.0) == pytest.approx(2.0)
    col = Y.reshape(-1, 1)
    assert L.AbsoluteError()(col, PRED) == pytest.approx(L.AbsoluteError()(Y, PRED))


def test_more_bad_input_messages():
    with pytest.raises(ValueError, match="must be 1-D .*shape \\(3, 2\\)"):
        SquaredError()(np.ones((3, 2)), np.ones((3, 2)))
    with pytest.raises(ValueError, match="prediction contains NaN or inf.*diverged"):
        SquaredError()(np.ones(2), np.array([1.0, np.inf]))
    with pytest.raises(ValueError, match="different lengths"):
        HuberLoss().gradient(np.ones(3), np.ones(2))
    for bad in [True, "1", 0.0, 1.0, -0.5]:
        with pytest.raises(ValueError, match="strictly between 0 and 1"):
            QuantileLoss(bad)
    for bad in [True, "2", -1.0]:
        with pytest.raises(ValueError, match="delta must be a finite number > 0"):
            HuberLoss(bad)
    with pytest.raises(ValueError, match="either in the Loss object or as keywords"):
        get_loss(HuberLoss(), delta=2.0)
    with pytest.raises(ValueError, match="Unknown loss"):
        get_loss(None)


def test_registry_builds_every_loss_with_defaults():
    for name, cls in LOSSES.items():
        loss = get_loss(name)
        assert isinstance(loss, cls) and loss.name == name
        assert hash(loss) == hash(get_loss(name)) and loss == get_loss(name)
    assert get_loss("quantile", quantile=0.3) != QuantileLoss(0.4)
    assert repr(QuantileLoss(0.3)) == "QuantileLoss(quantile=0.3)"


# ---- the log loss: the L of a classifier, with the sigmoid as f ----------------------------------

Z = RNG.normal(0, 3, size=200)
LABELS = (RNG.random(200) < L.sigmoid(Z)).astype(float)


def test_log_loss_matches_sklearn_and_its_gradient_finite_differences():
    loss = get_loss("log_loss")
    assert isinstance(loss, L.LogLoss) and loss.name == "log_loss"
    assert loss(LABELS, Z) == pytest.approx(metrics.log_loss(LABELS, L.sigmoid(Z)), rel=1e-12)
    per = loss.per_sample(LABELS, Z)
    p = 1 / (1 + np.exp(-Z))
    assert_allclose(per, -LABELS * np.log(p) - (1 - LABELS) * np.log(1 - p), rtol=1e-10)
    h = 1e-6
    numeric = (loss.per_sample(LABELS, Z + h) - loss.per_sample(LABELS, Z - h)) / (2 * h)
    assert_allclose(loss.gradient(LABELS, Z), numeric, rtol=1e-6, atol=1e-8)
    assert_allclose(loss.gradient(LABELS, Z), p - LABELS, rtol=1e-12, atol=1e-15)
    # the link: z is the log-odds of the probability sigma(z)
    assert_allclose(loss.link(loss.inverse_link(Z)), Z, rtol=1e-9)


def test_log_loss_is_stable_at_huge_logits():
    loss = L.LogLoss()
    z = np.array([-1000.0, -1000.0, 1000.0, 1000.0, -40.0, 40.0])
    y = np.array([0.0, 1.0, 0.0, 1.0, 0.0, 1.0])
    with np.errstate(over="raise", divide="raise", invalid="raise"):  # no overflow, no log(0)
        values = loss.per_sample(y, z)
        grad = loss.gradient(y, z)
    assert_allclose(values, [0.0, 1000.0, 1000.0, 0.0, np.log1p(np.exp(-40.0)),
                             np.log1p(np.exp(-40.0))], rtol=1e-12, atol=0)
    assert values[4] > 0  # 4.2e-18: not rounded to 0, as log(1 + exp(-40)) would be
    assert_allclose(grad, [0.0, -1.0, 1.0, 0.0, np.exp(-40.0), -np.exp(-40.0)], rtol=1e-12)
    assert_allclose(L.sigmoid([-1000.0, 1000.0]), [0.0, 1.0])


def test_log_loss_rejects_labels_outside_zero_one():
    with pytest.raises(ValueError, match="labels y in \\{0, 1\\}.*GradientDescentClassifier"):
        L.LogLoss()([0.0, 2.0], [0.0, 0.0])
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        L.LogLoss().link([0.0, 0.5])
    with pytest.raises(ValueError, match="Unknown loss"):
        get_loss("logloss")
    assert "log_loss" in L.CLASSIFICATION_LOSSES and "log_loss" not in LOSSES


def test_margin_losses_are_functions_of_the_margin():
    # +-1 labels: each loss of (y, z) is the same function of m = y~ z
    loss = L.LogLoss()
    y_pm = 2 * LABELS - 1
    m = y_pm * Z
    curves = L.margin_losses(m)
    assert_allclose(curves["log loss"], loss.per_sample(LABELS, Z), rtol=1e-12)
    assert_allclose(curves["squared error"], SquaredError().per_sample(y_pm, Z), rtol=1e-12)
    assert_allclose(curves["0-1 loss"], (np.sign(Z) != y_pm).astype(float), atol=0)
    assert curves["0-1 loss"].mean() == pytest.approx(1 - metrics.accuracy_score(LABELS, Z > 0))
