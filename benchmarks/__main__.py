"""`make bench`: run every case, print the table, write benchmarks/results.md."""

import argparse
import sys
from pathlib import Path

from .runner import run_all, to_markdown


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("cases", nargs="*", help="case names to run (default: all)")
    parser.add_argument("--quick", action="store_true", help="tiny sizes, one repeat")
    parser.add_argument("--out", default=str(Path(__file__).with_name("results.md")),
                        help="where to write the markdown table ('-' for nowhere)")
    args = parser.parse_args(argv)
    print("Benchmarks: ours vs scikit-learn, measured in this run")
    results = run_all(args.cases or None, quick=args.quick)
    table = to_markdown(results)
    print()
    print(table)
    if args.out != "-":
        Path(args.out).write_text(table)
        print(f"written to {args.out}")
    missed = [r.case.name for r in results if not r.met]
    if missed:
        print("targets missed: " + ", ".join(missed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
