"""How long a lesson takes to teach: words, code lines and figures of its main path.

    .venv/bin/python tools/lesson_time.py            # every lesson, main path and "Going further"
    .venv/bin/python tools/lesson_time.py --check    # exit 1 if a main path is over the limit

The main path is everything before the markdown cell whose heading starts with
``## Going further``; that part and everything after it is optional depth. The estimate is

    minutes = words / WORDS_PER_MINUTE + code lines * MINUTES_PER_CODE_LINE
              + figures * MINUTES_PER_FIGURE

with words counted in markdown cells (formulas count as words: they are read out), code lines
the non-blank, non-comment lines of code cells except the first (the imports and
``setup_notebook``, run but not taught line by line), and figures the ``plt.show()`` calls.
The rates
(130 words a minute read and explained, 12 s a code line run and discussed, 2 minutes a
figure) make the lessons as they stood before the "Going further" split come to an instructor's
reading of them: about eight hours in all (460 minutes), 98 to 105 minutes for lessons 02, 03
and 05.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import jupytext

ROOT = Path(__file__).resolve().parents[1]
WORDS_PER_MINUTE = 130
MINUTES_PER_CODE_LINE = 0.2
MINUTES_PER_FIGURE = 2.0
MAIN_PATH_LIMIT = 60  # minutes of a 90-minute class
GOING_FURTHER = re.compile(r"^\s*##\s+Going further", re.M)


class Count:
    """Words, code lines and figures of one part of a lesson."""

    def __init__(self):
        self.words = self.code_lines = self.figures = 0

    @property
    def minutes(self) -> float:
        return (self.words / WORDS_PER_MINUTE + self.code_lines * MINUTES_PER_CODE_LINE
                + self.figures * MINUTES_PER_FIGURE)


def count(path: Path) -> tuple[Count, Count]:
    """(main path, going further) of one lesson source."""
    nb = jupytext.read(path)
    main, extra = Count(), Count()
    part = main
    first_code = True
    for cell in nb.cells:
        if cell.cell_type == "markdown" and GOING_FURTHER.search(cell.source):
            part = extra
        if cell.cell_type == "markdown":
            part.words += len(cell.source.split())
        elif cell.cell_type == "code" and first_code:
            first_code = False  # the setup cell: imports, run once, not taught line by line
        elif cell.cell_type == "code":
            lines = [ln for ln in cell.source.splitlines()
                     if ln.strip() and not ln.strip().startswith("#")]
            part.code_lines += len(lines)
            part.figures += cell.source.count("plt.show()")
    return main, extra


def lessons() -> list[Path]:
    return sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.py"))


def main(argv: list[str]) -> int:
    over = []
    print(f"{'lesson':28s} {'words':>6s} {'code':>5s} {'figs':>5s} {'main min':>9s} "
          f"{'further min':>12s}")
    for path in lessons():
        m, e = count(path)
        print(f"{path.stem:28s} {m.words:6d} {m.code_lines:5d} {m.figures:5d} "
              f"{m.minutes:9.0f} {e.minutes:12.0f}")
        if m.minutes > MAIN_PATH_LIMIT:
            over.append(path.stem)
    if "--check" in argv and over:
        print(f"over {MAIN_PATH_LIMIT} minutes on the main path: {', '.join(over)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
