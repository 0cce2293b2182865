"""The worker process that parses untrusted files: values come back as they were, limits hold, failures are said."""
from __future__ import annotations

import datetime as dt
import time

import pytest

from duban.errors import ReadError
from duban.reading.worker import TOO_BIG, Reading, read_sheets_isolated
from tests.support.hostile import ods_repeated
from tests.support.workbooks import HEADER, analyze_table, worker_cells, xlsx_bytes


def test_cells_come_back_with_their_types():
    rows = [["文字", 2024.6, 3, dt.date(2024, 3, 5), dt.datetime(2024, 3, 5, 14, 30), True, None]]
    (name, cells, merged), = read_sheets_isolated(xlsx_bytes(rows, merges=("A2:A3",)), "t.xlsx", 100)
    assert name == "台账" and merged == [((1, 0), (2, 0))] and cells.dtype == object
    got = cells.tolist()
    assert got[0][:3] == ["文字", 2024.6, 3.0] and got[0][5] is True
    assert got[0][3] == dt.date(2024, 3, 5) and got[0][4] == dt.datetime(2024, 3, 5, 14, 30)


ROWS = [
    HEADER,
    ["DB-1", "事项", "医务部", dt.datetime(2024, 3, 1), "3个工作日", "办理中", None, ""],
    ["DB-2", 7, "护理部", dt.date(2024, 3, 2), 45352, True, dt.datetime(2024, 3, 5, 9, 30), "=SUM(A1)", None],
    [None, None, None],
    ["DB-3", 2.5, "信息科", "2024-03-04", "", "已办结", "2024-03-05"],
    [None, ""],
]


def test_the_in_process_cells_of_the_rule_tests_are_the_workers_cells():
    """The rule tests skip the file and the worker (tests/support/workbooks.worker_cells): same cells."""
    assert worker_cells(ROWS) == read_sheets_isolated(xlsx_bytes(ROWS), "t.xlsx", 1000)[0][1].tolist()


def test_a_register_analysed_in_process_equals_the_same_register_read_from_its_file():
    from duban.pipeline import analyze

    by_file = analyze(xlsx_bytes(ROWS), "t.xlsx", "2024-03-15")
    in_process = analyze_table(ROWS[1:], "2024-03-15")
    assert by_file.items.equals(in_process.items) and by_file.issues.equals(in_process.issues)
    assert by_file.notices == in_process.notices and by_file.columns == in_process.columns


def test_the_readers_own_message_comes_back_as_it_is():
    with pytest.raises(ReadError, match="文件为空"):
        read_sheets_isolated(b"", "t.xlsx", 100)


def test_a_file_needing_more_memory_than_allowed_is_refused_quickly():
    started = time.perf_counter()
    with pytest.raises(ReadError) as caught:
        read_sheets_isolated(ods_repeated(), "t.ods", 100, memory_mb=300)
    assert str(caught.value) == TOO_BIG and time.perf_counter() - started < 30


def test_a_file_taking_longer_than_allowed_is_stopped():
    started = time.perf_counter()
    with pytest.raises(ReadError, match="文件过大或已损坏"):
        read_sheets_isolated(ods_repeated(columns=1000, rows=20_000), "t.ods", 100, memory_mb=60_000, seconds=1)
    assert time.perf_counter() - started < 10


def test_a_reading_left_unfinished_stops_its_worker():
    from duban.isolation import Worker

    with Worker("http.server", ["0", "--bind", "127.0.0.1"], b"", seconds=60) as worker:  # never ends by itself
        assert worker.process.poll() is None
    assert worker.process.poll() is not None


def test_a_sheet_of_many_rows_comes_back_whole_over_several_lines():
    """The worker writes a few thousand rows a line, decoded here while it writes the next."""
    from duban.reading.workbook import read_sheets
    from tests.support.synthetic import synthetic_items, write_plain_xlsx

    data = write_plain_xlsx(synthetic_items(12_345))  # texts, dates and numbers
    (name, cells, merged), = read_sheets_isolated(data, "t.xlsx", 20_000)
    assert [(name, cells.tolist(), merged)] == read_sheets(data, "t.xlsx", 20_000) and cells.shape == (12_346, 12)


@pytest.mark.parametrize("lines", [
    [{"sheet": "台账", "merged": [], "width": 2}, {"rows": [["a", "b"], ["c"]]}, {"end": 1}],  # a row too short
    [{"sheet": "台账", "merged": [], "width": 2}, {"rows": [["a", "b", "c"]]}, {"end": 1}],  # a row too long
    [{"sheet": "台账", "merged": [], "width": 10**9}, {"rows": [["a"]]}, {"end": 1}],  # wider than Excel
    [{"sheet": "台账", "merged": [], "width": 2}, {"rows": [["a", "b"]]}],  # no closing line
    [{"rows": [["a"]]}, {"end": 0}],  # rows of no sheet
])
def test_an_answer_not_of_the_workers_shape_is_refused(lines, monkeypatch):
    """The parent takes the worker's answer as untrusted too: no exception of its own, no huge allocation."""
    import json

    with Reading(xlsx_bytes([HEADER]), "t.xlsx", 100) as reading:
        monkeypatch.setattr(reading.worker, "lines", lambda: iter(json.dumps(line).encode() for line in lines))
        with pytest.raises(ReadError) as caught:
            reading.sheets()
    assert str(caught.value) == TOO_BIG


def test_a_csv_of_short_rows_comes_back_as_wide_as_its_widest():
    (_, cells, _), = read_sheets_isolated("事项,科室,日期\nA\nB,医务部\n".encode(), "t.csv", 100)
    assert cells.tolist() == [["事项", "科室", "日期"], ["A", None, None], ["B", "医务部", None]]


@pytest.mark.parametrize("make, message", [("far_cell", "表格范围过大"), ("zip_bomb", "解压后超过")])
def test_a_worker_brought_down_by_the_parse_still_gives_the_checks_message(make, message):
    """The checks run beside the parse; if the parse ends the worker first, a worker that only checks says why."""
    from tests.support import hostile

    with Reading(getattr(hostile, make)(), "t.xlsx", 100) as reading, pytest.raises(ReadError, match=message):
        reading._checked_alone()


def test_a_file_the_checks_pass_has_no_message_of_theirs():
    with Reading(xlsx_bytes([HEADER]), "t.xlsx", 100) as reading:
        assert reading._checked_alone() is None
