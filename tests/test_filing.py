"""立项规范性 (rules.md §6): each item's filing flags, a vague 办理时限 read like an empty one, the department
counts, the JSON, the upload page's panel and the 考核评议表's sheet."""
from __future__ import annotations

import io
import json

import pytest

from duban.compute.filing import FIXES, SEVERAL_TASKS, UNCLEAR_UNIT, VAGUE_LIMIT, filing_counts, filing_table
from duban.compute.filing import several_tasks, unclear_unit
from duban.config import Config, ConfigError, from_mapping
from tests.support.workbooks import analyze_table, one_item

HEADER = ["督办编号", "督办事项", "承办科室", "交办日期", "办理时限", "办理状态", "办结日期"]
# A register built for it: one item per problem, one with all three, and well-filed ones beside them.
ROWS = [
    ["DB-1", "完善门诊预约流程", "医务部", "2024-03-01", "2024-03-31", "办理中", None],
    ["DB-2", "修订绩效方案", "人事处", "2024-03-01", "尽快", "办理中", None],
    ["DB-3", "整治院区停车秩序", "各科室", "2024-03-01", "3月底前", "办理中", None],
    ["DB-4", "1.更新消防设施；2.开展消防演练", "保卫处", "2024-03-01", "10个工作日", "办理中", None],
    ["DB-5", "一是梳理制度；二是组织培训", "相关部门", "2024-03-01", "按要求完成", "办理中", None],
    ["DB-6", "推进智慧医院建设", "信息中心", "2024-03-01", "长期", "办理中", None],
    ["DB-7", "规范病历书写", "医务部", "2024-03-01", None, "办理中", None],
    ["DB-8", "落实节能措施", "后勤保障部", "2024-03-01", "长期", "已办结", "2024-03-10"],
    ["DB-9", "采购1.5T核磁共振设备", "设备处", "2024-03-01", "2024年6月", "办理中", None],
]


@pytest.fixture(scope="module")
def result():
    return analyze_table(ROWS, "2024-03-15", header=HEADER)


def flags_by_id(result) -> dict[str, list[str]]:
    return {item: list(flags) for item, flags in zip(result.items["item_id"], result.items["filing_flags"])}


def test_each_item_gets_the_problems_of_its_filing(result):
    assert flags_by_id(result) == {
        "DB-1": [], "DB-2": [VAGUE_LIMIT], "DB-3": [UNCLEAR_UNIT], "DB-4": [SEVERAL_TASKS],
        "DB-5": [VAGUE_LIMIT, UNCLEAR_UNIT, SEVERAL_TASKS],
        "DB-6": [],  # 长期 for ongoing work is a concrete form
        "DB-7": [VAGUE_LIMIT],  # no 办理时限 at all
        "DB-8": [VAGUE_LIMIT],  # 长期 written for a task that was done: not ongoing work
        "DB-9": [],  # 1.5T is a number, not a numbered task
    }


def test_a_vague_limit_is_kept_and_counted_from_the_feedback_limit_with_its_own_warning(result):
    item = result.items.set_index("item_id").loc["DB-2"]
    assert item["deadline_kind"] == "empty" and item["due_date"] == item["feedback_due"]
    warnings = result.issues[result.issues["severity"] == "warning"]
    assert warnings.loc[warnings["row"] == 3, "kind"].tolist() == ["vague_deadline"]
    assert warnings.loc[warnings["row"] == 8, "kind"].tolist() == ["empty_deadline"]
    assert result.counts["left_out"] == 0


def test_text_that_is_no_limit_at_all_is_still_an_error():
    result = analyze_table([["DB-1", "事项", "医务部", "2024-03-01", "见附件", "办理中", None]], header=HEADER)
    assert result.items.empty and result.issues["kind"].tolist() == ["bad_deadline"]


@pytest.mark.parametrize("title, several", [
    ("1.更新设施 2.开展演练", True), ("1、制定方案；2、组织实施", True), ("（1）摸底（2）整改", True),
    ("(一)排查(二)整改", True), ("一是摸底，二是整改", True), ("①排查②整改", True),
    ("完成2024.1.5会议议定事项", False), ("投资1.5亿元建设新大楼", False), ("落实第1条和第2条意见", False),
    ("开展一次全面排查", False), (None, False),
])
def test_several_numbered_tasks_are_told_from_numbers(title, several):
    assert several_tasks(title) is several


@pytest.mark.parametrize("unit, unclear", [
    ("各科室", True), ("相关部门", True), ("全院", True), ("各临床科室负责人", True), ("医务部", False),
    ("全科医学科", False), ("护理部", False), (None, False),
])
def test_a_lead_unit_naming_no_single_unit_is_unclear(unit, unclear):
    assert unclear_unit(unit, Config().unclear_unit_words) is unclear


def test_the_words_are_the_offices():
    config = from_mapping({"vague_deadline_words": ["视进度"], "unclear_unit_words": ["职能部门"]})
    rows = [["DB-1", "事项甲", "职能部门", "2024-03-01", "视进度而定", "办理中", None],
            ["DB-2", "事项乙", "各科室", "2024-03-01", "尽快", "办理中", None]]
    result = analyze_table(rows, header=HEADER, config=config)
    assert flags_by_id(result) == {"DB-1": [VAGUE_LIMIT, UNCLEAR_UNIT]}  # 尽快 is no longer one of the words
    assert result.issues.set_index("row").loc[3, "kind"] == "bad_deadline"


@pytest.mark.parametrize("words", [["尽快", ""], ["x" * 31], "尽快", [1], ["尽快"] * 201])
def test_bad_word_lists_are_refused_in_chinese(words):
    with pytest.raises(ConfigError, match="不具体的时限写法"):
        from_mapping({"vague_deadline_words": words})


def test_departments_count_their_badly_filed_items(result):
    counts = dict(zip(result.departments["dept"], result.departments["filing_issues"]))
    assert counts == {"医务部": 1, "人事处": 1, "各科室": 1, "保卫处": 1, "相关部门": 1, "信息中心": 0,
                      "后勤保障部": 1, "设备处": 0}
    assert filing_counts(result.items) == {VAGUE_LIMIT: 4, UNCLEAR_UNIT: 2, SEVERAL_TASKS: 2}


def test_the_table_says_what_to_fix(result):
    table = filing_table(result.items)
    assert table["督办编号"].tolist() == ["DB-2", "DB-3", "DB-4", "DB-5", "DB-7", "DB-8"]
    assert table["行号"].tolist() == [3, 4, 5, 6, 8, 9]
    row = table.set_index("督办编号").loc["DB-5"]
    assert row["问题"] == "时限不具体、责任不明确、一事多项"
    assert row["如何改正"] == "；".join(FIXES[f] for f in (VAGUE_LIMIT, UNCLEAR_UNIT, SEVERAL_TASKS))


def test_the_json_carries_the_flags_and_the_department_counts(result):
    from duban.output.json_report import write_json

    out = io.StringIO()
    write_json(result, out)
    found = json.loads(out.getvalue())
    assert {i["item_id"]: i["filing_flags"] for i in found["items"]}["DB-5"] == [VAGUE_LIMIT, UNCLEAR_UNIT,
                                                                                  SEVERAL_TASKS]
    assert {d["dept"]: d["filing_issues"] for d in found["departments"]}["人事处"] == 1


def test_a_well_filed_item_has_no_flags():
    assert one_item(deadline="2024-03-31")["filing_flags"] == ()


def test_the_upload_page_shows_the_counts_and_the_items_to_mend(open_page, upload, table_with, no_failure):
    from tests.support.workbooks import xlsx_bytes

    app = upload(open_page("app_pages/upload.py"), "立项.xlsx", xlsx_bytes([HEADER, *ROWS]))
    no_failure(app)
    shown = {m.label: m.value for m in app.metric}
    assert {flag: shown[flag] for flag in (VAGUE_LIMIT, UNCLEAR_UNIT, SEVERAL_TASKS)} == {
        VAGUE_LIMIT: "4", UNCLEAR_UNIT: "2", SEVERAL_TASKS: "2"}
    table = table_with(app, "如何改正")
    assert table["督办编号"].tolist() == ["DB-2", "DB-3", "DB-4", "DB-5", "DB-7", "DB-8"]


def test_a_well_filed_register_is_said_to_be_so_on_the_upload_page(open_page, upload, no_failure):
    from tests.support.workbooks import xlsx_bytes

    app = upload(open_page("app_pages/upload.py"), "规范.xlsx", xlsx_bytes([HEADER, ROWS[0]]))
    no_failure(app)
    assert any("一事一项、责任明确、时限具体" in s.value for s in app.success)


def test_the_assessment_workbook_lists_the_badly_filed_items(result):
    from openpyxl import load_workbook

    from duban.output.assessment_xlsx import assessment_workbook

    book = load_workbook(io.BytesIO(assessment_workbook(result, "测试医院")))
    sheet = book["立项规范性"]
    assert "立项规范性" in sheet.cell(1, 1).value
    header = [c.value for c in sheet[2]]
    rows = [dict(zip(header, (c.value for c in row))) for row in sheet.iter_rows(min_row=3)]
    assert [r["督办编号"] for r in rows] == ["DB-2", "DB-3", "DB-4", "DB-5", "DB-7", "DB-8"]
    assert rows[3]["问题"] == "时限不具体、责任不明确、一事多项" and rows[0]["如何改正"] == FIXES[VAGUE_LIMIT]
    assert rows[3]["如何改正"] == "\n".join(FIXES[f] for f in (VAGUE_LIMIT, UNCLEAR_UNIT, SEVERAL_TASKS))
    heights = {r["督办编号"]: sheet.row_dimensions[i].height for i, r in enumerate(rows, start=3)}
    assert heights["DB-5"] >= 3 * 14 and heights["DB-3"] is None  # three lines of fixes fit; one line keeps its row
