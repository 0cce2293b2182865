"""Sheet rows to raw register rows: header found, each column given its role, the item rows taken (``rows.py``
says which rows are items). Cells stay as Excel gave them; ``clean/canonical.py`` types them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from duban.fields import FIELDS, header_lookup
from duban.reading.evidence import header_meaning, read_cell
from duban.reading.header import SAMPLE_ROWS, SheetHeader, annual_year, as_of_hint, best_header, register_year
from duban.reading.inline import names_units, units_in_text
from duban.reading.layouts import apply_layout, layout_key
from duban.reading.merged_items import fold_merged_items
from duban.reading.rows import Grid, Kept, as_cells, blank, classify, fill_merged
from duban.reading.worker import read_sheets_isolated
from duban.reading.refusal import columns_needed
from duban.reading.roles import WEAK, Evidence
from duban.reading.workbook import HEADER_SCAN_ROWS, column_letter

# sheet names that end like a unit and name none (重点督办, 专项督办, 2024年总办)
_NOT_A_UNIT = re.compile(r"督办|督查|台账|事项|清单|汇总|总表|工作|年|月|季|sheet", re.IGNORECASE)
# a progress column per week or month (11月6日进展, 第45周进展, 10月份推进情况): the latest filled one is the progress
_DATED = re.compile(r"\d{1,2}月\d{1,2}[日号]|\d{1,2}[.．/-]\d{1,2}|第?\d{1,2}周|\d{1,2}月份?")


@dataclass
class RawRegister:
    """Every data row of every register sheet, with the cell values as read."""

    rows: pd.DataFrame  # sheet, row (Excel number), one column per role, category, sheet facts
    sheets: list[str] = field(default_factory=list)
    skipped_sheets: list[str] = field(default_factory=list)
    columns: list[dict] = field(default_factory=list)  # sheet, column letter, header, field, evidence, confidence
    layout_keys: dict[str, str] = field(default_factory=dict)  # sheet -> key of its header as found
    layouts_applied: dict[str, str] = field(default_factory=dict)  # sheet -> key of the saved layout applied
    as_of_hint: str | None = None
    register_year: int | None = None
    notices: list[str] = field(default_factory=list)


def sheet_rows(name: str, cells: np.ndarray, merged: list,
               header: SheetHeader) -> tuple[pd.DataFrame, list[int], list[tuple[int, int]]]:
    """Data rows of one register sheet (merged cells filled down), the template rows set aside and the
    (first, last) rows of each item written over several rows."""
    cells = fill_merged(cells, header.data_start, merged, set(header.columns))
    grid = Grid.of(cells, header.data_start)
    kept = classify(cells, header, merged, grid)
    by_role = {role: i for i, role in header.columns.items()}
    # whole columns as object arrays, which the frame takes as they are
    columns = {f.name: grid.values(by_role[f.name], kept.rows) if f.name in by_role
               else np.full(len(kept.rows), None, dtype=object) for f in FIELDS}
    _from_texts(columns, kept, header, by_role, grid)
    item_rows, folded = fold_merged_items(kept.rows, columns, merged, by_role["title"])
    frame = pd.DataFrame({"sheet": name, "row": [r + 1 for r in item_rows], **columns}, dtype=object)
    frame["row"] = frame["row"].astype("int64")
    frame["has_assigned"] = "assigned_date" in by_role
    frame["has_deadline"] = "deadline" in by_role or header.annual_year is not None
    return frame, [r + 1 for r in kept.templates], folded


def _from_texts(columns: dict[str, list], kept: Kept, header: SheetHeader, by_role: dict[str, int],
                grid: Grid) -> None:
    """Facts the sheet writes in texts rather than columns (units in the task, leaders on section rows, the
    year-end of an annual list, the section heading as category), filled into the columns in place."""
    if header.units_in_text:  # （责任单位：A、B） in the task text: the lead and co-units from there
        named = [units_in_text(title) for title in columns["title"]]
        columns["lead_dept"], columns["co_depts"] = [lead for lead, _ in named], [co for _, co in named]
    if header.sheet_unit is not None:  # one sheet per unit: the sheet's name
        columns["lead_dept"] = [header.sheet_unit] * len(kept.rows)
    if any(kept.leaders):  # a leader named on the section row, for items whose own cell names none
        columns["leader"] = [own if not blank(own) else named for own, named in zip(columns["leader"], kept.leaders)]
    if header.annual_year is not None:  # 2023年重点工作 with no deadline column: due at the year's end
        columns["deadline"] = [f"{header.annual_year}年12月31日"] * len(kept.rows)
    if header.dated_progress:  # written week by week: each item's latest filled one
        columns["progress"] = grid.rightmost(header.dated_progress, kept.rows)
    elif header.status_is_progress_too and "progress" not in by_role:
        columns["progress"] = columns["status"].copy()  # folding items changes the progress, not the status
    if "category" not in by_role:
        columns["category"] = kept.categories
    else:
        columns["category"] = [c if not blank(c) else s for c, s in zip(columns["category"], kept.categories)]


def _sheet_notices(name: str, header: SheetHeader, frame: pd.DataFrame, templates: list[int],
                   folded: list[tuple[int, int]]) -> list[str]:
    roles = set(header.columns.values())
    notices = []
    if frame.empty:
        notices.append(f"工作表“{name}”有表头但没有数据行。")
    elif "assigned_date" not in roles:
        notices.append(f"工作表“{name}”没有交办日期列：反馈时限无法推算（显示为未知），"
                       "按“N天”“N个工作日”“本月底”写的办理时限也无法推算。")
    if header.dated_progress:
        first, last = (header.texts[i] for i in (header.dated_progress[0], header.dated_progress[-1]))
        notices.append(f"工作表“{name}”有 {len(header.dated_progress)} 列按时间填写的进展（“{first}”至“{last}”）："
                       "各事项的办理进展取其中最右边填了的一列。")
    if header.units_in_text:
        notices.append(f"工作表“{name}”没有承办科室列：各事项的承办科室和协办科室取自督办事项中写明的单位"
                       "（如“牵头单位：……；配合单位：……”）。")
    if not frame.empty and header.annual_year is not None:
        notices.append(f"工作表“{name}”没有办理时限列，标题表明是{header.annual_year}年的工作清单："
                       f"各事项的办结时限按{header.annual_year}年12月31日计。")
    elif not frame.empty and "deadline" not in roles:
        notices.append(f"工作表“{name}”没有办理时限列：各事项的办结时限按反馈时限计。")
    for first, last in folded[:1]:
        notices.append(f"工作表“{name}”有 {len(folded)} 项的督办事项单元格合并了多行（如第 {first}–{last} 行），"
                       "每项按一项计，其余行的进展并入该项的办理进展、单位并入协办科室。")
    if templates:
        shown = "、".join(map(str, templates[:5])) + ("等" if len(templates) > 5 else "")
        notices.append(f"工作表“{name}”跳过了 {len(templates)} 行填表示例或重复的表头（第 {shown} 行）。")
    return notices


def read_register(data: bytes, filename: str = "台账.xlsx", header_aliases: dict[str, str] | None = None,
                  max_rows: int = 200_000, layouts: dict[str, dict[str, str | None]] | None = None,
                  overrides: dict[str, str | None] | None = None, limits: tuple[int, int] = (2048, 60)) -> RawRegister:
    """Read every register sheet of a workbook (or CSV) given as bytes.

    The untrusted file is parsed in a worker process that may use limits (MB, seconds); its cells are read
    here by ``read_sheets`` (see there for layouts and overrides).
    """
    sheets = read_sheets_isolated(data, filename, max_rows, *limits)
    return read_sheets(sheets, header_aliases, max_rows, layouts, overrides)


# name, cells (the worker's array, or rows of lists), merged ranges
Sheet = tuple[str, np.ndarray | list[list], list[tuple]]


def read_sheets(sheets: list[Sheet], header_aliases: dict[str, str] | None = None, max_rows: int = 200_000,
                layouts: dict[str, dict[str, str | None]] | None = None,
                overrides: dict[str, str | None] | None = None) -> RawRegister:
    """Read the register sheets among parsed sheets: find each header, decide its columns, take its rows.

    layouts: saved column choices by layout key (``layouts.layout_key``); overrides: header text -> role
    for every sheet (the command line's --map), applied after a saved layout.
    """
    lookup = header_lookup(header_aliases)
    frames, result, undecided, named_after_units = [], RawRegister(rows=pd.DataFrame()), [], []
    for name, cells, merged in sheets:
        cells = as_cells(cells)
        top = cells[:HEADER_SCAN_ROWS + SAMPLE_ROWS].tolist()
        header, saved = best_header(top, lookup, layouts, merged)
        if header is not None:
            result.layout_keys[name] = layout_key(header.texts)
            if saved is not None:
                header = apply_layout(header, layouts[saved])
                result.layouts_applied[name] = saved
            header = apply_layout(header, overrides or {})
            header = replace(_with_units_in_text(top, header), annual_year=annual_year(top, header))
            header = _with_dated_progress(_with_sheet_unit(name, header), lookup)
        if header is None or not header.complete:
            result.skipped_sheets.append(name)
            undecided.append((name, header))
            continue
        if len(cells) > max_rows + header.data_start:
            cells = cells[:max_rows + header.data_start]
            result.notices.append(f"工作表“{name}”超过 {max_rows} 行，只读取了前 {max_rows} 行数据。")
        frame, templates, folded = sheet_rows(name, cells, merged, header)
        result.sheets.append(name)
        result.columns += _column_entries(name, header)
        result.as_of_hint = result.as_of_hint or as_of_hint(top, header)
        result.register_year = result.register_year or register_year(top, header)
        result.notices += _sheet_notices(name, header, frame, templates, folded)
        frames.append(frame)
        named_after_units += [name] if header.sheet_unit is not None else []
    if not result.sheets:
        raise columns_needed(undecided)
    result.notices += _sheet_unit_notice(named_after_units)
    result.rows = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    return result


def _with_dated_progress(header: SheetHeader, lookup: dict[str, str]) -> SheetHeader:
    """A header with two or more progress columns by date (11月6日进展, 11月13日进展) reads them together."""
    dated = tuple(i for i, text in sorted(header.texts.items())
                  if _DATED.search(text) and header_meaning(text, lookup)[0] in ("progress", "status")
                  and header.columns.get(i) in (None, "progress"))
    return replace(header, dated_progress=dated) if len(dated) >= 2 else header


def _sheet_unit_notice(names: list[str]) -> list[str]:
    """One notice for every sheet whose items take its name as their unit (a workbook may have twenty)."""
    if not names:
        return []
    shown = "、".join(f"“{n}”" for n in names[:6]) + (f"等 {len(names)} 张工作表" if len(names) > 6 else "")
    return [f"工作表{shown}没有承办科室列：各表事项的承办科室按工作表名计（如“{names[0]}”表的事项由{names[0]}承办）。"]


def _with_sheet_unit(name: str, header: SheetHeader) -> SheetHeader:
    """A header without any unit, on a sheet named after one (医务部, 院办), takes that unit for its items."""
    roles = set(header.columns.values())
    if "lead_dept" in roles or header.units_in_text or "title" not in roles or _NOT_A_UNIT.search(name):
        return header
    cell = read_cell(name)
    return replace(header, sheet_unit=name.strip()) if cell is not None and cell.unit else header


def _with_units_in_text(rows: list[list], header: SheetHeader) -> SheetHeader:
    """A header without a unit column whose task texts name their units says so."""
    by_role = {role: i for i, role in header.columns.items()}
    if "lead_dept" in by_role or "title" not in by_role:
        return header
    column = by_role["title"]
    sample = [row[column] for row in rows[header.data_start:header.data_start + SAMPLE_ROWS] if column < len(row)]
    return replace(header, units_in_text=names_units(sample))


def _column_entries(sheet: str, header: SheetHeader) -> list[dict]:
    """The JSON's columns: each header text, its role, how that was decided and how sure it is. Progress written
    week by week is read from every one of its columns, and each says so."""
    weekly = next((header.evidence[i] for i in header.dated_progress if i in header.evidence), Evidence("header", WEAK))
    entries = []
    for i, text in sorted(header.texts.items()):
        field = "progress" if i in header.dated_progress else header.columns.get(i)
        found = header.evidence.get(i) if i in header.columns else weekly if i in header.dated_progress else None
        entries.append({"sheet": sheet, "column": column_letter(i), "header": text, "field": field,
                        "evidence": found.source if found else None,
                        "confidence": found.confidence if found else None})
    return entries
