"""The one timing helper the benchmarks share."""
from __future__ import annotations

import statistics
import time
from typing import Callable


def median_seconds(func: Callable[[], object], repeat: int) -> float:
    """Median wall time of repeat calls of func."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        times.append(time.perf_counter() - started)
    return statistics.median(times)
