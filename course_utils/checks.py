"""Self-checks for homework notebooks, and the environment check of their first cell.

A homework cell computes an answer; the next cell calls :func:`check`, which prints one of

- ``correct``,
- ``not yet: <what is wrong, and a hint>``,
- ``not done yet`` (the placeholder ``...`` or ``raise NotImplementedError`` is still there).

:func:`check` never raises, so *Restart & Run All* always reaches the last cell. The
conditions test properties of the answer (residuals orthogonal to X, a loss that decreases,
a learning rate below the divergence bound) rather than comparing with a hidden number, so a
check does not give the answer away.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import numpy as np

__all__ = ["Expect", "expect", "diagnose", "needs", "check", "check_env", "CORRECT", "NOT_DONE",
           "NOT_YET"]

CORRECT = "correct"
NOT_DONE = "not done yet"
NOT_YET = "not yet"


@dataclass(frozen=True)
class Expect:
    """One condition of a check: ``test(answer)`` must be true, else ``hint`` is shown.

    ``on_error`` is shown instead of ``hint`` when the test raises (the student's code failed,
    so the property itself could not be looked at). A *prerequisite* condition (built with
    :func:`needs`) tests an earlier exercise's answer that this check relies on.
    """

    test: object
    hint: str
    on_error: str | None = None
    prerequisite: bool = False


@dataclass(frozen=True)
class Diagnose:
    """A condition that recognises a known mistake: ``find(answer)`` returns a hint or None."""

    find: object
    hint: str = "a known mistake"


def _error_tip(exc):
    """A plain-words reading of an error raised while the student's code ran, or None."""
    text = str(exc)
    name = type(exc).__name__
    if isinstance(exc, ValueError) and "read-only" in text:
        return ("your code writes into one of its input arrays (in place): work on a copy "
                "(e.g. w = w.copy()) and leave the caller's arrays unchanged")
    if isinstance(exc, ValueError) and ("matmul" in text or "not aligned" in text):
        return ("the shapes in a matrix product @ do not fit: print the shapes of both sides; "
                "(n, d) @ (d,) gives one value per row, X.T @ r one value per column")
    if isinstance(exc, ValueError) and "broadcast" in text:
        return "two arrays of different shapes were combined: print their shapes"
    if isinstance(exc, NameError):
        return ("a name is not defined: run the cells above (Kernel > Restart Kernel and Run "
                "All Cells) or check its spelling")
    if name == "LinAlgError":
        return "the linear system could not be solved (is the matrix singular?)"
    if name == "NotFittedError":
        return "the model is not fitted yet: call .fit(...) on it"
    return None


def diagnose(find):
    """Build a condition that names a recognised mistake (see :class:`Diagnose`).

    ``find(answer)`` returns a hint naming the mistake when it recognises one (e.g. the answer
    is exactly twice the right one), and None (or "") otherwise. Put it before the condition
    that tests the property in general. If ``find`` raises, the diagnosis is skipped and the
    following conditions report the error.
    """
    if not callable(find):
        raise TypeError(f"diagnose(find): find must be a function of the answer, got {find!r}.")
    return Diagnose(find)


def needs(test, hint):
    """Build a condition on an earlier exercise's answer that this check relies on.

    When it fails, the check says ``not yet: <hint>`` (name the earlier exercise in it), unless
    the answer itself is still unfinished, which stays ``not done yet``.
    """
    cond = expect(test, hint)
    return Expect(cond.test, cond.hint, prerequisite=True)


def expect(test, hint, on_error=None):
    """Build a condition for :func:`check`.

    Parameters
    ----------
    test : callable
        Called with the student's answer; must return something truthy when the answer has the
        property. It may raise: the error is reported to the student with the hint.
    hint : str
        What is wrong and how to fix it, in the student's terms. Shown when ``test`` fails.
    on_error : str, optional
        Shown instead of ``hint`` when ``test`` raises, with the error (e.g. "X @ r does not fit:
        the gradient needs X.T @ r"). Without it a known error is explained in plain words,
        else the hint is shown with the error.

    Raises
    ------
    TypeError
        An authoring error: ``test`` is not a function (or the two arguments are swapped),
        or ``hint`` is not a non-empty string.
    """
    if isinstance(test, str) and callable(hint):
        raise TypeError(
            "expect(test, hint): the arguments are swapped, the function comes first: "
            f"expect(lambda answer: ..., {test!r})."
        )
    if not callable(test):
        raise TypeError(
            f"expect(test, hint): test must be a function of the answer, got {test!r}. Write "
            "e.g. expect(lambda a: abs(a - 2) < 1e-8, 'the answer should be 2')."
        )
    if not isinstance(hint, str) or not hint.strip():
        raise TypeError(
            "expect(test, hint): hint must be a non-empty string telling the student what is "
            f"wrong and how to fix it, got {hint!r}."
        )
    if on_error is not None and (not isinstance(on_error, str) or not on_error.strip()):
        raise TypeError(
            f"expect(test, hint, on_error): on_error must be a string, got {on_error!r}.")
    return Expect(test, str(hint), on_error)


def _is_placeholder(answer):
    if answer is Ellipsis:
        return True
    if isinstance(answer, tuple | list) and any(a is Ellipsis for a in answer):
        return True
    return False


def _is_empty(value):
    """True for an answer or test result with no elements (an empty array, list, frame...)."""
    if isinstance(value, str | bytes | dict):
        return len(value) == 0
    size = getattr(value, "size", None)
    if isinstance(size, int | np.integer) and hasattr(value, "shape"):
        return size == 0
    if isinstance(value, list | tuple | set):
        return len(value) == 0 or all(_is_empty(v) for v in value)
    return False


def _condition(cond, position):
    """An :class:`Expect` from a condition argument; an authoring mistake raises TypeError."""
    if isinstance(cond, Expect | Diagnose):
        return cond
    if callable(cond) and not isinstance(cond, type):
        name = getattr(cond, "__name__", "")
        label = f" ({name})" if name and name != "<lambda>" else ""
        return Expect(cond, f"the answer does not have the property this check tests{label}")
    raise TypeError(
        f"check(exercise, answer, *conditions): argument {position} is {cond!r}, not a "
        "condition. Conditions are expect(test, hint) or plain functions of the answer, and "
        "come after the answer: check('Exercise 1', answer, expect(lambda a: ..., 'hint'))."
    )


def _check_arguments(exercise, answer, conditions):
    """Authoring errors of a check cell (they raise: the homework itself is wrong)."""
    if isinstance(answer, Expect) or isinstance(exercise, Expect):
        raise TypeError(
            "check(exercise, answer, *conditions): a condition was passed where the "
            f"{'exercise name' if isinstance(exercise, Expect) else 'answer'} goes; the order "
            "is check('Exercise 1', answer, expect(test, hint), ...)."
        )
    if not isinstance(exercise, str):
        swapped = " (are the name and the answer swapped?)" if isinstance(answer, str) else ""
        raise TypeError(
            f"check(exercise, answer, *conditions): exercise must be the exercise's name, a "
            f"string such as 'Exercise 1', got {exercise!r}{swapped}."
        )
    if not conditions:
        raise TypeError(
            f"check({exercise!r}, answer) has no condition, so it has nothing to test and could "
            "only ever say 'correct'. Pass at least one, e.g. "
            f"check({exercise!r}, answer, expect(lambda a: ..., 'what to fix'))."
        )
    return [_condition(c, i + 3) for i, c in enumerate(conditions)]


def _short(exc, limit=200):
    """The first line of an error message, shortened."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _unmet(answer, rest, hint):
    """An unmet prerequisite: "not done yet" if the answer itself is unfinished, else the hint."""
    for cond in rest:
        call = cond.find if isinstance(cond, Diagnose) else cond.test
        try:
            call(answer)
        except NotImplementedError:
            return NOT_DONE, "write your code where it says raise NotImplementedError"
        except Exception:  # noqa: S112 -- only looking for an unfinished answer
            continue
    return NOT_YET, hint


def verdict(answer, *conditions):
    """Return ``(status, message)`` for an answer, without printing.

    Never raises for a student's answer; a condition that is not a condition (an authoring
    error) raises TypeError. An empty answer, or a test that finds nothing to test (an empty
    array of element-wise results), is "not yet", never vacuously correct.
    """
    conditions = [_condition(c, i + 3) for i, c in enumerate(conditions)]
    if _is_placeholder(answer):
        return NOT_DONE, "replace the ... with your answer, then run the cell again"
    if _is_empty(answer):
        return NOT_YET, ("your answer is empty (it has no elements): check the code that "
                         "computes it, e.g. a filter that kept no rows")
    for i, cond in enumerate(conditions):
        judge = _diagnosis_verdict if isinstance(cond, Diagnose) else _test_verdict
        result = judge(answer, cond, conditions[i + 1:])
        if result is not None:
            return result
    return CORRECT, ""


def _diagnosis_verdict(answer, cond, rest):
    """A :class:`Diagnose` condition: "not yet" with its finding, or None to go on."""
    try:
        found = cond.find(answer)
    except NotImplementedError:
        return NOT_DONE, "write your code where it says raise NotImplementedError"
    except Exception:  # noqa: BLE001 -- the following conditions report the error
        return None
    return (NOT_YET, str(found)) if found else None


def _run_test(answer, cond):
    """``(ok, empty)`` of an :class:`Expect` condition's test (its exceptions propagate)."""
    ok = cond.test(answer)
    if ok is None:
        raise TypeError(
            "a check's test returned None: it must return True or False (did the "
            "function forget its return?)."
        )
    empty = _is_empty(ok)
    return bool(np.all(ok)) and not empty, empty


def _test_verdict(answer, cond, rest):
    """An :class:`Expect` condition: ``(status, message)`` when it fails, None when it holds.

    ``rest`` are the conditions after it, consulted when a prerequisite fails.
    """
    try:
        ok, empty = _run_test(answer, cond)
    except NotImplementedError:
        if cond.prerequisite:
            return _unmet(answer, rest, cond.hint + " (it is not done yet)")
        return NOT_DONE, "write your code where it says raise NotImplementedError"
    except Exception as exc:  # the student's code failed: say how, and hint
        if isinstance(exc, TypeError) and "a check's test returned None" in str(exc):
            raise
        if cond.prerequisite:
            return _unmet(answer, rest, cond.hint)
        tip = cond.on_error or _error_tip(exc) or cond.hint
        return NOT_YET, f"{tip} (checking it raised {type(exc).__name__}: {_short(exc)})"
    if cond.prerequisite and (empty or not ok):
        return _unmet(answer, rest, cond.hint)
    if empty:
        return NOT_YET, f"{cond.hint} (the check found nothing to test: the result is empty)"
    if not ok:
        return NOT_YET, cond.hint
    return None


def check(exercise, answer, *conditions):
    """Print whether ``answer`` satisfies every condition; never raises for a wrong answer.

    Parameters
    ----------
    exercise : str
        Name shown in the verdict, e.g. ``"Exercise 1 (normal equation)"``.
    answer : object
        The student's answer: a value, or a function they wrote. ``...`` means "not done".
        An empty answer is never correct.
    *conditions : Expect or callable
        Built with :func:`expect` (or plain functions of the answer, reported with a generic
        hint); checked in order, the first failure is reported. At least one is required.

    Raises
    ------
    TypeError
        Only for an authoring error of the check cell itself: no condition, arguments in the
        wrong order, something that is not a condition.

    Examples
    --------
    >>> check("Exercise 0", 4, expect(lambda a: a % 2 == 0, "the answer must be even"))
    Exercise 0: correct
    >>> check("Exercise 0", ..., expect(lambda a: a % 2 == 0, "the answer must be even"))
    Exercise 0: not done yet (replace the ... with your answer, then run the cell again)
    """
    conditions = _check_arguments(exercise, answer, conditions)
    try:
        status, message = verdict(answer, *conditions)
    except TypeError:
        raise
    except Exception as exc:  # pragma: no cover - verdict already catches; belt and braces
        status, message = NOT_YET, f"the check itself failed ({type(exc).__name__}: {exc})"
    if status == CORRECT:
        print(f"{exercise}: {CORRECT}")
    elif status == NOT_DONE:
        print(f"{exercise}: {NOT_DONE} ({message})")
    else:
        print(f"{exercise}: {NOT_YET}: {message}")


# ---- environment check ---------------------------------------------------------------------

_PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s;#]+)")


def _canonical(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def read_lock(path):
    """``{canonical package name: version}`` from a requirements.lock file."""
    pins = {}
    for line in Path(path).read_text().splitlines():
        m = _PIN.match(line.strip())
        if m:
            pins[_canonical(m.group(1))] = m.group(2)
    return pins


# Packages whose version changes the numbers or figures a lesson stores; any other pin that
# differs (a newer certifi, babel, ...) is only mentioned.
NUMERIC_PACKAGES = ("numpy", "scipy", "pandas", "scikit-learn", "matplotlib")
_LOCK_PYTHON = re.compile(r"^#\s*python\s*:?\s*(\d+)\.(\d+)", re.IGNORECASE)


def _locked_python(lock_path):
    """The Python minor version the lock was made with (its ``# python: X.Y`` line), or None."""
    for line in Path(lock_path).read_text().splitlines():
        m = _LOCK_PYTHON.match(line.strip())
        if m:
            return int(m.group(1)), int(m.group(2))
    return None


def environment_report(lock_path=None, prefix=None):
    """Compare the running kernel with the course environment.

    Returns
    -------
    problems : list of str
        Differences that can change the numbers or figures: a Python older than 3.11 or of
        another minor version than the lock's, a kernel outside the course's ``.venv``, and
        a missing package or another version of one of ``NUMERIC_PACKAGES``.
    notes : list of str
        Other pinned packages that are missing or at another version (tools, not numbers).
    """
    root = Path(__file__).resolve().parents[1]
    lock_path = Path(lock_path) if lock_path else root / "requirements.lock"
    prefix = Path(prefix or sys.prefix)
    problems, notes = [], []
    if sys.version_info < (3, 11):  # noqa: UP036 -- a student kernel may be older
        problems.append(f"Python {sys.version.split()[0]} is too old: the course needs 3.11+.")
    if prefix.name != ".venv":
        problems.append(
            f"this kernel runs Python from {prefix}, not the course's .venv. In JupyterLab pick "
            "the kernel 'Python 3 (Inside a Model)', or start the course with `make lab`."
        )
    if not lock_path.exists():
        problems.append(f"requirements.lock not found at {lock_path}: is course_utils installed "
                        "from the course folder (make lab does this)?")
        return problems, notes
    locked_python = _locked_python(lock_path)
    if locked_python and sys.version_info[:2] != locked_python:
        problems.append(f"this kernel runs Python {sys.version_info[0]}.{sys.version_info[1]}, "
                        f"the course's outputs were made with Python {locked_python[0]}."
                        f"{locked_python[1]}.")
    for name, wanted in sorted(read_lock(lock_path).items()):
        numeric = name in NUMERIC_PACKAGES
        try:
            have = metadata.version(name)
        except metadata.PackageNotFoundError:
            (problems if numeric else notes).append(
                f"{name} is not installed (the course pins {wanted}).")
            continue
        if have != wanted:
            (problems if numeric else notes).append(
                f"{name} {have} is installed but the course pins {wanted}.")
    return problems, notes


def environment_problems(lock_path=None, prefix=None):
    """The differences that can change numbers or figures (see :func:`environment_report`)."""
    return environment_report(lock_path, prefix)[0]


def check_env(lock_path=None):
    """Tell the student, in plain words, whether this kernel is the course environment.

    Prints one line when all is well. A *problem* is a difference that can change what the
    lessons compute or draw (the Python minor version, the kernel, numpy, scipy, pandas,
    scikit-learn, matplotlib): each is listed with the fix. Other packages at another
    version are only *noted*. Never raises.
    """
    try:
        problems, notes = environment_report(lock_path)
    except Exception as exc:  # pragma: no cover - reading the lock should not fail
        problems, notes = [f"the environment check failed ({type(exc).__name__}: {exc})"], []
    if not problems:
        print("Environment OK: the course kernel, with the pinned numpy, scipy, pandas, "
              "scikit-learn and matplotlib.")
        if notes:
            shown = "; ".join(notes[:3]) + ("; ..." if len(notes) > 3 else "")
            print(f"Note: {len(notes)} other package(s) differ from requirements.lock ({shown}). "
                  "They do not change numbers or figures.")
        return
    print("Environment problem: numbers and figures may differ from the course's.")
    for p in problems[:15]:
        print(f"  - {p}")
    if len(problems) > 15:
        print(f"  ... and {len(problems) - 15} more.")
    if notes:
        print(f"  (and {len(notes)} other package(s) differ, which do not change numbers)")
    print("Fix: from the course folder run `make lab` (it rebuilds .venv from requirements.lock) "
          "and choose the kernel 'Python 3 (Inside a Model)'.")
