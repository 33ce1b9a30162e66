r"""Lesson 02: loss functions, the "L" in the L-and-f view of a model.

A model is a prediction function :math:`f(x;\theta)` and a loss :math:`L(y, \hat y)`;
training minimises the mean loss over the samples,

.. math:: J(\theta) = \frac{1}{n}\sum_{i=1}^n L\big(y_i, f(x_i;\theta)\big).

Each loss object here returns that mean (``loss(y, raw)``), the per-sample values
(``loss.per_sample``) and the derivative of each sample's loss with respect to the model's
**raw prediction** :math:`z_i = f(x_i;\theta)` (``loss.gradient``), which is all gradient
descent (lesson 03) needs: by the chain rule
:math:`\nabla_\theta J = \frac1n\sum_i \partial L/\partial z_i\;\nabla_\theta z_i`.

The conventions are scikit-learn's (``sklearn._loss`` and ``SGDRegressor``), so the same
name minimises the same objective:

============== ============================================================ ==============
name           :math:`L(y, z)`                                              prediction
============== ============================================================ ==============
squared_error  :math:`\tfrac12 (y - z)^2` (half, so the gradient is         :math:`z`
               :math:`z - y`; its mean is half the MSE)
absolute_error :math:`|y - z|`                                              :math:`z`
huber          :math:`\tfrac12 r^2` if :math:`|r| \le \delta`, else         :math:`z`
               :math:`\delta(|r| - \tfrac12\delta)`, :math:`r = y - z`
quantile       pinball: :math:`q r` if :math:`r \ge 0`, else :math:`(q-1) r`     :math:`z`
gamma          half Gamma deviance with a log link:                         :math:`e^z`
               :math:`\log\hat y - \log y + y/\hat y - 1`, :math:`\hat y = e^z`
log_loss       log loss (cross-entropy) of a label :math:`y \in \{0, 1\}`:  :math:`\sigma(z)`
               :math:`\log(1 + e^z) - y z`, :math:`\sigma(z) = 1/(1+e^{-z})`
============== ============================================================ ==============

The first five are the regression losses (:data:`LOSSES`); ``log_loss`` is the
classification loss (:data:`CLASSIFICATION_LOSSES`) of ``GradientDescentClassifier``.
:func:`get_loss` finds either.
"""

from __future__ import annotations

import inspect
import numbers

import numpy as np
from scipy.special import expit

from ._validation import InvalidParameterError, RealNumber, check_magnitude, check_param

__all__ = [
    "Loss",
    "SquaredError",
    "AbsoluteError",
    "HuberLoss",
    "QuantileLoss",
    "GammaLoss",
    "LogLoss",
    "sigmoid",
    "margin_losses",
    "LOSSES",
    "CLASSIFICATION_LOSSES",
    "get_loss",
    "mean_squared_error",
    "root_mean_squared_error",
    "mean_absolute_error",
    "mean_pinball_loss",
    "mean_gamma_deviance",
]


def _as_1d(a, name):
    if isinstance(a, numbers.Real):
        a = np.asarray([a], dtype=float)
    if np.iscomplexobj(a) or (isinstance(a, list | tuple) and any(
            isinstance(v, complex | np.complexfloating) for v in a)):
        raise ValueError(
            f"{name} contains complex numbers: losses and metrics compare real numbers, and "
            "casting would silently drop the imaginary parts. Use .real if the imaginary parts "
            "are only rounding noise, or compare the magnitudes np.abs(...) if that is what "
            "you mean."
        )
    try:
        arr = np.asarray(a, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(
            f"{name} contains values that are not numbers ({exc}); convert it with "
            f".astype(float) or pick a numeric column."
        ) from exc
    if arr.ndim == 2 and 1 in arr.shape:
        arr = arr.ravel()
    if arr.ndim != 1:
        raise ValueError(f"{name} must be 1-D (one value per sample), got shape {arr.shape}.")
    if arr.size == 0:
        raise ValueError(f"{name} is empty: a loss needs at least one sample.")
    if not np.isfinite(arr).all():
        raise ValueError(
            f"{name} contains NaN or inf ({int((~np.isfinite(arr)).sum())} values): drop or "
            "impute those samples first. A prediction of NaN usually means training diverged."
        )
    check_magnitude(arr, name)
    return arr


def _check_pair(y, raw):
    y = _as_1d(y, "y")
    raw = _as_1d(raw, "the prediction")
    if y.shape != raw.shape:
        raise ValueError(
            f"y and the prediction have different lengths ({y.shape[0]} vs {raw.shape[0]}): "
            "pass one prediction per target, e.g. loss(y, model.predict(X))."
        )
    return y, raw


class Loss:
    """Base class: a loss :math:`L(y, z)` averaged over samples.

    Subclasses implement ``_per_sample(y, raw)`` and ``_gradient(y, raw)``.
    """

    name = "loss"
    link_name = "identity"

    def __call__(self, y, raw):
        """Mean loss :math:`\\frac1n\\sum_i L(y_i, z_i)`."""
        return float(np.mean(self.per_sample(y, raw)))

    def per_sample(self, y, raw):
        """Loss of each sample, shape (n_samples,)."""
        y, raw = _check_pair(y, raw)
        self.check_y(y)
        return self._per_sample(y, raw)

    def gradient(self, y, raw):
        """:math:`\\partial L(y_i, z_i) / \\partial z_i` for each sample."""
        y, raw = _check_pair(y, raw)
        self.check_y(y)
        return self._gradient(y, raw)

    def inverse_link(self, raw):
        """Turn the raw prediction :math:`z` into a prediction of y (identity here)."""
        return np.asarray(raw, dtype=float)

    def link(self, y_pred):
        """Inverse of :meth:`inverse_link`."""
        return np.asarray(y_pred, dtype=float)

    def check_y(self, y):
        """Raise a clear error when y is outside the loss's domain (only gamma restricts it)."""

    def __repr__(self):
        params = ", ".join(f"{k}={v!r}" for k, v in vars(self).items())
        return f"{type(self).__name__}({params})"

    def __eq__(self, other):
        return type(self) is type(other) and vars(self) == vars(other)

    def __hash__(self):
        return hash((type(self).__name__, tuple(sorted(vars(self).items()))))


_DELTA_EXPLAIN = (
    "delta is the Huber threshold in the units of y: residuals larger than delta count "
    "linearly. (scikit-learn's HuberRegressor calls its threshold epsilon and measures it in "
    "units of an estimated scale; SGDRegressor(loss='huber') calls delta epsilon.)"
)

#: Parameters that scikit-learn names differently, by loss: {loss: {their name: ours}}.
_OTHER_NAMES = {
    "huber": {"epsilon": "delta (scikit-learn's HuberRegressor and SGDRegressor call the "
                         "Huber threshold epsilon; HuberRegressor's epsilon is in units of its "
                         "estimated scale, so it equals delta only when that scale is 1)"},
    "quantile": {"alpha": "quantile (scikit-learn's mean_pinball_loss and "
                          "GradientBoostingRegressor call the quantile alpha)",
                 "q": "quantile"},
}


class SquaredError(Loss):
    r"""Half squared error :math:`L = \tfrac12 (y - z)^2`, gradient :math:`z - y`.

    Minimised by the mean. ``2 * loss(y, y_pred)`` is the MSE.
    """

    name = "squared_error"

    def _per_sample(self, y, raw):
        return 0.5 * (y - raw) ** 2

    def _gradient(self, y, raw):
        return raw - y


class AbsoluteError(Loss):
    r"""Absolute error :math:`L = |y - z|`, gradient :math:`\operatorname{sign}(z - y)`.

    Minimised by the median; the gradient at :math:`z = y` is taken as 0 (a subgradient).
    """

    name = "absolute_error"

    def _per_sample(self, y, raw):
        return np.abs(y - raw)

    def _gradient(self, y, raw):
        return np.sign(raw - y)


class HuberLoss(Loss):
    r"""Huber loss: quadratic for small residuals, linear beyond ``delta``.

    .. math:: L = \begin{cases}\tfrac12 r^2 & |r| \le \delta\\
              \delta\,(|r| - \tfrac12\delta) & |r| > \delta\end{cases},\qquad r = y - z

    Gradient :math:`-r` inside, :math:`-\delta\operatorname{sign}(r)` outside (the residual
    clipped to :math:`[-\delta, \delta]`). Same form as ``SGDRegressor(loss="huber",
    epsilon=delta)``.
    """

    name = "huber"

    def __init__(self, delta=1.0):
        check_param(delta, "delta", [RealNumber(0, None, "neither")], owner="HuberLoss",
                    explain=_DELTA_EXPLAIN)
        self.delta = float(delta)

    def _per_sample(self, y, raw):
        a = np.abs(y - raw)
        return np.where(a <= self.delta, 0.5 * a**2, self.delta * (a - 0.5 * self.delta))

    def _gradient(self, y, raw):
        return np.clip(raw - y, -self.delta, self.delta)


class QuantileLoss(Loss):
    r"""Pinball loss for the ``quantile`` :math:`q`: minimised by the q-th quantile.

    .. math:: L = \max\big(q\,r,\ (q - 1)\,r\big),\qquad r = y - z

    Gradient :math:`-q` when :math:`y > z`, :math:`1 - q` when :math:`y < z`, 0 at
    equality. ``quantile=0.5`` is half the absolute error. Same objective as
    ``QuantileRegressor(quantile=q, alpha=0)`` and ``mean_pinball_loss(alpha=q)``.
    """

    name = "quantile"

    def __init__(self, quantile=0.5):
        check_param(quantile, "quantile", [RealNumber(0, 1, "neither")], owner="QuantileLoss",
                    explain="It is the quantile q, e.g. 0.1 for the 10th percentile, 0.5 for "
                    "the median.")
        self.quantile = float(quantile)

    def _per_sample(self, y, raw):
        r = y - raw
        return np.maximum(self.quantile * r, (self.quantile - 1.0) * r)

    def _gradient(self, y, raw):
        return np.where(y > raw, -self.quantile, np.where(y < raw, 1.0 - self.quantile, 0.0))


class GammaLoss(Loss):
    r"""Half Gamma deviance with a log link, for positive, right-skewed targets.

    The model predicts :math:`\hat y = e^{z}` (always positive) and

    .. math:: L = \log \hat y - \log y + \frac{y}{\hat y} - 1
              = z - \log y + y\,e^{-z} - 1 \;\ge 0,

    which is 0 exactly when :math:`\hat y = y`. Gradient with respect to :math:`z`:
    :math:`1 - y\,e^{-z}`. Twice this is scikit-learn's ``mean_gamma_deviance``;
    ``GammaRegressor(alpha=0)`` minimises the same mean.
    """

    name = "gamma"
    link_name = "log"

    def check_y(self, y):
        if np.any(y <= 0):
            raise ValueError(
                f"The gamma loss needs a strictly positive target, but y has "
                f"{int((y <= 0).sum())} values <= 0 (smallest {y.min():.4g}). Use it for "
                "quantities like prices, durations or claim sizes; drop zero rows or "
                "choose another loss."
            )

    def inverse_link(self, raw):
        return np.exp(np.asarray(raw, dtype=float))

    def link(self, y_pred):
        y_pred = np.asarray(y_pred, dtype=float)
        if np.any(y_pred <= 0):
            raise ValueError("The log link needs strictly positive predictions.")
        return np.log(y_pred)

    def _per_sample(self, y, raw):
        return raw - np.log(y) + y * np.exp(-raw) - 1.0

    def _gradient(self, y, raw):
        return 1.0 - y * np.exp(-raw)


def sigmoid(z):
    r"""The logistic function :math:`\sigma(z) = 1 / (1 + e^{-z})`, the f of a probability.

    Computed without overflow for any finite :math:`z` (``scipy.special.expit``):
    :math:`\sigma(1000) = 1`, :math:`\sigma(-1000) = 0`, no warning.

    Examples
    --------
    >>> print(sigmoid([-1000.0, 0.0, 1000.0]))
    [0.  0.5 1. ]
    """
    return expit(np.asarray(z, dtype=float))


def _softplus(z):
    r""":math:`\log(1 + e^{z}) = \max(z, 0) + \log(1 + e^{-|z|})`: exact, never overflows."""
    return np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z)))


class LogLoss(Loss):
    r"""Log loss (binary cross-entropy) of a label :math:`y \in \{0, 1\}` with the sigmoid as f.

    The model's raw prediction :math:`z = x^\top w + b` is the log-odds; the predicted
    probability of class 1 is :math:`p = \sigma(z) = 1/(1 + e^{-z})` and

    .. math:: L(y, z) = -y\log p - (1 - y)\log(1 - p) = \log(1 + e^{z}) - y z,

    computed as :math:`(\max(z, 0) - y z) + \log(1 + e^{-|z|})` so that :math:`|z| = 1000`
    neither overflows nor loses digits. Gradient with respect to :math:`z`:
    :math:`\sigma(z) - y` (predicted minus observed, as for the squared error), and the
    curvature :math:`\sigma(z)(1 - \sigma(z)) \le \tfrac14`. With the labels written as
    :math:`\pm 1`, :math:`L = \log(1 + e^{-\tilde y z})` depends only on the *margin*
    :math:`\tilde y z`. The mean is ``sklearn.metrics.log_loss(y, sigmoid(z))``; it is the
    objective of ``LogisticRegression`` and ``SGDClassifier(loss="log_loss")``.

    Examples
    --------
    >>> loss = LogLoss()
    >>> print(round(loss([1.0, 0.0], [0.0, 0.0]), 6))  # p = 0.5 for both: log 2
    0.693147
    >>> print(loss.gradient([1.0, 0.0], [1000.0, 1000.0]))
    [0. 1.]
    """

    name = "log_loss"
    link_name = "logit"

    def check_y(self, y):
        bad = (y < 0) | (y > 1)
        if np.any(bad):
            raise ValueError(
                f"The log loss needs labels y in {{0, 1}} (or probabilities in [0, 1]), but y "
                f"has {int(bad.sum())} values outside [0, 1] (e.g. {y[bad][0]:.4g}). Encode the "
                "two classes as 0 and 1, e.g. y = (labels == positive_label).astype(float), or "
                "let GradientDescentClassifier encode any two labels for you."
            )

    def inverse_link(self, raw):
        return sigmoid(raw)

    def link(self, y_pred):
        p = np.asarray(y_pred, dtype=float)
        if np.any((p <= 0) | (p >= 1)):
            raise ValueError("The logit link needs probabilities strictly between 0 and 1.")
        return np.log(p) - np.log1p(-p)

    def _per_sample(self, y, raw):
        # (max(z, 0) - y z) first: exact for a confident right answer (y = 1, z = 40 gives
        # log(1 + e^-40) = 4.2e-18, not softplus(40) - 40 = 0)
        return (np.maximum(raw, 0.0) - y * raw) + np.log1p(np.exp(-np.abs(raw)))

    def _gradient(self, y, raw):
        # sigma(z) - y written as (1 - y) sigma(z) - y sigma(-z): no cancellation when the
        # answer is confidently right (y = 1, z = 40: -4.2e-18, not 1 - 1 = 0)
        return (1.0 - y) * expit(raw) - y * expit(-raw)


def margin_losses(margin):
    r"""The 0-1 loss, the log loss and the squared error of a ±1 label against the margin.

    With the label written :math:`\tilde y = 2y - 1 \in \{-1, +1\}` and the raw prediction
    :math:`z`, each loss depends only on the margin :math:`m = \tilde y z` (positive: the
    right side of the boundary):

    * 0-1 loss :math:`[m \le 0]` (what accuracy counts; no useful gradient),
    * log loss :math:`\log(1 + e^{-m})` (:class:`LogLoss`),
    * squared error :math:`\tfrac12(\tilde y - z)^2 = \tfrac12(1 - m)^2`, which also
      punishes points that are *too* right (:math:`m > 1`).

    Parameters
    ----------
    margin : array-like of shape (n_points,)

    Returns
    -------
    dict[str, ndarray]
        ``{"0-1 loss": ..., "log loss": ..., "squared error": ...}``.

    Examples
    --------
    >>> for name, values in margin_losses([-1.0, 0.0, 2.0]).items():
    ...     print(name, values.round(3))
    0-1 loss [1. 1. 0.]
    log loss [1.313 0.693 0.127]
    squared error [2.  0.5 0.5]
    """
    m = np.asarray(margin, dtype=float)
    return {
        "0-1 loss": (m <= 0).astype(float),
        "log loss": _softplus(-m),
        "squared error": 0.5 * (1.0 - m) ** 2,
    }


#: The regression losses, by scikit-learn name (what the regressors accept).
LOSSES = {
    "squared_error": SquaredError,
    "absolute_error": AbsoluteError,
    "huber": HuberLoss,
    "quantile": QuantileLoss,
    "gamma": GammaLoss,
}

#: The classification losses, by scikit-learn name (what GradientDescentClassifier accepts).
CLASSIFICATION_LOSSES = {
    "log_loss": LogLoss,
}

_ALL_LOSSES = {**LOSSES, **CLASSIFICATION_LOSSES}


def get_loss(loss, **params):
    """Return a loss object from its scikit-learn name (or pass a :class:`Loss` through).

    >>> get_loss("huber", delta=2.0)
    HuberLoss(delta=2.0)
    """
    if isinstance(loss, Loss):
        if params:
            raise ValueError("Pass parameters either in the Loss object or as keywords, not both.")
        return loss
    if not isinstance(loss, str) or loss not in _ALL_LOSSES:
        raise ValueError(
            f"Unknown loss {loss!r}. Choose one of {sorted(_ALL_LOSSES)} or pass a Loss object, "
            "e.g. HuberLoss(delta=1.0)."
        )
    if not params:
        return _ALL_LOSSES[loss]()
    accepted = list(inspect.signature(_ALL_LOSSES[loss]).parameters)
    for name in params:
        if name in accepted:
            continue
        ours = _OTHER_NAMES.get(loss, {}).get(name)
        if ours is not None:
            raise InvalidParameterError(
                f"The {loss!r} loss has no parameter {name!r}: here it is called {ours}. Write "
                f"get_loss({loss!r}, {ours.split()[0]}={params[name]!r})."
            )
        takes = (f"takes only {', '.join(accepted)}" if accepted else "takes no parameters")
        raise InvalidParameterError(
            f"The {loss!r} loss has no parameter {name!r}: it {takes}. Check the spelling, or "
            "pick the loss that has this parameter."
        )
    return _ALL_LOSSES[loss](**params)


# ---- metrics with the names and definitions of sklearn.metrics --------------------------------

def mean_squared_error(y_true, y_pred):
    r"""MSE :math:`\frac1n\sum_i (y_i - \hat y_i)^2` (units of y squared)."""
    y, p = _check_pair(y_true, y_pred)
    return float(np.mean((y - p) ** 2))


def root_mean_squared_error(y_true, y_pred):
    r"""RMSE :math:`\sqrt{\mathrm{MSE}}`: same minimiser as the MSE, in the units of y."""
    return float(np.sqrt(mean_squared_error(y_true, y_pred)))


def mean_absolute_error(y_true, y_pred):
    r"""MAE :math:`\frac1n\sum_i |y_i - \hat y_i|` (units of y)."""
    y, p = _check_pair(y_true, y_pred)
    return float(np.mean(np.abs(y - p)))


def mean_pinball_loss(y_true, y_pred, *, alpha=0.5):
    r"""Mean pinball loss at quantile ``alpha`` (scikit-learn's name for :math:`q`)."""
    check_param(alpha, "alpha", [RealNumber(0, 1, "neither")], owner="mean_pinball_loss",
                explain="Here alpha is the quantile q, as in scikit-learn's mean_pinball_loss "
                "(QuantileLoss and LossRegressor call it quantile), e.g. alpha=0.9 for the 90th "
                "percentile; it is not a penalty strength.")
    return QuantileLoss(alpha)(y_true, y_pred)


def mean_gamma_deviance(y_true, y_pred):
    r"""Mean Gamma deviance :math:`\frac2n\sum_i(\log(\hat y_i/y_i) + y_i/\hat y_i - 1)`."""
    y, p = _check_pair(y_true, y_pred)
    if np.any(p <= 0):
        raise ValueError("Gamma deviance needs strictly positive predictions.")
    return 2.0 * GammaLoss()(y, np.log(p))
