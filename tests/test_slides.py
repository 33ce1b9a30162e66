"""Slide marks follow the headings, survive jupytext, and `make slides` decks carry reveal.js."""

import re
import shutil
from pathlib import Path

import jupytext
import nbformat
import pytest

from tests._tools import ROOT, load_tool

slides = load_tool("slides")
LESSONS = sorted((ROOT / "notebooks").glob("*.py"))


def _cells(*sources):
    return [nbformat.v4.new_markdown_cell(s) if s.startswith("#") or s.startswith("text")
            else nbformat.v4.new_code_cell(s) for s in sources]


def test_slide_types_follow_the_headings():
    cells = _cells("# Lesson", "x = 1", "## 1. A section", "text", "### A part", "y = 2",
                   "## Going further", "### deeper", "z = 3")
    assert slides.slide_types(cells) == ["slide", "-", "slide", "-", "subslide", "-",
                                         "skip", "skip", "skip"]


def test_first_cell_is_a_slide_even_without_a_heading():
    assert slides.slide_types(_cells("x = 1", "text"))[0] == "slide"


@pytest.mark.parametrize("py", LESSONS, ids=lambda p: p.stem)
def test_every_lesson_is_marked_from_its_headings(py):
    """Both sides of each lesson pair carry the marks --mark would write (re-run it if red)."""
    for doc in (jupytext.read(py), nbformat.read(py.with_suffix(".ipynb"), as_version=4)):
        assert slides.mismatches(doc) == [], (
            f"{py.name}: run `python tools/slides.py --mark {py.relative_to(ROOT)}`")
        types = slides.slide_types(doc.cells)
        assert types.count("slide") >= 3 and "skip" in types  # sections, and Going further


def test_marks_survive_the_jupytext_filter():
    """notebooks/jupytext.toml keeps `slideshow` in the .py, so the marks travel with it."""
    text = LESSONS[0].read_text()
    assert 'slideshow={"slide_type": "slide"}' in text
    assert 'slideshow={"slide_type": "skip"}' in text


def test_mark_is_idempotent_and_keeps_outputs(tmp_path):
    src = ROOT / "notebooks" / "06_scaling_out"
    for name in ("06_scaling_out.py", "06_scaling_out.ipynb", "jupytext.toml"):
        shutil.copy2(ROOT / "notebooks" / name, tmp_path / name)
    py, ipynb = tmp_path / "06_scaling_out.py", tmp_path / "06_scaling_out.ipynb"
    py.write_text(re.sub(r' slideshow=\{"slide_type": "\w+"\}', "", py.read_text()))
    nb = nbformat.read(ipynb, as_version=4)
    for cell in nb.cells:
        cell.metadata.pop("slideshow", None)
    nbformat.write(nb, ipynb)
    assert "slideshow" not in py.read_text()
    outputs_before = [c.get("outputs") for c in nbformat.read(ipynb, as_version=4).cells]
    assert slides.mark(py) > 0
    text_once, nb_once = py.read_text(), ipynb.read_text()
    assert slides.mark(py) == 0
    assert py.read_text() == text_once and ipynb.read_text() == nb_once
    assert py.read_text() == src.with_suffix(".py").read_text()  # the committed marks
    after = nbformat.read(ipynb, as_version=4)
    assert [c.get("outputs") for c in after.cells] == outputs_before
    assert after.metadata["jupytext"]["cell_metadata_filter"] == "tags,slideshow,-all"


def test_split_at_headings_gives_each_heading_its_slide():
    cell = nbformat.v4.new_markdown_cell("## 5. One\ntext\n\n## 6. Two\n### Part\nmore")
    cell.metadata["slideshow"] = {"slide_type": "slide"}
    parts = slides.split_at_headings([cell])
    assert [p.source.splitlines()[0] for p in parts] == ["## 5. One", "## 6. Two", "### Part"]
    assert [slides.stored_type(p) for p in parts] == ["slide", "slide", "subslide"]
    assert len({p.id for p in parts}) == 3
    skipped = nbformat.v4.new_markdown_cell("## Going further\n### a")
    skipped.metadata["slideshow"] = {"slide_type": "skip"}
    assert slides.split_at_headings([skipped]) == [skipped]


def test_a_deck_carries_its_own_reveal_and_mathjax(tmp_path):
    slides.build(tmp_path, [str(ROOT / "notebooks" / "06_scaling_out.py")])
    deck = (tmp_path / "06_scaling_out.slides.html").read_text()
    assert 'src="reveal.js/dist/reveal.js"' in deck and 'src="mathjax/tex-chtml.js"' in deck
    assert (tmp_path / "reveal.js" / "dist" / "reveal.js").is_file()
    assert (tmp_path / "mathjax" / "tex-chtml.js").is_file()
    assert (tmp_path / "reveal.js" / "dist" / "theme" / "white.css").is_file()
    for needle in ("https://", "http://"):  # nothing fetched (links in text may exist)
        for tag in ("<script src=\"" + needle, "<link rel=\"stylesheet\" href=\"" + needle):
            assert tag not in deck
    assert deck.count("<section") >= 5
    assert Path(tmp_path / ".stage").exists() is False
