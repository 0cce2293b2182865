"""Untrusted input is parsed or rendered in a process of its own, with a memory and a time limit.

A crafted workbook can make a parser allocate hundreds of GB or abort outright; a crafted template can
loop or grow without end. In a worker that takes down the worker only. The parent hands the bytes over on
standard input and reads the answer on standard output; the worker has no database address. What the
worker writes on standard error (a native backtrace, a warning) goes to the log at debug level, never to
the office's screen or terminal.
"""
from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_log = logging.getLogger("duban")


class WorkerFailed(Exception):
    """The worker crashed, hit its memory limit or ran out of time (the caller says so in Chinese)."""


def run_worker(module: str, args: list[str], data: bytes, seconds: float) -> bytes:
    """Standard output of ``python -m module args`` fed ``data``; WorkerFailed on a crash, limit or timeout."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DUBAN_")}  # no database address
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    try:
        done = subprocess.run([sys.executable, "-m", module, *args], input=data, capture_output=True,
                              timeout=seconds, env=env, cwd=ROOT)
    except subprocess.TimeoutExpired as exc:
        _log.info("%s stopped after %s s", module, seconds)
        raise WorkerFailed("timeout") from exc
    if done.returncode != 0:
        _log.info("%s ended with %s", module, done.returncode)
        _log.debug("%s said: %s", module, done.stderr[-2000:].decode("utf-8", "replace"))
        raise WorkerFailed(str(done.returncode))
    return done.stdout


def limit_memory(memory_mb: int) -> None:
    """In the worker: cap its address space, so that a runaway allocation fails there and then."""
    import resource

    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
