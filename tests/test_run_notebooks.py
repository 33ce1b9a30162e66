"""`make notebooks`: never loses an edit, and re-running it on unchanged sources changes nothing."""

import base64
import io
import os
import sys
import time
from pathlib import Path

import jupytext
import matplotlib
import nbformat
import pytest
from _tools import load_tool

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))


rn = load_tool("run_notebooks")
guard = load_tool("check_notebooks")
pairing = rn.pairing

HEADER = ("# ---\n# jupyter:\n#   kernelspec:\n#     display_name: Python 3 (Inside a Model)\n"
          "#     language: python\n#     name: python3\n# ---\n\n")
SOURCE = HEADER + "# %% [markdown]\n# # Title\n\n# %%\nprint(1)\n\n# %%\nprint(2)\n"


@pytest.fixture
def pair(tmp_path):
    """A pair last synced by `make notebooks`: same cells, outputs, the digest recorded."""
    py = tmp_path / "01_demo.py"
    py.write_text(SOURCE)
    assert pairing.sync(py) == "created the .ipynb from the .py"
    ipynb = py.with_suffix(".ipynb")
    nb = nbformat.read(ipynb, as_version=4)
    for count, cell in enumerate([c for c in nb.cells if c.cell_type == "code"], start=1):
        cell.execution_count = count
        cell.outputs = [nbformat.v4.new_output("stream", text=f"{count}\n")]
    pairing.set_digest(nb)
    nbformat.write(nb, ipynb)
    return py, ipynb


def _edit_ipynb(ipynb, old, new):
    nb = nbformat.read(ipynb, as_version=4)
    for cell in nb.cells:
        cell.source = cell.source.replace(old, new)
    nbformat.write(nb, ipynb)


def _make_newer(path):
    later = time.time() + 60
    os.utime(path, (later, later))


# ---- trap: the newer file won, silently discarding an edit in the other one -------------------

def test_ipynb_edit_survives_a_newer_py(pair):
    py, ipynb = pair
    _edit_ipynb(ipynb, "print(2)", "print(20)")
    _make_newer(py)  # an editor save or a `touch`: the .py looks newer but holds no edit
    assert pairing.state(py, ipynb)[0] == pairing.IPYNB_NEWER
    assert pairing.sync(py) == "carried the .ipynb into the .py"
    assert "print(20)" in py.read_text() and py.read_text().startswith(HEADER)
    assert guard.check_pair(py, ipynb) == []


def test_py_edit_survives_a_newer_ipynb_and_keeps_outputs(pair):
    py, ipynb = pair
    py.write_text(py.read_text().replace("print(2)", "print(30)"))
    _make_newer(ipynb)
    assert pairing.sync(py) == "carried the .py into the .ipynb"
    nb = nbformat.read(ipynb, as_version=4)
    assert nb.cells[2].source == "print(30)"
    assert nb.cells[1].outputs[0]["text"] == "1\n"  # unchanged cell keeps its stored output
    assert "text_representation" not in nb.metadata["jupytext"]


def test_both_edited_stops_naming_cells_and_keeps_both_files(pair):
    py, ipynb = pair
    py.write_text(py.read_text().replace("print(2)", "print(30)"))
    _edit_ipynb(ipynb, "print(1)", "print(10)")
    before = py.read_bytes(), ipynb.read_bytes()
    with pytest.raises(pairing.PairConflict) as err:
        pairing.sync(py)
    message = str(err.value)
    assert "both the .py and the .ipynb changed" in message
    assert "cell 2: line 1: .py has 'print(1)', .ipynb has 'print(10)'" in message
    assert "cell 3:" in message and "KEEP=py" in message and "KEEP=ipynb" in message
    assert (py.read_bytes(), ipynb.read_bytes()) == before
    assert rn.main([str(py)]) == 1  # the run stops for this notebook, nothing executed
    assert (py.read_bytes(), ipynb.read_bytes()) == before
    assert pairing.sync(py, keep="ipynb") == "carried the .ipynb into the .py"
    assert "print(10)" in py.read_text() and "print(30)" not in py.read_text()


def test_no_record_of_the_last_sync_stops_instead_of_guessing(pair):
    py, ipynb = pair
    nb = nbformat.read(ipynb, as_version=4)
    del nb.metadata[pairing.METADATA_KEY]
    nbformat.write(nb, ipynb)
    py.write_text(py.read_text().replace("print(2)", "print(30)"))  # not in git either
    with pytest.raises(pairing.PairConflict, match="nothing records which side"):
        pairing.sync(py)


@pytest.mark.parametrize("side, words", [("py", "The .py is newer"),
                                         ("ipynb", "The .ipynb is newer")])
def test_guard_says_which_side_is_newer_and_what_make_notebooks_does(pair, side, words):
    py, ipynb = pair
    if side == "py":
        py.write_text(py.read_text().replace("print(2)", "print(30)"))
    else:
        _edit_ipynb(ipynb, "print(2)", "print(30)")
    problems = guard.check_pair(py, ipynb)
    assert len(problems) == 1 and "cell 3: source differs" in problems[0]
    assert words in problems[0] and "`make notebooks NB=" in problems[0]
    assert "will carry it into the" in problems[0]


def test_committed_notebooks_written_back_unchanged():
    """Carrying one side into the other reproduces the committed file byte for byte."""
    config_text = {}
    for py in sorted((ROOT / "notebooks").glob("*.py")):
        nb = pairing.read_ipynb(py.with_suffix(".ipynb"))
        text = jupytext.writes(nb, fmt=pairing.FMT,
                               config=pairing.load_jupytext_config(str(py.parent)))
        config_text[py.name] = text == py.read_text()
        rebuilt = pairing.py_to_ipynb(pairing.read_py(py), nb)
        assert [c.source for c in rebuilt.cells] == [c.source for c in nb.cells], py.name
        assert rebuilt.metadata["jupytext"] == nb.metadata["jupytext"], py.name
    assert all(config_text.values()), config_text


# ---- trap: every regeneration made a noisy diff ----------------------------------------------

def test_consecutive_streams_are_merged():
    out = [nbformat.v4.new_output("stream", name="stdout", text="a"),
           nbformat.v4.new_output("stream", name="stdout", text=["b\n", "c\n"]),
           nbformat.v4.new_output("display_data", data={"text/plain": "x"}),
           nbformat.v4.new_output("stream", name="stdout", text="d\n")]
    merged = rn.merge_streams(out)
    assert [o.get("text") for o in merged] == ["ab\nc\n", None, "d\n"]


def test_traceback_paths_are_relative_to_the_course():
    line = f"\x1b[36mFile \x1b[39m\x1b[32m{ROOT}/course_utils/losses.py:12\x1b[39m, in f"
    assert rn.relative_paths(line) == "\x1b[36mFile \x1b[39m\x1b[32mcourse_utils/losses.py:12" \
                                      "\x1b[39m, in f"
    home = f"File {Path.home()}/.local/lib/x.py:3"
    if not str(ROOT).startswith(str(Path.home())):
        assert rn.relative_paths(home) == "File ~/.local/lib/x.py:3"


def _png(y_end, color="C0"):
    fig, ax = plt.subplots(figsize=(3, 2), dpi=80)
    ax.plot([0, 1], [0, y_end], color=color)
    ax.set(xlim=(0, 1), ylim=(0, 1.2))
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    return base64.b64encode(buf.getvalue()).decode()


def test_same_figure_ignores_antialiasing_noise_only():
    stored = _png(1.0)
    assert rn.same_figure(stored, _png(1.0 + 1e-4))  # last-digit noise: the same picture
    assert not rn.same_figure(stored, _png(1.05))  # the line moved: a new figure
    assert not rn.same_figure(stored, _png(1.0, color="C3"))


def test_ignore_output_cells_keep_their_stored_run():
    stored = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "# NBVAL_IGNORE_OUTPUT\nprint(time())", execution_count=1,
        outputs=[nbformat.v4.new_output("stream", text="0.12 s\n")])])
    fresh = nbformat.from_dict(stored)
    fresh = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        stored.cells[0].source, execution_count=1,
        outputs=[nbformat.v4.new_output("stream", text="0.17 s\n")])])
    assert rn.stabilise(nbformat.from_dict(fresh), stored).cells[0].outputs[0]["text"] == "0.12 s\n"
    assert rn.stabilise(fresh, stored, fresh=True).cells[0].outputs[0]["text"] == "0.17 s\n"


NOISY = HEADER + '''# %% [markdown]
# # A notebook whose raw outputs churn

# %%
import sys
import time

import matplotlib.pyplot as plt
import numpy as np

from helper import boom

print("first line")
sys.stdout.flush()
time.sleep(0.3)  # the kernel sends what was flushed: two stream blocks
print("second line")

# %%
x = np.linspace(0, 1, 50)
plt.plot(x, np.sin(7 * x) + 1e-4 * np.random.default_rng().normal(size=50))
plt.title("noise well below a pixel")
plt.show()

# %% tags=["raises-exception"]
boom()
'''


def test_running_twice_on_unchanged_sources_changes_no_byte(tmp_path, monkeypatch):
    (tmp_path / "helper.py").write_text("def boom():\n    raise ValueError('shown on purpose')\n")
    py = tmp_path / "01_noisy.py"
    py.write_text(NOISY)
    # the scratch directory stands in for the course checkout
    monkeypatch.setattr(rn, "_path_patterns", lambda: [(str(tmp_path) + os.sep, "")])
    assert rn.main([str(py)]) == 0
    first = py.with_suffix(".ipynb").read_bytes()
    nb = nbformat.reads(first.decode(), as_version=4)
    assert [o["output_type"] for o in nb.cells[1].outputs] == ["stream"]
    assert nb.cells[1].outputs[0]["text"] == "first line\nsecond line\n"
    assert "image/png" in nb.cells[2].outputs[0]["data"]
    assert str(tmp_path) not in first.decode() and "helper.py" in first.decode()
    assert guard.check_pair(py, py.with_suffix(".ipynb")) == []
    assert py.stat().st_mtime >= py.with_suffix(".ipynb").stat().st_mtime  # .py left newer
    assert rn.main([str(py)]) == 0
    assert py.with_suffix(".ipynb").read_bytes() == first


def test_a_failing_notebook_is_reported_and_left_as_it_was(tmp_path, capsys):
    py = tmp_path / "01_fails.py"
    py.write_text(HEADER + "# %%\nprint('fine')\n\n# %%\nraise ValueError('not on purpose')\n")
    assert rn.main([str(py)]) == 1
    out = capsys.readouterr().out
    assert "FAILED" in out and "ValueError" in out and "need attention" in out
    nb = nbformat.read(py.with_suffix(".ipynb"), as_version=4)
    assert all(not c.get("outputs") for c in nb.cells)  # nothing half-executed is stored
