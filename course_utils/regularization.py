r"""Lesson 05: regularization — Lasso and Elastic Net by cyclic coordinate descent.

Notation of the notebook: :math:`X` is the :math:`n \times d` matrix of features (no column
of ones), :math:`w` the coefficients, :math:`b` the intercept, :math:`\alpha \ge 0` the
strength of the penalty and :math:`\rho` = ``l1_ratio`` :math:`\in [0, 1]` its L1 share.
The estimators minimise exactly scikit-learn's Elastic Net objective

.. math::

    F(w, b) = \frac{1}{2n}\lVert y - Xw - b\rVert_2^2
              + \alpha\rho\,\lVert w\rVert_1 + \frac{\alpha(1-\rho)}{2}\lVert w\rVert_2^2 ,

with :math:`\rho = 1` for the Lasso. The intercept is not penalised: with
``fit_intercept=True`` the columns of X and y are centred, :math:`w` is fitted on the centred
data and :math:`b = \bar y - \bar x^\top w`.

Coordinate descent
------------------
Multiply :math:`F` by :math:`n` and write :math:`\lambda_1 = n\alpha\rho`,
:math:`\lambda_2 = n\alpha(1-\rho)` (the scale scikit-learn's solver works in):

.. math:: P(w) = \tfrac12\lVert y - Xw\rVert^2 + \lambda_1\lVert w\rVert_1
                 + \tfrac{\lambda_2}{2}\lVert w\rVert^2 .

Minimising over one coordinate :math:`w_j` with the others fixed has a closed form, the
*soft-threshold* update

.. math:: w_j \leftarrow \frac{S(z_j, \lambda_1)}{\lVert x_j\rVert^2 + \lambda_2},\qquad
          z_j = x_j^\top r + \lVert x_j\rVert^2 w_j ,\qquad r = y - Xw,

where :math:`S(z, \gamma) = \operatorname{sign}(z)\max(|z| - \gamma, 0)`. Sweeping
:math:`j = 1, \dots, d` in order is one *epoch* (``n_iter_`` counts epochs).

Two ways to keep :math:`x_j^\top r` up to date (chosen as scikit-learn's ``precompute="auto"``
does, by the shape of X):

- ``n > d``: the **Gram** form. :math:`Q = X^\top X` and :math:`q = X^\top y` are computed once
  (:math:`O(nd^2)`, BLAS); then :math:`g = X^\top r = q - Qw` is kept and a change
  :math:`\delta` of :math:`w_j` updates it by :math:`g \leftarrow g - \delta Q_{:,j}`, so each
  coordinate step costs :math:`O(d)`, independent of :math:`n`.
- ``n \le d``: the **residual** form. :math:`r` is kept and updated by
  :math:`r \leftarrow r - \delta x_j`, :math:`O(n)` per step.

Stopping rule (the same as scikit-learn's)
------------------------------------------
After an epoch in which the largest coefficient change is at most ``tol`` times the largest
coefficient, the *duality gap* :math:`G(w, \nu) = P(w) - D(\nu) \ge P(w) - P(w^\star)` is
computed with the dual point :math:`\nu = r\cdot\min(1, \lambda_1/\lVert X^\top r - \lambda_2
w\rVert_\infty)`, and the solver stops when

.. math:: G \le \mathrm{tol}\cdot\lVert y - \bar y\rVert^2 ,

i.e. :math:`G/n \le \mathrm{tol}\cdot\lVert y - \bar y\rVert^2/n` on the scale of :math:`F`.
The gap is a certificate: the objective is provably within :math:`G/n` of its minimum. In
the Gram form every ingredient is :math:`O(d)`: :math:`\lVert r\rVert^2 = \lVert y\rVert^2 -
q^\top w - g^\top w`, :math:`r^\top y = \lVert y\rVert^2 - q^\top w` and :math:`X^\top r = g`.
Features whose coefficient the gap proves to be zero at the optimum are dropped from the
sweep ("gap safe screening", as in scikit-learn), which changes no result, only the work.

Proximal gradient descent
-------------------------
:func:`lasso_proximal_gradient` solves the same Lasso objective the way gradient descent
would, corrected for the kink of :math:`\lVert w\rVert_1`: a gradient step on the squared
error, then the soft threshold of every coordinate at once,
:math:`w \leftarrow S(w - \eta\nabla g(w), \eta\alpha)` (ISTA). It needs many more passes
than coordinate descent, but shows where the exact zeros come from.
"""

from __future__ import annotations

import numbers

import numpy as np
from scipy.linalg.blas import daxpy, ddot

from ._base import LinearRegressorBase
from ._validation import (
    Boolean,
    Integer,
    NoneValue,
    NotConvergedWarning,
    RealNumber,
    check_param,
    check_positive_param,
    check_values_from_norms,
    check_X_y,
    validate_params,
    warn_course,
)

__all__ = [
    "ElasticNetCD",
    "LassoCD",
    "NotConvergedWarning",
    "enet_path",
    "lasso_path",
    "lasso_proximal_gradient",
    "ridge_path",
    "soft_threshold",
]


def _block_rows(n_features):
    """Rows per block when passing over X: a block of ~1e5 numbers stays in cache, and its
    Gram update is small enough that BLAS runs it on one thread (no oversubscription when
    the machine is busy; scikit-learn's solver is single-threaded too)."""
    return max(256, min(4096, 100_000 // max(n_features, 1)))


def soft_threshold(z, gamma):
    r"""Soft threshold :math:`S(z, \gamma) = \operatorname{sign}(z)\max(|z| - \gamma, 0)`.

    It moves :math:`z` towards 0 by :math:`\gamma` and sets it to exactly 0 when
    :math:`|z| \le \gamma`: the minimiser of :math:`\tfrac12(w - z)^2 + \gamma|w|`.

    Parameters
    ----------
    z : float or array-like
    gamma : float, >= 0

    Returns
    -------
    float or ndarray, same shape as ``z``

    Examples
    --------
    >>> from course_utils import soft_threshold
    >>> soft_threshold([-3.0, -0.5, 0.0, 2.0], 1.0).tolist()
    [-2.0, 0.0, 0.0, 1.0]
    """
    check_positive_param(gamma, "gamma (the threshold)")
    z = np.asarray(z, dtype=float)
    out = np.sign(z) * np.maximum(np.abs(z) - gamma, 0.0) + 0.0  # + 0.0 turns -0.0 into 0.0
    return float(out) if out.ndim == 0 else out


# ---- parameter checks ------------------------------------------------------------------------

_ALPHA = ([RealNumber(0, None)],
          "alpha is the strength of the penalty: 0 means no penalty, larger values shrink the "
          "coefficients more. It cannot be negative.")
_L1_RATIO = ([RealNumber(0, 1)],
             "It is the L1 share of the penalty: 1 is the Lasso, 0 is Ridge, values in between "
             "are the Elastic Net.")
_MAX_ITER = ([Integer(1)], "max_iter is the largest number of passes over the features.")
_TOL = ([RealNumber(0, None)],
        "tol is the stopping tolerance on the duality gap; 1e-4 is the default, smaller is "
        "more precise.")


def _check_l1_ratio(l1_ratio):
    check_param(l1_ratio, "l1_ratio", _L1_RATIO[0], explain=_L1_RATIO[1])


def _check_solver_params(max_iter, tol):
    check_param(max_iter, "max_iter", _MAX_ITER[0], explain=_MAX_ITER[1])
    check_param(tol, "tol", _TOL[0], explain=_TOL[1])


# ---- the two ways of keeping X^T r up to date -----------------------------------------------

#: Largest mean^2 / variance of a column for which the Gram matrix of the uncentred X,
#: corrected by n * mean mean^T, keeps all but about 2 of its 16 digits.
_CENTRING_RATIO = 100.0


class _GramState:
    r"""Coordinate descent through :math:`Q = X_c^\top X_c`: :math:`O(d)` per coordinate.

    Keeps :math:`g = X_c^\top r = q - Qw` for the current ``w``. One pass over X, block by
    block while each block is in cache, gives everything the solver needs: the column means,
    :math:`q = X_c^\top y_c` and :math:`Q`, without copying X.

    With an intercept the pass forms the Gram matrix of the *uncentred* X and centres it
    afterwards, :math:`X_c^\top X_c = X^\top X - n\,\bar x \bar x^\top`. That subtraction
    cancels digits when a column's mean is large against its spread (years, prices), so for
    such data (:math:`\bar x_j^2 > 100\,\mathrm{var}_j`) a second pass centres each block
    first: two passes instead of one, the same answer to full accuracy.
    """

    def __init__(self, X, y, fit_intercept):
        n, d = X.shape
        self.y_mean = float(y.mean()) if fit_intercept else None
        self.y = yc = y - self.y_mean if fit_intercept else y
        self.X = X
        self.block = _block_rows(d)
        self.x_mean = None
        if not fit_intercept:
            Q, (q,) = self._pass(yc[None, :], None)
            self.raw_norms2 = Q.diagonal().copy()
        else:
            Q, (q, col_sum) = self._pass(np.vstack([yc, np.ones(n)]), None)
            self.raw_norms2 = Q.diagonal().copy()  # ||x_j||^2 before centring
            self.x_mean = x_mean = col_sum / n
            with np.errstate(over="ignore", invalid="ignore"):
                Q -= n * np.outer(x_mean, x_mean)
                q -= x_mean * yc.sum()  # X_c^T y_c (sum(y_c) ~ 0)
                spread = np.maximum(Q.diagonal(), 0.0) / n
                recentre = np.isfinite(self.raw_norms2).all() and np.any(
                    x_mean**2 > _CENTRING_RATIO * spread)
            if recentre:  # too many digits lost: centre each block first
                Q, (q,) = self._pass(yc[None, :], x_mean)
        self.q = q
        self.y_norm2 = float(yc @ yc)
        self.g = q.copy()  # X^T r at w = 0
        self._Q = Q
        self.rows = list(Q)  # Q is symmetric: row j is column j
        self.norms = Q.diagonal().copy()  # ||x_j||^2
        self.norm_list = self.norms.tolist()

    def _pass(self, weights, shift):
        """One pass over the blocks of X - shift: its Gram matrix and ``weights @ (X - shift)``."""
        X, block = self.X, self.block
        n, d = X.shape
        Q, sums = np.zeros((d, d)), np.zeros((weights.shape[0], d))
        with np.errstate(over="ignore", invalid="ignore"):  # bad values are diagnosed after
            for start in range(0, n, block):
                B = X[start:start + block]
                if shift is not None:
                    B = B - shift
                sums += weights[:, start:start + block] @ B
                Q += B.T @ B
        return Q, sums

    def prepare(self):
        pass

    @property
    def Q(self):
        return self._Q

    def set_coef(self, w):
        self.g = self.q - self.Q @ w if w.any() else self.q.copy()

    def residual_terms(self, w):
        """``X^T r``, ``||r||^2`` and ``r^T y`` from Gram quantities only."""
        qw = float(self.q @ w)
        return self.g, self.y_norm2 - qw - float(self.g @ w), self.y_norm2 - qw

    def drop(self, idx, w_idx):
        """Set ``w[idx]`` (currently ``w_idx``) to zero: ``g += Q[:, idx] w_idx``."""
        self.g += self.Q[:, idx] @ w_idx

    def epoch(self, w, active, l1, denom):
        """One cyclic sweep over ``active``; ``w`` is a list of floats, updated in place."""
        g, rows, norms = self.g, self.rows, self.norm_list
        d_w_max = w_max = 0.0
        for j in active:
            w_j = w[j]
            z = g.item(j) + w_j * norms[j]
            if z > l1:
                new = (z - l1) / denom[j]
            elif z < -l1:
                new = (z + l1) / denom[j]
            else:
                new = 0.0
            if new != w_j:
                daxpy(rows[j], g, a=w_j - new)  # g -= (new - w_j) Q[:, j]
                w[j] = new
                change = abs(new - w_j)
                if change > d_w_max:
                    d_w_max = change
            size = abs(new)
            if size > w_max:
                w_max = size
        return d_w_max, w_max


class _ResidualState:
    r"""Coordinate descent through the residual :math:`r = y_c - X_c w`: :math:`O(n)` per step."""

    def __init__(self, X, y, fit_intercept):
        n = X.shape[0]
        with np.errstate(over="ignore", invalid="ignore"):  # bad values are diagnosed after
            self.x_mean = x_mean = X.mean(axis=0) if fit_intercept else None
            Xc = X - x_mean if fit_intercept else X
            self.cols = np.ascontiguousarray(Xc.T)  # row j is the feature column x_j
            self.norms = np.einsum("ij,ij->i", self.cols, self.cols)
            # ||x_j||^2 before centring
            self.raw_norms2 = self.norms + n * x_mean**2 if fit_intercept else self.norms
        self.y_mean = float(y.mean()) if fit_intercept else None
        self.y = y - self.y_mean if fit_intercept else np.array(y, dtype=float)
        self.rows = list(self.cols)
        self.norm_list = self.norms.tolist()
        self.y_norm2 = float(self.y @ self.y)
        self.r = self.y.copy()

    def prepare(self):
        pass

    def set_coef(self, w):
        self.r = self.y - self.cols.T @ w

    def residual_terms(self, w):
        r = self.r
        return self.cols @ r, float(r @ r), float(r @ self.y)

    def drop(self, idx, w_idx):
        self.r += self.cols[idx].T @ w_idx

    def epoch(self, w, active, l1, denom):
        r, rows, norms = self.r, self.rows, self.norm_list
        d_w_max = w_max = 0.0
        for j in active:
            w_j = w[j]
            x_j = rows[j]
            z = ddot(x_j, r) + w_j * norms[j]
            if z > l1:
                new = (z - l1) / denom[j]
            elif z < -l1:
                new = (z + l1) / denom[j]
            else:
                new = 0.0
            if new != w_j:
                daxpy(x_j, r, a=w_j - new)  # r -= (new - w_j) x_j
                w[j] = new
                change = abs(new - w_j)
                if change > d_w_max:
                    d_w_max = change
            size = abs(new)
            if size > w_max:
                w_max = size
        return d_w_max, w_max


def _make_state(X, y, fit_intercept):
    """The Gram form when n > d (as scikit-learn's ``precompute="auto"``), else the residual."""
    cls = _GramState if X.shape[0] > X.shape[1] else _ResidualState
    state = cls(X, y, fit_intercept)
    return state, state.x_mean, state.y_mean


# ---- duality gap and screening --------------------------------------------------------------

def _duality_gap(w, XtR, R_norm2, Ry, l1, l2):
    r"""Duality gap of :math:`P(w)` (scikit-learn's formulations), from :math:`X^\top r`,
    :math:`\lVert r\rVert^2` and :math:`r^\top y`.

    Returns ``(gap, XtA, dual_norm)`` with :math:`XtA = X^\top r - \lambda_2 w`.
    """
    w_l2 = float(w @ w) if l2 > 0 else 0.0
    if l1 == 0:  # no L1 term: the dual has no constraint
        grad2 = float(XtR @ XtR)
        if l2 == 0:  # least squares: the squared gradient norm stands in for the gap
            return grad2, XtR, grad2
        return R_norm2 + 0.5 * l2 * w_l2 - Ry + grad2 / (2.0 * l2), XtR, grad2
    XtA = XtR - l2 * w if l2 > 0 else XtR
    dual_norm = float(np.abs(XtA).max()) if XtA.size else 0.0
    primal = 0.5 * (R_norm2 + l2 * w_l2) + l1 * float(np.abs(w).sum())
    scale = l1 / dual_norm if dual_norm > l1 else 1.0  # shrink r into the dual feasible set
    dual = -0.5 * scale**2 * (R_norm2 + l2 * w_l2) + scale * Ry
    return primal - dual, XtA, dual_norm


def _screen(active, XtA, dual_norm, gap, l1, curvature):
    r"""Gap safe rule: features that provably have w_j = 0 at the optimum (boolean mask).

    ``curvature`` is :math:`\lVert x_j\rVert^2 + l_2` per column.
    """
    theta = np.abs(XtA) / max(l1, dual_norm)
    with np.errstate(divide="ignore"):  # a zero column is already inactive: distance = inf
        distance = (1.0 - theta) / np.sqrt(curvature)
    return active & (distance <= np.sqrt(2.0 * abs(gap)) / l1)


def _solve(state, w, l1, l2, max_iter, tol):
    r"""Cyclic coordinate descent on :math:`P(w)` from the start ``w``.

    Returns ``(w, gap, tol_abs, n_iter, converged)``; ``gap`` and ``tol_abs`` are on the
    :math:`n`-times scale of :math:`P`.
    """
    w = np.array(w, dtype=float)
    state.set_coef(w)
    tol_abs = tol * state.y_norm2
    screening = l1 > 0
    gap, XtA, dual_norm = _duality_gap(w, *state.residual_terms(w), l1, l2)
    if 0 <= gap <= tol_abs:
        return w, gap, tol_abs, 0, True
    state.prepare()  # the Gram form needs Q from here on (formed once, then cached)
    curvature = state.norms + l2
    denom = curvature.tolist()
    active = state.norms > 0  # a constant (centred to zero) column never moves
    dropped = ~active & (w != 0)
    if screening:
        keep = _screen(active, XtA, dual_norm, gap, l1, curvature)
        dropped |= active & ~keep & (w != 0)
        active = keep
    if dropped.any():
        state.drop(np.flatnonzero(dropped), w[dropped])
        w[dropped] = 0.0
    w_list, order = w.tolist(), np.flatnonzero(active).tolist()
    converged = False
    for n_iter in range(max_iter):
        d_w_max, w_max = state.epoch(w_list, order, l1, denom)
        if w_max == 0.0 or d_w_max / w_max <= tol or n_iter == max_iter - 1:
            w = np.array(w_list)
            gap, XtA, dual_norm = _duality_gap(w, *state.residual_terms(w), l1, l2)
            if gap <= tol_abs:
                converged = True
                break
            if screening:
                keep = _screen(active, XtA, dual_norm, gap, l1, curvature)
                dropped = active & ~keep & (w != 0)
                if dropped.any():
                    state.drop(np.flatnonzero(dropped), w[dropped])
                    w[dropped] = 0.0
                    w_list = w.tolist()
                active = keep
                order = np.flatnonzero(active).tolist()
    return np.array(w_list), gap, tol_abs, n_iter + 1, converged


def _not_converged_message(who, max_iter, gap, tol_abs, n_samples):
    return (
        f"{who} did not converge: after max_iter={max_iter} passes over the features the "
        f"duality gap is {gap / n_samples:.2e}, above the tolerance tol * ||y - mean(y)||^2 / n "
        f"= {tol_abs / n_samples:.2e}, so the coefficients are not yet the minimiser. Increase "
        "max_iter, standardise the features (StandardScaler) or use a larger alpha or tol."
    )


# ---- estimators -----------------------------------------------------------------------------

class ElasticNetCD(LinearRegressorBase):
    r"""Elastic Net (L1 + L2 penalty) fitted by cyclic coordinate descent.

    Minimises scikit-learn's :class:`~sklearn.linear_model.ElasticNet` objective

    .. math::

        \frac{1}{2n}\lVert y - Xw - b\rVert_2^2 + \alpha\rho\,\lVert w\rVert_1
        + \frac{\alpha(1-\rho)}{2}\lVert w\rVert_2^2 ,\qquad \rho = \texttt{l1\_ratio},

    by the soft-threshold update :math:`w_j \leftarrow S(z_j, n\alpha\rho)/(\lVert x_j\rVert^2 +
    n\alpha(1-\rho))` with :math:`z_j = x_j^\top r + \lVert x_j\rVert^2 w_j`, sweeping the
    coordinates in order, and stops on scikit-learn's duality-gap rule (module docstring).
    ``l1_ratio=1`` is the Lasso (:class:`LassoCD`); ``l1_ratio=0`` is Ridge with
    ``Ridge(alpha=n * alpha)``. The intercept is not penalised.

    Parameters
    ----------
    alpha : float, default=1.0
        Strength :math:`\alpha \ge 0` of the penalty.
    l1_ratio : float in [0, 1], default=0.5
        L1 share :math:`\rho` of the penalty.
    fit_intercept : bool, default=True
        Fit the (unpenalised) intercept :math:`b` by centring X and y.
    max_iter : int, default=1000
        Largest number of epochs (passes over the features).
    tol : float, default=1e-4
        Stop when the duality gap is at most ``tol * ||y - mean(y)||^2 / n`` (scikit-learn's
        rule, so equal ``tol`` means an equal stopping rule).

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,)
    intercept_ : float
    n_iter_ : int
        Epochs run (0 when the starting point already satisfied the rule).
    dual_gap_ : float
        Duality gap at the end, on the scale of the objective above.
    n_features_in_ : int
    feature_names_in_ : ndarray of str, only when X is a DataFrame with string column names

    Examples
    --------
    >>> import numpy as np
    >>> from course_utils import ElasticNetCD
    >>> X = np.array([[-1.0], [0.0], [1.0]]); y = np.array([-1.0, 0.0, 1.0])
    >>> round(float(ElasticNetCD(alpha=0.5, l1_ratio=0.5).fit(X, y).coef_[0]), 4)
    0.4545
    """

    _parameter_constraints = {
        "alpha": _ALPHA,
        "l1_ratio": _L1_RATIO,
        "fit_intercept": [Boolean()],
        "max_iter": _MAX_ITER,
        "tol": _TOL,
    }

    def __init__(self, alpha=1.0, l1_ratio=0.5, *, fit_intercept=True, max_iter=1000,
                 tol=1e-4):
        self.alpha = alpha
        self.l1_ratio = l1_ratio
        self.fit_intercept = fit_intercept
        self.max_iter = max_iter
        self.tol = tol

    def _l1_share(self):
        return self.l1_ratio

    def fit(self, X, y):
        """Fit the coefficients by cyclic coordinate descent.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)

        Returns
        -------
        self
        """
        validate_params(self)
        l1_ratio = self._l1_share()
        # X's NaN / inf / overflow are checked from the column lengths the solver computes
        X, y = check_X_y(self, X, y, values=False)
        X = X.astype(np.float64, copy=False)
        y = y.astype(np.float64, copy=False)
        n_samples = X.shape[0]
        if self.alpha == 0:
            warn_course(
                "alpha=0 means no penalty: this is ordinary least squares, which coordinate "
                "descent solves slowly and may not finish. Use NormalEquationRegressor "
                "(lesson 01) or sklearn's LinearRegression instead."
            )
        state, x_mean, y_mean = _make_state(X, y, self.fit_intercept)
        check_values_from_norms(X, state.raw_norms2,
                                names=getattr(self, "feature_names_in_", None))
        l1 = self.alpha * l1_ratio * n_samples
        l2 = self.alpha * (1.0 - l1_ratio) * n_samples
        w, gap, tol_abs, n_iter, converged = _solve(
            state, np.zeros(X.shape[1]), l1, l2, self.max_iter, self.tol
        )
        if not converged:
            warn_course(
                _not_converged_message(type(self).__name__, self.max_iter, gap, tol_abs,
                                       n_samples),
                NotConvergedWarning,
            )
        self.coef_ = w
        self.intercept_ = float(y_mean - x_mean @ w) if self.fit_intercept else 0.0
        self.n_iter_ = n_iter
        self.dual_gap_ = gap / n_samples
        return self


class LassoCD(ElasticNetCD):
    r"""Lasso (L1 penalty) fitted by cyclic coordinate descent.

    Minimises scikit-learn's :class:`~sklearn.linear_model.Lasso` objective

    .. math:: \frac{1}{2n}\lVert y - Xw - b\rVert_2^2 + \alpha\lVert w\rVert_1

    with the update :math:`w_j \leftarrow S(x_j^\top r + \lVert x_j\rVert^2 w_j,\ n\alpha) /
    \lVert x_j\rVert^2`. Above :math:`\alpha_{\max} = \max_j |x_j^\top (y - \bar y)|/n`
    (centred :math:`x_j`) every coefficient is exactly zero. It is :class:`ElasticNetCD`
    with ``l1_ratio=1``.

    Parameters
    ----------
    alpha : float, default=1.0
        Strength :math:`\alpha \ge 0` of the L1 penalty.
    fit_intercept : bool, default=True
    max_iter : int, default=1000
    tol : float, default=1e-4
        Duality-gap tolerance, with scikit-learn's scaling (see :class:`ElasticNetCD`).

    Attributes
    ----------
    coef_, intercept_, n_iter_, dual_gap_, n_features_in_, feature_names_in_
        As in :class:`ElasticNetCD`.

    Examples
    --------
    >>> import numpy as np
    >>> from course_utils import LassoCD
    >>> X = np.array([[-1.0], [0.0], [1.0]]); y = np.array([-1.0, 0.0, 1.0])
    >>> round(float(LassoCD(alpha=0.1).fit(X, y).coef_[0]), 4)
    0.85
    """

    _parameter_constraints = {
        "alpha": _ALPHA,
        "fit_intercept": [Boolean()],
        "max_iter": _MAX_ITER,
        "tol": _TOL,
    }

    def __init__(self, alpha=1.0, *, fit_intercept=True, max_iter=1000, tol=1e-4):
        self.alpha = alpha
        self.fit_intercept = fit_intercept
        self.max_iter = max_iter
        self.tol = tol

    def _l1_share(self):
        return 1.0


# ---- regularization paths -------------------------------------------------------------------

def _check_path_data(X, y):
    return check_X_y(None, X, y, dtype=np.float64)


def _alpha_grid(X, y, l1_ratio, eps, n_alphas):
    r""":math:`\alpha_{\max} = \max_j|x_j^\top y| / (n\rho)` down to ``eps`` times it, log-spaced.

    At :math:`\alpha_{\max}` every coefficient is zero (the soft threshold swallows every
    :math:`x_j^\top y`); scikit-learn's grid, computed the same way.
    """
    if l1_ratio == 0:
        raise ValueError(
            "An automatic alpha grid needs an L1 penalty (l1_ratio > 0): with l1_ratio=0 no "
            "alpha sets every coefficient to zero. Pass the grid yourself, e.g. "
            "alphas=np.logspace(-3, 3, 50)."
        )
    alpha_max = float(np.abs(X.T @ y).max()) / (X.shape[0] * l1_ratio)
    if alpha_max <= np.finfo(np.float64).resolution:
        return np.full(n_alphas, np.finfo(np.float64).resolution)
    return np.geomspace(alpha_max, alpha_max * eps, num=n_alphas)


def enet_path(X, y, *, l1_ratio=0.5, eps=1e-3, alphas=100, coef_init=None, max_iter=1000,
              tol=1e-4, return_n_iter=False):
    r"""Elastic Net coefficients for a decreasing grid of alphas, with warm starts.

    Same objective and arguments as :func:`sklearn.linear_model.enet_path`:
    :math:`\frac{1}{2n}\lVert y - Xw\rVert^2 + \alpha\rho\lVert w\rVert_1 +
    \frac{\alpha(1-\rho)}{2}\lVert w\rVert^2` for each alpha, **without an intercept**
    (centre X and y first, as scikit-learn's path does not). Each fit starts from the
    previous alpha's coefficients (a warm start), so the whole path costs little more than
    its last fit; the Gram matrix (when n > d) is formed once for the whole path.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
    l1_ratio : float in [0, 1], default=0.5
    eps : float, default=1e-3
        With an integer ``alphas``, the grid runs from :math:`\alpha_{\max} =
        \max_j|x_j^\top y|/(n\rho)` (the smallest alpha with every coefficient zero) down to
        ``eps * alpha_max``.
    alphas : int or array-like, default=100
        Number of log-spaced alphas, or the alphas themselves (sorted into decreasing order).
    coef_init : array-like of shape (n_features,), optional
        Start of the first fit (default zeros).
    max_iter, tol
        As in :class:`ElasticNetCD`, for each alpha.
    return_n_iter : bool, default=False
        Also return the number of epochs of each fit.

    Returns
    -------
    alphas : ndarray of shape (n_alphas,)
    coefs : ndarray of shape (n_features, n_alphas)
    dual_gaps : ndarray of shape (n_alphas,)
    n_iters : list of int, only when ``return_n_iter``
    """
    result = _path(X, y, l1_ratio, (eps, alphas), coef_init, (max_iter, tol))
    return result if return_n_iter else result[:3]


def _path(X, y, l1_ratio, grid, coef_init, solver):
    """The work of :func:`enet_path` and :func:`lasso_path`.

    ``grid`` is ``(eps, alphas)``, ``solver`` is ``(max_iter, tol)``; returns
    ``(alphas, coefs, dual_gaps, n_iters)``.
    """
    eps, alphas = grid
    max_iter, tol = solver
    _check_l1_ratio(l1_ratio)
    _check_solver_params(max_iter, tol)
    X, y = _check_path_data(X, y)
    n_samples, n_features = X.shape
    if isinstance(alphas, numbers.Integral) and not isinstance(alphas, bool):
        if alphas < 1:
            raise ValueError(f"alphas must be a positive number of alphas, got {alphas}.")
        check_positive_param(eps, "eps", strict=True)
        alphas = _alpha_grid(X, y, l1_ratio, eps, int(alphas))
    else:
        alphas = np.asarray(alphas, dtype=float).ravel()
        if alphas.size == 0 or not np.all(np.isfinite(alphas)) or (alphas < 0).any():
            raise ValueError(
                "alphas must be a non-empty list of finite numbers >= 0 (or the number of "
                f"alphas to generate), got {alphas!r}."
            )
        alphas = np.sort(alphas)[::-1]
    w = np.zeros(n_features) if coef_init is None else np.asarray(coef_init, dtype=float)
    if w.shape != (n_features,):
        raise ValueError(f"coef_init must have shape ({n_features},), got {w.shape}.")
    state, _, _ = _make_state(X, y, fit_intercept=False)
    coefs = np.empty((n_features, alphas.size))
    dual_gaps = np.empty(alphas.size)
    n_iters, failed = [], []
    for i, alpha in enumerate(alphas):
        l1 = alpha * l1_ratio * n_samples
        l2 = alpha * (1.0 - l1_ratio) * n_samples
        w, gap, tol_abs, n_iter, converged = _solve(state, w, l1, l2, max_iter, tol)
        coefs[:, i] = w
        dual_gaps[i] = gap / n_samples
        n_iters.append(n_iter)
        if not converged:
            failed.append(i)
    if failed:
        warn_course(
            f"The path did not converge for {len(failed)} of {alphas.size} alphas (the "
            f"smallest of them alpha = {alphas[failed[-1]]:.3g}): within max_iter={max_iter} "
            "passes the duality gap stayed above tol * ||y||^2 / n. Increase max_iter, "
            "standardise the features, or stop the grid at a larger alpha (larger eps).",
            NotConvergedWarning,
        )
    return alphas, coefs, dual_gaps, n_iters


def lasso_path(X, y, *, eps=1e-3, alphas=100, coef_init=None, max_iter=1000, tol=1e-4,
               return_n_iter=False):
    r"""Lasso coefficients for a decreasing grid of alphas, with warm starts.

    :func:`enet_path` with ``l1_ratio=1``; same objective and arguments as
    :func:`sklearn.linear_model.lasso_path`:
    :math:`\frac{1}{2n}\lVert y - Xw\rVert^2 + \alpha\lVert w\rVert_1`, no intercept.

    Returns
    -------
    alphas : ndarray of shape (n_alphas,)
    coefs : ndarray of shape (n_features, n_alphas)
    dual_gaps : ndarray of shape (n_alphas,)
    n_iters : list of int, only when ``return_n_iter``
    """
    result = _path(X, y, 1.0, (eps, alphas), coef_init, (max_iter, tol))
    return result if return_n_iter else result[:3]


def ridge_path(X, y, alphas):
    r"""Ridge coefficients for a grid of alphas, in closed form from one SVD.

    Minimises scikit-learn's :class:`~sklearn.linear_model.Ridge` objective (note the scale:
    no :math:`1/(2n)`) :math:`\lVert y - Xw\rVert^2 + \alpha\lVert w\rVert^2` for each alpha,
    **without an intercept** (centre X and y first). With :math:`X = U\Sigma V^\top`,

    .. math:: w(\alpha) = (X^\top X + \alpha I)^{-1}X^\top y
              = V\,\operatorname{diag}\!\Big(\frac{\sigma_k}{\sigma_k^2 + \alpha}\Big)U^\top y ,

    so every alpha costs only :math:`O(d^2)` after the SVD, and no coefficient is ever
    exactly zero for :math:`\alpha < \infty`.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
    alphas : array-like of float, each >= 0
        Returned sorted into decreasing order, like the other paths. ``alpha = 0`` gives the
        minimum-norm least-squares solution.

    Returns
    -------
    alphas : ndarray of shape (n_alphas,)
    coefs : ndarray of shape (n_features, n_alphas)
    """
    X, y = _check_path_data(X, y)
    alphas = np.asarray(alphas, dtype=float).ravel()
    if alphas.size == 0 or not np.all(np.isfinite(alphas)) or (alphas < 0).any():
        raise ValueError(
            f"alphas must be a non-empty list of finite numbers >= 0, got {alphas!r}."
        )
    alphas = np.sort(alphas)[::-1]
    U, s, Vt = np.linalg.svd(X, full_matrices=False)
    Uty = U.T @ y
    # Singular values at rounding level are zero (as in lstsq/pinv): this keeps alpha = 0
    # at the minimum-norm solution instead of dividing by ~1e-16.
    s = np.where(s > np.finfo(float).eps * max(X.shape) * s.max(initial=0.0), s, 0.0)
    denom = s[:, None] ** 2 + alphas[None, :]
    factor = np.divide(s[:, None], denom, out=np.zeros_like(denom), where=denom > 0)
    return alphas, Vt.T @ (factor * Uty[:, None])


# ---- the Lasso by proximal gradient descent ---------------------------------------------------

_LEARNING_RATE = ([RealNumber(0, None, closed="neither"), NoneValue()],
                  "learning_rate is the step size eta of the gradient step; None takes "
                  "1 / lambda_max (the step of the textbook convergence rate), and any step "
                  "must stay below 2 / lambda_max.")
_N_ITER = ([Integer(1)], "n_iter is the largest number of proximal gradient steps.")
_PG_TOL = ([RealNumber(0, None)],
           "tol stops the loop once every coefficient moved by at most tol * alpha_max * eta "
           "in one step; 1e-8 is the default, 0 runs n_iter steps without a warning.")


def _check_proximal_params(alpha, learning_rate, n_iter, tol):
    owner = "lasso_proximal_gradient"
    check_param(alpha, "alpha", _ALPHA[0], owner=owner, explain=_ALPHA[1])
    check_param(learning_rate, "learning_rate", _LEARNING_RATE[0], owner=owner,
                explain=_LEARNING_RATE[1])
    check_param(n_iter, "n_iter", _N_ITER[0], owner=owner, explain=_N_ITER[1])
    check_param(tol, "tol", _PG_TOL[0], owner=owner, explain=_PG_TOL[1])


def _centred_gram(X, y, fit_intercept):
    r""":math:`Q = X_c^\top X_c / n`, :math:`q = X_c^\top y_c / n`, :math:`\lVert y_c\rVert^2/(2n)`
    and the means (zeros without an intercept): everything one proximal gradient step needs."""
    n = X.shape[0]
    x_mean = X.mean(axis=0) if fit_intercept else np.zeros(X.shape[1])
    y_mean = float(y.mean()) if fit_intercept else 0.0
    Xc, yc = X - x_mean, y - y_mean
    return Xc.T @ Xc / n, Xc.T @ yc / n, float(yc @ yc) / (2 * n), (x_mean, y_mean)


def _step_size(Q, learning_rate):
    r"""``learning_rate`` checked against :math:`2/\lambda_{\max}`, or :math:`1/\lambda_{\max}`."""
    lam_max = float(np.linalg.eigvalsh(Q)[-1]) if Q.size else 0.0
    if learning_rate is None:
        return 1.0 / lam_max if lam_max > 0 else 1.0
    if learning_rate * lam_max >= 2.0:
        raise ValueError(
            f"learning_rate={learning_rate:g} is at least 2 / lambda_max = {2 / lam_max:.4g} "
            "(lambda_max: the largest eigenvalue of X_c^T X_c / n), so the gradient step "
            "diverges. Use learning_rate=None (1 / lambda_max) or a smaller step."
        )
    return float(learning_rate)


def lasso_proximal_gradient(X, y, alpha, *, learning_rate=None, n_iter=1000, tol=1e-8,
                            fit_intercept=True):
    r"""The Lasso by proximal gradient descent (ISTA): a gradient step, then the soft threshold.

    Minimises the same objective as :class:`LassoCD` and
    :class:`sklearn.linear_model.Lasso`,

    .. math:: F(w, b) = \underbrace{\frac{1}{2n}\lVert y - Xw - b\rVert^2}_{g(w)}
              + \underbrace{\alpha\lVert w\rVert_1}_{h(w)} .

    :math:`g` is smooth (on centred data :math:`\nabla g(w) = -X_c^\top(y_c - X_c w)/n`,
    Hessian :math:`X_c^\top X_c/n` with largest eigenvalue :math:`\lambda_{\max}`); :math:`h`
    has a kink at 0, where a plain gradient step (with a subgradient of :math:`h`) overshoots
    and never lands on exactly zero. The proximal step takes the gradient step on :math:`g`
    only, then solves the penalised problem exactly around that point:

    .. math:: w_{t+1} = \operatorname{prox}_{\eta h}\big(w_t - \eta\nabla g(w_t)\big)
              = S\big(w_t - \eta\nabla g(w_t),\ \eta\alpha\big),

    with :math:`S(z, \gamma) = \operatorname{sign}(z)\max(|z| - \gamma, 0)` applied to each
    coordinate (:func:`soft_threshold`), which sets small coefficients to exactly 0. With
    :math:`\eta = 1/\lambda_{\max}` the objective decreases at every step and
    :math:`F(w_t) - F^\star \le \lambda_{\max}\lVert w_0 - w^\star\rVert^2/(2t)`. The
    intercept is not penalised: :math:`b = \bar y - \bar x^\top w`.

    Each step costs :math:`O(d^2)` through :math:`Q = X_c^\top X_c/n`, formed once.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
    alpha : float, >= 0
        Strength of the L1 penalty (scikit-learn's ``alpha``).
    learning_rate : float > 0 or None, default=None
        The step :math:`\eta`; None takes :math:`1/\lambda_{\max}`. A step of at least
        :math:`2/\lambda_{\max}` raises ``ValueError`` (the gradient step diverges).
    n_iter : int, default=1000
        Largest number of steps.
    tol : float, default=1e-8
        Stop once :math:`\max_j |w_{t+1,j} - w_{t,j}| \le \mathrm{tol}\cdot\eta\,
        \alpha_{\max}`, with :math:`\alpha_{\max} = \lVert X_c^\top y_c\rVert_\infty/n`
        (the scale of the gradient at :math:`w = 0`): the step, divided by :math:`\eta`, is
        the optimality residual. Not stopping within ``n_iter`` warns
        (:class:`NotConvergedWarning`); ``tol=0`` runs exactly ``n_iter`` steps (unless a step
        changes nothing) and does not warn.
    fit_intercept : bool, default=True
        Centre X and y and fit an unpenalised intercept; False fits through the origin.

    Returns
    -------
    coef : ndarray of shape (n_features,)
        :math:`w`, with exact zeros.
    intercept : float
        :math:`b` (0.0 when ``fit_intercept=False``).
    objective : ndarray of shape (n_steps,)
        :math:`F(w_t, b_t)` after each step taken.

    Examples
    --------
    >>> import numpy as np
    >>> from course_utils import LassoCD, lasso_proximal_gradient
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(50, 4))
    >>> y = X @ np.array([2.0, 0.0, -1.0, 0.0]) + rng.normal(scale=0.5, size=50)
    >>> w, b, objective = lasso_proximal_gradient(X, y, alpha=0.1)
    >>> cd = LassoCD(alpha=0.1, tol=1e-12).fit(X, y)
    >>> bool(np.allclose(w, cd.coef_, atol=1e-6)), bool(np.allclose(b, cd.intercept_))
    (True, True)
    >>> bool(np.all(np.diff(objective) <= 1e-12))  # F never goes up with eta = 1/lambda_max
    True
    """
    _check_proximal_params(alpha, learning_rate, n_iter, tol)
    check_param(fit_intercept, "fit_intercept", [Boolean()], owner="lasso_proximal_gradient")
    X, y = _check_path_data(X, y)
    Q, q, half_yy, (x_mean, y_mean) = _centred_gram(X, y, fit_intercept)
    eta = _step_size(Q, learning_rate)
    w = np.zeros(X.shape[1])
    objective = np.empty(n_iter)
    threshold = tol * eta * float(np.abs(q).max(initial=0.0))
    for t in range(n_iter):
        w_new = soft_threshold(w - eta * (Q @ w - q), eta * alpha)
        step = float(np.abs(w_new - w).max(initial=0.0))
        w = w_new
        objective[t] = 0.5 * w @ Q @ w - q @ w + half_yy + alpha * np.abs(w).sum()
        if step <= threshold:
            return w, y_mean - float(x_mean @ w), objective[: t + 1]
    if tol > 0:  # tol=0 asks for exactly n_iter steps: nothing to warn about
        _warn_not_converged(n_iter, step, threshold)
    return w, y_mean - float(x_mean @ w), objective


def _warn_not_converged(n_iter, step, threshold):
    warn_course(
        f"lasso_proximal_gradient did not converge in n_iter={n_iter} steps: the last step "
        f"moved a coefficient by {step:.3g}, more than tol * eta * alpha_max = "
        f"{threshold:.3g}. Increase n_iter, or standardise the features (a badly conditioned "
        "X^T X makes every step small).",
        NotConvergedWarning,
    )
