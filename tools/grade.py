"""Grade a folder of submitted homework notebooks: `make grade HW=hw03 SUBMISSIONS=dir OUT=dir`.

Writes OUT/gradebook.csv (file, student, points per check, total, status), OUT/feedback/<file>.md
per student, and prints a summary. Marks come from the course's own solution source, never from
what a notebook printed:

1. each submission is copied into a temporary folder of its own and its code cells are executed
   in a fresh kernel of the course environment (stored outputs are ignored), with a time limit,
   a memory limit, no network, no subprocesses and no writes outside that folder
   (tools/grade_sandbox/sitecustomize.py);
2. then, in the same kernel, anything the submission changed in numpy, math, builtins or
   course_utils (module attributes, class attributes, function code) is put back, and the cells
   of the solution source that are not exercises (data, reference values, check cells) run in a
   namespace of their own, where each exercise cell is replaced by the student's values of the
   names that cell defines. `check` is a recorder around a freshly loaded copy of
   course_utils/checks.py, so its verdict cannot be redefined by the submission.

Exercises are matched by the names of the checks in the solution source, never by cell position.
Points per check come from the markdown cell tagged `points` of the solution source.

Instructor tools are not lesson machinery: lessons never import this module.
"""

from __future__ import annotations

import argparse
import ast
import csv
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = ROOT / "homework" / "solutions"
SANDBOX = Path(__file__).resolve().parent / "grade_sandbox"

CORRECT, NOT_YET, NOT_ATTEMPTED, ERROR = "correct", "not yet", "not attempted", "error"


class GradeError(Exception):
    """A problem of the homework source or of the command line (not of a submission)."""


# ---- the plan: what the solution source says --------------------------------------------------

def _assigned_names(tree):
    """Top-level names a cell binds (assignments, defs, classes, imports, loop targets)."""
    names = []

    def targets(node):
        if isinstance(node, ast.Name):
            names.append(node.id)
        elif isinstance(node, ast.Tuple | ast.List):
            for elt in node.elts:
                targets(elt)
        elif isinstance(node, ast.Starred):
            targets(node.value)

    for node in tree.body:
        if isinstance(node, ast.Assign):
            for t in node.targets:
                targets(t)
        elif isinstance(node, ast.AnnAssign | ast.AugAssign):
            targets(node.target)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.append(node.name)
        elif isinstance(node, ast.For):
            targets(node.target)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names.extend((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, ast.With):
            for item in node.items:
                if item.optional_vars is not None:
                    targets(item.optional_vars)
    return list(dict.fromkeys(names))


def _check_names(tree):
    found = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id == "check" and node.args
                and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            found.append((node.lineno, node.args[0].value))
    return [name for _, name in sorted(found)]


_POINTS_ROW = re.compile(r"^\|\s*(?P<name>[^|*]+?)\s*\|\s*(?P<points>\d+(?:\.\d+)?)\s*\|\s*$")


def parse_points(source, checks, where):
    """{check name: points} from the markdown cell tagged `points` (1 point each without one)."""
    if source is None:
        return {name: 1 for name in checks}
    points = {}
    for line in source.splitlines():
        m = _POINTS_ROW.match(line.strip())
        if m:
            value = float(m["points"])
            points[m["name"]] = int(value) if value.is_integer() else value
    unknown = sorted(set(points) - set(checks))
    missing = [c for c in checks if c not in points]
    if unknown or missing:
        raise GradeError(
            f"{where}: the points cell does not match the checks"
            + (f"; no check is named {unknown}" if unknown else "")
            + (f"; no points for {missing}" if missing else "")
            + ". List every check name exactly as its check(...) call spells it.")
    return {c: points[c] for c in checks}


def find_solution(hw):
    matches = sorted(SOLUTIONS.glob(f"{hw}*.py"))
    if len(matches) != 1:
        raise GradeError(f"HW={hw!r} matches {len(matches)} solution sources in "
                         f"{SOLUTIONS.relative_to(ROOT)} (give e.g. HW=hw03)")
    return matches[0]


def build_plan(solution_path):
    """Everything a worker needs from the solution source, as plain JSON."""
    import jupytext

    nb = jupytext.read(solution_path)
    where = str(Path(solution_path).relative_to(ROOT)) if Path(solution_path).is_relative_to(
        ROOT) else str(solution_path)
    cells, checks, points_source, title = [], [], None, None
    for cell in nb.cells:
        tags = cell.metadata.get("tags", [])
        if cell.cell_type == "markdown":
            if "points" in tags:
                points_source = cell.source
            if title is None:
                m = re.search(r"^#\s+(Homework\s+\d+)", cell.source, re.MULTILINE)
                title = m.group(1) if m else None
            continue
        if cell.cell_type != "code":
            continue
        tree = ast.parse(cell.source)
        if "exercise" in tags or "solution" in tags:
            cells.append({"kind": "exercise", "names": _assigned_names(tree)})
        else:
            names = _check_names(tree)
            checks.extend(names)
            cells.append({"kind": "code", "source": cell.source, "checks": names})
    if len(set(checks)) != len(checks):
        raise GradeError(f"{where}: two checks share a name; each check needs its own name")
    exercise_names = sorted({n for c in cells if c["kind"] == "exercise" for n in c["names"]})
    return {"homework": Path(solution_path).stem, "title": title, "source": where,
            "cells": cells, "checks": checks,
            "points": parse_points(points_source, checks, where),
            "exercise_names": exercise_names}


# ---- code that runs inside the submission's kernel -------------------------------------------

# Before the submission: import what the homework imports and remember the pristine state.
PRELUDE = r'''
def __course_grade_prelude():
    import builtins, importlib, math, sys, types
    import numpy, course_utils, course_utils.checks  # noqa: F401
    state = types.ModuleType("_course_grade_state")
    roots = ("numpy", "math", "builtins", "course_utils", "scipy", "sklearn")
    modules, attrs, funcs, classes = {}, {}, {}, {}

    def remember_function(f):
        if isinstance(f, types.FunctionType) and id(f) not in funcs:
            funcs[id(f)] = (f, f.__code__, f.__defaults__, f.__kwdefaults__)

    for name, mod in list(sys.modules.items()):
        if mod is None or name.split(".")[0] not in roots:
            continue
        modules[name] = mod
        attrs[name] = dict(vars(mod))
        if name.split(".")[0] in ("course_utils", "numpy", "math", "builtins"):
            for value in list(vars(mod).values()):
                remember_function(value)
                if isinstance(value, type) and value.__module__.startswith("course_utils"):
                    classes[id(value)] = (value, dict(vars(value)))
                    for member in list(vars(value).values()):
                        remember_function(getattr(member, "__func__", member))
                        if isinstance(member, property):
                            for f in (member.fget, member.fset, member.fdel):
                                remember_function(f)
    state.modules, state.attrs, state.funcs, state.classes = modules, attrs, funcs, classes
    sys.modules["_course_grade_state"] = state

__course_grade_prelude()
del __course_grade_prelude
'''

# After the submission: restore, then run the solution's checks on the student's answers.
GRADER = r'''
def __course_grade(plan, nonce, cell_seconds):
    import sys
    state = sys.modules.get("_course_grade_state")
    results = {}
    if state is None:
        print(nonce + "null" + nonce)
        return
    for name, mod in state.modules.items():
        sys.modules[name] = mod
        d = mod.__dict__
        for key, value in state.attrs[name].items():
            if d.get(key, state) is not value:
                d[key] = value
    for f, code, defaults, kwdefaults in state.funcs.values():
        f.__code__, f.__defaults__, f.__kwdefaults__ = code, defaults, kwdefaults
    for cls, members in state.classes.values():
        for key in [k for k in list(vars(cls)) if k not in members]:
            try:
                delattr(cls, key)
            except (AttributeError, TypeError):
                pass
        for key, value in members.items():
            if vars(cls).get(key, state) is not value:
                try:
                    setattr(cls, key, value)
                except (AttributeError, TypeError):
                    pass
    sys.settrace(None)
    sys.setprofile(None)
    import builtins, contextlib, importlib.util, io, json, signal, threading, traceback
    threading.settrace(None)
    threading.setprofile(None)
    cu_checks = sys.modules["course_utils.checks"]
    spec = importlib.util.spec_from_file_location("_course_grade_checks", cu_checks.__file__)
    fresh = importlib.util.module_from_spec(spec)
    sys.modules["_course_grade_checks"] = fresh
    spec.loader.exec_module(fresh)

    def check(exercise, answer, *conditions):
        if not isinstance(exercise, str) or exercise in results:
            return
        try:
            status, message = fresh.verdict(answer, *conditions)
        except Exception as exc:
            status, message = "error", f"the check failed: {type(exc).__name__}: {exc}"
        results[exercise] = [status, message]

    # Every name of the fresh copy replaces the old one wherever course_utils bound it (e.g.
    # homework_checks builds its conditions with checks.expect and checks.Diagnose), so the
    # conditions a check cell builds are of the classes the fresh verdict knows.
    replace = {id(value): getattr(fresh, key) for key, value in vars(cu_checks).items()
               if not key.startswith("__") and hasattr(fresh, key)
               and getattr(value, "__module__", "course_utils.checks") == "course_utils.checks"}
    for modname, mod in list(sys.modules.items()):
        if mod is None or not (modname == "course_utils" or modname.startswith("course_utils.")):
            continue
        for key, value in list(vars(mod).items()):
            if not key.startswith("__") and id(value) in replace:
                setattr(mod, key, replace[id(value)])
    cu_checks.check = check
    student = globals()
    ns = {"__name__": "__main__", "__builtins__": builtins}
    exercise_names = set(plan["exercise_names"])

    class _Overtime(BaseException):
        pass

    def _alarm(signum, frame):
        raise _Overtime()

    signal.signal(signal.SIGALRM, _alarm)
    for cell in plan["cells"]:
        if cell["kind"] == "exercise":
            for name in cell["names"]:
                if name in student:
                    ns[name] = student[name]
            continue
        failure = None
        signal.setitimer(signal.ITIMER_REAL, cell_seconds)
        try:
            sink = io.StringIO()
            with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
                exec(compile(cell["source"], "<solution check cell>", "exec"), ns)
        except _Overtime:
            failure = ["error", f"the check did not finish within {cell_seconds:g} s "
                                "(does your code loop forever?)"]
        except NameError as exc:
            name = getattr(exc, "name", None)
            if name in exercise_names:
                failure = ["missing", name]
            else:
                failure = ["error", f"{type(exc).__name__}: {exc}"]
        except BaseException as exc:  # noqa: BLE001 - a student's answer may raise anything
            failure = ["error", f"{type(exc).__name__}: {exc}"]
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        for name in cell["checks"]:
            if name not in results:
                results[name] = failure or ["error", "the check was not reached"]
    print(nonce + json.dumps(results) + nonce)
'''


# ---- one submission -----------------------------------------------------------------------------

def _title_of(nb):
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "markdown":
            src = cell.get("source", "")
            src = "".join(src) if isinstance(src, list) else src
            m = re.search(r"^#\s+(Homework\s+\d+)", src, re.MULTILINE)
            if m:
                return m.group(1)
    return None


def _identify(path, plan):
    """(notebook, None) or (None, (status, detail)) for a submission file."""
    import nbformat

    try:
        raw = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None, ("invalid-json", "the file is not text (not a saved .ipynb notebook)")
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        return None, ("invalid-json", f"the file is not valid JSON ({exc.msg}, line {exc.lineno}): "
                                      "was it saved from Jupyter as .ipynb?")
    if not isinstance(data, dict) or not isinstance(data.get("cells"), list):
        return None, ("not-a-notebook", "the file is JSON but not a Jupyter notebook (no cells)")
    try:
        nb = nbformat.reads(raw, as_version=4)
    except Exception as exc:  # noqa: BLE001 - nbformat raises many kinds
        return None, ("not-a-notebook", f"the file is not a readable notebook: {exc}")
    title = _title_of(nb)
    text = "\n".join(c.source for c in nb.cells)
    if plan["title"] and title and title != plan["title"]:
        return None, ("wrong-homework", f"this notebook is {title}, not {plan['title']}")
    if not any(name in text for name in plan["checks"]) and title != plan["title"]:
        return None, ("wrong-homework", f"none of the exercises of {plan['title']} is in it")
    return nb, None


def _student_cells(nb):
    import nbformat

    cells = [nbformat.v4.new_code_cell(c.source) for c in nb.cells
             if c.cell_type == "code" and c.source.strip()]
    return cells


def grade_one(path, plan, timeout=60.0, memory_mb=2048, output_cap=1_000_000):
    """Grade one submission (already in its own temporary folder); returns a plain dict."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import DeadKernelError

    started = time.monotonic()
    result = {"status": [], "notes": [], "checks": {}}
    nb, problem = _identify(path, plan)
    if problem:
        result["status"].append(problem[0])
        result["notes"].append(problem[1])
        return result
    workdir = Path(path).resolve().parent
    cells = _student_cells(nb)
    nonce = secrets.token_hex(16)
    runner = nbformat.v4.new_notebook()
    call = (f"\n__course_grade(__import__('json').loads({json.dumps(plan)!r}), {nonce!r}, "
            f"{max(5.0, timeout / 4):.1f})\n")
    runner.cells = ([nbformat.v4.new_code_cell(PRELUDE)] + cells
                    + [nbformat.v4.new_code_cell(GRADER + call)])
    n_student = len(cells)
    (workdir / "tmp").mkdir(exist_ok=True)
    env = dict(os.environ)
    env.update({
        "PYTHONPATH": str(SANDBOX), "GRADE_WORKDIR": str(workdir),
        "GRADE_MEM_BYTES": str(int(memory_mb) * 2**20),
        "GRADE_CPU_SECONDS": str(int(3 * timeout + 60)),
        "HOME": str(workdir), "IPYTHONDIR": str(workdir / ".ipython"),
        "TMPDIR": str(workdir / "tmp"), "XDG_CACHE_HOME": str(workdir / ".cache"),
        "MPLBACKEND": "Agg", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1", "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    })
    env.setdefault("MPLCONFIGDIR", str(workdir / ".mpl"))
    env.pop("JPY_SESSION_NAME", None)
    flood = {"bytes": 0, "capped": False}
    deadline = started + timeout

    class Client(NotebookClient):
        def output(self, outs, msg, display_id, cell_index):
            if 1 <= cell_index <= n_student:
                content = msg.get("content", {})
                size = len(content.get("text", "")) + sum(
                    len(str(v)) for v in content.get("data", {}).values())
                flood["bytes"] += size
                if msg.get("msg_type") != "error" and flood["bytes"] > output_cap:
                    flood["capped"] = True
                    return None
                if msg.get("msg_type") in ("stream", "display_data", "execute_result"):
                    return None  # only errors and the grader's own line are kept
            return super().output(outs, msg, display_id, cell_index)

    client = Client(runner, timeout=timeout, kernel_name="python3", allow_errors=True,
                    interrupt_on_timeout=True, record_timing=False,
                    resources={"metadata": {"path": str(workdir)}})
    cell_errors, stopped_at = [], None
    kill = threading.Timer(3 * timeout + 30, lambda: _kill_kernel(client))
    kill.daemon = True
    try:
        with client.setup_kernel(env=env, cwd=str(workdir)):
            kill.start()
            client.timeout = 120
            client.execute_cell(runner.cells[0], 0)
            for i in range(1, n_student + 1):
                left = deadline - time.monotonic()
                if left <= 0:
                    stopped_at = i
                    break
                client.timeout = max(1, int(left + 0.999))
                client.execute_cell(runner.cells[i], i)
                if time.monotonic() >= deadline:
                    stopped_at = i
                    break
            client.timeout = int(2 * timeout + 30)
            client.execute_cell(runner.cells[-1], len(runner.cells) - 1)
    except DeadKernelError:
        result["status"].append("kernel-died")
        result["notes"].append("the kernel died (out of memory, a crash or an exit() call); "
                               "nothing could be graded")
    except Exception as exc:  # noqa: BLE001 - a broken run must not stop the batch
        result["status"].append("grader-error")
        result["notes"].append(f"grading stopped: {type(exc).__name__}: {exc}")
    finally:
        kill.cancel()
    for i in range(1, n_student + 1):
        for out in runner.cells[i].get("outputs", []):
            if out.get("output_type") == "error":
                cell_errors.append((i, out.get("ename", ""), _strip_ansi(out.get("evalue", ""))))
    if stopped_at is not None:
        result["status"].append("timeout")
        result["notes"].append(f"the time limit of {timeout:g} s stopped the notebook in code "
                               f"cell {stopped_at}; later cells were not run")
        cell_errors = [e for e in cell_errors if not (e[0] == stopped_at
                                                      and e[1] == "KeyboardInterrupt")]
    for i, ename, evalue in cell_errors:
        if "grading sandbox" in evalue:
            code = "blocked-network" if "network" in evalue else (
                "blocked-process" if "process" in evalue else "blocked-write")
        elif ename in ("SyntaxError", "IndentationError", "TabError"):
            code = "syntax-error"
        elif ename == "MemoryError":
            code = "memory"
        else:
            code = "cell-error"
        if code not in result["status"]:
            result["status"].append(code)
        result["notes"].append(f"code cell {i} raised {ename}: {_short(evalue)}")
    if flood["capped"]:
        result["status"].append("output-capped")
        result["notes"].append(f"the notebook printed more than {output_cap // 1000} kB; "
                               "the rest of its output was dropped")
    if os.environ.get("GRADE_DEBUG"):
        nbformat.write(runner, os.environ["GRADE_DEBUG"])
    graded = None
    for out in runner.cells[-1].get("outputs", []):
        text = out.get("text", "")
        if out.get("output_type") == "stream" and nonce in text:
            graded = json.loads(text.split(nonce)[1])
    if graded is None and "kernel-died" not in result["status"]:
        result["status"].append("grader-error")
        result["notes"].append("the checks could not run in this notebook's kernel")
    result["checks"] = _verdicts(graded or {}, plan, result["status"])
    result["seconds"] = round(time.monotonic() - started, 2)
    return result


def _verdicts(graded, plan, status):
    out = {}
    stopped = any(s in status for s in ("timeout", "kernel-died", "grader-error"))
    for name in plan["checks"]:
        kind, message = graded.get(name, ["error", "the check could not run"])
        if kind == "correct":
            out[name] = [CORRECT, ""]
        elif kind == "not done yet":
            out[name] = [NOT_ATTEMPTED, message]
        elif kind == "not yet":
            out[name] = [NOT_YET, message]
        elif kind == "missing":
            why = ("the notebook stopped before defining it" if stopped or "cell-error" in status
                   else "the exercise asks for this name")
            out[name] = [NOT_ATTEMPTED if not stopped else ERROR,
                         f"no `{message}` in the notebook ({why})"]
        else:
            out[name] = [ERROR, message]
    return out


def _kill_kernel(client):
    try:
        client.km.provisioner.process.kill()
    except Exception:  # noqa: BLE001 - already gone
        pass


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def _strip_ansi(text):
    return _ANSI.sub("", text)


def _short(text, limit=300):
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit] + "..."


# ---- the batch ----------------------------------------------------------------------------------

def student_id(path, plan):
    """The file name without the homework's name: jdoe_hw03.ipynb and hw03-jdoe.ipynb -> jdoe."""
    stem = Path(path).stem
    hw = plan["homework"]
    short = hw.split("_")[0]
    for part in (hw, short):
        stem = re.sub(rf"(^|[_\-. ]){re.escape(part)}($|[_\-. ])", r"\1\2", stem,
                      flags=re.IGNORECASE)
    stem = stem.strip("_-. ")
    return stem or Path(path).stem


def _worker_main(args):
    plan = json.loads(Path(args.plan).read_text())
    try:
        result = grade_one(args.one, plan, timeout=args.timeout, memory_mb=args.memory_mb,
                           output_cap=args.output_cap)
    except Exception as exc:  # noqa: BLE001
        result = {"status": ["grader-error"], "notes": [f"{type(exc).__name__}: {exc}"],
                  "checks": _verdicts({}, plan, ["grader-error"])}
    Path(args.result).write_text(json.dumps(result))
    return 0


def _run_worker(sub, plan, plan_file, batch, index, args):
    work = batch / f"s{index:04d}"
    work.mkdir()
    copy = work / sub.name
    shutil.copyfile(sub, copy)
    result_file = batch / f"r{index:04d}.json"
    cmd = [sys.executable, str(Path(__file__).resolve()), "--one", str(copy), "--plan",
           str(plan_file), "--result", str(result_file), "--timeout", str(args.timeout),
           "--memory-mb", str(args.memory_mb), "--output-cap", str(args.output_cap)]
    try:
        subprocess.run(cmd, cwd=str(work), timeout=4 * args.timeout + 120,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        result = json.loads(result_file.read_text())
    except (subprocess.TimeoutExpired, OSError, ValueError) as exc:
        result = {"status": ["grader-error"], "notes": [f"grading failed: {exc}"],
                  "checks": _verdicts({}, plan, ["grader-error"])}
    shutil.rmtree(work, ignore_errors=True)
    return result


def feedback_markdown(sub_name, sid, result, plan):
    lines = [f"# {plan['title'] or plan['homework']}: feedback for {sid}", "",
             f"File: `{sub_name}`", ""]
    total = sum(plan["points"][n] for n, (v, _) in result["checks"].items() if v == CORRECT)
    lines += [f"**Total: {_num(total)} / {_num(sum(plan['points'].values()))}**", ""]
    if result["notes"]:
        lines += ["## About your notebook", ""] + [f"- {n}" for n in result["notes"]] + [""]
    lines += ["## Checks", "", "| check | points | result |", "|---|---|---|"]
    for name in plan["checks"]:
        verdict, message = result["checks"].get(name, [ERROR, "not graded"])
        earned = plan["points"][name] if verdict == CORRECT else 0
        text = verdict + (f": {_short(message, 600)}" if message else "")
        text = text.replace("|", "\\|")
        lines.append(f"| {name} | {_num(earned)} / {_num(plan['points'][name])} | {text} |")
    lines += ["", "Marks come from the course's own checks, re-run on a fresh kernel; what the "
              "notebook printed when you saved it does not count.", ""]
    return "\n".join(lines)


def _num(x):
    return f"{x:g}" if isinstance(x, float) else str(x)


def grade_folder(hw, submissions, out, timeout=60.0, jobs=None, memory_mb=2048,
                 output_cap=1_000_000, quiet=False):
    """Grade every .ipynb in `submissions`; write the gradebook and feedback into `out`."""
    solution = find_solution(hw)
    plan = build_plan(solution)
    submissions, out = Path(submissions), Path(out)
    subs = sorted(p for p in submissions.iterdir() if p.is_file() and p.suffix == ".ipynb")
    if not subs:
        raise GradeError(f"no .ipynb files in {submissions}")
    out.mkdir(parents=True, exist_ok=True)
    (out / "feedback").mkdir(exist_ok=True)
    jobs = jobs or os.cpu_count() or 1
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="course-grade-") as tmp:
        batch = Path(tmp)
        plan_file = batch / "plan.json"
        plan_file.write_text(json.dumps(plan))

        class Args:
            pass

        args = Args()
        args.timeout, args.memory_mb, args.output_cap = timeout, memory_mb, output_cap
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            results = list(pool.map(
                lambda item: _run_worker(item[1], plan, plan_file, batch, item[0], args),
                enumerate(subs)))
    elapsed = time.monotonic() - started
    rows = []
    header = ["file", "student"] + plan["checks"] + ["total", "status"]
    for sub, result in zip(subs, results, strict=True):
        sid = student_id(sub, plan)
        earned = {n: (plan["points"][n] if result["checks"].get(n, [ERROR])[0] == CORRECT else 0)
                  for n in plan["checks"]}
        rows.append({"file": sub.name, "student": sid, **{n: _num(v) for n, v in earned.items()},
                     "total": _num(sum(earned.values())),
                     "status": "+".join(result["status"]) or "ok"})
        (out / "feedback" / f"{sub.stem}.md").write_text(
            feedback_markdown(sub.name, sid, result, plan))
    with open(out / "gradebook.csv", "w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    if not quiet:
        print(summary(rows, plan, elapsed, jobs))
    return rows, elapsed


def summary(rows, plan, elapsed, jobs):
    n = len(rows)
    max_total = sum(plan["points"].values())
    mean = sum(float(r["total"]) for r in rows) / n
    problems = sum(r["status"] != "ok" for r in rows)
    lines = [f"graded {n} submission(s) of {plan['title'] or plan['homework']} in {elapsed:.0f} s "
             f"({elapsed / n:.1f} s each on {jobs} worker(s)); {problems} with a problem "
             "(see the status column)",
             f"mean total {mean:.1f} / {_num(max_total)}", "per check, share correct:"]
    for name in plan["checks"]:
        share = sum(float(r[name]) > 0 for r in rows) / n
        lines.append(f"  {name}: {100 * share:.0f} %")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hw", help="homework, e.g. hw03")
    parser.add_argument("--submissions", help="folder of submitted .ipynb files")
    parser.add_argument("--out", help="output folder (gradebook.csv, feedback/)")
    parser.add_argument("--timeout", type=float, default=60.0,
                        help="seconds a submission's cells may run (default 60)")
    parser.add_argument("--jobs", type=int, default=None, help="parallel kernels (default: cores)")
    parser.add_argument("--memory-mb", type=int, default=2048, help="memory per kernel (MB)")
    parser.add_argument("--output-cap", type=int, default=1_000_000,
                        help="characters of output kept per submission")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--plan", help=argparse.SUPPRESS)
    parser.add_argument("--result", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    os.environ.setdefault("JUPYTER_PATH", str(Path(sys.prefix) / "share" / "jupyter"))
    os.environ.setdefault("JUPYTER_PLATFORM_DIRS", "1")
    if args.one:
        return _worker_main(args)
    if not (args.hw and args.submissions and args.out):
        parser.error("give HW, SUBMISSIONS and OUT: make grade HW=hw03 SUBMISSIONS=dir OUT=dir")
    try:
        grade_folder(args.hw, args.submissions, args.out, timeout=args.timeout, jobs=args.jobs,
                     memory_mb=args.memory_mb, output_cap=args.output_cap)
    except GradeError as exc:
        print(f"grade: {exc}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
