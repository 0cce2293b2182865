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
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_log = logging.getLogger("duban")


class WorkerFailed(Exception):
    """The worker crashed, hit its memory limit or ran out of time (the caller says so in Chinese)."""


class Worker:
    """A worker process already at work on its input; ``output()`` waits for its answer.

    Started early, it parses while this process goes on (the command line imports pandas meanwhile). Used
    as a context manager, a worker whose answer was never asked for is stopped on the way out.
    """

    def __init__(self, module: str, args: list[str], data: bytes, seconds: float):
        env = {k: v for k, v in os.environ.items() if not k.startswith("DUBAN_")}  # no database address
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
        self.module, self.deadline = module, time.monotonic() + seconds
        # the input waits in a temporary file, so that starting never blocks on a pipe the worker has not read
        with tempfile.TemporaryFile() as given:
            given.write(data)
            given.seek(0)
            self.process = subprocess.Popen([sys.executable, "-m", module, *args], stdin=given,
                                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=ROOT)

    def output(self) -> bytes:
        """The worker's standard output; WorkerFailed on a crash, limit or timeout."""
        try:
            out, err = self.process.communicate(timeout=max(self.deadline - time.monotonic(), 0.01))
        except subprocess.TimeoutExpired as exc:
            self.stop()
            _log.info("%s stopped after its time limit", self.module)
            raise WorkerFailed("timeout") from exc
        if self.process.returncode != 0:
            _log.info("%s ended with %s", self.module, self.process.returncode)
            _log.debug("%s said: %s", self.module, err[-2000:].decode("utf-8", "replace"))
            raise WorkerFailed(str(self.process.returncode))
        return out

    def stop(self) -> None:
        """End the worker if it still runs."""
        if self.process.returncode is None:
            self.process.kill()
            self.process.communicate()

    def __enter__(self) -> Worker:
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()


def run_worker(module: str, args: list[str], data: bytes, seconds: float) -> bytes:
    """Standard output of ``python -m module args`` fed ``data``; WorkerFailed on a crash, limit or timeout."""
    with Worker(module, args, data, seconds) as worker:
        return worker.output()


def limit_memory(memory_mb: int) -> None:
    """In the worker: cap its address space, so that a runaway allocation fails there and then."""
    import resource

    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
