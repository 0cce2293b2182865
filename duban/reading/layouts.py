"""The office's own column choices: a layout maps a sheet's header texts to roles, keyed by those texts.

A layout saved for one sheet is applied by itself to every later sheet whose header holds the texts it
gives roles to, wherever those columns stand (a column inserted or moved does not matter); the command
line's ``--map "表头=field"`` is a layout for every sheet.
"""
from __future__ import annotations

import hashlib
from dataclasses import replace

from duban.fields import FIELD_BY_NAME, normalize_header
from duban.reading.header import SheetHeader
from duban.reading.roles import Evidence

UNUSED = "unused"  # the role chosen for a column the office leaves out


def layout_key(texts: dict[int, str]) -> str:
    """A short key naming a header by its texts (cleaned up as headers are), whatever their order."""
    joined = "\x1f".join(sorted({normalize_header(text) for text in texts.values()} - {""}))
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:16]


def parse_mapping(pairs: list[str]) -> dict[str, str | None]:
    """``表头=field`` pairs (field ``unused`` or empty: the column is not used) as a mapping; ValueError if bad."""
    mapping: dict[str, str | None] = {}
    for pair in pairs:
        header, sep, role = pair.partition("=")
        header, role = normalize_header(header), role.strip()
        if not sep or not header:
            raise ValueError(f"“{pair}”应写成“表头=字段”，例如“主责科室=lead_dept”")
        if role and role != UNUSED and role not in FIELD_BY_NAME:
            known = "、".join(FIELD_BY_NAME)
            raise ValueError(f"“{pair}”中的字段“{role}”不存在；可用的字段：{known}、{UNUSED}")
        mapping[header] = None if role in ("", UNUSED) else role
    return mapping


def apply_layout(header: SheetHeader, mapping: dict[str, str | None]) -> SheetHeader:
    """The header with the roles the mapping names (by header text) in place of the ones found."""
    columns, evidence = dict(header.columns), dict(header.evidence)
    for index, text in header.texts.items():
        key = normalize_header(text)
        if key not in mapping:
            continue
        role = mapping[key]
        columns = {i: r for i, r in columns.items() if i != index and r != role}
        evidence.pop(index, None)
        if role is not None:
            columns[index], evidence[index] = role, Evidence("office", 1.0)
    return replace(header, columns=dict(sorted(columns.items())), evidence=evidence)
