"""Wall-clock timing for the lessons' "how long does it take" cells and the benchmarks.

Timings differ between machines and runs: a notebook cell that prints one carries
``# NBVAL_IGNORE_OUTPUT``; compare times measured in the same run, never absolute numbers.
"""

from __future__ import annotations

import time

__all__ = ["time_call"]


def time_call(fn, *, repeats=3, statistic=min, warmup=False):
    """Call ``fn()`` ``repeats`` times; return ``(seconds, result)``.

    Parameters
    ----------
    fn : callable
        Called without arguments (wrap arguments in a ``lambda``).
    repeats : int, default=3
        Number of timed calls.
    statistic : callable, default=min
        Reduces the list of times to one number: ``min`` (the best of the repeats, least
        disturbed by the rest of the machine) or e.g. ``statistics.median``.
    warmup : bool, default=False
        Make one untimed call first (imports, caches, first touch of memory).

    Returns
    -------
    seconds : float
    result
        What the last call of ``fn`` returned.

    Examples
    --------
    >>> seconds, total = time_call(lambda: sum(range(1000)), repeats=2)
    >>> total, seconds >= 0
    (499500, True)
    """
    if int(repeats) < 1:
        raise ValueError(f"repeats must be at least 1, got {repeats!r}.")
    result = fn() if warmup else None
    times = []
    for _ in range(int(repeats)):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return float(statistic(times)), result
