"""`make notebooks`: sync each lesson pair, re-execute it in place, leave the .py newer.

Usage: python tools/run_notebooks.py [notebooks/NN_topic.py ...]   (default: every pair)

1. ``jupytext --sync`` brings the .py and the .ipynb to the same cells (the newer side wins,
   so edit the .py and run this straight away).
2. ``jupyter nbconvert --execute --inplace`` in a fresh kernel, without timing metadata, so
   execution counts run 1..n and outputs are current.
3. The .py is touched last, so JupyterLab does not refuse it as an outdated text notebook.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def run_one(py):
    py = Path(py).with_suffix(".py")
    nb = py.with_suffix(".ipynb")
    source = py if py.exists() else nb
    subprocess.run([BIN / "jupytext", "--sync", "--quiet", str(source)], check=True, cwd=ROOT)
    start = time.perf_counter()
    done = subprocess.run(
        [BIN / "jupyter", "nbconvert", "--to", "notebook", "--execute", "--inplace",
         "--ExecutePreprocessor.record_timing=False", "--ExecutePreprocessor.timeout=300",
         "--log-level=WARN", str(nb)],
        cwd=ROOT, capture_output=True, text=True,
    )
    seconds = time.perf_counter() - start
    py.touch()
    return nb, seconds, done


def main(argv=None):
    args = sys.argv[1:] if argv is None else argv
    if args:
        targets = [Path(a).resolve() for a in args]
    else:
        targets = sorted({p.with_suffix(".py") for d in ("notebooks", "homework")
                          for p in (ROOT / d).rglob("*.py*") if p.suffix in (".py", ".ipynb")
                          and ".ipynb_checkpoints" not in p.parts})
    os.environ.pop("MPLBACKEND", None)  # a non-interactive backend would drop every figure
    failed = 0
    with ThreadPoolExecutor(max_workers=2) as pool:
        for nb, seconds, done in pool.map(run_one, targets):
            status = "ok" if done.returncode == 0 else "FAILED"
            print(f"{status:6} {seconds:6.1f} s  {nb.relative_to(ROOT)}")
            if done.returncode:
                failed += 1
                print(done.stderr[-4000:])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
