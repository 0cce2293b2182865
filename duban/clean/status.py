"""办理状态 cells to canonical statuses (rules.md §5): words, 是/否, percentages, and progress sentences.

Canonical statuses: done, open, returned, ongoing, cancelled, and draft (not yet assigned: left out of
the items altogether, with a notice).
"""
from __future__ import annotations

import re
import unicodedata

import numpy as np
import pandas as pd

from duban.missing import is_missing
from duban.clean.names import says_none
from duban.clean.values import distinct

# Words for "no deadline, kept going": an ongoing item in the status column and in the 办理时限 column.
ONGOING_WORDS: tuple[str, ...] = ("长期", "持续推进", "常态化", "长期坚持", "持续", "长期推进", "常态化推进")
STATUS_WORDS: dict[str, tuple[str, ...]] = {
    "done": ("已办结", "办结", "已完成", "完成", "已落实", "销号", "已销号", "已办理", "办理完毕", "已结", "整改完成",
             "已整改", "整改已完成", "已完成整改", "已建成", "是", "完结", "已完结", "结案", "已结案", "办毕", "已办毕",
             "逾期办结", "超期办结", "逾期完成", "全部完成", "已全部完成", "按时完成", "按期完成", "按时办结",
             "按期办结", "已解决", "结题", "已结题", "已验收", "验收通过", "√", "✓", "✔", "☑", "Y", "YES"),
    "open": ("办理中", "正在办理", "推进中", "未完成", "未办结", "进行中", "未启动", "在办", "正在推进", "待办",
             "未开始", "尚未完成", "正在整改", "整改中", "实施中", "暂未启动", "未落实", "未整改", "完成审批中",
             "待审核", "待销号", "申请办结", "否", "滞后", "进度滞后", "序时推进", "按序时推进", "正常推进",
             "按计划推进", "进行", "已交办", "待反馈", "已反馈", "逾期", "超期", "逾期未办结", "逾期未完成",
             "超期未办结", "基本完成", "已基本完成", "部分完成", "大部分完成", "落实中", "已提交", "待验收",
             "×", "✗", "✘", "☒", "N", "NO"),
    "returned": ("退回", "退回重办", "重办", "退回补办", "补办", "重新办理"),
    "ongoing": ONGOING_WORDS,
    "cancelled": ("撤销", "取消", "终止", "已撤销", "已取消", "已终止", "作废", "中止", "工作中止", "暂停"),
    "draft": ("草稿", "待立项", "立项审批中"),
}
_LOOKUP = {word: status for status, words in STATUS_WORDS.items() for word in words}
_PERCENT = re.compile(r"^(?:已完成|完成|进度|完成进度|已推进)?(\d+(?:\.\d+)?)%$")  # 30%, 已完成80%
_SENTENCE_MARKS = re.compile(r"[，。；,;]")
_CLAUSE_END = re.compile(r"[，,。；;]")
_DONE_START = ("已完成", "已办结", "已落实", "已整改", "整改已完成")
_UNDER_WAY = ("正在", "推进中", "办理中")
# what a status text may say before the status itself: the day it was reached, or 目前 (10月20日已办结, 目前已完成)
_LEADING = re.compile(r"^(?:(?:\d{4}[年.\-/])?\d{1,2}[月.\-/]\d{1,2}[日号]?(?=已)|目前|当前|截[至止]目前|现(?=已))+")
_ALREADY = re.compile(r"^(已于|已经|已)")
_COMPLETION_VERBS = re.compile(r"完成|办结|落实|整改|下发|印发|出台|制定|建成|通车|销号")
SENTENCE_LENGTH = 8  # longer than this, a cell is progress written in the status column, not a status word


def _from_number(value: float) -> str:
    """A 进度 number: a fraction (0.3) or a percentage (30); complete is done."""
    share = value if value <= 1 else value / 100
    return "done" if share >= 1 else "open"


def _from_sentence(text: str) -> str:
    """Progress written in the status column: done when it says the work was completed, else open."""
    if text.startswith(_DONE_START):
        return "done"
    if _ALREADY.match(text) and _COMPLETION_VERBS.search(_CLAUSE_END.split(text, maxsplit=1)[0]):
        return "done"
    return "open"


def status_lookup(extra: dict[str, list[str]] | None = None) -> dict[str, str]:
    """Word -> status: the built-in words and the office's own (config status_words)."""
    lookup = dict(_LOOKUP)
    for status, words in (extra or {}).items():
        lookup.update({"".join(unicodedata.normalize("NFKC", w).split()): status for w in words})
    return lookup


def status_of(value: object, lookup: dict[str, str] = _LOOKUP) -> tuple[str | None, bool]:
    """(canonical status or None for an empty cell, whether the text was not understood)."""
    if is_missing(value) or isinstance(value, bool):
        return None, False
    if isinstance(value, (int, float)):
        return (_from_number(float(value)), False) if value >= 0 else ("open", True)
    raw = str(value).strip()
    text = "".join(unicodedata.normalize("NFKC", raw).split())
    if not text or says_none(text):  # 办理状态 / : as an empty cell
        return None, False
    if (found := lookup.get(text, lookup.get(text.upper()))) is not None:  # y, Yes as Y, YES
        return found, False
    if match := _PERCENT.match(text):
        return _from_number(float(match[1]) / 100), False
    if (rest := _LEADING.sub("", text, count=1)) != text and rest:
        return status_of(rest, lookup)
    if len(text) > SENTENCE_LENGTH or _SENTENCE_MARKS.search(raw):
        return _from_sentence(text), False
    if text.startswith(_DONE_START):  # 已完成并通过验收, 已完成（待验收）
        return "done", False
    if text.startswith(_UNDER_WAY):  # 正在排查
        return "open", False
    return "open", True


def map_status(values: pd.Series, extra: dict[str, list[str]] | None = None) -> tuple[pd.Series, pd.Series]:
    """Canonical status per cell (missing when empty) and a mask of unrecognised texts (once per distinct cell)."""
    lookup = status_lookup(extra)
    codes, uniques = distinct(values)
    found = [status_of(u, lookup) for u in uniques] + [(None, False)]
    statuses = np.array([f[0] for f in found], dtype=object)
    unknown = np.array([f[1] for f in found], dtype=bool)
    return (pd.Series(statuses[codes], index=values.index, dtype=object),
            pd.Series(unknown[codes], index=values.index))
