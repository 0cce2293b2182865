"""Cell values to canonical values: text, numbers, sources, departments (dates: dates.py, status: status.py).

Every function works on a whole column. Text parsing runs once per distinct value (registers repeat
the same few hundred texts) and is mapped back to the rows.
"""
from __future__ import annotations

import re
import unicodedata

import numpy as np
import pandas as pd

from duban.clean.names import PERSON_NAME, leader_name, says_none
from duban.missing import is_missing

# Invisible and format characters: every Unicode Cf character (zero-width space and joiners, word joiner,
# BOM, soft hyphen, bidirectional marks, tags), the variation selectors and the combining grapheme joiner.
# Pasted into a name they make 医务处 and 医\u200b务处 two departments that look the same.
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180b-\u180f\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufe00-\ufe0f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
    "\U000e0100-\U000e01ef]")


def without_invisible(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(the cells with invisible and format characters removed, where a cell held any), once per distinct value.

    The column comes back as it was when no cell holds any.
    """
    codes, uniques = distinct(values)
    altered = np.array([isinstance(u, str) and _INVISIBLE.search(u) is not None for u in uniques] + [False])
    if not altered.any():
        return values, pd.Series(False, index=values.index)
    cleaned = np.empty(len(uniques) + 1, dtype=object)
    cleaned[:] = [_INVISIBLE.sub("", u) if a else u for u, a in zip(uniques, altered)] + [None]
    return (pd.Series(cleaned[codes], index=values.index, dtype=object),
            pd.Series(altered[codes], index=values.index, dtype=bool))


def _text(value: object, normalize: bool) -> str | None:
    if isinstance(value, str):
        text = value
    elif is_missing(value):
        return None
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        text = str(value)
    return (unicodedata.normalize("NFKC", text) if normalize else text).strip() or None


def clean_text(values: pd.Series, normalize: bool = True) -> pd.Series:
    """Stripped text (NFKC-normalised unless normalize is False); empty cells become missing.

    Free text such as 督办事项 keeps its full-width punctuation: it is shown, not matched.
    """
    return pd.Series(per_distinct_array(values, lambda value: _text(value, normalize)), index=values.index,
                     dtype=object)


def word_masks(values: pd.Series, words: tuple | list) -> dict:
    """For each word (or other value), where the column equals it: one hashing pass for all of them."""
    codes, uniques = pd.factorize(values.to_numpy(dtype=object), use_na_sentinel=True)
    position = {u: i for i, u in enumerate(uniques)}
    return {word: codes == position.get(word, -2) for word in words}


_SPACES = re.compile(r"\s+")


def compact_text(value: object) -> str | None:
    text = _text(value, normalize=True)
    return None if text is None else _SPACES.sub("", text) or None


def distinct(values: pd.Series) -> tuple[np.ndarray, list]:
    """(codes, distinct non-missing values); code -1 marks a missing cell."""
    codes, uniques = pd.factorize(values.to_numpy(dtype=object), use_na_sentinel=True)
    return codes, list(uniques)


def per_distinct_array(values: pd.Series, func, dtype=object) -> np.ndarray:
    """func applied once per distinct value (and to None for missing cells), as an array over every row."""
    codes, uniques = distinct(values)
    results = np.empty(len(uniques) + 1, dtype=dtype)
    results[:] = [func(v) for v in uniques] + [func(None)]
    return results[codes]


def _number(value: object) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    try:
        return float(unicodedata.normalize("NFKC", value).strip()) if isinstance(value, str) else np.nan
    except ValueError:
        return np.nan


def parse_numbers(values: pd.Series) -> pd.Series:
    """Numbers from number cells or numeric text; missing where a cell is empty or not a number."""
    return pd.Series(per_distinct_array(values, _number, dtype="float64"), index=values.index)


def _canonical(values: pd.Series, lookup: dict[str, str], fallback: str | None) -> tuple[pd.Series, pd.Series]:
    """Canonical word per cell via lookup of its compacted text (missing when empty); unknown texts get fallback."""
    codes, uniques = distinct(values)
    words = [compact_text(u) for u in uniques]
    found = [lookup.get(w) for w in words]
    unknown = np.array([w is not None and f is None for w, f in zip(words, found)] + [False])
    canonical = np.array([fallback if u else f for f, u in zip(found, unknown)] + [None], dtype=object)
    return (pd.Series(canonical[codes], index=values.index, dtype=object),
            pd.Series(unknown[codes], index=values.index))


SOURCES: tuple[str, ...] = ("上级文件部署", "上级领导批示", "检查调研要求", "年度工作要点", "党委会议",
                            "院长办公会议", "专题会议", "院领导批示", "师生反映", "规章制度", "其他")
SOURCE_VARIANTS: dict[str, str] = {
    "院长办公会": "院长办公会议", "院办会": "院长办公会议", "校长办公会": "院长办公会议",
    "校长办公会议": "院长办公会议", "党委会": "党委会议", "党委常委会": "党委会议", "党委常委会议": "党委会议",
    "上级文件": "上级文件部署", "文件部署": "上级文件部署", "上级部署": "上级文件部署",
    "上级批示": "上级领导批示", "领导批示": "院领导批示", "校领导批示": "院领导批示",
    "院领导交办": "院领导批示", "检查调研": "检查调研要求", "调研要求": "检查调研要求",
    "工作要点": "年度工作要点", "年度工作计划": "年度工作要点", "年度目标": "年度工作要点",
    "专题会": "专题会议", "师生员工反映": "师生反映", "群众反映": "师生反映", "职工反映": "师生反映",
    "患者反映": "师生反映", "制度规定": "规章制度", "其它": "其他",
}
_SOURCE_LOOKUP = {**{s: s for s in SOURCES}, **SOURCE_VARIANTS}


def map_source(values: pd.Series, variants: dict[str, str] | None = None) -> tuple[pd.Series, pd.Series]:
    """Canonical 事项来源 (unknown texts become 其他) and a mask of the unknown ones.

    variants: the office's own 写法 -> 来源 (config source_variants), on top of the built-in ones.
    """
    lookup = {**_SOURCE_LOOKUP, **{compact_text(k): v.strip() for k, v in (variants or {}).items()}}
    lookup.update({v.strip(): v.strip() for v in (variants or {}).values()})
    return _canonical(values, lookup, "其他")


_DEPT_SEPARATORS = re.compile(r"[、,，;；/／\\|\s]+")
_ENTRY_SEPARATORS = re.compile(r"[;；\n]+")
_UNNAMED = re.compile(r"^(.+?)等\s*[\d一二三四五六七八九十两几多]+\s*(?:家|个)?\s*(?:单位|部门|科室|处室)$")
# what a cell writes beside a unit to say its part: 医务部（牵头）, 信息中心牵头, 门诊部配合, 牵头单位：医务部
_LEAD_WORDS, _CO_WORDS = "牵头|主办|主责", "配合|协办|参与|协助|协同|会同"
_PART_LABEL = re.compile(rf"^(?:(?P<lead>{_LEAD_WORDS})|{_CO_WORDS}|责任|承办)(?:单位|部门|科室|处室)?\s*[:：]\s*")
_NOTE = re.compile(r"\((?P<note>[^()]+)\)$")
_PHONE = re.compile(r"^\d[\d-]{6,}$")
_PART_WORD = re.compile(rf"\s*[(（]?\s*(?:(?P<lead>{_LEAD_WORDS}|负责)|{_CO_WORDS})\s*[)）]?$")


def split_units(text: str) -> list[str]:
    """The unit names of a cell, split at 、,，;；/ and spaces but never inside brackets (各县（市、区）政府)."""
    names: list[list[str]] = []
    depth = 0  # brackets open in the name being gathered (counted once per piece: a long cell stays linear)
    for piece in _DEPT_SEPARATORS.split(text):
        if names and depth > 0:
            names[-1].append(piece)  # the separator stood inside a bracket: one name
            depth += _open_brackets(piece)
        elif piece:
            names.append([piece])
            depth = _open_brackets(piece)
    return ["、".join(pieces) for pieces in names]


def _open_brackets(text: str) -> int:
    return sum(text.count(c) for c in "（(") - sum(text.count(c) for c in "）)")


def _dept_names(value: object, aliases: dict[str, str]) -> tuple[list[str], bool, bool]:
    """(names, lead first; whether an alias was applied; whether other units go unnamed: X等N家单位)."""
    if is_missing(value):
        return [], False, False
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if "|" in text:  # 单位|领导|人员 entries: the unit is what stands before the first |
        text = "、".join(entry.split("|", 1)[0] for entry in _ENTRY_SEPARATORS.split(text) if entry.strip())
    unnamed = _UNNAMED.match(text)
    if unnamed:
        text = unnamed[1]
    parts = [_unit_part(n) for n in ([] if says_none(text) else split_units(text)) if not says_none(n)]
    leads = [name for name, lead in parts if lead][:1]
    names = [n for n in leads + [name for name, _ in parts if name not in leads] if n]
    mapped = [aliases.get(n, n) for n in names]
    return list(dict.fromkeys(mapped)), mapped != names, bool(unnamed)


def _unit_part(name: str) -> tuple[str, bool]:
    """(the unit name without the words of its part or its contact, whether they make it the lead)."""
    label = _PART_LABEL.match(name)
    bare = name[label.end():] if label else name
    word = _PART_WORD.search(bare)
    worded = word is not None and word.start() > 0  # a name that is only the word stays as it is
    if worded:
        bare = bare[:word.start()]
    if (note := _NOTE.search(bare)) and all(PERSON_NAME.match(p) or _PHONE.match(p) for p in note["note"].split("、")):
        bare = bare[:note.start()]  # 医务部（张伟 13800000000）: the unit's contact, not part of its name
    return bare.strip(), bool(label and label["lead"]) or bool(worded and word["lead"])


def none_said_as_empty(values: pd.Series) -> pd.Series:
    """The column with cells that say nothing is there (无, /, —) empty, as a blank cell is."""
    return pd.Series(per_distinct_array(values, lambda v: None if isinstance(v, str) and says_none(v) else v),
                     index=values.index, dtype=object)


def leader_names(values: pd.Series) -> pd.Series:
    """``names.leader_name`` of a column (clean_text's NFKC-normalised text): the name without a title."""
    return pd.Series(per_distinct_array(values, leader_name), index=values.index, dtype=object)


def department_columns(lead: pd.Series, co: pd.Series, aliases: dict[str, str]) -> pd.DataFrame:
    """lead_dept, co_depts, lead_aliased, co_aliased, units_unnamed from the 承办科室 and 协办科室 cells.

    A 承办科室 cell naming several departments makes the first (or the one marked （牵头）) the lead and the
    rest co-departments; X等N家单位 makes X the lead, the others unnamed.
    Work is done once per distinct (承办科室, 协办科室) pair.
    """
    lead_codes, lead_values = distinct(lead)
    co_codes, co_values = distinct(co)
    lead_values, co_values = [None, *lead_values], [None, *co_values]  # code + 1: 0 is a missing cell
    width = len(co_values)
    pair_codes, pairs = pd.factorize((lead_codes.astype("int64") + 1) * width + co_codes + 1)
    columns: list[list] = [[], [], [], [], []]
    for pair in pairs:
        lead_code, co_code = divmod(int(pair), width)
        lead_names, lead_aliased, unnamed = _dept_names(lead_values[lead_code], aliases)
        co_names, co_aliased, _ = _dept_names(co_values[co_code], aliases)
        first = lead_names[0] if lead_names else None
        others = [n for n in dict.fromkeys(lead_names[1:] + co_names) if n != first]
        for column, value in zip(columns, (first, others, lead_aliased, co_aliased, unnamed)):
            column.append(value)
    data = {}
    for name, column in zip(["lead_dept", "co_depts", "lead_aliased", "co_aliased", "units_unnamed"], columns):
        values = np.empty(len(column), dtype=object if name in ("lead_dept", "co_depts") else bool)
        values[:] = column
        data[name] = pd.Series(values[pair_codes], index=lead.index, dtype=values.dtype)
    return pd.DataFrame(data)
