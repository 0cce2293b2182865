"""The documents of one kind for a register: which departments or items, one file each, named for the office.

Used by the 文书 page and by ``python -m duban notices``; the office chooses departments (and, for the
督办通知单, items and whether each item gets its own notice).
"""
from __future__ import annotations

import datetime as dt

import pandas as pd

from duban.config import Config
from duban.output import notices
from duban.output.documents import TITLES, combine, render_many, zip_of
from duban.compute.assessment import department_table
from duban.compute.calendar import WorkCalendar
from duban.compute.periods import default_preset, period_range, scope_basis


def open_items(items: pd.DataFrame) -> pd.DataFrame:
    """Items a 督办通知单 can be sent for: not done, not cancelled."""
    return items[~items["status"].isin(["done", "cancelled"])]


def reply_by(issued: dt.date, config: Config, calendar: WorkCalendar) -> dt.date:
    """The date a 催办通知单 asks for a written reply: reply_workdays working days after the day it is issued
    (never after the register's date: a notice made on 12-03 from the 11-27 week cannot ask for 12-02)."""
    day = calendar.add_workdays(pd.Series([pd.Timestamp(issued)]), config.reply_workdays).iloc[0]
    return pd.Timestamp(day).date()


def contexts(kind: str, items: pd.DataFrame, departments: pd.DataFrame, config: Config, calendar: WorkCalendar,
             as_of, previous: pd.DataFrame | None = None, depts: list[str] | None = None,
             item_ids: list[str] | None = None, per_item: bool = False, today: dt.date | None = None,
             period: tuple[dt.date | None, dt.date | None] | None = None) -> dict[str, dict]:
    """name -> template fields, one per document to make (empty when there is nothing to send)."""
    counted = items[items["status"] != "cancelled"]
    if kind == "通报":
        start, end = period or bulletin_period(items, as_of)
        ranking = department_table(items, start, end, calendar, config)  # the same scope as 部门绩效's
        fields = notices.weekly_bulletin(counted, ranking, previous, config, as_of, today)
        fields["summary"].insert(0, f"排名和得分的考核范围：{scope_basis(start, end)}；"
                                    f"统计截至{notices.chinese_date(as_of)}。")
        return {f"{TITLES[kind]}_{pd.Timestamp(as_of):%Y%m%d}": fields}
    if kind == "催办":
        overdue = notices.overdue_by_department(counted)
        due_by = reply_by(today or dt.date.today(), config, calendar)
        return {f"{TITLES[kind]}_{dept}": notices.reminder_notice(group, dept, config, as_of, due_by, today)
                for dept, group in overdue.items() if not depts or dept in depts}
    chosen = open_items(counted)
    if depts:
        chosen = chosen[chosen["lead_dept"].isin(depts)]
    if item_ids:
        chosen = chosen[chosen["item_id"].isin(item_ids)]
    chosen = chosen.dropna(subset=["lead_dept"])
    if per_item:
        return {f"{TITLES[kind]}_{row['lead_dept']}_{row['item_id']}":
                notices.assignment_notice(chosen.loc[[index]], row["lead_dept"], config, as_of, today)
                for index, row in chosen.iterrows()}
    return {f"{TITLES[kind]}_{dept}": notices.assignment_notice(group, dept, config, as_of, today)
            for dept, group in sorted(chosen.groupby("lead_dept"), key=lambda pair: pair[0])}


def bulletin_period(items: pd.DataFrame, as_of) -> tuple[dt.date, dt.date]:
    """The period a 督办工作通报 ranks by when none is chosen: the one 部门绩效 opens on (本年度, or 上年度 in a
    January that is nearly empty)."""
    day = pd.Timestamp(as_of).date()
    return period_range(default_preset(items, day), day)


def documents(template: bytes, fields: dict[str, dict]) -> dict[str, bytes]:
    """One rendered .docx per name."""
    return render_many(template, fields)


def package(rendered: dict[str, bytes], as_zip: bool) -> bytes:
    """Everything as one .docx (each document from a new page) or as a .zip of one .docx each."""
    return zip_of(rendered) if as_zip else combine(list(rendered.values()))


def document_text(content: bytes) -> str:
    """The text of a generated document, paragraphs and table cells in order (the page's preview)."""
    import io

    from docx import Document

    document = Document(io.BytesIO(content))
    lines = []
    for block in document.element.body.iterchildren():
        if block.tag.endswith("}p"):
            lines.append("".join(node.text or "" for node in block.iter() if node.tag.endswith("}t")))
        elif block.tag.endswith("}tbl"):
            for row in block.iter():
                if row.tag.endswith("}tr"):
                    cells = [("".join(t.text or "" for t in cell.iter() if t.tag.endswith("}t")))
                             for cell in row.iterchildren() if cell.tag.endswith("}tc")]
                    lines.append(" | ".join(cells))
    return "\n".join(lines)
