"""The 考核评议表 workbook: values equal the analysis, formats, print settings, chart, no formulas."""
from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from openpyxl import load_workbook

from duban.paths import SAMPLE_REGISTER
from tests.support.sample import sample_expected
from tests.support.shared import expected_for, register_params
from tests.support.workbooks import analyze_table
from duban.pipeline import analyze
from duban.output.assessment_xlsx import HEADER_ROW, ITEM_HEADER_ROW, assessment_workbook
from duban.compute.periods import period_label
from duban.cli import main



def _analysis(register=None):
    """The analysis of a shared register, or of the bundled sample (None), with its expected result."""
    expected = sample_expected() if register is None else expected_for(register)
    register = register or SAMPLE_REGISTER
    return analyze(register.read_bytes(), register.name, expected["as_of"], expected["period_start"],
                   expected["period_end"]), expected


def _ranking(sheet) -> dict[str, tuple]:
    header = [c.value for c in sheet[HEADER_ROW + 1]]
    rows = {}
    for row in sheet.iter_rows(min_row=HEADER_ROW + 2, values_only=True):
        if not row[1]:
            break
        record = dict(zip(header, row))
        rows[record["承办科室"]] = (record["排名"], record["得分"], record["等级"], record["逾期未办结"])
    return rows


@pytest.mark.parametrize("register", [pytest.param(None, id="sample"), *register_params()])
def test_summary_ranks_and_scores_exactly_as_analyze(register):
    analysis, expected = _analysis(register)
    book = load_workbook(io.BytesIO(assessment_workbook(analysis, "某某医院")))
    assert book.sheetnames == ["考核评议汇总", "事项明细", "逾期事项", "立项规范性"]
    ranking = _ranking(book["考核评议汇总"])
    for dept in expected["departments"]:
        rank, score, grade, overdue_open = ranking[dept["dept"]]
        if dept["rank"] is None:
            assert (rank, score, grade) == ("—", "—", "—")
        else:
            assert (rank, score, grade) == (dept["rank"], pytest.approx(dept["score"]), dept["grade"])
        assert overdue_open == dept["overdue_open"]


def test_title_period_signature_and_blank_comment_column():
    analysis, expected = _analysis()
    sheet = load_workbook(io.BytesIO(assessment_workbook(analysis, "某某医院")))["考核评议汇总"]
    assert sheet["A1"].value == "某某医院2026年度部门督办工作考核评议表"
    assert "统计截至：2026-11-20" in sheet["A2"].value
    header = [c.value for c in sheet[HEADER_ROW + 1]]
    assert header[-1] == "评议意见"
    comments = [sheet.cell(r, len(header)).value for r in range(HEADER_ROW + 2, HEADER_ROW + 2 + 9)]
    assert comments == [None] * 9
    texts = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert any("制表" in t for t in texts) and any("审核" in t for t in texts) and any("日期" in t for t in texts)


def test_formats_and_print_settings():
    analysis, _ = _analysis()
    book = load_workbook(io.BytesIO(assessment_workbook(analysis, "某某医院")))
    sheet = book["考核评议汇总"]
    header = [c.value for c in sheet[HEADER_ROW + 1]]
    rate = sheet.cell(HEADER_ROW + 2, header.index("办结率") + 1)
    assert rate.number_format == "0.0%" and isinstance(rate.value, (int, float)) and 0 <= rate.value <= 1
    assert sheet.page_setup.orientation == "landscape" and str(sheet.page_setup.paperSize) == "9"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth in (None, 1)  # OOXML default 1
    assert sheet.page_setup.fitToHeight == 0
    assert sheet.print_title_rows == "$1:$4" and sheet.freeze_panes == "C5"
    assert sheet["A4"].font.b
    detail = book["事项明细"]
    lights = {c.value: c.fill.fgColor.rgb for c in detail["A"][2:] if c.value}
    assert set(lights) <= {"红", "黄", "绿"} and len(set(lights.values())) == len(lights)


def test_native_bar_chart_of_scores():
    analysis, _ = _analysis()
    with zipfile.ZipFile(io.BytesIO(assessment_workbook(analysis, "某某医院"))) as archive:
        charts = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
        assert charts
        xml = archive.read(charts[0]).decode()
    assert "<c:barChart>" in xml and "考核评议汇总" in xml


def test_register_text_never_becomes_a_formula():
    rows = [["DB-1", '=HYPERLINK("http://oa/doc/12","见OA")', "医务部", "2024-03-01", "2024-03-05", "办理中", None],
            ["DB-2", "@质控科 完成三级公立医院绩效考核数据上报", "质控科", "2024-03-01", None, "办理中", None],
            ["DB-3", "+1 追加预算", "-财务处", "2024-03-01", "5天", "办理中", None]]
    analysis = analyze_table(rows, period_start="2024-01-01", period_end="2024-12-31")
    book = load_workbook(io.BytesIO(assessment_workbook(analysis, "某某医院")))
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert all(c.data_type != "f" for c in cells)
    texts = {c.value for c in cells if isinstance(c.value, str)}
    assert '=HYPERLINK("http://oa/doc/12","见OA")' in texts
    assert "@质控科 完成三级公立医院绩效考核数据上报" in texts


def test_overdue_sheet_lists_overdue_items_most_severe_first_with_actions():
    analysis, expected = _analysis()
    sheet = load_workbook(io.BytesIO(assessment_workbook(analysis, "某某医院")))["逾期事项"]
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    # overdue items are open: assigned in the period, or carried over from before it
    in_period = [i for i in expected["items"] if i["overdue"] and i["assigned_date"] <= expected["period_end"]]
    assert len(rows) == len(in_period)
    assert rows[0][0] == "分管领导约谈" and rows[0][-1].startswith("分管领导约谈")


@pytest.mark.parametrize("start, end, label", [
    (dt.date(2024, 1, 1), dt.date(2024, 12, 31), "2024年度"),
    (dt.date(2025, 7, 1), dt.date(2025, 9, 30), "2025年第三季度"),
    (dt.date(2024, 3, 1), dt.date(2024, 3, 31), "2024年3月"),
    (dt.date(2024, 1, 5), dt.date(2024, 3, 31), "2024年1月5日至2024年3月31日"),
    (None, None, "全部期间"),
])
def test_period_labels(start, end, label):
    assert period_label(start, end) == label


def test_command_line_export_writes_the_same_workbook(tmp_path, capsys):
    register, expected = SAMPLE_REGISTER, sample_expected()
    out = tmp_path / "考核.xlsx"
    args = ["--as-of", expected["as_of"], "--period-start", expected["period_start"], "--period-end",
            expected["period_end"]]
    assert main(["export", str(register), *args, "-o", str(out)]) == 0
    analysis, _ = _analysis()
    from duban.config import Config
    page = load_workbook(io.BytesIO(assessment_workbook(analysis, Config().institution_name)))
    cli = load_workbook(out)
    for name in page.sheetnames:
        assert [r for r in cli[name].iter_rows(values_only=True)] == [r for r in page[name].iter_rows(values_only=True)]


def test_item_sheets_print_with_a_title_and_without_technical_columns():
    analysis, _ = _analysis()
    book = load_workbook(io.BytesIO(assessment_workbook(analysis, "某某医院")))
    for name, title in (("事项明细", "某某医院督办事项明细"), ("逾期事项", "某某医院逾期事项及督办措施")):
        sheet = book[name]
        assert sheet["A1"].value.startswith(title) and "统计截至2026年11月20日" in sheet["A1"].value
        header = [c.value for c in sheet[2]]
        assert "工作表" not in header and "行号" not in header and header[0] in ("警示灯", "督办阶段")
        assert sheet.print_title_rows == "$2:$2" and sheet.page_setup.orientation == "landscape"
        assert sheet.sheet_properties.pageSetUpPr.fitToPage and "&P" in sheet.oddFooter.center.text


def test_carried_over_items_are_marked_in_the_item_sheets_and_the_basis_is_said():
    analysis, expected = _analysis()
    book = load_workbook(io.BytesIO(assessment_workbook(analysis, "某某医院")))
    basis = book["考核评议汇总"].cell(2, 1).value
    assert "含以前" in basis and "结转未办结事项" in basis
    earlier = sorted(i["title"] for i in expected["items"] if i["assigned_date"] < expected["period_start"]
                     and i["overdue"])
    sheet = book["逾期事项"]
    header = [c.value for c in sheet[ITEM_HEADER_ROW + 1]]
    rows = list(sheet.iter_rows(min_row=ITEM_HEADER_ROW + 2, values_only=True))
    marked = sorted(r[header.index("督办事项")] for r in rows if r[header.index("结转")] == "以前结转")
    assert earlier and marked == earlier
