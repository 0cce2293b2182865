"""Facts written inside texts rather than in columns: units in a task text, a leader in a section row.

``（责任单位：A、B）``, ``牵头单位：A；配合单位：B、C``, ``A牵头，B、C配合`` and a trailing ``责任单位：A`` give the
lead (the 牵头 one, else the first named) and the co-units; the text itself stays the title.
``张志强副市长主抓重点工作`` or ``分管领导：张志强`` on a section row gives the items under it their leader.
"""
from __future__ import annotations

import re

_UNITS = r"(?P<units>(?:[（(][^（）()]*[）)]|[^；;（）()\n。])+)"  # brackets kept whole: 各县（市、区）政府
_LEAD = re.compile(rf"(牵头|主责|主办)(单位|部门|科室|处室)\s*[:：]\s*{_UNITS}")
_RESPONSIBLE = re.compile(rf"(责任|承办|落实|实施)(单位|部门|科室|处室|主体)\s*[:：]\s*{_UNITS}")
_CO = re.compile(rf"(配合|协办|协同|参与|协作)(单位|部门|科室|处室)\s*[:：]\s*{_UNITS}")
_VERBS = re.compile(r"(?P<lead>[^，,。；;（(：:\s]{2,20}?)牵头[，,、]\s*(?P<co>[^，,。；;（(]{2,80}?)(?:等单位|等部门)?"
                    r"(?:配合|参与|协同|协办)")
SHARE = 0.3  # of a sheet's task texts naming their units, for the sheet to take its units from there


def units_in_text(value: object) -> tuple[str | None, str | None]:
    """(lead, co-units joined by 、) that a task text names, or (None, None)."""
    if not isinstance(value, str):
        return None, None
    text = value.replace(":", "：")
    lead = _LEAD.search(text)
    responsible = _RESPONSIBLE.search(text)
    co = [m["units"].strip() for m in _CO.finditer(text)]
    if lead is None and responsible is None and (verbs := _VERBS.search(text)):
        return verbs["lead"].strip(), verbs["co"].strip()
    named = (lead or responsible)
    if named is None:
        return None, None
    first = named["units"].strip()
    if lead is not None and responsible is not None:
        co.insert(0, responsible["units"].strip())  # 牵头单位 leads, 责任单位 takes part
    return first, "、".join(co) or None


def names_units(values: list) -> bool:
    """Whether enough of a sheet's task texts name their units."""
    texts = [v for v in values if isinstance(v, str) and v.strip()]
    return bool(texts) and sum(units_in_text(v)[0] is not None for v in texts) >= SHARE * len(texts)


_TITLE = r"副?(?:市长|区长|县长|州长|院长|校长|书记|主任|镇长|乡长|局长|经理|总经理|秘书长)"
_LEADER_LABEL = re.compile(r"(?:分管|责任|牵头|包抓|包联|联系)(?:[院校市区县]?领导|负责人)\s*[:：]\s*"
                           r"(?P<leader>[\u4e00-\u9fff]{2,4}?(?:" + _TITLE + r")?)(?=$|[\s，,；;、（(])")
_LEADER_VERB = re.compile(r"(?P<leader>[\u4e00-\u9fff]{2,3}" + _TITLE + r")(?:同志)?"
                          r"(?:主抓|分管|牵头|负责|包抓|挂帅|联系|领衔)")


def section_leader(text: str) -> str | None:
    """The leader a section row names (张志强副市长主抓重点工作, 分管领导：张志强), or None."""
    found = _LEADER_LABEL.search(text) or _LEADER_VERB.search(text)
    return found["leader"] if found else None
