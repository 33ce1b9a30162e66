"""Input checks shared by every course estimator.

Students pass 1-D arrays, mismatched lengths, NaNs, strings and empty tables. Each case
gets an error that names the problem in the student's terms and says how to fix it,
raised *before* scikit-learn's own validation (which then still runs, so the estimators
keep passing scikit-learn's estimator checks).
"""

from __future__ import annotations

import numbers
import warnings

import numpy as np
from sklearn.utils.validation import validate_data

__all__ = ["CourseWarning", "check_X", "check_X_y", "check_positive_param"]


class CourseWarning(UserWarning):
    """A warning about how a course estimator is being used (e.g. a bias column twice)."""


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


def _friendly_X(X, what="X"):
    """Checks whose scikit-learn messages would puzzle a student. Returns nothing."""
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
    if arr is not None and arr.dtype.kind in "USO":
        try:
            arr.astype(float)
        except (TypeError, ValueError) as exc:
            raise type(exc)(
                f"{what} contains values that are not numbers ({exc}). Convert them with "
                "X.astype(float), or encode text categories (pd.get_dummies, OneHotEncoder)."
            ) from exc
    # The sum is finite exactly when no entry is NaN or inf (barring overflow): one cheap pass
    # over X in the common case, the element-wise count only when something is wrong.
    if (arr is not None and arr.dtype.kind in "fc" and arr.size
            and not np.isfinite(arr.sum()) and not np.isfinite(arr).all()):
        n_nan = int(np.isnan(arr).sum())
        n_inf = int(np.isinf(arr).sum())
        raise ValueError(
            f"{what} contains NaN ({n_nan} values) or inf ({n_inf} values). Remove those rows "
            "or impute them (e.g. sklearn.impute.SimpleImputer) before fitting."
        )


def _friendly_y(y, n_rows):
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
    if arr is not None and arr.dtype.kind in "USO":
        try:
            arr = arr.astype(float)
        except (TypeError, ValueError) as exc:
            raise ValueError(
                f"y contains values that are not numbers ({exc}). A regression target must be "
                "numeric: convert it with y.astype(float) or pick a numeric column."
            ) from exc
    # The sum is finite exactly when no entry is NaN or inf (barring overflow): one cheap pass
    # over X in the common case, the element-wise count only when something is wrong.
    if (arr is not None and arr.dtype.kind in "fc" and arr.size
            and not np.isfinite(arr.sum()) and not np.isfinite(arr).all()):
        raise ValueError(
            f"y contains NaN or inf ({int((~np.isfinite(arr)).sum())} values). Drop those "
            "samples from X and y together before fitting."
        )


def check_X_y(estimator, X, y, *, reset=True, **kwargs):
    """Validate training data with friendly messages, then with scikit-learn.

    Returns ``(X, y)`` as float arrays and sets ``n_features_in_`` (and
    ``feature_names_in_`` for DataFrames) on ``estimator`` when ``reset`` is true.
    """
    _friendly_X(X)
    shape = _shape_of(X)
    _friendly_y(y, shape[0] if shape is not None and len(shape) >= 1 else None)
    kwargs.setdefault("y_numeric", True)
    kwargs.setdefault("dtype", [np.float64, np.float32])
    X, y = validate_data(estimator, X, y, reset=reset, **kwargs)
    return X, y


def check_X(estimator, X, *, reset=False, **kwargs):
    """Validate X at predict/transform time (same friendly messages as :func:`check_X_y`)."""
    _friendly_X(X)
    kwargs.setdefault("dtype", [np.float64, np.float32])
    return validate_data(estimator, X, reset=reset, **kwargs)


def check_positive_param(value, name, *, strict=False, allow_none=False):
    """Raise a clear error unless ``value`` is a (strictly) positive real number."""
    if value is None and allow_none:
        return
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value):
        raise TypeError(f"{name} must be a finite number, got {value!r}.")
    if value < 0 or (strict and value == 0):
        sign = "> 0" if strict else ">= 0"
        raise ValueError(f"{name} must be {sign}, got {value!r}.")


def warn_course(message):
    """Emit a :class:`CourseWarning` pointing at the student's call site."""
    warnings.warn(message, CourseWarning, stacklevel=3)
