"""`make homework`: derive each student notebook from its solution source.

Usage:
    python tools/make_homework.py [HW ...]   for each homework (default: all; HW is ``hw02``, a
                                             file name or a path): carry an edit of the solution
                                             .ipynb into its .py, write the student .py, execute
                                             both (tools/run_notebooks.py)
    python tools/make_homework.py --no-run [HW ...]   only write the student .py
    python tools/make_homework.py --check   exit 1 if any student .py is stale, missing or orphaned

A homework is authored once, as ``homework/solutions/hwNN_topic.py`` (jupytext percent). Three
markers say what the student must write:

- a block, at any indentation::

      # BEGIN SOLUTION
      ...solution lines...
      # END SOLUTION

  Inside a function the block becomes ``raise NotImplementedError``; at the top level of a
  cell it becomes ``name = ...`` for every name the block assigns (and stubs for the
  functions it defines), so later cells still run;
- a line: ``answer = <expression>  # SOLUTION`` becomes ``answer = ...  # YOUR ANSWER HERE``;
- a cell tag ``solution``: the whole cell is replaced as a top-level block is.

Cells holding a block or a line marker must carry the tag ``exercise``; in the student version
every such cell is tagged ``exercise``. Markdown between ``<!-- BEGIN SOLUTION -->`` and
``<!-- END SOLUTION -->`` (worked explanations) is dropped from the student version.

The generated ``.py`` is byte-for-byte reproducible: running this twice changes nothing.
A student ``.py`` edited by hand since it was last generated is not overwritten: the edit
belongs in the solution source (or is discarded with ``--discard-student-edits``).
"""

from __future__ import annotations

import argparse
import ast
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import jupytext
from jupytext.config import load_jupytext_config

sys.path.insert(0, str(Path(__file__).resolve().parent))
import notebook_pairing as pairing  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = ROOT / "homework" / "solutions"
STUDENT = ROOT / "homework" / "student"

BEGIN = re.compile(r"^(\s*)# BEGIN SOLUTION\s*$")
END = re.compile(r"^\s*# END SOLUTION\s*$")
LINE = re.compile(r"^(\s*)([^=#][^=]*?)\s*=(?!=)\s*(.+?)\s*#\s*SOLUTION\s*$")
MD_BLOCK = re.compile(r"<!--\s*BEGIN SOLUTION\s*-->.*?<!--\s*END SOLUTION\s*-->\n?", re.S)


class HomeworkError(ValueError):
    """A solution source whose markers cannot be turned into a student version."""


def _stub_function(node, lines):
    """Signature (+ docstring) of a top-level function, with its body replaced."""
    body_start = node.body[0].lineno - 1
    header = lines[node.lineno - 1 - len(node.decorator_list): body_start]
    if ast.get_docstring(node) is not None:
        doc = node.body[0]
        header += lines[doc.lineno - 1: doc.end_lineno]
    indent = re.match(r"\s*", lines[body_start]).group(0)
    return header + [f"{indent}# YOUR CODE HERE", f"{indent}raise NotImplementedError"]


def _target_names(target):
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, ast.Tuple | ast.List):
        return [n for t in target.elts for n in _target_names(t)]
    return []


def placeholder_for_block(code, where):
    """Student placeholder for a top-level solution block or a whole solution cell."""
    code = textwrap.dedent(code)
    try:
        tree = ast.parse(code)
    except SyntaxError as exc:
        raise HomeworkError(f"{where}: the solution does not parse ({exc}).") from exc
    lines = code.splitlines()
    out, seen = ["# YOUR CODE HERE"], set()
    for node in tree.body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            out.extend(lines[node.lineno - 1: node.end_lineno])
        elif isinstance(node, ast.FunctionDef):
            out.extend(_stub_function(node, lines))
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                names = _target_names(target)
                if not names or set(names) <= seen:  # a name set twice gets one placeholder
                    continue
                seen.update(names)
                if isinstance(target, ast.Tuple | ast.List) and len(names) > 1:
                    out.append(f"{', '.join(names)} = {', '.join(['...'] * len(names))}")
                else:
                    out.append(f"{names[0]} = ...")
    return out


def studentize_code(source, tags, where):
    """Return (student source, is_exercise) for one code cell."""
    if "solution" in tags:
        return "\n".join(placeholder_for_block(source, where)), True
    lines = source.splitlines()
    out, i, touched = [], 0, False
    while i < len(lines):
        line = lines[i]
        m = BEGIN.match(line)
        if m:
            indent = m.group(1)
            j = i + 1
            while j < len(lines) and not END.match(lines[j]):
                if BEGIN.match(lines[j]):
                    raise HomeworkError(f"{where}: BEGIN SOLUTION inside another block.")
                j += 1
            if j == len(lines):
                raise HomeworkError(f"{where}: '# BEGIN SOLUTION' without '# END SOLUTION'.")
            block = "\n".join(lines[i + 1: j])
            if indent:
                out += [f"{indent}# YOUR CODE HERE", f"{indent}raise NotImplementedError"]
            else:
                out += placeholder_for_block(block, where)
            i, touched = j + 1, True
            continue
        if END.match(line):
            raise HomeworkError(f"{where}: '# END SOLUTION' without '# BEGIN SOLUTION'.")
        m = LINE.match(line)
        if m:
            indent, target = m.group(1), m.group(2).strip()
            out.append(f"{indent}{target} = ...  # YOUR ANSWER HERE")
            touched = True
        else:
            out.append(line)
        i += 1
    if touched and "exercise" not in tags:
        raise HomeworkError(
            f"{where}: holds solution markers but is not tagged 'exercise'. "
            "Add the tag: # %% tags=[\"exercise\"]"
        )
    return "\n".join(out), touched


def studentize(text, name="homework"):
    """Student version of a solution notebook given as jupytext percent text."""
    nb = jupytext.reads(text, fmt="py:percent")
    for i, cell in enumerate(nb.cells, start=1):
        where = f"{name} cell {i}"
        tags = list(cell.metadata.get("tags", []))
        if cell.cell_type == "markdown":
            cell.source = MD_BLOCK.sub("", cell.source).rstrip()
            continue
        if cell.cell_type != "code":
            continue
        cell.source, exercise = studentize_code(cell.source, tags, where)
        if "solution" in tags or exercise:
            cell.metadata["tags"] = ["exercise"] + [t for t in tags
                                                     if t not in ("solution", "exercise")]
    # The filters of `jupytext --sync` (homework/jupytext.toml), so syncing changes nothing.
    return jupytext.writes(nb, fmt="py:percent", config=load_jupytext_config(str(STUDENT)))


def select(names):
    """Solution sources named by ``names`` (``hw02``, a file name, a path); all if empty."""
    sources = sorted(SOLUTIONS.glob("*.py"))
    if not names:
        return sources
    chosen = []
    for name in names:
        stem = Path(name).stem
        hits = [s for s in sources if s.stem == stem or s.stem.split("_")[0] == stem]
        if not hits:
            known = ", ".join(s.stem.split("_")[0] for s in sources)
            raise HomeworkError(f"no homework {name!r} in {SOLUTIONS.relative_to(ROOT)} "
                                f"(there are: {known})")
        chosen += [h for h in hits if h not in chosen]
    return chosen


def _committed_student_version(src):
    """The student text generated from the solution as committed at HEAD (None if unknown)."""
    try:
        text = subprocess.run(["git", "show", f"HEAD:{src.relative_to(ROOT).as_posix()}"],
                              cwd=ROOT, capture_output=True, text=True, check=True).stdout
        return studentize(text, name=src.name)
    except (ValueError, OSError, subprocess.CalledProcessError, HomeworkError):
        return None


def hand_edited(dest, src):
    """True when the student .py holds an edit that no generation from the solution made."""
    nb_path = dest.with_suffix(".ipynb")
    if not dest.exists() or not nb_path.exists():
        return False
    base = pairing.base_digest(dest, pairing.read_ipynb(nb_path))
    if base is None or pairing.digest(pairing.read_py(dest)) == base:
        return False
    return dest.read_text() != _committed_student_version(src)


def _student_edit_message(path, src):
    return (f"make_homework: {path.relative_to(ROOT)} was edited by hand since it was "
            f"generated. Student versions are generated from {src.relative_to(ROOT)}: make the "
            "edit there, then run `make homework` again. To discard the hand edit: "
            f"`.venv/bin/python tools/make_homework.py --discard-student-edits "
            f"{src.stem.split('_')[0]}`.")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("homework", nargs="*", help="hw02, a file name or a path (default: all)")
    parser.add_argument("--check", action="store_true",
                        help="only check that the student versions are current")
    parser.add_argument("--no-run", action="store_true",
                        help="write the student .py but do not execute the notebooks")
    parser.add_argument("--discard-student-edits", action="store_true",
                        help="overwrite student .py files edited by hand")
    args = parser.parse_args(argv)
    try:
        sources = select([] if args.check else args.homework)
    except HomeworkError as exc:
        print(f"make_homework: {exc}")
        return 1
    if not sources:
        print(f"make_homework: no solution sources in {SOLUTIONS}")
        return 1
    if not args.check:
        for src in sources:  # an edit made in the solution .ipynb must reach its .py first
            try:
                action = pairing.sync(src)
            except pairing.PairConflict as exc:
                print(f"make_homework: {exc}")
                return 1
            if action != "in sync":
                print(f"sync   {src.relative_to(ROOT)}: {action}")
    stale = []
    for src in sources:
        dest = STUDENT / src.name
        try:
            new = studentize(src.read_text(), name=str(src.relative_to(ROOT)))
        except HomeworkError as exc:
            print(f"make_homework: {exc}")
            return 1
        old = dest.read_text() if dest.exists() else None
        if old == new:
            continue
        stale.append(dest)
        if not args.check:
            if hand_edited(dest, src) and not args.discard_student_edits:
                print(_student_edit_message(dest, src))
                return 1
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text(new)
            print(f"wrote {dest.relative_to(ROOT)}")
    if not args.check:
        if args.no_run:
            return 0
        for src in sources:
            dest = STUDENT / src.name
            if not dest.with_suffix(".ipynb").exists():
                continue
            st = pairing.state(dest, dest.with_suffix(".ipynb"))[0]
            if st in (pairing.IPYNB_NEWER, pairing.BOTH_CHANGED):
                if not args.discard_student_edits:
                    print(_student_edit_message(dest.with_suffix(".ipynb"), src))
                    return 1
            if st != pairing.IN_SYNC:
                pairing.sync(dest, keep="py")  # the generated .py is the student version
        paths = [str(p) for src in sources for p in (src, STUDENT / src.name)]
        return _load_run_notebooks().main(paths)
    orphans = sorted(p for p in STUDENT.glob("*.py") if not (SOLUTIONS / p.name).exists())
    for p in stale:
        print(f"{p.relative_to(ROOT)} is stale or missing: run `make homework` and commit it.")
    for p in orphans:
        print(f"{p.relative_to(ROOT)} has no solution source: delete it (and its .ipynb).")
    if stale or orphans:
        return 1
    print(f"make_homework: {len(sources)} student notebook(s) are current.")
    return 0


def _load_run_notebooks():
    import run_notebooks

    return run_notebooks


if __name__ == "__main__":
    sys.exit(main())
