"""The print-ready 考核评议表 workbook: summary with chart, item detail, overdue items, 立项规范性.

Written with XlsxWriter (measured faster than openpyxl for 10,000 items, see bench/bench_export.py).
Register text is written with ``write_string`` and ``strings_to_formulas`` off, so a cell typed as
``=...``, ``+...``, ``-...`` or ``@...`` stays text.
"""
from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import xlsxwriter

from duban.missing import is_missing
from duban.pipeline import Analysis
from duban.compute.assessment import carried_over_marks, in_period
from duban.compute.periods import chinese_date, period_label, scope_basis
from duban.compute.escalation import STAGE_ACTIONS, most_severe_first
from duban.compute.filing import fixes
from duban.output.tables_xlsx import grow_rows
from duban.output.labels import (DEPARTMENT_LABELS, ITEM_LABELS, LIGHT_COLOURS, RATE_COLUMNS, REMINDER_COLUMNS,
                                 items_for_display)

SUMMARY_COLUMNS = ["rank", "dept", "total", "done", "open", "ongoing", "overdue_open", "overdue_done",
                   "completion_rate", "on_time_rate", "feedback_rate", "mean_workdays_to_complete", "reminders",
                   "co_dept_items", "deduction", "score", "grade"]
DETAIL_COLUMNS = ["light", "stage", "item_id", "title", "lead_dept", "co_depts", "leader", "source",
                  "assigned_date", "feedback_due", "due_date", "status", "completed_date",
                  "overdue_workdays", "on_time"]
FILING_COLUMNS = ["item_id", "title", "lead_dept", "assigned_date", "due_date", "status"]
ITEM_HEADER_ROW = 1  # 0-based row of an item sheet's header, under its title
HEADER_ROW = 3  # 0-based row of the summary table header


def _formats(book: xlsxwriter.Workbook) -> dict[str, object]:
    base = {"font_name": "宋体", "font_size": 10, "valign": "vcenter", "border": 1}
    return {
        "title": book.add_format({"font_name": "黑体", "font_size": 16, "bold": True, "align": "center"}),
        "meta": book.add_format({"font_name": "宋体", "font_size": 10}),
        "header": book.add_format({**base, "bold": True, "bg_color": "#D9E2F3", "align": "center",
                                   "text_wrap": True}),
        "text": book.add_format({**base, "text_wrap": True}),
        "center": book.add_format({**base, "align": "center"}),
        "number": book.add_format({**base, "align": "center", "num_format": "0"}),
        "decimal": book.add_format({**base, "align": "center", "num_format": "0.0"}),
        "percent": book.add_format({**base, "align": "center", "num_format": "0.0%"}),
        "sign": book.add_format({"font_name": "宋体", "font_size": 11}),
        **{f"light_{k}": book.add_format({**base, "align": "center", "bg_color": v}) for k, v in LIGHT_COLOURS.items()},
    }


def _cell(sheet, row: int, col: int, value: object, fmt) -> None:
    """Write one value by type: text always as text, missing as blank."""
    if is_missing(value):
        sheet.write_blank(row, col, None, fmt)
    elif isinstance(value, str):
        sheet.write_string(row, col, value, fmt)
    elif isinstance(value, (pd.Timestamp, dt.date)):
        sheet.write_string(row, col, pd.Timestamp(value).strftime("%Y-%m-%d"), fmt)
    elif isinstance(value, bool):
        sheet.write_string(row, col, "是" if value else "否", fmt)
    else:
        sheet.write_number(row, col, float(value), fmt)


def _period(analysis: Analysis) -> tuple[dt.date | None, dt.date | None]:
    return tuple(None if d is None else d.date() for d in (analysis.period_start, analysis.period_end))


def _summary_sheet(book, formats, analysis: Analysis, institution: str) -> None:
    sheet = book.add_worksheet("考核评议汇总")
    start, end = _period(analysis)
    headers = [DEPARTMENT_LABELS[c] for c in SUMMARY_COLUMNS] + ["评议意见"]
    last_col = len(headers) - 1
    sheet.merge_range(0, 0, 0, last_col, f"{institution}{period_label(start, end)}部门督办工作考核评议表",
                      formats["title"])
    dates = f"（交办日期 {start or '最早'} 至 {end or '最新'}）" if start or end else ""
    sheet.write_string(1, 0, f"考核范围：{scope_basis(start, end)}{dates}    "
                             f"统计截至：{analysis.as_of:%Y-%m-%d}", formats["meta"])
    sheet.write_row(HEADER_ROW, 0, headers, formats["header"])
    table = analysis.departments.sort_values(["rank", "dept"], na_position="last")
    for offset, record in enumerate(table[SUMMARY_COLUMNS].to_dict("records")):
        row = HEADER_ROW + 1 + offset
        for col, name in enumerate(SUMMARY_COLUMNS):
            value = record[name]
            fmt = formats["percent" if name in RATE_COLUMNS else "decimal" if name.startswith("mean") else
                          "text" if name == "dept" else "center" if name == "grade" else "number"]
            if name in ("rank", "score", "grade", *RATE_COLUMNS) and is_missing(value):
                sheet.write_string(row, col, "—", formats["center"])
            else:
                _cell(sheet, row, col, value, fmt)
        sheet.write_blank(row, last_col, None, formats["text"])
    last_row = HEADER_ROW + len(table)
    sheet.write_string(last_row + 2, 0, "说明：满分 100 分，逾期办结每项扣分、逾期未办结事项按督办阶段扣分；"
                                         "已撤销事项不计入；无事项的科室列出但不评分、不排名。", formats["meta"])
    sheet.write_string(last_row + 4, 1, "制表：＿＿＿＿＿＿", formats["sign"])
    sheet.write_string(last_row + 4, 6, "审核：＿＿＿＿＿＿", formats["sign"])
    sheet.write_string(last_row + 4, 11, "日期：＿＿＿＿年＿＿月＿＿日", formats["sign"])
    _summary_layout(sheet, last_col)
    ranked = int(table["score"].notna().sum())
    if ranked:
        _score_chart(book, sheet, ranked, last_row + 7)


def _summary_layout(sheet, last_col: int) -> None:
    sheet.set_column(0, 0, 5)
    sheet.set_column(1, 1, 14)
    sheet.set_column(2, last_col - 1, 7.5)
    sheet.set_column(last_col, last_col, 24)
    sheet.set_default_row(18)
    sheet.set_row(0, 28)
    sheet.set_row(HEADER_ROW, 30)
    sheet.freeze_panes(HEADER_ROW + 1, 2)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0, HEADER_ROW)
    sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    sheet.center_horizontally()
    sheet.set_footer("&C第 &P 页，共 &N 页")


def _score_chart(book, sheet, ranked: int, anchor_row: int) -> None:
    chart = book.add_chart({"type": "bar"})
    first, last = HEADER_ROW + 1, HEADER_ROW + ranked
    score_col = SUMMARY_COLUMNS.index("score")
    chart.add_series({"name": "得分", "categories": ["考核评议汇总", first, 1, last, 1],
                      "values": ["考核评议汇总", first, score_col, last, score_col],
                      "data_labels": {"value": True}, "fill": {"color": "#4472C4"}})
    chart.set_title({"name": "各科室考核得分", "name_font": {"name": "黑体", "size": 12}})
    chart.set_x_axis({"min": 0, "max": 100, "num_font": {"name": "宋体"}})
    chart.set_y_axis({"reverse": True, "num_font": {"name": "宋体"}})
    chart.set_legend({"none": True})
    chart.set_size({"width": 900, "height": max(260, 24 * ranked + 80)})
    sheet.insert_chart(anchor_row, 1, chart)


def _item_table(book, formats, name: str, title: str, items: pd.DataFrame, columns: list[str],
                extra: dict | None = None, extra_widths: dict[str, float] | None = None):
    """One row per item under a title: values written column by column, lights as cell fills, print-ready."""
    sheet = book.add_worksheet(name)
    table = items_for_display(items, columns)
    for header, values in (extra or {}).items():
        table[header] = values.to_numpy()
    table = table.astype(object).where(table.notna(), None)
    top = ITEM_HEADER_ROW
    sheet.merge_range(0, 0, 0, len(table.columns) - 1, title, formats["title"])
    sheet.write_row(top, 0, list(table.columns), formats["header"])
    kinds = [("text" if c in ("title", "co_depts") else "number" if c == "overdue_workdays" else "center")
             for c in columns] + ["text"] * (len(table.columns) - len(columns))
    for col, header in enumerate(table.columns):  # column by column: one writer per type, blanks skipped
        write = sheet.write_number if header == ITEM_LABELS["overdue_workdays"] else sheet.write_string
        fmt = formats[kinds[col]]  # on the cell too: a long text wraps and its row grows to hold it
        for row, value in enumerate(table[header].to_numpy(), start=top + 1):
            if value is not None and value != "":
                write(row, col, value, fmt)
    if "light" in columns:
        light_col = columns.index("light")
        for row, value in enumerate(table.iloc[:, light_col], start=top + 1):
            if value in LIGHT_COLOURS:
                sheet.write_string(row, light_col, value, formats[f"light_{value}"])
    widths = {"title": 36, "co_depts": 16, "lead_dept": 12, "item_id": 14, "source": 12, "stage": 12}
    for col, column in enumerate(columns):
        sheet.set_column(col, col, widths.get(column, 11), formats[kinds[col]])
    for col, header in enumerate(table.columns[len(columns):], start=len(columns)):
        sheet.set_column(col, col, (extra_widths or {}).get(header, 40), formats["text"])
    wrapped = {col: (extra_widths or {}).get(header, 40) if col >= len(columns) else widths.get(columns[col], 11)
               for col, header in enumerate(table.columns) if kinds[col] == "text"}
    grow_rows(sheet, table, wrapped, top + 1)
    sheet.freeze_panes(top + 1, 0)
    sheet.autofilter(top, 0, top + max(len(items), 1), len(table.columns) - 1)
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(top)
    sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    sheet.set_footer("&C第 &P 页，共 &N 页")
    return sheet


def assessment_workbook(analysis: Analysis, institution: str, created: dt.datetime | None = None) -> bytes:
    """The 考核评议表 .xlsx for an analysis (its period and as-of date) as bytes (created: the date the file
    says it was made, for the same bytes from the same content)."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                        "strings_to_urls": False, "strings_to_numbers": False})
    if created is not None:
        book.set_properties({"created": created})
    formats = _formats(book)
    _summary_sheet(book, formats, analysis, institution)
    items = analysis.items
    scope = items[_in_scope(items, analysis)]
    when = f"{scope_basis(*_period(analysis))}，统计截至{chinese_date(analysis.as_of)}"
    carried = carried_over_marks(scope, _period(analysis)[0])
    _item_table(book, formats, "事项明细", f"{institution}督办事项明细（{when}）", scope, DETAIL_COLUMNS,
                extra={"结转": carried})
    overdue = most_severe_first(scope[scope["overdue"].astype(bool)])
    marked = ["accountable"] if "accountable" in overdue else []  # the office's 追究责任 marks, when known
    _item_table(book, formats, "逾期事项", f"{institution}逾期事项及督办措施（{when}）", overdue,
                REMINDER_COLUMNS + marked,
                extra={"结转": carried.loc[overdue.index], "督办措施": overdue["stage"].map(STAGE_ACTIONS)})
    flagged = scope[scope["filing_flags"].map(len) > 0]
    _item_table(book, formats, "立项规范性", f"{institution}督办事项立项规范性问题（{when}）", flagged,
                FILING_COLUMNS, extra={"问题": flagged["filing_flags"].map("、".join),
                                       "如何改正": flagged["filing_flags"].map(fixes)},
                extra_widths={"问题": 16, "如何改正": 48})
    book.close()
    return buffer.getvalue()


def _in_scope(items: pd.DataFrame, analysis: Analysis) -> pd.Series:
    return in_period(items, analysis.period_start, analysis.period_end)
