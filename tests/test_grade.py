"""`make grade`: a generated class of hw03 submissions and the gradebook they must get, row by row.

The submissions are built in a temporary folder from the committed solution and student notebooks:
the solution, the untouched student version, partial work, every kind of broken notebook and every
kind of tampering. Marks must be exactly what the real answers earn.
"""

import copy
import csv
import hashlib
import json
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import grade  # noqa: E402

HW = "hw03_gradient_descent"
SOLUTION = ROOT / "homework" / "solutions" / f"{HW}.ipynb"
STUDENT = ROOT / "homework" / "student" / f"{HW}.ipynb"
OTHER = ROOT / "homework" / "student" / "hw04_feature_engineering.ipynb"
CHECKS = ["Exercise 1 (gradient)", "Exercise 2 (ten steps)", "Exercise 3a (L)",
          "Exercise 3b (a safe learning rate)", "Exercise 4 (updates per epoch)",
          "Exercise 5 (standardised features)"]
POINTS = [2, 2, 1, 1, 1, 3]
TIMEOUT = 20


def _read(path):
    return nbformat.read(path, as_version=4)


def _index(nb, needle, exercise=None):
    """Index of the one code cell whose source contains `needle`."""
    hits = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and needle in c.source
            and (exercise is None or ("exercise" in c.metadata.get("tags", [])
                                      or "solution" in c.metadata.get("tags", [])) == exercise)]
    assert len(hits) == 1, (needle, hits)
    return hits[0]


def _code(source):
    return nbformat.v4.new_code_cell(source)


def _with_cell_after(nb, needle, source):
    nb = copy.deepcopy(nb)
    nb.cells.insert(_index(nb, needle) + 1, _code(source))
    return nb


def _replace(nb, needle, old, new, exercise=None):
    nb = copy.deepcopy(nb)
    cell = nb.cells[_index(nb, needle, exercise)]
    assert old in cell.source, (needle, old)
    cell.source = cell.source.replace(old, new)
    return nb


def _solved(student, solution, *needles):
    """The student version with the solution's code for the exercise cells holding `needles`."""
    nb = copy.deepcopy(student)
    for needle in needles:
        nb.cells[_index(nb, needle, True)].source = solution.cells[
            _index(solution, needle, True)].source
    return nb


def build_submissions(folder, outside):
    """Write the generated class into `folder`; return {file: (points per check, status)}."""
    sol, stu = _read(SOLUTION), _read(STUDENT)
    full, zero = POINTS, [0] * 6
    cases = {}

    def add(name, nb_or_text, points, status):
        path = folder / f"{name}_hw03.ipynb"
        if isinstance(nb_or_text, str):
            path.write_text(nb_or_text)
        else:
            nbformat.write(nb_or_text, path)
        cases[path.name] = (points, status)

    ex3 = "Z_big = add_intercept"
    add("s01_solution", sol, full, "ok")
    add("s02_untouched", stu, zero, "ok")
    add("s03_partial", _solved(stu, sol, "def gradient(", "def updates_per_epoch"),
        [2, 0, 0, 0, 1, 0], "ok")
    add("s04_wrong_answer", _replace(sol, "def updates_per_epoch", "math.ceil(n / m)",
                                     "n // m"), [2, 2, 1, 1, 0, 3], "ok")
    add("s05_wrong_rate", _replace(sol, "losses = [half_mse", "0.1 * grad_w", "0.2 * grad_w"),
        [2, 0, 1, 1, 1, 3], "ok")
    # Broken files and notebooks.
    add("s06_invalid_json", SOLUTION.read_text()[:5000], zero, "invalid-json")
    add("s07_not_a_notebook", json.dumps({"answers": [1, 2, 3]}), zero, "not-a-notebook")
    add("s08_other_homework", _read(OTHER), zero, "wrong-homework")
    add("s09_syntax_error", _replace(sol, "def updates_per_epoch", "return math.ceil(n / m)",
                                     "return math.ceil(n / m"), [2, 2, 1, 1, 0, 3],
        "syntax-error+cell-error")
    add("s10_exception", _replace(sol, ex3, "Z_big = add_intercept(X_big)",
                                  "Z_big = add_intercept(X_big) * (1 / 0)"),
        [2, 2, 0, 0, 1, 3], "cell-error")
    add("s11_infinite_loop", _with_cell_after(sol, 'check("Exercise 3a', "while True:\n    pass"),
        [2, 2, 1, 1, 0, 0], "timeout")
    add("s12_output_flood", _with_cell_after(sol, "def gradient(", "for _ in range(60):\n"
                                             "    print('x' * 100_000)"), full, "output-capped")
    add("s13_network", _with_cell_after(sol, "def gradient(", (
        "import socket, urllib.request\n"
        "try:\n    socket.create_connection(('1.1.1.1', 80), timeout=2)\n"
        "except OSError as e:\n    print(e)\n"
        "urllib.request.urlopen('http://example.com', timeout=2)")), full, "blocked-network")
    add("s14_write_outside", _with_cell_after(sol, "def gradient(", (
        "open('local.txt', 'w').write('inside is fine')\n"
        f"open({str(outside / 'written.txt')!r}, 'w').write('pwned')")), full, "blocked-write")
    add("s15_shell", _with_cell_after(sol, "def gradient(", (
        "import subprocess\n"
        f"subprocess.run(['touch', {str(outside / 'touched.txt')!r}])")), full, "blocked-process")
    add("s16_memory", _with_cell_after(sol, "def gradient(", "hog = bytearray(8 * 2**30)"),
        full, "memory")
    # Tampering: none of it may change a mark.
    add("s17_redefine_check", _with_cell_after(stu, "check_env()", (
        "def check(name, *args):\n    print(f'{name}: correct')\n")), zero, "ok")
    add("s18_redefine_expect", _with_cell_after(stu, "check_env()", (
        "import course_utils.checks as cc\n"
        "expect = lambda test, hint, **kw: cc.Expect(lambda a: True, hint)\n"
        "cc.expect = expect\n")), zero, "ok")
    add("s19_patch_course_utils", _with_cell_after(stu, "check_env()", (
        "import numpy\nimport course_utils, course_utils.checks as cc\n"
        "cc.verdict = lambda *a, **k: ('correct', '')\n"
        "cc._is_placeholder.__code__ = (lambda answer: False).__code__\n"
        "cc.check = lambda name, *a: print(name + ': correct')\n"
        "numpy.allclose = numpy.isclose = lambda *a, **k: True\n"
        "course_utils.GradientDescentRegressor.fit = lambda self, X, y: self\n"
        "course_utils.make_linear.__code__ = (lambda *a, **k: (None, None, None)).__code__\n")),
        zero, "cell-error")  # its own cells break on the patched make_linear
    faked = copy.deepcopy(stu)
    for cell in faked.cells:
        if cell.cell_type == "code" and "check(" in cell.source:
            names = [n for n in CHECKS if n in cell.source]
            cell.outputs = [nbformat.v4.new_output(
                "stream", name="stdout", text="".join(f"{n}: correct\n" for n in names))]
    add("s20_outputs_say_correct", faked, zero, "ok")
    deleted = copy.deepcopy(sol)
    del deleted.cells[_index(deleted, "def updates_per_epoch", True)]
    add("s21_deleted_exercise", deleted, [2, 2, 1, 1, 0, 3], "cell-error")  # its check cell
    moved = copy.deepcopy(sol)
    cell = moved.cells.pop(_index(moved, "def updates_per_epoch", True))
    moved.cells.append(cell)
    moved.cells.insert(2, moved.cells.pop(_index(moved, ex3, True)))  # before X_big exists
    add("s22_reordered", moved, [2, 2, 0, 0, 1, 3], "cell-error")
    renamed = _replace(sol, ex3, "eta_safe = 1.5 / L_big", "eta = 1.5 / L_big")
    renamed = _replace(renamed, 'check("Exercise 3b', "eta_safe,", "eta,")
    renamed = _replace(renamed, "X_big_std = (X_big", "gd_std = Grad", "model = Grad")
    add("s23_renamed", renamed, [2, 2, 1, 0, 1, 0], "cell-error")  # its check 5 cell
    add("s24_exit", _with_cell_after(stu, "check_env()", "import os\nos._exit(3)"), zero,
        "kernel-died")
    add("s25_thread_patches", _with_cell_after(stu, "check_env()", (
        "import sys, threading, time\n"
        "def keep_patching():  # while the checks run, make every verdict say correct\n"
        "    while True:\n"
        "        for m in list(sys.modules.values()):\n"
        "            if hasattr(m, 'verdict') and hasattr(m, 'expect'):\n"
        "                m.verdict = lambda *a, **k: ('correct', '')\n"
        "        time.sleep(0.001)\n"
        "threading.Thread(target=keep_patching, daemon=True).start()\n")), zero, "ok")
    return cases


def grade_feedback(out, name):
    return (out / "feedback" / name.replace(".ipynb", ".md")).read_text()


def test_the_generated_class_gets_its_expected_gradebook(tmp_path, monkeypatch):
    """One test (one batch of kernels, however pytest-xdist splits the tests): every row."""
    # An empty numba cache, as on a fresh clone: compiling the mini-batch loop belongs to the
    # worker's warm-up, not to a submission's time limit.
    monkeypatch.setenv("NUMBA_CACHE_DIR", str(tmp_path / "numba-cache"))
    subs, out, outside = tmp_path / "submissions", tmp_path / "out", tmp_path / "outside"
    for d in (subs, outside):
        d.mkdir()
    cases = build_submissions(subs, outside)
    assert len(cases) >= 20
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in subs.iterdir()}
    rows, _ = grade.grade_folder("hw03", subs, out, timeout=TIMEOUT, jobs=2, quiet=True)
    after = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in subs.iterdir()}

    # Row by row: the points of every check, the total, the status and the student id.
    by_file = {r["file"]: r for r in rows}
    assert sorted(by_file) == sorted(cases)
    wrong = {}
    for name, (points, status) in sorted(cases.items()):
        row = by_file[name]
        got = ([int(row[c]) for c in CHECKS], int(row["total"]), row["status"], row["student"])
        want = (points, sum(points), status, name.removesuffix("_hw03.ipynb"))
        if got != want:
            wrong[name] = (got, want, grade_feedback(out, name))
    assert not wrong, "\n\n".join(f"{n}: got {g}, want {w}\n{fb}" for n, (g, w, fb) in
                                   wrong.items())

    # The files an instructor reads.
    with open(out / "gradebook.csv") as fh:
        csv_rows = list(csv.DictReader(fh))
    assert list(csv_rows[0]) == ["file", "student", *CHECKS, "total", "status"]
    assert [r["file"] for r in csv_rows] == sorted(cases)
    text = grade_feedback(out, "s03_partial_hw03.ipynb")
    assert "Total: 3 / 10" in text and "| Exercise 1 (gradient) | 2 / 2 | correct |" in text
    assert "not attempted" in text
    feedback = grade_feedback(out, "s04_wrong_answer_hw03.ipynb")
    assert "not yet:" in feedback and "rounded down" in feedback
    assert "ZeroDivisionError" in grade_feedback(out, "s10_exception_hw03.ipynb")
    assert "time limit" in grade_feedback(out, "s11_infinite_loop_hw03.ipynb")
    assert "no `eta_safe` in the notebook" in grade_feedback(out, "s23_renamed_hw03.ipynb")

    # Nothing a submission did reached the instructor's files or anything outside its copy.
    assert before == after, "a submission file was modified"
    assert list(outside.iterdir()) == []


def test_points_come_from_the_homework_source():
    plan = grade.build_plan(grade.find_solution("hw03"))
    assert plan["checks"] == CHECKS
    assert list(plan["points"].values()) == POINTS
    with pytest.raises(grade.GradeError, match="no points for"):
        grade.parse_points("| Exercise 1 (gradient) | 2 |", CHECKS, "hw03")
    with pytest.raises(grade.GradeError, match="no check is named"):
        grade.parse_points("\n".join(f"| {c} | 1 |" for c in CHECKS) + "\n| Exercise 9 | 1 |",
                           CHECKS, "hw03")


def test_every_homework_declares_points_for_every_check():
    for source in sorted((ROOT / "homework" / "solutions").glob("hw*.py")):
        plan = grade.build_plan(source)
        assert plan["points"] and set(plan["points"]) == set(plan["checks"]), source.name


@pytest.mark.parametrize("file_name, expected", [
    ("jdoe_hw03.ipynb", "jdoe"), ("hw03-jdoe.ipynb", "jdoe"),
    ("hw03_gradient_descent_jdoe.ipynb", "jdoe"), ("jdoe.ipynb", "jdoe"),
    ("hw03.ipynb", "hw03")])
def test_student_id_from_file_name(file_name, expected):
    assert grade.student_id(file_name, {"homework": HW}) == expected


def test_command_line_errors_are_plain(tmp_path, capsys):
    with pytest.raises(SystemExit):
        grade.main(["--hw", "hw03"])
    assert grade.main(["--hw", "hw99", "--submissions", str(tmp_path), "--out",
                       str(tmp_path / "out")]) == 1
    assert "HW='hw99' matches 0 solution sources" in capsys.readouterr().out
    assert grade.main(["--hw", "hw03", "--submissions", str(tmp_path), "--out",
                       str(tmp_path / "out")]) == 1
    assert "no .ipynb files" in capsys.readouterr().out


LEAK = """\
import builtins, sys, threading, time, warnings
import numpy as np
import course_utils, course_utils.checks as cc
builtins.__leaked__ = "left by another notebook"
course_utils.__leaked__ = True
course_utils.LOSSES.clear()  # changed in place: no attribute can be put back to undo it
np.seterr(all="raise")
warnings.simplefilter("error")
sys.modules["_leaked"] = sys


def keep_patching():  # a thread that would outlive the notebook in a shared interpreter
    while True:
        np.allclose = np.isclose = lambda *a, **k: True
        cc.verdict = lambda *a, **k: ("correct", "")
        time.sleep(0.001)


threading.Thread(target=keep_patching, daemon=True).start()
"""

PROBE = """\
import builtins, sys, threading, warnings
import numpy as np
import course_utils
leaks = [what for what, found in [
    ("a builtin", hasattr(builtins, "__leaked__")),
    ("a course_utils attribute", hasattr(course_utils, "__leaked__")),
    ("the loss registry", not course_utils.LOSSES),
    ("numpy's error state", np.geterr()["divide"] != "warn"),
    ("the warning filters", any(f[0] == "error" and f[2] is Warning for f in warnings.filters)),
    ("a module", "_leaked" in sys.modules),
    ("a thread", threading.active_count() != 1),
] if found]
assert not leaks, f"left over from another notebook: {leaks}"
"""


def test_nothing_one_submission_does_reaches_the_next_in_the_same_worker(tmp_path):
    """One worker (jobs=1) grades A, which changes everything it can reach, then B and C.

    B (the solution, with a first cell that looks for any trace of A) gets full marks and
    status ok; C runs A's changes and the same probe in one notebook, so the probe is shown to
    see them.
    """
    subs, out = tmp_path / "submissions", tmp_path / "out"
    subs.mkdir()
    sol, stu = _read(SOLUTION), _read(STUDENT)
    a = copy.deepcopy(stu)
    a.cells.append(_code(LEAK))
    nbformat.write(a, subs / "a_leaks_hw03.ipynb")
    b = copy.deepcopy(sol)
    b.cells.insert(_index(b, "check_env()"), _code(PROBE))
    nbformat.write(b, subs / "b_probe_hw03.ipynb")
    c = copy.deepcopy(stu)
    c.cells += [_code(LEAK), _code(PROBE)]
    nbformat.write(c, subs / "c_leaks_then_probe_hw03.ipynb")
    rows, _ = grade.grade_folder("hw03", subs, out, timeout=TIMEOUT, jobs=1, quiet=True)
    got = {r["file"]: ([int(r[n]) for n in CHECKS], r["status"]) for r in rows}
    assert got == {"a_leaks_hw03.ipynb": ([0] * 6, "ok"),
                   "b_probe_hw03.ipynb": (POINTS, "ok"),
                   "c_leaks_then_probe_hw03.ipynb": ([0] * 6, "cell-error")}, got
    assert "left over from another notebook" in grade_feedback(out, "c_leaks_then_probe_hw03.ipynb")
