"""The homework generator: markers, tags, idempotence, and what CI sees in both versions."""

import importlib.util
import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("make_homework", ROOT / "tools/make_homework.py")
mh = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mh)

HEADER = "# ---\n# jupyter:\n#   kernelspec:\n#     display_name: Python 3\n" \
         "#     language: python\n#     name: python3\n# ---\n\n"


def student(body):
    return mh.studentize(HEADER + body, name="t")


def test_line_marker_becomes_ellipsis():
    out = student('# %% tags=["exercise"]\nanswer = 6 * 7  # SOLUTION\nkeep = 1\n')
    assert "answer = ...  # YOUR ANSWER HERE" in out
    assert "6 * 7" not in out and "keep = 1" in out


def test_block_in_function_raises_not_implemented():
    src = ('# %% tags=["exercise"]\ndef f(x):\n    """Doc."""\n    # BEGIN SOLUTION\n'
           '    y = x + 1\n    return y\n    # END SOLUTION\n')
    out = student(src)
    assert '    """Doc."""\n    # YOUR CODE HERE\n    raise NotImplementedError' in out
    assert "x + 1" not in out


def test_top_level_block_keeps_names_defined():
    src = ('# %% tags=["exercise"]\nimport math\n# BEGIN SOLUTION\na, b = 1, 2\nc: int = a + b\n'
           'print(c)\n# END SOLUTION\nprint("after")\n')
    out = student(src)
    assert "a, b = ..., ...\nc = ..." in out
    assert "a + b" not in out and "print(c)" not in out and 'print("after")' in out


def test_a_name_assigned_twice_gets_one_placeholder():
    out = student('# %% tags=["solution"]\ntotal = 0\ntotal = total + 1\nother = 2\n')
    assert out.count("total = ...") == 1 and "other = ..." in out


def test_solution_tag_replaces_whole_cell_with_stubs():
    src = ('# %% tags=["solution"]\nimport numpy as np\n\ndef g(x, *, k=2):\n'
           '    """Return k x."""\n    return k * x\n\nresult = g(np.ones(3))\n')
    out = student(src)
    assert '# %% tags=["exercise"]' in out
    assert "import numpy as np" in out
    assert 'def g(x, *, k=2):\n    """Return k x."""\n    # YOUR CODE HERE\n' in out
    assert "result = ..." in out and "k * x" not in out


def test_markdown_solution_blocks_are_dropped():
    out = student("# %% [markdown]\n# Task.\n# <!-- BEGIN SOLUTION -->\n# Worked answer.\n"
                  "# <!-- END SOLUTION -->\n")
    assert "Task." in out and "Worked answer" not in out


@pytest.mark.parametrize("body, message", [
    ('# %%\nx = 1  # SOLUTION\n', "not tagged 'exercise'"),
    ('# %% tags=["exercise"]\n# BEGIN SOLUTION\nx = 1\n', "without '# END SOLUTION'"),
    ('# %% tags=["exercise"]\nx = 1\n# END SOLUTION\n', "without '# BEGIN SOLUTION'"),
    ('# %% tags=["solution"]\nx = (\n', "does not parse"),
])
def test_malformed_sources_are_rejected_with_the_cell_named(body, message):
    with pytest.raises(mh.HomeworkError, match=message):
        student(body)


def test_generation_is_idempotent_and_committed_versions_are_current():
    for src in sorted(mh.SOLUTIONS.glob("*.py")):
        once = mh.studentize(src.read_text(), name=src.name)
        twice = mh.studentize(once, name=src.name)
        assert once == twice, f"{src.name}: generating from the student version changed it"
        assert (mh.STUDENT / src.name).read_text() == once, f"{src.name}: run `make homework`"
    assert mh.main(["--check"]) == 0


def _verdicts(path):
    nb = nbformat.read(path, as_version=4)
    text = "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []))
    return re.findall(r"^(.+?): (correct|not yet|not done yet)", text, flags=re.M)


def test_solutions_all_correct_and_students_all_not_done():
    sources = sorted(mh.SOLUTIONS.glob("*.py"))
    assert sources, "no homework found"
    for src in sources:
        sol = _verdicts(src.with_suffix(".ipynb"))
        stu = _verdicts(mh.STUDENT / src.with_suffix(".ipynb").name)
        assert len(sol) >= 3, f"{src.name}: a homework needs at least 3 checked exercises"
        assert all(v == "correct" for _, v in sol), f"{src.name}: {sol}"
        assert [e for e, _ in stu] == [e for e, _ in sol], f"{src.name}: exercises differ"
        assert all(v == "not done yet" for _, v in stu), f"{src.name}: an answer leaks: {stu}"
