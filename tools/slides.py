"""Lessons as slides: mark slide boundaries from the headings, export reveal.js decks.

Usage:
    python tools/slides.py --mark [LESSON ...]    set the slide marks (default: every lesson)
    python tools/slides.py --check [LESSON ...]   exit 1 naming each cell marked otherwise
    python tools/slides.py [--out build/slides]   `make slides`: one HTML deck per lesson

The marks are the cell metadata ``slideshow: {slide_type: ...}`` that RISE, JupyterLab and
nbconvert read; jupytext keeps them in the lesson .py (notebooks/jupytext.toml lets
``slideshow`` through). They follow from the headings alone, so ``--mark`` can be re-run after
a lesson changes and gives the same marks twice:

- the title cell (``#``) and every ``##`` section open a new slide;
- a ``###`` subsection opens a subslide (reveal.js: downwards);
- every other cell continues the slide it is on (``-``, written as no mark: the default);
- from the final ``## Going further`` heading on, every cell is skipped: not part of a class.

``--mark`` writes both sides of each pair (the .py and the .ipynb, which keeps its outputs), so
no re-execution is needed. The decks carry their own reveal.js (the copy shipped inside the
sphinx-revealjs package) and MathJax (sphinx-mathjax-offline's): they run with no network.
"""

from __future__ import annotations

import argparse
import copy
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
import notebook_pairing as pairing  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
LESSONS = ROOT / "notebooks"
OUT = ROOT / "build" / "slides"
GOING_FURTHER = "## Going further"


def _first_line(cell):
    lines = [ln for ln in cell.source.splitlines() if ln.strip()]
    return lines[0].strip() if lines else ""


def slide_types(cells):
    """The slide type of each cell, from the headings (see the module docstring)."""
    types, skipping = [], False
    for i, cell in enumerate(cells):
        head = _first_line(cell) if cell.cell_type == "markdown" else ""
        if head.startswith(GOING_FURTHER):
            skipping = True
        if skipping:
            types.append("skip")
        elif i == 0 or head.startswith(("# ", "## ")):
            types.append("slide")
        elif head.startswith("### "):
            types.append("subslide")
        else:
            types.append("-")
    return types


def stored_type(cell):
    return cell.get("metadata", {}).get("slideshow", {}).get("slide_type", "-")


def _set(cell, slide_type):
    if slide_type == "-":
        cell.metadata.pop("slideshow", None)
    else:
        cell.metadata["slideshow"] = {"slide_type": slide_type}
    # Keys in the order the .ipynb stores them (sorted), so that writing the .py from either
    # side gives the same header line: slideshow=... before tags=....
    ordered = dict(sorted(cell.metadata.items()))
    cell.metadata.clear()
    cell.metadata.update(ordered)


def mismatches(nb):
    """(cell number, stored type, expected type) of every cell marked otherwise."""
    expected = slide_types(nb.cells)
    return [(i + 1, stored_type(c), t) for i, (c, t) in enumerate(zip(nb.cells, expected,
                                                                      strict=True))
            if stored_type(c) != t]


def mark(py):
    """Mark one lesson pair in place; return the number of cells whose mark changed."""
    py = Path(py).with_suffix(".py")
    ipynb = py.with_suffix(".ipynb")
    text_nb, nb = pairing.read_py(py), pairing.read_ipynb(ipynb)
    if pairing.digest(text_nb) != pairing.digest(nb):
        raise SystemExit(f"slides: {pairing.rel(py)} and its .ipynb disagree; run `make "
                         f"notebooks NB={pairing.rel(py)}` first, then mark again.")
    changed = len(mismatches(text_nb)) + len(mismatches(nb))
    for doc in (text_nb, nb):
        for cell, slide_type in zip(doc.cells, slide_types(doc.cells), strict=True):
            _set(cell, slide_type)
    # JupyterLab saves the .py through the filter stored in the .ipynb: it must keep the marks.
    nb.metadata["jupytext"] = {**nb.metadata.get("jupytext", {}), **pairing._jupytext_metadata()}
    pairing.write_py(text_nb, py)
    nbformat.write(nb, ipynb)
    return changed


def lessons(paths):
    return [Path(p).resolve().with_suffix(".py") for p in paths] or sorted(LESSONS.glob("*.py"))


def check(paths):
    problems = []
    for py in lessons(paths):
        for side, doc in (("py", pairing.read_py(py)),
                          ("ipynb", pairing.read_ipynb(py.with_suffix(".ipynb")))):
            for number, stored, expected in mismatches(doc):
                problems.append(f"{pairing.rel(py.with_suffix('.' + side))} cell {number}: "
                                f"slide type {stored!r}, expected {expected!r}")
    for p in problems:
        print(p)
    if problems:
        print(f"slides: {len(problems)} cell(s) marked otherwise than their headings say. "
              "Fix: `python tools/slides.py --mark`.")
    return 1 if problems else 0


# ---- export ---------------------------------------------------------------------------------

def package_dir(module):
    import importlib.util

    spec = importlib.util.find_spec(module)  # sphinx-mathjax-offline's name has dashes
    return Path(spec.origin).parent if spec and spec.origin else None


def reveal_source():
    base = package_dir("sphinx_revealjs")
    found = sorted(p.parent.parent for p in base.rglob("dist/reveal.js")) if base else []
    if not found:
        raise SystemExit("slides: no reveal.js inside the sphinx-revealjs package. Fix: `make env`"
                         " (the site extra installs it).")
    return found[-1]


def mathjax_source():
    base = package_dir("sphinx-mathjax-offline")
    found = sorted(base.rglob("tex-chtml.js")) if base else []
    if not found:
        raise SystemExit("slides: no MathJax inside sphinx-mathjax-offline. Fix: `make env`.")
    return found[0].parent


def copy_assets(out):
    for name in ("reveal.js", "mathjax"):
        shutil.rmtree(out / name, ignore_errors=True)
    shutil.copytree(reveal_source(), out / "reveal.js", dirs_exist_ok=True)
    # MathJax's tex-chtml component, its fonts and lazily loaded parts; not the other bundles.
    shutil.copytree(mathjax_source(), out / "mathjax", dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("sre", "*svg*", "*-full*", "mml-*", "node-*"))


def split_at_headings(cells):
    """Cells for the deck: a markdown cell holding several headings becomes one cell per heading.

    Lessons often keep a short section and the next heading in one cell; on a projector each
    ``##`` still opens a slide and each ``###`` a subslide. Cells marked ``skip`` stay skipped.
    """
    out = []
    for cell in cells:
        if cell.cell_type != "markdown" or stored_type(cell) == "skip":
            out.append(cell)
            continue
        parts, current = [], []
        for line in cell.source.splitlines():
            if line.startswith(("## ", "### ")) and any(ln.strip() for ln in current):
                parts.append(current)
                current = []
            current.append(line)
        parts.append(current)
        for k, lines in enumerate(parts):
            piece = copy.deepcopy(cell)
            piece.source = "\n".join(lines).strip("\n")
            if k:
                piece["id"] = f"{cell.get('id', 'cell')}-{k}"
                _set(piece, "slide" if lines[0].startswith("## ") else "subslide")
            out.append(piece)
    return out


def export(py, out):
    ipynb = Path(py).with_suffix(".ipynb")
    nb = copy.deepcopy(pairing.read_ipynb(ipynb))
    nb.cells = split_at_headings(nb.cells)
    nb.metadata.pop("widgets", None)  # widget state would pull the widget manager from a CDN
    staged = out / ".stage" / ipynb.name
    staged.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, staged)
    done = subprocess.run(
        [str(BIN / "jupyter"), "nbconvert", "--to", "slides", "--log-level=WARN",
         "--SlidesExporter.reveal_url_prefix=reveal.js",
         "--SlidesExporter.reveal_theme=white",  # its fonts ship inside reveal.js (others: web)
         "--SlidesExporter.reveal_width=1280", "--SlidesExporter.reveal_height=800",
         f"--template-file={ROOT / 'site' / 'slides.html.j2'}",  # local reveal.js + MathJax
         "--TemplateExporter.exclude_input_prompt=True",
         "--TemplateExporter.exclude_output_prompt=True",
         "--output-dir", str(out), str(staged)], cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"slides: nbconvert failed on {pairing.rel(ipynb)}:\n{done.stderr}")
    return out / f"{ipynb.stem}.slides.html"


def build(out, paths):
    start = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    copy_assets(out)
    decks = [export(py, out) for py in lessons(paths)]
    shutil.rmtree(out / ".stage", ignore_errors=True)
    print(f"slides: {len(decks)} decks in {out} in {time.perf_counter() - start:.0f} s; open "
          f"{decks[0] if decks else out} in a browser (arrow keys; 's' for speaker notes).")
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lessons", nargs="*", help="lesson .py or .ipynb (default: every lesson)")
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--mark", action="store_true", help="set the slide marks from the headings")
    what.add_argument("--check", action="store_true", help="report cells marked otherwise")
    parser.add_argument("--out", type=Path, default=OUT,
                        help="decks folder (default: build/slides)")
    args = parser.parse_args(argv)
    if args.check:
        return check(args.lessons)
    if args.mark:
        for py in lessons(args.lessons):
            print(f"slides: {pairing.rel(py)}: {mark(py)} mark(s) changed")
        return 0
    return build(args.out.resolve(), args.lessons)


if __name__ == "__main__":
    sys.exit(main())
