"""`make homework`: derive each student notebook from its solution source.

Usage:
    python tools/make_homework.py           write homework/student/*.py from homework/solutions/*.py
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
``make homework`` then executes both versions (tools/run_notebooks.py).
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
import textwrap
from pathlib import Path

import jupytext
from jupytext.config import load_jupytext_config

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


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="only check that the student versions are current")
    args = parser.parse_args(argv)
    sources = sorted(SOLUTIONS.glob("*.py"))
    if not sources:
        print(f"make_homework: no solution sources in {SOLUTIONS}")
        return 1
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
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text(new)
            print(f"wrote {dest.relative_to(ROOT)}")
    orphans = sorted(p for p in STUDENT.glob("*.py") if not (SOLUTIONS / p.name).exists())
    if args.check:
        for p in stale:
            print(f"{p.relative_to(ROOT)} is stale or missing: run `make homework` and commit it.")
        for p in orphans:
            print(f"{p.relative_to(ROOT)} has no solution source: delete it (and its .ipynb).")
        if stale or orphans:
            return 1
        print(f"make_homework: {len(sources)} student notebook(s) are current.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
