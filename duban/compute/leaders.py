"""分管领导 assign only to the departments they oversee (rules.md §2, seed 000 三(一)).

The office gives each leader's departments in the config (``leader_departments``). An item whose 分管领导
is in that map and whose lead unit is not one of theirs gets a warning (the row is kept); leaders not in
the map are not checked, and one notice names them. A leader's own items are their departments' items where
the map names them, else those the register's 分管领导 column gives them. A cell may name two leaders
(张志强、李明): the item is each one's.
"""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from duban.columns import ITEM_LABELS
from duban.config import Config
from duban.clean.names import BETWEEN_NAMES
from duban.clean.values import per_distinct_array
from duban.fields import DISPLAY

KIND = "leader_scope"


def named_leaders(cell: object) -> list[str]:
    """The leaders one 分管领导 cell names: 张志强 → [张志强]; 张志强、李明 → both."""
    return [name for name in BETWEEN_NAMES.split(cell) if name] if isinstance(cell, str) else []


def leaders_named(items: pd.DataFrame) -> list[str]:
    """Every leader the 分管领导 column names, each once (a cell naming two gives both)."""
    return sorted({name for cell in items["leader"].dropna().unique() for name in named_leaders(cell)})


def naming_any(items: pd.DataFrame, leaders: Iterable[str]) -> pd.Series:
    """The items whose 分管领导 cell names one of the leaders (alone or beside another)."""
    wanted = set(leaders)
    hit = per_distinct_array(items["leader"], lambda cell: not wanted.isdisjoint(named_leaders(cell)), dtype=bool)
    return pd.Series(hit, index=items.index)


def overseen(config: Config) -> dict[str, frozenset[str]]:
    """Each mapped leader's departments, under the names the analysis uses (the department aliases applied)."""
    return {leader: frozenset(config.dept_aliases.get(unit, unit) for unit in units)
            for leader, units in config.leader_departments.items()}


def leader_mask(items: pd.DataFrame, leader: str, overseen_by: dict[str, frozenset[str]]) -> pd.Series:
    """The items one 分管领导 oversees: the departments the map gives them, else the register's own 分管领导
    column (overseen_by as ``overseen`` gives it)."""
    if leader in overseen_by:
        return items["lead_dept"].isin(overseen_by[leader])
    return naming_any(items, [leader])


def _mapped_leaders(cell: object, mapped: dict) -> list[str]:
    """The leaders a cell names, when the map has every one of them (else [], nothing to check)."""
    names = named_leaders(cell)
    return names if all(name in mapped for name in names) else []


def outside_scope(items: pd.DataFrame, config: Config) -> np.ndarray:
    """Per row: its 分管领导 are all mapped and none of them oversees its lead unit."""
    mapped = overseen(config)
    if not mapped or items.empty:
        return np.zeros(len(items), dtype=bool)
    # each (leader, unit) once; an empty cell is "" (names no leader), never a missing key
    pairs = items["leader"].fillna("").astype(str) + "\x00" + items["lead_dept"].fillna("").astype(str)
    codes, uniques = pd.factorize(pairs)
    verdicts = np.array([bool(names := _mapped_leaders(cell, mapped)) and not any(unit in mapped[n] for n in names)
                         for cell, _, unit in (pair.partition("\x00") for pair in uniques)], dtype=bool)
    return verdicts[codes]


def leader_scope_issues(items: pd.DataFrame, config: Config) -> pd.DataFrame:
    """One warning per item assigned outside its leader's departments (the validation report's columns)."""
    found = items[outside_scope(items, config)]
    mapped = config.leader_departments
    messages = ["；".join(f"{name}分管{'、'.join(mapped[name])}" for name in _mapped_leaders(leader, mapped))
                + f"，本事项的牵头科室“{unit}”不在其分管范围内（分管领导不得向非分管科室交办工作任务），"
                "请核对分管领导或承办科室" for leader, unit in zip(found["leader"], found["lead_dept"])]
    return pd.DataFrame({
        "sheet": found["sheet"].to_numpy(dtype=object), "row": found["row"].to_numpy(), "column": DISPLAY["leader"],
        "value": found["leader"].to_numpy(dtype=object), "severity": "warning", "kind": KIND,
        "message": messages, "frame_index": found.index.to_numpy()})


def unmapped_notice(items: pd.DataFrame, config: Config) -> str | None:
    """Once the office keeps a map: which leaders of the register have none yet (their items are not checked)."""
    if not config.leader_departments:
        return None
    missing = sorted(set(leaders_named(items)) - set(config.leader_departments))
    if not missing:
        return None
    return (f"以下分管领导尚未设置分管科室，其交办事项未检查是否在分管范围内：{'、'.join(missing)}"
            "（可在“规则设置”中设置）。")


def leader_scope_table(issues: pd.DataFrame, items: pd.DataFrame) -> pd.DataFrame:
    """Those of items assigned outside their leader's departments, for a page: which item, who, where, what is wrong."""
    found = issues[issues["kind"] == KIND][["sheet", "row", "value", "message"]]
    named = items[["sheet", "row", "item_id", "title", "lead_dept"]].drop_duplicates(["sheet", "row"])
    table = found.merge(named, on=["sheet", "row"], how="inner")  # of the items shown (a leader's own)
    return pd.DataFrame({
        ITEM_LABELS["item_id"]: table["item_id"], ITEM_LABELS["title"]: table["title"],
        ITEM_LABELS["leader"]: table["value"], ITEM_LABELS["lead_dept"]: table["lead_dept"],
        ITEM_LABELS["sheet"]: table["sheet"], ITEM_LABELS["row"]: table["row"], "说明": table["message"]})
