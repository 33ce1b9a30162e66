"""A failed notebook cell is reported in plain words: where, stored vs fresh, and what to run."""

import importlib.util
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("course_conftest", ROOT / "conftest.py")
hook = importlib.util.module_from_spec(spec)
spec.loader.exec_module(hook)


def _stream(text):
    return nbformat.v4.new_output("stream", name="stdout", text=text)


def test_first_differing_line_in_full_labelled_stored_and_fresh():
    long = "x" * 150
    lines = hook.describe_mismatch([_stream(f"a\nslope 2.0340 {long}\n")],
                                   [_stream(f"a\nslope 2.0341 {long}\n")])
    assert lines[0] == "The printed text differs, first at line 2:"
    assert lines[1] == f"  stored: slope 2.0340 {long}"  # in full, not cut short
    assert lines[2] == f"  fresh:  slope 2.0341 {long}"


def test_missing_output_and_figures_are_named():
    fig = nbformat.v4.new_output("display_data", data={"image/png": "iVBORw0KGgo="})
    assert "the fresh run produced none" in hook.describe_mismatch([fig], [])[0]
    other = nbformat.v4.new_output("display_data", data={"image/png": "iVBORw0KGgp="})
    assert "figure" in hook.describe_mismatch([fig], [other])[0]


def test_regenerate_hint_names_the_right_command():
    assert hook.regenerate_hint("notebooks/02_loss_functions.ipynb") == \
        "`make notebooks NB=notebooks/02_loss_functions.py`"
    assert hook.regenerate_hint("homework/student/hw02_loss_functions.ipynb") == \
        "`make homework HW=hw02`"


def test_nbval_failure_report_end_to_end():
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Title"),
        nbformat.v4.new_code_cell("print('ok')", execution_count=1, outputs=[_stream("ok\n")]),
        nbformat.v4.new_markdown_cell("A section."),
        nbformat.v4.new_code_cell("print('rmse = 0.5001')", execution_count=2,
                                  outputs=[_stream("rmse = 0.5000\n")]),
        nbformat.v4.new_code_cell("[][1]", execution_count=3,
                                  outputs=[nbformat.v4.new_output(
                                      "execute_result", data={"text/plain": "1"},
                                      execution_count=3)]),
    ]
    # inside the course, so the course's conftest.py is loaded as under `make nbval`
    with tempfile.TemporaryDirectory(dir=ROOT / "tests") as tmp:
        path = Path(tmp) / "07_demo.ipynb"
        nbformat.write(nb, path)
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "--nbval", "--nbval-current-env",
             "-p", "no:cacheprovider", "--color=no", str(path)],
            cwd=ROOT, capture_output=True, text=True, timeout=120)
    out = done.stdout
    rel = Path(tmp).relative_to(ROOT).as_posix() + "/07_demo"
    assert done.returncode == 1, out
    assert f"{rel}.ipynb cell 4 ([2] in JupyterLab): the fresh output differs" in out
    assert "cell 4 counting every cell from 1" in out and "nbval calls it 'Cell 1'" in out
    assert "  stored: rmse = 0.5000\n  fresh:  rmse = 0.5001" in out
    assert f"If this change is intended: `make notebooks NB={rel}.py` and commit both" in out
    assert f"{rel}.ipynb cell 5 ([3] in JupyterLab): raised IndexError" in out
    assert 'tags=["raises-exception"]' in out
    assert "assert reference_output == test_output" not in out
