"""Grade a folder of submitted homework notebooks: `make grade HW=hw03 SUBMISSIONS=dir OUT=dir`.

Writes OUT/gradebook.csv (file, student, points per check, total, status), OUT/feedback/<file>.md
per student, and prints a summary. Marks come from the course's own solution source, never from
what a notebook printed:

1. each submission is copied into a temporary folder of its own; one worker per core
   (tools/grade_worker.py, a fork server that has imported numpy, scikit-learn, matplotlib and
   course_utils once) forks a fresh process for it, which executes its code cells in an IPython
   shell of the course environment (stored outputs are ignored), with a time limit, a memory
   limit, no network, no subprocesses and no writes outside that folder, and then exits: no
   interpreter state is shared between submissions;
2. then, in that process, anything the submission changed in numpy, math, json, builtins, scipy,
   scikit-learn or course_utils (module attributes, class attributes, function code) is put back,
   and the cells of the solution source that are not exercises (data, reference values, check
   cells) run in a namespace of their own, where each exercise cell is replaced by the student's
   values of the names that cell defines. `check` is a recorder around a freshly loaded copy of
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
import queue
import re
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
WORKER = Path(__file__).resolve().parent / "grade_worker.py"
WORKER_START_SECONDS = 300

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


# ---- one submission: a worker's reply becomes a result -----------------------------------------

def result_from_reply(reply, timeout, output_cap):
    """Status, notes and raw verdicts of one submission from what its worker sent back."""
    result = {"status": [], "notes": [], "graded": None,
              "seconds": reply.get("seconds"), "cpu": reply.get("cpu")}
    report = reply.get("report")
    if reply.get("error"):
        result["status"].append("grader-error")
        result["notes"].append(f"grading stopped: {reply['error']}")
        return result
    if report is None:
        if reply.get("killed") == "time":
            result["status"].append("timeout")
            result["notes"].append(
                f"the notebook did not stop when interrupted and was stopped after "
                f"{reply.get('seconds', 0):.0f} s; nothing could be graded")
        else:
            why = f" ({reply['exit']})" if reply.get("exit") else ""
            result["status"].append("kernel-died")
            result["notes"].append("the notebook's process died (out of memory, a crash or an "
                                   f"exit() call){why}; nothing could be graded")
        return result
    if report.get("problem"):
        result["status"].append(report["problem"][0])
        result["notes"].append(report["problem"][1])
        return result
    cell_errors = [tuple(e) for e in report.get("errors", [])]
    stopped_at = report.get("stopped_at")
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
    if report.get("capped"):
        result["status"].append("output-capped")
        result["notes"].append(f"the notebook printed more than {output_cap // 1000} kB; "
                               "the rest of its output was dropped")
    if report.get("exited"):
        result["status"].append("kernel-died")
        result["notes"].append("the notebook called exit(), which ends its process (in Jupyter, "
                               "shuts its kernel down); nothing could be graded")
        return result
    result["graded"] = report.get("graded")
    if result["graded"] is None:
        result["status"].append("grader-error")
        result["notes"].append("the checks could not run in this notebook's process")
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


class Worker:
    """One fork-server worker (tools/grade_worker.py): started once, grades one file at a time."""

    def __init__(self, plan_file, home):
        self.plan_file, self.home, self.proc, self.ready = plan_file, Path(home), None, False

    def start(self):
        self.home.mkdir(parents=True, exist_ok=True)
        env = {k: v for k, v in os.environ.items()
               if k not in ("PYTHONPATH", "PYTHONSTARTUP", "JPY_SESSION_NAME")}
        env.update({
            "HOME": str(self.home), "IPYTHONDIR": str(self.home / ".ipython"),
            "TMPDIR": str(self.home), "XDG_CACHE_HOME": str(self.home / ".cache"),
            "MPLBACKEND": "Agg", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
            "MKL_NUM_THREADS": "1", "PYDEVD_DISABLE_FILE_VALIDATION": "1",
            "PYTHONDONTWRITEBYTECODE": "1",
        })
        env.setdefault("MPLCONFIGDIR", str(self.home / ".mpl"))
        with open(self.home / "worker.log", "a") as log:
            self.proc = subprocess.Popen(
                [sys.executable, str(WORKER), str(self.plan_file)], stdin=subprocess.PIPE,
                stdout=subprocess.PIPE, stderr=log, cwd=str(self.home), env=env, text=True,
                bufsize=1)
        self.ready = False
        return self

    def _line(self, seconds):
        """One line from the worker, or None if it ended or took longer than `seconds`."""
        timer = threading.Timer(seconds, self.stop)
        timer.daemon = True
        timer.start()
        try:
            line = self.proc.stdout.readline()
        finally:
            timer.cancel()
        return line or None

    def ask(self, request, seconds):
        """The worker's reply to one request; a worker that died is started again."""
        for attempt in range(2):
            try:
                if self.proc is None or self.proc.poll() is not None:
                    self.start()
                if not self.ready:
                    line = self._line(WORKER_START_SECONDS)
                    if line is None or "ready" not in json.loads(line):
                        raise OSError("the grading worker did not start")
                    self.ready = True
                self.proc.stdin.write(json.dumps(request) + "\n")
                self.proc.stdin.flush()
                line = self._line(seconds)
                if line is not None:
                    return json.loads(line)
                raise OSError("the grading worker stopped")
            except (OSError, ValueError) as exc:
                self.stop()
                if attempt:
                    log = (self.home / "worker.log").read_text(errors="replace").strip()
                    last = log.splitlines()[-1] if log else ""
                    return {"error": f"{exc}" + (f" ({_short(last)})" if last else "")}
        return {"error": "unreachable"}  # pragma: no cover

    def stop(self):
        if self.proc is None:
            return
        try:
            self.proc.kill()
        except OSError:
            pass
        self.proc.wait()

    def close(self):
        """Let the worker finish (so its CPU time is counted) and reap it."""
        if self.proc is None:
            return
        try:
            self.proc.stdin.close()
            self.proc.wait(timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            self.stop()


def _grade_in(worker, sub, plan, batch, index, timeout, memory_mb, output_cap):
    work = batch / f"s{index:04d}"
    work.mkdir()
    copy = work / sub.name
    shutil.copyfile(sub, copy)
    (work / "tmp").mkdir()
    hard = 3 * timeout + 30
    request = {"path": str(copy), "workdir": str(work), "timeout": timeout,
               "output_cap": output_cap, "memory_bytes": int(memory_mb) * 2**20,
               "cpu_seconds": int(3 * timeout + 60), "hard_seconds": hard}
    reply = worker.ask(request, hard + 60)
    shutil.rmtree(work, ignore_errors=True)
    result = result_from_reply(reply, timeout, output_cap)
    result["checks"] = _verdicts(result.pop("graded") or {}, plan, result["status"])
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
    lines += ["", "Marks come from the course's own checks, re-run in a fresh process; what the "
              "notebook printed when you saved it does not count.", ""]
    return "\n".join(lines)


def _num(x):
    return f"{x:g}" if isinstance(x, float) else str(x)


def grade_folder(hw, submissions, out, timeout=60.0, jobs=None, memory_mb=2048,
                 output_cap=1_000_000, quiet=False, details=None):
    """Grade every .ipynb in `submissions`; write the gradebook and feedback into `out`.

    `details`, a list, receives one dict per submission (status, notes, checks, the seconds and
    CPU seconds of its process).
    """
    solution = find_solution(hw)
    plan = build_plan(solution)
    submissions, out = Path(submissions), Path(out)
    subs = sorted(p for p in submissions.iterdir() if p.is_file() and p.suffix == ".ipynb")
    if not subs:
        raise GradeError(f"no .ipynb files in {submissions}")
    out.mkdir(parents=True, exist_ok=True)
    (out / "feedback").mkdir(exist_ok=True)
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(subs)))
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="course-grade-") as tmp:
        batch = Path(tmp)
        plan_file = batch / "plan.json"
        plan_file.write_text(json.dumps(plan))
        workers = queue.SimpleQueue()
        pool = [Worker(plan_file, batch / f"worker{k}").start() for k in range(jobs)]
        for worker in pool:
            workers.put(worker)

        def one(item):
            worker = workers.get()
            try:
                return _grade_in(worker, item[1], plan, batch, item[0], timeout, memory_mb,
                                 output_cap)
            finally:
                workers.put(worker)

        try:
            with ThreadPoolExecutor(max_workers=jobs) as threads:
                results = list(threads.map(one, enumerate(subs)))
        finally:
            for worker in pool:
                worker.close()
    elapsed = time.monotonic() - started
    if details is not None:
        details.extend(results)
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
    parser.add_argument("--jobs", type=int, default=None,
                        help="parallel workers (default: cores)")
    parser.add_argument("--memory-mb", type=int, default=2048,
                        help="memory per submission (MB)")
    parser.add_argument("--output-cap", type=int, default=1_000_000,
                        help="characters of output kept per submission")
    args = parser.parse_args(argv)
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
