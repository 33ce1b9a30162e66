"""`make site`: the home page is built from README's course map; nothing loads from a CDN."""

import runpy

import nbformat
import pytest

from tests._tools import ROOT, load_tool

site = load_tool("build_site")


def test_course_map_comes_from_the_readme_with_links_to_pages():
    text = site.link_pages(site.course_map((ROOT / "README.md").read_text()))
    for py in sorted((ROOT / "notebooks").glob("*.py")):
        assert f"(lessons/{py.stem}.ipynb)" in text
    for py in sorted((ROOT / "homework" / "student").glob("*.py")):
        assert f"(homework/{py.stem}.ipynb)" in text
    assert "](notebooks/" not in text and "](homework/student/" not in text
    assert "| lesson |" in text and "| homework |" in text


def test_missing_course_map_is_a_clear_error():
    with pytest.raises(SystemExit, match="Course map"):
        site.course_map("# A readme\n\n## Something else\n")


def test_index_lists_every_page_in_its_toctree():
    index = site.index_text()
    assert "{{" not in index
    for section, folder in site.SECTIONS.items():
        for ipynb in folder.glob("*.ipynb"):
            assert f"{section}/{ipynb.stem}\n" in index
    assert "\nnotation\n" in index


def test_staged_page_gets_download_links_and_no_widget_state(tmp_path):
    src = ROOT / "notebooks" / "06_scaling_out.ipynb"
    site.stage_notebook(src, tmp_path)
    nb = nbformat.read(tmp_path / src.name, as_version=4)
    links = nb.cells[1].source
    assert "{download}`06_scaling_out.ipynb" in links and "{download}`06_scaling_out.py" in links
    assert "widgets" not in nb.metadata
    assert (tmp_path / "06_scaling_out.py").read_text() == src.with_suffix(".py").read_text()
    assert (tmp_path / "06_scaling_out.download.ipynb").read_bytes() == src.read_bytes()


def test_configuration_ships_its_assets():
    conf = runpy.run_path(str(ROOT / "site" / "conf.py"))
    assert conf["nb_execution_mode"] == "off"  # stored, verified outputs only
    assert conf["nb_ipywidgets_js"] == {}  # myst-nb would add require.js and unpkg otherwise
    assert "sphinx-mathjax-offline" in conf["extensions"]
    assert conf["html_theme"] == "furo"


def test_notation_page_states_every_symbol_of_the_design_table():
    notation = (ROOT / "site" / "notation.md").read_text()
    for symbol in (r"\lambda_{\max}", r"\eta", r"\alpha", r"\varphi(x)", r"\kappa", r"\tilde X",
                   r"J(\theta)", r"L(y, \hat y)", r"f(x; \theta)"):
        assert symbol in notation
