"""The benchmark runner runs on tiny sizes, so it cannot rot between `make bench` runs."""

import numpy as np

from benchmarks import CASES, run_all, to_markdown
from benchmarks.__main__ import main


def test_every_case_runs_and_agrees_on_tiny_sizes():
    results = run_all(quick=True, log=lambda *_: None)
    assert [r.case.name for r in results] == [c.name for c in CASES]
    for r in results:
        assert r.ours_s > 0 and r.theirs_s > 0 and np.isfinite(r.ratio)
        assert r.max_abs_diff <= r.case.agree_tol, (r.case.name, r.max_abs_diff)


def test_table_has_one_row_per_case(tmp_path):
    out = tmp_path / "results.md"
    assert main(["--quick", "--out", str(out)]) == 0
    table = out.read_text()
    rows = [line for line in table.splitlines() if line.startswith("| ") and "ms |" in line]
    assert len(rows) == len(CASES)
    assert "| ratio |" in to_markdown([])
