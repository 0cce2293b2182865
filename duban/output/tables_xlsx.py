"""Plain workbooks for download: the validation report and the 催办清单.

Register text is always written as text (``strings_to_formulas`` off), so a cell typed as
``=HYPERLINK(...)`` in a register never becomes a formula in our output.
"""
from __future__ import annotations

import io

import pandas as pd

from duban.output.labels import REMINDER_COLUMNS, issues_for_display, items_for_display



def workbook(sheets: dict[str, pd.DataFrame], title: str) -> bytes:
    """An .xlsx with one sheet per frame, ready to print: a title, bordered cells that wrap, the header row
    repeated on every page, A4 landscape one page wide; frozen and filtered on screen."""
    buffer = io.BytesIO()
    options = {"strings_to_formulas": False, "strings_to_urls": False, "in_memory": True}
    with pd.ExcelWriter(buffer, engine="xlsxwriter", engine_kwargs={"options": options}) as writer:
        book = writer.book
        heading = book.add_format({"bold": True, "font_size": 14})
        boxed = book.add_format({"border": 1})
        wrapped = book.add_format({"text_wrap": True, "valign": "top"})
        for name, frame in sheets.items():
            start, last = 2, max(len(frame.columns) - 1, 0)
            frame.to_excel(writer, sheet_name=name[:31], index=False, startrow=start)
            sheet = writer.sheets[name[:31]]
            sheet.write(0, 0, title, heading)
            sheet.conditional_format(start, 0, start + len(frame), last, {"type": "no_errors", "format": boxed})
            sheet.freeze_panes(start + 1, 0)
            sheet.autofilter(start, 0, start + len(frame), last)
            for index, column in enumerate(frame.columns):
                longest = max([len(str(column))] + [len(str(v)) for v in frame[column].head(200)])
                sheet.set_column(index, index, min(max(8, longest * 1.6), 40), wrapped)
            sheet.set_landscape()
            sheet.set_paper(9)  # A4
            sheet.fit_to_pages(1, 0)  # one page wide, as many long as it takes
            sheet.repeat_rows(start)
            sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
            sheet.set_footer("&C第 &P 页，共 &N 页")
    return buffer.getvalue()


def validation_report(issues: pd.DataFrame, title: str) -> bytes:
    """The validation report as .xlsx (errors first) under a title naming institution, register and date."""
    return workbook({"校验报告": issues_for_display(issues)}, title=title)


def reminder_workbook(reminders: pd.DataFrame, title: str) -> bytes:
    """The 催办清单: one sheet, items grouped by stage with the action each stage calls for."""
    marked = ["accountable"] if "accountable" in reminders else []  # the office's 追究责任 marks, when known
    table = items_for_display(reminders, REMINDER_COLUMNS + marked)
    table.insert(1, "督办措施", reminders["action"].to_numpy())
    return workbook({"催办清单": table}, title=title)

