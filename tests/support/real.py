"""Comparison of an analysis with a real-layout register's expected .json (shared/registers/real/README.md)."""
from __future__ import annotations


def real_differences(result: dict | None, expected: dict) -> list[str]:
    """What differs, one line each ([] when the result is as expected). result None: the file did not load."""
    if not expected["loads"]:
        return [] if result is None else ["loaded, but it is not a register"]
    if result is None:
        return ["did not load"]
    items = {(i["sheet"], i["row"]): i for i in result["items"]}
    found = []
    for want in expected["items"]:
        key = (want["sheet"], want["row"])
        got = items.get(key)
        if want["status"] == "left_out":
            found += [f"{key}: should be left out"] if got else []
            continue
        if got is None:
            found.append(f"{key}: missing")
            continue
        if not (got["title"] or "").startswith(want["title_starts"]):
            found.append(f"{key}: title {got['title']!r}")
        for name in ("lead_dept", "assigned_date", "due_date", "status"):
            if got[name] != want[name]:
                found.append(f"{key}: {name} {got[name]!r} != {want[name]!r}")
        if want["co_depts"] is not None and set(got["co_depts"]) != set(want["co_depts"]):
            found.append(f"{key}: co_depts {got['co_depts']!r} != {want['co_depts']!r}")
    for row in expected["not_items"]:
        if (row["sheet"], row["row"]) in items:
            found.append(f"{(row['sheet'], row['row'])}: should not be an item ({row['why']})")
    return found
