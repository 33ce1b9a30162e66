"""Input checks shared by every course estimator.

Students pass 1-D arrays, mismatched lengths, NaNs, strings and empty tables. Each case
gets an error that names the problem in the student's terms and says how to fix it,
raised *before* scikit-learn's own validation (which then still runs, so the estimators
keep passing scikit-learn's estimator checks).
"""

from __future__ import annotations

import math
import numbers
import os
import sys
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.utils import check_X_y as _sk_check_X_y
from sklearn.utils.validation import validate_data

#: Frames in files under this directory belong to the course, not to the student.
_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep

__all__ = [
    "CourseWarning",
    "InvalidParameterError",
    "NotConvergedWarning",
    "check_X",
    "check_X_y",
    "check_magnitude",
    "check_values_from_norms",
    "check_positive_param",
    "check_random_state",
    "validate_params",
]


class CourseWarning(UserWarning):
    """A warning about how a course estimator is being used (e.g. a bias column twice)."""


class NotConvergedWarning(CourseWarning, ConvergenceWarning):
    """An optimiser stopped before reaching its tolerance: the coefficients are not yet the
    minimiser.

    A :class:`CourseWarning` and a :class:`sklearn.exceptions.ConvergenceWarning`, so either
    filter catches it.
    """


class InvalidParameterError(ValueError, TypeError):
    """A parameter has the wrong type or value.

    The message names the parameter, what it got and what it accepts. One class for every
    parameter mistake of every course estimator, transformer, loss and generator; it is a
    ``ValueError`` *and* a ``TypeError`` (as scikit-learn's own ``InvalidParameterError``),
    so either ``except`` clause catches it.
    """


def _shape_of(a):
    shape = getattr(a, "shape", None)
    if shape is None:
        try:
            shape = np.shape(a)
        except Exception:  # ragged lists and other oddities: let sklearn report them
            shape = None
    return shape


def _non_numeric_columns(X):
    """Names of the non-numeric columns of a DataFrame-like X, else None."""
    dtypes = getattr(X, "dtypes", None)
    if dtypes is None or not hasattr(X, "columns"):
        return None
    bad = [str(c) for c, dt in zip(X.columns, dtypes, strict=True) if not _is_numeric_dtype(dt)]
    return bad or None


def _is_numeric_dtype(dt):
    try:
        return np.issubdtype(np.dtype(dt), np.number) or np.issubdtype(np.dtype(dt), np.bool_)
    except TypeError:  # pandas extension dtypes (category, string, nullable ints)
        kind = getattr(dt, "kind", "O")
        return kind in "biuf"


def _as_plain_array(a):
    """A numpy view of ``a`` for the checks below, or None when numpy cannot take it as is."""
    if isinstance(a, np.ndarray):
        return a
    if hasattr(a, "dtypes") or hasattr(a, "toarray") or hasattr(a, "__array_namespace__"):
        try:  # DataFrames and Series; sparse matrices are left to scikit-learn
            return None if hasattr(a, "toarray") else np.asarray(a)
        except Exception:
            return None
    if isinstance(a, list | tuple):
        try:
            return np.asarray(a)
        except Exception:
            return None
    return None


def _friendly_X(X, what="X", *, values=True):
    """Checks whose scikit-learn messages would puzzle a student. Returns nothing.

    ``values=False`` leaves NaN / inf to the caller (:func:`check_X_y` checks them later, in
    the same pass as the magnitudes).
    """
    if X is None:
        raise ValueError(f"{what} is None: pass a 2-D array of shape (n_samples, n_features).")
    bad = _non_numeric_columns(X)
    if bad:
        raise ValueError(
            f"{what} has non-numeric columns {bad}: a linear model needs numbers. Encode "
            "categories first, e.g. pd.get_dummies(df, columns=[...]) or "
            "sklearn.preprocessing.OneHotEncoder, or drop those columns."
        )
    shape = _shape_of(X)
    if shape is None:
        return
    if len(shape) == 1:
        raise ValueError(
            f"{what} must be 2-D with shape (n_samples, n_features), but got a 1-D array of "
            f"shape {tuple(shape)}. Reshape your data: for a single feature use X.reshape(-1, 1) "
            "(or df[['column']] with double brackets); for a single sample X.reshape(1, -1)."
        )
    if len(shape) == 2 and shape[0] == 0:
        raise ValueError(
            f"{what} is empty: it has 0 samples (shape {tuple(shape)}). Check the filtering "
            "or train/test split that produced it."
        )
    if len(shape) == 2 and shape[1] == 0:
        raise ValueError(
            f"{what} has 0 feature(s) (shape={tuple(shape)}) while a minimum of 1 is required: "
            "select at least one column."
        )
    arr = _as_plain_array(X)
    if arr is not None and arr.dtype.kind == "c":
        raise ValueError(
            f"{what} contains complex numbers (Complex data not supported, dtype {arr.dtype}): "
            "a linear model of this course "
            "works with real numbers. If the imaginary parts are only rounding noise use "
            f"{what}.real; otherwise put the real and imaginary parts in two columns, e.g. "
            f"np.column_stack([{what}.real, {what}.imag])."
        )
    if arr is not None and arr.dtype.kind in "USO":
        try:
            arr.astype(float)
        except (TypeError, ValueError) as exc:
            raise type(exc)(
                f"{what} contains values that are not numbers ({exc}). Convert them with "
                "X.astype(float), or encode text categories (pd.get_dummies, OneHotEncoder)."
            ) from exc
    if values:
        _check_values(arr, what)


def _not_finite_error(arr, what):
    if what == "y":
        return ValueError(
            f"y contains NaN or inf ({int((~np.isfinite(arr)).sum())} values). Drop those "
            "samples from X and y together before fitting."
        )
    n_nan = int(np.isnan(arr).sum())
    n_inf = int(np.isinf(arr).sum())
    return ValueError(
        f"{what} contains NaN ({n_nan} values) or inf ({n_inf} values). Remove those rows "
        "or impute them (e.g. sklearn.impute.SimpleImputer) before fitting."
    )


def _check_values(arr, what, *, names=None, magnitude=False):
    """NaN / inf (and, with ``magnitude``, overflow: :func:`check_magnitude`) in one pass.

    The sum of squares of all entries is finite exactly when no entry is NaN or inf and the
    squares do not overflow; its square root bounds every magnitude. So one BLAS dot product
    over the data settles the common case, and the exact, element-wise diagnosis runs only
    when that bound says something may be wrong. The data are never copied.
    """
    if arr is None or arr.dtype.kind not in "fc" or not arr.size:
        return
    flat = arr.ravel(order="K") if (arr.flags.c_contiguous or arr.flags.f_contiguous) else None
    if flat is not None and flat.dtype == np.float64:
        with np.errstate(over="ignore", invalid="ignore"):
            bound = math.sqrt(float(np.dot(flat, flat)))
        if math.isfinite(bound):
            if not magnitude:
                return
            n = arr.shape[0] if arr.ndim >= 1 else 1
            if bound <= math.sqrt(_FLOAT_MAX / max(n, 1)):  # every value below the limit
                return
    # the exact checks: the slow path, for suspicious data or unusual layouts
    if arr.dtype.kind == "f" and not np.isfinite(arr).all():
        raise _not_finite_error(arr, what)
    if magnitude:
        check_magnitude(arr, what, names=names)


def _friendly_y(y, n_rows, *, values=True):
    if y is None:
        raise ValueError(
            "This estimator requires y to be passed, but the target y is None: call fit(X, y) "
            "with one value of y per row of X."
        )
    shape = _shape_of(y)
    if shape is not None and len(shape) >= 1 and n_rows is not None and shape[0] != n_rows:
        raise ValueError(
            f"X and y have different lengths: X has {n_rows} rows but y has {shape[0]} values. "
            "They must describe the same samples, one target per row of X (check the split "
            "or the filter that built them)."
        )
    arr = _as_plain_array(y)
    if arr is not None and arr.dtype.kind == "c":
        raise ValueError(
            f"y contains complex numbers (Complex data not supported, dtype {arr.dtype}): a "
            "regression target must be real. "
            "If the imaginary parts are only rounding noise use y.real; otherwise model the real "
            "and imaginary parts separately (or np.abs(y) if the magnitude is the target)."
        )
    if arr is not None and arr.dtype.kind in "USO":
        try:
            arr = arr.astype(float)
        except (TypeError, ValueError) as exc:
            raise ValueError(
                f"y contains values that are not numbers ({exc}). A regression target must be "
                "numeric: convert it with y.astype(float) or pick a numeric column."
            ) from exc
    if values and arr is not None:
        _check_values(arr, "y", magnitude=True)
    return arr is not None  # whether the values were checked


def check_X_y(estimator, X, y, *, reset=True, values=True, **kwargs):
    """Validate training data with friendly messages, then with scikit-learn.

    Returns ``(X, y)`` as float arrays and sets ``n_features_in_`` (and
    ``feature_names_in_`` for DataFrames) on ``estimator`` when ``reset`` is true.
    ``estimator=None`` validates data given to a function (e.g. :func:`lasso_path`).
    ``values=False`` leaves NaN, inf and overflow in X to the caller, which must then
    diagnose them where they show: :func:`check_values_from_norms` with the column lengths
    it computes anyway, or ``_check_values`` when its result turns out non-finite.
    """
    _friendly_X(X, values=False)
    shape = _shape_of(X)
    y_checked = _friendly_y(y, shape[0] if shape is not None and len(shape) >= 1 else None)
    kwargs.setdefault("y_numeric", True)
    kwargs.setdefault("dtype", [np.float64, np.float32])
    # NaN / inf are checked below together with the magnitudes: one pass over X, not three
    kwargs.setdefault("ensure_all_finite", False)
    if estimator is None:
        X, y = _sk_check_X_y(X, y, **kwargs)
    else:
        X, y = validate_data(estimator, X, y, reset=reset, **kwargs)
    names = getattr(estimator, "feature_names_in_", None)
    if values:
        _check_values(X, "X", names=names, magnitude=True)
    if not y_checked:  # a type _friendly_y could not read: check what scikit-learn made of it
        _check_values(y, "y", magnitude=True)
    return X, y


def check_values_from_norms(X, norms2, *, names=None):
    r"""The NaN / inf / overflow check of X from its squared column lengths, at no extra pass.

    ``norms2[j]`` is :math:`\lVert x_j\rVert^2` of the uncentred X, which a solver that forms
    :math:`X^\top X` has on its diagonal. Their sum is finite exactly when X has no NaN or
    inf and its squares do not overflow, and its square root bounds every magnitude, so this
    accepts the same data as :func:`check_X_y` and raises the same errors (the exact,
    element-wise diagnosis runs when the bound says something may be wrong).
    """
    with np.errstate(over="ignore", invalid="ignore"):
        total = float(np.sum(norms2))
    n = X.shape[0]
    if math.isfinite(total) and math.sqrt(total) <= math.sqrt(_FLOAT_MAX / max(n, 1)):
        return
    _check_values(X, "X", names=names, magnitude=True)


def check_X(estimator, X, *, reset=False, magnitude=False, **kwargs):
    """Validate X at predict/transform time (same friendly messages as :func:`check_X_y`).

    With ``magnitude=True`` (a transformer's ``fit``) the values are also checked for
    overflow by :func:`check_magnitude`.
    """
    _friendly_X(X, values=False)
    kwargs.setdefault("dtype", [np.float64, np.float32])
    kwargs.setdefault("ensure_all_finite", False)  # checked below, in one pass
    X = validate_data(estimator, X, reset=reset, **kwargs)
    _check_values(X, "X", names=getattr(estimator, "feature_names_in_", None),
                  magnitude=magnitude)
    return X


def check_positive_param(value, name, *, strict=False, allow_none=False):
    """Raise a clear error unless ``value`` is a (strictly) positive real number."""
    if value is None and allow_none:
        return
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value):
        raise TypeError(f"{name} must be a finite number, got {value!r}.")
    if value < 0 or (strict and value == 0):
        sign = "> 0" if strict else ">= 0"
        raise ValueError(f"{name} must be {sign}, got {value!r}.")


# ---- parameter validation: one mechanism for every estimator ---------------------------------
#
# Each estimator declares ``_parameter_constraints = {"name": [constraint, ...], ...}`` (the
# style of scikit-learn's own estimators) and calls :func:`validate_params` at the start of
# ``fit``. A value is accepted when it satisfies any one of its constraints; otherwise one
# :class:`InvalidParameterError` names the parameter, what it got and what it accepts.


def _describe(value):
    """What the student passed, in words: "the string 'False'", "the float 3.0", ..."""
    if value is None:
        return "None"
    if isinstance(value, bool | np.bool_):
        return f"{bool(value)!r} (a bool)"
    if isinstance(value, str):
        return f"the string {value!r}"
    if isinstance(value, numbers.Integral):
        return f"the integer {int(value)!r}"
    if isinstance(value, numbers.Real):
        return f"the float {float(value)!r}"
    if isinstance(value, numbers.Complex):
        return f"the complex number {complex(value)!r}"
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{text} (of type {type(value).__name__})"


class _Constraint:
    """One kind of accepted value: ``accepts(value)`` and a phrase for the message."""

    def accepts(self, value):  # pragma: no cover - every constraint overrides it
        raise NotImplementedError

    def describe(self):  # pragma: no cover
        raise NotImplementedError

    def hint(self, name, value):
        """A fix for a near miss (a number written as a string...), or ''."""
        return ""

    def type_ok(self, value):
        """Whether ``value`` has the right type, so only its range can be wrong."""
        return False


class Boolean(_Constraint):
    """``True`` or ``False`` (numpy bools too); never a string or a number."""

    def accepts(self, value):
        return isinstance(value, bool | np.bool_)

    def describe(self):
        return "True or False (a bool)"

    def hint(self, name, value):
        if isinstance(value, str):
            word = value.strip().lower()
            if word in ("true", "yes", "y", "on", "1"):
                return f" Write {name}=True, without quotes."
            if word in ("false", "no", "n", "off", "0", "none", ""):
                return (f" Write {name}=False, without quotes: any non-empty string, even "
                        f"{value!r}, would count as True.")
            return f" Write {name}=True or {name}=False, without quotes."
        if isinstance(value, numbers.Number) and value in (0, 1):
            return f" Write {name}={bool(value)} instead of {value!r}."
        return ""


class Integer(_Constraint):
    """An integer (numpy integers too) in ``[low, high]``; never a bool, a float or a string."""

    def __init__(self, low=None, high=None):
        self.low, self.high = low, high

    def accepts(self, value):
        if not self.type_ok(value):
            return False
        return (self.low is None or value >= self.low) and (self.high is None or value <= self.high)

    def describe(self):
        if self.low is not None and self.high is not None:
            return f"an integer from {self.low} to {self.high}"
        if self.low is not None:
            return f"an integer >= {self.low}"
        if self.high is not None:
            return f"an integer <= {self.high}"
        return "an integer"

    def type_ok(self, value):
        return isinstance(value, numbers.Integral) and not isinstance(value, bool | np.bool_)

    def hint(self, name, value):
        if self.type_ok(value):
            return ""
        if isinstance(value, str):
            try:
                as_number = float(value)
            except ValueError:
                return ""
            if as_number.is_integer():
                return f" Write {name}={int(as_number)}, without quotes."
            return ""
        if isinstance(value, bool | np.bool_):
            return f" {value!r} is a bool, not a count: write a number such as {name}=3."
        if (isinstance(value, numbers.Real) and np.isfinite(value)
                and float(value).is_integer()):
            return f" Write {name}={int(value)} (an int, not the float {value!r})."
        return ""


class RealNumber(_Constraint):
    """A finite real number (ints too, never bools) in an interval.

    ``closed`` is ``"both"``, ``"left"``, ``"right"`` or ``"neither"``.
    """

    def __init__(self, low=None, high=None, closed="both"):
        self.low, self.high, self.closed = low, high, closed

    def accepts(self, value):
        if not self.type_ok(value):
            return False
        low_ok = self.low is None or (value >= self.low if self.closed in ("both", "left")
                                      else value > self.low)
        high_ok = self.high is None or (value <= self.high if self.closed in ("both", "right")
                                        else value < self.high)
        return bool(low_ok and high_ok)

    def describe(self):
        lo_in = self.closed in ("both", "left")
        hi_in = self.closed in ("both", "right")
        if self.low is not None and self.high is not None:
            if lo_in and hi_in:
                return f"a number between {self.low:g} and {self.high:g} (inclusive)"
            if not lo_in and not hi_in:
                return f"a number strictly between {self.low:g} and {self.high:g}"
            left = ">=" if lo_in else ">"
            right = "<=" if hi_in else "<"
            return f"a number {left} {self.low:g} and {right} {self.high:g}"
        if self.low is not None:
            return f"a finite number {'>=' if lo_in else '>'} {self.low:g}"
        if self.high is not None:
            return f"a finite number {'<=' if hi_in else '<'} {self.high:g}"
        return "a finite number"

    def type_ok(self, value):
        return (isinstance(value, numbers.Real) and not isinstance(value, bool | np.bool_)
                and bool(np.isfinite(value)))

    def hint(self, name, value):
        if isinstance(value, str):
            try:
                float(value)
            except ValueError:
                return ""
            return f" Write {name}={value.strip()}, without quotes."
        return ""


class Options(_Constraint):
    """One of a fixed set of values (strings, usually)."""

    def __init__(self, *options):
        self.options = options

    def accepts(self, value):
        if isinstance(value, np.ndarray | list | tuple | dict | set):
            return False
        try:
            return any(value == o and type(value) is type(o) for o in self.options)
        except Exception:
            return False

    def describe(self):
        if len(self.options) == 1:
            return repr(self.options[0])
        return "one of " + ", ".join(repr(o) for o in self.options)

    def hint(self, name, value):
        if isinstance(value, str):
            import difflib

            close = difflib.get_close_matches(value.lower(), [str(o) for o in self.options], n=1)
            if close:
                return f" Did you mean {name}={close[0]!r}?"
        return ""


class NoneValue(_Constraint):
    def accepts(self, value):
        return value is None

    def describe(self):
        return "None"


class Function(_Constraint):
    def accepts(self, value):
        return callable(value) and not isinstance(value, type)

    def describe(self):
        return "a function"


class InstanceOf(_Constraint):
    def __init__(self, cls, label):
        self.cls, self.label = cls, label

    def accepts(self, value):
        return isinstance(value, self.cls)

    def describe(self):
        return self.label


class ArrayLike(_Constraint):
    """A list, tuple or array of numbers (checked further by the estimator)."""

    def __init__(self, label="an array of numbers"):
        self.label = label

    def accepts(self, value):
        return isinstance(value, np.ndarray | list | tuple)

    def describe(self):
        return self.label


class RandomState(_Constraint):
    """``None``, an integer seed >= 0, a ``numpy.random.Generator`` or ``RandomState``."""

    def accepts(self, value):
        if value is None or isinstance(value, np.random.Generator | np.random.RandomState):
            return True
        return (isinstance(value, numbers.Integral) and not isinstance(value, bool | np.bool_)
                and value >= 0)

    def describe(self):
        return "None, an integer seed >= 0 (such as 42) or a numpy.random.Generator"

    def hint(self, name, value):
        if isinstance(value, str) and value.strip().isdigit():
            return f" Write {name}={int(value)}, without quotes."
        if isinstance(value, numbers.Real) and not isinstance(value, bool) and np.isfinite(value) \
                and float(value).is_integer() and value >= 0:
            return f" Write {name}={int(value)} (an int, not a float)."
        return ""


def check_param(value, name, constraints, *, owner=None, explain=""):
    """Raise :class:`InvalidParameterError` unless ``value`` satisfies one of ``constraints``.

    Parameters
    ----------
    value : object
    name : str
        The parameter's own name, as the student typed it in the call.
    constraints : list of constraint objects
    owner : str, optional
        The estimator or function, for the start of the message.
    explain : str, optional
        One sentence on what the parameter means, appended to the message.
    """
    if any(c.accepts(value) for c in constraints):
        return value
    hint = next((h for h in (c.hint(name, value) for c in constraints) if h), "")
    right_type = [c for c in constraints if c.type_ok(value)]
    # the right kind of value in the wrong range: say only which range
    accepts = " or ".join(c.describe() for c in (right_type or constraints))
    where = f"{owner}: " if owner else ""
    extra = f" {explain}" if explain else ""
    raise InvalidParameterError(
        f"{where}{name} must be {accepts}, got {_describe(value)}.{hint}{extra}"
    )


def validate_params(estimator):
    """Check every constructor parameter of ``estimator`` against its ``_parameter_constraints``.

    ``_parameter_constraints`` maps each parameter name to a list of constraints, or to a
    tuple ``(constraints, explanation)`` whose explanation says what the parameter means.
    Called at the start of ``fit`` (never in ``__init__``, as scikit-learn requires).
    """
    owner = type(estimator).__name__
    for name, spec in type(estimator)._parameter_constraints.items():
        constraints, explain = spec if isinstance(spec, tuple) else (spec, "")
        check_param(getattr(estimator, name), name, constraints, owner=owner, explain=explain)


def check_random_state(random_state, name="random_state"):
    """A ``numpy.random.Generator`` from a seed, a Generator or a legacy ``RandomState``."""
    check_param(random_state, name, [RandomState()])
    if isinstance(random_state, np.random.Generator):
        return random_state
    if isinstance(random_state, np.random.RandomState):
        return np.random.default_rng(random_state.randint(2**31 - 1))
    return np.random.default_rng(random_state)


# ---- magnitude guard: overflow is not collinearity, nor a learning rate ----------------------

#: Largest magnitude whose square still fits in float64, with room for a sum over samples.
_FLOAT_MAX = float(np.finfo(np.float64).max)


def _column_label(names, j):
    if names is not None and j < len(names):
        return f"column {j} ({str(names[j])!r})"
    return f"column {j}"


def check_magnitude(X, what="X", *, names=None, power=2, summed=True, context=None):
    r"""Raise a clear error when the values of X are so large that their ``power``-th powers
    (squares, by default: what least squares and every gradient sums) overflow float64.

    The limit is :math:`(\text{float64 max} / n)^{1/\text{power}}` (about 1.3e154 for
    squares of one sample), so a sum of ``n`` such terms stays finite. Called before any
    fitting, by every estimator and transformer of the course.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features) or (n_samples,)
    what : str
        "X" or "y", for the message.
    names : sequence of str, optional
        Column names for the message (e.g. ``feature_names_in_``).
    power : int, default=2
        The power the caller raises the values to (a transformer's degree).
    summed : bool, default=True
        Whether the powers are summed over the samples (a fit) or only stored (a
        transformer's output, limit :math:`\text{float64 max}^{1/\text{power}}`).
    context : str, optional
        What is computed from the values, for the message (default: their squares).
    """
    arr = np.asarray(X)
    if arr.size == 0 or arr.dtype.kind not in "fiu":
        return
    n = arr.shape[0] if arr.ndim >= 1 else 1
    with np.errstate(over="ignore"):
        limit = (_FLOAT_MAX / (max(n, 1) if summed else 1)) ** (1.0 / power)
    # the largest magnitude, without an n x d temporary (|x| would copy X): over the whole
    # array first (a fast reduction), per column only to name the culprit
    largest = float(max(arr.max(), -arr.min()))
    if not largest > limit:
        return
    if arr.ndim == 2:
        big = np.maximum(arr.max(axis=0), -arr.min(axis=0)).astype(np.float64)
    else:
        big = np.array([largest], dtype=np.float64)
    bad = np.flatnonzero(big > limit)
    if not len(bad):
        return
    j = int(bad[np.argmax(big[bad])])
    largest = float(big[j])
    label = _column_label(names, j) if arr.ndim == 2 else what
    where = f"{what} {label}" if arr.ndim == 2 else what
    context = context or (f"their squares, which least squares and every gradient sum over "
                          f"the {n} samples," if power == 2 else f"their {power}-th powers")
    more = f" ({len(bad)} columns are affected)" if len(bad) > 1 else ""
    exponent = int(np.floor(np.log10(largest)))
    raise ValueError(
        f"{where} has values as large as 1e+{exponent:02d} in magnitude{more}: {context} "
        f"would overflow float64 (largest number about 1.8e+308) and turn into inf. This is "
        f"not a collinearity or learning-rate problem: rescale the data first, e.g. express "
        f"it in other units (divide by 1e+{exponent:02d}) or standardise the features with "
        "StandardScaler."
    )


def _outside_stacklevel():
    """The ``stacklevel`` of the first frame outside course_utils: the student's own line."""
    frame, level = sys._getframe(1), 1
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE_DIR):
        frame, level = frame.f_back, level + 1
    return level


def warn_course(message, category=None):
    """Emit a warning (a :class:`CourseWarning` by default) pointing at the student's line.

    The warning names the first line outside course_utils, however deep inside the package it
    was raised, so ``warnings.filterwarnings(..., module=...)`` and the printed location both
    point at the notebook cell or script that called the course.
    """
    warnings.warn(message, category or CourseWarning, stacklevel=_outside_stacklevel())
