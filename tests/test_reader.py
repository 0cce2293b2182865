"""Reading messy registers: headers, merged cells, blank/footer rows, CSV, and files that cannot be used."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from tests.support.shared import shared_register
from tests.support.workbooks import HEADER, xlsx_bytes
from tests.support.hostile import million_row_dimension
from duban.fields import header_lookup, normalize_header
from duban.errors import ReadError
from duban.reading.table import read_register

ROW = ["DB-1", "开展专项整治", "医务部", dt.date(2024, 3, 1), "5个工作日", "办理中", None]


@pytest.mark.parametrize("text, field", [
    ("督办事项", "title"), (" 督办事项  *", "title"), ("交办日期(必填)", "assigned_date"),
    ("交办日期（必填）", "assigned_date"), ("承 办 科 室", "lead_dept"), ("办\u3000理\u3000状\u3000态", "status"),
    ("承办\n科室", "lead_dept"), ("承办科室*", "lead_dept"), ("牵头部门", "lead_dept"), ("下达日期", "assigned_date"),
    ("要求完成时间", "deadline"), ("实际完成时间", "completed_date"), ("进展情况", "status"), ("进展", "progress"),
    ("文号", "item_id"), ("批准延期至", "extended_to"), ("分管校领导", "leader"), ("配合科室", "co_depts"),
    ("＊督办事项：", "title"),
])
def test_header_variants(text, field):
    assert header_lookup()[normalize_header(text)] == field


def test_office_header_aliases_extend_the_list():
    assert header_lookup({"主责科室": "lead_dept"})[normalize_header("主责科室")] == "lead_dept"
    with pytest.raises(ValueError, match="未知字段"):
        header_lookup({"主责科室": "nonsense"})


def test_title_rows_and_as_of_hint():
    data = xlsx_bytes([["2024年督办台账"], ["填报单位：办公室", None, "统计截至：2024年3月15日"], [], HEADER, ROW])
    raw = read_register(data, "t.xlsx")
    assert raw.as_of_hint == "2024-03-15"
    assert raw.rows[["sheet", "row"]].values.tolist() == [["台账", 5]]


@pytest.mark.parametrize("line", ["统计时间：2024年3月15日", "截止日期：2024.3.15", "更新于2024-03-15",
                                  "数据截至 2024年3月15日", "截止时间 2024/3/15"])
def test_the_as_of_line_in_other_words(line):
    raw = read_register(xlsx_bytes([["2024年督办台账"], [line], HEADER, ROW]), "t.xlsx")
    assert raw.as_of_hint == "2024-03-15"


def test_two_row_header_with_group_cell():
    top = ["序号", "督办事项", "承办科室", "交办日期", "办理时限", None, "状态"]
    sub = [None, None, None, None, "要求完成时间", "实际完成时间", None]
    row = [1, "事项", "医务部", "2025-06-16", "30个工作日", "2025-07-01", "已办结"]
    data = xlsx_bytes([top, sub, row], merges=("A1:A2", "B1:B2", "C1:C2", "D1:D2", "E1:F1", "G1:G2"))
    raw = read_register(data, "t.xlsx")
    first = raw.rows.iloc[0]
    assert (first["row"], first["deadline"], first["completed_date"]) == (3, "30个工作日", "2025-07-01")


def test_a_data_row_reading_like_a_header_does_not_hide_the_register():
    # found by the fuzz test: 办理进展 under 承办科室 is not a sub-header, since taking it would lose 承办科室
    data = xlsx_bytes([["督办事项", "交办日期", "承办科室"], [None, None, "办理进展"]])
    raw = read_register(data, "t.xlsx")
    assert raw.rows["row"].tolist() == [2] and raw.rows["lead_dept"].tolist() == ["办理进展"]


def test_merged_department_cells_fill_down_but_empty_unmerged_cells_do_not():
    rows = [HEADER, ROW, ["DB-2", "b", None, "2024-03-02", None, None, None],
            ["DB-3", "c", None, "2024-03-03", None, None, None]]
    raw = read_register(xlsx_bytes(rows, merges=("C2:C3",)), "t.xlsx")
    assert raw.rows["lead_dept"].tolist()[:2] == ["医务部", "医务部"] and pd.isna(raw.rows["lead_dept"].iloc[2])


def test_blank_and_footer_rows_are_skipped():
    rows = [HEADER, ROW, [None] * 7, ["  ", "", None], ROW, ["合计", "共2项"],
            ["填表人：王芳", None, None, "审核人：刘洋"],
            ["备注：1.以督办通知单为准"]]
    raw = read_register(xlsx_bytes(rows), "t.xlsx")
    assert raw.rows["row"].tolist() == [2, 5]


def test_only_sheets_with_a_register_header_are_read():
    data = xlsx_bytes([HEADER, ROW], extra_sheets={"说明": [["填表说明"], ["督办事项", "说明"]], "二": [HEADER, ROW]})
    raw = read_register(data, "t.xlsx")
    assert raw.sheets == ["台账", "二"] and raw.skipped_sheets == ["说明"]
    assert len(raw.rows) == 2


def test_header_without_data_rows_gives_zero_items_and_a_notice():
    from duban.pipeline import analyze
    result = analyze(xlsx_bytes([HEADER]), "t.xlsx", as_of="2024-03-15")
    assert result.items.empty and any("没有数据行" in n for n in result.notices)
    assert result.counts == {"rows_read": 0, "kept": 0, "left_out": 0}


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_in_utf8_or_gb18030(encoding):
    text = "督办事项,承办科室,交办日期\n开展专项整治,医务部,2024-03-01\n"
    raw = read_register(text.encode(encoding), "台账.csv")
    assert raw.rows["title"].tolist() == ["开展专项整治"] and raw.sheets == ["台账"]


def test_formula_cells_give_their_cached_values():
    p3 = shared_register("p3")
    raw = read_register(p3.read_bytes(), p3.name)
    assert not raw.rows["assigned_date"].astype(str).str.startswith("=").any()
    assert not raw.rows["deadline"].astype(str).str.startswith("=").any()


def _truncated_zip() -> bytes:
    return xlsx_bytes([HEADER, ROW])[:600]


@pytest.mark.parametrize("data, name, message", [
    (b"", "t.xlsx", "文件为空"),
    ("这只是一段文字".encode(), "t.xlsx", "不是有效的 Excel 文件"),
    (_truncated_zip(), "t.xlsx", "已损坏"),
    (xlsx_bytes([["姓名", "电话"], ["王芳", "123"]]), "t.xlsx", "没有找到督办台账"),
    (b"\x00\x01\x02binary", "t.csv", "无法识别"),
])
def test_unusable_files_get_one_chinese_message(data, name, message):
    with pytest.raises(ReadError, match=message):
        read_register(data, name)


@pytest.mark.timeout(20)
def test_a_sheet_claiming_a_million_rows_reads_in_seconds():
    raw = read_register(million_row_dimension(), "t.xlsx")
    assert len(raw.rows) == 1


def test_rows_beyond_the_cap_are_announced_not_silently_dropped():
    raw = read_register(xlsx_bytes([HEADER] + [ROW] * 12), "t.xlsx", max_rows=10)
    assert len(raw.rows) == 10 and any("只读取了前 10 行" in n for n in raw.notices)


def test_columns_of_distinct_cells_and_several_sheets_read_like_small_ones():
    """督办编号 all different, blanks (spaces, an ideographic space) among them, a merge, two sheets."""
    rows = [HEADER] + [[f"DB-{i:05d}", f"事项{i % 7}", "医务部", "2024-03-01", None, "办理中", None]
                       for i in range(2600)]
    rows[10][0], rows[11][0], rows[12][0] = "  ", None, "\u3000"
    data = xlsx_bytes(rows, merges=("A20:A22",), extra_sheets={"二": [HEADER, ["DB-99999", "事项", "院办"]]})
    raw = read_register(data, "t.xlsx")
    ids = raw.rows["item_id"].tolist()
    assert len(ids) == 2601
    assert ids[8] == "DB-00008" and ids[9:12] == [None, None, None]
    assert ids[18:21] == ["DB-00018"] * 3 and ids[-1] == "DB-99999"
    assert raw.rows["lead_dept"].tolist()[-1] == "院办"


def test_an_item_that_starts_like_a_footer_word_is_kept():
    """说明会, 备注… as 督办事项 with 承办科室 and 交办日期 filled are items; a bare 说明 line is a footer."""
    rows = [["督办事项", "承办科室", "交办日期"], ["说明会筹备", "院办", "2024-03-01"],
            ["开展专项整治", "医务部", "2024-03-02"],
            ["说明：以督办通知单为准"]]
    raw = read_register(xlsx_bytes(rows), "t.xlsx")
    assert raw.rows["title"].tolist() == ["说明会筹备", "开展专项整治"]


def test_find_header_takes_a_sub_header_row_only_when_no_required_field_is_lost():
    from duban.fields import header_lookup
    from duban.reading.header import as_of_hint, find_header

    lookup = header_lookup()
    title = [["2024年督办台账"], ["统计截至：2024年3月15日"]]
    two_rows = [["督办事项", "承办科室", "交办日期", "办理时限", None],
                [None, None, None, "要求完成时间", "实际完成时间"]]
    header = find_header(title + two_rows, lookup)
    assert (header.header_row, header.data_start) == (2, 4)
    assert header.columns == {0: "title", 1: "lead_dept", 2: "assigned_date", 3: "deadline", 4: "completed_date"}
    assert as_of_hint(title + two_rows, header) == "2024-03-15"
    data_row = [["督办事项", "承办科室", "交办日期"], [None, "办理进展", None]]  # a data row, not sub-headers
    assert find_header(data_row, lookup).data_start == 1
    assert find_header([["姓名", "电话"]], lookup) is None
