"""The message, and the choice offered, when no sheet of a file showed its task and unit columns.

Never a dead end: sheets with a header row over a table of texts (or a header naming some of our roles)
become choices for the office (``ColumnsNeeded``), with the command line's ``--map`` in the message; a file
without any is refused with one sentence.
"""
from __future__ import annotations

from duban.errors import ColumnsNeeded, ReadError
from duban.fields import DISPLAY, REQUIRED
from duban.reading.header import SheetHeader
from duban.reading.layouts import layout_key
from duban.reading.workbook import column_letter


def _guess(name: str, header: SheetHeader) -> dict:
    """One undecided sheet for the office to choose from: its columns, first values and best guesses."""
    columns = [{"column": column_letter(i), "header": text, "field": header.columns.get(i),
                "first_values": list(header.first_values.get(i, ()))} for i, text in sorted(header.texts.items())]
    return {"sheet": name, "key": layout_key(header.texts), "columns": columns}


def _named(header: SheetHeader) -> list[int]:
    """Columns whose role their header names (not their cells alone)."""
    return [i for i in header.columns if header.evidence.get(i) and header.evidence[i].source != "content"]


def columns_needed(undecided: list[tuple[str, SheetHeader | None]]) -> ReadError:
    """The error for a file none of whose sheets showed its task and unit columns.

    Sheets with a header row (a row of texts over a table) become choices for the office
    (ColumnsNeeded); a file without any is refused with the plain message.
    """
    guessed = [(name, h) for name, h in undecided if h is not None and h.texts and (h.has_texts or _named(h))]
    if not guessed:
        return ReadError(not_a_register_message([]))
    best = max(guessed, key=lambda found: (len(_named(found[1])), len(found[1].columns), found[1].score))[1]
    message = not_a_register_message([[(best.texts[i], role) for i, role in sorted(best.columns.items())
                                       if i in best.texts]])
    found = message.removeprefix("不是督办台账：")
    listed = "；".join(f"{column_letter(i)} 列“{text}”" for i, text in sorted(best.texts.items())[:12])
    hint = (f"表中的列：{listed}。如果其中有督办事项和承办科室，可在上传页面选择，"
            "或在命令行用 --map “表头=title” --map “表头=lead_dept” 指明。")
    return ColumnsNeeded(f"{message}{hint}", [_guess(name, h) for name, h in guessed], found)


def not_a_register_message(partial: list[list[tuple[str, str]]]) -> str:
    """One sentence: which columns were found in the best sheet, and which required one is missing."""
    best = max(partial, key=len, default=[])
    found = {role for _, role in best}
    missing = [f"“{DISPLAY[r]}”（{'任务' if r == 'title' else '责任单位'}）" for r in REQUIRED if r not in found]
    if not best:
        return ("没有找到督办台账：前 30 行中没有可识别的表头。表头中应有督办事项（任务）列和承办科室（责任单位）列，"
                "请检查是否选错了文件。")
    shown = "、".join(f"“{text}”（{DISPLAY[role]}）" for text, role in best[:8])
    return f"不是督办台账：找到的列有{shown}，但缺少{'和'.join(missing)}列。"
