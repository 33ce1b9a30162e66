"""Helpers for homework check cells: recognise the mistakes students really make.

A check tests the property an exercise teaches; these helpers let it also *name* a common
mistake when it sees one (the answer is exactly twice the right one, a forbidden function was
called, an input array was changed in place, a model was fitted outside its pipeline), so the
hint says what went wrong rather than restating the definition.

Everything here returns plain values and never raises for a student's answer that is merely
wrong: a failed comparison is ``False``.
"""

from __future__ import annotations

import types

import numpy as np

__all__ = ["readonly", "same", "match", "names_used", "fitted_outside", "unfitted_steps"]


def readonly(*arrays):
    """Copies of the arrays that cannot be written to, so in-place mutation raises.

    Returns one array for one argument, else a tuple. A student's function that changes its
    input (``w[j] = ...``, ``X -= X.mean(axis=0)``) raises ``ValueError: assignment destination
    is read-only``, which :func:`course_utils.checks.check` explains in plain words.
    """
    out = []
    for a in arrays:
        c = np.array(a, copy=True)
        c.setflags(write=False)
        out.append(c)
    return out[0] if len(out) == 1 else tuple(out)


def same(value, reference, rtol=1e-6, atol=1e-9):
    """True when ``value`` has the shape of ``reference`` and equals it to the tolerance."""
    try:
        v = np.asarray(value, dtype=float)
        r = np.asarray(reference, dtype=float)
    except (TypeError, ValueError):
        return False
    if v.shape != r.shape:
        return False
    return bool(np.all(np.isfinite(v)) and np.allclose(v, r, rtol=rtol, atol=atol))


def match(value, candidates, rtol=1e-6, atol=1e-9):
    """The hint of the first ``(wrong_value, hint)`` pair that ``value`` equals, else None.

    Use with :func:`course_utils.checks.diagnose`::

        diagnose(lambda f: match(f(y, p), [(right / 2, "this is half the MSE ..."),
                                           (np.sqrt(right), "this is the RMSE ...")]))
    """
    for wrong, hint in candidates:
        if same(value, wrong, rtol=rtol, atol=atol):
            return hint
    return None


def _code_names(code, seen):
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType) and const not in seen:
            seen.add(const)
            names |= _code_names(const, seen)
    return names


def names_used(func):
    """The global and attribute names a function's code refers to (nested functions too).

    ``np.linalg.inv(A)`` refers to ``np``, ``linalg`` and ``inv``, however the student wrote
    the rest, so a check can tell whether a forbidden function was called without reading the
    source text.
    """
    code = getattr(func, "__code__", None)
    if code is None:
        return set()
    return _code_names(code, {code})


def _is_fitted(est):
    from sklearn.exceptions import NotFittedError
    from sklearn.utils.validation import check_is_fitted

    try:
        check_is_fitted(est)
    except NotFittedError:
        return False
    except TypeError:  # not an estimator
        return False
    return True


def _steps(model):
    """Every estimator inside a pipeline / column transformer, depth first, with its name."""
    out = []
    for name, step in getattr(model, "steps", []):
        out.append((name, step))
        out.extend(_steps(step))
    for item in getattr(model, "transformers", []) or []:
        name, step = item[0], item[1]
        if hasattr(step, "get_params"):
            out.append((name, step))
            out.extend(_steps(step))
    return out


def unfitted_steps(model):
    """Names of the steps of ``model`` that are already fitted (should be none before .fit).

    Stateless steps (a ``FunctionTransformer``) count as unfitted.
    """
    from sklearn.preprocessing import FunctionTransformer

    fitted = []
    for name, step in _steps(model):
        if isinstance(step, FunctionTransformer) or hasattr(step, "steps"):
            continue
        if hasattr(step, "transformers"):
            if hasattr(step, "transformers_"):
                fitted.append(name)
            continue
        if _is_fitted(step):
            fitted.append(name)
    return fitted


def _referenced_objects(func, depth, seen):
    """Objects a Python function reaches through its globals and closure, a few calls deep."""
    if depth < 0 or not isinstance(func, types.FunctionType) or id(func) in seen:
        return []
    seen.add(id(func))
    found = []
    glob = func.__globals__
    for name in names_used(func):
        if name in glob:
            found.append((name, glob[name]))
    for name, cell in zip(func.__code__.co_freevars, func.__closure__ or (), strict=False):
        try:
            found.append((name, cell.cell_contents))
        except ValueError:  # an empty cell
            continue
    more = []
    for _, obj in found:
        more.extend(_referenced_objects(obj, depth - 1, seen))
    return found + more


def fitted_outside(model):
    """Names of already-fitted estimators that the functions inside ``model`` use.

    A ``FunctionTransformer(f)`` whose ``f`` calls ``scaler.transform`` of a scaler fitted on
    all rows leaks the validation rows into every fit: the scaler should be a pipeline step.
    Methods of fitted estimators (``scaler.transform`` passed as the function) count too.
    """
    from sklearn.base import BaseEstimator
    from sklearn.preprocessing import FunctionTransformer

    names = []
    for _, step in _steps(model) + [("model", model)]:
        if not isinstance(step, FunctionTransformer):
            continue
        for func in (step.func, step.inverse_func):
            if func is None:
                continue
            owner = getattr(func, "__self__", None)
            if isinstance(owner, BaseEstimator) and _is_fitted(owner):
                names.append(type(owner).__name__)
            for name, obj in _referenced_objects(func, 2, set()):
                if isinstance(obj, BaseEstimator) and _is_fitted(obj):
                    names.append(name)
    return sorted(set(names))
