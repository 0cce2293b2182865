"""One 办理时限 cell to what it asks for (rules.md §4): a date, a month's end, N (working) days, ongoing, …

``deadline_parts`` returns a ``Deadline``: the kind and the numbers the due date is computed from. A
year left out is filled in later from the item's 交办日期 (or the register's year); ``rollover`` marks the
forms (M月底, M月中旬 …) that move to the next year when the month is earlier than the assigned month.
"""
from __future__ import annotations

import re
from typing import NamedTuple

from duban.missing import is_missing
from duban.compute.calendar import FIRST_YEAR, LAST_YEAR
from duban.clean.dates import arabic_numerals, date_parts
from duban.clean.names import says_none
from duban.clean.status import ONGOING_WORDS, STATUS_WORDS
from duban.clean.values import compact_text

NAN = float("nan")
_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_SUFFIX = re.compile(r"(前完成|之前|以前|以内|之内|前|内|完成|止|为止|截止|左右)$")
_PREFIX = re.compile(r"^(?:截止到?|截至|最迟|最晚|务必|必须|须|要求|限|于|在)+")  # 截止12月31日, 限12月31日前, 于…
_YEAR = r"(?:(?P<{}>(?:19|20)\d{{2}})年?)?"
_FORMS = re.compile(
    r"(?P<workdays>\d+)个?工作日"
    r"|(?P<days>\d+)(?:个自然日|个日历日|自然日|日历日|天|日)"
    # within N weeks, months or years (两周内, 3个月以内): without 内 it is as likely a cycle (周期 2周, 每3个月)
    r"|(?:(?P<weeks>\d{1,3})个?(?:周|星期|礼拜)|(?P<half_month>半个?月)"
    r"|(?P<months>\d{1,3})个(?:自然)?月|(?P<years>\d{1,2})个?年)[以之]?内|"
    + _YEAR.format("month_year") + r"(?P<month>\d{1,2})月(?P<part>底|末|份|上旬|中旬|下旬)?"
    + "|" + _YEAR.format("part_year")
    + r"(?:(?P<half>上半年|下半年)|(?:第)?(?P<quarter>[一二三四1-4])季度|[Qq](?P<q>[1-4]))(?:末|底)?"
    r"|(?P<yearly>(?:19|20)\d{2})年(?:底|末|内|度)?"
    r"|(?P<year_end>年底|年末|年内|全年|本年度|本年|今年底|年度内|当年)"
    r"|(?P<this_month>本月底|本月末|本月内|当月底|当月|本月|月底|月末)"  # the assigned month's end
    r"|(?P<festival>元旦|五一|劳动节|七一|国庆节?|十一)节?(?:前|之前|以前)")  # the day before a fixed-date festival
_YEAR_MONTH = re.compile(r"(?P<year>(?:19|20)\d{2})[.\-/](?P<month>\d{1,2})")
# (month, day of the eve, whether a month earlier than the assigned one means next year): 国庆节前 is 9月30日
_FESTIVAL_EVES = {"元旦": (12, 31, False), "五一": (4, 30, True), "劳动节": (4, 30, True), "七一": (6, 30, True),
                  "国庆": (9, 30, True), "国庆节": (9, 30, True), "十一": (9, 30, True)}
_RANGE = re.compile(r"[至~～—–－]|到(?=\d)")
_DATE_LIKE = re.compile(r"(?:(?:19|20)\d{2}[年.\-/])?\d{1,2}[月.\-/]\d{1,2}日?|(?:(?:19|20)\d{2}年)?\d{1,2}月(?:底|末)")
_RECURRING = re.compile(r"^每(周|月|季度|季|年|半年|天|日)")
_IMMEDIATE = re.compile(r"^(立即|立行立改|即知即改|马上|即时)")
# the time of day after a date (11月30日18:00前, 11月30日下班前): the day is the limit
_TIME_OF_DAY = re.compile(r"(?<=[日号])(?:上午|下午|中午|晚上|早上|下班|\d{1,2}[:：]\d{2}"
                          r"|\d{1,2}[时点](?:\d{1,2}分|半)?)+")
_LIMIT_END = re.compile(r"前|之前|以前|以内|之内|内")
_LONGEST_WORDED = 60  # characters: a longer text with words after its limit is no limit the office wrote
_REMARK = re.compile(r"[(（][^()（）]*[)）]")
_NAMES_A_LIMIT = re.compile(r"[\d年月日号天周季]")  # words after a limit holding one of these name another
_DONE_WORDS = frozenset(STATUS_WORDS["done"])


class Deadline(NamedTuple):
    """What one 办理时限 cell asks for."""

    kind: str  # date, month_end, workdays, days, months, immediate, ongoing, done_word, empty, bad
    n: float = NAN  # N of N天 / N个工作日 / N个月
    year: float = NAN  # NAN: the year is filled in from the item
    month: float = NAN
    day: float = NAN
    rollover: bool = False  # a year-less month earlier than the assigned month means next year
    several: bool = False  # the cell held several dates: the last one was taken
    vague: bool = False  # words that name no limit (尽快, 按要求): read like an empty cell


def vague_limit(value: object, words: tuple[str, ...]) -> bool:
    """A text that names no limit: one of the words (尽快, 按要求办理 …) and no digit at all."""
    return (isinstance(value, str) and not any(ch.isdigit() for ch in value)
            and any(word in value for word in words))


def _form(text: str) -> Deadline | None:
    """The deadline of one text matched whole by one of the forms, else None."""
    match = _FORMS.fullmatch(text)
    if match is None:
        if (ym := _YEAR_MONTH.fullmatch(text)) is not None:  # 2024.6, 2024-6: that month's end
            return Deadline("month_end", year=float(ym["year"]), month=float(ym["month"]))
        return None
    g = match.groupdict()
    stated = g["month_year"] or g["part_year"]
    year = float(stated) if stated else NAN
    if g["this_month"]:
        return Deadline("month_end")  # month and year left out: the 交办日期's
    if g["festival"]:
        month, day, rollover = _FESTIVAL_EVES[g["festival"]]
        return Deadline("date", month=float(month), day=float(day), rollover=rollover)
    if g["workdays"] or g["days"]:
        return Deadline("workdays" if g["workdays"] else "days", n=float(g["workdays"] or g["days"]))
    if g["weeks"] or g["half_month"]:  # 两周内: 14 days; 半个月: 15
        return Deadline("days", n=7.0 * int(g["weeks"]) if g["weeks"] else 15.0)
    if g["months"] or g["years"]:  # 3个月内, 1年内: the same day so many months on
        return Deadline("months", n=float(g["months"]) if g["months"] else 12.0 * int(g["years"]))
    if g["month"]:
        month, part = float(g["month"]), g["part"]
        day = {"上旬": 10.0, "中旬": 20.0}.get(part or "")
        if day is not None:
            return Deadline("date", year=year, month=month, day=day, rollover=True)
        return Deadline("month_end", year=year, month=month, rollover=True)
    if g["half"]:
        return Deadline("date", year=year, month=6.0 if g["half"] == "上半年" else 12.0,
                        day=30.0 if g["half"] == "上半年" else 31.0)
    if g["quarter"] or g["q"]:
        quarter = _CN_DIGITS[g["quarter"] or g["q"]]
        return Deadline("month_end", year=year, month=float(quarter * 3))
    year = float(g["yearly"]) if g["yearly"] else NAN
    return Deadline("date", year=year, month=12.0, day=31.0)


def _date(text: str) -> Deadline | None:
    parts = date_parts(text)
    if not isinstance(parts, tuple):
        return None
    year = NAN if parts[0] is None else float(parts[0])
    return Deadline("date", year=year, month=float(parts[1]), day=float(parts[2]))


def _single(text: str) -> Deadline | None:
    """A deadline written in one piece: a form, a date, or either with 前/之前/完成/左右 … after it and
    截止/限/于 … before it."""
    for start in dict.fromkeys((text, _PREFIX.sub("", text))):
        for candidate in (start, _SUFFIX.sub("", start), _SUFFIX.sub("", _SUFFIX.sub("", start))):
            if candidate and (found := _form(candidate) or _date(candidate)):
                return found
    return None


def _text_deadline(text: str) -> Deadline:
    if text in ONGOING_WORDS or _RECURRING.match(text):
        return Deadline("ongoing")
    if _IMMEDIATE.match(text):
        return Deadline("immediate")
    if text in _DONE_WORDS:
        return Deadline("done_word")
    if found := _single(text):
        return found
    pieces = [p for p in _RANGE.split(text) if p]
    if len(pieces) == 2 and (last := _single(pieces[-1])) is not None:  # A至B: B
        return last
    dates = _DATE_LIKE.findall(text)
    if len(dates) >= 2 and (last := _single(dates[-1])) is not None:  # stage deadlines: the last one
        return last._replace(several=True)
    if any(text.startswith(word) for word in ONGOING_WORDS):
        return Deadline("ongoing")
    return _with_words_after(text) or Deadline("bad")


def _with_words_after(text: str) -> Deadline | None:
    """A limit with words after it that name no other limit: 12月底前完成并报送, 12月31日前（每月报送进展）."""
    if len(text) > _LONGEST_WORDED:
        return None
    bare = text
    while (fewer := _REMARK.sub("", bare)) != bare:  # （…（…）…）: the innermost first
        bare = fewer
    if bare != text:
        found = _text_deadline(bare) if bare else Deadline("bad")
        return found if found.kind != "bad" else None
    for end in _LIMIT_END.finditer(text):
        rest = text[end.end():]
        if rest and not _NAMES_A_LIMIT.search(rest) and (found := _single(text[:end.end()])) is not None:
            return found
    return None


def checked(deadline: Deadline) -> Deadline:
    """A date no register means (month 13, a year before 1990 or after 2100: 2024.6 read as a day number) is bad."""
    month_ok = deadline.month != deadline.month or 1 <= deadline.month <= 12
    year_ok = deadline.year != deadline.year or FIRST_YEAR <= deadline.year <= LAST_YEAR
    return deadline if month_ok and year_ok else Deadline("bad")


def deadline_parts(value: object) -> Deadline:
    """The deadline one 办理时限 cell asks for (a number cell is an Excel day number, checked for sense)."""
    if is_missing(value):
        return Deadline("empty")
    if isinstance(value, str):
        text = compact_text(value)
        if text is None or says_none(text):  # 办理时限 无 or /: as an empty cell
            return Deadline("empty")
        return checked(_text_deadline(_TIME_OF_DAY.sub("", arabic_numerals(text))))
    return checked(_date(value) or Deadline("bad"))
