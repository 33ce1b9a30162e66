"""What an instructor follows: the README's maps match the files, the skeletons and targets work."""


import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jupytext
import nbformat
import pytest
from _tools import load_tool

ROOT = Path(__file__).resolve().parents[1]


new = load_tool("new_notebook")
mh = load_tool("make_homework")
guard = load_tool("check_notebooks")
README = (ROOT / "README.md").read_text()
LESSON_ROW = re.compile(r"^\| \[(\d\d) — [^\]]+\]\((notebooks/[^)]+\.py)\) \|", re.M)
HOMEWORK_ROW = re.compile(r"^\| \[([^\]]+)\]\((homework/student/[^)]+\.py)\) \| [^|]+ \| (\d+) \|$",
                          re.M)
VERDICT = re.compile(r"^(.+?): (correct|not yet|not done yet)", re.M)


def _verdicts(path):
    nb = nbformat.read(path, as_version=4)
    text = "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", [])
                   if o.get("output_type") == "stream")
    return VERDICT.findall(text)


# ---- trap: the course map and the check counts drifted from the files ------------------------

def test_course_map_lists_every_lesson_once():
    listed = [path for _, path in LESSON_ROW.findall(README)]
    assert sorted(listed) == sorted(set(listed)), "a lesson is listed twice in README.md"
    on_disk = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "notebooks").glob("*.py"))
    assert sorted(listed) == on_disk, "README.md's course map does not match notebooks/"
    for number, path in LESSON_ROW.findall(README):
        assert Path(path).name.startswith(number + "_"), path


def test_homework_table_matches_the_files_and_their_check_counts():
    rows = HOMEWORK_ROW.findall(README)
    listed = sorted(path for _, path, _ in rows)
    on_disk = sorted(p.relative_to(ROOT).as_posix()
                     for p in (ROOT / "homework" / "student").glob("*.py"))
    assert listed == on_disk, "README.md's homework table does not match homework/student/"
    for _, path, count in rows:
        solution = ROOT / "homework" / "solutions" / Path(path).with_suffix(".ipynb").name
        checks = len(_verdicts(solution))
        assert int(count) == checks, (
            f"README.md says {Path(path).stem} has {count} checks; its executed solution "
            f"prints {checks}: fix the count in the homework table")


def test_homework_numbering_follows_the_lessons():
    lessons = {p.name[:2] for p in (ROOT / "notebooks").glob("*.py")}
    for src in sorted(mh.SOLUTIONS.glob("*.py")):
        m = re.match(r"^hw(\d\d)_[a-z0-9_]+$", src.stem)
        assert m or src.stem.startswith("capstone_"), (
            f"{src.name}: a homework is hwNN_topic (NN = its lesson) or capstone_topic")
        if m:
            assert m.group(1) in lessons, f"{src.name}: there is no lesson {m.group(1)}"


def test_readme_shows_the_syntax_the_guard_asks_for():
    assert '# %% tags=["exercise"]' in README
    assert '# %% tags=["raises-exception"]' in README
    assert "make homework HW=hw02" in README and "make notebooks NB=" in README
    assert "KEEP=py" in README and "make new-lesson NAME=" in README
    assert "make new-homework NAME=" in README
    assert guard.HEADER in README and new.HEADER.strip() == guard.HEADER


# ---- trap: a new lesson without the header; no skeleton; no way to run one homework ------------

@pytest.fixture
def course(tmp_path):
    for d in ("notebooks", "homework/solutions", "homework/student"):
        (tmp_path / d).mkdir(parents=True)
    shutil.copy(ROOT / "README.md", tmp_path / "README.md")
    return tmp_path


def test_new_lesson_writes_header_skeleton_and_course_map_row(course):
    path = new.new_lesson("06_classification", root=course)
    text = path.read_text()
    assert text.startswith(new.HEADER)
    nb = jupytext.read(path)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    assert nb.metadata["kernelspec"]["display_name"] == "Python 3 (Inside a Model)"
    for part in ("# # Lesson 06 — classification", "**You will learn**", "**Prerequisites:**",
                 "rng = setup_notebook(seed=6)", "## Summary", "## Exercises"):
        assert part in text, part
    assert nb.cells[1].cell_type == "code" and "setup_notebook" in nb.cells[1].source
    compile(text, str(path), "exec")
    readme = (course / "README.md").read_text()
    assert "| [06 — classification](notebooks/06_classification.py) |" in readme
    rows = LESSON_ROW.findall(readme)
    assert rows[-1][1] == "notebooks/06_classification.py"
    assert readme.index("notebooks/06_classification.py") < readme.index("| homework |")
    with pytest.raises(new.BadName, match="exists already"):
        new.new_lesson("06_other", root=course)
    with pytest.raises(new.BadName, match="NN_topic"):
        new.new_lesson("6-Classification", root=course)


def test_new_homework_skeleton_generates_a_student_version(course):
    path = new.new_homework("hw06_classification", root=course)
    text = path.read_text()
    assert text.startswith(new.HEADER) and "check_env()" in text
    student = mh.studentize(text, name=path.name)
    assert student.count('# %% tags=["exercise"]') == 3
    for answer in ("values.mean()", "x - x.mean()", "values.std()"):
        assert answer not in student
    assert text.count("\ncheck(") == 3
    readme = (course / "README.md").read_text()
    row = "| [hw06 — classification](homework/student/hw06_classification.py) | lesson 06 | 3 |"
    assert row in readme
    assert readme.index(row) < readme.index("| [capstone")
    with pytest.raises(new.BadName, match="hwNN_topic"):
        new.new_homework("capstone2", root=course)


def test_new_homework_skeleton_checks_say_correct_and_not_done_yet(capsys):
    """Run the skeleton's cells as plain code: solutions pass, the student version is not done."""
    text = new.HOMEWORK.format(nn="06", title="t", seed=6)

    def run(source):
        code = "\n\n".join(c.source for c in jupytext.reads(source, fmt="py:percent").cells
                           if c.cell_type == "code")
        capsys.readouterr()
        exec(compile(code, "skeleton", "exec"), {})
        return [v for _, v in VERDICT.findall(capsys.readouterr().out)]

    assert run(text) == ["correct"] * 3
    assert run(mh.studentize(text, name="t")) == ["not done yet"] * 3


def test_a_lesson_without_the_header_is_told_to_copy_it(tmp_path):
    py = tmp_path / "06_bare.py"
    py.write_text("# %% [markdown]\n# # Bare\n\n# %%\nprint(1)\n")
    nb = jupytext.read(py)
    nb.cells[1].execution_count = 1
    nb.cells[1].outputs = [nbformat.v4.new_output("stream", text="1\n")]
    nbformat.write(nb, py.with_suffix(".ipynb"))
    problems = guard.check_pair(py, py.with_suffix(".ipynb"))
    assert len(problems) == 1 and "has no jupytext header" in problems[0]
    assert guard.HEADER in problems[0] and "make new-lesson" in problems[0]


def _make_n(*args):
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAKE")}
    done = subprocess.run(["make", "-n", "--no-print-directory", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=True)
    return " ".join(done.stdout.split())


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_targets_take_one_notebook_or_homework():
    assert "tools/make_homework.py hw02" in _make_n("homework", "HW=hw02")
    assert "tools/run_notebooks.py --keep py notebooks/02_loss_functions.py" in _make_n(
        "notebooks", "NB=notebooks/02_loss_functions.py", "KEEP=py")
    assert "tools/new_notebook.py lesson 06_x" in _make_n("new-lesson", "NAME=06_x")
    assert "tools/new_notebook.py homework hw06_x" in _make_n("new-homework", "NAME=hw06_x")
    assert ".hypothesis" in _make_n("clean")


def test_select_one_homework():
    assert [p.stem for p in mh.select(["hw02"])] == ["hw02_loss_functions"]
    assert [p.stem for p in mh.select(["capstone"])] == ["capstone_my_data_my_model"]
    with pytest.raises(mh.HomeworkError, match="there are: capstone, hw01"):
        mh.select(["hw42"])


# ---- trap: a saved Hypothesis failure replayed, a random red in CI ------------------------------

def test_ci_runs_hypothesis_derandomised_without_a_database():
    code = ("import conftest; from hypothesis import settings; "
            "print(settings.default.derandomize, settings.default.database)")
    env = dict(os.environ, CI="true")
    env.pop("HYPOTHESIS_PROFILE", None)
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                         text=True, check=True).stdout.split()
    assert out == ["True", "None"]
