"""The course's notebook environment: portability lanes, JupyterLab settings, jupytext config."""

import json
import subprocess
import sys
from pathlib import Path

import jupytext
import pytest
from jupytext.config import (
    find_jupytext_configuration_file,
    load_jupytext_configuration_file,
)

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import portability  # noqa: E402


def test_portability_lanes_force_haswell_and_a_single_threaded_pre_avx_kernel():
    coretypes = {lane[0]: lane[1] for lane in portability.LANES}
    assert "Haswell" in coretypes
    assert "Prescott" in coretypes and coretypes["Prescott"]["OPENBLAS_NUM_THREADS"] == "1"


@pytest.mark.parametrize("coretype, extra, expected", portability.LANES)
def test_each_lane_really_loads_its_kernel(coretype, extra, expected):
    # The lane checks this itself before running nbval; here the check is checked.
    arch, threads = portability.loaded_kernel(portability.lane_env(coretype, extra))
    assert arch in expected
    if "OPENBLAS_NUM_THREADS" in extra:
        assert threads == int(extra["OPENBLAS_NUM_THREADS"])


def test_the_lane_environment_keeps_figures():
    env = portability.lane_env("Haswell", {})
    assert "MPLBACKEND" not in env and env["OPENBLAS_CORETYPE"] == "Haswell"


def _config(path):
    return load_jupytext_configuration_file(find_jupytext_configuration_file(str(path.parent)))


@pytest.mark.parametrize("module", sorted(
    [*(ROOT / "course_utils").glob("*.py"), *(ROOT / "tools").glob("*.py"),
     *(ROOT / "tests").glob("*.py")], key=str), ids=lambda p: str(p.relative_to(ROOT)))
def test_a_plain_module_opened_as_a_notebook_is_saved_back_byte_for_byte(module):
    # JupyterLab opens a .py with the Jupytext Notebook viewer on double-click, sets the kernel,
    # and autosaves: the module must come back unchanged (no header, no pairing).
    config = _config(module)
    assert not any(config.formats), f"{module.parent} must not pair modules with notebooks"
    nb = jupytext.read(module, config=config)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (Inside a Model)",
                                 "language": "python"}
    nb.metadata["language_info"] = {"name": "python", "version": "3.11.7"}
    assert jupytext.writes(nb, fmt="py", config=config) == module.read_text()


@pytest.mark.parametrize("folder", ["notebooks", "homework/solutions", "homework/student"])
def test_lessons_and_homework_are_paired(folder):
    config = _config(ROOT / folder / "x.py")
    assert list(config.formats) == ["ipynb,py:percent"]
    assert config.notebook_metadata_filter == "kernelspec,-all"


def test_jupyterlab_settings_land_on_the_course_and_stay_quiet():
    lab = json.loads((ROOT / "tools/jupyter/jupyter_lab_config.json").read_text())
    assert lab["LabApp"]["default_url"] == "/lab/tree/notebooks"
    assert lab["ServerApp"]["ip"] == "127.0.0.1"
    assert "*.egg-info" in lab["ContentsManager"]["hide_globs"]
    overrides = json.loads((ROOT / "tools/jupyter/overrides.json").read_text())
    note = overrides["@jupyterlab/apputils-extension:notification"]
    assert note["fetchNews"] == "false" and note["checkForUpdates"] is False
    viewers = overrides["@jupyterlab/docmanager-extension:plugin"]["defaultViewers"]
    assert viewers["python"] == "Jupytext Notebook"


def test_the_installed_settings_are_the_course_ones():
    # `make env` copies tools/jupyter/ into .venv, where `jupyter lab` reads them.
    venv = Path(sys.prefix)
    if venv.name != ".venv":
        pytest.fail("run the tests inside the course environment (`make unit`)")
    for src, dst in [("jupyter_lab_config.json", "etc/jupyter/jupyter_lab_config.json"),
                     ("overrides.json", "share/jupyter/lab/settings/overrides.json")]:
        assert (venv / dst).read_text() == (ROOT / "tools/jupyter" / src).read_text()


def test_the_printed_lab_url_opens_notebooks(tmp_path):
    out = subprocess.run([Path(sys.executable).parent / "jupyter", "lab", "--show-config-json"],
                         capture_output=True, text=True, cwd=ROOT)
    if out.returncode == 0 and out.stdout.strip().startswith("{"):
        assert json.loads(out.stdout)["LabApp"]["default_url"] == "/lab/tree/notebooks"
