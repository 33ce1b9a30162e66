r"""Lesson 04: basis functions, so that a linear model can fit curves and interactions.

Notation of the notebook: a *basis* (or feature map) :math:`\varphi` sends an input row
:math:`x` to a vector of new features :math:`\varphi(x) = (\varphi_1(x), \dots, \varphi_p(x))`,
and the model

.. math:: \hat y = \theta^\top \varphi(x)

is still linear in the parameters :math:`\theta`. Stacking :math:`\varphi(x_i)^\top` as rows
gives the design matrix :math:`\Phi` (shape ``(n_samples, p)``), and least squares is the
normal equation of lesson 01 with :math:`X` replaced by :math:`\Phi`.

- :class:`PolynomialBasis`: all monomials :math:`x_1^{a_1}\cdots x_d^{a_d}` with
  :math:`a_1 + \dots + a_d \le` ``degree`` (scikit-learn's ``PolynomialFeatures``).
- :class:`SplineBasis`: B-splines :math:`B_{j,k}` of degree :math:`k` on a knot vector
  :math:`t`, one block per input column (scikit-learn's ``SplineTransformer``).
- :func:`bspline_basis`: the Cox–de Boor recursion written out for every basis function,
  the textbook version used to draw the basis.
- :func:`add_interactions`: product columns :math:`x_a x_b` of a DataFrame, by name.
"""

from __future__ import annotations

import difflib
import math
import numbers
from itertools import combinations, combinations_with_replacement

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.validation import check_is_fitted

from ._validation import (
    ArrayLike,
    Boolean,
    Integer,
    InvalidParameterError,
    Options,
    check_magnitude,
    check_param,
    check_X,
    validate_params,
    warn_course,
)
from .normal_equation import NormalEquationRegressor

__all__ = [
    "PolynomialBasis",
    "SplineBasis",
    "add_interactions",
    "bspline_basis",
    "polynomial_regression",
]

_KNOTS = ("uniform", "quantile")
_EXTRAPOLATION = ("error", "constant", "linear", "continue", "periodic")


# ---- shared helpers ------------------------------------------------------------------------

def _check_int(value, name, *, minimum, hint=""):
    check_param(value, name, [Integer(minimum)], explain=hint.strip())
    return int(value)


def _check_bool(value, name):
    check_param(value, name, [Boolean()])


#: PolynomialBasis refuses to build an output larger than this (bytes).
MAX_OUTPUT_BYTES = 2**30


def _n_monomials(n_features, lo, hi, interaction_only, include_bias):
    """Number of output columns of PolynomialBasis, counted without building them."""
    count = int(bool(include_bias))
    for q in range(max(1, lo), hi + 1):
        count += (math.comb(n_features, q) if interaction_only
                  else math.comb(n_features + q - 1, q))
    return count


def _size(n_bytes):
    for unit, size in (("TiB", 2**40), ("GiB", 2**30), ("MiB", 2**20)):
        if n_bytes >= size:
            return f"{n_bytes / size:,.1f} {unit}"
    return f"{n_bytes / 2**10:,.1f} KiB"


def _feature_names_in(estimator, input_features):
    """Input names for ``get_feature_names_out`` (the rules of scikit-learn's transformers)."""
    check_is_fitted(estimator, "n_features_in_")
    n = estimator.n_features_in_
    names_in = getattr(estimator, "feature_names_in_", None)
    if input_features is None:
        if names_in is not None:
            return np.asarray(names_in, dtype=object)
        return np.asarray([f"x{i}" for i in range(n)], dtype=object)
    input_features = np.asarray(input_features, dtype=object)
    if names_in is not None and not np.array_equal(names_in, input_features):
        raise ValueError(
            "input_features is not equal to feature_names_in_: the transformer was fitted on "
            f"columns {list(names_in)}. Call get_feature_names_out() without arguments."
        )
    if input_features.ndim != 1 or len(input_features) != n:
        raise ValueError(
            f"input_features should have length equal to number of features ({n}), got "
            f"{input_features.size}: pass one name per column of the X used in fit."
        )
    return input_features


# ---- polynomial features -------------------------------------------------------------------

class PolynomialBasis(TransformerMixin, BaseEstimator):
    r"""All products of the input columns up to a total degree (``PolynomialFeatures``).

    For one input column the basis is :math:`\varphi(x) = (1, x, x^2, \dots, x^D)`. For
    :math:`d` columns it holds every monomial :math:`x_1^{a_1} x_2^{a_2}\cdots x_d^{a_d}` with
    total degree :math:`a_1 + \dots + a_d \le D`; the degree-2 basis of :math:`(a, b)` is
    :math:`(1, a, b, a^2, ab, b^2)`. With ``interaction_only=True`` every exponent is 0 or 1,
    so only products of *distinct* columns remain: :math:`(1, a, b, ab)`.

    Columns come in scikit-learn's order (bias, then degree 1, 2, ... and, inside a degree,
    lexicographic in the column indices), so the output and ``get_feature_names_out`` equal
    :class:`sklearn.preprocessing.PolynomialFeatures` with the same parameters.

    Each degree-:math:`q` column is computed as one earlier degree-:math:`(q-1)` column times
    one input column, never as a fresh power: the cost is one multiplication per output entry.

    Parameters
    ----------
    degree : int or tuple (min_degree, max_degree), default=2
        Largest total degree :math:`D`. A tuple keeps only the degrees from ``min_degree`` to
        ``max_degree`` (the bias column is controlled by ``include_bias`` alone).
    interaction_only : bool, default=False
        Keep only products of distinct columns (no :math:`x_j^2`).
    include_bias : bool, default=True
        Start with the column of ones :math:`x^0 = 1`. Set it to ``False`` in front of a model
        that fits its own intercept (``NormalEquationRegressor``, ``LinearRegression``):
        otherwise the two are the same column twice.

    Attributes
    ----------
    powers_ : ndarray of shape (n_output_features_, n_features_in_)
        ``powers_[i, j]`` is the exponent of input column ``j`` in output column ``i``.
    n_output_features_ : int
        Number of output columns.
    n_features_in_ : int
    feature_names_in_ : ndarray of str, only when X is a DataFrame with string column names

    Examples
    --------
    >>> import numpy as np
    >>> from course_utils import PolynomialBasis
    >>> X = np.array([[2.0, 3.0]])
    >>> basis = PolynomialBasis(degree=2).fit(X)
    >>> basis.transform(X)
    array([[1., 2., 3., 4., 6., 9.]])
    >>> basis.get_feature_names_out().tolist()
    ['1', 'x0', 'x1', 'x0^2', 'x0 x1', 'x1^2']
    """

    _parameter_constraints = {
        "degree": ([Integer(0), ArrayLike("a tuple (min_degree, max_degree)")],
                   "Use an int such as degree=3, or a tuple (min_degree, max_degree) such as "
                   "degree=(2, 3)."),
        "interaction_only": [Boolean()],
        "include_bias": [Boolean()],
    }

    def __init__(self, degree=2, *, interaction_only=False, include_bias=True):
        self.degree = degree
        self.interaction_only = interaction_only
        self.include_bias = include_bias

    def _degree_range(self):
        degree = self.degree
        hint = (" Use an int such as degree=3, or a tuple (min_degree, max_degree) such as "
                "degree=(2, 3).")
        if isinstance(degree, tuple | list) and len(degree) == 2:
            lo = _check_int(degree[0], "min_degree", minimum=0, hint=hint)
            hi = _check_int(degree[1], "max_degree", minimum=0, hint=hint)
            if lo > hi:
                raise InvalidParameterError(
                    f"degree=(min_degree, max_degree) needs min_degree <= max_degree, got "
                    f"{tuple(degree)}.{hint}"
                )
        elif isinstance(degree, numbers.Integral) and not isinstance(degree, bool):
            lo, hi = 0, _check_int(degree, "degree", minimum=0, hint=hint)
        else:
            raise InvalidParameterError(
                f"PolynomialBasis: degree must be an integer >= 0 or a tuple (min_degree, "
                f"max_degree) of two integers, got {degree!r}.{hint}")
        if hi == 0 and not self.include_bias:
            raise ValueError(
                "degree=0 with include_bias=False would produce no column at all: raise the "
                "degree or set include_bias=True."
            )
        return lo, hi

    @staticmethod
    def _powers(n_features, lo, hi, interaction_only, include_bias):
        """Exponent rows in output order: bias, then degree by degree, lexicographic."""
        pick = combinations if interaction_only else combinations_with_replacement
        rows = [np.zeros(n_features, dtype=np.intp)] if include_bias else []
        for q in range(max(1, lo), hi + 1):
            for combo in pick(range(n_features), q):
                rows.append(np.bincount(combo, minlength=n_features))
        if not rows:
            return np.zeros((0, n_features), dtype=np.intp)
        return np.vstack(rows).astype(np.intp)

    def fit(self, X, y=None):
        """Check the parameters and count the output columns.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : ignored

        Returns
        -------
        self : PolynomialBasis
        """
        validate_params(self)
        lo, hi = self._degree_range()
        X = check_X(self, X, reset=True)
        n_samples, n_features = X.shape
        io, bias = bool(self.interaction_only), bool(self.include_bias)
        # Counted, not built: fitting costs nothing in the number of output columns.
        self.n_output_features_ = _n_monomials(n_features, lo, hi, io, bias)
        if self.n_output_features_ == 0:
            raise ValueError(
                f"degree={self.degree} with interaction_only=True, and X has {n_features} "
                "feature(s): that leaves no product of distinct columns. Lower min_degree or "
                "set interaction_only=False."
            )
        # The full table (min_degree 0) is built by transform; the kept columns are its tail.
        n_full = _n_monomials(n_features, 0, hi, io, bias)
        self._layout = (lo, hi, n_full)
        self._check_output_size(n_samples, X.dtype.itemsize)
        self._check_output_magnitude(X)
        if self.n_output_features_ > n_samples > 1:
            warn_course(
                f"PolynomialBasis(degree={self.degree}) makes {self.n_output_features_} columns "
                f"but X has only {n_samples} rows: a least-squares fit on these features can "
                "pass through every training point (over-fitting). Lower the degree, use "
                "interaction_only=True, use SplineBasis, or regularise (lesson 05)."
            )
        return self

    @property
    def powers_(self):
        """ndarray of shape (n_output_features_, n_features_in_): exponents of each output
        column (built on first access, from the column count alone fit does not need it)."""
        check_is_fitted(self, "n_output_features_")
        cached = self.__dict__.get("_powers_cache")
        if cached is None:
            lo, hi, _ = self._layout
            cached = self._powers(self.n_features_in_, lo, hi, self.interaction_only,
                                  self.include_bias)
            self.__dict__["_powers_cache"] = cached
        return cached

    def _check_output_size(self, n_samples, itemsize):
        lo, hi, n_full = self._layout
        n_bytes = n_samples * n_full * itemsize
        if n_bytes <= MAX_OUTPUT_BYTES:
            return
        d = self.n_features_in_
        bias = bool(self.include_bias)
        options = []
        if not self.interaction_only and hi >= 2:
            options.append(f"interaction_only=True ({_n_monomials(d, lo, hi, True, bias):,} "
                           "columns)")
        if hi >= 2:
            lower = _n_monomials(d, min(lo, hi - 1), hi - 1, self.interaction_only, bias)
            options.append(f"a lower degree (degree={hi - 1}: {lower:,} columns)")
        options.append("fewer features (select the ones that matter first, e.g. by lesson 05's "
                       "Lasso)")
        raise ValueError(
            f"PolynomialBasis(degree={self.degree!r}) on {d} features would make "
            f"{n_full:,} columns: for the {n_samples:,} samples given that is "
            f"{_size(n_bytes)} of output, more than the {_size(MAX_OUTPUT_BYTES)} limit (the "
            "number of columns grows like n_features ** degree). Use " + "; or ".join(options)
            + "."
        )

    def _check_output_magnitude(self, X):
        hi = self._layout[1]
        if hi >= 1:
            check_magnitude(
                X, "X", names=getattr(self, "feature_names_in_", None), power=hi, summed=False,
                context=f"the degree-{hi} products PolynomialBasis computes from them",
            )

    def transform(self, X):
        """Compute the polynomial features of X.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features_in_)

        Returns
        -------
        Phi : ndarray of shape (n_samples, n_output_features_)
            Float64 (float32 if X is float32), Fortran-ordered: column by column is how it
            is built.
        """
        check_is_fitted(self)
        X = check_X(self, X, order="F")
        self._check_output_size(X.shape[0], X.dtype.itemsize)
        self._check_output_magnitude(X)
        lo, hi, n_full = self._layout
        n_samples, n_features = X.shape
        out = np.empty((n_samples, n_full), dtype=X.dtype, order="F")
        col = 0
        if self.include_bias:
            out[:, 0] = 1.0
            col = 1
        if hi >= 1:
            out[:, col:col + n_features] = X
            # block_start[j]: first column of the previous degree whose lowest input index
            # is j; block_start[-1] is one past the last column of that degree.
            block_start = [*range(col, col + n_features), col + n_features]
            col += n_features
            for _ in range(2, hi + 1):
                new_start = []
                end = block_start[-1]
                for j in range(n_features):
                    new_start.append(col)
                    # x_j times every previous-degree monomial whose lowest index is >= j
                    # (> j for interaction_only, so x_j never appears twice).
                    start = block_start[j + 1] if self.interaction_only else block_start[j]
                    stop = col + end - start
                    if stop <= col:
                        break
                    np.multiply(out[:, start:end], X[:, j:j + 1], out=out[:, col:stop])
                    col = stop
                new_start.append(col)
                block_start = new_start
        if lo > 1:  # drop the degrees below min_degree, keep the bias column if asked
            keep = self.n_output_features_ - int(self.include_bias)
            tail = np.arange(n_full - keep, n_full)
            cols = np.r_[0, tail] if self.include_bias else tail
            out = out[:, cols]
        return out

    def get_feature_names_out(self, input_features=None):
        """Names such as ``'size^2'`` or ``'size age'`` (as ``PolynomialFeatures``).

        Parameters
        ----------
        input_features : array-like of str, optional
            Defaults to ``feature_names_in_`` or ``x0, x1, ...``.

        Returns
        -------
        ndarray of str objects
        """
        check_is_fitted(self)
        names = _feature_names_in(self, input_features)
        out = []
        for row in self.powers_:
            used = np.flatnonzero(row)
            if len(used) == 0:
                out.append("1")
                continue
            out.append(" ".join(
                str(names[j]) if row[j] == 1 else f"{names[j]}^{row[j]}" for j in used
            ))
        return np.asarray(out, dtype=object)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = False
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags


# ---- B-splines -----------------------------------------------------------------------------

#: Rows per block in SplineBasis.transform: the recursion's arrays of a block fit in cache.
_BLOCK_ROWS = 16_384


def _find_interval(t, k, x):
    r"""Index :math:`\ell` with :math:`t_\ell \le x < t_{\ell+1}`, clamped to :math:`[k, n-1]`.

    :math:`n` = ``len(t) - k - 1`` is the number of basis functions; the base interval is
    :math:`[t_k, t_n]`. Clamping puts :math:`x = t_n` in the last interval and makes points
    outside the base interval use the end pieces (scipy's ``BSpline`` convention).
    """
    n = len(t) - k - 1
    ell = np.searchsorted(t, x, side="right") - 1
    np.clip(ell, k, n - 1, out=ell)
    return ell


def _cox_de_boor(k, right, left, inverse_span, *, nu=0):
    r"""The Cox–de Boor recursion on each sample's support: the one B-spline recursion of the
    course, shared by :func:`bspline_basis`, :class:`SplineBasis` and its fast path.

    Starting from :math:`B_{\ell,0} = 1` on the sample's knot interval :math:`\ell`, degree
    :math:`j` is built from degree :math:`j-1` by

    .. math:: B_{i,j}(x) = \frac{x - t_i}{t_{i+j} - t_i} B_{i,j-1}(x)
              + \frac{t_{i+j+1} - x}{t_{i+j+1} - t_{i+1}} B_{i+1,j-1}(x),

    for the :math:`j+1` indices :math:`i = \ell-j, \dots, \ell` only (the others are zero
    there). A zero-width knot span contributes nothing (``0/0 = 0``). For ``nu = 1`` the last
    step is the derivative, :math:`B_{i,j}' = j\,(B_{i,j-1}/(t_{i+j}-t_i) -
    B_{i+1,j-1}/(t_{i+j+1}-t_{i+1}))`.

    Parameters
    ----------
    k : int
        Degree.
    right, left : dict of arrays
        ``right[c]`` is :math:`t_{\ell+c} - x` for :math:`c = 1, \dots, k` and ``left[c]``
        is :math:`x - t_{\ell+c}` for :math:`c = 1-k, \dots, 0`, one value per sample, all
        in one unit of length (the knot spacing, on a lattice).
    inverse_span : callable
        ``inverse_span(j, m, derivative)`` is :math:`1 / (t_{\ell+m} - t_{\ell+m-j})` in
        that unit (times :math:`j` for a derivative step), 0 where the two knots coincide:
        a number, or one value per sample.
    nu : {0, 1}
        0 for the values, 1 for the first derivative.

    Returns
    -------
    list of k+1 arrays
        Entry ``r`` holds :math:`B_{\ell-k+r,k}(x)` (or its derivative).
    """
    h = [1.0]
    for j in range(1, k + 1):
        derivative = j > k - nu
        new = []
        carry = None
        for m in range(1, j + 1):
            w = h[m - 1] * inverse_span(j, m, derivative)
            if derivative:
                new.append(-w if carry is None else carry - w)
                carry = w
            else:
                term = w * right[m]
                if carry is not None:
                    term += carry
                new.append(term)
                carry = w * left[m - j]
        new.append(carry)
        h = new
    return h


def _nonzero_bsplines(t, k, x, ell, *, nu=0):
    r"""The :math:`k+1` B-splines that can be nonzero on interval :math:`\ell`, or their
    ``nu``-th derivative (``nu`` in {0, 1}), for any knot vector :math:`t`.

    :func:`_cox_de_boor` with the knot distances looked up per sample: ``x`` and ``ell`` are
    arrays of the same length; the reciprocal spans are tabulated once per knot interval and
    looked up with ``np.take``.

    Returns
    -------
    list of k+1 arrays
        Entry ``r`` holds :math:`B_{\ell-k+r,k}(x)` (or its derivative).
    """
    x = np.asarray(x, dtype=np.float64)
    if nu > k:  # a piecewise constant has zero slope
        return [np.zeros_like(x) for _ in range(k + 1)]
    if k == 0:
        return [np.ones_like(x)]
    n_intervals = len(t) - 2 * k - 1  # intervals of the base range [t_k, t_n]
    e = ell - k  # interval number, 0 .. n_intervals - 1

    def knot(c):  # t_{l+c} for every sample
        return np.take(t[k + c:], e)

    def inverse_span(j, m, derivative):
        # 1 / (t_{l+m} - t_{l+m-j}) for every interval l, 0 where the two knots coincide
        span = t[k + m:k + m + n_intervals] - t[k + m - j:k + m - j + n_intervals]
        recip = np.divide(j if derivative else 1.0, span, out=np.zeros_like(span),
                          where=span != 0)
        return np.take(recip, e)

    right = {c: knot(c) - x for c in range(1, k + 1)}  # t_{l+c} - x
    left = {c: x - knot(c) for c in range(1 - k, 1)}  # x - t_{l+c}
    return _cox_de_boor(k, right, left, inverse_span, nu=nu)


def _lattice_step(t):
    """The knot spacing if ``t`` lies on an evenly spaced lattice (to 1e-12 of it), else None.

    Then knot spans are exact multiples of the step and the recursion can run on the local
    coordinate ``s`` (position inside the knot interval, in steps), with no per-sample knot
    look-ups. Far from the origin (``|t|`` much larger than the step) the lattice test fails
    and the general path is used, so both paths agree with scipy to about 1e-12.
    """
    if len(t) < 2:
        return None
    step = (t[-1] - t[0]) / (len(t) - 1)
    if not step > 0:
        return None
    lattice = t[0] + step * np.arange(len(t))
    if np.max(np.abs(t - lattice)) > 1e-12 * step:
        return None
    return step


def _nonzero_bsplines_lattice(t, k, x, step, *, period=None):
    r""":func:`_nonzero_bsplines` for knots on a lattice :math:`t_i = t_0 + i\,h`, degree >= 1.

    With :math:`u = (x - t_0)/h`, :math:`\ell = \lfloor u \rfloor` (clamped) and
    :math:`s = u - \ell`, the knot distances are :math:`(t_{\ell+c} - x)/h = c - s` and every
    span :math:`t_{i+j} - t_i` is :math:`j h`, so :func:`_cox_de_boor` runs in units of
    :math:`h` with the number :math:`1/j` as every inverse span: no look-up at all.
    With ``period`` = :math:`p` (periodic splines, :math:`p` intervals per period) the
    interval is taken modulo :math:`p` instead of clamped, which maps :math:`x` into one period.

    Returns
    -------
    h : list of k+1 arrays, ell : ndarray of int
    """
    n = len(t) - k - 1
    if period is None:
        u = x - t[0]
        u *= 1.0 / step
        ell_f = np.clip(u, k, n - 1)
        np.floor(ell_f, out=ell_f)
        s = u
        s -= ell_f  # u is not used again
    else:
        u = x - t[k]
        u *= 1.0 / step
        whole = np.floor(u)
        s = u
        s -= whole  # position inside the interval, in [0, 1)
        # interval mod period; exact: whole / period only rounds when it is not an integer
        ell_f = whole - period * np.floor(whole / period)
        ell_f += k
    right = {c: c - s for c in range(1, k + 1)}  # (t_{l+c} - x) / h
    left = {c: s - c for c in range(1 - k, 1)}  # (x - t_{l+c}) / h
    h = _cox_de_boor(k, right, left, lambda j, m, derivative: 1.0 / j)
    return h, ell_f.astype(np.intp)


def bspline_basis(x, knots, degree):
    r"""Every B-spline of a knot vector at the points ``x``, by the Cox–de Boor recursion.

    The Cox–de Boor recursion (the one :class:`SplineBasis` uses, evaluated on each point's
    support), vectorised over samples:

    .. math::

        B_{i,0}(x) = \begin{cases}1 & t_i \le x < t_{i+1}\\ 0 & \text{otherwise}\end{cases},
        \qquad
        B_{i,k}(x) = \frac{x - t_i}{t_{i+k} - t_i}\,B_{i,k-1}(x)
                   + \frac{t_{i+k+1} - x}{t_{i+k+1} - t_{i+1}}\,B_{i+1,k-1}(x),

    with :math:`0/0 = 0`. The knot vector :math:`t_0 \le \dots \le t_{m-1}` defines
    :math:`n = m - k - 1` functions, which sum to 1 on the base interval :math:`[t_k, t_n]`.
    The right end :math:`x = t_n` belongs to the last interval, and points outside the base
    interval use the polynomial pieces at the ends (as ``scipy.interpolate.BSpline`` does).

    Parameters
    ----------
    x : array-like of shape (n_samples,)
    knots : array-like of shape (m,)
        Non-decreasing knot vector :math:`t` (e.g. ``SplineBasis().fit(X).knots_[:, 0]``).
    degree : int
        Degree :math:`k` (3 = cubic).

    Returns
    -------
    B : ndarray of shape (n_samples, m - degree - 1)
        ``B[s, i]`` is :math:`B_{i,k}(x_s)`.
    """
    k = _check_int(degree, "degree", minimum=0)
    t = np.asarray(knots, dtype=np.float64)
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 1:
        raise ValueError(f"x must be 1-D (one value per sample), got shape {x.shape}.")
    if t.ndim != 1 or len(t) < 2 * k + 2:
        raise ValueError(
            f"knots must be 1-D with at least 2 * degree + 2 = {2 * k + 2} values, got shape "
            f"{t.shape}."
        )
    if np.any(np.diff(t) < 0):
        raise ValueError("knots must be sorted in increasing order.")
    # The same recursion as SplineBasis: only the k+1 functions that can be nonzero at each
    # x are computed; the others are zero.
    ell = _find_interval(t, k, x)
    B = np.zeros((x.size, len(t) - k - 1))
    rows = np.arange(x.size)
    for r, values in enumerate(_nonzero_bsplines(t, k, x, ell)):
        B[rows, ell - k + r] = values
    return B


class SplineBasis(TransformerMixin, BaseEstimator):
    r"""B-spline features, one block per input column (``SplineTransformer``).

    For each column, ``n_knots`` base knots are placed on the training range (evenly, or at
    quantiles), ``degree`` more knots are added beyond each end at the spacing of the end
    knots, and the column is replaced by the :math:`n_\text{knots} + k - 1` B-splines
    :math:`B_{0,k}, \dots` of degree :math:`k` on that knot vector :math:`t`:

    .. math:: \varphi(x) = \big(B_{0,k}(x), B_{1,k}(x), \dots, B_{n_\text{knots}+k-2,\,k}(x)\big).

    Each :math:`B_{i,k}` is a piecewise polynomial of degree :math:`k`, nonzero only on
    :math:`[t_i, t_{i+k+1})`, with :math:`k-1` continuous derivatives at the knots, and the
    functions sum to 1. They are computed with the Cox–de Boor recursion on the support
    only: for a point in knot interval :math:`\ell`, just the :math:`k+1` functions
    :math:`B_{\ell-k}, \dots, B_\ell` are evaluated (see :func:`bspline_basis` for the
    recursion written over the whole basis).

    The output equals :class:`sklearn.preprocessing.SplineTransformer` with the same
    parameters (to rounding), with two exceptions where scikit-learn 1.9 misbehaves:

    - ``degree=0`` with ``extrapolation="constant"``: scikit-learn returns zeros below the
      range and fails above it; here both sides keep the boundary value, as "constant"
      promises.
    - ``degree <= 1`` with ``extrapolation="linear"`` and several columns: scikit-learn
      extrapolates the second and later columns from the wrong end points; here every
      column is treated as scikit-learn treats a single column.

    Parameters
    ----------
    n_knots : int, default=5
        Number of base knots (at least 2), including both ends of the training range.
    degree : int, default=3
        Polynomial degree :math:`k` of each piece (3 = cubic, smooth to the 2nd derivative).
    knots : {"uniform", "quantile"} or array-like of shape (n_knots, n_features)
        ``"uniform"``: evenly spaced from min to max of each column. ``"quantile"``: at
        evenly spaced quantiles, so every interval holds about the same number of samples.
        An array gives the base knots directly (strictly increasing per column).
    extrapolation : {"constant", "linear", "continue", "error", "periodic"}
        What happens outside the training range :math:`[t_k, t_n]`: ``"constant"`` keeps
        the boundary values, ``"linear"`` continues each function along its tangent,
        ``"continue"`` extends the end polynomials, ``"error"`` raises, ``"periodic"`` wraps
        around (the first and last knot are the same point, as for a day of the year).
    include_bias : bool, default=True
        The B-splines sum to 1, so together they already contain the intercept column. Set
        ``include_bias=False`` (drops the last function of each column) in front of a model
        that fits its own intercept, or the columns are collinear.

    Attributes
    ----------
    knots_ : ndarray of shape (n_knots + 2 * degree, n_features_in_)
        The full knot vector :math:`t` of each column, base knots in the middle.
    n_splines_ : int
        Basis functions per column before ``include_bias`` (``n_knots + degree - 1``, or
        ``n_knots - 1`` when periodic).
    n_features_out_ : int
    n_features_in_ : int
    feature_names_in_ : ndarray of str, only when X is a DataFrame with string column names

    Examples
    --------
    >>> import numpy as np
    >>> from course_utils import SplineBasis
    >>> X = np.arange(6.0).reshape(6, 1)
    >>> SplineBasis(n_knots=3, degree=2).fit_transform(X).round(2)
    array([[0.5 , 0.5 , 0.  , 0.  ],
           [0.18, 0.74, 0.08, 0.  ],
           [0.02, 0.66, 0.32, 0.  ],
           [0.  , 0.32, 0.66, 0.02],
           [0.  , 0.08, 0.74, 0.18],
           [0.  , 0.  , 0.5 , 0.5 ]])
    """

    _parameter_constraints = {
        "n_knots": ([Integer(2)], "Two knots are the two ends of the range; add more for more "
                    "bends."),
        "degree": ([Integer(0)], "Use 3 for cubic splines, 1 for broken lines."),
        "knots": [Options(*_KNOTS), ArrayLike("an array of knot positions")],
        "extrapolation": [Options(*_EXTRAPOLATION)],
        "include_bias": [Boolean()],
    }

    def __init__(self, n_knots=5, degree=3, *, knots="uniform", extrapolation="constant",
                 include_bias=True):
        self.n_knots = n_knots
        self.degree = degree
        self.knots = knots
        self.extrapolation = extrapolation
        self.include_bias = include_bias

    def _check_params(self):
        validate_params(self)
        return int(self.degree)

    def _base_knots(self, X):
        if isinstance(self.knots, str):
            if self.knots == "quantile":
                ranks = 100 * np.linspace(0.0, 1.0, num=self.n_knots, dtype=np.float64)
                return np.percentile(X, ranks, axis=0).astype(np.float64)
            # column by column: a reduction along axis 0 of a C-ordered X with few columns
            # is several times slower than one over each strided column
            lo = np.array([X[:, j].min() for j in range(X.shape[1])])
            hi = np.array([X[:, j].max() for j in range(X.shape[1])])
            return np.linspace(lo, hi, num=self.n_knots, dtype=np.float64)
        base = np.asarray(self.knots, dtype=np.float64)
        if base.ndim == 1 and X.shape[1] == 1:
            base = base[:, None]
        if base.ndim != 2 or base.shape[0] < 2 or not np.all(np.isfinite(base)):
            raise ValueError(
                f"knots as an array must be finite with shape (n_knots >= 2, n_features), got "
                f"shape {base.shape}."
            )
        if base.shape[1] != X.shape[1]:
            raise ValueError(
                f"knots has {base.shape[1]} column(s) but X has {X.shape[1]}: give one "
                "column of knot positions per feature."
            )
        if not np.all(np.diff(base, axis=0) > 0):
            raise ValueError("knots must be sorted without duplicates in every column.")
        return base

    def fit(self, X, y=None):
        """Place the knots of every column.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            At least 2 samples.
        y : ignored

        Returns
        -------
        self : SplineBasis
        """
        k = self._check_params()
        X = check_X(self, X, reset=True, ensure_min_samples=2, magnitude=True)
        base = self._base_knots(X)
        n_base = base.shape[0]
        if self.extrapolation == "periodic":
            if n_base <= k:
                raise ValueError(
                    f"Periodic splines need degree < n_knots, got n_knots={n_base} and "
                    f"degree={k}: add knots or lower the degree."
                )
            period = base[-1] - base[0]
            full = np.r_[base[-(k + 1):-1] - period, base, base[1:k + 1] + period]
            self.n_splines_ = n_base - 1
        else:
            first_gap = base[1] - base[0]
            last_gap = base[-1] - base[-2]
            full = np.r_[
                np.linspace(base[0] - k * first_gap, base[0] - first_gap, num=k),
                base,
                np.linspace(base[-1] + last_gap, base[-1] + k * last_gap, num=k),
            ]
            self.n_splines_ = n_base + k - 1
        if self.n_splines_ - 1 + self.include_bias == 0:
            raise ValueError(
                f"n_knots={n_base} with degree={k} gives a single basis function per column, "
                "and include_bias=False drops it, leaving no column at all: add knots, raise "
                "the degree or set include_bias=True."
            )
        self.knots_ = np.asarray(full, dtype=np.float64).reshape(n_base + 2 * k, -1)
        self.n_features_out_ = self.n_features_in_ * (self.n_splines_ - 1 + self.include_bias)

        names = getattr(self, "feature_names_in_", None)
        constant = np.flatnonzero(base[-1] == base[0])
        if len(constant):
            label = [str(names[j]) if names is not None else f"x{j}" for j in constant]
            warn_course(
                f"Column(s) {label} are constant in the training data, so their knots all "
                "coincide and their spline features are 0. Drop those columns."
            )
        tied = np.flatnonzero(np.any(np.diff(base, axis=0) == 0, axis=0) & (base[-1] > base[0]))
        if len(tied):
            label = [str(names[j]) if names is not None else f"x{j}" for j in tied]
            warn_course(
                f"Some quantile knots coincide in column(s) {label} (many repeated values), "
                "so some basis functions are squeezed to nothing. Use fewer knots or "
                "knots='uniform'."
            )
        return self

    def _boundary(self, t, k, n):
        """Full basis vectors and derivatives at both ends of the base interval."""
        xs = np.array([t[k], t[n]])
        ell = np.array([k, n - 1])
        f = np.zeros((2, n))
        fp = np.zeros((2, n))
        for nu, target in ((0, f), (1, fp)):
            h = _nonzero_bsplines(t, k, xs, ell, nu=nu)
            for r in range(k + 1):
                target[[0, 1], ell - k + r] = h[r]
        return f, fp

    def transform(self, X):
        """Evaluate the B-splines of every column.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features_in_)

        Returns
        -------
        Phi : ndarray of shape (n_samples, n_features_out_)
            Columns ``[B_0(x_0), B_1(x_0), ..., B_0(x_1), ...]`` (feature by feature).
        """
        check_is_fitted(self)
        X = check_X(self, X)
        n_samples, n_features = X.shape
        n_splines = self.n_splines_
        width = n_features * n_splines
        out = np.zeros((n_samples, width), dtype=X.dtype)
        # Block by block of rows, so that the recursion's temporaries and the block of the
        # output stay in cache (about three times faster than whole columns at n = 1e6).
        block = _BLOCK_ROWS
        row_start = np.arange(0, min(block, n_samples) * width, width, dtype=np.intp)
        steps = [_lattice_step(self.knots_[:, f]) if self.degree >= 1 else None
                 for f in range(n_features)]  # degree 0 jumps: exact intervals
        for start in range(0, n_samples, block):
            part = out[start:start + block]
            for f in range(n_features):
                x = np.array(X[start:start + block, f], dtype=np.float64)
                self._transform_column(x, f, steps[f], part, row_start[:part.shape[0]])
        if not self.include_bias:
            keep = np.ones(width, dtype=bool)
            keep[n_splines - 1::n_splines] = False  # the last function of every column
            out = out[:, keep]
        return out

    def _transform_column(self, x, f, step, out, row_start):
        """Write the splines of column ``f`` at ``x`` (a block of rows) into that block ``out``.

        ``step`` is the knot spacing when the knots are on a lattice (else None), ``row_start``
        each row's offset in the flattened block.
        """
        k = int(self.degree)
        t = self.knots_[:, f]
        x, below, above = self._outside_range(f, x, step)
        # Rows outside the range are evaluated on the end pieces too; for "constant" and
        # "linear" those values are replaced below, so overflow there is harmless.
        replaced = self.extrapolation in ("constant", "linear") and (
            below is not None or above is not None)
        with np.errstate(over="ignore" if replaced else "warn",
                         invalid="ignore" if replaced else "warn"):
            if step is not None:
                periodic = self.extrapolation == "periodic"
                h, ell = _nonzero_bsplines_lattice(t, k, x, step,
                                                   period=self.n_splines_ if periodic else None)
            else:
                ell = _find_interval(t, k, x)
                h = _nonzero_bsplines(t, k, x, ell)
        if replaced:
            outside = (below if below is not None else False) | (
                above if above is not None else False)
            h = [np.where(outside, 0.0, v) for v in h]  # filled in by _extrapolate
        self._scatter(out.reshape(-1), f, h, ell, row_start)
        if replaced:
            self._extrapolate(out, f, x, (below, above))

    def _outside_range(self, f, x, step):
        """``(x, below, above)``: x mapped into one period, or the masks of rows beyond the knots.

        A mask is None when no row is on that side; extrapolation="error" raises here.
        """
        k = int(self.degree)
        t = self.knots_[:, f]
        lo, hi = t[k], t[len(t) - k - 1]
        if self.extrapolation == "periodic":
            if step is None:  # map x into [lo, hi) first; on a lattice the recursion wraps
                x = lo + (x - lo) % (hi - lo) if hi > lo else np.zeros_like(x)
            return x, None, None
        below, above = x < lo, x > hi
        below = below if below.any() else None
        above = above if above.any() else None
        if self.extrapolation == "error" and (below is not None or above is not None):
            name = self.feature_names_in_[f] if hasattr(self, "feature_names_in_") else f"x{f}"
            raise ValueError(
                f"X contains values beyond the limits of the knots: column {name!r} has "
                f"values outside the training range [{lo:.6g}, {hi:.6g}] and "
                "extrapolation='error'. Choose extrapolation='constant', 'linear' or "
                "'continue', or fit on data that covers this range."
            )
        return x, below, above

    def _scatter(self, flat, f, h, ell, row_start):
        """Write the k+1 support values ``h`` of each row into the flat view of the output.

        Element (s, c) of the output is ``flat[s * width + c]``; row s's support starts at
        column ``f * n_splines + ell_s - k``.
        """
        k, n_splines = int(self.degree), self.n_splines_
        idx = row_start + f * n_splines if f else row_start
        if self.extrapolation != "periodic":
            idx = idx + (ell - k)
            for r in range(k + 1):
                flat[idx] = h[r]
                idx += 1
            return
        # The last k functions wrap onto the first k: function ell - k + r goes to column
        # (ell - k + r) mod n_splines, tabulated per knot interval. Two of the k+1 support
        # functions share a column only when n_splines == k: add them.
        n = self.knots_.shape[0] - k - 1  # basis functions before periodic wrapping
        shared = n_splines <= k
        interval = ell - k
        for r in range(k + 1):
            column = (np.arange(n - k) + r) % n_splines
            target = idx + np.take(column, interval)
            if shared:
                flat[target] += h[r]
            else:
                flat[target] = h[r]

    def _extrapolate(self, out, f, x, masks):
        """Fill the rows beyond the knots (``masks = (below, above)``): constant or linear."""
        below, above = masks
        k, n_splines = int(self.degree), self.n_splines_
        t = self.knots_[:, f]
        n = len(t) - k - 1
        lo, hi = t[k], t[n]
        block = slice(f * n_splines, (f + 1) * n_splines)
        f_end, fp_end = self._boundary(t, k, n)
        if self.extrapolation == "constant":
            # Only the first k (last k) functions are nonzero at the left (right) end;
            # degree 0 keeps its single boundary function.
            m = max(k, 1)
            if below is not None:
                out[np.ix_(below, np.arange(block.start, block.start + m))] = f_end[0, :m]
            if above is not None:
                out[np.ix_(above, np.arange(block.stop - m, block.stop))] = f_end[1, -m:]
            return
        # linear: value at the end plus slope times distance, for the end functions
        for j in range(k + 1 if k <= 1 else k):
            if below is not None:
                out[below, block.start + j] = f_end[0, j] + (x[below] - lo) * fp_end[0, j]
            if above is not None:
                c = n_splines - 1 - j
                out[above, block.start + c] = f_end[1, c] + (x[above] - hi) * fp_end[1, c]

    def get_feature_names_out(self, input_features=None):
        """Names ``'<column>_sp_<j>'`` (as ``SplineTransformer``).

        Parameters
        ----------
        input_features : array-like of str, optional

        Returns
        -------
        ndarray of str objects
        """
        check_is_fitted(self)
        names = _feature_names_in(self, input_features)
        per_column = self.n_splines_ - 1 + int(self.include_bias)
        return np.asarray(
            [f"{name}_sp_{j}" for name in names for j in range(per_column)], dtype=object
        )

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = False
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags


# ---- interactions on a DataFrame -----------------------------------------------------------

def add_interactions(df, terms, *, sep=":"):
    r"""Append product columns :math:`x_a x_b (x_c \dots)` to a DataFrame, chosen by name.

    An interaction lets the effect of one feature depend on another: in
    :math:`\hat y = \theta_1 a + \theta_2 b + \theta_3\,ab` the slope of :math:`a` is
    :math:`\theta_1 + \theta_3 b`. Categorical columns must be one-hot encoded first
    (``pd.get_dummies``); a product with a 0/1 dummy gives that category its own slope.

    Parameters
    ----------
    df : pandas.DataFrame
    terms : iterable of str or of sequences of str
        Each term names two or more numeric columns, either as a sequence
        (``("size_m2", "dist_centre_km")``) or as one string joined by ``sep``
        (``"size_m2:dist_centre_km"``).
    sep : str, default=":"
        Separator used to split string terms and to name the new columns (the ``a:b``
        notation of R and statsmodels formulas).

    Returns
    -------
    pandas.DataFrame
        A copy of ``df`` with one new float column per term, named ``"a:b"``, appended in
        the order given.

    Examples
    --------
    >>> import pandas as pd
    >>> from course_utils import add_interactions
    >>> df = pd.DataFrame({"a": [1.0, 2.0], "b": [3.0, 4.0]})
    >>> add_interactions(df, ["a:b"])
         a    b  a:b
    0  1.0  3.0  3.0
    1  2.0  4.0  8.0
    """
    import pandas as pd

    if not isinstance(df, pd.DataFrame):
        raise TypeError(
            f"add_interactions needs a pandas DataFrame (columns chosen by name), got "
            f"{type(df).__name__}. For a numpy array use PolynomialBasis(interaction_only=True)."
        )
    if isinstance(terms, str):
        terms = [terms]
    terms = list(terms)
    if not terms:
        raise ValueError("terms is empty: name at least one pair of columns, e.g. ['a:b'].")
    out = df.copy()
    new = {}
    for term in terms:
        names = term.split(sep) if isinstance(term, str) else list(term)
        if len(names) < 2:
            raise ValueError(
                f"Interaction term {term!r} names {len(names)} column: an interaction needs at "
                f"least two, e.g. 'a{sep}b' or ('a', 'b')."
            )
        for name in names:
            if name not in df.columns:
                close = difflib.get_close_matches(str(name), [str(c) for c in df.columns], n=3)
                hint = f" Did you mean {close}?" if close else ""
                raise KeyError(
                    f"Column {name!r} of interaction term {term!r} is not in the DataFrame.{hint} "
                    f"Available columns: {list(df.columns)}."
                )
            dtype = df[name].dtype
            if not (pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_bool_dtype(dtype)):
                raise ValueError(
                    f"Column {name!r} is not numeric ({dtype}), so it cannot be multiplied. "
                    f"One-hot encode it first, e.g. pd.get_dummies(df, columns=[{name!r}], "
                    "dtype=float), and interact with the dummy columns."
                )
        label = sep.join(str(name) for name in names)
        if label in out.columns or label in new:
            raise ValueError(
                f"Column {label!r} already exists: each interaction term can be added once."
            )
        product = df[names[0]].to_numpy(dtype=float)
        for name in names[1:]:
            product = product * df[name].to_numpy(dtype=float)
        new[label] = product
    return pd.concat([out, pd.DataFrame(new, index=df.index)], axis=1)


def polynomial_regression(degree, *, method="lstsq"):
    r"""Polynomial regression of lesson 04: standardise, powers :math:`1..\text{degree}`, fit.

    ``make_pipeline(StandardScaler(), PolynomialBasis(degree, include_bias=False),
    NormalEquationRegressor(method=method))``: standardising first keeps the powers of a
    feature on comparable scales, and ``"lstsq"`` (the default) copes with the
    ill-conditioned columns of high degrees.

    Parameters
    ----------
    degree : int
        Highest power of each feature.
    method : {"lstsq", "pinv", "solve", "inv"}, default="lstsq"
        How :class:`~course_utils.NormalEquationRegressor` solves least squares.

    Returns
    -------
    sklearn.pipeline.Pipeline
        Unfitted.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.linspace(-1, 1, 9).reshape(-1, 1)
    >>> model = polynomial_regression(2).fit(x, 1 + 2 * x.ravel() - x.ravel() ** 2)
    >>> print(np.round(model.predict([[0.5]]), 6))
    [1.75]
    """
    return make_pipeline(StandardScaler(), PolynomialBasis(degree, include_bias=False),
                         NormalEquationRegressor(method=method))
