"""Comparison of an ``analyze --json`` object with a shared register's expected result.

The rules are those of ``shared/registers/README.md``; each function returns a list of human-readable
differences, empty when the result matches.
"""
from __future__ import annotations

from typing import Any

ITEM_FIELDS = ["title", "lead_dept", "co_depts", "leader", "source", "assigned_date", "complexity",
               "feedback_due", "due_date", "status", "completed_date", "overdue", "overdue_workdays",
               "on_time", "light", "stage"]
READER_FIELDS = ["item_id", "title", "lead_dept", "co_depts", "leader", "source", "assigned_date", "status",
                 "completed_date"]
DEPT_EXACT = ["total", "done", "open", "overdue_open", "overdue_done", "grade", "rank"]


def _same(field: str, got: Any, want: Any) -> bool:
    if field == "co_depts":
        return set(got or []) == set(want or [])
    if field == "item_id":
        return str(got) == str(want)
    return got == want


def item_differences(result: dict, expected: dict, fields: list[str], id_sheets: set[str]) -> list[str]:
    got = {(i["sheet"], i["row"]): i for i in result["items"]}
    want = {(i["sheet"], i["row"]): i for i in expected["items"]}
    diffs = [f"missing item {k}" for k in want.keys() - got.keys()]
    diffs += [f"unexpected item {k}" for k in got.keys() - want.keys()]
    for key in want.keys() & got.keys():
        for field in fields:
            if field == "item_id" and key[0] not in id_sheets:
                continue
            if not _same(field, got[key].get(field), want[key].get(field)):
                diffs.append(f"{key} {field}: got {got[key].get(field)!r}, want {want[key].get(field)!r}")
    return sorted(diffs)


def _close(got: Any, want: Any, tolerance: float) -> bool:
    if want is None or want == "—":
        return got is None or got == "—"
    return got is not None and abs(got - want) <= tolerance


def department_differences(result: dict, expected: dict) -> list[str]:
    got = {d["dept"]: d for d in result["departments"]}
    diffs = [f"missing department {d['dept']}" for d in expected["departments"] if d["dept"] not in got]
    for want in expected["departments"]:
        have = got.get(want["dept"])
        if have is None:
            continue
        for field in DEPT_EXACT:
            if have[field] != want[field]:
                diffs.append(f"{want['dept']} {field}: got {have[field]!r}, want {want[field]!r}")
        for field, tolerance in (("completion_rate", 0.005), ("on_time_rate", 0.005), ("deduction", 0.01),
                                 ("score", 0.01)):
            if not _close(have[field], want[field], tolerance):
                diffs.append(f"{want['dept']} {field}: got {have[field]!r}, want {want[field]!r}")
    return diffs


def issue_differences(result: dict, expected: dict) -> list[str]:
    got = {(i["sheet"], i["row"], i["severity"], i["column"]) for i in result["issues"]}
    want = {(i["sheet"], i["row"], i["severity"], i["column"]) for i in expected["issues"]}
    diffs = [f"missing issue {k}" for k in sorted(want - got)]
    error_rows = {(i["sheet"], i["row"]) for i in result["issues"] if i["severity"] == "error"}
    kept = {(i["sheet"], i["row"]) for i in result["items"]}
    diffs += [f"row with an error kept: {k}" for k in sorted(error_rows & kept)]
    return diffs


def notice_differences(result: dict, expected: dict) -> list[str]:
    return [f"no notice names {year}" for year in expected.get("fallback_years", [])
            if not any(str(year) in notice for notice in result["notices"])]
