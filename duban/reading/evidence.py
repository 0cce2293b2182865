"""What a column's header means and what its cells hold, as scores per role (0–1).

Two kinds of evidence, weighed together by ``duban.reading.roles``:
- the header: a known whole header (a field's words or the office's aliases) is strong evidence (1.0), a
  header ending with one a little less; otherwise the morphemes that carry a role, in ``MEANINGS``;
- the cells: what share of them read as dates, 办理时限 texts, status words, unit names (by their endings),
  person names or codes, and how long and distinct the texts are (``profile`` then ``content_scores``).
"""
from __future__ import annotations

import datetime as dt
import re
import statistics
import unicodedata
from dataclasses import dataclass

from duban.fields import AMBIGUOUS_DONE, normalize_header
from duban.missing import is_missing
from duban.clean.dates import MONTH_DOT_DAY, date_parts
from duban.clean.names import LEADER_NAME, PERSON_NAME
from duban.clean.deadline_text import deadline_parts
from duban.clean.status import status_of
from duban.clean.values import SOURCE_VARIANTS, SOURCES

KNOWN, ENDING = 1.0, 0.85  # a whole header from the vocabulary; a header that ends with one

_DATE_NOUN = r"(日期|时间|日子|时点)"
# Morphemes that carry a role wherever they stand, tried in order: the first that matches names the role.
# More specific meanings come first (工作进展 is progress, not a task; 问题整改责任单位 is a unit).
MEANINGS: tuple[tuple[re.Pattern, str, float], ...] = tuple((re.compile(p), role, w) for p, role, w in (
    (r"^是否", "status", 0.7),
    (r"延期|延长", "extended_to", 0.7),
    (r"反馈.*(时限|期限|截止)", "feedback_due", 0.7),
    (rf"(反馈|回复|报送|上报).*{_DATE_NOUN}", "feedback_date", 0.6),
    (rf"(实际|销号|办结|完结|结案|办毕).*{_DATE_NOUN}|{_DATE_NOUN}.*(实际|销号)", "completed_date", 0.7),
    (rf"(交办|下发|下达|立项|登记|发文|印发|签批|批示|收文|形成|提出|召开|会议|分解|布置|部署).*{_DATE_NOUN}",
     "assigned_date", 0.7),
    (rf"时限|期限|截止|节点|到期|(要求|计划|预计|拟|完成).*{_DATE_NOUN}", "deadline", 0.6),
    (r"领导|领衔|挂帅|主抓", "leader", 0.6),
    (r"(人|员|者)$", "person", 0.5),
    # before the units: 牵头单位承办情况 tells how the unit is doing, the status only without a proper status column
    (r"(完成|办理|办结|整改|执行|实施|承办)情况$", "status", 0.4),
    (r"(配合|协办|协同|参与|协作|协助|协调|会同).*(单位|科室|部门|处室|机构|部|科|处|室|方)", "co_depts", 0.7),
    (r"单位|科室|部门|处室|主体|机构|(承办|承接|执行|落实|归口|主办|牵头|主责|责任)(科|处|室|部|方)", "lead_dept", 0.6),
    (r"状态|状况|进度|结果|是否|完成率|完成比例", "status", 0.6),
    (r"进展|备注|动态|措施|成效|落实情况|推进情况|说明", "progress", 0.5),
    (r"计划$", "progress", 0.4),  # 工作计划, 推进计划: how the work is planned, beside the task
    (r"编号|文号|代码|序列号|登记号|督办号", "item_id", 0.6),
    (r"来源|依据|出处", "source", 0.6),
    (r"难度|难易", "difficulty", 0.7),
    (r"催办|催督", "reminders", 0.6),
    (r"类别|分类|板块|方面|领域|类型", "category", 0.5),
    # the task: the word that ends the header (事项提出场景 is a scene, 事项描述 the task)
    (r"(事项|内容|任务|问题|项目|工作|目标|举措|要求|描述|议定|批示)$|^标题$|(事项|任务|项目|工作|问题|督办)(名称|标题)$",
     "title", 0.5),
    # the field names of a system's export (taskName, deptName, createTime), after every Chinese meaning
    (r"(?i)leader", "leader", 0.5),
    (r"(?i)co_?(dept|unit|org)|assist|cooperat", "co_depts", 0.5),
    (r"(?i)dept|department|unit|org", "lead_dept", 0.5),
    (r"(?i)deadline|due|limit", "deadline", 0.5),
    (r"(?i)(finish|complete|done|close)\w*(time|date)$", "completed_date", 0.5),
    (r"(?i)(create|assign|start|issue|send)\w*(time|date)$", "assigned_date", 0.5),
    (r"(?i)status|state", "status", 0.5),
    (r"(?i)progress|remark|note|comment", "progress", 0.4),
    (r"(?i)^(title|task|subject|content|matter)|(title|task|subject|content|matter)(name)?$", "title", 0.5),
    (r"(?i)person|owner|handler|contact", "person", 0.5),
))
FIRST = 3  # the meanings that come before a known ending
_NO_MEANING = re.compile(r"^(列|column|col|字段|field|unnamed)?[:_\s-]*\d*$", re.IGNORECASE)
IGNORED = frozenset({"序号", "序", "编码", "附件", "佐证材料", "操作", "排序", "行号"})

UNIT_SUFFIXES = ("科", "部", "处", "室", "局", "委", "办", "中心", "院", "所", "队", "站", "馆", "公司", "集团", "镇",
                 "乡", "街道", "社区", "厅", "署", "会", "组", "校", "政府", "园区", "开发区", "专班", "分局", "支队",
                 "大队", "中队", "医院", "学院", "银行", "法院", "检察院", "指挥部", "办公室", "党组", "车间", "工区",
                 "段", "班", "团", "协", "联")
_UNNAMED = re.compile(r"等\s*[\d一二三四五六七八九十两几多]+\s*[家个]?\s*(单位|部门|科室|处室)$")
_UNIT_SPLIT = re.compile(r"[、,，;；/／\s|]+")
# a note of what was done (已发催办, 待办, 正在协调处) ends like a unit (院办, 协调处) and is none
_STATE_START = ("已", "未", "尚未", "正在", "待", "关于")
_CODE = re.compile(r"^(?=.*\d)[A-Za-z0-9\-_/〔〕\[\]()（）〔号第字]{3,24}$")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_SOURCE_WORDS = frozenset(SOURCES) | frozenset(SOURCE_VARIANTS)


def header_meaning(text: object, lookup: dict[str, str]) -> tuple[str | None, float]:
    """(role, weight) the header text names by itself; (None, 0) when it carries no meaning."""
    header = normalize_header(text)
    if not header or header in IGNORED or _NO_MEANING.match(header):
        return None, 0.0
    if header in lookup:
        return lookup[header], KNOWN
    for pattern, role, weight in MEANINGS[:FIRST]:  # 延期完成时间 is the extension, not 完成时间
        if pattern.search(header):
            return role, weight
    for size in range(len(header) - 1, 1, -1):  # ends with a known header of two characters or more
        if (role := lookup.get(header[-size:])) is not None:
            return role, ENDING
    for pattern, role, weight in MEANINGS:
        if pattern.search(header):
            return role, weight
    return None, 0.0


def is_ignored(text: object) -> bool:
    """A header that says its column is none of ours (序号, 附件, 操作 …), whatever its cells hold."""
    return normalize_header(text) in IGNORED


def is_ambiguous_done(text: object) -> bool:
    """完成时间, 整改完成日期: the deadline when no other column is, else the completion date."""
    return normalize_header(text).endswith(tuple(AMBIGUOUS_DONE))


@dataclass(frozen=True)
class Cell:
    """What one non-empty cell reads as."""

    date: bool
    deadline_text: bool
    status: bool
    unit: bool
    person: bool
    leader: bool
    code: bool
    source: bool
    han: bool  # holds Chinese characters
    text: str  # the cell as text, spaces removed
    day: int | None = None  # the date's ordinal, for a date with a year


def _is_unit(text: str) -> bool:
    text = _UNNAMED.sub("", text)  # 区住建委等3家单位
    parts = [p for p in _UNIT_SPLIT.split(text) if p]
    if not parts or len(text) > 60:
        return False
    hits = sum(2 <= len(p) <= 14 and p.endswith(UNIT_SUFFIXES) and "的" not in p and not p.startswith(_STATE_START)
               for p in parts)  # 关于做好防汛工作的督办 ends like a unit and is none
    return hits * 2 > len(parts)


def read_cell(value: object) -> Cell | None:
    """The reading of one cell, None when it is empty."""
    if is_missing(value) or (isinstance(value, str) and not value.strip()):
        return None
    text = "".join(unicodedata.normalize("NFKC", str(value)).split())
    if not isinstance(value, str):  # a date, number or boolean cell
        is_date = not isinstance(value, (int, float, bool))
        fraction = isinstance(value, float) and 0 < value < 1  # 0.3: a 进度 of 30%
        return Cell(is_date, False, fraction, False, False, False, False, False, False, text,
                    _ordinal(date_parts(value)) if is_date else None)
    parts = date_parts(text)
    numbered = bool(MONTH_DOT_DAY.match(text))  # 1.1 numbers a sub-item: only a date column's is month.day
    is_date = isinstance(parts, tuple) and not text.isdigit() and not numbered
    limit = deadline_parts(text).kind
    deadline_text = not is_date and not numbered and limit not in ("bad", "empty", "done_word") and len(text) <= 30
    word, unknown = status_of(text)
    status = word is not None and not unknown and len(text) <= 8
    unit = _is_unit(text)
    leader = bool(LEADER_NAME.match(text))
    person = leader or (bool(PERSON_NAME.match(text)) and not unit and not status)
    return Cell(is_date, deadline_text, status, unit, person, leader, bool(_CODE.match(text)) and not is_date,
                text in _SOURCE_WORDS, bool(_HAN.search(text)), text, _ordinal(parts) if is_date else None)


def _ordinal(parts: object) -> int | None:
    if not isinstance(parts, tuple) or parts[0] is None:
        return None
    try:
        return dt.date(*parts).toordinal()
    except ValueError:
        return None


@dataclass(frozen=True)
class Profile:
    """The cells of one column under a header, summed up."""

    fill: float  # share of the data rows with something in this column
    shares: dict[str, float]  # date, deadline_text, status, unit, person, leader, code, source, han: share of filled
    mean_length: float
    distinct: float  # distinct texts / filled cells
    first_values: tuple[str, ...]
    median_day: int | None  # the median of its dates (ordinal), None without dated cells


def profile(cells: list[Cell | None]) -> Profile:
    """The summary of a column's cells (None: an empty cell)."""
    filled = [c for c in cells if c is not None]
    n = len(filled) or 1
    kinds = ("date", "deadline_text", "status", "unit", "person", "leader", "code", "source", "han")
    shares = {k: sum(getattr(c, k) for c in filled) / n for k in kinds}
    texts = [c.text for c in filled]
    days = [c.day for c in filled if c.day is not None]
    return Profile(len(filled) / (len(cells) or 1), shares, sum(map(len, texts)) / n, len(set(texts)) / n,
                   tuple(dict.fromkeys(texts))[:3], int(statistics.median_low(days)) if days else None)


def textness(p: Profile) -> float:
    """How much the column reads as free text (a task, progress): long, not dates, units or words."""
    plain = 1 - max(p.shares["date"], p.shares["deadline_text"], p.shares["status"], p.shares["unit"],
                    p.shares["person"], p.shares["code"])
    return max(0.0, plain) * min(1.0, p.mean_length / 12) * p.shares["han"]


def content_scores(p: Profile) -> dict[str, float]:
    """How well the cells fit each role (0–1); roles the cells say nothing about are left out."""
    if p.fill == 0:
        return {}
    s = p.shares
    dates = s["date"] + s["deadline_text"]
    scores = {
        "title": textness(p) * (0.4 + 0.6 * p.distinct) * min(1.0, p.fill / 0.8),
        "progress": textness(p) * 0.5,  # below the task's fit: the fullest long text is the task
        "lead_dept": s["unit"], "co_depts": s["unit"] * 0.9,
        "leader": max(s["leader"], s["person"] * 0.6), "person": s["person"] * 0.8,
        "assigned_date": s["date"], "completed_date": s["date"], "feedback_date": s["date"] * 0.6,
        "extended_to": s["date"] * 0.5, "feedback_due": s["date"] * 0.5, "deadline": min(1.0, dates),
        "status": s["status"], "item_id": s["code"] * p.distinct, "source": s["source"],
        "category": 0.5 * (p.distinct < 0.5) * (p.mean_length <= 16) * (1 - s["unit"]) * (1 - dates) * s["han"],
    }
    return {role: round(score, 3) for role, score in scores.items() if score > 0}
