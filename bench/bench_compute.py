"""Step-by-step benchmark of analyze (read → validate → compute), beside the bare calamine read.

Each step is timed on its own input, in pipeline order, so that the end-to-end figure of
``bench_e2e.py`` can be taken apart: what reading costs next to the floor, and what each later step
adds. Target for the compute steps (deadlines + stages + department table) at 100,000 items: under 0.3 s
on a 2-core machine.

    python bench/bench_compute.py [--items 10000 100000] [--repeat 7]
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pandas as pd  # noqa: E402

from bench.bench_e2e import floor  # noqa: E402
from bench.timing import median_seconds  # noqa: E402
from duban.pipeline import analyze, work_calendar  # noqa: E402
from duban.compute.assessment import department_table  # noqa: E402
from duban.config import Config  # noqa: E402
from duban.compute.deadlines import due_dates  # noqa: E402
from duban.compute.escalation import escalate  # noqa: E402
from duban.compute.filing import filing_flags  # noqa: E402
from duban.reading.table import read_register  # noqa: E402
from duban.clean.canonical import canonical_frame  # noqa: E402
from duban.validate import ERROR, validate  # noqa: E402
from tests.support.synthetic import synthetic_items, write_plain_xlsx  # noqa: E402
from duban.reading.workbook import read_sheets  # noqa: E402

AS_OF = pd.Timestamp("2026-11-20")
PERIOD = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))


def steps(data: bytes) -> dict[str, object]:
    """Step name → a call timing that step alone, or (call, maker of its fresh input for each run).

    Inputs are made beforehand, outside the timing.
    """
    config = Config()
    calendar = work_calendar(config)
    raw = read_register(data, "bench.xlsx").rows
    frame = canonical_frame(raw, AS_OF, config)
    dated = due_dates(frame, calendar, config)  # the pipeline's order: deadlines, then validation
    checked, issues = validate(dated, AS_OF)
    kept = checked.drop(index=issues.loc[issues["severity"] == ERROR, "frame_index"].unique())
    items = escalate(kept, AS_OF, calendar, config)
    items["filing_flags"] = filing_flags(items, config)
    return {
        "(a) floor: python-calamine reads the sheet": lambda: floor(data),
        "read cells (python-calamine)": lambda: read_sheets(data, "bench.xlsx", config.max_rows_per_sheet),
        "read cells and code the columns (header, blank rows, merges)": lambda: read_register(data, "bench.xlsx"),
        "canonical frame (each distinct cell parsed once)": lambda: canonical_frame(raw, AS_OF, config),
        "deadlines (rules.md §4)": lambda: due_dates(frame, calendar, config),
        "validation (pandera: the registry's columns and rules)": lambda: validate(dated, AS_OF),
        "stages (rules.md §5)": lambda: escalate(kept, AS_OF, calendar, config),
        "filing flags (立项规范性)": lambda: filing_flags(items, config),
        "department table (rules.md §6)": lambda: department_table(items, *PERIOD, calendar, config),
        "(b) whole analyze": lambda: analyze(data, "bench.xlsx", AS_OF, *PERIOD),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    for size in args.items:
        data = write_plain_xlsx(synthetic_items(size, as_of=AS_OF.date()))
        print(f"{size:,} items, median of {args.repeat} runs")
        for name, step in steps(data).items():
            func, fresh = step if isinstance(step, tuple) else (step, None)
            print(f"  {name:<55} {median_seconds(func, args.repeat, fresh) * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
