r"""Lesson 02: fit a linear model under any course loss with a general-purpose optimiser.

The model is :math:`f(x;\theta) = g^{-1}(z)` with the linear predictor
:math:`z = b + x^\top w`, :math:`\theta = (b, w)`, and :math:`g^{-1}` the loss's inverse
link (the identity, or :math:`e^z` for the gamma loss). Training minimises the mean loss

.. math:: J(\theta) = \frac1n\sum_{i=1}^n L\big(y_i,\ b + x_i^\top w\big).

With :math:`\tilde X = [\mathbf 1, X]` (the design matrix of lesson 01) the chain rule gives the
gradient :math:`\nabla_\theta J = \frac1n \tilde X^\top \big(\partial L/\partial z_i\big)_i`, which
is all a smooth optimiser such as L-BFGS needs. *How* an optimiser finds the minimum is
lesson 03; here ``scipy.optimize`` does it, so the lesson can focus on *which* minimum each
loss defines.

The absolute and quantile (pinball) losses have kinks where a residual is zero, and their
mean is piecewise linear in :math:`\theta`. A smooth optimiser stalls at the kinks, so they
get a derivative-free method (Nelder-Mead, fine for a handful of parameters) or the exact
linear programme that ``QuantileRegressor`` also solves:

.. math:: \min_{w, b, u^+, u^- \ge 0}\ \frac1n\sum_i \big(q\,u_i^+ + (1-q)\,u_i^-\big)
          \quad\text{s.t.}\quad b + x_i^\top w + u_i^+ - u_i^- = y_i .
"""

from __future__ import annotations

import numpy as np
import scipy.optimize
import scipy.sparse

from ._base import LinearRegressorBase
from ._validation import (
    Boolean,
    InstanceOf,
    Integer,
    NoneValue,
    NotConvergedWarning,
    Options,
    RealNumber,
    check_X_y,
    validate_params,
    warn_course,
)
from .losses import LOSSES, AbsoluteError, HuberLoss, Loss, QuantileLoss, get_loss

__all__ = ["LossRegressor", "huber_regressor_objective"]

_SOLVERS = ("auto", "lbfgs", "nelder-mead", "linprog")
_KINKED = (AbsoluteError, QuantileLoss)
_NELDER_MEAD_MAX_PARAMS = 3
_NELDER_MEAD_RESTARTS = 20


class LossRegressor(LinearRegressorBase):
    r"""A linear model fitted by minimising the mean of a course loss with ``scipy.optimize``.

    Minimises

    .. math:: J(w, b) = \frac1n\sum_{i=1}^n L\big(y_i,\ b + x_i^\top w\big)

    and predicts :math:`\hat y = g^{-1}(b + x^\top w)`, where :math:`L` and the inverse link
    :math:`g^{-1}` come from :func:`course_utils.get_loss`. No penalty is added, so with each
    loss this is the objective of a scikit-learn estimator:

    ================== ===========================================================
    ``loss``           same minimiser as
    ================== ===========================================================
    ``squared_error``  ``LinearRegression()``
    ``absolute_error`` ``QuantileRegressor(quantile=0.5, alpha=0)``
    ``quantile``       ``QuantileRegressor(quantile=q, alpha=0)``
    ``gamma``          ``GammaRegressor(alpha=0)`` (log link)
    ``huber``          ``HuberRegressor(alpha=0)`` *only* with ``delta = epsilon * scale_``:
                       HuberRegressor also estimates the scale (see
                       :func:`huber_regressor_objective`)
    ================== ===========================================================

    Parameters
    ----------
    loss : str or Loss, default="squared_error"
        A name of :data:`course_utils.LOSSES` ("squared_error", "absolute_error", "huber",
        "quantile", "gamma") or a :class:`~course_utils.Loss` object.
    delta : float, optional
        Huber threshold :math:`\delta` (only with ``loss="huber"``; default 1.0).
    quantile : float, optional
        Quantile :math:`q \in (0, 1)` (only with ``loss="quantile"``; default 0.5), as in
        ``QuantileRegressor`` and ``HistGradientBoostingRegressor``.
    fit_intercept : bool, default=True
        Fit the intercept :math:`b`.
    solver : {"auto", "lbfgs", "nelder-mead", "linprog"}, default="auto"
        ``"lbfgs"``: ``scipy.optimize.minimize(method="L-BFGS-B")`` with the analytic gradient,
        for the smooth losses (squared, Huber, gamma). ``"nelder-mead"``: derivative-free,
        only calls the loss; works on kinked losses when there are few parameters.
        ``"linprog"``: the exact linear programme (HiGHS) for "absolute_error" and "quantile".
        ``"auto"`` picks "linprog" for those two and "lbfgs" otherwise.
    tol : float, default=1e-10
        Stopping tolerance: the projected-gradient size for L-BFGS, the simplex size in
        :math:`\theta` and in :math:`J` for Nelder-Mead.
    max_iter : int, default=10_000
        Maximum number of optimiser iterations.

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,)
        :math:`w`.
    intercept_ : float
        :math:`b` (0.0 when ``fit_intercept=False``).
    loss_ : Loss
        The loss object that was minimised.
    objective_ : float
        :math:`J` at the solution: the mean training loss.
    solver_ : str
        The solver actually used.
    n_iter_ : int
        Optimiser iterations (simplex iterations of HiGHS for "linprog").
    n_features_in_ : int
    feature_names_in_ : ndarray of str, only when X is a DataFrame with string column names

    Examples
    --------
    >>> import numpy as np
    >>> from course_utils import LossRegressor
    >>> X = np.array([[0.0], [1.0], [2.0], [3.0], [4.0]])
    >>> y = np.array([0.0, 1.0, 2.0, 3.0, 40.0])  # the last point is an outlier
    >>> print(np.round(LossRegressor("absolute_error").fit(X, y).coef_, 6))
    [1.]
    >>> print(np.round(LossRegressor("squared_error").fit(X, y).coef_, 6))
    [8.2]
    """

    _parameter_constraints = {
        "loss": [Options(*LOSSES), InstanceOf(Loss, "a Loss object such as HuberLoss(delta=1.0)")],
        "delta": ([NoneValue(), RealNumber(0, None, "neither")],
                  "delta is the Huber threshold, in the units of y (scikit-learn's "
                  "HuberRegressor calls its threshold epsilon and measures it in units of "
                  "the estimated scale)."),
        "quantile": ([NoneValue(), RealNumber(0, 1, "neither")],
                     "quantile is q of the pinball loss, e.g. 0.9 for the 90th percentile "
                     "(mean_pinball_loss calls it alpha)."),
        "fit_intercept": [Boolean()],
        "solver": [Options(*_SOLVERS)],
        "tol": [RealNumber(0, None, "neither")],
        "max_iter": [Integer(1)],
    }

    def __init__(self, loss="squared_error", *, delta=None, quantile=None, fit_intercept=True,
                 solver="auto", tol=1e-10, max_iter=10_000):
        self.loss = loss
        self.delta = delta
        self.quantile = quantile
        self.fit_intercept = fit_intercept
        self.solver = solver
        self.tol = tol
        self.max_iter = max_iter

    # ---- parameters ---------------------------------------------------------------------

    def _make_loss(self):
        if isinstance(self.loss, Loss):
            if self.delta is not None or self.quantile is not None:
                raise ValueError(
                    f"loss is already a Loss object ({self.loss!r}): set its parameters there "
                    "and leave delta and quantile as None."
                )
            return self.loss
        if not isinstance(self.loss, str) or self.loss not in LOSSES:
            return get_loss(self.loss)  # raises the registry's "Unknown loss" message
        params = {}
        for name, owner in (("delta", "huber"), ("quantile", "quantile")):
            value = getattr(self, name)
            if value is None:
                continue
            if self.loss != owner:
                raise ValueError(
                    f"{name}={value!r} only applies to loss={owner!r}, but loss={self.loss!r}. "
                    f"Remove {name}, or set loss={owner!r}."
                )
            params[name] = value
        return get_loss(self.loss, **params)

    def _resolve_solver(self, loss):
        if self.solver not in _SOLVERS:
            raise ValueError(
                f"solver must be one of {_SOLVERS}, got {self.solver!r}. Leave 'auto' unless "
                "you want to compare optimisers."
            )
        kinked = isinstance(loss, _KINKED)
        if self.solver == "auto":
            return "linprog" if kinked else "lbfgs"
        if self.solver == "linprog" and not kinked:
            raise ValueError(
                f"solver='linprog' solves the linear programme of a piecewise-linear loss "
                f"('absolute_error' or 'quantile'), but loss={loss.name!r} is curved. Use "
                "solver='lbfgs' (or 'auto')."
            )
        if self.solver == "lbfgs" and kinked:
            warn_course(
                f"solver='lbfgs' assumes a smooth loss, but the {loss.name!r} loss has a kink "
                "at every zero residual: L-BFGS can stop short of the minimum while reporting "
                "success. Use solver='linprog' (exact) or 'nelder-mead' (few parameters)."
            )
        return self.solver

    # ---- fitting ------------------------------------------------------------------------

    def fit(self, X, y):
        """Minimise the mean training loss over the intercept and coefficients.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)

        Returns
        -------
        self : LossRegressor
        """
        validate_params(self)
        loss = self._make_loss()
        solver = self._resolve_solver(loss)
        X, y = check_X_y(self, X, y)
        X = X.astype(np.float64, copy=False)
        y = y.astype(np.float64, copy=False)
        loss.check_y(y)
        A = np.hstack([np.ones((X.shape[0], 1)), X]) if self.fit_intercept else X
        if solver == "nelder-mead" and A.shape[1] > _NELDER_MEAD_MAX_PARAMS:
            warn_course(
                f"Nelder-Mead with {A.shape[1]} parameters is slow and may stop far from the "
                f"minimum (it is reliable for up to {_NELDER_MEAD_MAX_PARAMS}). Use "
                "solver='linprog' for absolute_error/quantile or 'lbfgs' for smooth losses."
            )

        if solver == "linprog":
            theta, n_iter = _solve_linprog(A, y, _quantile_of(loss))
        else:
            theta, n_iter = self._minimize(A, y, loss, solver)

        self.loss_ = loss
        self.solver_ = solver
        self.n_iter_ = int(n_iter)
        if self.fit_intercept:
            self.intercept_, self.coef_ = float(theta[0]), theta[1:].copy()
        else:
            self.intercept_, self.coef_ = 0.0, theta.copy()
        self.objective_ = loss(y, A @ theta)
        return self

    def _minimize(self, A, y, loss, solver):
        # The optimiser works on a well-scaled copy of the problem, A' = A T, and maps the
        # answer back, theta = T theta': the objective is the same function, so is its
        # minimiser, but the optimiser no longer crawls on badly scaled columns.
        T = _rescaling(A, self.fit_intercept)
        As = A @ T
        n = A.shape[0]

        def J(theta):
            return loss(y, As @ theta)

        def grad_J(theta):
            return As.T @ loss.gradient(y, As @ theta) / n

        theta0 = np.linalg.solve(T, _start(A, y, loss, self.fit_intercept))
        if solver == "lbfgs":
            res = scipy.optimize.minimize(
                J, theta0, jac=grad_J, method="L-BFGS-B",
                # ftol = machine epsilon: stop on the gradient test, not because J decreased by
                # less than scipy's default relative 2.2e-9 (which leaves errors ~1e-5 in theta).
                options={"gtol": self.tol, "ftol": np.finfo(float).eps, "maxiter": self.max_iter},
            )
            grad_size = float(np.max(np.abs(grad_J(res.x)))) if res.x.size else 0.0
            if res.status == 1:
                warn_course(
                    f"L-BFGS did not converge in max_iter={self.max_iter} iterations (the "
                    f"gradient is still of size about {_order(grad_size)}): the coefficients "
                    "are not yet the minimiser. Increase max_iter, or loosen tol.",
                    NotConvergedWarning,
                )
            elif (res.status != 0 and not isinstance(loss, _KINKED)
                  and grad_size > 1e-6 * max(1.0, abs(res.fun))):
                # A failed line search is harmless at the limit of floating-point precision;
                # warn only when the gradient is still far from zero.
                warn_course(
                    f"L-BFGS stopped early ({res.message}) with a gradient of size about "
                    f"{_order(grad_size)}: the coefficients are not yet the minimiser. Loosen "
                    "tol, or check the data for extreme values.",
                    NotConvergedWarning,
                )
            return T @ res.x, res.nit
        # Nelder-Mead can collapse its simplex at a kink before reaching the minimum; the usual
        # remedy is to restart from the point it returned with a fresh simplex, until a restart
        # no longer improves J.
        # Step sizes in the units of each parameter: an intercept moves y by about its spread,
        # a slope by that spread divided by the feature's spread.
        spread = np.std(As, axis=0)
        scale = (np.std(y) + 1.0) / np.where(spread > 0, spread, 1.0)
        theta, best, n_iter, res = theta0, J(theta0), 0, None
        for _ in range(_NELDER_MEAD_RESTARTS):
            step = 0.1 * scale if n_iter == 0 else 0.01 * scale + 10 * self.tol
            simplex = np.vstack([theta, theta + np.diag(step)])
            res = scipy.optimize.minimize(
                J, theta, method="Nelder-Mead",
                options={"xatol": self.tol, "fatol": self.tol, "maxiter": self.max_iter,
                         "maxfev": 20 * self.max_iter, "initial_simplex": simplex,
                         "adaptive": As.shape[1] > 2},
            )
            n_iter += res.nit
            improved = res.fun < best - self.tol
            if res.fun < best:
                theta, best = res.x, res.fun
            if not improved:
                break
        if not res.success or not np.isfinite(best):
            warn_course(
                f"Nelder-Mead stopped before converging ({res.message}); increase max_iter "
                "or use solver='linprog' / 'lbfgs'.",
                NotConvergedWarning,
            )
        return T @ theta, n_iter

    def _inverse_link(self, raw):
        return self.loss_.inverse_link(raw)


def _order(value):
    """Order of magnitude of a positive number, e.g. ``"1e-03"`` (stable across CPUs)."""
    if not value > 0 or not np.isfinite(value):
        return f"{value:g}"
    return f"1e{int(np.floor(np.log10(value) + 0.5)):+03d}"


def _rescaling(A, fit_intercept):
    r"""An invertible :math:`T` such that the columns of :math:`A T` are on a common scale.

    With an intercept (or any constant column of A, such as one added by ``add_intercept``)
    every other column is centred and divided by its standard deviation,
    :math:`(x_j - \bar x_j)/s_j`, the constant column absorbing the means; otherwise each
    column is divided by its root mean square. :math:`\theta = T\theta'` maps the optimiser's
    parameters back, and :math:`J(A\theta) = J((AT)\theta')`.
    """
    n, p = A.shape
    T = np.eye(p)
    if n == 0 or p == 0:
        return T
    first = A[0]
    constant = np.flatnonzero(np.all(A == first, axis=0) & (first != 0))
    k = 0 if fit_intercept else (int(constant[0]) if len(constant) else None)
    if k is None:
        rms = np.sqrt(np.mean(A * A, axis=0))
        T[np.diag_indices(p)] = 1.0 / np.where(rms > 0, rms, 1.0)
        return T
    c = A[0, k]
    mean = A.mean(axis=0)
    std = A.std(axis=0)
    for j in range(p):
        if j == k:
            T[k, k] = 1.0 / c
        elif std[j] > 0:
            T[j, j] = 1.0 / std[j]
            T[k, j] = -mean[j] / (c * std[j])
        else:  # another constant column (collinear with the first): only rescale it
            T[j, j] = 1.0 / max(abs(mean[j]), 1.0)
    return T


def _quantile_of(loss):
    return 0.5 if isinstance(loss, AbsoluteError) else loss.quantile


def _start(A, y, loss, fit_intercept):
    r"""Starting point: all slopes 0 and the intercept at :math:`g(\bar y)` ("predict the mean")."""
    theta0 = np.zeros(A.shape[1])
    if fit_intercept:
        theta0[0] = loss.link(np.mean(y))
    return theta0


def _solve_linprog(A, y, q):
    r"""Exact minimiser of the mean pinball loss: the linear programme in the module docstring.

    For ``absolute_error`` (:math:`q = 1/2`) the objective is halved, the minimiser the same.
    """
    n, p = A.shape
    c = np.concatenate([np.zeros(p), np.full(n, q / n), np.full(n, (1.0 - q) / n)])
    eye = scipy.sparse.eye(n, format="csr")
    A_eq = scipy.sparse.hstack([scipy.sparse.csr_matrix(A), eye, -eye], format="csr")
    bounds = [(None, None)] * p + [(0, None)] * (2 * n)
    res = scipy.optimize.linprog(c, A_eq=A_eq, b_eq=y, bounds=bounds, method="highs")
    if res.status != 0:  # pragma: no cover - the LP is always feasible and bounded below
        raise RuntimeError(f"linprog failed: {res.message}")
    return res.x[:p], getattr(res, "nit", 0)


def huber_regressor_objective(theta, X, y, *, epsilon=1.35, alpha=0.0):
    r"""The objective ``HuberRegressor`` minimises, jointly over coefficients and scale.

    .. math:: \sum_{i=1}^n\Big(\sigma + H_\epsilon\!\Big(\frac{y_i - x_i^\top w - b}{\sigma}
              \Big)\,\sigma\Big) + \alpha\lVert w\rVert_2^2,\qquad
              H_\epsilon(z) = \begin{cases} z^2 & |z| < \epsilon\\
              2\epsilon|z| - \epsilon^2 & |z| \ge \epsilon\end{cases}

    Since :math:`\sigma H_\epsilon(r/\sigma) = \frac{2}{\sigma} L_\delta(r)` with the course's
    Huber loss :math:`L_\delta` at :math:`\delta = \epsilon\sigma`, at a fixed scale the
    :math:`(w, b)` that minimise it are those of ``HuberLoss(delta=epsilon * sigma)``; the
    :math:`n\sigma` term is what stops :math:`\sigma` from growing without bound.

    Parameters
    ----------
    theta : array-like of shape (n_features + 2,)
        :math:`(w_1, \dots, w_d, b, \sigma)`, scikit-learn's own parameter order, so
        ``scipy.optimize.minimize`` can take it directly. :math:`\sigma` must be > 0.
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,)
    epsilon : float, default=1.35
        HuberRegressor's ``epsilon`` (>= 1), in units of :math:`\sigma`.
    alpha : float, default=0.0
        L2 penalty on :math:`w`.

    Returns
    -------
    float
    """
    theta = np.asarray(theta, dtype=float)
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    if X.ndim != 2 or theta.shape != (X.shape[1] + 2,):
        raise ValueError(
            f"theta must hold (coef..., intercept, scale): {X.shape[-1] + 2} numbers for X with "
            f"{X.shape[-1]} features, got shape {theta.shape}."
        )
    w, b, sigma = theta[:-2], theta[-2], theta[-1]
    if not sigma > 0:
        raise ValueError(f"The scale sigma (last entry of theta) must be > 0, got {sigma!r}.")
    n = y.shape[0]
    huber = HuberLoss(delta=epsilon * sigma)
    return float(n * sigma + 2.0 / sigma * n * huber(y, X @ w + b) + alpha * w @ w)
