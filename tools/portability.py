"""`make portability`: re-run nbval over every notebook under other OpenBLAS kernels.

Usage: python tools/portability.py [NOTEBOOK ...]   (default: every lesson and homework)

A stored output must hold on every student's machine, not only on the one that executed
it. OpenBLAS picks its kernels per CPU, and the kernels round differently and detect
singular matrices differently (the AVX2 ones raise ``LinAlgError`` where older ones return
garbage), so each lane forces one kernel with ``OPENBLAS_CORETYPE`` and re-runs nbval:

- ``Haswell``: the AVX2 kernels that most laptops (Intel since 2013, AMD Zen) run;
- ``Prescott`` with ``OPENBLAS_NUM_THREADS=1``: a pre-AVX kernel, single-threaded, so a
  different summation order as well (OpenBLAS may report it as ``Katmai``, the pre-AVX
  family it falls back to).

Before each lane the script asks threadpoolctl which kernel numpy really loaded, so a lane
that silently ran the default kernel fails instead of passing for the wrong reason.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent

# (OPENBLAS_CORETYPE, extra environment, kernel names threadpoolctl may report for it)
LANES = [
    ("Haswell", {}, {"Haswell"}),
    ("Prescott", {"OPENBLAS_NUM_THREADS": "1"}, {"Prescott", "Katmai", "Core2", "Penryn"}),
]
NBVAL = ["--nbval", "--nbval-current-env", "--nbval-sanitize-with", "nbval_sanitize.cfg",
         "-p", "no:cacheprovider"]
PROBE = ("import json, numpy, threadpoolctl; "
         "print(json.dumps([(i.get('architecture'), i.get('num_threads')) "
         "for i in threadpoolctl.threadpool_info() if i.get('internal_api') == 'openblas']))")


def default_notebooks():
    return sorted(str(p.relative_to(ROOT)) for d in ("notebooks", "homework")
                  for p in (ROOT / d).rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def lane_env(coretype, extra):
    env = dict(os.environ)
    env.pop("MPLBACKEND", None)  # a non-interactive backend would drop every figure
    env.pop("OPENBLAS_L2_SIZE", None)  # belongs to the machine's own kernel, not the forced one
    env["OPENBLAS_CORETYPE"] = coretype
    env.update(extra)
    return env


def loaded_kernel(env):
    out = subprocess.run([BIN / "python", "-c", PROBE], env=env, capture_output=True,
                         text=True, check=True, cwd=ROOT).stdout
    kernels = json.loads(out)
    if not kernels:
        return None, None
    return kernels[0]


def main(argv=None):
    notebooks = (sys.argv[1:] if argv is None else argv) or default_notebooks()
    failed, report = [], []
    for coretype, extra, expected in LANES:
        env = lane_env(coretype, extra)
        arch, threads = loaded_kernel(env)
        label = f"OPENBLAS_CORETYPE={coretype}" + "".join(f" {k}={v}" for k, v in extra.items())
        if arch not in expected:
            print(f"portability: {label} loaded the OpenBLAS kernel {arch!r}, not one of "
                  f"{sorted(expected)}: this lane would not test what it claims. Is numpy "
                  "linked to OpenBLAS in this environment (`make env`)?", file=sys.stderr)
            return 2
        print(f"== lane {label}: OpenBLAS kernel {arch}, {threads} thread(s), "
              f"{len(notebooks)} notebooks", flush=True)
        start = time.perf_counter()
        done = subprocess.run([BIN / "python", "-m", "pytest", "-q", "-n", "2", "--dist",
                               "loadfile", *NBVAL, *notebooks], env=env, cwd=ROOT)
        seconds = time.perf_counter() - start
        report.append(f"{label:52s} kernel {arch:9s} {seconds:6.1f} s  "
                      f"{'ok' if done.returncode == 0 else 'FAILED'}")
        if done.returncode:
            failed.append(label)
    print("\n".join(["portability lanes:", *report]))
    if failed:
        print(f"portability: stored outputs differ under {', '.join(failed)}. A stored output "
              "must not depend on the BLAS kernel: print rounded numbers, assert with a "
              "tolerance, and treat a LinAlgError and garbage digits alike as a breakdown.",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
