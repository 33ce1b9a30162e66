"""The benchmark runner: cases, timing, agreement, the markdown table."""

from __future__ import annotations

import contextlib
import math
import platform
import statistics
from dataclasses import dataclass, field

import numpy as np

from course_utils.timing import time_call


@dataclass
class Case:
    """One comparison: ``ours(data)`` against ``theirs(data)`` on ``make(sizes)``.

    ``ours`` and ``theirs`` return arrays (coefficients, transformed columns...) whose largest
    absolute difference is reported as the agreement. ``target`` is the ratio ours / theirs to
    reach (lower is better).
    """

    name: str
    ours_label: str
    theirs_label: str
    sizes: dict
    quick_sizes: dict
    make: object
    ours: object
    theirs: object
    target: float
    agree_tol: float
    repeats: int = 5
    notes: str = ""
    #: Limit BLAS to this many threads for BOTH sides while the case runs (None: leave as is).
    blas_threads: int | None = None
    #: Optional ``time_ours(data, median) -> (seconds, output)`` replacing the plain timing of
    #: ``ours(data)``; ``median(fn)`` is the runner's median-after-warm-up timing of ``fn(data)``.
    #: Used when the cost to compare is a difference of two timings (e.g. one epoch of a fit).
    time_ours: object = None
    #: Optional ``time_theirs(data, median)``, the same for the other side.
    time_theirs: object = None


@dataclass
class BenchResult:
    case: Case
    sizes: dict
    ours_s: float
    theirs_s: float
    max_abs_diff: float
    extra: dict = field(default_factory=dict)

    @property
    def ratio(self):
        return self.ours_s / self.theirs_s

    @property
    def met(self):
        return self.ratio <= self.case.target and self.max_abs_diff <= self.case.agree_tol


def _median_seconds(fn, data, repeats):
    # warm-up first (imports, caches, first-touch of memory), then the median of the repeats
    return time_call(lambda: fn(data), repeats=repeats, statistic=statistics.median, warmup=True)


def _timer(custom, fn, data, repeats):
    def median(f):
        return _median_seconds(f, data, repeats)

    if custom is None:
        return median(fn)
    return custom(data, median)


def _blas_limit(threads):
    if threads is None:
        return contextlib.nullcontext()
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=threads, user_api="blas")


def run_case(case, *, quick=False):
    """Time one case; ``quick`` uses tiny sizes and one repeat (for the unit test)."""
    sizes = case.quick_sizes if quick else case.sizes
    data = case.make(**sizes)
    repeats = 1 if quick else case.repeats
    ours_s = theirs_s = math.inf
    with _blas_limit(case.blas_threads):
        # Alternate blocks of the two sides (ours, theirs, ours, theirs) so that machine noise
        # hits both alike; each side keeps the lower of its two block medians.
        for _ in range(2):
            s, ours_out = _timer(case.time_ours, case.ours, data, repeats)
            ours_s = min(ours_s, s)
            s, theirs_out = _timer(case.time_theirs, case.theirs, data, repeats)
            theirs_s = min(theirs_s, s)
    diff = float(np.max(np.abs(np.asarray(ours_out, float) - np.asarray(theirs_out, float))))
    return BenchResult(case, sizes, ours_s, theirs_s, diff)


def run_all(names=None, *, quick=False, log=print):
    results = []
    for case in CASES:
        if names and case.name not in names:
            continue
        r = run_case(case, quick=quick)
        log(f"  {case.name}: ours {r.ours_s * 1e3:.1f} ms, theirs {r.theirs_s * 1e3:.1f} ms, "
            f"ratio {r.ratio:.2f} (target <= {case.target}), max |diff| {r.max_abs_diff:.1e}")
        results.append(r)
    return results


def to_markdown(results):
    lines = [
        f"Measured on {platform.machine()} with {platform.python_implementation()} "
        f"{platform.python_version()}, numpy {np.__version__}; per side the lower of two "
        "median-of-repeats timings after a warm-up, the two sides alternating; "
        "ratio = ours / theirs (lower is better).",
        "",
        "| case | sizes | ours | theirs | ratio | target | agreement (max abs diff) | met |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        sizes = ", ".join(f"{k} = {v:,}" for k, v in r.sizes.items())
        lines.append(
            f"| {r.case.name}: {r.case.ours_label} vs {r.case.theirs_label} | {sizes} | "
            f"{r.ours_s * 1e3:.1f} ms | {r.theirs_s * 1e3:.1f} ms | {r.ratio:.2f} | "
            f"<= {r.case.target} | {r.max_abs_diff:.1e} (tol {r.case.agree_tol:g}) | "
            f"{'yes' if r.met else 'NO'} |"
        )
    notes = [r for r in results if r.case.notes]
    if notes:
        lines += ["", "What each row compares, and why its target:", ""]
        for r in notes:
            blas = (f" BLAS limited to {r.case.blas_threads} thread(s) on both sides."
                    if r.case.blas_threads else "")
            lines.append(f"- **{r.case.name}**: {r.case.notes}{blas}")
    return "\n".join(lines) + "\n"


from .cases import CASES  # noqa: E402  (cases import Case from this module)
from .cases_dask import DASK_CASES  # noqa: E402  (lesson 06: dask on a chunked array)

CASES = CASES + DASK_CASES
