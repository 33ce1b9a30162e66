"""Speed of the course's from-scratch solvers, measured against scikit-learn in the same run.

Run with ``make bench`` (or ``python -m benchmarks``). Each case times our implementation
and its scikit-learn (or numpy) twin on the same data, as the median of repeated runs after
a warm-up, and checks that both give the same answer. The table is printed and written to
``benchmarks/results.md``.
"""

from .runner import CASES, BenchResult, run_all, run_case, to_markdown

__all__ = ["CASES", "BenchResult", "run_case", "run_all", "to_markdown"]
