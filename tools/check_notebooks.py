"""Pairing guard: every lesson .py and its .ipynb must agree, and the .ipynb must be executed.

Usage: python tools/check_notebooks.py [DIR_OR_FILE ...]   (default: notebooks/ and homework/)

Fails (exit 1), naming the file and the fix, when
- a .py has no .ipynb twin or the other way round;
- the two disagree in the number, type, source, tags or slide mark of any cell;
- a code cell has no stored output (nbval would silently skip it), except homework cells
  tagged ``exercise`` or ``solution``, whose result the following check cell prints;
- execution counts are not 1..n in order (the notebook was not run top to bottom);
- a cell stored an error without the ``raises-exception`` tag;
- the kernelspec is not ``python3``.

When the two sides disagree, the message says which side was edited since they were last in
sync (tools/notebook_pairing.py compares each side with the digest `make notebooks` records,
not file times) and what `make notebooks` will do about it.

Why check instead of sync: ``jupytext --sync`` trusts modification times and silently
overwrites the older side, which on a fresh clone is arbitrary.
"""

from __future__ import annotations

import sys
from pathlib import Path

import jupytext
import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
import notebook_pairing as pairing  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DIRS = ("notebooks", "homework")
# The display name of the course kernel that `make env` installs; JupyterLab marks a notebook
# modified on open when its stored name differs.
KERNEL_DISPLAY_NAME = "Python 3 (Inside a Model)"
HEADER = """# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (Inside a Model)
#     language: python
#     name: python3
# ---"""


_tags, _source = pairing.tags, pairing.source


def _slide(cell):
    """A cell's slide mark (tools/slides.py); no mark means "-", the slideshow default."""
    return cell.get("metadata", {}).get("slideshow", {}).get("slide_type", "-")


def _rel(path):
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def check_pair(py_path, ipynb_path):
    """Return the list of problems found for one .py / .ipynb pair (empty when all is well)."""
    py_path, ipynb_path = Path(py_path), Path(ipynb_path)
    py_name, nb_name = _rel(py_path), _rel(ipynb_path)
    if not ipynb_path.exists():
        return [f"{py_name}: no executed twin {nb_name}. Fix: run `make notebooks` and commit it."]
    if not py_path.exists():
        return [f"{nb_name}: no text twin {py_name}. Fix: `jupytext --set-formats ipynb,py:percent "
                f"{nb_name}`, then commit the .py."]
    problems = []
    text_nb = jupytext.read(py_path, fmt="py:percent")
    nb = nbformat.read(ipynb_path, as_version=4)

    py_kernel = text_nb.metadata.get("kernelspec", {}).get("name")
    kernel = nb.metadata.get("kernelspec", {}).get("name")
    if py_kernel is None and kernel is None:
        problems.append(
            f"{py_name}: has no jupytext header, so neither file names the course kernel. Fix: "
            "make these the first lines of the .py (or start a lesson with `make new-lesson "
            f"NAME=NN_topic`), then run `make notebooks NB={py_name}`:\n{HEADER}")
    elif kernel != "python3":
        problems.append(f"{nb_name}: kernelspec is {kernel!r}, must be 'python3'. Fix: in "
                        "JupyterLab pick the kernel 'Python 3 (Inside a Model)' (in a text "
                        f"editor: set `name: python3` in the header of {py_name}), then run "
                        f"`make notebooks NB={py_name}`.")
    shown = nb.metadata.get("kernelspec", {}).get("display_name")
    if kernel == "python3" and shown != KERNEL_DISPLAY_NAME:
        problems.append(f"{nb_name}: kernelspec display name is {shown!r}, must be "
                        f"{KERNEL_DISPLAY_NAME!r} (the course kernel's name), or JupyterLab marks "
                        "the notebook modified as soon as it opens. Fix: the header of "
                        f"{py_name} should read\n{HEADER}\nthen run `make notebooks NB={py_name}`.")
    if py_kernel not in (None, "python3"):
        problems.append(f"{py_name}: kernelspec is {py_kernel!r} in the header, must be 'python3'."
                        f" Fix: the header should read\n{HEADER}")

    fix = None
    if pairing.digest(text_nb) != pairing.digest(nb):
        st = pairing.state(py_path, ipynb_path)[0]
        fix = pairing.describe(st, py_path, ipynb_path)

    if len(text_nb.cells) != len(nb.cells):
        problems.append(
            f"{nb_name}: has {len(nb.cells)} cells but {py_name} has {len(text_nb.cells)}. "
            f"{fix}"
        )
    for i, (tc, nc) in enumerate(zip(text_nb.cells, nb.cells, strict=False), start=1):
        where = f"{nb_name} cell {i}"
        if tc.cell_type != nc.cell_type:
            problems.append(f"{where}: is {nc.cell_type} in the .ipynb but {tc.cell_type} in "
                            f"{py_name}. {fix}")
            continue
        if _source(tc) != _source(nc):
            problems.append(f"{where}: source differs from {py_name} "
                            f"({pairing.first_difference(_source(tc), _source(nc))}). {fix}")
        if _tags(tc) != _tags(nc):
            problems.append(f"{where}: tags {_tags(nc)} differ from {py_name}'s {_tags(tc)}. "
                            f"{fix}")
        if _slide(tc) != _slide(nc):
            problems.append(f"{where}: slide mark {_slide(nc)!r} differs from {py_name}'s "
                            f"{_slide(tc)!r}. Fix: `python tools/slides.py --mark {py_name}` "
                            "(it marks both sides from the headings).")

    counts = []
    for i, cell in enumerate(nb.cells, start=1):
        if cell.cell_type != "code":
            continue
        counts.append(cell.get("execution_count"))
        if not cell.get("outputs") and not {"solution", "exercise"} & set(_tags(cell)):
            problems.append(
                f"{nb_name} cell {i}: code cell has no stored output, so nbval would not check "
                "it. Fix: make the cell print or show what it proves, then `make notebooks`."
            )
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        if errors and "raises-exception" not in _tags(cell):
            problems.append(
                f"{nb_name} cell {i}: stored an error ({errors[0].get('ename')}) but is not "
                "tagged raises-exception. Fix the cell, or tag it if the error is the lesson."
            )
    if counts != list(range(1, len(counts) + 1)):
        problems.append(
            f"{nb_name}: execution counts are {counts[:12]}{'...' if len(counts) > 12 else ''}, "
            "not 1..n: the notebook was not run top to bottom in a fresh kernel. "
            "Fix: `make notebooks`."
        )
    return problems


def find_pairs(targets):
    """Map every .py / .ipynb under ``targets`` to its (py, ipynb) pair."""
    stems = {}
    for target in targets:
        target = Path(target)
        files = [target] if target.is_file() else sorted(
            p for p in target.rglob("*") if p.suffix in (".py", ".ipynb")
            and ".ipynb_checkpoints" not in p.parts and "__pycache__" not in p.parts
        )
        for f in files:
            stem = f.with_suffix("")
            stems[stem] = (stem.with_suffix(".py"), stem.with_suffix(".ipynb"))
    return [stems[k] for k in sorted(stems)]


def main(argv=None):
    args = sys.argv[1:] if argv is None else argv
    targets = args or [ROOT / d for d in DEFAULT_DIRS if (ROOT / d).is_dir()]
    pairs = find_pairs(targets)
    if not pairs:
        print("check_notebooks: no notebooks found under " + ", ".join(map(str, targets)))
        return 1
    problems = [p for py, nb in pairs for p in check_pair(py, nb)]
    for p in problems:
        print(p)
    if problems:
        print(f"check_notebooks: {len(problems)} problem(s) in {len(pairs)} notebook pair(s).")
        return 1
    print(f"check_notebooks: {len(pairs)} notebook pair(s) agree and are executed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
