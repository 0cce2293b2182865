"""Raw register rows to the canonical frame: typed dates, canonical status/source, departments split.

Each parsed column keeps its raw cell beside it (``raw_<field>``) so that validation can report the
value as the office typed it.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from duban.config import Config
from duban.compute.deadlines import parse_deadlines
from duban.clean.dates import parse_dates
from duban.clean.status import map_status
from duban.clean.values import (clean_text, department_columns, leader_names, map_source, none_said_as_empty,
                                parse_numbers, without_invisible)

RAW_KEPT = ("item_id", "title", "source", "assigned_date", "lead_dept", "co_depts", "deadline", "extended_to",
            "status", "feedback_date", "completed_date", "feedback_due")


def canonical_frame(raw: pd.DataFrame, as_of: pd.Timestamp, config: Config,
                    register_year: int | None = None) -> pd.DataFrame:
    """The canonical register frame (one row per data row read) with parse flags for validation.

    A text without a year takes the year of the item's 交办日期, else the register's year (from its title),
    else the as-of year.
    """
    names = {name: without_invisible(raw[name]) for name in ("lead_dept", "co_depts", "leader", "person")}
    text = {name: clean_text(raw[name]) for name in ("item_id", "difficulty")}
    text |= {name: clean_text(names[name][0]) for name in ("leader", "person")}
    text["leader"] = leader_names(text["leader"])  # 张志强副院长 and 张志强: one leader
    text["person"] = none_said_as_empty(text["person"])  # 责任人 无: nobody named
    text |= {name: clean_text(raw[name], normalize=False) for name in ("title", "progress", "category")}
    assigned, bad_assigned = parse_dates(raw["assigned_date"], default_year=as_of.year)
    item_year = assigned.dt.year.fillna(register_year or as_of.year).to_numpy(dtype="float64")
    dates = {"assigned_date": (assigned, bad_assigned)}
    for name in ("extended_to", "feedback_date", "completed_date", "feedback_due"):
        dates[name] = parse_dates(raw[name], default_year=item_year)
    stated_status, unknown_status = map_status(raw["status"], config.status_words)
    deadlines = parse_deadlines(raw["deadline"], config.vague_deadline_words)
    status, done_by_date = _settled_status(stated_status, dates["completed_date"], deadlines["deadline_kind"])
    source, unknown_source = map_source(raw["source"], config.source_variants)
    depts = department_columns(names["lead_dept"][0], names["co_depts"][0], config.dept_aliases)
    sheet = pd.Series(raw["sheet"].to_numpy(dtype=object), index=raw.index, dtype=object)
    row = raw["row"].astype("int64")
    return pd.DataFrame({
        "sheet": sheet, "row": row, "item_id": _with_made_ids(text["item_id"], sheet, row),
        "id_given": text["item_id"].notna(),
        "title": text["title"], "source": source, "lead_dept": depts["lead_dept"], "co_depts": depts["co_depts"],
        "leader": text["leader"], "difficulty": text["difficulty"], "status": status,
        "reminders": parse_numbers(raw["reminders"]), "progress": text["progress"],
        "person": text["person"], "category": text["category"], "default_year": item_year,
        "has_assigned": raw["has_assigned"].astype(bool), "has_deadline": raw["has_deadline"].astype(bool),
        "units_unnamed": depts["units_unnamed"],
        **{name: values for name, (values, _) in dates.items()},
        **{f"bad_{name}": flags for name, (_, flags) in dates.items()},
        "unknown_status": unknown_status, "unknown_source": unknown_source,
        "lead_aliased": depts["lead_aliased"], "co_aliased": depts["co_aliased"],
        **{f"{name}_invisible": altered for name, (_, altered) in names.items()},
        **deadlines,
        **{f"raw_{name}": raw[name] for name in RAW_KEPT},
        "done_by_date": done_by_date,
    }, index=raw.index)


def _with_made_ids(item_id: pd.Series, sheet: pd.Series, row: pd.Series) -> pd.Series:
    """督办编号 as given, or sheet-row (such as 台账-12) where the cell is empty."""
    missing = item_id.isna()
    if not missing.any():
        return item_id
    return item_id.mask(missing, sheet[missing] + "-" + row[missing].astype(str)).astype(object)


def _settled_status(status: pd.Series, completed: tuple[pd.Series, pd.Series],
                    deadline_kind: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(status, done_by_date): an empty status with a 办结日期 is done, else open; a 长期 deadline makes an
    unfinished item ongoing. completed is (办结日期, unreadable) as parse_dates gives them."""
    stated = status.to_numpy(dtype=object)
    dated, unreadable = completed
    kind = deadline_kind.to_numpy(dtype=object)
    done_by_date = pd.isna(stated) & (dated.notna().to_numpy() | unreadable.to_numpy())
    done_by_deadline = pd.isna(stated) & (kind == "done_word")  # 已完成 written as the 办理时限
    done = done_by_date | done_by_deadline
    settled = np.where(pd.isna(stated), np.where(done, "done", "open").astype(object), stated)
    ongoing = (kind == "ongoing") & ((settled == "open") | (settled == "returned"))
    settled = np.where(ongoing, "ongoing", settled)
    return pd.Series(settled, index=status.index, dtype=object), pd.Series(done_by_date, index=status.index)
