"""Facts a register writes in texts or merges rather than in columns: units inside the task text, a leader on
a section row, the year of an annual list, an item written over several rows."""
from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from duban.pipeline import analyze
from duban.reading.inline import section_leader, units_in_text
from duban.reading.merged_items import fold_merged_items
from duban.clean.values import split_units
from tests.support.workbooks import xlsx_bytes


@pytest.mark.parametrize("text, lead, co", [
    ("加快老旧小区改造（责任单位：市住建局、各县（市、区）政府）", "市住建局、各县（市、区）政府", None),
    ("推进垃圾分类。牵头单位：城管局；配合单位：财政局、其他有关单位", "城管局", "财政局、其他有关单位"),
    ("发改局牵头，财政局、审计局配合，完善项目审批", "发改局", "财政局、审计局"),
    ("完善制度。责任单位:办公室", "办公室", None),
    ("牵头单位：教育局；责任单位：各街道", "教育局", "各街道"),
    ("没有写单位的任务", None, None),
])
def test_units_written_in_the_task_text(text, lead, co):
    assert units_in_text(text) == (lead, co)


def test_collective_units_are_never_split_inside_brackets():
    names = split_units("市住建局、各县（市、区）政府，其他有关单位")
    assert names == ["市住建局", "各县（市、区）政府", "其他有关单位"]


def test_a_sheet_without_a_unit_column_takes_its_units_from_the_text_with_one_notice():
    rows = [["序号", "项目内容", "完成时限"],
            [1, "加快老旧小区改造（责任单位：市住建局、各县（市、区）政府）", "2024-06-30"],
            [2, "推进垃圾分类。牵头单位：城管局；配合单位：财政局、其他有关单位", "2024-09-30"]]
    result = analyze(xlsx_bytes(rows), "t.xlsx", "2024-12-31")
    assert result.items["lead_dept"].tolist() == ["市住建局", "城管局"]
    assert [len(c) for c in result.items["co_depts"]] == [1, 2]
    assert result.items["title"].iloc[0].startswith("加快老旧小区改造（责任单位")
    assert sum("取自督办事项中写明的单位" in n for n in result.notices) == 1


@pytest.mark.parametrize("text, leader", [
    ("一、张志强副市长主抓重点工作", "张志强副市长"), ("分管领导：李红", "李红"), ("（二）社会民生", None),
    ("三、市长信箱反映问题", None)])
def test_a_section_row_naming_a_leader(text, leader):
    assert section_leader(text) == leader


def test_items_under_a_section_row_take_its_leader_and_an_annual_list_is_due_at_the_years_end():
    rows = [["2023年市政府工作报告重点工作"], ["序号", "工作任务", "责任单位"],
            ["一、张志强副市长主抓重点工作"], [1, "推进招商引资", "商务局"], ["分管领导：李红"],
            [2, "建设智慧城市", "大数据局"]]
    result = analyze(xlsx_bytes(rows), "t.xlsx", "2023-12-31")
    assert result.items["leader"].tolist() == ["张志强", "李红"]  # the title taken off (clean.names)
    assert [str(d.date()) for d in result.items["due_date"]] == ["2023-12-31", "2023-12-31"]
    assert sum("按2023年12月31日计" in n for n in result.notices) == 1
    assert result.issues.empty  # no 时限未明确 warning per row


@pytest.mark.parametrize("title", ["立山区政府2023年重点工作任务分解", "2024年一季度督办事项", "2026年春节前后事项"])
def test_only_a_title_that_scopes_the_list_to_a_year_makes_it_annual(title):
    rows = [[title], ["工作任务", "责任单位"], ["推进招商引资", "商务局"]]
    result = analyze(xlsx_bytes(rows), "t.xlsx", "2024-12-31")
    assert not any("12月31日计" in n for n in result.notices)


def test_a_task_merged_over_several_rows_is_one_item():
    book = Workbook()
    sheet = book.active
    for row in [["序号", "重点任务", "责任单位", "完成时限", "进展"],
                [1, "建设智慧城市", "大数据局", "2024-12-31", "一季度完成方案"],
                [None, None, "财政局", None, "二季度招标"], [None, None, "工信局", None, "三季度建设"],
                [2, "优化营商环境", "发改局", "2024-06-30", "推进中"]]:
        sheet.append(row)
    for cells in ("A2:A4", "B2:B4", "D2:D4"):
        sheet.merge_cells(cells)
    out = io.BytesIO()
    book.save(out)
    result = analyze(out.getvalue(), "t.xlsx", "2024-12-31")
    first = result.items.iloc[0]
    assert result.items["row"].tolist() == [2, 5]
    assert first["co_depts"] == ["财政局", "工信局"]
    assert first["progress"] == "一季度完成方案；二季度招标；三季度建设"
    assert sum("合并了多行" in n for n in result.notices) == 1


def test_rows_of_a_merged_task_fold_into_its_first_row_and_a_blank_task_folds_nothing():
    columns = {"title": ["甲", "甲", "乙"], "lead_dept": ["A", "B", "C"], "co_depts": [None, "D", None],
               "progress": ["一", "二", None]}
    rows, folded = fold_merged_items([3, 4, 5], columns, [((3, 1), (4, 1))], title_column=1)
    assert rows == [3, 5] and folded == [(4, 5)]
    assert columns == {"title": ["甲", "乙"], "lead_dept": ["A", "C"], "co_depts": ["B、D", None],
                       "progress": ["一；二", None]}
    blank = {"title": [None, None], "lead_dept": ["A", "B"], "co_depts": [None, None], "progress": [None, None]}
    assert fold_merged_items([3, 4], blank, [((3, 1), (4, 1))], title_column=1) == ([3, 4], [])


def test_one_sheet_per_unit_takes_each_sheets_name_as_its_unit():
    """Each 科室 keeps its own tab and writes no unit column: the tab's name is the unit, and it is said."""
    head = ["序号", "督办事项", "交办日期", "办理时限", "办理状态"]
    medical = [head, [1, "完善会诊制度", "2026-10-09", "2026-11-30", "办理中"],
               [2, "开展病历质控", "2026-10-12", "2026-10-31", "已完成"]]
    nursing = [head, [1, "护理质量检查", "2026-10-09", "2026-12-31", "办理中"]]
    tasks = [head, [1, "某项工作", "2026-10-09", "2026-12-31", "办理中"]]
    data = xlsx_bytes(medical, sheet="医务部", extra_sheets={"护理部": nursing, "重点督办": tasks})
    result = analyze(data, "各科室.xlsx", "2026-11-20")
    assert result.items[["sheet", "lead_dept"]].values.tolist() == [["医务部", "医务部"], ["医务部", "医务部"],
                                                                    ["护理部", "护理部"]]
    assert [n for n in result.notices if "按工作表名" in n] == [
        "工作表“医务部”、“护理部”没有承办科室列：各表事项的承办科室按工作表名计（如“医务部”表的事项由医务部承办）。"]
    assert result.skipped_sheets == ["重点督办"]  # a sheet name ending like a unit (督办) that names none


def test_progress_written_week_by_week_gives_each_item_its_latest_filled_week():
    rows = [["督办事项", "责任科室", "完成时限", "11月6日进展", "11月13日进展", "11月20日进展", "状态"],
            ["开展病历质量专项检查", "医务部", "2026-11-30", "制定方案", "检查两个病区", "完成检查", "已完成"],
            ["更换门诊楼电梯", "后勤保障部", "2026-10-31", "招标", "签合同", None, "推进中"],
            ["修订绩效方案", "人事科", "2026-12-31", None, None, None, "推进中"]]
    result = analyze(xlsx_bytes(rows), "周报.xlsx", "2026-11-20")
    assert result.items["progress"].tolist() == ["完成检查", "签合同", None]
    assert any("有 3 列按时间填写的进展（“11月6日进展”至“11月20日进展”）" in n for n in result.notices)
    weekly = [c for c in result.columns if "进展" in c["header"]]
    assert [c["field"] for c in weekly] == ["progress"] * 3  # each is read, and the page says so
    assert len({(c["evidence"], c["confidence"]) for c in weekly}) == 1


def test_the_weekly_columns_as_the_page_lists_them_read_the_same_when_the_office_changes_another_column():
    """The upload page's choices give every weekly column the progress; changing 状态 keeps the latest week."""
    from duban.fields import normalize_header

    rows = [["督办事项", "责任科室", "完成时限", "11月6日进展", "11月13日进展", "状态"],
            ["开展病历质量专项检查", "医务部", "2026-11-30", "制定方案", "完成检查", "已完成"],
            ["更换门诊楼电梯", "后勤保障部", "2026-10-31", "招标", None, "推进中"]]
    first = analyze(xlsx_bytes(rows), "周报.xlsx", "2026-11-20")
    mapping = {normalize_header(c["header"]): c["field"] for c in first.columns} | {"状态": None}
    again = analyze(xlsx_bytes(rows), "周报.xlsx", "2026-11-20", layouts={first.layout_keys["台账"]: mapping})
    assert again.items["progress"].tolist() == ["完成检查", "招标"] and again.items["status"].tolist() == ["open"] * 2
