"""``analyze --json`` worked out where the file is parsed: one worker process, with the reading's memory and
time limits, parses the untrusted file and runs the whole pipeline on its cells, and writes the JSON.

The worker imports pandas and the analysis while python-calamine parses in a thread of its own (the parse
lets go of the interpreter lock), and its cells never travel between processes. This process, meanwhile,
runs the file's checks (workbook.check_file) and, when they refuse, stops the worker and says why: the
checks' own words, as on every other path. It never imports pandas.

A worker that ends other than with the report or the reader's own Chinese message (a crash, a limit too
low for pandas itself, an unexpected error) is answered by the proven way instead: a worker that only
parses, and the analysis here (``duban.reading.worker.Reading``), which says the same things as always.

    python -m duban.analysis_worker MEMORY_MB MAX_ROWS   (the job as a JSON line, then the file, on stdin)
"""
from __future__ import annotations

import json
import os
import sys

from duban.errors import DubanError, ReadError
from duban.isolation import Worker, WorkerFailed, limit_memory


def json_report(data: bytes, filename: str, job: dict, config) -> bytes | None:
    """The JSON of ``analyze --json`` for a register's bytes, or None when the worker did not finish it.

    job holds the rest of the command (as_of, period_start, period_end, config and overrides file paths,
    layouts, map: the --map pairs), all plain JSON; config is the loaded duban.config.Config (its limits). Raises
    DubanError with the reader's or the checks' Chinese message.
    """
    from duban.reading.workbook import check_file

    given = json.dumps({"filename": filename, **job}, ensure_ascii=False).encode() + b"\n" + data
    args = [str(config.read_memory_mb), str(config.max_rows_per_sheet)]
    with Worker("duban.analysis_worker", args, given, config.read_seconds) as worker:
        try:
            check_file(data, filename)  # here, beside the worker: a refusal stops it on the way out
        except ReadError:
            raise
        except Exception:  # noqa: BLE001 -- a file the checks trip over: the proven way runs them in a worker
            return None
        try:
            out = worker.output()
        except WorkerFailed:
            return None
    status, _, report = out.partition(b"\n")
    try:
        said = json.loads(status)
    except ValueError:  # not what the worker writes
        return None
    if isinstance(said, dict) and isinstance(said.get("error"), str):
        raise DubanError(said["error"])
    return report if isinstance(said, dict) and said.get("report") is True else None


def _analysis(data: bytes, job: dict, max_rows: int):
    """The Analysis of the job's register; the file is parsed while the pipeline is imported."""
    from duban.reading.worker import Parsing

    parsing = Parsing(data, str(job["filename"]), max_rows)
    from duban.compute.calendar import load_overrides
    from duban.config import load_config
    from duban.pipeline import analyze_reading
    from duban.reading.layouts import parse_mapping

    config = load_config(job["config"])
    return analyze_reading(parsing, job["as_of"], job["period_start"], job["period_end"], config,
                           load_overrides(job["overrides"]), job["layouts"], parse_mapping(job["map"]))


def main(argv: list[str]) -> None:
    """The worker: limits itself, reads the job and the file, writes a status line, then the report."""
    limit_memory(int(argv[0]))
    job = json.loads(sys.stdin.buffer.readline())
    data = sys.stdin.buffer.read()
    try:
        analysis = _analysis(data, job, int(argv[1]))
    except ValueError as exc:  # the reader's or the dates' own sentence, as the command line says it (DubanError too)
        print(json.dumps({"error": str(exc)}, ensure_ascii=False), flush=True)
        os._exit(0)
    except Exception as exc:  # noqa: BLE001 -- the parent takes the proven way and says it there
        print(json.dumps({"failed": type(exc).__name__}), flush=True)
        os._exit(0)
    from duban.output.json_report import write_json

    print(json.dumps({"report": True}), flush=True)
    write_json(analysis, sys.stdout)
    sys.stdout.flush()
    os._exit(0)  # the report is written: no teardown of pandas in a process about to end


if __name__ == "__main__":
    main(sys.argv[1:])
