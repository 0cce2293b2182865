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
import selectors
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
        # the input waits in a temporary file, so that starting never blocks on a pipe the worker has not read;
        # what it says on standard error waits in another, so that it never blocks on a full pipe either
        self.said = tempfile.TemporaryFile()
        with tempfile.TemporaryFile() as given:
            given.write(data)
            given.seek(0)
            self.process = subprocess.Popen([sys.executable, "-m", module, *args], stdin=given,
                                            stdout=subprocess.PIPE, stderr=self.said, env=env, cwd=ROOT)

    def output(self) -> bytes:
        """The worker's standard output; WorkerFailed on a crash, limit or timeout."""
        try:
            out, _ = self.process.communicate(timeout=self._left())
        except subprocess.TimeoutExpired as exc:
            raise self._timed_out() from exc
        self._check_ended()
        return out

    def lines(self):
        """The worker's standard output line by line, each as soon as it is written (the caller decodes one
        while the worker writes the next); WorkerFailed on a crash, limit or timeout, after the lines so far."""
        pieces, out = [], self.process.stdout
        with selectors.DefaultSelector() as waiting:
            waiting.register(out, selectors.EVENT_READ)
            while True:
                if not waiting.select(self._left()):
                    raise self._timed_out()
                if not (chunk := os.read(out.fileno(), 1 << 20)):
                    break
                *done, rest = chunk.split(b"\n")
                if done:
                    yield b"".join([*pieces, done[0]])
                    yield from done[1:]
                    pieces = []
                pieces.append(rest)
        try:
            self.process.wait(timeout=self._left())
        except subprocess.TimeoutExpired as exc:
            raise self._timed_out() from exc
        self._check_ended()

    def _left(self) -> float:
        return max(self.deadline - time.monotonic(), 0.01)

    def _timed_out(self) -> WorkerFailed:
        self.stop()
        _log.info("%s stopped after its time limit", self.module)
        return WorkerFailed("timeout")

    def _check_ended(self) -> None:
        """WorkerFailed for a worker that ended other than well, with what it said in the log."""
        if self.process.returncode != 0:
            _log.info("%s ended with %s", self.module, self.process.returncode)
            self.said.seek(max(self.said.seek(0, os.SEEK_END) - 2000, 0))
            _log.debug("%s said: %s", self.module, self.said.read().decode("utf-8", "replace"))
            raise WorkerFailed(str(self.process.returncode))

    def stop(self) -> None:
        """End the worker if it still runs."""
        if self.process.returncode is None:
            self.process.kill()
            self.process.communicate()
        self.process.stdout.close()
        self.said.close()

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
