"""Plain workbooks for download: the validation report and the 催办清单.

Register text is always written as text (``strings_to_formulas`` off), so a cell typed as
``=HYPERLINK(...)`` in a register never becomes a formula in our output.
"""
from __future__ import annotations

import datetime as dt
import io

import numpy as np
import pandas as pd
import xlsxwriter

from duban.output.labels import issues_for_display, items_for_display



def workbook(sheets: dict[str, pd.DataFrame], title: str, created: dt.datetime | None = None,
             widths: dict[str, float] | None = None) -> bytes:
    """An .xlsx with one sheet per frame, ready to print: a title, bordered cells that wrap, the header row
    repeated on every page, A4 landscape one page wide; frozen and filtered on screen. created: the date the
    file says it was made (the same content gives the same bytes); widths: a column's width by its header, where
    the width taken from its content (at most 40) would wrap a text that must stay whole."""
    buffer = io.BytesIO()
    options = {"strings_to_formulas": False, "strings_to_urls": False, "in_memory": True}
    with pd.ExcelWriter(buffer, engine="xlsxwriter", engine_kwargs={"options": options}) as writer:
        book = writer.book
        if created is not None:
            book.set_properties({"created": created})
        heading = book.add_format({"bold": True, "font_size": 14})
        boxed = book.add_format({"border": 1})
        wrapped = book.add_format({"text_wrap": True, "valign": "top"})
        for name, frame in sheets.items():
            start, last = 2, max(len(frame.columns) - 1, 0)
            frame.to_excel(writer, sheet_name=name[:31], index=False, startrow=start)
            sheet = writer.sheets[name[:31]]
            sheet.write(0, 0, title, heading)
            sheet.conditional_format(start, 0, start + len(frame), last, {"type": "no_errors", "format": boxed})
            sheet.autofilter(start, 0, start + len(frame), last)
            column_widths: dict[int, float] = {}
            for index, column in enumerate(frame.columns):
                longest = max([len(str(column))] + [len(str(v)) for v in frame[column].head(200)])
                width = (widths or {}).get(column, min(max(8, longest * 1.6), 40))
                sheet.set_column(index, index, width, wrapped)
                column_widths[index] = width
            grow_rows(sheet, frame, column_widths, start + 1)
            _print_setup(sheet, header_row=start)
    return buffer.getvalue()


def grow_rows(sheet, table: pd.DataFrame, wrapped: dict[int, float], first_row: int) -> None:
    """Rows tall enough for their wrapped text: neither Excel nor LibreOffice grows them on opening the file.

    A Chinese character takes about 1.9 units of column width and a line 15 points at the default size (kept
    generous: a row a little too tall prints well, one too short cuts the text); each line break starts a line.
    """
    lines = np.ones(len(table), dtype=np.int64)
    for col, width in wrapped.items():
        per_line = max(int(width / 1.9), 1)
        texts = table.iloc[:, col].to_numpy(dtype=object)
        needed = [sum(-(-len(part) // per_line) or 1 for part in text.split("\n")) if isinstance(text, str) else 1
                  for text in texts]
        lines = np.maximum(lines, needed)
    for row in np.flatnonzero(lines > 1).tolist():
        sheet.set_row(first_row + row, 15 * int(lines[row]))


def validation_report(issues: pd.DataFrame, title: str) -> bytes:
    """The validation report as .xlsx (errors first) under a title naming institution, register and date."""
    return workbook({"校验报告": issues_for_display(issues)}, title=title)


GROUPED = ["lead_dept", "leader", "item_id", "title", "assigned_date", "due_date", "overdue_workdays", "status"]
WIDTHS = {"序号": 6, "承办科室": 14, "分管领导": 10, "督办编号": 14, "督办事项": 48, "交办日期": 11, "办理时限": 11,
          "逾期工作日": 9, "办理状态": 9, "追究责任": 9}


def reminder_workbook(reminders: pd.DataFrame, title: str) -> bytes:
    """The 催办清单: items grouped by stage, most severe first, each group headed by its stage, count and the
    measure it calls for (said once, not on every row); 督办事项 in a wide wrapped column; boxed, A4 landscape,
    one page wide, the header row on every page."""
    marked = ["accountable"] if "accountable" in reminders else []  # the office's 追究责任 marks, when known
    table = items_for_display(reminders, GROUPED + marked)
    table.insert(0, "序号", range(1, len(table) + 1))
    buffer = io.BytesIO()
    options = {"strings_to_formulas": False, "strings_to_urls": False, "in_memory": True}
    with xlsxwriter.Workbook(buffer, options) as book:
        sheet = book.add_worksheet("催办清单")
        cell = book.add_format({"border": 1, "text_wrap": True, "valign": "top"})
        boxed = {"border": 1, "text_wrap": True, "valign": "vcenter", "bold": True}
        head = book.add_format({**boxed, "bg_color": "#EEEEEE"})
        group = book.add_format({**boxed, "bg_color": "#FCE4E4"})
        last = len(table.columns) - 1
        sheet.write(0, 0, title, book.add_format({"bold": True, "font_size": 14}))
        sheet.write(1, 0, f"共 {len(table)} 项，按督办阶段分组（最严重的在前），每组的督办措施写在组标题中。")
        for index, name in enumerate(table.columns):
            sheet.write(2, index, name, head)
            sheet.set_column(index, index, WIDTHS.get(name, 10))
        row = 3
        for stage, rows in table.groupby(reminders["stage"].to_numpy(), sort=False):
            action = str(reminders.loc[reminders["stage"] == stage, "action"].iloc[0]).removeprefix(f"{stage}：")
            sheet.merge_range(row, 0, row, last, f"{stage}（{len(rows)} 项）　督办措施：{action}", group)
            sheet.set_row(row, 32)
            for values in rows.itertuples(index=False):
                row += 1
                for index, value in enumerate(values):
                    if isinstance(value, str):  # register text stays text, whatever it looks like
                        sheet.write_string(row, index, value, cell)
                    else:
                        sheet.write(row, index, value, cell)
            row += 1
        sheet.conditional_format(2, 0, max(row - 1, 2), last, {"type": "no_errors", "format": cell})
        _print_setup(sheet, header_row=2)
    return buffer.getvalue()


def _print_setup(sheet, header_row: int) -> None:
    """A4 landscape, one page wide, the header row repeated, page numbers in the footer."""
    sheet.freeze_panes(header_row + 1, 0)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)  # one page wide, as many long as it takes
    sheet.repeat_rows(header_row)
    sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    sheet.set_footer("&C第 &P 页，共 &N 页")
