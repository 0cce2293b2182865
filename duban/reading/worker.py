"""Untrusted workbooks are parsed here, in a worker process (duban.isolation) with a memory and a time limit.

python-calamine aborts outright on a far cell in XFD1048576, and a crafted file can make it allocate
hundreds of GB. The rows come back as JSON (dates tagged), never as pickle; the worker imports nothing
but the workbook reader.

The file's checks (workbook.check_file) run while python-calamine parses it in a second thread (both let
go of the interpreter lock, so on two cores a large register takes the longer of the two, not their sum).
The checks' verdict is the answer whenever they refuse. A parse that brings the worker down first (the
limits, an abort) loses the checks' message with it, so the parent then asks a worker that only checks.

    python -m duban.reading.worker FILENAME MAX_ROWS MEMORY_MB [check]   (bytes on stdin, JSON on stdout)
"""
from __future__ import annotations

import datetime as dt
import json
import os
import sys
import threading

from duban.errors import ReadError
from duban.isolation import Worker, WorkerFailed, limit_memory, run_worker

TOO_BIG = ("文件过大或已损坏，读取时超出了允许的内存或时间，已停止读取（已保存的数据没有任何改动）。"
           "请在 Excel 中删除多余的行列或远处误输入的内容，另存为 .xlsx 后重新上传。")


def _encoded(value: object) -> object:
    """The JSON of a cell json cannot write itself (json.dumps calls it for those cells only, a register's
    dates by the hundred thousand: the plain date is asked about first)."""
    if type(value) is dt.date:
        return {"date": value.isoformat()}
    if isinstance(value, dt.datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"date": value.isoformat()}
    if isinstance(value, dt.time):
        return {"time": value.isoformat()}
    if isinstance(value, dt.timedelta):
        return {"seconds": value.total_seconds()}
    return str(value)


def _decoded(tagged: dict) -> object:
    if "date" in tagged:
        return dt.date.fromisoformat(tagged["date"])
    if "datetime" in tagged:
        return dt.datetime.fromisoformat(tagged["datetime"])
    if "time" in tagged:
        return dt.time.fromisoformat(tagged["time"])
    if "seconds" in tagged:
        return dt.timedelta(seconds=tagged["seconds"])
    return tagged


class Reading:
    """A workbook being parsed in a worker process; ``sheets()`` gives its sheets or raises ReadError.

    Use it as a context manager: a reading left unfinished (an error on the way) stops its worker.
    """

    def __init__(self, data: bytes, filename: str, max_rows: int, memory_mb: int = 2048, seconds: int = 60):
        self.args, self.data, self.seconds = [filename, str(max_rows), str(memory_mb)], data, seconds
        self.worker = Worker("duban.reading.worker", self.args, data, seconds)

    @classmethod
    def of(cls, data: bytes, filename: str, config) -> Reading:
        """A reading within the limits of config (a duban.config.Config)."""
        return cls(data, filename, config.max_rows_per_sheet, config.read_memory_mb, config.read_seconds)

    def sheets(self) -> list:
        """(name, cells, merged ranges) of every sheet: its cells as one array of objects (a row per sheet row,
        a column per sheet column), filled a line at a time while the worker writes the next."""
        import numpy as np

        sheets, ended = [], False
        try:
            for line in self.worker.lines():
                found = json.loads(line, object_hook=_decoded)
                if "error" in found:
                    raise ReadError(str(found["error"]))
                if "sheet" in found:
                    width = int(found["width"])
                    if not 0 <= width <= MAX_COLUMNS:
                        raise ValueError(width)
                    sheets.append((str(found["sheet"]), [np.empty((0, width), dtype=object)],
                                   [tuple(map(tuple, m)) for m in found["merged"]]))
                elif "rows" in found:
                    blocks, rows = sheets[-1][1], found["rows"]
                    width = blocks[0].shape[1]
                    if not all(type(row) is list and len(row) == width for row in rows):
                        raise ValueError("a row of another width")  # numpy would broadcast it, not refuse it
                    block = np.empty((len(rows), width), dtype=object)
                    block[:] = rows
                    blocks.append(block)
                ended = found.get("end") == len(sheets)
        except WorkerFailed as exc:
            self._checked_alone()
            raise ReadError(TOO_BIG) from exc
        except ReadError:
            raise
        except (ValueError, LookupError, TypeError, AttributeError) as exc:  # not what a worker writes
            raise ReadError(TOO_BIG) from exc
        if not ended:
            raise ReadError(TOO_BIG)
        return [(name, np.concatenate(blocks), merged) for name, blocks, merged in sheets]

    def _checked_alone(self) -> None:
        """The checks' own message for a file whose parse brought the worker down (nothing if they pass)."""
        try:
            found = json.loads(run_worker("duban.reading.worker", [*self.args, "check"], self.data, self.seconds))
        except (WorkerFailed, ValueError):  # down again, or not what a worker writes: the caller's refusal stands
            return
        if isinstance(found, dict) and "error" in found:
            raise ReadError(str(found["error"]))

    def __enter__(self) -> Reading:
        return self

    def __exit__(self, *exc_info) -> None:
        self.worker.stop()


def read_sheets_isolated(data: bytes, filename: str, max_rows: int, memory_mb: int = 2048,
                         seconds: int = 60) -> list:
    """workbook.read_sheets run in a worker process, each sheet's cells as one array (``Reading.sheets``); any
    crash, limit or timeout there becomes a ReadError."""
    with Reading(data, filename, max_rows, memory_mb, seconds) as reading:
        return reading.sheets()


class Parsing(threading.Thread):
    """workbook.parse_sheets at work in a thread of its own; ``sheets()`` waits for it."""

    def __init__(self, data: bytes, filename: str, max_rows: int):
        super().__init__(daemon=True)
        self.given, self.found, self.failed = (data, filename, max_rows), None, None
        self.start()

    def run(self) -> None:
        from duban.reading.workbook import parse_sheets

        try:
            self.found = parse_sheets(*self.given)
        except BaseException as exc:  # noqa: BLE001 -- raised again in the worker's main thread
            self.failed = exc

    def sheets(self) -> list:
        self.join()
        if self.failed is not None:
            raise self.failed
        return self.found


_ROWS_PER_LINE = 5000
MAX_COLUMNS = 16_384  # Excel's last column, XFD: no sheet the parent takes is wider


def _answer(*lines: dict) -> None:
    """Write the answer, a JSON object per line, and end the worker (a parse still running after a refusal
    ends with it: a thread cannot be stopped). A line is one write: json.dump would send it down the pipe in
    thousands of small pieces. NaN travels as NaN."""
    for line in lines:
        sys.stdout.write(json.dumps(line, ensure_ascii=False, default=_encoded) + "\n")
        sys.stdout.flush()
    os._exit(0)


def _sheet_lines(sheets: list) -> list[dict]:
    """A sheet's name, merged ranges and width, then its rows a few thousand at a time (the parent decodes each
    line while the next is written); the last line says the answer is whole."""
    lines = []
    for name, rows, merged in sheets:
        width = max(map(len, rows), default=0)  # a CSV's short rows padded, so that every row has the width
        rows = [row if len(row) == width else [*row, *[None] * (width - len(row))] for row in rows]
        lines.append({"sheet": name, "merged": merged, "width": width})
        lines += [{"rows": rows[i:i + _ROWS_PER_LINE]} for i in range(0, len(rows), _ROWS_PER_LINE)]
    return [*lines, {"end": len(sheets)}]


def main(argv: list[str]) -> None:
    """The worker: limits itself, reads stdin, writes the sheets (or the reader's Chinese message) as JSON."""
    from duban.reading.workbook import check_file

    filename, max_rows, memory_mb = argv[0], int(argv[1]), int(argv[2])
    limit_memory(memory_mb)
    data = sys.stdin.buffer.read()
    parsing = None if argv[3:] == ["check"] else Parsing(data, filename, max_rows)
    try:
        check_file(data, filename)
        _answer(*_sheet_lines(parsing.sheets()) if parsing else [{"checked": True}])
    except ReadError as exc:
        _answer({"error": str(exc)})


if __name__ == "__main__":
    main(sys.argv[1:])
