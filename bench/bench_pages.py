"""Page rerun benchmark: with a 10,000-item register stored, time each page's rerun after the first load.

Uses Streamlit's AppTest (the same script runner as the server, without the browser). Target: every
page reruns in under 1 s once the analysis is cached.

    python bench/bench_pages.py [--items 10000] [--repeat 5]
    python bench/bench_pages.py --upload [--items 10000] [--repeat 5]

With --upload it times the upload page from a file dropped in to its report shown (server side, a new
register each time so that no cache helps), in a server process that has shown the page once.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--upload", action="store_true", help="time upload → report instead of page reruns")
    args = parser.parse_args()
    os.environ["DUBAN_HOME"] = tempfile.mkdtemp(prefix="duban-bench-")
    if args.upload:
        upload_to_report(args.items, args.repeat)
        return
    from streamlit.testing.v1 import AppTest

    from duban.storage import database
    from tests.support.signin import sign_in
    from tests.support.synthetic import synthetic_items, write_plain_xlsx

    as_of = dt.date(2026, 11, 20)
    engine = database.connect()
    for weeks_back in (1, 0):
        day = as_of - dt.timedelta(days=7 * weeks_back)
        content = write_plain_xlsx(synthetic_items(args.items, as_of=day, seed=weeks_back))
        database.save_register(engine, content, f"bench-{day}.xlsx", day, "bench")  # analysed on first view
    from duban.pipeline import analyze
    started = time.perf_counter()
    analyze(content, "bench.xlsx", as_of)
    print(f"cold analysis of one {args.items:,}-item register (read → validate → compute): "
          f"{time.perf_counter() - started:.2f} s")
    print(f"{args.items:,} items per stored week (2 weeks stored); median of {args.repeat} reruns")
    for page in sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "app_pages").glob("*.py")):
        app = sign_in(AppTest.from_file(str(ROOT / "app.py"), default_timeout=300), "bench", "office")
        app.run()
        app.switch_page(page)
        started = time.perf_counter()
        app.run()
        first = time.perf_counter() - started
        assert not app.exception, [e.value for e in app.exception]
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            app.run()
            times.append(time.perf_counter() - started)
        print(f"  {page:<24} first load {first:6.2f} s   rerun {statistics.median(times):6.3f} s")


def upload_to_report(items: int, repeat: int) -> None:
    """Seconds from a new register given to the upload page to its report, median of repeat uploads."""
    from streamlit.testing.v1 import AppTest

    from tests.support.signin import sign_in
    from tests.support.synthetic import synthetic_items, write_plain_xlsx

    registers = [write_plain_xlsx(synthetic_items(items, seed=seed)) for seed in range(repeat + 1)]
    app = sign_in(AppTest.from_file(str(ROOT / "app.py"), default_timeout=300), "bench", "office")
    app.run()
    app.switch_page("app_pages/upload.py").run()
    times = []
    for seed, content in enumerate(registers):  # the first warms the page's imports and is not counted
        app.file_uploader(key="upload_file").set_value((f"台账{seed}.xlsx", content, "application/octet-stream"))
        started = time.perf_counter()
        app.run()
        assert not app.exception and app.metric, [e.value for e in app.exception]
        times.append(time.perf_counter() - started)
    print(f"upload → report, {items:,} items: median {statistics.median(times[1:]):.2f} s, "
          f"min {min(times[1:]):.2f} s, max {max(times[1:]):.2f} s ({repeat} uploads)")


if __name__ == "__main__":
    main()
