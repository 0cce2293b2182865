"""The one place that decides which column plays which role, from the evidence of ``evidence.py``.

Every column gets a score per role: 0.6 × the header's weight + 0.4 × how well its cells fit, or, for a
role only its cells suggest, 0.4 × that fit (so a clear header beats clear cells, and clear cells
under a header that means nothing still count). The assignment is made jointly: the best (column,
role) pair first, one column per role and one role per column. Dates whose header says nothing are
placed by their content afterwards (``_date_roles``), and the context rules of the register's words
(完成时间, 牵头/责任, 完成情况, 要求/计划) are applied to the header meanings before.
"""
from __future__ import annotations

from dataclasses import dataclass

from duban.fields import STATUS_VARIANTS, normalize_header
from duban.reading.evidence import Profile, content_scores, textness, header_meaning, is_ambiguous_done, is_ignored

HEADER_WEIGHT, CONTENT_WEIGHT = 0.6, 0.4
CONTENT_ONLY = 0.5  # the fit cells need to suggest a role their header does not name (0.8 when it names another)
LOWEST = 0.2  # a pair scoring less is no evidence at all
WEAK = 0.5  # an assigned role scoring less is shown as weak, for the office to check first
DATE_ROLES = ("assigned_date", "deadline", "completed_date")
# dates only their header can tell apart: never given by the cells alone
HEADER_ONLY = (*DATE_ROLES, "feedback_date", "feedback_due", "extended_to")
DATE_LIKE = 0.6  # share of dates and 办理时限 texts that makes a column a date column


@dataclass(frozen=True)
class Evidence:
    """How one column's role was decided."""

    source: str  # header, content or both (表头 / 内容 / 两者)
    confidence: float  # 0–1

    @property
    def weak(self) -> bool:
        """Shown to the office as one to check."""
        return self.confidence < WEAK


@dataclass
class Decision:
    """Column index -> role, how each was decided, whether the status column doubles as progress."""

    columns: dict[int, str]
    evidence: dict[int, Evidence]
    status_is_progress_too: bool
    score: float  # how well the assignment explains the sheet (the sum of its pairs' scores)


def _header_roles(texts: dict[int, str], lookup: dict[str, str]) -> dict[int, tuple[str, float]]:
    """The role each header names, after the context rules that depend on the other headers."""
    named = {i: found for i, text in texts.items() if (found := header_meaning(text, lookup))[0] is not None}
    keys = {i: normalize_header(texts[i]) for i in named}
    plain_deadline = any(r == "deadline" and not is_ambiguous_done(texts[i]) for i, (r, _) in named.items())
    led = any(r == "lead_dept" and keys[i].startswith("牵头") for i, (r, _) in named.items())
    proper_status = any(r == "status" and not _is_variant(keys[i]) for i, (r, _) in named.items())
    for i, (role, weight) in list(named.items()):
        if role == "deadline" and is_ambiguous_done(texts[i]) and plain_deadline:
            named[i] = ("completed_date", weight)
        elif role == "lead_dept" and led and not keys[i].startswith("牵头") and "责任" in keys[i]:
            named[i] = ("co_depts", weight)  # 牵头单位 leads, 责任单位 takes part
        elif role == "status" and _is_variant(keys[i]) and proper_status:
            named[i] = ("progress", weight)  # 完成情况 beside a 状态 column is the progress text
        elif role == "deadline" and keys[i].startswith(("计划", "预计", "拟")):
            named[i] = ("deadline", weight - 0.05)  # a 要求… deadline beats a 计划… one
    return named


def _is_variant(key: str) -> bool:
    return key.endswith("情况") or any(key.endswith(word) for word in STATUS_VARIANTS)


def _pairs(named: dict[int, tuple[str, float]], profiles: dict[int, Profile],
           ignored: set[int]) -> list[tuple[float, int, str, str]]:
    """(score, column, role, source) for every pair with some evidence, best first (leftmost among equals)."""
    pairs = []
    for i, found in profiles.items():
        if i in ignored:
            continue
        fits = content_scores(found)
        role, weight = named.get(i, (None, 0.0))
        if role is not None:
            fit = fits.get(role, 0.0)
            pairs.append((HEADER_WEIGHT * weight + CONTENT_WEIGHT * fit, i, role, "both" if fit >= 0.5 else "header"))
        needed = 0.8 if role is not None else CONTENT_ONLY
        for other, fit in fits.items():
            if other != role and other not in HEADER_ONLY and fit >= needed:
                pairs.append((CONTENT_WEIGHT * fit, i, other, "content"))
    return sorted((p for p in pairs if p[0] >= LOWEST), key=lambda p: (-p[0], p[1]))


def _date_roles(profiles: dict[int, Profile], free: list[int], taken: set[str]) -> dict[int, tuple[str, float]]:
    """Date columns whose header says nothing: deadline texts are the deadline (so is a lone date column), the
    earliest and fullest column the assignment date, then the fuller of the rest the deadline and the sparser
    the completion date."""
    dated = [i for i in free if profiles[i].shares["date"] + profiles[i].shares["deadline_text"] >= DATE_LIKE]
    found: dict[int, tuple[str, float]] = {}

    def give(i: int, role: str) -> None:
        share = profiles[i].shares["date"] + profiles[i].shares["deadline_text"]
        found[i] = (role, CONTENT_WEIGHT * min(1.0, share))
        taken.add(role)
        dated.remove(i)

    for i in [i for i in dated if profiles[i].shares["deadline_text"] >= 0.15]:
        if "deadline" not in taken:
            give(i, "deadline")
    if len(dated) == 1 and not taken & set(DATE_ROLES):
        give(dated[0], "deadline")  # a lone date column: lists give deadlines more often than assignment dates
    if dated and "assigned_date" not in taken:
        give(min(dated, key=lambda i: (-round(profiles[i].fill, 1), profiles[i].median_day or 0, i)), "assigned_date")
    for i in sorted(dated, key=lambda i: (-profiles[i].fill, i)):
        role = next((r for r in ("deadline", "completed_date") if r not in taken), None)
        if role is not None:
            give(i, role)
    return found


def decide(texts: dict[int, str], profiles: dict[int, Profile], lookup: dict[str, str]) -> Decision:
    """The roles of a sheet's columns (texts: header text by column; profiles: its cells, by column)."""
    named = _header_roles(texts, lookup)
    columns: dict[int, str] = {}
    evidence: dict[int, Evidence] = {}
    ignored = {i for i, text in texts.items() if is_ignored(text)}
    for score, i, role, source in _pairs(named, profiles, ignored):
        if i not in columns and role not in columns.values():
            columns[i], evidence[i] = role, Evidence(source, round(score, 2))
    free = [i for i in profiles if i not in columns and i not in named and i not in ignored]
    for i, (role, score) in _date_roles(profiles, free, set(columns.values())).items():
        columns[i], evidence[i] = role, Evidence("content", round(score, 2))
    # a column named like the status whose cells are sentences, beside the status column (当前状态 | 落实进度): progress
    second_status = [i for i, (role, _) in named.items() if role == "status" and i not in columns and i not in ignored]
    texts_left = [(fit, i) for i in [*free, *second_status]
                  if i not in columns and (fit := textness(profiles[i])) >= CONTENT_ONLY]
    if texts_left and "progress" not in columns.values():  # the long text beside the task is its progress
        fit, i = max(texts_left)
        columns[i], evidence[i] = "progress", Evidence("content", round(CONTENT_WEIGHT * fit, 2))
    status = [i for i, r in columns.items() if r == "status"]
    doubles = bool(status) and _is_variant(normalize_header(texts.get(status[0], "")))
    return Decision(dict(sorted(columns.items())), evidence, doubles, sum(e.confidence for e in evidence.values()))
