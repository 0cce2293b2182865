"""The one timing helper the benchmarks share."""
from __future__ import annotations

import statistics
import time
from typing import Callable


def median_seconds(func: Callable[..., object], repeat: int, fresh: Callable[[], object] | None = None) -> float:
    """Median wall time of repeat calls of func.

    With fresh, each call gets a new fresh() (made outside the timing): for steps whose input is spent or
    warmed by a call, such as cells whose strings keep their hash once hashed.
    """
    times = []
    for _ in range(repeat):
        args = (fresh(),) if fresh is not None else ()
        started = time.perf_counter()
        func(*args)
        times.append(time.perf_counter() - started)
        del args
    return statistics.median(times)
