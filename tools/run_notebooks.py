"""`make notebooks`: sync each pair without losing an edit, re-execute it, store stable outputs.

Usage: python tools/run_notebooks.py [--keep py|ipynb] [--fresh] [PATH ...]
       (default: every lesson in notebooks/; homework has its own target, `make homework`)

1. Sync (tools/notebook_pairing.py): the side edited since the last run is carried over the
   other, whichever file is newer on disk. If *both* sides were edited, nothing is
   overwritten: the run stops for that notebook, naming the cells that differ; ``--keep py``
   or ``--keep ipynb`` says which side to keep.
2. Execute top to bottom in a fresh kernel, without timing metadata (execution counts 1..n).
3. Store outputs that do not churn, so re-running on unchanged sources changes no file:
   consecutive stream outputs are merged (the kernel splits them by timing); tracebacks name
   files relative to the course, not the author's checkout (``/home/me/course/...``); a figure
   whose pixels are the same as the stored one within anti-aliasing noise keeps its stored
   bytes; a cell marked ``# NBVAL_IGNORE_OUTPUT`` (wall-clock timings) keeps its stored output
   while its source is unchanged. ``--fresh`` stores every output exactly as computed.
4. Record the digest of the synced cells in the .ipynb and touch the .py last, so JupyterLab
   does not refuse it as an outdated text notebook.
"""

from __future__ import annotations

import argparse
import base64
import difflib
import io
import os
import re
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
import notebook_pairing as pairing  # noqa: E402

ROOT = pairing.ROOT
BIN = Path(sys.executable).parent
LESSONS = ROOT / "notebooks"
# Largest per-channel difference (of 255) between two renderings that is still the same figure:
# sub-pixel anti-aliasing shifts from last-digit floating-point noise stay well below it, while
# a line moved by one pixel, a changed colour or a changed glyph reach 100-255.
PNG_TOLERANCE = 48
IGNORE_OUTPUT = re.compile(r"^\s*#\s*(NBVAL_IGNORE_OUTPUT|PYTEST_VALIDATE_IGNORE_OUTPUT)\b", re.M)


# ---- stable outputs ------------------------------------------------------------------------

def merge_streams(outputs):
    """Merge consecutive stream outputs of the same stream (stdout / stderr) into one."""
    merged = []
    for out in outputs:
        prev = merged[-1] if merged else None
        if (out.get("output_type") == "stream" and prev is not None
                and prev.get("output_type") == "stream" and prev.get("name") == out.get("name")):
            prev["text"] = _text(prev["text"]) + _text(out["text"])
        else:
            merged.append(out)
    return merged


def _text(text):
    return "".join(text) if isinstance(text, list) else text


def _path_patterns():
    """Absolute prefixes that differ between checkouts, longest first, with their stand-ins."""
    prefixes = [(str(ROOT) + os.sep, ""), (str(Path.home()) + os.sep, "~" + os.sep)]
    real = str(ROOT.resolve()) + os.sep
    if real != prefixes[0][0]:
        prefixes.insert(0, (real, ""))
    return [(p, r) for p, r in prefixes if len(p) > 1]


def relative_paths(text, patterns=None):
    for prefix, replacement in patterns or _path_patterns():
        text = text.replace(prefix, replacement)
    return text


def _png_pixels(data):
    import numpy as np
    from PIL import Image

    with Image.open(io.BytesIO(base64.b64decode(data))) as im:
        return np.asarray(im.convert("RGBA"), dtype=np.int16)


def same_figure(stored_png, fresh_png, tolerance=PNG_TOLERANCE):
    """True when two base64 PNGs show the same picture up to anti-aliasing noise."""
    if stored_png == fresh_png:
        return True
    try:
        a, b = _png_pixels(stored_png), _png_pixels(fresh_png)
    except Exception:  # not a readable PNG: compare bytes only
        return False
    return a.shape == b.shape and int(abs(a - b).max()) <= tolerance


def _shape(outputs):
    return [(o.get("output_type"), o.get("name"), sorted(o.get("data", {}))) for o in outputs]


def stabilise(fresh_nb, stored_nb=None, *, fresh=False):
    """Make ``fresh_nb``'s outputs independent of timing, checkout path and pixel noise."""
    patterns = _path_patterns()
    for cell in fresh_nb.cells:
        if cell.cell_type != "code":
            continue
        cell.outputs = merge_streams(cell.get("outputs", []))
        for out in cell.outputs:
            if out.get("output_type") == "error":
                out["traceback"] = [relative_paths(line, patterns) for line in out["traceback"]]
    if stored_nb is None or fresh:
        return fresh_nb
    keys = [(c.cell_type, pairing.source(c)) for c in fresh_nb.cells]
    old_keys = [(c.cell_type, pairing.source(c)) for c in stored_nb.cells]
    matcher = difflib.SequenceMatcher(a=old_keys, b=keys, autojunk=False)
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            old, new = stored_nb.cells[block.a + k], fresh_nb.cells[block.b + k]
            if new.cell_type == "code" and old.get("outputs"):
                _keep_stable(old, new)
    return fresh_nb


def _keep_stable(old, new):
    old_outputs = merge_streams(old.outputs)
    errored = any(o.get("output_type") == "error" for o in new.outputs)
    if IGNORE_OUTPUT.search(new.source) and not errored:
        # Machine-dependent by design (timings): the stored run is as good as this one.
        kept = nbformat.from_dict([dict(o) for o in old_outputs])
        for out in kept:
            if out.get("output_type") == "execute_result":
                out["execution_count"] = new.execution_count
        new.outputs = kept
        return
    if _shape(old_outputs) != _shape(new.outputs):
        return
    for o_old, o_new in zip(old_outputs, new.outputs, strict=True):
        png_old, png_new = o_old.get("data", {}).get("image/png"), o_new.get("data", {}).get(
            "image/png")
        if png_old and png_new and png_old != png_new and same_figure(png_old, png_new):
            o_new["data"]["image/png"] = png_old


# ---- one notebook --------------------------------------------------------------------------

def execute(ipynb):
    """Execute a copy of ``ipynb`` in a fresh kernel; return (notebook or None, seconds, log)."""
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        done = subprocess.run(
            [BIN / "jupyter", "nbconvert", "--to", "notebook", "--execute",
             "--ExecutePreprocessor.record_timing=False", "--ExecutePreprocessor.timeout=300",
             "--log-level=WARN", "--output-dir", tmp, "--output", ipynb.name, str(ipynb)],
            cwd=ROOT, capture_output=True, text=True,
        )
        out = Path(tmp) / ipynb.name
        nb = nbformat.read(out, as_version=4) if done.returncode == 0 and out.exists() else None
    return nb, time.perf_counter() - start, done.stderr


def run_one(py, *, fresh=False):
    py = Path(py).with_suffix(".py")
    ipynb = py.with_suffix(".ipynb")
    stored = pairing.read_ipynb(ipynb)
    nb, seconds, log = execute(ipynb)
    if nb is not None:
        stabilise(nb, stored, fresh=fresh)
        pairing.set_digest(nb)
        if nbformat.writes(nb) != nbformat.writes(stored):
            nbformat.write(nb, ipynb)
    py.touch()
    return ipynb, seconds, nb is not None, log


def lesson_targets():
    return sorted(p for p in LESSONS.glob("*.py"))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", help="notebook .py or .ipynb files (default: lessons)")
    parser.add_argument("--keep", choices=["py", "ipynb"],
                        help="when both sides changed, keep this one")
    parser.add_argument("--fresh", action="store_true",
                        help="store every output exactly as computed (figures, timing cells)")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    targets = [Path(p).resolve().with_suffix(".py") for p in args.paths] or lesson_targets()
    os.environ.pop("MPLBACKEND", None)  # a non-interactive backend would drop every figure

    failed, ready = 0, []
    for py in targets:
        try:
            action = pairing.sync(py, keep=args.keep)
        except (pairing.PairConflict, FileNotFoundError) as exc:
            failed += 1
            print(f"STOP   {exc}")
            continue
        if action != "in sync":
            print(f"sync   {pairing.rel(py)}: {action}")
        ready.append(py)

    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        for ipynb, seconds, ok, log in pool.map(lambda p: run_one(p, fresh=args.fresh), ready):
            print(f"{'ok' if ok else 'FAILED':6} {seconds:6.1f} s  {pairing.rel(ipynb)}")
            if not ok:
                failed += 1
                print(relative_paths(log[-4000:]))
    if failed:
        print(f"run_notebooks: {failed} notebook(s) need attention (see above); "
              "the others are executed.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
