r"""Lesson 01: ordinary least squares in closed form.

Notation of the notebook: the design matrix :math:`X` has one row per sample, the
coefficients are :math:`\beta`, and least squares minimises the residual sum of squares

.. math:: \mathrm{RSS}(\beta) = \lVert y - X\beta \rVert_2^2 .

Setting the gradient :math:`-2X^\top(y - X\beta)` to zero gives the *normal equation*
:math:`X^\top X\,\beta = X^\top y`. With ``alpha`` :math:`= \alpha > 0` the objective
becomes scikit-learn's Ridge objective :math:`\lVert y - X\beta\rVert^2 + \alpha\lVert\beta\rVert^2`
and the system :math:`(X^\top X + \alpha I)\beta = X^\top y`; the intercept is never
penalised because it is removed by centring first.
"""

from __future__ import annotations

import numpy as np
import scipy.linalg

from ._base import LinearRegressorBase
from ._validation import check_positive_param, check_X_y, warn_course

__all__ = [
    "NormalEquationRegressor",
    "add_intercept",
    "CollinearityError",
    "solve_normal_equation",
]

_METHODS = ("inv", "solve", "lstsq", "pinv")


class CollinearityError(np.linalg.LinAlgError, ValueError):
    """Raised when :math:`X^\\top X` cannot be inverted because columns of X are collinear."""


def add_intercept(X):
    r"""Prepend the column of ones that carries the intercept :math:`\theta_0`.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)

    Returns
    -------
    ndarray of shape (n_samples, n_features + 1)
        ``[1, x_1, ..., x_n]`` in every row, so that :math:`\hat y = X\beta`.
    """
    X = np.asarray(X, dtype=float)
    if X.ndim == 1:
        raise ValueError(
            f"add_intercept expects a 2-D X of shape (n_samples, n_features), got shape "
            f"{X.shape}. For one feature use X.reshape(-1, 1)."
        )
    if X.ndim != 2:
        raise ValueError(f"add_intercept expects a 2-D X, got {X.ndim} dimensions.")
    return np.hstack([np.ones((X.shape[0], 1)), X])


def _collinear_message(method, detail):
    return (
        f"X^T X is singular or numerically singular ({detail}): some columns of X are "
        f"collinear (e.g. a duplicated column, a column that is a sum of others, or a bias "
        f"column of ones together with fit_intercept=True), so method={method!r} cannot "
        "invert it. Use method='pinv' or method='lstsq' for the minimum-norm solution, "
        "or set alpha > 0 (ridge) to make the system invertible."
    )


def _cholesky_with_rcond(A, method):
    """Cholesky factor of the SPD matrix ``A`` and its reciprocal condition number."""
    try:
        c, lower = scipy.linalg.cho_factor(A, lower=False, check_finite=False)
    except np.linalg.LinAlgError as exc:
        raise CollinearityError(_collinear_message(method, "Cholesky failed")) from exc
    (pocon,) = scipy.linalg.get_lapack_funcs(("pocon",), (c,))
    rcond, info = pocon(c, np.abs(A).sum(axis=0).max())
    if info != 0 or not rcond >= np.finfo(float).eps * A.shape[0]:
        raise CollinearityError(_collinear_message(method, f"reciprocal condition {rcond:.1e}"))
    return (c, lower), rcond


def solve_normal_equation(X, y, *, alpha=0.0, method="solve"):
    r"""Solve :math:`(X^\top X + \alpha I)\beta = X^\top y` for :math:`\beta`.

    ``X`` is used as given: add the column of ones yourself (:func:`add_intercept`) if the
    model has an intercept. Note that with ``alpha > 0`` that column is penalised too; the
    estimator avoids this by centring instead.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,)
    alpha : float, default=0.0
    method : {"inv", "solve", "lstsq", "pinv"}
        ``"inv"`` forms :math:`(X^\top X + \alpha I)^{-1}` explicitly (what the formula says,
        never what you should do); ``"solve"`` solves the system by a Cholesky factorisation;
        ``"lstsq"`` and ``"pinv"`` work on X itself through its SVD and return the
        minimum-norm solution when X is rank deficient.

    Returns
    -------
    beta : ndarray of shape (n_features,)
    """
    if method not in _METHODS:
        raise ValueError(f"method must be one of {_METHODS}, got {method!r}.")
    n_samples, n_features = X.shape
    if method in ("inv", "solve"):
        A = X.T @ X
        if alpha:
            A.flat[:: n_features + 1] += alpha
        b = X.T @ y
        factor, _ = _cholesky_with_rcond(A, method)
        if method == "solve":
            return scipy.linalg.cho_solve(factor, b, check_finite=False)
        return np.linalg.inv(A) @ b
    if alpha:
        # Ridge as an ordinary least-squares problem on the augmented system
        # [X; sqrt(alpha) I] beta ~ [y; 0], whose normal equation is (X^T X + alpha I) beta = X^T y.
        X = np.vstack([X, np.sqrt(alpha) * np.eye(n_features)])
        y = np.concatenate([y, np.zeros(n_features)])
    if method == "lstsq":
        return np.linalg.lstsq(X, y, rcond=None)[0]
    return np.linalg.pinv(X) @ y


class NormalEquationRegressor(LinearRegressorBase):
    r"""Linear regression (and ridge) solved in closed form.

    Minimises :math:`\lVert y - X w - b\rVert_2^2 + \alpha \lVert w \rVert_2^2` over the
    coefficients :math:`w` and the intercept :math:`b`: with ``alpha=0`` this is
    :class:`sklearn.linear_model.LinearRegression`, with ``alpha > 0`` it is
    :class:`sklearn.linear_model.Ridge` (the intercept is not penalised).

    With ``fit_intercept=True`` the columns of X and y are centred, the normal equation
    :math:`(X_c^\top X_c + \alpha I)\,w = X_c^\top y_c` is solved for :math:`w`, and the
    intercept is recovered as :math:`b = \bar y - \bar x^\top w`.

    Parameters
    ----------
    fit_intercept : bool, default=True
        Fit :math:`b`. Leave it on and do *not* add a column of ones yourself.
    alpha : float, default=0.0
        L2 penalty (ridge). ``alpha > 0`` makes the system invertible even when columns
        of X are collinear.
    method : {"solve", "inv", "lstsq", "pinv"}, default="solve"
        How the least-squares problem is solved; see :func:`solve_normal_equation`.
        With collinear columns "inv" and "solve" raise :class:`CollinearityError`,
        "lstsq" and "pinv" return the minimum-norm solution (as LinearRegression does).

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,)
    intercept_ : float
    n_features_in_ : int
    feature_names_in_ : ndarray of str, only when X is a DataFrame with string column names

    Examples
    --------
    >>> import numpy as np
    >>> from course_utils import NormalEquationRegressor
    >>> X = np.array([[0.0], [1.0], [2.0]]); y = np.array([1.0, 3.0, 5.0])
    >>> model = NormalEquationRegressor().fit(X, y)
    >>> print(round(model.intercept_, 6), np.round(model.coef_, 6))
    1.0 [2.]
    """

    def __init__(self, *, fit_intercept=True, alpha=0.0, method="solve"):
        self.fit_intercept = fit_intercept
        self.alpha = alpha
        self.method = method

    def fit(self, X, y):
        """Fit the coefficients by solving the normal equation.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)

        Returns
        -------
        self : NormalEquationRegressor
        """
        if self.method not in _METHODS:
            raise ValueError(
                f"method must be one of {_METHODS}, got {self.method!r}. 'solve' is the "
                "sensible default; 'lstsq' or 'pinv' handle collinear columns."
            )
        check_positive_param(self.alpha, "alpha")
        X, y = check_X_y(self, X, y)
        X = X.astype(np.float64, copy=False)
        y = y.astype(np.float64, copy=False)
        n_samples, n_features = X.shape
        ones_cols = np.flatnonzero((X == 1.0).all(axis=0)) if n_samples > 1 else []
        if self.fit_intercept and len(ones_cols):
            warn_course(
                f"X already has a column of ones (column {int(ones_cols[0])}) and "
                "fit_intercept=True adds an intercept as well: the two are collinear. Drop "
                "the column (do not call add_intercept) or set fit_intercept=False."
            )
        n_params = n_features + int(self.fit_intercept)
        if self.method in ("inv", "solve") and self.alpha == 0 and n_samples < n_params:
            raise ValueError(
                f"Too few samples for method={self.method!r}: n_samples = {n_samples} but the "
                f"model has {n_params} parameters, so X^T X is singular. Collect more data, "
                "use method='lstsq' or 'pinv' (minimum-norm solution) or set alpha > 0."
            )
        if self.fit_intercept:
            x_mean = X.mean(axis=0)
            y_mean = y.mean()
            Xc, yc = X - x_mean, y - y_mean
        else:
            Xc, yc = X, y
        coef = solve_normal_equation(Xc, yc, alpha=float(self.alpha), method=self.method)
        if not np.all(np.isfinite(coef)):  # pragma: no cover - guarded by the rcond check
            raise CollinearityError(_collinear_message(self.method, "non-finite solution"))
        self.coef_ = coef
        self.intercept_ = float(y_mean - x_mean @ coef) if self.fit_intercept else 0.0
        if not self.fit_intercept and len(ones_cols) == 0 and n_samples > n_features + 1:
            resid = y - X @ coef
            spread = resid.std()
            if spread > 0 and abs(resid.mean()) > 0.5 * spread:
                warn_course(
                    "fit_intercept=False and X has no column of ones, so the fitted line is "
                    f"forced through the origin; the residuals average {resid.mean():.3g}, far "
                    "from 0. Add the bias column (add_intercept(X)) or use fit_intercept=True."
                )
        return self

