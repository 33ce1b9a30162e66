"""A lesson fits a 90-minute class, and its header and the README's course map say the same.

The class time of a lesson's main path (everything before "## Going further") is estimated by
``tools/lesson_time.py`` from its words, code lines and figures; the header states it rounded
to 5 minutes, the README's course map repeats it, and both state the same run time.
"""

import re
from pathlib import Path

import pytest
from _tools import load_tool

ROOT = Path(__file__).resolve().parents[1]
lesson_time = load_tool("lesson_time")
README = (ROOT / "README.md").read_text()
ROW = re.compile(r"^\| \[(\d\d) — [^\]]+\]\((notebooks/[^)]+\.py)\) \| [^|]+ \| ~(\d+) min \| "
                 r"~(\d+) s \|$", re.M)
CLASS = re.compile(r"\*\*Class time:\*\* about (\d+) minutes for the main path")
RUN = re.compile(r"\*\*Run time:\*\* about (\d+) seconds")
LESSONS = lesson_time.lessons()


def _header(path):
    text = path.read_text()
    return int(CLASS.search(text).group(1)), int(RUN.search(text).group(1))


@pytest.mark.parametrize("path", LESSONS, ids=[p.stem for p in LESSONS])
def test_main_path_fits_a_class(path):
    main, _ = lesson_time.count(path)
    assert main.minutes <= lesson_time.MAIN_PATH_LIMIT, (
        f"{path.name}: the main path takes about {main.minutes:.0f} minutes to teach; move "
        "detail into its 'Going further' part")


@pytest.mark.parametrize("path", LESSONS, ids=[p.stem for p in LESSONS])
def test_header_states_the_estimated_class_time(path):
    main, _ = lesson_time.count(path)
    stated, _ = _header(path)
    assert stated == 5 * round(main.minutes / 5), (
        f"{path.name} says about {stated} minutes; tools/lesson_time.py estimates "
        f"{main.minutes:.0f}")


def test_course_map_repeats_each_header():
    rows = {path: (int(minutes), int(seconds)) for _, path, minutes, seconds in ROW.findall(README)}
    assert sorted(rows) == sorted(p.relative_to(ROOT).as_posix() for p in LESSONS)
    for path in LESSONS:
        assert rows[path.relative_to(ROOT).as_posix()] == _header(path), (
            f"README.md's course map and the header of {path.name} disagree on the class or "
            "run time")


def test_going_further_comes_last_and_once():
    for path in LESSONS:
        headings = re.findall(r"^# ## (.+)$", path.read_text(), re.M)
        further = [h for h in headings if h.startswith("Going further")]
        assert len(further) == 1 and headings[-1].startswith("Going further"), path.name


def test_no_markdown_heading_hides_in_a_code_cell():
    import jupytext

    for path in LESSONS:
        for cell in jupytext.read(path).cells:
            if cell.cell_type == "code":
                assert not re.search(r"^# #{1,4} ", cell.source, re.M), (
                    f"{path.name}: a heading inside a code cell never renders; start a "
                    "`# %% [markdown]` cell for it")
