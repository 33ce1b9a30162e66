"""Course-wide pytest set-up, loaded for `make unit` (tests/) and `make nbval` (the notebooks).

- Hypothesis: under CI (``CI`` set, as CI services do) property tests run derandomised and
  without the example database, so a red is the same red on every run and every machine;
  locally they explore new random cases and replay saved failures from ``.hypothesis/``
  (``make clean`` removes it). ``HYPOTHESIS_PROFILE=ci`` selects the CI behaviour locally.
- nbval: a notebook cell that fails is reported in plain words: the notebook, the cell as the
  pairing guard numbers it (every cell from 1) and as JupyterLab shows it (``[5]``), the
  stored and the fresh output labelled, the first differing line in full, and what to run.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent

try:
    from hypothesis import settings
except ImportError:  # pragma: no cover - hypothesis is part of the course environment
    settings = None

if settings is not None:
    settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
    settings.register_profile("dev", print_blob=True)
    _ci = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if _ci else "dev"))


# ---- nbval failures in plain words --------------------------------------------------------

def _rel(path):
    try:
        return Path(path).resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


def _text(value):
    return "".join(value) if isinstance(value, list) else value


def regenerate_hint(notebook):
    """The command that re-executes ``notebook`` (a path relative to the course root)."""
    path = Path(notebook)
    if path.parts[:1] == ("homework",):
        return f"`make homework HW={path.stem.split('_')[0]}`"
    return f"`make notebooks NB={path.with_suffix('.py').as_posix()}`"


def _flatten(outputs, sanitize, skip):
    """Outputs as nbval compares them: {field: [values]}, fields like 'stdout' or 'image/png'."""
    flat = {}
    for out in outputs:
        kind = out.get("output_type")
        if kind == "stream":
            flat.setdefault(out.get("name", "stdout"), []).append(sanitize(_text(out["text"])))
            continue
        for key, value in out.items():
            if key in skip or key == "output_type":
                continue
            if key == "data":
                for mime, data in value.items():
                    if mime not in skip:
                        flat.setdefault(mime, []).append(sanitize(_text(data)))
            else:
                flat.setdefault(key, []).append(sanitize(_text(value)))
    return flat


def _first_line_difference(stored, fresh):
    a, b = stored.splitlines(), fresh.splitlines()
    for i, (x, y) in enumerate(zip(a, b, strict=False), start=1):
        if x != y:
            return i, x, y
    i = min(len(a), len(b)) + 1
    return i, (a[i - 1] if len(a) >= i else "(no such line)"), (
        b[i - 1] if len(b) >= i else "(no such line)")


def describe_mismatch(stored_outputs, fresh_outputs, sanitize=lambda s: s, skip=()):
    """Lines saying in words where the stored and the fresh outputs of one cell first differ."""
    stored = _flatten(stored_outputs, sanitize, skip)
    fresh = _flatten(fresh_outputs, sanitize, skip)
    label = {"stdout": "printed text", "stderr": "warnings / stderr text",
             "text/plain": "displayed value", "image/png": "figure", "text/html": "HTML table"}
    for field in list(stored) + [f for f in fresh if f not in stored]:
        name = label.get(field, repr(field))
        s_values, f_values = stored.get(field, []), fresh.get(field, [])
        if not f_values:
            return [f"The stored output has a {name}; the fresh run produced none.",
                    f"  stored: {s_values[0].splitlines()[0] if s_values[0] else ''}"]
        if not s_values:
            return [f"The fresh run produced a {name}; the stored output has none.",
                    f"  fresh:  {f_values[0].splitlines()[0] if f_values[0] else ''}"]
        if len(s_values) != len(f_values):
            return [f"The stored output has {len(s_values)} {name}(s), the fresh run "
                    f"{len(f_values)}."]
        for k, (s, f) in enumerate(zip(s_values, f_values, strict=True), start=1):
            if s == f:
                continue
            nth = f" (the {k}th)" if len(s_values) > 1 else ""
            if field.startswith("image/"):
                return [f"The {name}{nth} differs from the stored one (compare them with "
                        "`.venv/bin/python tools/extract_figures.py NOTEBOOK`)."]
            line, s_line, f_line = _first_line_difference(s, f)
            return [f"The {name}{nth} differs, first at line {line}:",
                    f"  stored: {s_line}",
                    f"  fresh:  {f_line}"]
    return ["The outputs differ (in a field nbval compares but this report does not name)."]


def explain_failure(item, exc):
    """The plain-words report for a failed nbval cell."""
    notebook = _rel(item.path)
    cells = item.parent.nb.cells
    position = next((i for i, c in enumerate(cells, start=1) if c is item.cell), None)
    prompt = item.cell.get("execution_count") or item.cell_num + 1
    numbering = (f"(cell {position} counting every cell from 1, as the pairing guard does; "
                 f"JupyterLab shows it as [{prompt}]; nbval calls it 'Cell {item.cell_num}')")
    source = item.cell.source.splitlines()
    preview = "\n".join("    " + line for line in source[:4]) + ("\n    ..." if source[4:] else "")
    hint = regenerate_hint(notebook)
    message = str(exc)
    lines = ["", numbering, "", preview, ""]
    if message == "Cell outputs differ":
        headline = "the fresh output differs from the stored one"
        lines += describe_mismatch(item.cell.get("outputs", []), item.test_outputs or [],
                                   item.sanitize, getattr(item.parent, "skip_compare", ()))
        lines += ["", f"If this change is intended: {hint} and commit both files "
                      f"({Path(notebook).stem}.py and .ipynb). If not, something this cell "
                      "uses (course_utils, data, an earlier cell) changed what it computes."]
    elif message.startswith("Cell execution caused an exception"):
        errors = [o for o in (item.test_outputs or []) if o.get("output_type") == "error"]
        what = f"{errors[0]['ename']}: {errors[0]['evalue']}" if errors else "an error"
        headline = f"raised {errors[0]['ename'] if errors else 'an error'}"
        lines += [f"The cell raised {what} when run fresh (the stored output has no error).",
                  "", "Traceback:", exc.inner_traceback or "", "",
                  "If the error is what the cell is meant to show, tag the cell "
                  "(# %% tags=[\"raises-exception\"]); otherwise fix it. Then "
                  f"{hint} and commit both files."]
    else:
        headline = message
        lines += [message, exc.inner_traceback or "", "", f"Then {hint} and commit both files."]
    return f"{notebook} cell {position} ([{prompt}] in JupyterLab): {headline}" + "\n".join(lines)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when != "call" or not report.failed or call.excinfo is None:
        return
    try:
        from nbval.plugin import IPyNbCell, NbCellError
    except ImportError:  # pragma: no cover
        return
    if isinstance(item, IPyNbCell) and isinstance(call.excinfo.value, NbCellError):
        try:
            report.longrepr = explain_failure(item, call.excinfo.value)
        except Exception:  # never hide nbval's own report behind a bug in this one
            pass
