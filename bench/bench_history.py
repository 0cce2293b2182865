"""History benchmark: 104 weekly registers of 5,000 items saved through ``duban save``, then

- ``duban weeks --json`` (budget 1 s),
- every page's first load on a fresh process (budget 2 s) and its rerun (budget 0.5 s), through AppTest.

    python bench/bench_history.py [--weeks 104] [--items 5000] [--home DIR]

With --home pointing at a data home filled before, the saving is skipped (it takes a few minutes).
Each page runs in its own process, as on a freshly started server.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
LAST_WEEK = dt.date(2026, 11, 20)


def fill(home: Path, weeks: int, items: int) -> None:
    """Save `weeks` weekly registers of `items` items each through the command line."""
    from tests.support.synthetic import synthetic_items, write_plain_xlsx

    env = {**os.environ, "DUBAN_HOME": str(home)}
    times = []
    for back in range(weeks - 1, -1, -1):
        day = LAST_WEEK - dt.timedelta(days=7 * back)
        path = home / f"台账{day}.xlsx"
        path.write_bytes(write_plain_xlsx(synthetic_items(items, as_of=day, seed=back)))
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "duban", "save", str(path), "--as-of", f"{day}", "--user", "bench"],
                       cwd=ROOT, env=env, check=True, capture_output=True)
        times.append(time.perf_counter() - started)
        path.unlink()
    print(f"duban save: {weeks} weeks × {items:,} items, median {statistics.median(times):.2f} s per week, "
          f"total {sum(times):.0f} s")


def time_weeks_json(home: Path, repeat: int = 5) -> None:
    env = {**os.environ, "DUBAN_HOME": str(home)}
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "duban", "weeks", "--json"], cwd=ROOT, env=env, check=True,
                              capture_output=True)
        times.append(time.perf_counter() - started)
    print(f"duban weeks --json: median {statistics.median(times):.2f} s over {repeat} runs "
          f"({len(done.stdout):,} bytes)")


def page_worker(page: str, repeat: int = 5) -> None:
    """In a fresh process: sign in, open the page, time its first load and its reruns."""
    import logging

    from streamlit.testing.v1 import AppTest

    logging.getLogger("streamlit").setLevel(logging.ERROR)  # AppTest's bare-mode warnings

    from tests.support.signin import sign_in

    app = sign_in(AppTest.from_file(str(ROOT / "app.py"), default_timeout=600), "bench", "office")
    started = time.perf_counter()
    app.run()
    app.switch_page(page).run()
    first = time.perf_counter() - started
    assert not app.exception, [e.value for e in app.exception]
    reruns = []
    for _ in range(repeat):
        started = time.perf_counter()
        app.run()
        reruns.append(time.perf_counter() - started)
    print(f"  {page:<24} first load {first:5.2f} s   rerun {statistics.median(reruns):5.3f} s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--weeks", type=int, default=104)
    parser.add_argument("--items", type=int, default=5000)
    parser.add_argument("--home", type=Path)
    parser.add_argument("--page", help=argparse.SUPPRESS)  # the per-page worker
    args = parser.parse_args()
    if args.page:
        page_worker(args.page)
        return
    home = args.home or Path(tempfile.mkdtemp(prefix="duban-history-"))
    home.mkdir(parents=True, exist_ok=True)
    if not (home / "duban.db").exists():
        fill(home, args.weeks, args.items)
    time_weeks_json(home)
    from webui.shell import PAGES

    print(f"pages on a fresh process each, {os.cpu_count()} CPUs (budgets: first load 2 s, rerun 0.5 s):")
    env = {**os.environ, "DUBAN_HOME": str(home)}
    for spec in PAGES:
        subprocess.run([sys.executable, __file__, "--page", spec.path], cwd=ROOT, env=env, check=True)
    print(f"data home: {home}")


if __name__ == "__main__":
    main()
