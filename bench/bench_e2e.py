"""End-to-end benchmark: our analyze beside the floor (bare python-calamine) and the naive way.

For registers of 1k, 10k and 100k items it times, in one run:
  (a) the floor: python-calamine opening the file and returning the sheet's rows;
  (b) ours: duban.pipeline.analyze (read → validate → compute → department table);
  (c) the way people do it by hand: pandas.read_excel with openpyxl, then a per-row
      chinese_calendar.find_workday in DataFrame.apply (at 100k the per-row part is timed on a
      10k-row sample and scaled);
plus `python -m duban analyze FILE --json` as a whole process (start-up included) and its peak memory.

    python bench/bench_e2e.py [--sizes 1000 10000 100000] [--repeat 3]
"""
from __future__ import annotations

import argparse
import datetime as dt
import io
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.timing import median_seconds  # noqa: E402
from tests.support.synthetic import synthetic_items, write_plain_xlsx  # noqa: E402

AS_OF = dt.date(2026, 11, 20)
NAIVE_SAMPLE = 10_000


def floor(data: bytes) -> None:
    import python_calamine
    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    book.get_sheet_by_index(0).to_python()


def ours(data: bytes) -> None:
    from duban.pipeline import analyze
    analyze(data, "bench.xlsx", AS_OF)


def naive(data: bytes, sample: int | None) -> float:
    """Seconds for read_excel (whole file) + per-row find_workday (scaled up from a sample)."""
    import chinese_calendar
    import pandas as pd
    started = time.perf_counter()
    frame = pd.read_excel(io.BytesIO(data), engine="openpyxl")
    read = time.perf_counter() - started
    rows = frame if sample is None else frame.head(sample)
    started = time.perf_counter()
    rows["交办日期"].apply(lambda d: chinese_calendar.find_workday(3, pd.Timestamp(d).date()))
    per_row = time.perf_counter() - started
    return read + per_row * len(frame) / len(rows)


def interleaved_medians(first, second, repeat: int) -> tuple[float, float]:
    """Medians of first and second timed in turns, so that a slow spell of the machine hits both alike."""
    pairs = [(median_seconds(first, 1), median_seconds(second, 1)) for _ in range(repeat)]
    return statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs)


_MEASURE = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL);"
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")


def whole_process(path: Path, repeat: int = 5) -> tuple[float, float]:
    """(median seconds, peak MB) of `python -m duban analyze FILE --json` in a fresh process.

    The command is started by a small Python process that reports its child's peak memory: a child
    started from this benchmark would first count the benchmark's own pages as its own.
    """
    args = [sys.executable, "-m", "duban", "analyze", str(path), "--as-of", AS_OF.isoformat(), "--json"]
    peaks = []

    def run() -> None:
        done = subprocess.run([sys.executable, "-c", _MEASURE, *args], cwd=ROOT, check=True,
                              capture_output=True, text=True)
        peaks.append(int(done.stdout.split()[-1]) / 1024)
    seconds = median_seconds(run, repeat)
    return seconds, max(peaks)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--cli-repeat", type=int, default=5, help="runs of the whole command-line process")
    args = parser.parse_args()
    print("| items | (a) calamine floor | (b) ours | (b)/(a) | (c) naive | (c)/(b) | CLI process | peak RSS |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    folder = Path(tempfile.mkdtemp(prefix="duban-e2e-"))
    for size in args.sizes:
        data = write_plain_xlsx(synthetic_items(size, as_of=AS_OF))
        path = folder / f"register-{size}.xlsx"
        path.write_bytes(data)
        process, peak = whole_process(path, args.cli_repeat)
        a, b = interleaved_medians(lambda: floor(data), lambda: ours(data), args.repeat)
        c = naive(data, NAIVE_SAMPLE if size > NAIVE_SAMPLE else None)
        print(f"| {size:,} | {a:.2f} s | {b:.2f} s | {b / a:.2f} | {c:.1f} s | {c / b:.0f}× | {process:.2f} s |"
              f" {peak:.0f} MB |")


if __name__ == "__main__":
    main()
