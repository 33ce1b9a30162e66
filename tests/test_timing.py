import statistics

import pytest

from course_utils import time_call


def test_time_call_returns_seconds_and_the_result():
    calls = []
    seconds, result = time_call(lambda: calls.append(1) or len(calls), repeats=3, warmup=True)
    assert result == 4 and len(calls) == 4  # one warm-up + three timed calls
    assert seconds >= 0


def test_time_call_reduces_with_the_statistic():
    seconds, _ = time_call(lambda: None, repeats=5, statistic=statistics.median)
    assert seconds >= 0


def test_time_call_needs_a_repeat():
    with pytest.raises(ValueError, match="repeats"):
        time_call(lambda: None, repeats=0)
