"""Downloadable workbooks: validation report and 催办清单; register text never becomes a formula."""
from __future__ import annotations

import io

from openpyxl import load_workbook

from tests.support.workbooks import analyze_table
from duban.compute.escalation import reminder_list
from duban.output.tables_xlsx import reminder_workbook, validation_report
from duban.output.labels import departments_for_display, issues_for_display

ROWS = [
    ["A", "=HYPERLINK(\"http://x\",\"点我\")", "医务部", "2024-02-01", "2024-02-20", "办理中", None],
    ["B", "+1 事项", "护理部", "2024-03-01", "2024-03-18", "办理中", None],
    ["C", "@质控科", "质控科", "2024-03-01", "2024-03-29", "办理中", None],
    ["D", None, "质控科", "2024-03-01", "2024-03-29", "待定", None],
]


def cells(data: bytes):
    book = load_workbook(io.BytesIO(data))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def test_reminder_list_is_grouped_most_severe_first_with_actions():
    reminders = reminder_list(analyze_table(ROWS).items)
    assert reminders["stage"].tolist() == ["分管领导约谈", "临期"]
    assert reminders["action"].str.len().min() > 0


def test_register_text_is_written_as_text_never_as_formula():
    result = analyze_table(ROWS)
    data = reminder_workbook(reminder_list(result.items), "催办清单")
    texts = [c.value for c in cells(data)]
    assert '=HYPERLINK("http://x","点我")' in texts and "+1 事项" in texts
    assert all(c.data_type != "f" for c in cells(data))


def test_validation_report_lists_errors_first():
    result = analyze_table(ROWS)
    shown = issues_for_display(result.issues)
    assert shown["级别"].iloc[0].startswith("错误")
    data = validation_report(result.issues, "某某医院督办台账校验报告（t.xlsx，统计截至2024年03月15日）")
    values = [c.value for c in cells(data)]
    assert "问题说明" in values and "督办事项为空，请填写事项内容" in values


def test_downloads_print_on_a4_landscape_one_page_wide_with_title_and_repeated_header():
    result = analyze_table(ROWS)
    for data in (validation_report(result.issues, "某某医院督办台账校验报告"),
                 reminder_workbook(reminder_list(result.items), "某某医院督办事项催办清单")):
        sheet = load_workbook(io.BytesIO(data)).worksheets[0]
        assert sheet["A1"].value.startswith("某某医院")
        assert sheet.page_setup.orientation == "landscape" and str(sheet.page_setup.paperSize) == "9"
        assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToHeight == 0
        assert sheet.print_title_rows == "$3:$3" and "&P" in sheet.oddFooter.center.text
        assert sheet.conditional_formatting  # the table's cells are boxed


def test_departments_for_display_shows_dash_for_missing_figures():
    result = analyze_table(ROWS, period_start="2024-01-01", period_end="2024-01-31")  # 医务部's item is later
    table = departments_for_display(result.departments)
    assert list(table.columns[:4]) == ["排名", "承办科室", "得分", "等级"]
    assert (table.loc[table["承办科室"] == "医务部", "排名"] == "—").all()


def test_the_feedback_rate_column_is_shown_only_when_some_item_has_a_feedback_date():
    without = departments_for_display(analyze_table(ROWS).departments)
    assert "按时反馈率" not in without.columns
    header = ["督办编号", "督办事项", "承办科室", "交办日期", "办理时限", "办理状态", "办结日期", "反馈日期"]
    rows = [[*ROWS[1], "2024-03-04"]]
    assert "按时反馈率" in departments_for_display(analyze_table(rows, header=header).departments).columns


def test_the_reminder_list_states_each_stage_and_its_measure_once_with_a_wide_wrapped_task_column():
    from duban.paths import SAMPLE_REGISTER
    from duban.pipeline import analyze

    reminders = reminder_list(analyze(SAMPLE_REGISTER.read_bytes(), "s.xlsx").items)
    sheet = load_workbook(io.BytesIO(reminder_workbook(reminders, "某某医院督办事项催办清单"))).worksheets[0]
    header = [c.value for c in sheet[3]]
    assert "督办措施" not in header and "督办阶段" not in header
    headings = [row[0] for row in sheet.iter_rows(min_row=4, values_only=True) if isinstance(row[0], str)]
    stages = list(dict.fromkeys(reminders["stage"]))
    assert [h.split("（")[0] for h in headings] == stages  # one heading per stage, most severe first
    assert all("督办措施：" in h for h in headings)
    items = [row for row in sheet.iter_rows(min_row=4, values_only=True) if isinstance(row[0], int)]
    assert len(items) == len(reminders) and [row[0] for row in items] == list(range(1, len(reminders) + 1))
    task = header.index("督办事项")
    assert sheet.column_dimensions[chr(65 + task)].width >= 40
    assert sheet.cell(4 + 1, task + 1).alignment.wrap_text


def test_a_plain_workbook_grows_a_row_to_hold_its_wrapped_text():
    """Neither Excel nor LibreOffice grows a row for wrapped text when it opens a file: the row says its height."""
    import pandas as pd

    from duban.output.tables_xlsx import workbook

    frame = pd.DataFrame({"说明": ["短", "很长的说明" * 12, "第一行\n第二行\n第三行"], "数": [1, 2, 3]})
    sheet = load_workbook(io.BytesIO(workbook({"表": frame}, "标题")))["表"]
    heights = [sheet.row_dimensions[row].height for row in (4, 5, 6)]  # the header is row 3
    assert heights[0] is None and heights[1] >= 3 * 15 and heights[2] == 3 * 15
