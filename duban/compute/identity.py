"""Which row of this week's register is which item of last week's: an identity that lasts across uploads.

How matching works, in order:

1. A row with a 督办编号 is that item: its key is the number, normalised (full-width to half-width, spaces
   dropped, letters upper-cased), wherever the row moved to in the sheet. (The number the reader makes up
   for a row without one, sheet-row such as 台账-12, is not a 督办编号: it changes when the row moves.)
2. A row without one is matched to last week's numberless items of the same 承办科室 and 交办日期:
   - the same task text after normalisation (spaces and punctuation dropped) is the same item;
   - otherwise the most similar text (difflib's ratio) is, when the similarity is at least SIMILAR, so
     that a corrected character or an added phrase keeps the item's history.
3. Anything else is a new item: its key is a hash of 承办科室, 交办日期 and the normalised text.

Two rows of one week never share a key: a repeated key gets "#2", "#3"….
"""
from __future__ import annotations

import difflib
import hashlib
import re
import unicodedata

import pandas as pd

SIMILAR = 0.75
_NOT_TEXT = re.compile(r"[\s\W_]+", re.UNICODE)


def normalised_text(value: object) -> str:
    """Task text for comparison: NFKC, without spaces and punctuation."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return _NOT_TEXT.sub("", unicodedata.normalize("NFKC", str(value)))


def _number(value: object) -> str:
    text = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).upper()


def _anchor(dept: object, assigned: object) -> str:
    day = pd.Timestamp(assigned).strftime("%Y-%m-%d") if pd.notna(assigned) else ""
    return f"{dept or ''}|{day}"


def _new_key(anchor: str, text: str) -> str:
    return "事项:" + hashlib.sha256(f"{anchor}|{text}".encode("utf-8")).hexdigest()[:16]


def _match(anchor: str, text: str, earlier: dict[str, list[tuple[str, str]]]) -> str:
    """The key of last week's numberless item this row continues, or a new key."""
    candidates = earlier.get(anchor, [])
    for key, known in candidates:
        if known == text:
            return key
    scored = [(difflib.SequenceMatcher(None, text, known).ratio(), key) for key, known in candidates]
    best = max(scored, default=(0.0, ""))
    return best[1] if best[0] >= SIMILAR else _new_key(anchor, text)


def given_numbers(items: pd.DataFrame) -> pd.Series:
    """Each row's 督办编号 as written in the register, normalised ("" where the reader made one up)."""
    made = items["item_id"].astype(str) == items["sheet"].astype(str) + "-" + items["row"].astype(str)
    return items["item_id"].map(_number).mask(made, "")


KEY_MAX = 200  # characters: an index entry must stay well inside PostgreSQL's limit (about 2,700 bytes)


def _bounded(key: str) -> str:
    """A key as it is, or, past KEY_MAX, its start and a hash of the whole (a 400-character 督办编号 still saves)."""
    if len(key) <= KEY_MAX:
        return key
    return key[:KEY_MAX - 17] + "~" + hashlib.sha256(key.encode()).hexdigest()[:16]


def item_keys(items: pd.DataFrame, previous: pd.DataFrame | None = None) -> pd.Series:
    """One identity per item row (see the module's notes); previous: last week's items with their item_key."""
    earlier: dict[str, list[tuple[str, str]]] = {}
    if previous is not None and not previous.empty:
        numberless = previous[given_numbers(previous) == ""]
        for key, dept, day, title in numberless[["item_key", "lead_dept", "assigned_date", "title"]].itertuples(
                index=False):
            earlier.setdefault(_anchor(dept, day), []).append((key.split("#")[0], normalised_text(title)))
    keys = []
    rows = zip(given_numbers(items), items["lead_dept"], items["assigned_date"], items["title"])
    for number, dept, day, title in rows:
        keys.append("编号:" + number if number else _match(_anchor(dept, day), normalised_text(title), earlier))
    keys = pd.Series([_bounded(key) for key in keys], index=items.index, dtype=object)
    repeat = keys.groupby(keys).cumcount()
    return keys.where(repeat == 0, keys + "#" + (repeat + 1).astype(str))
