"""Compute step benchmark (SPEC §2–§5): deadlines + stages + department table for 100,000 items.

The file read is excluded: the raw rows are read once, then canonical frame, validation, due dates,
escalation and the department table are timed. Target: under 0.3 s on a 2-core machine.

    python bench/bench_compute.py [--items 100000] [--repeat 5]
"""
from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pandas as pd  # noqa: E402

from duban.analysis import work_calendar  # noqa: E402
from duban.assessment import department_table  # noqa: E402
from duban.config import Config  # noqa: E402
from duban.deadlines import due_dates  # noqa: E402
from duban.escalation import escalate  # noqa: E402
from duban.reader import read_register  # noqa: E402
from duban.register import canonical_frame  # noqa: E402
from duban.schema import validate  # noqa: E402
from duban.synthetic import synthetic_items, write_plain_xlsx  # noqa: E402

AS_OF = pd.Timestamp("2026-11-20")


def timed(func, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    config = Config()
    calendar = work_calendar(config)
    raw = read_register(write_plain_xlsx(synthetic_items(args.items, as_of=AS_OF.date())), "bench.xlsx").rows
    frame, issues = validate(canonical_frame(raw, AS_OF, config), AS_OF)
    kept = frame.drop(index=issues.loc[issues["severity"] == "error", "frame_index"].unique())

    def compute():
        items = escalate(due_dates(kept, calendar, config), AS_OF, calendar, config)
        return department_table(items, dt.date(2026, 1, 1), dt.date(2026, 12, 31), calendar, config)

    steps = {
        "canonical frame (parse cells)": lambda: canonical_frame(raw, AS_OF, config),
        "canonical frame + validation (pandera)": lambda: validate(canonical_frame(raw, AS_OF, config), AS_OF),
        "compute: deadlines + stages + department table": compute,
    }
    print(f"{args.items:,} items, median of {args.repeat} runs")
    for name, step in steps.items():
        seconds, _ = timed(step, args.repeat)
        print(f"  {name:<50} {seconds * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
