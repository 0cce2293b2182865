"""立项规范性 (rules.md §6): whether each item was filed as the rules ask — 一事一项, 任务量化, 责任明确化,
时限具体化 — and what to fix where it was not.

Each item gets ``filing_flags``, a tuple of the problems found (empty when the item is well filed). The words
that mark a vague limit or an unnamed unit are the office's (config); numbered sub-tasks are told by their
numbering (1. 2. / （1）（2） / 一是 二是 / ① ②).
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from duban.columns import ITEM_LABELS
from duban.config import Config
from duban.clean.values import per_distinct_array

VAGUE_LIMIT, UNCLEAR_UNIT, SEVERAL_TASKS = "时限不具体", "责任不明确", "一事多项"
FLAGS = (VAGUE_LIMIT, UNCLEAR_UNIT, SEVERAL_TASKS)
FIXES = {
    VAGUE_LIMIT: "写明具体的办理时限（日期、“N个工作日”或“M月底前”）；经常性工作写“长期”",
    UNCLEAR_UNIT: "写明一个牵头承办科室，其余列为协办科室",
    SEVERAL_TASKS: "按一事一项拆成几个事项，每项单独立项、单独计时",
}
# Two numbered sub-tasks in a row: the marker of the first, then the marker of the second further on. A
# digit beside the marker (2024.1.5, 1.5亿元) is a number, not a marker.
_NUMBERED = re.compile(
    r"(?:^|[^\d.])1[.、．](?!\d).*?[^\d.]2[.、．](?!\d)"
    r"|[（(]1[）)].*?[（(]2[）)]|[（(]一[）)].*?[（(]二[）)]"
    r"|一是.*?二是|①.*?②|第一[，,、].*?第二[，,、]", re.S)


def several_tasks(title: object) -> bool:
    """The task text holds several numbered tasks (1.…2.…, （1）…（2）…, 一是…二是…)."""
    return isinstance(title, str) and _NUMBERED.search(title) is not None


def unclear_unit(unit: object, words: tuple[str, ...]) -> bool:
    """The lead unit names no single unit: it is, or begins with, one of the words (各科室, 相关部门 …)."""
    return isinstance(unit, str) and any(unit.startswith(word) for word in words)


def filing_flags(items: pd.DataFrame, config: Config) -> pd.Series:
    """The 立项规范性 problems of each item (a tuple per row, in the order of FLAGS; empty when none)."""
    kind = items["deadline_kind"].to_numpy(dtype=object)
    status = items["status"].to_numpy(dtype=object)
    no_limit = (kind == "empty") & items["extended_to"].isna().to_numpy()
    ongoing_elsewhere = (kind == "ongoing") & (status != "ongoing")  # 长期 written for work that is not ongoing
    found = {
        VAGUE_LIMIT: no_limit | ongoing_elsewhere,
        UNCLEAR_UNIT: per_distinct_array(items["lead_dept"], lambda v: unclear_unit(v, config.unclear_unit_words),
                                         dtype=bool),
        SEVERAL_TASKS: per_distinct_array(items["title"], several_tasks, dtype=bool),
    }
    # each item's problems as a number (a bit per flag), then that number's flags: a tuple, which items can share
    code = sum(hits.astype(np.int64) << bit for bit, hits in enumerate(found.values()))
    named = np.empty(1 << len(found), dtype=object)
    for combination in range(len(named)):
        named[combination] = tuple(flag for bit, flag in enumerate(found) if combination >> bit & 1)
    return pd.Series(named[code], index=items.index, dtype=object)


def fixes(flags: tuple[str, ...], sep: str = "\n") -> str:
    """What to fix for these problems (one line each in a workbook's cell)."""
    return sep.join(FIXES[flag] for flag in flags)


def filing_table(items: pd.DataFrame) -> pd.DataFrame:
    """The badly filed items, one row each, for the office to mend: where, which item, the problems, the fix."""
    flagged = items[items["filing_flags"].map(len) > 0]
    return pd.DataFrame({
        **{ITEM_LABELS[name]: flagged[name] for name in ("sheet", "row", "item_id", "lead_dept", "title")},
        "问题": flagged["filing_flags"].map("、".join),
        "如何改正": flagged["filing_flags"].map(lambda flags: fixes(flags, "；")),
    }).reset_index(drop=True)


def filing_counts(items: pd.DataFrame) -> dict[str, int]:
    """How many items have each problem (every flag named, zero included)."""
    flags = items["filing_flags"]
    return {flag: int(flags.map(lambda found, flag=flag: flag in found).sum()) for flag in FLAGS}
