r"""Lesson 03: training a linear model by gradient descent, full batch, stochastic and mini-batch.

Notation of the notebook: the model predicts :math:`\eta_i = x_i^\top w + b` (the *raw*
prediction; the loss's inverse link turns it into :math:`\hat y_i`, the identity except for
the gamma loss), the parameters are :math:`\theta = (b, w)`, and training minimises the same
objective as scikit-learn's ``SGDRegressor``:

.. math:: J(w, b) = \frac1n \sum_{i=1}^n L(y_i, x_i^\top w + b)
          + \frac{\alpha}{2}\lVert w\rVert_2^2 .

The intercept :math:`b` is not penalised. With the (half) squared error
:math:`L = \tfrac12 (y - \eta)^2` this is ridge regression:
``GradientDescentRegressor(alpha=a)`` has the minimiser of ``Ridge(alpha=n * a)``.

One *update* takes a batch :math:`B` of :math:`m` samples and steps against the gradient of
the batch's part of :math:`J`:

.. math::
    g_i = \frac{\partial L(y_i, \eta_i)}{\partial \eta_i},\qquad
    w \leftarrow w - \eta_t \Big(\frac1m \sum_{i\in B} g_i\, x_i + \alpha w\Big),\qquad
    b \leftarrow b - \eta_t\, \frac1m \sum_{i\in B} g_i .

:math:`m = n` is (full-)batch gradient descent, :math:`m = 1` stochastic gradient descent
(SGD), anything between is mini-batch gradient descent. An *epoch* is one pass over the
data: :math:`\lceil n / m\rceil` updates.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning

from ._base import LinearRegressorBase
from ._validation import (
    Boolean,
    Function,
    InstanceOf,
    Integer,
    NoneValue,
    Options,
    RandomState,
    RealNumber,
    check_random_state,
    check_X_y,
    validate_params,
    warn_course,
)
from .losses import LOSSES, Loss, SquaredError, get_loss

__all__ = [
    "DivergenceError",
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


def _make_rng(random_state):
    return check_random_state(random_state)


def _objective(loss, y, raw, coef, alpha):
    """:math:`J = \\frac1n\\sum_i L(y_i, \\eta_i) + \\frac{\\alpha}{2}\\lVert w\\rVert^2`."""
    value = float(np.mean(loss._per_sample(y, raw)))
    if alpha:
        value += 0.5 * alpha * float(coef @ coef)
    return value


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


class _Run:
    """Bookkeeping of one call of fit / partial_fit: loss curve, path, divergence checks."""

    def __init__(self, est, X, y, loss, initial_loss, record, rows, n_cols, fit_intercept,
                 at_zero):
        self.est = est
        self.X = X
        self.loss = loss
        self.initial_loss = initial_loss
        # Divergence is judged against the larger of the starting loss and the loss of the
        # all-zero model, so a run that starts at the optimum (partial_fit, coef_init) is not
        # declared divergent by SGD's ordinary noise.
        zero = initial_loss if at_zero else float(np.mean(loss._per_sample(y, np.zeros_like(y))))
        self.reference = max(initial_loss, zero, 1e-300)
        self.curve = []
        self.record = record
        self.path = None
        self.k = 0
        if record:
            self.path = np.zeros((rows, n_cols))
            # the view the training loops write theta = [b, w] (or [w]) into
            self.view = self.path if fit_intercept else self.path[:, 1:]

    def store(self, theta):
        self.view[self.k] = theta
        self.k += 1

    def end_epoch(self, value, epoch, lr):
        """Record the epoch's loss; raise DivergenceError if the run blew up."""
        self.curve.append(value)
        finite = math.isfinite(value)
        if finite and value <= DIVERGENCE_FACTOR * self.reference:
            return
        path = None if self.path is None else self.path[: self.k]
        reason = (
            "the training loss became NaN or inf" if not finite else
            f"the training loss passed {DIVERGENCE_FACTOR:g} times its starting value "
            f"({self.reference:.3g})"
        )
        scales = ""
        std = self.X.std(axis=0)
        if std.size > 1 and std.min() > 0 and std.max() / std.min() > 10:
            scales = (f" Your features' spreads differ by a factor of "
                      f"{std.max() / std.min():.0f}: no single learning rate suits them all.")
        raise DivergenceError(
            f"Gradient descent diverged with learning_rate={lr!r}: at epoch {epoch} {reason}. "
            f"Use a smaller learning rate (e.g. learning_rate={lr / 10:g}) or standardise the "
            f"features, e.g. make_pipeline(StandardScaler(), {type(self.est).__name__}(...))."
            f"{scales}",
            learning_rate=lr, epoch=epoch, loss_curve=self.curve, path=path,
        )


class GradientDescentRegressor(LinearRegressorBase):
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
        ``"squared_error"`` (half: :math:`\tfrac12(y-\eta)^2`), ``"absolute_error"``,
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

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,)
    intercept_ : float
    loss_curve_ : ndarray of shape (n_iter_,)
        :math:`J(w, b)` on the training data at the end of each epoch (for
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
    }

    def __init__(self, *, loss="squared_error", learning_rate=0.01, epochs=100, batch_size=None,
                 schedule="constant", alpha=0.0, fit_intercept=True, shuffle=True, tol=None,
                 random_state=None, t1=100.0, n_iter_no_change=5, record_path=False):
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

    # ---- parameter checks ------------------------------------------------------------------

    def _check_params(self):
        validate_params(self)
        loss = get_loss(self.loss)
        schedule = learning_rate_schedule(self.schedule, self.learning_rate, self.t1)
        return loss, schedule

    def _validate(self, X, y, reset):
        X, y = check_X_y(self, X, y, reset=reset)
        X = np.asarray(X, dtype=np.float64)  # float32 input: one conversion, not one per epoch
        y = np.ascontiguousarray(y, dtype=np.float64)
        return X, y

    # ---- public API ------------------------------------------------------------------------

    def fit(self, X, y, coef_init=None, intercept_init=None):
        """Train from ``coef_init``/``intercept_init`` (default 0) for up to ``epochs`` epochs.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        coef_init : array-like of shape (n_features,), optional
            Starting :math:`w` (e.g. to draw a descent path from a chosen corner).
        intercept_init : float, optional
            Starting :math:`b`.

        Returns
        -------
        self : GradientDescentRegressor
        """
        loss, schedule = self._check_params()
        X, y = self._validate(X, y, reset=True)
        loss.check_y(y)
        n_features = X.shape[1]
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
        rng = _make_rng(self.random_state)
        coef, intercept, t, run, n_iter = self._train(
            X, y, loss, schedule, coef, intercept, 0, rng, self.epochs, self.tol
        )
        self._rng = rng  # a later partial_fit continues the same random stream
        self._store(loss, coef, intercept, t, run, n_iter, append=False)
        return self

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
        loss, schedule = self._check_params()
        first = not hasattr(self, "coef_")
        X, y = self._validate(X, y, reset=first)
        loss.check_y(y)
        if getattr(self, "_rng", None) is None:
            self._rng = _make_rng(self.random_state)
        if first:
            coef, intercept, t = np.zeros(X.shape[1]), 0.0, 0
        else:
            coef, intercept, t = self.coef_.copy(), self.intercept_, self.t_
        coef, intercept, t, run, n_iter = self._train(
            X, y, loss, schedule, coef, intercept, t, self._rng, 1, None
        )
        self._store(loss, coef, intercept, t, run, n_iter, append=not first)
        return self

    def _inverse_link(self, raw):
        return self.loss_.inverse_link(raw)

    # ---- training --------------------------------------------------------------------------

    def _store(self, loss, coef, intercept, t, run, n_iter, append):
        self.loss_ = loss
        self.coef_ = coef
        self.intercept_ = float(intercept)
        self.t_ = int(t)
        self.n_iter_ = n_iter
        curve = np.asarray(run.curve, dtype=float)
        path = None if run.path is None else run.path[: run.k]
        if append:
            self.loss_curve_ = np.concatenate([self.loss_curve_, curve])
            if path is not None:
                old = getattr(self, "path_", None)
                self.path_ = path if old is None else np.concatenate([old, path[1:]])
        else:
            self.loss_curve_ = curve
            self.initial_loss_ = run.initial_loss
            if path is not None:
                self.path_ = path
            elif hasattr(self, "path_"):
                del self.path_

    def _train(self, X, y, loss, schedule, coef, intercept, t, rng, epochs, tol):
        n, d = X.shape
        m = n if self.batch_size is None else min(int(self.batch_size), n)
        updates = -(-n // m)
        record = self.record_path
        rows = 1 + epochs * (updates if record is True else 1)
        if record and rows * (d + 1) * 8 > MAX_PATH_BYTES:
            raise ValueError(
                f"record_path=True would store {rows:,} parameter vectors ({epochs} epochs of "
                f"{updates:,} updates), more than {MAX_PATH_BYTES // 2**20} MB. Use "
                "record_path='epoch' (one row per epoch) or fewer epochs."
            )
        alpha = float(self.alpha)
        fi = bool(self.fit_intercept)
        constant = self.schedule == "constant"
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            if m == n:
                return self._full_batch(X, y, loss, schedule, constant, coef, intercept, t,
                                        epochs, tol, alpha, fi, rows)
            return self._mini_batch(X, y, loss, schedule, constant, coef, intercept, t, rng,
                                    epochs, tol, alpha, fi, m, rows)

    def _stop(self, curve, state, tol):
        """scikit-learn's rule: no improvement by ``tol`` for ``n_iter_no_change`` epochs."""
        if tol is None:
            return False
        value = curve[-1]
        state[1] = state[1] + 1 if value > state[0] - tol else 0
        state[0] = min(state[0], value)
        return state[1] >= self.n_iter_no_change

    def _full_batch(self, X, y, loss, schedule, constant, w, b, t, epochs, tol, alpha, fi, rows):
        """Batch gradient descent: per epoch one ``X @ w``, one ``g @ X`` and O(n) vector work.

        ``raw`` and the gradient ``g`` are computed once per parameter value: ``g`` at the
        end of an epoch gives both that epoch's loss and the next epoch's step, so X is
        read exactly twice per epoch and never copied.
        """
        n = X.shape[0]
        sq = type(loss) is SquaredError

        def evaluate(w, b):  # g and J at (w, b)
            raw = X @ w if w.any() else np.zeros(n)  # the usual start w = 0 needs no product
            if sq:  # half squared error, in place: g = raw - y, J = 1/2 mean(g^2)
                raw -= y
                if b:
                    raw += b
                g = raw
                value = 0.5 * float(g @ g) / n
            else:
                if b:
                    raw += b
                g = loss._gradient(y, raw)
                value = float(np.mean(loss._per_sample(y, raw)))
            if alpha:
                value += 0.5 * alpha * float(w @ w)
            return g, value

        g, initial = evaluate(w, b)
        run = _Run(self, X, y, loss, initial, self.record_path, rows, X.shape[1] + 1, True,
                   at_zero=not (b or w.any()))
        if run.record:
            run.store(np.r_[b, w])
        eta = schedule(t) if constant else None
        lr = self.learning_rate
        state = [math.inf, 0]
        n_iter = 0
        for epoch in range(1, epochs + 1):
            if not constant:
                eta = schedule(t)
            step = np.dot(g, X)
            if alpha:
                w *= 1.0 - eta * alpha
            step *= -eta / n
            w += step
            if fi:
                b -= eta * float(g.sum()) / n
            t += 1
            g, value = evaluate(w, b)
            if run.record:
                run.store(np.r_[b, w])
            n_iter = epoch
            run.end_epoch(value, epoch, lr)
            if self._stop(run.curve, state, tol):
                break
        self._after(run, n_iter, epochs, tol)
        return w, b, t, run, n_iter

    def _mini_batch(self, X, y, loss, schedule, constant, w, b, t, rng, epochs, tol, alpha, fi,
                    m, rows):
        """Mini-batch and stochastic gradient descent over contiguous slices.

        Each epoch gathers the samples once, in a fresh random order, into a preallocated
        design matrix ``Xa = [1, X]`` (so :math:`\\theta = (b, w)` is one vector and one
        batch costs two small products); batches are then contiguous slices of it.
        """
        n, d = X.shape
        p = d + fi
        Xa = np.empty((n, p))
        if fi:
            Xa[:, 0] = 1.0
        Xv = Xa[:, 1:] if fi else Xa
        theta = np.r_[b, w] if fi else w.copy()
        theta_w = theta[1:] if fi else theta  # the penalised part, a view
        gradient = loss._gradient

        def objective(ya):
            raw = Xa @ theta if theta.any() else np.full(n, float(theta[0]) if fi else 0.0)
            value = float(np.mean(loss._per_sample(ya, raw)))
            if alpha:
                value += 0.5 * alpha * float(theta_w @ theta_w)
            return value

        perm = rng.permutation(n) if self.shuffle else None
        if perm is None:
            Xv[...] = X
            ya = y
        else:
            np.take(X, perm, axis=0, out=Xv, mode="wrap")
            ya = y[perm]
        run = _Run(self, X, y, loss, objective(ya), self.record_path, rows, d + 1, fi,
                   at_zero=not theta.any())
        record_updates = self.record_path is True
        if run.record:
            run.store(theta)
        store = run.store
        lr = self.learning_rate
        eta = schedule(t) if constant else None
        state = [math.inf, 0]
        n_iter = 0
        dot = np.dot
        for epoch in range(1, epochs + 1):
            if epoch > 1 and perm is not None:
                perm = rng.permutation(n)
                np.take(X, perm, axis=0, out=Xv, mode="wrap")
                ya = y[perm]
            if m == 1:  # SGD: one row at a time, scalar arithmetic
                for i in range(n):
                    xi = Xa[i]
                    gi = gradient(ya[i], dot(xi, theta))
                    if not constant:
                        eta = schedule(t)
                    if alpha:
                        theta_w *= 1.0 - eta * alpha
                    theta -= (eta * gi) * xi
                    t += 1
                    if record_updates:
                        store(theta)
            else:
                for s in range(0, n, m):
                    Xb = Xa[s:s + m]
                    g = gradient(ya[s:s + m], dot(Xb, theta))
                    step = dot(g, Xb)
                    if not constant:
                        eta = schedule(t)
                    if alpha:
                        theta_w *= 1.0 - eta * alpha
                    step *= -eta / g.shape[0]
                    theta += step
                    t += 1
                    if record_updates:
                        store(theta)
            if run.record and not record_updates:
                store(theta)
            n_iter = epoch
            run.end_epoch(objective(ya), epoch, lr)
            if self._stop(run.curve, state, tol):
                break
        self._after(run, n_iter, epochs, tol)
        if fi:
            return theta[1:].copy(), float(theta[0]), t, run, n_iter
        return theta, 0.0, t, run, n_iter

    def _after(self, run, n_iter, epochs, tol):
        if tol is not None and n_iter == epochs and epochs > 1:
            warnings.warn(
                f"GradientDescentRegressor stopped after epochs={epochs} before the loss "
                f"stopped improving by tol={tol:g}: raise epochs or the learning rate.",
                ConvergenceWarning, stacklevel=4,
            )
        # Compared with the larger of the starting loss and the all-zero model's loss, so
        # SGD's noise around a good starting point (partial_fit, coef_init) does not warn.
        if run.curve and run.curve[-1] > run.reference:
            warn_course(
                f"Training ended with a higher loss ({run.curve[-1]:.4g}) than it started with "
                f"({run.reference:.4g}): learning_rate={self.learning_rate!r} is probably "
                "too large for these data. Try a smaller one or standardise the features."
            )
