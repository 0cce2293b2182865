"""The whole `python -m duban analyze FILE --json` process, timed in turns across checkouts (A/B).

The user-visible budget is the whole process: start-up, imports, reading, analysis and JSON. Each
checkout's command is run in turn with the others (so a slow spell of the machine hits them alike),
started by a small Python process that reports the child's peak memory.

    python bench/bench_cli.py --sizes 10000 100000 --runs 7 [--checkout OTHER_DIR ...]

Without --checkout it times this checkout alone. The registers are the synthetic ones of
tests/support/synthetic.py, written once to a temporary folder. In the same turns it times a bare
python-calamine read of the register (a process reading every sheet's cells, nothing else): the budget is
a ratio to it, so that a slower machine does not move the goal.
"""
from __future__ import annotations

import argparse
import datetime as dt
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

AS_OF = dt.date(2026, 11, 20)
_MEASURE = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL);"
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")


_BARE = ("import sys, python_calamine as c; b = c.CalamineWorkbook.from_path(sys.argv[1])\n"
         "for n in b.sheet_names: b.get_sheet_by_name(n).to_python(skip_empty_area=False)")
BARE = Path("bare calamine read")


def run_once(checkout: Path, register: Path) -> tuple[float, float]:
    """(seconds, peak MB) of one analyze process run from checkout (or of the bare read, for BARE)."""
    args = [sys.executable, "-m", "duban", "analyze", str(register), "--as-of", AS_OF.isoformat(), "--json"]
    if checkout == BARE:
        checkout, args = ROOT, [sys.executable, "-c", _BARE, str(register)]
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _MEASURE, *args], cwd=checkout, check=True,
                          capture_output=True, text=True)
    return time.perf_counter() - started, int(done.stdout.split()[-1]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--checkout", type=Path, action="append", default=[], help="another checkout to compare")
    parser.add_argument("--folder", type=Path, help="where the registers are kept (reused when present)")
    args = parser.parse_args()
    checkouts = [BARE, ROOT, *args.checkout]
    folder = args.folder or Path(tempfile.mkdtemp(prefix="duban-cli-"))
    folder.mkdir(parents=True, exist_ok=True)
    print("| items | checkout | median | min | max | peak RSS | × bare read |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    for size in args.sizes:
        register = folder / f"register-{size}.xlsx"
        if not register.exists():
            from tests.support.synthetic import synthetic_items, write_plain_xlsx
            register.write_bytes(write_plain_xlsx(synthetic_items(size, as_of=AS_OF)))
        for checkout in checkouts:
            run_once(checkout, register)  # first run warms the file cache and the byte-code
        times: dict[Path, list[float]] = {c: [] for c in checkouts}
        peaks: dict[Path, float] = {c: 0.0 for c in checkouts}
        for _ in range(args.runs):
            for checkout in checkouts:
                seconds, peak = run_once(checkout, register)
                times[checkout].append(seconds)
                peaks[checkout] = max(peaks[checkout], peak)
        bare = statistics.median(times[BARE])
        for checkout in checkouts:
            t = times[checkout]
            print(f"| {size:,} | {checkout.name} | {statistics.median(t):.2f} s | {min(t):.2f} s | {max(t):.2f} s |"
                  f" {peaks[checkout]:.0f} MB | {statistics.median(t) / bare:.1f}× |")


if __name__ == "__main__":
    main()
