"""Plain workbooks for download: the validation report and the 催办清单.

Register text is always written as text (``strings_to_formulas`` off), so a cell typed as
``=HYPERLINK(...)`` in a register never becomes a formula in our output.
"""
from __future__ import annotations

import io

import pandas as pd

from duban.output.labels import REMINDER_COLUMNS, issues_for_display, items_for_display



def workbook(sheets: dict[str, pd.DataFrame], title: str | None = None) -> bytes:
    """An .xlsx with one sheet per frame: bold header, frozen, filtered, columns sized to their text."""
    buffer = io.BytesIO()
    options = {"strings_to_formulas": False, "strings_to_urls": False, "in_memory": True}
    with pd.ExcelWriter(buffer, engine="xlsxwriter", engine_kwargs={"options": options}) as writer:
        for name, frame in sheets.items():
            start = 2 if title else 0
            frame.to_excel(writer, sheet_name=name[:31], index=False, startrow=start)
            sheet = writer.sheets[name[:31]]
            if title:
                sheet.write(0, 0, title, writer.book.add_format({"bold": True, "font_size": 14}))
            sheet.freeze_panes(start + 1, 0)
            sheet.autofilter(start, 0, start + len(frame), max(len(frame.columns) - 1, 0))
            for index, column in enumerate(frame.columns):
                longest = max([len(str(column))] + [len(str(v)) for v in frame[column].head(200)])
                sheet.set_column(index, index, min(max(8, longest * 1.6), 60))
    return buffer.getvalue()


def validation_report(issues: pd.DataFrame) -> bytes:
    """The validation report as .xlsx (errors first)."""
    return workbook({"校验报告": issues_for_display(issues)})


def reminder_workbook(reminders: pd.DataFrame, title: str) -> bytes:
    """The 催办清单: one sheet, items grouped by stage with the action each stage calls for."""
    table = items_for_display(reminders, REMINDER_COLUMNS)
    table.insert(1, "督办措施", reminders["action"].to_numpy())
    return workbook({"催办清单": table}, title=title)

