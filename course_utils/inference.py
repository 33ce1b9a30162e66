r"""Lesson 01: inference for ordinary least squares, not only estimates.

With :math:`y = \tilde X\theta + \varepsilon`, errors uncorrelated with mean 0 and variance
:math:`\sigma^2`, the least-squares estimate :math:`\hat\theta` has covariance
:math:`\sigma^2(\tilde X^\top\tilde X)^{-1}`. :func:`ols_summary` estimates :math:`\sigma^2` by
:math:`\hat\sigma^2 = \mathrm{RSS}/(n - p)` (:math:`p` columns of the design matrix, so
:math:`n - p` residual degrees of freedom), and reports for every coefficient its standard
error, t-statistic, two-sided p-value and confidence interval (Student's t with :math:`n - p`
degrees of freedom, exact when the noise is normal), together with :math:`R^2`, adjusted
:math:`R^2` and :math:`\hat\sigma`: the numbers of statsmodels' ``OLS(...).fit().summary()``.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import scipy.stats

from ._validation import Boolean, RealNumber, check_param, check_X_y, warn_course
from .normal_equation import CollinearityError, add_intercept

__all__ = ["OLSSummary", "ols_summary"]

#: Above this condition number of the design matrix (columns on a common scale) the
#: standard errors keep fewer than about 8 of the 16 digits of float64: warn.
WARN_CONDITION = 1e8

_COLUMNS = ("coef", "std_err", "t", "p_value", "ci_low", "ci_high")


@dataclasses.dataclass(frozen=True, eq=False, repr=False)
class OLSSummary:
    r"""The result of :func:`ols_summary`: coefficients with their uncertainty, and the fit.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per term (``"intercept"`` first when it was fitted), indexed by term name,
        with the columns ``coef`` (:math:`\hat\theta_j`), ``std_err``
        (:math:`\widehat{\mathrm{se}}_j = \hat\sigma\sqrt{[(\tilde X^\top\tilde X)^{-1}]_{jj}}`),
        ``t`` (:math:`\hat\theta_j / \widehat{\mathrm{se}}_j`), ``p_value`` (two-sided, for
        :math:`\theta_j = 0`), ``ci_low`` and ``ci_high``
        (:math:`\hat\theta_j \mp t_{n-p,\,(1+\text{level})/2}\,\widehat{\mathrm{se}}_j`).
    r2 : float
        :math:`R^2 = 1 - \mathrm{RSS}/\mathrm{TSS}`.
    adj_r2 : float
        Adjusted :math:`R^2`, which charges for every extra parameter.
    sigma : float
        Residual standard error :math:`\hat\sigma = \sqrt{\mathrm{RSS}/(n - p)}`.
    df_resid : int
        Residual degrees of freedom :math:`n - p`.
    n_samples : int
    level : float
        Confidence level of the intervals.
    has_intercept : bool
        Whether the model has an intercept (fitted, or spanned by the columns of X): then
        :math:`R^2` is centred, otherwise uncentred.
    """

    table: object
    r2: float
    adj_r2: float
    sigma: float
    df_resid: int
    n_samples: int
    level: float
    has_intercept: bool

    def _header(self):
        r2_kind = "R^2" if self.has_intercept else "R^2 (uncentred, no intercept)"
        return (f"OLS: n = {self.n_samples}, df_resid = {self.df_resid}, "
                f"{r2_kind} = {self.r2:.4f}, adj. R^2 = {self.adj_r2:.4f}, "
                f"sigma = {self.sigma:.4g}; intervals at {100 * self.level:g} %")

    def _formatters(self):
        fmt = {c: (lambda v: f"{v:#.4g}") for c in _COLUMNS}
        fmt["t"] = lambda v: f"{v:.3f}"
        fmt["p_value"] = _format_p
        return fmt

    def __str__(self):
        return self._header() + "\n" + self.table.to_string(formatters=self._formatters())

    __repr__ = __str__

    def _repr_html_(self):
        import html

        body = self.table.to_html(formatters=self._formatters())
        return f"<p>{html.escape(self._header())}</p>\n{body}"


def _format_p(p):
    """p-values as they are read: 3 significant digits, and a bound below 1e-16."""
    return "<1e-16" if p < 1e-16 else f"{p:#.3g}"


def _term_names(X, d, fit_intercept, feature_names):
    """``["intercept", x0, ...]``: from ``feature_names``, DataFrame columns, or x0..x{d-1}."""
    if feature_names is None:
        columns = getattr(X, "columns", None)
        names = [str(c) for c in columns] if columns is not None else [f"x{j}" for j in range(d)]
    else:
        names = [str(c) for c in feature_names]
        if len(names) != d:
            raise ValueError(
                f"feature_names has {len(names)} name(s) but X has {d} column(s): give one "
                "name per column of X (without the intercept, which is named 'intercept')."
            )
    terms = (["intercept"] if fit_intercept else []) + names
    duplicated = sorted({t for t in terms if terms.count(t) > 1})
    if duplicated:
        clash = (" ('intercept' is the name of the fitted intercept: rename that column or "
                 "pass fit_intercept=False if it is your column of ones)"
                 if "intercept" in duplicated and fit_intercept else "")
        raise ValueError(
            f"term names must be unique, but {duplicated} appear more than once{clash}. Pass "
            "distinct feature_names."
        )
    return terms


def _check_dof(n, p, fit_intercept):
    if n > p:
        return
    params = f"{p - 1} feature(s) + intercept" if fit_intercept else f"{p} feature(s)"
    raise ValueError(
        f"ols_summary needs more samples than parameters: n_samples = {n} but the model has "
        f"{p} parameters ({params}), so there are n - p = {n - p} residual degrees of freedom "
        "and the noise variance sigma^2, hence every standard error, cannot be estimated. "
        "Collect more samples or use fewer features."
    )


def _scaled_svd(X_tilde, terms):
    r"""SVD of :math:`\tilde X D^{-1}` (unit-length columns), after the rank check.

    Rank deficiency (a singular value at rounding level, ``max(n, p) * eps`` relative, as
    ``np.linalg.matrix_rank`` decides) raises :class:`CollinearityError` naming the terms
    involved; a condition number above ``WARN_CONDITION`` warns. The scaling changes nothing
    in the answer, only in how well the condition number measures collinearity.
    """
    norms = np.linalg.norm(X_tilde, axis=0)
    zero = [terms[j] for j in np.flatnonzero(norms == 0)]
    if zero:
        raise CollinearityError(
            f"column(s) {zero} of X are all zeros: their coefficients are not identified. "
            "Drop them."
        )
    Xs = X_tilde / norms
    U, s, Vt = np.linalg.svd(Xs, full_matrices=False)
    tol = max(Xs.shape) * np.finfo(float).eps * s[0]
    null = s <= tol
    if null.any():
        weight = (Vt[null] ** 2).sum(axis=0)  # diagonal of the null space's projector
        involved = [terms[j] for j in np.flatnonzero(weight > 1e-8)]
        raise CollinearityError(
            f"the design matrix is rank deficient: the terms {involved} are collinear (one is, "
            "up to rounding, a combination of the others), so their coefficients and standard "
            "errors are not identified. Typical causes: a duplicated column, a total next to "
            "its parts, one dummy per category together with the intercept, or your own "
            "column of ones with fit_intercept=True. Drop the redundant column."
        )
    kappa = float(s[0] / s[-1])
    if kappa > WARN_CONDITION:
        warn_course(
            f"the design matrix is ill-conditioned: with its columns on a common scale its "
            f"condition number is about {kappa:.1e}, so the coefficients and standard errors "
            f"keep only about {max(16 - int(np.log10(kappa) + 0.5), 0)} of the 16 significant "
            "digits of float64, and the standard errors of the nearly collinear terms are "
            "large. Consider dropping or combining nearly collinear columns."
        )
    return U, s, Vt, norms


def _spans_constant(U):
    """Whether the column of ones lies in the span of the design (U: its left singular vectors).

    True for a column of ones, or dummies of every category, among the columns of X: the
    model then has an intercept even with ``fit_intercept=False`` (statsmodels' rule too).
    """
    n = U.shape[0]
    ones = np.ones(n)
    rest = ones - U @ (U.T @ ones)  # what of the column of ones the design cannot reach
    return bool(np.linalg.norm(rest) <= 1e3 * n * np.finfo(float).eps * np.sqrt(n))


def _fit_statistics(y, resid, df_resid, has_constant):
    """RSS, TSS (centred when the model has an intercept, else uncentred), R², adj. R²."""
    n = len(y)
    rss = float(resid @ resid)
    centred = y - y.mean() if has_constant else y
    tss = float(centred @ centred)
    if (np.ptp(y) == 0 and has_constant) or not y.any():
        raise ValueError(
            "y is constant (all zeros without an intercept): there is no variation to "
            "explain, so R^2 and every standard error are undefined. Check the target column."
        )
    r2 = 1.0 - rss / tss
    adj_r2 = 1.0 - (n - int(has_constant)) / df_resid * (1.0 - r2)
    scale = float(np.sqrt(max(tss, float(y @ y))))
    if np.sqrt(rss) <= 100 * n * np.finfo(float).eps * scale:
        warn_course(
            "the residuals are zero up to rounding: y is an exact linear function of X, so "
            "sigma, the standard errors and the p-values measure rounding errors, not noise."
        )
    return rss, r2, adj_r2


def ols_summary(X, y, *, fit_intercept=True, feature_names=None, level=0.95):
    r"""Ordinary least squares with standard errors, t-tests, intervals, :math:`R^2`.

    With the design matrix :math:`\tilde X = [\mathbf 1, X]` (just :math:`X` when
    ``fit_intercept=False``) of :math:`p` columns, :math:`\hat\theta` minimises
    :math:`\mathrm{RSS} = \lVert y - \tilde X\theta\rVert^2`, and

    .. math::

        \hat\sigma^2 = \frac{\mathrm{RSS}}{n - p}, \qquad
        \widehat{\mathrm{se}}_j = \hat\sigma\,\sqrt{[(\tilde X^\top\tilde X)^{-1}]_{jj}},
        \qquad t_j = \frac{\hat\theta_j}{\widehat{\mathrm{se}}_j},

    the p-value is :math:`2\,P(T_{n-p} > |t_j|)` and the interval is
    :math:`\hat\theta_j \pm t_{n-p,\,(1+\text{level})/2}\;\widehat{\mathrm{se}}_j`.
    :math:`R^2 = 1 - \mathrm{RSS}/\mathrm{TSS}` with
    :math:`\mathrm{TSS} = \lVert y - \bar y\rVert^2`, and the adjusted
    :math:`\bar R^2 = 1 - \frac{n-1}{n-p}(1 - R^2)`. A model without an intercept (neither
    fitted nor among the columns of X, as a column of ones or dummies of every category)
    has, as in statsmodels and R, an uncentred TSS (:math:`\lVert y\rVert^2`), and
    :math:`n - 1` becomes :math:`n`.

    No inverse is formed: with the singular value decomposition
    :math:`\tilde X D^{-1} = U\Sigma V^\top` of the design with unit-length columns
    (:math:`D` their lengths), :math:`\hat\theta = D^{-1}V\Sigma^{-1}U^\top y` and
    :math:`[(\tilde X^\top\tilde X)^{-1}]_{jj} = \sum_k (V_{jk}/\sigma_k)^2 / D_{jj}^2`,
    which loses digits like :math:`\kappa(\tilde X)`, not :math:`\kappa(\tilde X)^2`.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        Without a column of ones when ``fit_intercept=True``.
    y : array-like of shape (n_samples,)
    fit_intercept : bool, default=True
    feature_names : sequence of str, optional
        One name per column of X; default: the DataFrame's column names, else x0, x1, ...
    level : float, default=0.95
        Confidence level of the intervals, strictly between 0 and 1.

    Returns
    -------
    OLSSummary
        ``.table`` (coef, std_err, t, p_value, ci_low, ci_high per term), ``.r2``,
        ``.adj_r2``, ``.sigma``, ``.df_resid``; printing it shows a rounded table.

    Raises
    ------
    ValueError
        Bad data (NaN, strings, wrong shapes: as for every course estimator), no residual
        degrees of freedom (:math:`n \le p`), a constant y, names that do not fit.
    CollinearityError
        The design matrix is rank deficient: the terms involved are named.

    Examples
    --------
    >>> import numpy as np
    >>> from course_utils import ols_summary
    >>> x = np.arange(6.0).reshape(-1, 1)
    >>> y = np.array([1.1, 2.9, 5.2, 6.8, 9.1, 11.0])
    >>> res = ols_summary(x, y)
    >>> print(res.table[["coef", "std_err"]].round(4))
                 coef  std_err
    intercept  1.0381   0.1184
    x0         1.9914   0.0391
    >>> print(round(res.r2, 4), res.df_resid)
    0.9985 4
    """
    check_param(fit_intercept, "fit_intercept", [Boolean()], owner="ols_summary")
    check_param(level, "level", [RealNumber(0, 1, closed="neither")], owner="ols_summary",
                explain="level is the confidence level of the intervals, e.g. 0.95.")
    X_in = X
    X, y = check_X_y(None, X, y, dtype=np.float64)
    y = y.astype(np.float64, copy=False)  # an integer target too
    n, d = X.shape
    terms = _term_names(X_in, d, fit_intercept, feature_names)
    X_tilde = add_intercept(X) if fit_intercept else X
    p = X_tilde.shape[1]
    _check_dof(n, p, fit_intercept)
    U, s, Vt, norms = _scaled_svd(X_tilde, terms)
    coef = (Vt.T @ ((U.T @ y) / s)) / norms
    resid = y - X_tilde @ coef
    df_resid = n - p
    has_constant = fit_intercept or _spans_constant(U)
    rss, r2, adj_r2 = _fit_statistics(y, resid, df_resid, has_constant)
    sigma = float(np.sqrt(rss / df_resid))
    std_err = sigma * np.sqrt(((Vt.T / s) ** 2).sum(axis=1)) / norms
    return OLSSummary(_table(coef, std_err, df_resid, level, terms), r2, adj_r2, sigma,
                      df_resid, n, float(level), has_constant)


def _table(coef, std_err, df_resid, level, terms):
    import pandas as pd

    t = coef / std_err
    p_value = 2.0 * scipy.stats.t.sf(np.abs(t), df_resid)
    half = scipy.stats.t.ppf(0.5 + level / 2.0, df_resid) * std_err
    table = pd.DataFrame(
        {"coef": coef, "std_err": std_err, "t": t, "p_value": p_value,
         "ci_low": coef - half, "ci_high": coef + half},
        index=pd.Index(terms))
    return table
