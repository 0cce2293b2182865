"""Sheet rows to raw register rows: header found, merged cells filled, blank, footer, section and template rows
set aside, each column given its role. Cells stay as Excel gave them; ``rules/canonical.py`` types them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from duban.errors import ReadError
from duban.fields import DISPLAY, FIELDS, REQUIRED, header_lookup, normalize_header
from duban.reading.header import SheetHeader, as_of_hint, best_partial_header, find_header, register_year
from duban.reading.layouts import apply_layout, layout_key
from duban.reading.worker import read_sheets_isolated
from duban.reading.workbook import HEADER_SCAN_ROWS

_FOOTER = re.compile(r"^\s*(填表人|填报人|制表人|审核人|审批人|负责人|联系人|联系电话|合计|总计|小计|备注|"
                     r"说明|注[:：\d]|统计截[至止]|制表日期|填报日期|填报单位|签字|盖章)")
_NUMERAL = "一二三四五六七八九十百"
_HEADING = re.compile(rf"^\s*([{_NUMERAL}]+[、.．]|[（(][{_NUMERAL}]+[)）]|第[{_NUMERAL}\d]+(部分|章|篇|节|类|方面))")
_TEMPLATE = re.compile(r"^\s*(例\s*[:：]|示例|填表说明|说明\s*[:：]|请填写|必填)")


@dataclass
class RawRegister:
    """Every data row of every register sheet, with the cell values as read."""

    rows: pd.DataFrame  # sheet, row (Excel number), one column per role, category, sheet facts
    sheets: list[str] = field(default_factory=list)
    skipped_sheets: list[str] = field(default_factory=list)
    fields_by_sheet: dict[str, set[str]] = field(default_factory=dict)
    columns: list[dict] = field(default_factory=list)  # sheet, column letter, header, field (None: unused)
    layout_keys: dict[str, str] = field(default_factory=dict)  # sheet -> key of its header as found
    layouts_applied: dict[str, str] = field(default_factory=dict)  # sheet -> key of the saved layout applied
    as_of_hint: str | None = None
    register_year: int | None = None
    notices: list[str] = field(default_factory=list)


def column_letter(index: int) -> str:
    """A for 0, AA for 26."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _fill_merged(rows: list[list], start: int, merged: list, columns: set[int]) -> None:
    """Give the cells under the top-left of each vertically merged range (in a used column) its value.

    A row with nothing else in it stays blank: a merge running past the last item makes no item.
    """
    for (r0, c0), (r1, c1) in merged:
        if r1 <= r0 or r1 < start:
            continue
        value = rows[r0][c0] if r0 < len(rows) and c0 < len(rows[r0]) else None
        for r in [r for r in range(max(r0 + 1, start), min(r1, len(rows) - 1) + 1) if _filled(rows[r])]:
            for c in range(c0, c1 + 1):
                if c in columns and c < len(rows[r]):
                    rows[r][c] = value


def _spans(merged: list) -> set[tuple[int, int]]:
    """Top-left cells of ranges merged across columns (a heading written over the whole width)."""
    return {(r0, c0) for (r0, c0), (r1, c1) in merged if c1 > c0}


def _blank(v: object) -> bool:
    """missing.is_blank for the cells calamine gives (the empty cell is ""), cheap enough for every cell."""
    return v is None or v == "" or v != v or (type(v) is str and v.isspace())


def _filled(row: list) -> list[int]:
    """Columns of the row holding something."""
    return [c for c, v in enumerate(row) if not _blank(v)]


def _repeats_header(row: list, header_words: dict[int, str], title_column: int) -> bool:
    """The header written again inside the data (its task cell reads like the task header, and one more)."""
    word = header_words[title_column]
    if word[:1] not in row[title_column] or normalize_header(row[title_column]) != word:
        return False
    return sum(normalize_header(row[c]) == word for c, word in header_words.items()) >= 2


@dataclass
class _Kept:
    rows: list[int]  # 0-based sheet rows kept as items
    categories: list[str | None]
    templates: list[int]


def _classify(rows: list[list], header: SheetHeader, merged: list) -> _Kept:
    """Which data rows are items, and the section heading above each (blank, footer, template rows left out)."""
    used = list(header.columns)
    by_role = {role: i for i, role in header.columns.items()}
    header_words = {i: normalize_header(header.texts.get(i)) for i in used}
    title_column = by_role["title"]
    wide = _spans(merged)
    kept = _Kept([], [], [])
    section = None
    for r in range(header.data_start, len(rows)):
        row = rows[r]
        filled = _filled(row)
        if not filled:
            continue
        first = row[filled[0]]
        text = str(first).strip()
        if len(filled) == 1 and _FOOTER.match(text):
            continue
        if len(filled) == 1 and (_HEADING.match(text) or (r, filled[0]) in wide):
            section = text  # 一、经济社会发展主要预期目标: the category of the items below
            continue
        if not any(c in filled for c in used):
            continue
        incomplete = any(by_role[f] not in filled for f in REQUIRED)
        if incomplete and isinstance(first, str) and _FOOTER.match(first):
            continue
        title = row[by_role["title"]] if by_role["title"] < len(row) else None
        if isinstance(title, str) and (_TEMPLATE.match(title) or _repeats_header(row, header_words, title_column)):
            kept.templates.append(r)
            continue
        kept.rows.append(r)
        kept.categories.append(section)
    return kept


def sheet_rows(name: str, rows: list[list], merged: list, header: SheetHeader) -> tuple[pd.DataFrame, list[int]]:
    """Data rows of one register sheet (merged cells filled down) and the template rows set aside."""
    width = max(map(len, rows), default=0)
    rows = [list(row) + [None] * (width - len(row)) for row in rows]
    _fill_merged(rows, header.data_start, merged, set(header.columns))
    kept = _classify(rows, header, merged)
    by_role = {role: i for i, role in header.columns.items()}
    columns = {}
    for f in FIELDS:
        index = by_role.get(f.name)
        columns[f.name] = ([None if _blank(rows[r][index]) else rows[r][index] for r in kept.rows]
                           if index is not None else [None] * len(kept.rows))
    if header.status_is_progress_too and "progress" not in by_role:
        columns["progress"] = columns["status"]
    if "category" not in by_role:
        columns["category"] = kept.categories
    else:
        columns["category"] = [c if not _blank(c) else s for c, s in zip(columns["category"], kept.categories)]
    frame = pd.DataFrame({"sheet": name, "row": [r + 1 for r in kept.rows], **columns}, dtype=object)
    frame["row"] = frame["row"].astype("int64")
    frame["has_assigned"] = "assigned_date" in by_role
    frame["has_deadline"] = "deadline" in by_role
    return frame, [r + 1 for r in kept.templates]


def _sheet_notices(name: str, header: SheetHeader, frame: pd.DataFrame, templates: list[int]) -> list[str]:
    roles = set(header.columns.values())
    notices = []
    if frame.empty:
        notices.append(f"工作表“{name}”有表头但没有数据行。")
    elif "assigned_date" not in roles:
        notices.append(f"工作表“{name}”没有交办日期列：反馈时限无法推算（显示为未知），"
                       "按“N天”“N个工作日”写的办理时限也无法推算。")
    if not frame.empty and "deadline" not in roles:
        notices.append(f"工作表“{name}”没有办理时限列：各事项的办结时限按反馈时限计。")
    if templates:
        shown = "、".join(map(str, templates[:5])) + ("等" if len(templates) > 5 else "")
        notices.append(f"工作表“{name}”跳过了 {len(templates)} 行填表示例或重复的表头（第 {shown} 行）。")
    return notices


def read_register(data: bytes, filename: str = "台账.xlsx", header_aliases: dict[str, str] | None = None,
                  max_rows: int = 200_000, layouts: dict[str, dict[str, str | None]] | None = None,
                  overrides: dict[str, str | None] | None = None, limits: tuple[int, int] = (2048, 60)) -> RawRegister:
    """Read every register sheet of a workbook (or CSV) given as bytes.

    layouts: saved column choices by layout key (``layouts.layout_key``); overrides: header text -> role
    for every sheet (the command line's --map), applied after a saved layout; limits: (MB, seconds) the
    worker process that parses the untrusted file may use.
    """
    lookup = header_lookup(header_aliases)
    frames, result, partial = [], RawRegister(rows=pd.DataFrame()), []
    for name, rows, merged in read_sheets_isolated(data, filename, max_rows, *limits):
        top = rows[:HEADER_SCAN_ROWS + 1]
        header = find_header(top, lookup)
        if header is not None:
            key = result.layout_keys[name] = layout_key(header.texts)
            if layouts and key in layouts:
                header = apply_layout(header, layouts[key])
                result.layouts_applied[name] = key
            header = apply_layout(header, overrides or {})
        if header is None or not set(REQUIRED) <= set(header.columns.values()):
            result.skipped_sheets.append(name)
            partial.append(best_partial_header(top, lookup))
            continue
        if len(rows) > max_rows + header.data_start:
            rows = rows[:max_rows + header.data_start]
            result.notices.append(f"工作表“{name}”超过 {max_rows} 行，只读取了前 {max_rows} 行数据。")
        frame, templates = sheet_rows(name, rows, merged, header)
        result.sheets.append(name)
        result.fields_by_sheet[name] = set(header.columns.values())
        result.columns += [{"sheet": name, "column": column_letter(i), "header": text, "field": header.columns.get(i)}
                           for i, text in sorted(header.texts.items())]
        result.as_of_hint = result.as_of_hint or as_of_hint(top, header)
        result.register_year = result.register_year or register_year(top, header)
        result.notices += _sheet_notices(name, header, frame, templates)
        frames.append(frame)
    if not result.sheets:
        raise ReadError(not_a_register_message(partial))
    result.rows = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    return result


def not_a_register_message(partial: list[list[tuple[str, str]]]) -> str:
    """One sentence: which columns were found in the best sheet, and which required one is missing."""
    best = max(partial, key=len, default=[])
    found = {role for _, role in best}
    missing = [f"“{DISPLAY[r]}”（{'任务' if r == 'title' else '责任单位'}）" for r in REQUIRED if r not in found]
    if not best:
        return ("没有找到督办台账：前 30 行中没有可识别的表头。表头中应有督办事项（任务）列和承办科室（责任单位）列，"
                "请检查是否选错了文件。")
    shown = "、".join(f"“{text}”（{DISPLAY[role]}）" for text, role in best[:8])
    return f"不是督办台账：找到的列有{shown}，但缺少{'和'.join(missing)}列。请上传含有这两列的台账。"
