r"""Lesson 03: training a linear model by gradient descent, full batch, stochastic and mini-batch.

Notation of the notebook: the model predicts :math:`z_i = x_i^\top w + b` (the *raw*
prediction; the loss's inverse link turns it into :math:`\hat y_i`, the identity except for
the gamma loss), the parameters are :math:`\theta = (b, w)`, and training minimises the same
objective as scikit-learn's ``SGDRegressor``:

.. math:: J(w, b) = \frac1n \sum_{i=1}^n L(y_i, x_i^\top w + b)
          + \frac{\alpha}{2}\lVert w\rVert_2^2 .

The intercept :math:`b` is not penalised. With the (half) squared error
:math:`L = \tfrac12 (y - z)^2` this is ridge regression:
``GradientDescentRegressor(alpha=a)`` has the minimiser of ``Ridge(alpha=n * a)``.

One *update* takes a batch :math:`B` of :math:`m` samples and steps against the gradient of
the batch's part of :math:`J`:

.. math::
    g_i = \frac{\partial L(y_i, z_i)}{\partial z_i},\qquad
    w \leftarrow w - \eta_t \Big(\frac1m \sum_{i\in B} g_i\, x_i + \alpha w\Big),\qquad
    b \leftarrow b - \eta_t\, \frac1m \sum_{i\in B} g_i .

:math:`m = n` is (full-)batch gradient descent, :math:`m = 1` stochastic gradient descent
(SGD), anything between is mini-batch gradient descent. An *epoch* is one pass over the
data: :math:`\lceil n / m\rceil` updates.
"""

from __future__ import annotations

import functools
import math
import sys
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy.linalg.blas import dgemv
from sklearn.base import BaseEstimator, ClassifierMixin, is_classifier
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import ShuffleSplit, StratifiedShuffleSplit
from sklearn.utils.multiclass import type_of_target
from sklearn.utils.validation import check_is_fitted, validate_data

from ._base import LinearRegressorBase
from ._compiled import compiled_epoch
from ._validation import (
    Boolean,
    Function,
    InstanceOf,
    Integer,
    NoneValue,
    Options,
    RandomState,
    RealNumber,
    _check_values,
    _friendly_X,
    check_random_state,
    check_X,
    check_X_y,
    validate_params,
    warn_course,
)
from .losses import CLASSIFICATION_LOSSES, LOSSES, LogLoss, Loss, SquaredError, get_loss, sigmoid

__all__ = [
    "DivergenceError",
    "GradientDescentClassifier",
    "GradientDescentRegressor",
    "learning_rate_schedule",
    "loss_surface",
    "path_loss",
]

_SCHEDULES = ("constant", "inverse_time")

#: A run whose loss exceeds this multiple of its starting loss is declared divergent.
DIVERGENCE_FACTOR = 100.0

#: ``record_path=True`` refuses to store more than this many bytes of parameters.
MAX_PATH_BYTES = 200 * 2**20


class DivergenceError(RuntimeError):
    """Gradient descent diverged: the loss exploded or became NaN/inf.

    Raised instead of returning NaN coefficients. Besides the message it carries what the
    run had recorded before it was stopped, so a lesson can still draw it.

    Attributes
    ----------
    learning_rate : float
        The learning rate that diverged.
    epoch : int
        The epoch (1-based) at whose end the divergence was detected.
    loss_curve : ndarray
        Training loss :math:`J` after each epoch up to ``epoch`` (the last value may be inf or NaN).
    path : ndarray or None
        The parameter path ``(intercept, coef...)`` up to that point, if it was recorded.
    """

    def __init__(self, message, *, learning_rate, epoch, loss_curve, path=None):
        super().__init__(message)
        self.learning_rate = learning_rate
        self.epoch = epoch
        self.loss_curve = np.asarray(loss_curve, dtype=float)
        self.path = path


def learning_rate_schedule(schedule, learning_rate, t1=100.0):
    r"""The step size :math:`\eta_t` as a function of the update counter :math:`t = 0, 1, 2, \dots`.

    Parameters
    ----------
    schedule : {"constant", "inverse_time"} or callable
        ``"constant"``: :math:`\eta_t = \eta_0`. ``"inverse_time"``:
        :math:`\eta_t = t_0 / (t + t_1)` with :math:`t_0 = \eta_0 t_1`, so it starts at
        :math:`\eta_0` and halves after :math:`t_1` updates. A callable ``f(t)`` returns
        :math:`\eta_t` itself.
    learning_rate : float
        :math:`\eta_0`.
    t1 : float, default=100.0
        :math:`t_1` of the inverse-time decay.

    Returns
    -------
    callable
        ``eta(t) -> float``.
    """
    if callable(schedule):
        return schedule
    if schedule == "constant":
        eta0 = float(learning_rate)
        return lambda t: eta0
    if schedule == "inverse_time":
        t0, t1 = float(learning_rate) * float(t1), float(t1)
        return lambda t: t0 / (t + t1)
    raise ValueError(
        f"schedule must be one of {_SCHEDULES} or a function t -> learning rate, got "
        f"{schedule!r}."
    )


def loss_surface(x, y, intercepts, slopes, *, loss="squared_error", alpha=0.0):
    r"""The objective :math:`J(b, w)` of a one-feature model on a grid, for contour plots.

    Parameters
    ----------
    x, y : array-like of shape (n_samples,)
    intercepts : array-like of shape (n_b,)
        Values of :math:`b` (columns of the result).
    slopes : array-like of shape (n_w,)
        Values of :math:`w` (rows of the result).
    loss : str or Loss, default="squared_error"
    alpha : float, default=0.0

    Returns
    -------
    J : ndarray of shape (n_w, n_b)
        ``J[j, k]`` is the objective at :math:`w = ` ``slopes[j]``, :math:`b = `
        ``intercepts[k]``, ready for ``plt.contour(intercepts, slopes, J)``.
    """
    loss = get_loss(loss)
    x = np.asarray(x, dtype=float).ravel()
    y = np.asarray(y, dtype=float).ravel()
    if x.shape != y.shape or x.size == 0:
        raise ValueError(f"x and y must be non-empty and of the same length, got {x.shape} and "
                         f"{y.shape}.")
    b = np.asarray(intercepts, dtype=float)
    w = np.asarray(slopes, dtype=float)
    if isinstance(loss, SquaredError):
        # J = 1/2 mean (y - b - w x)^2 expanded in the sufficient statistics: O(n + grid).
        sx, sy, sxx, sxy, syy = x.mean(), y.mean(), (x * x).mean(), (x * y).mean(), (y * y).mean()
        B, W = b[None, :], w[:, None]
        J = 0.5 * (syy + B**2 + W**2 * sxx - 2 * B * sy - 2 * W * sxy + 2 * B * W * sx)
    else:
        loss.check_y(y)
        J = np.empty((w.size, b.size))
        for j, wj in enumerate(w):
            raw = wj * x[:, None] + b[None, :]
            J[j] = loss._per_sample(y[:, None], raw).mean(axis=0)
    return J + 0.5 * alpha * w[:, None] ** 2


def path_loss(X, y, path, *, loss="squared_error", alpha=0.0, chunk_size=None):
    r"""The objective :math:`J` at every row ``(intercept, coef...)`` of a parameter path.

    Evaluates on the whole training set, so the noise of SGD shows in :math:`J` itself
    rather than in the loss of one batch.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
    path : array-like of shape (n_points, 1 + n_features)
        E.g. ``GradientDescentRegressor(record_path=True).fit(X, y).path_``.
    loss : str or Loss, default="squared_error"
    alpha : float, default=0.0
    chunk_size : int, optional
        Rows of the path evaluated at once (memory ``n_samples * chunk_size`` floats); by
        default as many as keep that product near :math:`2^{22}` (32 MB).

    Returns
    -------
    ndarray of shape (n_points,)
    """
    loss = get_loss(loss)
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float).ravel()
    path = np.asarray(path, dtype=float)
    if X.ndim != 2 or path.ndim != 2 or path.shape[1] != X.shape[1] + 1:
        raise ValueError(
            f"path must have shape (n_points, 1 + n_features) = (k, {X.shape[-1] + 1}), got "
            f"{path.shape}; each row is (intercept, coef_1, ..., coef_d)."
        )
    if chunk_size is None:
        chunk_size = max(1, 2**22 // max(X.shape[0], 1))
    out = np.empty(path.shape[0])
    for s in range(0, path.shape[0], chunk_size):
        p = path[s:s + chunk_size]
        raw = X @ p[:, 1:].T + p[:, 0]
        out[s:s + chunk_size] = loss._per_sample(y[:, None], raw).mean(axis=0)
    return out + 0.5 * alpha * (path[:, 1:] ** 2).sum(axis=1)


@dataclass(frozen=True)
class _Settings:
    """Everything one call of fit / partial_fit trains with, resolved once from the parameters."""

    estimator: str
    loss: Loss
    schedule: Callable[[int], float]
    constant: bool  # eta_t does not depend on t: computed once
    learning_rate: float
    alpha: float
    fit_intercept: bool
    batch_size: int  # m, at most n
    shuffle: bool
    epochs: int
    tol: float | None
    n_iter_no_change: int
    record_path: bool | str
    feature_names: object = None  # for the messages: feature_names_in_, if any

    @property
    def per_update(self):
        """Whether the path gets one row per update (else one per epoch)."""
        return self.record_path is True


class _Run:
    """The state of one call of fit / partial_fit: update counter, loss curve, path, stopping.

    ``reference`` is the loss divergence is judged against: the larger of the starting loss and
    the loss of the all-zero model, so a run that starts at the optimum (partial_fit,
    coef_init) is not declared divergent by SGD's ordinary noise.
    """

    def __init__(self, settings, X, initial_loss, reference, t):
        self.settings = settings
        self.X = X
        self.initial_loss = initial_loss
        self.reference = max(initial_loss, reference, 1e-300)
        self.t = t
        self.n_iter = 0
        self.curve = []
        self.best = math.inf  # the tol rule: best loss so far and epochs without improvement
        self.stale = 0
        self.path = None
        self.rows = 0
        if settings.record_path:
            n, d = X.shape
            updates = -(-n // settings.batch_size) if settings.per_update else 1
            rows = 1 + settings.epochs * updates
            if rows * (d + 1) * 8 > MAX_PATH_BYTES:
                raise ValueError(
                    f"record_path=True would store {rows:,} parameter vectors "
                    f"({settings.epochs} epochs of {updates:,} updates), more than "
                    f"{MAX_PATH_BYTES // 2**20} MB. Use record_path='epoch' (one row per epoch) "
                    "or fewer epochs."
                )
            self.path = np.zeros((rows, d + 1))
            # theta = [b, w] with an intercept, [w] without: column 0 then stays 0
            self._view = self.path if settings.fit_intercept else self.path[:, 1:]

    def store(self, theta):
        """Append ``theta`` to the path."""
        self._view[self.rows] = theta
        self.rows += 1

    def recorded_path(self):
        return None if self.path is None else self.path[: self.rows]

    def end_epoch(self, value):
        """Record the epoch's loss; raise DivergenceError if the run blew up."""
        self.n_iter += 1
        self.curve.append(value)
        if math.isfinite(value) and value <= DIVERGENCE_FACTOR * self.reference:
            return
        self._diverged(value)

    def converged(self):
        """scikit-learn's rule: no improvement by ``tol`` for ``n_iter_no_change`` epochs."""
        tol = self.settings.tol
        if tol is None:
            return False
        value = self.curve[-1]
        self.stale = self.stale + 1 if value > self.best - tol else 0
        self.best = min(self.best, value)
        return self.stale >= self.settings.n_iter_no_change

    def _diverged(self, value):
        # Bad values in X (NaN, inf, overflowing squares) blow the loss up too: they are
        # diagnosed here, where they show, rather than by an extra pass over X before training
        # (fit checks y, which is cheap, up front). The exact check raises their own error.
        if isinstance(self.X, np.ndarray):  # chunked data were checked chunk by chunk
            _check_values(self.X, "X", names=self.settings.feature_names, magnitude=True)
        lr = self.settings.learning_rate
        reason = (
            "the training loss became NaN or inf" if not math.isfinite(value) else
            f"the training loss passed {DIVERGENCE_FACTOR:g} times its starting value "
            f"({self.reference:.3g})"
        )
        scales = ""
        std = self.X.std(axis=0)
        if std.size > 1 and std.min() > 0 and std.max() / std.min() > 10:
            scales = (f" Your features' spreads differ by a factor of "
                      f"{std.max() / std.min():.0f}: no single learning rate suits them all.")
        raise DivergenceError(
            f"Gradient descent diverged with learning_rate={lr!r}: at epoch {self.n_iter} "
            f"{reason}. Use a smaller learning rate (e.g. learning_rate={lr / 10:g}) or "
            f"standardise the features, e.g. make_pipeline(StandardScaler(), "
            f"{self.settings.estimator}(...)).{scales}",
            learning_rate=lr, epoch=self.n_iter, loss_curve=self.curve,
            path=self.recorded_path(),
        )


class _Validation:
    """Early stopping: the loss on the held-out samples after every epoch, and the best epoch.

    scikit-learn's rule (``SGDRegressor(early_stopping=True)``) with the validation *loss*
    in place of the score: an epoch counts as no improvement when its validation loss is not
    below the best so far by at least ``tol``; ``n_iter_no_change`` of them in a row stop the
    run. The parameters of the epoch with the lowest validation loss are kept (as
    ``MLPRegressor`` does; ``SGDRegressor`` keeps the last ones).
    """

    def __init__(self, X, y, loss, tol, patience):
        self.X, self.y, self.loss = X, y, loss
        self.tol, self.patience = tol, patience
        self.curve = []
        self.best = math.inf
        self.best_epoch = 0
        self.best_parameters = None
        self.stale = 0

    def stop(self, core, epoch):
        """Score the parameters after ``epoch`` (1-based); whether to stop now."""
        coef, intercept = core.parameters()
        value = float(np.mean(self.loss._per_sample(self.y, self.X @ coef + intercept)))
        self.curve.append(value)
        self.stale = self.stale + 1 if value > self.best - self.tol else 0
        if value < self.best:
            self.best, self.best_epoch = value, epoch
            self.best_parameters = (np.array(coef, dtype=float), float(intercept))
        return self.stale >= self.patience


def _is_dask(a):
    """Whether ``a`` is a dask array (checked without importing dask)."""
    array = sys.modules.get("dask.array")
    return array is not None and isinstance(a, array.Array)


def _zero_model_loss(loss, y):
    return float(np.mean(loss._per_sample(y, np.zeros_like(y))))


def _full_batch_step(core, run, xtg, g_sum, n):
    r"""One full-batch update of ``core.coef`` and ``core.intercept``, in place, from the
    gradient sums :math:`X^\top g` (``xtg``, overwritten) and :math:`\mathbf 1^\top g`:
    :math:`w \leftarrow (1 - \eta_t\alpha) w - \frac{\eta_t}{n} X^\top g`,
    :math:`b \leftarrow b - \frac{\eta_t}{n} \mathbf 1^\top g`. Shared by the in-memory core
    and the dask core of :mod:`course_utils.scaling`, which differ only in how they add up
    the sums."""
    settings = core.settings
    eta = settings.schedule(run.t)
    if settings.alpha:
        core.coef *= 1.0 - eta * settings.alpha
    xtg *= -eta / n
    core.coef += xtg
    if settings.fit_intercept:
        core.intercept -= eta * g_sum / n
    run.t += 1


class _FullBatch:
    """Batch gradient descent: per epoch one ``X @ w``, one ``g @ X`` and O(n) vector work.

    ``raw`` and the gradient ``g`` are computed once per parameter value: ``g`` at the end of
    an epoch gives both that epoch's loss and the next epoch's step, so X is read exactly
    twice per epoch and never copied.
    """

    def __init__(self, X, y, settings, coef, intercept):
        self.X, self.y, self.settings = X, y, settings
        self.coef, self.intercept = coef, intercept
        self.squared_error = type(settings.loss) is SquaredError
        self.gradient, self.initial_loss = self._evaluate()
        at_zero = not (intercept or coef.any())
        self.reference = self.initial_loss if at_zero else _zero_model_loss(settings.loss, y)

    def _evaluate(self):
        """The gradient g of L w.r.t. the raw prediction, and J, at the current (w, b)."""
        X, y, w, b = self.X, self.y, self.coef, self.intercept
        n = X.shape[0]
        if self.squared_error:  # half squared error, in place: g = raw - y, J = 1/2 mean(g^2)
            if w.any():
                raw = X @ w
                raw -= y
            else:  # the usual start w = 0 needs no product: g = -y
                raw = np.negative(y)
            if b:
                raw += b
            g = raw
            value = 0.5 * float(g @ g) / n
        else:
            raw = X @ w if w.any() else np.zeros(n)
            if b:
                raw += b
            loss = self.settings.loss
            g = loss._gradient(y, raw)
            value = float(np.mean(loss._per_sample(y, raw)))
        alpha = self.settings.alpha
        if alpha:
            value += 0.5 * alpha * float(w @ w)
        return g, value

    def current(self):
        """theta as the path stores it: (b, w), or w without an intercept."""
        return np.r_[self.intercept, self.coef] if self.settings.fit_intercept else self.coef

    def epoch(self, run):
        """One update; returns J after it."""
        g = self.gradient
        _full_batch_step(self, run, np.dot(g, self.X), float(g.sum()), self.X.shape[0])
        self.gradient, value = self._evaluate()
        if run.path is not None:
            run.store(self.current())
        return value

    def parameters(self):
        return self.coef, self.intercept


class _MiniBatch:
    """Mini-batch (m > 1) and stochastic (m = 1) gradient descent: one loop over batches.

    The samples live in ``source = [1, X]`` (so :math:`\theta = (b, w)` is one vector), built
    once. Each epoch draws a fresh random order; each batch gathers its m rows from
    ``source`` into a small buffer that stays in cache, and one update is then two BLAS
    matrix-vector calls on that buffer (the gradient and :func:`_step`), the same for every
    batch size, SGD included.

    For the squared error with numba installed, the epoch is the same updates written as one
    compiled loop (:mod:`course_utils._compiled`) that reads X in place: a few numpy calls per
    batch cost more than the arithmetic of 64 rows. Both give the same fit to rounding.
    """

    def __init__(self, X, y, settings, start, rng):
        coef, intercept = start
        n, d = X.shape
        fit_intercept = settings.fit_intercept
        self.y, self.settings, self.rng = y, settings, rng
        self.X = X  # kept for the divergence message (the spread of the features)
        # The squared error's epoch, compiled when numba is installed (see _compiled.py); it
        # reads X in place and keeps theta = (b, w) with b = 0 when there is no intercept.
        self.kernel = None
        if type(settings.loss) is SquaredError and not settings.per_update:
            self.kernel = compiled_epoch()
        if self.kernel is not None:
            self.X = np.ascontiguousarray(X)
            self.theta = np.r_[intercept if fit_intercept else 0.0, coef]
            self.slot = True  # theta[0] is b, trained or not
        elif fit_intercept:
            self.source = np.empty((n, d + 1))
            self.source[:, 0] = 1.0
            self.source[:, 1:] = X
            self.theta, self.slot = np.r_[intercept, coef], True
        else:
            self.source = np.ascontiguousarray(X)
            self.theta, self.slot = coef.copy(), False
        self.weights = self.theta[1:] if self.slot else self.theta  # the penalised part
        at_zero = not self.theta.any()
        self.initial_loss = self._objective()
        self.reference = self.initial_loss if at_zero else _zero_model_loss(settings.loss, y)

    def _objective(self):
        """J at the current theta on the whole training set."""
        theta, settings = self.theta, self.settings
        if not theta.any():
            raw = np.zeros(self.y.shape[0])
        elif self.kernel is not None:
            raw = self.X @ self.weights
            raw += theta[0]
        else:
            raw = self.source @ theta
        if type(settings.loss) is SquaredError:  # 1/2 mean (raw - y)^2, in place
            raw -= self.y
            value = 0.5 * float(raw @ raw) / raw.shape[0]
        else:
            value = float(np.mean(settings.loss._per_sample(self.y, raw)))
        if settings.alpha:
            value += 0.5 * settings.alpha * float(self.weights @ self.weights)
        return value

    def _batches(self):
        """The epoch's batches ``(columns, targets)``: columns is a (d + 1) x m view of the
        batch's rows (BLAS reads it without a copy)."""
        source, y, m = self.source, self.y, self.settings.batch_size
        n = y.shape[0]
        if not self.settings.shuffle:
            columns = source.T
            for s in range(0, n, m):
                yield columns[:, s:s + m], y[s:s + m]
            return
        order = self.rng.permutation(n)
        target = np.take(y, order)
        buffer = np.empty((min(m, n), source.shape[1]))
        columns = buffer.T
        for s in range(0, n, m):
            rows = order[s:s + m]
            if rows.shape[0] < buffer.shape[0]:  # the last, shorter batch
                buffer = buffer[:rows.shape[0]]
                columns = buffer.T
            # mode="wrap" skips the bounds check of every index (a permutation is in range)
            source.take(rows, axis=0, out=buffer, mode="wrap")
            yield columns, target[s:s + m]

    def epoch(self, run):
        """The epoch's ceil(n / m) updates; returns J after them."""
        if self.kernel is not None:
            return self._compiled_epoch(run)
        settings, theta, weights = self.settings, self.theta, self.weights
        schedule, alpha = settings.schedule, settings.alpha
        if type(settings.loss) is SquaredError:
            batch_gradient = _squared_error_gradient
        else:
            batch_gradient = functools.partial(_batch_gradient, settings.loss._gradient)
        store = run.store if settings.per_update else None
        t = run.t
        eta = schedule(t) if settings.constant else None
        for columns, targets in self._batches():
            if not settings.constant:
                eta = schedule(t)
            g = batch_gradient(columns, targets, theta)
            if alpha:
                weights *= 1.0 - eta * alpha
            _step(columns, g, theta, eta)
            t += 1
            if store is not None:
                store(theta)
        run.t = t
        if run.path is not None and store is None:
            run.store(theta)
        return self._objective()

    def _compiled_epoch(self, run):
        """The same updates as :meth:`epoch`, as one compiled loop; returns J after them."""
        settings, n = self.settings, self.y.shape[0]
        order = self.rng.permutation(n) if settings.shuffle else np.arange(n)
        updates = -(-n // settings.batch_size)
        steps = np.empty((updates, 2))  # per update: eta_t and the decay 1 - eta_t alpha
        if settings.constant:
            steps[:, 0] = settings.schedule(run.t)
        else:
            steps[:, 0] = [settings.schedule(run.t + k) for k in range(updates)]
        steps[:, 1] = 1.0 - steps[:, 0] * settings.alpha
        self.kernel((self.X, self.y), order, self.theta, steps, settings.batch_size,
                    settings.fit_intercept)
        run.t += updates
        if run.path is not None:
            run.store(self.current())
        return self._objective()

    def current(self):
        """theta as the path stores it: (b, w) with an intercept, w without."""
        return self.theta if self.settings.fit_intercept or not self.slot else self.theta[1:]

    def parameters(self):
        if not self.slot:
            return self.theta, 0.0
        intercept = float(self.theta[0]) if self.settings.fit_intercept else 0.0
        return self.theta[1:].copy(), intercept


# scipy's dgemv(alpha, a, x, beta, y, offx, incx, offy, incy, trans, overwrite_y) computes
# alpha * op(a) @ x + beta * y. Positional arguments: keywords cost more than the product of
# a 64-row batch.
_TRANSPOSED = (0, 1, 0, 1, 1)  # op(a) = a^T, y copied
_IN_PLACE = (0, 1, 0, 1, 0, 1)  # op(a) = a, written into y


def _batch_gradient(gradient, columns, targets, theta):
    r""":math:`g_i = \partial L(y_i, \eta_i) / \partial \eta_i` at the batch's raw
    predictions :math:`\eta_i = x_i^\top w + b`. ``columns`` is the batch's rows as columns
    (a (d + 1) x m view)."""
    return gradient(targets, dgemv(1.0, columns, theta, 0.0, None, *_TRANSPOSED))


def _squared_error_gradient(columns, targets, theta):
    """:func:`_batch_gradient` of the half squared error, g = raw - y, as one BLAS call."""
    return dgemv(1.0, columns, theta, -1.0, targets, *_TRANSPOSED)


def _step(columns, g, theta, eta):
    """theta -= eta / m * columns @ g, in place, as one BLAS call."""
    out = dgemv(-eta / g.shape[0], columns, g, 1.0, theta, *_IN_PLACE)
    if out is not theta:  # pragma: no cover - BLAS writes in place into a contiguous theta
        theta[:] = out


class _GradientDescentBase(BaseEstimator):
    """The training both gradient-descent estimators share: settings, start, the one loop.

    Subclasses give ``__init__`` (the parameters below plus ``loss``) and fit with
    :meth:`_fit`; the loss object decides what is minimised (its ``_per_sample`` and its
    gradient ``_gradient`` with respect to the raw prediction), the loop is the same.
    """

    _parameter_constraints = {
        "learning_rate": ([RealNumber(0, None, "neither")],
                          "learning_rate is the step size eta of each update."),
        "epochs": [Integer(1)],
        "batch_size": ([NoneValue(), Integer(1)],
                       "None is full-batch gradient descent, 1 is SGD."),
        "schedule": [Options(*_SCHEDULES), Function()],
        "alpha": ([RealNumber(0, None)], "alpha is the L2 penalty: 0 means none."),
        "fit_intercept": [Boolean()],
        "shuffle": [Boolean()],
        "tol": [NoneValue(), RealNumber(0, None)],
        "random_state": [RandomState()],
        "t1": [RealNumber(0, None, "neither")],
        "n_iter_no_change": [Integer(1)],
        "record_path": [Boolean(), Options("epoch")],
        "early_stopping": [Boolean()],
        "validation_fraction": ([RealNumber(0, 1, "neither")],
                                "validation_fraction is the share of the samples held out "
                                "for early stopping, e.g. 0.1."),
    }

    def _settings(self, n_samples, epochs, tol):
        """The parameters (checked by ``_validate``) resolved into one training call's settings."""
        return _Settings(
            estimator=type(self).__name__,
            loss=get_loss(self.loss),
            schedule=learning_rate_schedule(self.schedule, self.learning_rate, self.t1),
            constant=self.schedule == "constant",
            learning_rate=self.learning_rate,
            alpha=float(self.alpha),
            fit_intercept=bool(self.fit_intercept),
            batch_size=n_samples if self.batch_size is None else min(int(self.batch_size),
                                                                      n_samples),
            shuffle=bool(self.shuffle),
            epochs=epochs,
            tol=tol,
            n_iter_no_change=self.n_iter_no_change,
            record_path=self.record_path,
            feature_names=getattr(self, "feature_names_in_", None),
        )

    def _check_start(self, n_features, coef_init, intercept_init):
        coef = np.zeros(n_features)
        if coef_init is not None:
            coef_init = np.asarray(coef_init, dtype=float).ravel()
            if coef_init.shape != (n_features,) or not np.isfinite(coef_init).all():
                raise ValueError(f"coef_init must be {n_features} finite numbers (one per "
                                 f"feature), got shape {coef_init.shape}.")
            coef[:] = coef_init
        intercept = 0.0
        if intercept_init is not None:
            intercept = float(np.asarray(intercept_init, dtype=float).ravel()[0])
            if not math.isfinite(intercept):
                raise ValueError("intercept_init must be a finite number.")
            if not self.fit_intercept and intercept != 0.0:
                raise ValueError("intercept_init is given but fit_intercept=False: the intercept "
                                 "stays at 0. Drop intercept_init or set fit_intercept=True.")
        return coef, intercept

    def _fit(self, X, y, coef_init, intercept_init):
        """fit: from ``coef_init``/``intercept_init`` for up to ``epochs`` epochs (X, y checked)."""
        coef, intercept = self._check_start(X.shape[1], coef_init, intercept_init)
        self._rng = check_random_state(self.random_state)  # partial_fit continues this stream
        validation = None
        if self.early_stopping:
            X, y, validation = self._split_validation(X, y)
        settings = self._settings(X.shape[0], epochs=self.epochs, tol=self.tol)
        core, run = self._train(X, y, settings, (coef, intercept, 0), validation)
        self._store(settings, core, run, append=False)
        return self

    def _split_validation(self, X, y):
        """scikit-learn's split for early stopping: (X_train, y_train, _Validation)."""
        if hasattr(X, "cores") or _is_dask(X):  # chunked data (lesson 06)
            raise ValueError("early_stopping=True is not available for dask arrays: hold out a "
                             "validation chunk yourself, or set early_stopping=False.")
        seed = self.random_state
        if isinstance(seed, np.random.Generator):
            seed = int(self._rng.integers(2**31 - 1))
        splitter = StratifiedShuffleSplit if is_classifier(self) else ShuffleSplit
        cv = splitter(test_size=self.validation_fraction, random_state=seed)
        n = X.shape[0]
        n_val = math.ceil(self.validation_fraction * n)
        if n_val >= n:  # what ShuffleSplit would refuse, said in the course's words
            raise ValueError(
                f"Splitting {n} samples into a train set and a validation set with "
                f"validation_fraction={self.validation_fraction!r} led to an empty set "
                f"({n - n_val} and {n_val} samples). Lower validation_fraction, use more "
                "samples, or set early_stopping=False."
            )
        train, val = next(cv.split(np.zeros((n, 1)), y))
        self.validation_indices_ = np.sort(val)
        tol = 0.0 if self.tol is None else float(self.tol)
        loss = get_loss(self.loss)
        monitor = _Validation(X[val], y[val], loss, tol, self.n_iter_no_change)
        return X[train], np.ascontiguousarray(y[train]), monitor

    def _train(self, X, y, settings, start, validation=None):
        """The one training loop: epochs of updates, loss curve, divergence and tol checks.

        ``start`` is ``(coef, intercept, t)``: the starting parameters and update counter.
        ``validation`` (a :class:`_Validation`) replaces the ``tol`` rule on the training loss
        by early stopping on the validation loss.
        """
        coef, intercept, t = start
        full, mini = getattr(X, "cores", (_FullBatch, _MiniBatch))  # dask data: its own cores
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            if settings.batch_size == X.shape[0]:
                core = full(X, y, settings, coef, intercept)
            else:
                core = mini(X, y, settings, (coef, intercept), self._rng)
            run = _Run(settings, X, core.initial_loss, core.reference, t)
            run.validation = validation
            if run.path is not None:
                run.store(core.current())
            for _ in range(settings.epochs):
                run.end_epoch(core.epoch(run))
                if validation is not None:
                    if validation.stop(core, run.n_iter):
                        break
                elif run.converged():
                    break
        self._after(settings, run)
        return core, run

    def _store(self, settings, core, run, append):
        validation = run.validation
        coef, intercept = core.parameters() if validation is None else validation.best_parameters
        self.loss_ = settings.loss
        self.coef_ = coef
        self.intercept_ = float(intercept)
        self.t_ = int(run.t)
        self.n_iter_ = run.n_iter
        curve = np.asarray(run.curve, dtype=float)
        path = run.recorded_path()
        if append:
            self.loss_curve_ = np.concatenate([self.loss_curve_, curve])
            if path is not None:
                old = getattr(self, "path_", None)
                self.path_ = path if old is None else np.concatenate([old, path[1:]])
            return
        self.loss_curve_ = curve
        self.initial_loss_ = run.initial_loss
        if path is not None:
            self.path_ = path
        elif hasattr(self, "path_"):
            del self.path_
        if validation is not None:
            self.validation_loss_curve_ = np.asarray(validation.curve, dtype=float)
            self.best_epoch_ = validation.best_epoch
        else:
            for name in ("validation_loss_curve_", "best_epoch_", "validation_indices_"):
                if hasattr(self, name):
                    delattr(self, name)

    def _after(self, settings, run):
        epochs, tol = settings.epochs, settings.tol
        if tol is not None and run.n_iter == epochs and epochs > 1:
            which = "validation loss" if run.validation is not None else "loss"
            warn_course(
                f"{settings.estimator} stopped after epochs={epochs} before the {which} "
                f"stopped improving by tol={tol:g}: raise epochs or the learning rate.",
                ConvergenceWarning,
            )
        # Compared with the larger of the starting loss and the all-zero model's loss, so
        # SGD's noise around a good starting point (partial_fit, coef_init) does not warn.
        if run.curve and run.curve[-1] > run.reference:
            warn_course(
                f"Training ended with a higher loss ({run.curve[-1]:.4g}) than it started with "
                f"({run.reference:.4g}): learning_rate={self.learning_rate!r} is probably "
                "too large for these data. Try a smaller one or standardise the features."
            )


class GradientDescentRegressor(_GradientDescentBase, LinearRegressorBase):
    r"""Linear regression trained by gradient descent: full batch, stochastic or mini-batch.

    Minimises scikit-learn's ``SGDRegressor`` objective

    .. math:: J(w, b) = \frac1n \sum_{i=1}^n L(y_i, x_i^\top w + b)
              + \frac{\alpha}{2}\lVert w\rVert_2^2

    for any loss of :mod:`course_utils.losses`, starting from :math:`w = 0, b = 0` and
    stepping :math:`\theta \leftarrow \theta - \eta_t \nabla J_B(\theta)` where :math:`J_B`
    is :math:`J` with the mean taken over one batch :math:`B` (see the module docstring for
    the update of :math:`w` and :math:`b`).

    Parameters
    ----------
    loss : str or Loss, default="squared_error"
        ``"squared_error"`` (half: :math:`\tfrac12(y-z)^2`), ``"absolute_error"``,
        ``"huber"``, ``"quantile"``, ``"gamma"``, or a loss object such as
        ``HuberLoss(delta=2.0)`` / ``QuantileLoss(quantile=0.9)`` for non-default parameters.
    learning_rate : float, default=0.01
        :math:`\eta_0`, the step size (of the first update for a decaying schedule).
    epochs : int, default=100
        Maximum number of passes over the data.
    batch_size : int or None, default=None
        :math:`m`: ``None`` (or :math:`\ge n`) is full-batch gradient descent, ``1`` is
        SGD, anything between is mini-batch. An epoch makes :math:`\lceil n/m\rceil` updates.
    schedule : {"constant", "inverse_time"} or callable, default="constant"
        The step size :math:`\eta_t` of update :math:`t = 0, 1, \dots` (counted over all
        epochs): constant :math:`\eta_0`, or the inverse-time decay
        :math:`\eta_t = t_0/(t + t_1)` with :math:`t_0 = \eta_0 t_1`, or ``f(t)``.
    alpha : float, default=0.0
        L2 penalty :math:`\alpha` (the intercept is not penalised). For the squared error
        ``alpha=a`` equals ``Ridge(alpha=n_samples * a)``.
    fit_intercept : bool, default=True
        Fit :math:`b`; with ``False`` it stays 0.
    shuffle : bool, default=True
        Draw a new random order of the samples in every epoch (mini-batch and SGD only;
        full-batch gradient descent does not depend on the order).
    tol : float or None, default=None
        Stop when the epoch's loss has not improved on the best loss so far by at least
        ``tol`` for ``n_iter_no_change`` epochs in a row (scikit-learn's rule). ``None``
        runs all ``epochs``.
    random_state : int, numpy.random.Generator or None, default=None
        Seeds the shuffling; the same seed gives the same coefficients.
    t1 : float, default=100.0
        :math:`t_1` of ``schedule="inverse_time"``: the step halves after ``t1`` updates.
    n_iter_no_change : int, default=5
        Patience of the ``tol`` rule.
    record_path : bool or "epoch", default=False
        ``True`` stores the parameters after every update in ``path_``; ``"epoch"`` after
        every epoch (use it for long runs: the path of ``True`` must fit in 200 MB).
    early_stopping : bool, default=False
        Hold out ``validation_fraction`` of the training samples (a ``ShuffleSplit`` seeded
        by ``random_state``, the split ``SGDRegressor`` makes), train on the rest, and after
        every epoch compute the mean loss on the held-out samples. Stop when it has not
        improved on its best by at least ``tol`` (``None`` counts as 0 here) for
        ``n_iter_no_change`` epochs in a row, and keep the parameters of the epoch with the
        lowest validation loss (``SGDRegressor`` keeps the last ones; ``MLPRegressor`` the
        best). Not available in :meth:`partial_fit`, as in scikit-learn.
    validation_fraction : float, default=0.1
        Share of the samples held out for early stopping, strictly between 0 and 1.

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,)
    intercept_ : float
    loss_curve_ : ndarray of shape (n_iter_,)
        :math:`J(w, b)` on the training data (without the validation samples when
        ``early_stopping``) at the end of each epoch (for
        :meth:`partial_fit`: on the chunk, one value per call).
    initial_loss_ : float
        :math:`J` at the starting point.
    n_iter_ : int
        Epochs run by the last :meth:`fit` (1 after :meth:`partial_fit`).
    t_ : int
        Updates made so far (the :math:`t` of the schedule; keeps counting in partial_fit).
    path_ : ndarray of shape (n_points, 1 + n_features)
        Only with ``record_path``: rows ``(intercept, coef_1, ..., coef_d)``, the first row
        being the starting point.
    validation_loss_curve_ : ndarray of shape (n_iter_,)
        Only with ``early_stopping``: the mean loss on the validation samples after each
        epoch (no penalty term).
    best_epoch_ : int
        Only with ``early_stopping``: the epoch (1-based) of the lowest validation loss,
        whose parameters ``coef_`` and ``intercept_`` are.
    validation_indices_ : ndarray of int
        Only with ``early_stopping``: the rows of X held out (sorted), the same rows as
        ``SGDRegressor`` holds out for the same integer ``random_state``.
    loss_ : Loss
        The loss object used.
    n_features_in_ : int
    feature_names_in_ : ndarray of str, only when X is a DataFrame with string column names

    Raises
    ------
    DivergenceError
        When the loss at the end of an epoch is NaN/inf or more than ``DIVERGENCE_FACTOR``
        (100) times the starting loss: the learning rate is too large (or the features need
        scaling). The message names the rate and the epoch.

    Examples
    --------
    >>> import numpy as np
    >>> from course_utils import GradientDescentRegressor
    >>> X = np.array([[-1.0], [0.0], [1.0]]); y = np.array([1.0, 3.0, 5.0])
    >>> model = GradientDescentRegressor(learning_rate=0.5, epochs=200).fit(X, y)
    >>> print(round(model.intercept_, 6), np.round(model.coef_, 6))
    3.0 [2.]
    """

    _parameter_constraints = {
        "loss": [Options(*LOSSES), InstanceOf(Loss, "a Loss object such as HuberLoss(delta=1.0)")],
        **_GradientDescentBase._parameter_constraints,
    }

    def __init__(self, *, loss="squared_error", learning_rate=0.01, epochs=100, batch_size=None,
                 schedule="constant", alpha=0.0, fit_intercept=True, shuffle=True, tol=None,
                 random_state=None, t1=100.0, n_iter_no_change=5, record_path=False,
                 early_stopping=False, validation_fraction=0.1):
        self.loss = loss
        self.learning_rate = learning_rate
        self.epochs = epochs
        self.batch_size = batch_size
        self.schedule = schedule
        self.alpha = alpha
        self.fit_intercept = fit_intercept
        self.shuffle = shuffle
        self.tol = tol
        self.random_state = random_state
        self.t1 = t1
        self.n_iter_no_change = n_iter_no_change
        self.record_path = record_path
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction

    def _validate(self, X, y, reset):
        validate_params(self)
        if _is_dask(X) or _is_dask(y):  # chunked data: lesson 06, course_utils.scaling
            from .scaling import check_chunked

            return check_chunked(self, X, y, reset=reset)
        # X's NaN, inf and overflow are diagnosed if the loss blows up (see _Run._diverged):
        # with finite, moderate data that costs nothing, where a check would read X once more
        X, y = check_X_y(self, X, y, reset=reset, values=False)
        X = np.asarray(X, dtype=np.float64)  # float32 input: one conversion, not one per epoch
        y = np.ascontiguousarray(y, dtype=np.float64)
        get_loss(self.loss).check_y(y)
        return X, y

    # ---- public API ------------------------------------------------------------------------

    def fit(self, X, y, coef_init=None, intercept_init=None):
        """Train from ``coef_init``/``intercept_init`` (default 0) for up to ``epochs`` epochs.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Or a dask array chunked by rows (lesson 06, :mod:`course_utils.scaling`).
        y : array-like of shape (n_samples,)
        coef_init : array-like of shape (n_features,), optional
            Starting :math:`w` (e.g. to draw a descent path from a chosen corner).
        intercept_init : float, optional
            Starting :math:`b`.

        Returns
        -------
        self : GradientDescentRegressor
        """
        X, y = self._validate(X, y, reset=True)
        return self._fit(X, y, coef_init, intercept_init)

    def partial_fit(self, X, y):
        """One epoch over the chunk ``(X, y)``, continuing from the current parameters.

        The first call starts from zero; each call makes :math:`\\lceil n_{chunk}/m\\rceil`
        updates, keeps counting :math:`t` for the schedule and appends the chunk's loss to
        ``loss_curve_``. ``tol`` and ``epochs`` are ignored, as in ``SGDRegressor``. Use it to
        train on data that do not fit in memory, one chunk at a time.

        Parameters
        ----------
        X : array-like of shape (n_chunk, n_features)
        y : array-like of shape (n_chunk,)

        Returns
        -------
        self : GradientDescentRegressor
        """
        if self.early_stopping is True:
            raise ValueError(
                "early_stopping should be False with partial_fit (as in SGDRegressor): "
                "partial_fit makes one pass over the chunk it is given, so there is no run to "
                "stop. Hold out a validation chunk and watch its loss yourself, or call fit."
            )
        first = not hasattr(self, "coef_")
        X, y = self._validate(X, y, reset=first)
        settings = self._settings(X.shape[0], epochs=1, tol=None)
        if getattr(self, "_rng", None) is None:
            self._rng = check_random_state(self.random_state)
        if first:
            start = (np.zeros(X.shape[1]), 0.0, 0)
        else:
            start = (self.coef_.copy(), self.intercept_, self.t_)
        core, run = self._train(X, y, settings, start)
        self._store(settings, core, run, append=not first)
        return self

    def _inverse_link(self, raw):
        return self.loss_.inverse_link(raw)


class GradientDescentClassifier(ClassifierMixin, _GradientDescentBase):
    r"""Binary logistic regression trained by gradient descent: the regressor's loop, log loss.

    The same training loop as :class:`GradientDescentRegressor` (full batch, SGD or
    mini-batch; schedules; ``tol``; early stopping) with the log loss as L and the sigmoid
    as f. The two labels are encoded as :math:`y_i \in \{0, 1\}` (``classes_[1]`` is 1),
    the model's raw prediction :math:`z_i = x_i^\top w + b` is the log-odds of class 1 and

    .. math:: J(w, b) = \frac1n \sum_{i=1}^n \big(\log(1 + e^{z_i}) - y_i z_i\big)
              + \frac{\alpha}{2}\lVert w\rVert_2^2 .

    The intercept is not penalised, so ``alpha=a > 0`` has the minimiser of
    ``LogisticRegression(C=1 / (n_samples * a))``. Each step uses the gradient
    :math:`g_i = \sigma(z_i) - y_i`. The Hessian of :math:`J` is
    :math:`\tfrac1n \tilde X^\top S \tilde X + \alpha` (on w) with
    :math:`S = \operatorname{diag}(\sigma_i(1-\sigma_i)) \preceq \tfrac14`, so
    :math:`\lambda_{\max} \le \tfrac14 \lambda_{\max}(\tilde X^\top \tilde X / n) + \alpha` and
    full-batch steps with :math:`\eta < 2 / \lambda_{\max}` of that bound are stable.

    Parameters
    ----------
    loss : {"log_loss"} or LogLoss, default="log_loss"
    learning_rate : float, default=0.1
        :math:`\eta_0`. With standardised features :math:`\tfrac14\lambda_{\max}` is about
        :math:`\tfrac14 (1 + \text{the largest correlation sum})`, so 0.1 to 1 is stable.
    epochs, batch_size, schedule, alpha, fit_intercept, shuffle, tol, random_state, t1, \
n_iter_no_change, record_path, early_stopping, validation_fraction
        As in :class:`GradientDescentRegressor` (``early_stopping`` holds out a *stratified*
        split, as ``SGDClassifier`` does, and watches the validation log loss).

    Attributes
    ----------
    classes_ : ndarray of shape (2,)
        The two labels, sorted; ``predict_proba[:, 1]`` is the probability of ``classes_[1]``.
    coef_ : ndarray of shape (n_features,)
        :math:`w` (``LogisticRegression`` stores it as shape (1, n_features)).
    intercept_ : float
    loss_curve_, initial_loss_, n_iter_, t_, path_, validation_loss_curve_, best_epoch_, \
validation_indices_, loss_, n_features_in_, feature_names_in_
        As in :class:`GradientDescentRegressor`, with the log loss.

    Examples
    --------
    >>> import numpy as np
    >>> from course_utils import GradientDescentClassifier
    >>> X = np.array([[-2.0], [-1.0], [1.0], [2.0]]); y = np.array(["no", "no", "yes", "yes"])
    >>> clf = GradientDescentClassifier(learning_rate=1.0, epochs=500, alpha=0.1).fit(X, y)
    >>> print(clf.classes_, clf.predict([[-3.0], [3.0]]))
    ['no' 'yes'] ['no' 'yes']
    >>> print(np.round(clf.predict_proba([[0.0]]), 3))
    [[0.5 0.5]]
    """

    _parameter_constraints = {
        "loss": [Options(*CLASSIFICATION_LOSSES), InstanceOf(LogLoss, "a LogLoss object")],
        **_GradientDescentBase._parameter_constraints,
    }

    def __init__(self, *, loss="log_loss", learning_rate=0.1, epochs=100, batch_size=None,
                 schedule="constant", alpha=0.0, fit_intercept=True, shuffle=True, tol=None,
                 random_state=None, t1=100.0, n_iter_no_change=5, record_path=False,
                 early_stopping=False, validation_fraction=0.1):
        self.loss = loss
        self.learning_rate = learning_rate
        self.epochs = epochs
        self.batch_size = batch_size
        self.schedule = schedule
        self.alpha = alpha
        self.fit_intercept = fit_intercept
        self.shuffle = shuffle
        self.tol = tol
        self.random_state = random_state
        self.t1 = t1
        self.n_iter_no_change = n_iter_no_change
        self.record_path = record_path
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction

    def _encode(self, y):
        """classes_ and y as 0.0 / 1.0, with a clear error for anything but two labels."""
        kind = type_of_target(y, input_name="y")
        if kind not in ("binary", "multiclass"):
            raise ValueError(
                f"Unknown label type: {kind!r}. {type(self).__name__} needs class labels (two "
                "distinct values such as 0/1, True/False or 'no'/'yes'), but y looks "
                f"{kind}. For a numeric target use GradientDescentRegressor; to classify a "
                "number by a threshold, pass y > threshold."
            )
        classes, encoded = np.unique(y, return_inverse=True)
        if classes.shape[0] < 2:
            raise ValueError(
                f"Classifier can't train when only one class is present: y holds only "
                f"{classes[0]!r}. {type(self).__name__} needs samples of two classes; check the "
                "filter or split that built y."
            )
        if classes.shape[0] > 2:
            shown = ", ".join(map(str, classes[:5])) + (", ..." if classes.shape[0] > 5 else "")
            raise ValueError(
                f"Only binary classification is supported. The type of the target is "
                f"multiclass: y has {classes.shape[0]} classes ({shown}). Train one classifier "
                "per class (one against the rest), e.g. "
                "sklearn.multiclass.OneVsRestClassifier(GradientDescentClassifier()), or "
                "merge the classes into two."
            )
        self.classes_ = classes
        return encoded.astype(np.float64)

    def fit(self, X, y, coef_init=None, intercept_init=None):
        """Train from ``coef_init``/``intercept_init`` (default 0) for up to ``epochs`` epochs.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
            Two distinct labels of any type.
        coef_init : array-like of shape (n_features,), optional
        intercept_init : float, optional

        Returns
        -------
        self : GradientDescentClassifier
        """
        validate_params(self)
        if _is_dask(X) or _is_dask(y):
            raise ValueError("GradientDescentClassifier trains on numpy arrays or DataFrames; "
                             "dask arrays are for GradientDescentRegressor (lesson 06). Call "
                             "X.compute() first if the data fit in memory.")
        _friendly_X(X, values=False)
        X, y = validate_data(self, X, y, reset=True, dtype=[np.float64, np.float32],
                             ensure_all_finite=False)
        X = np.asarray(X, dtype=np.float64)
        # checked up front: NaN in a held-out sample would not show in the training loss
        _check_values(X, "X", names=getattr(self, "feature_names_in_", None), magnitude=True)
        return self._fit(X, self._encode(y), coef_init, intercept_init)

    def decision_function(self, X):
        r"""The log-odds :math:`z = Xw + b` of ``classes_[1]``: positive means ``classes_[1]``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples,)
        """
        check_is_fitted(self)
        X = check_X(self, X)
        return X @ self.coef_ + self.intercept_

    def predict_proba(self, X):
        r"""Probabilities :math:`(1 - \sigma(z), \sigma(z))` of ``classes_[0]``, ``classes_[1]``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples, 2)
        """
        p = sigmoid(self.decision_function(X))
        return np.column_stack([1.0 - p, p])

    def predict_log_proba(self, X):
        """Logarithm of :meth:`predict_proba`, computed without taking log of 0."""
        z = self.decision_function(X)
        return -np.column_stack([np.logaddexp(0.0, z), np.logaddexp(0.0, -z)])

    def predict(self, X):
        """The label of the larger probability: ``classes_[1]`` where :math:`z > 0`.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples,)
        """
        positive = self.decision_function(X) > 0
        return self.classes_[positive.astype(int)]

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = False
        tags.classifier_tags.multi_class = False
        return tags
