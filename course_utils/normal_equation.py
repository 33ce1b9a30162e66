r"""Lesson 01: ordinary least squares in closed form.

Notation of the notebook: the design matrix :math:`\tilde X = [\mathbf 1, X]` has one row per
sample, the parameters are :math:`\theta = (b, w)` (statistics texts write :math:`\beta`), and
least squares minimises the residual sum of squares

.. math:: \mathrm{RSS}(\theta) = \lVert y - \tilde X\theta \rVert_2^2 .

Setting the gradient :math:`-2\tilde X^\top(y - \tilde X\theta)` to zero gives the *normal
equation* :math:`\tilde X^\top \tilde X\,\theta = \tilde X^\top y`. With ``alpha``
:math:`= \alpha > 0` the objective becomes scikit-learn's Ridge objective
:math:`\lVert y - Xw - b\rVert^2 + \alpha\lVert w\rVert^2` and, on centred data, the system
:math:`(X^\top X + \alpha I)w = X^\top y`; the intercept is never penalised because it is
removed by centring first.
"""

from __future__ import annotations

import numpy as np
import scipy.linalg

from ._base import LinearRegressorBase
from ._validation import (
    Boolean,
    Options,
    RealNumber,
    check_magnitude,
    check_param,
    check_X_y,
    validate_params,
    warn_course,
)

__all__ = [
    "NormalEquationRegressor",
    "add_intercept",
    "CollinearityError",
    "IllConditionedError",
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
        ``[1, x_1, ..., x_d]`` in every row, so that :math:`\hat y = \tilde X\theta`.
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


class IllConditionedError(np.linalg.LinAlgError, ValueError):
    r"""Raised when X has full rank but :math:`X^\top X` is numerically singular in float64.

    The columns are independent, but so nearly collinear (even on a common scale) that
    forming :math:`X^\top X`, which squares the condition number, leaves no reliable digit.
    Methods that work on X itself (``"lstsq"``, ``"pinv"``) still can.
    """


#: Above this condition number of the equilibrated X^T X, inv/solve warn (half the digits).
WARN_CONDITION = 1e8
#: From this condition number on, inv/solve refuse: fewer than 3 of 16 digits would be left.
MAX_CONDITION = 1e13
#: Condition numbers of the equilibrated X^T X that its eigenvalues measure reliably; beyond,
#: the diagnosis uses the singular values of X itself.
_EIG_RELIABLE = 1e11


def _order(kappa):
    """``"1e+09"``: the order of magnitude of a condition number, stable across CPUs."""
    return f"1e+{int(np.floor(np.log10(kappa) + 0.5)):02d}"


def _label(j, names):
    if names is not None and j < len(names):
        return f"{j} ({str(names[j])!r})"
    return str(j)


def _join(labels):
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


def _collinear_message(method, what):
    return (
        f"X^T X is singular: {what}, so method={method!r} cannot invert X^T X. Typical causes: "
        "a duplicated column, a column that is a sum or multiple of others (e.g. a total next "
        "to its parts, or one dummy per category together with the intercept), or a bias "
        "column of ones together with fit_intercept=True. Drop the redundant column, or use "
        "method='lstsq' or method='pinv' for the minimum-norm solution (or alpha > 0, ridge, "
        "which picks one of the many solutions)."
    )


def _ill_conditioned_message(method, kappa, alpha):
    digits = int(np.floor(np.log10(kappa) + 0.5))
    if alpha:
        return (
            f"(X^T X + alpha I) is numerically singular for method={method!r}: even after "
            f"putting the columns on a common scale its condition number is about "
            f"{_order(kappa)}, so about {digits} of the 16 significant digits of float64 are "
            f"lost. alpha={alpha:g} is too small to help on columns this large: use a larger "
            "alpha, standardise the features (StandardScaler) or use method='lstsq' or 'pinv'."
        )
    return (
        f"X^T X is numerically singular for method={method!r}: X has full rank, but even after "
        f"putting its columns on a common scale (unit length) the condition number of X^T X "
        f"is about {_order(kappa)}, so forming X^T X loses about {digits} of the 16 "
        "significant digits of float64 and leaves none reliable. The columns are nearly "
        "collinear (e.g. high powers of one feature, or near-duplicate measurements). Use "
        "method='lstsq' or method='pinv' (they work on X itself and lose only about half as "
        "many digits), centre and standardise the features (StandardScaler), or make the "
        "columns less alike (a lower polynomial degree, SplineBasis)."
    )


def _ill_conditioned_warning(method, kappa, alpha):
    digits = int(np.floor(np.log10(kappa) + 0.5))
    what = "(X^T X + alpha I)" if alpha else "X^T X"
    return (
        f"{what} is ill-conditioned: after putting the columns of X on a common scale its "
        f"condition number is about {_order(kappa)}, so method={method!r} may lose about "
        f"{digits} of the 16 significant digits of float64 (the answer is returned, accurate "
        f"to roughly {max(16 - digits, 0)} digits). X has full rank: this is not collinearity. "
        "To keep more digits standardise the features (StandardScaler; with "
        "fit_intercept=True the columns are centred already), or use method='lstsq' or "
        "'pinv', which work on X itself."
    )


def _diagnose(X, A, alpha, method, names=None, ref_norms=None):
    r"""Classify the normal-equation system :math:`A = X^\top X + \alpha I` and equilibrate it.

    The columns are first put on a common scale, :math:`D = \operatorname{diag}(A)^{1/2}`
    (unit-length columns of X when :math:`\alpha = 0`), because a diagonal rescaling changes
    nothing in the answer but everything in the condition number: two independent columns
    in units of 1e6 and 1e-3 are badly scaled, not collinear. Then

    - a zero column, or a column that centring reduced to rounding noise (``ref_norms``: the
      lengths before centring), or a singular value of :math:`XD^{-1}` at rounding level
      (below ``max(n, d) * eps``) is **rank deficiency**: :class:`CollinearityError`,
      naming the columns involved;
    - a condition number :math:`\kappa(D^{-1}AD^{-1}) \ge` ``MAX_CONDITION`` (1e13) leaves
      fewer than 3 digits: :class:`IllConditionedError`;
    - :math:`\kappa \ge` ``WARN_CONDITION`` (1e8): the answer is returned with a
      :class:`CourseWarning` giving :math:`\kappa` and the digits at risk.

    The classification uses eigenvalues or singular values, computed to full accuracy on
    every CPU, never whether a factorisation happens to fail (which depends on the BLAS
    kernel). Returns ``(D, As, kappa)`` with :math:`A_s = D^{-1}AD^{-1}`.
    """
    n_samples, n_features = X.shape
    eps = np.finfo(float).eps
    diag = A.diagonal().copy()
    if not alpha:
        zero = np.flatnonzero(diag <= 0)
        if ref_norms is not None:
            # centring leaves noise of about eps * |mean| in a constant column
            noise = 1e3 * eps * np.sqrt(n_samples) * ref_norms
            zero = np.union1d(zero, np.flatnonzero(np.sqrt(np.maximum(diag, 0)) <= noise))
        if len(zero):
            labels = [_label(int(j), names) for j in zero]
            constant = ("constant, so with fit_intercept=True it is the intercept's column of "
                        "ones times a number" if ref_norms is not None
                        else "all zeros")
            what = (f"column {labels[0]} of X is {constant}" if len(labels) == 1 else
                    f"columns {_join(labels)} of X are {constant.replace(', so', ', so each', 1)}")
            raise CollinearityError(_collinear_message(method, what))
    D = np.sqrt(diag)
    As = A / D[:, None] / D[None, :]
    eig = np.linalg.eigvalsh(As)
    kappa = float(eig[-1] / eig[0]) if eig[0] > 0 else np.inf
    if not alpha and not kappa < _EIG_RELIABLE:
        # X^T X cannot tell rank deficiency from strong ill-conditioning (its small
        # eigenvalues drown in rounding): look at the singular values of X itself.
        _, s, Vt = np.linalg.svd(X / D, full_matrices=False)
        tol = max(n_samples, n_features) * eps * s[0]
        null = s <= tol
        if n_samples < n_features or null.any():
            if n_samples < n_features:
                null = np.r_[null, np.ones(n_features - n_samples, dtype=bool)]
                Vt = np.linalg.svd(X / D, full_matrices=True)[2]
            # basis-free: the diagonal of the null space's projector; a column outside
            # the dependency has a weight at rounding level
            weight = (Vt[null] ** 2).sum(axis=0)
            involved = [_label(int(j), names) for j in np.flatnonzero(weight > 1e-8)]
            what = (f"columns {_join(involved)} of X are collinear: after putting every column "
                    f"on a common scale (unit length), one of them is, up to rounding, a "
                    "combination of the others")
            raise CollinearityError(_collinear_message(method, what))
        kappa = float((s[0] / s[-1]) ** 2)
    if not kappa < MAX_CONDITION:
        raise IllConditionedError(_ill_conditioned_message(method, kappa, alpha))
    if kappa >= WARN_CONDITION:
        warn_course(_ill_conditioned_warning(method, kappa, alpha))
    return D, As, kappa


def _ones_columns(X):
    """Indices of the columns of X that are all ones, without an n x d temporary.

    Only the columns whose first entry is 1 are candidates, so the usual X costs one row.
    """
    candidates = np.flatnonzero(X[0] == 1.0)
    return np.array([j for j in candidates if (X[:, j] == 1.0).all()], dtype=int)


def solve_normal_equation(X, y, *, alpha=0.0, method="solve", feature_names=None,
                          _x_mean=None, _checked=False):
    r"""Solve :math:`(X^\top X + \alpha I)\theta = X^\top y` for :math:`\theta`.

    ``X`` is used as given: add the column of ones yourself (:func:`add_intercept`) if the
    model has an intercept. Note that with ``alpha > 0`` that column is penalised too; the
    estimator avoids this by centring instead.

    For ``"inv"`` and ``"solve"`` the system is first *equilibrated*: with
    :math:`D = \operatorname{diag}(X^\top X + \alpha I)^{1/2}` it solves
    :math:`(D^{-1}AD^{-1})(D\theta) = D^{-1}X^\top y`, the same equations with every column
    of X on a common scale, so badly scaled columns (units of 1e6 next to 1e-3) cost no
    accuracy. Rank deficiency raises :class:`CollinearityError`; full rank but
    ill-conditioned returns the answer with a :class:`CourseWarning` giving the condition
    number and the digits at risk; a system too ill-conditioned to leave 3 digits raises
    :class:`IllConditionedError` (see :func:`_diagnose`).

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
    feature_names : sequence of str, optional
        Column names, used in the error messages.

    Returns
    -------
    theta : ndarray of shape (n_features,)
    """
    check_param(method, "method", [Options(*_METHODS)])
    check_param(alpha, "alpha", [RealNumber(0, None)])
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    if not _checked:  # the estimator has checked its data already
        check_magnitude(X, "X", names=feature_names)
        check_magnitude(y, "y")
    n_samples, n_features = X.shape
    if method in ("inv", "solve"):
        A = X.T @ X
        ref_norms = None
        if _x_mean is not None:
            # X was centred by the estimator: the lengths of its columns before centring are
            # ||x_j||^2 = ||x_j - mean_j||^2 + n mean_j^2, with no second pass over the data
            ref_norms = np.sqrt(A.diagonal() + n_samples * _x_mean**2)
        if alpha:
            A.flat[:: n_features + 1] += alpha
        b = X.T @ y
        D, As, _ = _diagnose(X, A, alpha, method, feature_names, ref_norms)
        bs = b / D
        if method == "solve":
            try:
                factor = scipy.linalg.cho_factor(As, lower=False, check_finite=False)
            except np.linalg.LinAlgError as exc:  # pragma: no cover - kappa < 1e13 here
                raise IllConditionedError(
                    _ill_conditioned_message(method, MAX_CONDITION, alpha)) from exc
            return scipy.linalg.cho_solve(factor, bs, check_finite=False) / D
        return (np.linalg.inv(As) @ bs) / D
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

    _parameter_constraints = {
        "fit_intercept": [Boolean()],
        "alpha": ([RealNumber(0, None)], "alpha is the ridge penalty: 0 means ordinary least "
                  "squares."),
        "method": ([Options(*_METHODS)], "'solve' is the sensible default; 'lstsq' or 'pinv' "
                   "handle collinear columns."),
    }

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
        validate_params(self)
        X, y = check_X_y(self, X, y)
        X = X.astype(np.float64, copy=False)
        y = y.astype(np.float64, copy=False)
        n_samples, n_features = X.shape
        ones_cols = _ones_columns(X) if n_samples > 1 else []
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
        names = getattr(self, "feature_names_in_", None)
        if self.fit_intercept:
            x_mean = X.mean(axis=0)
            y_mean = y.mean()
            # the means also give the lengths before centring: a column that centring turns
            # into rounding noise is constant, i.e. the intercept's column times a number
            Xc, yc = X - x_mean, y - y_mean
        else:
            Xc, yc, x_mean = X, y, None
        coef = solve_normal_equation(Xc, yc, alpha=float(self.alpha), method=self.method,
                                     feature_names=names, _x_mean=x_mean, _checked=True)
        if not np.all(np.isfinite(coef)):  # pragma: no cover - guarded by the diagnosis
            raise IllConditionedError(_ill_conditioned_message(self.method, np.inf, self.alpha))
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

