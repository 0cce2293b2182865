"""The bundled sample register (data/sample_register.xlsx, made by scripts/make_sample.py) as a test register.

Its expected result is what the command line prints for it: tests that compare pages and exports with
the command line use it when the shared registers are not beside the clone.
"""
from __future__ import annotations

import contextlib
import io
import json
from functools import lru_cache
from pathlib import Path

from duban.paths import SAMPLE_REGISTER

AS_OF, PERIOD_START, PERIOD_END = "2026-11-20", "2026-01-01", "2026-12-31"


def cli_json(register: Path, *args: str) -> dict:
    """What `python -m duban analyze REGISTER ARGS --json` prints, run in-process."""
    from duban.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["analyze", str(register), *args, "--json"])
    assert code == 0, code
    return json.loads(out.getvalue())


@lru_cache(maxsize=1)
def _sample_expected_text() -> str:
    found = cli_json(SAMPLE_REGISTER, "--as-of", AS_OF, "--period-start", PERIOD_START, "--period-end", PERIOD_END)
    return json.dumps(found, ensure_ascii=False)


def sample_expected() -> dict:
    """The sample register's result in the shape of a shared register's .json (a fresh copy each call)."""
    return json.loads(_sample_expected_text())
