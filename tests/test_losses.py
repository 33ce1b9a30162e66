"""Loss objects: values against scikit-learn's metrics, gradients against finite differences."""

import numpy as np
import pytest
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
    with pytest.raises(ValueError, match="Wrong parameters"):
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
    with pytest.raises(ValueError, match="delta must be a number > 0"):
        HuberLoss(0)
