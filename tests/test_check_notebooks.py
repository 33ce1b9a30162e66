"""The pairing guard catches every way a .py and its .ipynb can drift apart."""

import importlib.util
from pathlib import Path

import jupytext
import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("check_notebooks", ROOT / "tools/check_notebooks.py")
guard = importlib.util.module_from_spec(spec)
spec.loader.exec_module(guard)


def _notebook():
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3 (Inside a Model)",
        "language": "python",
    }
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Title"),
        nbformat.v4.new_code_cell(
            "print(1)", execution_count=1, outputs=[nbformat.v4.new_output("stream", text="1\n")]
        ),
        nbformat.v4.new_code_cell(
            "1 / 0",
            execution_count=2,
            metadata={"tags": ["raises-exception"]},
            outputs=[
                nbformat.v4.new_output(
                    "error", ename="ZeroDivisionError", evalue="division by zero", traceback=[]
                )
            ],
        ),
        nbformat.v4.new_code_cell(
            "print(2)", execution_count=3, outputs=[nbformat.v4.new_output("stream", text="2\n")]
        ),
    ]
    return nb


@pytest.fixture
def pair(tmp_path):
    nb = _notebook()
    py, ipynb = tmp_path / "01_demo.py", tmp_path / "01_demo.ipynb"
    jupytext.write(nb, py, fmt="py:percent")
    nbformat.write(nb, ipynb)
    return py, ipynb


def _edit(ipynb, change):
    nb = nbformat.read(ipynb, as_version=4)
    change(nb)
    nbformat.write(nb, ipynb)


def test_clean_pair_passes(pair):
    assert guard.check_pair(*pair) == []
    assert guard.main([str(pair[0].parent)]) == 0


def test_real_notebooks_pass():
    assert guard.main([str(ROOT / "notebooks")]) == 0


def test_source_difference_is_named(pair):
    py, ipynb = pair
    py.write_text(py.read_text().replace("print(2)", "print(3)"))
    problems = guard.check_pair(py, ipynb)
    assert len(problems) == 1
    assert "cell 4: source differs" in problems[0] and "print(3)" in problems[0]
    assert "make notebooks" in problems[0]


def test_tag_difference_is_named(pair):
    py, ipynb = pair
    _edit(ipynb, lambda nb: nb.cells[2].metadata.__setitem__("tags", []))
    problems = guard.check_pair(py, ipynb)
    assert any("cell 3: tags" in p for p in problems)


def test_missing_outputs_rejected(pair):
    py, ipynb = pair
    _edit(ipynb, lambda nb: nb.cells[1].__setitem__("outputs", []))
    problems = guard.check_pair(py, ipynb)
    assert any("cell 2: code cell has no stored output" in p for p in problems)


def test_notebook_saved_without_any_output_rejected(pair):
    py, ipynb = pair
    nb = jupytext.read(py)  # what you get by converting the .py without executing it
    nbformat.write(nb, ipynb)
    problems = guard.check_pair(py, ipynb)
    assert sum("no stored output" in p for p in problems) == 3
    assert any("execution counts" in p for p in problems)


def test_execution_counts_must_run_one_to_n(pair):
    py, ipynb = pair
    _edit(ipynb, lambda nb: nb.cells[3].__setitem__("execution_count", 7))
    problems = guard.check_pair(py, ipynb)
    assert any("execution counts are [1, 2, 7]" in p for p in problems)


def test_kernelspec_must_be_python3(pair):
    py, ipynb = pair
    _edit(ipynb, lambda nb: nb.metadata["kernelspec"].__setitem__("name", "conda-env-ml"))
    problems = guard.check_pair(py, ipynb)
    assert any("kernelspec is 'conda-env-ml'" in p for p in problems)


def test_kernelspec_display_name_must_be_the_course_kernels(pair):
    # JupyterLab marks a notebook modified on open when the stored display name differs from
    # the installed kernel's, and autosave then rewrites both files.
    py, ipynb = pair
    _edit(ipynb, lambda nb: nb.metadata["kernelspec"].__setitem__("display_name", "Python 3"))
    problems = guard.check_pair(py, ipynb)
    assert any("display name is 'Python 3'" in p and "Python 3 (Inside a Model)" in p
               for p in problems)


def test_untagged_error_rejected(pair):
    py, ipynb = pair

    def drop_tag(nb):
        nb.cells[2].metadata["tags"] = []

    _edit(ipynb, drop_tag)
    py.write_text(py.read_text().replace(' tags=["raises-exception"]', ""))
    problems = guard.check_pair(py, ipynb)
    assert len(problems) == 1 and "not tagged raises-exception" in problems[0]


def test_cell_count_and_missing_twin(pair, tmp_path):
    py, ipynb = pair
    _edit(ipynb, lambda nb: nb.cells.pop(0))
    assert any("has 3 cells but" in p for p in guard.check_pair(py, ipynb))
    lonely = tmp_path / "02_lonely.py"
    lonely.write_text("# %%\nprint(1)\n")
    assert guard.main([str(tmp_path)]) == 1
    assert "no executed twin" in guard.check_pair(lonely, lonely.with_suffix(".ipynb"))[0]


def test_the_installed_kernel_has_the_display_name_the_guard_requires():
    makefile = (guard.ROOT / "Makefile").read_text()
    assert f'--display-name "{guard.KERNEL_DISPLAY_NAME}"' in makefile


def test_slide_mark_difference_is_named(pair):
    py, ipynb = pair
    _edit(ipynb, lambda nb: nb.cells[0].metadata.__setitem__("slideshow", {"slide_type": "slide"}))
    problems = guard.check_pair(py, ipynb)
    assert len(problems) == 1
    assert "cell 1: slide mark 'slide' differs" in problems[0] and "slides.py --mark" in problems[0]
