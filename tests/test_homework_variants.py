"""Homework checks against the answers students really write.

Each file ``tests/homework_variants/<homework>.toml`` holds answers to that homework, as data:

    [[variant]]
    exercise = "Exercise 2"           # the check's name, up to its parenthesis
    name = "explicit inverse"         # what the variant is
    verdict = "not yet"               # or "correct" (a valid answer written differently)
    hint = "inverse"                  # a fragment the hint must contain (not yet only)
    source = '''
    def normal_equation(X, y):
        return np.linalg.inv(X.T @ X) @ X.T @ y
    '''

The test runs the solution notebook's code once, then for each variant runs ``source`` in a
copy of that namespace (in place of the exercise's solution) and the exercise's check cell,
and compares the verdict printed for that exercise. An instructor adds a mistake they met
by appending a ``[[variant]]``.
"""

from __future__ import annotations

import contextlib
import io
import re
import textwrap
import tomllib
import types
from pathlib import Path

import jupytext
import matplotlib
import pytest

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = ROOT / "homework" / "solutions"
VARIANTS = Path(__file__).resolve().parent / "homework_variants"

_BASE = {}


def _code_cells(homework):
    nb = jupytext.read(SOLUTIONS / f"{homework}.py")
    return [c.source for c in nb.cells if c.cell_type == "code"]


def _check_cell(cells, exercise):
    pattern = re.compile(r"check\(\s*\"" + re.escape(exercise) + r"[ (\"]")
    found = [c for c in cells if pattern.search(c)]
    assert found, f"no check cell for {exercise!r}"
    return found[0]


def _run(source, ns, label):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(source, label, "exec"), ns)  # noqa: S102 -- the course's own notebooks
    return out.getvalue()


def _base_namespace(homework):
    if homework not in _BASE:
        ns = {"__name__": "__main__"}
        for i, cell in enumerate(_code_cells(homework)):
            _run(cell, ns, f"<{homework} cell {i}>")
        import matplotlib.pyplot as plt

        plt.close("all")
        _BASE[homework] = ns
    return _BASE[homework]


def _copy_namespace(base):
    """A copy of the namespace whose functions look up their globals in the copy."""
    ns = dict(base)
    for name, value in base.items():
        if isinstance(value, types.FunctionType) and value.__globals__ is base:
            new = types.FunctionType(value.__code__, ns, value.__name__, value.__defaults__,
                                     value.__closure__)
            new.__kwdefaults__ = value.__kwdefaults__
            new.__dict__.update(value.__dict__)
            ns[name] = new
    return ns


def _variants():
    params = []
    for path in sorted(VARIANTS.glob("*.toml")):
        data = tomllib.loads(path.read_text())
        for v in data["variant"]:
            assert v["verdict"] in ("correct", "not yet"), f"{path.name}: {v}"
            assert v["verdict"] == "correct" or v.get("hint"), f"{path.name}: {v} needs a hint"
            params.append(pytest.param(path.stem, v, id=f"{path.stem}-{v['exercise']}-{v['name']}"))
    return params


def verdict_of(homework, variant):
    """Run a variant and return (verdict, hint) printed for its exercise."""
    base = _base_namespace(homework)
    ns = _copy_namespace(base)
    cells = _code_cells(homework)
    _run(textwrap.dedent(variant["source"]), ns, f"<variant {variant['name']}>")
    printed = _run(_check_cell(cells, variant["exercise"]), ns, f"<{homework} check>")
    for line in printed.splitlines():
        m = re.match(re.escape(variant["exercise"])
                     + r"(?: \(.*?\))?: (correct|not yet|not done yet)(?:: |\s*)(.*)$", line)
        if m:
            return m.group(1), m.group(2)
    raise AssertionError(f"no verdict for {variant['exercise']!r} in:\n{printed}")


@pytest.mark.parametrize("homework, variant", _variants())
def test_variant_gets_its_verdict(homework, variant):
    status, hint = verdict_of(homework, variant)
    assert status == variant["verdict"], f"{variant['name']}: {status}: {hint}"
    if status == "not yet":
        assert variant["hint"].lower() in hint.lower(), f"{variant['name']}: hint was {hint!r}"


def test_every_exercise_has_two_wrong_variants_and_one_right_one():
    table = {}
    for path in sorted(VARIANTS.glob("*.toml")):
        for v in tomllib.loads(path.read_text())["variant"]:
            table.setdefault((path.stem, v["exercise"]), []).append(v["verdict"])
    for src in sorted(SOLUTIONS.glob("*.py")):
        names = re.findall(r"check\(\s*\"(Exercise \w+)", src.read_text())
        assert names, src.name
        for name in names:
            verdicts = table.get((src.stem, name), [])
            assert verdicts.count("not yet") >= 2, f"{src.stem} {name}: needs 2 wrong variants"
            assert verdicts.count("correct") >= 1, f"{src.stem} {name}: needs 1 right variant"
