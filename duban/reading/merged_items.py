"""An item written over several rows: a task cell merged over sub-rows (sub-targets, monthly steps, one unit
per row) is one item; the sub-rows' progress texts join its progress and their units join its co-units."""
from __future__ import annotations


def _joined(values: list, separator: str) -> str | None:
    texts = list(dict.fromkeys(str(v).strip() for v in values if v is not None and str(v).strip()))
    return separator.join(texts) or None


def fold_merged_items(kept_rows: list[int], columns: dict[str, list], merged: list,
                      title_column: int) -> tuple[list[int], list[tuple[int, int]]]:
    """The rows that stay items (columns changed in place to match) and the (first, last) Excel rows folded."""
    groups = {}
    for (r0, c0), (r1, c1) in merged:
        if r1 > r0 and c0 <= title_column <= c1:
            groups.update({r: r0 for r in range(r0 + 1, r1 + 1)})
    position = {r: k for k, r in enumerate(kept_rows)}
    heads: dict[int, list[int]] = {}
    for k, r in enumerate(kept_rows):
        head = groups.get(r)
        if head is not None and head in position and columns["title"][position[head]] is not None:
            heads.setdefault(position[head], []).append(k)
    if not heads:
        return kept_rows, []
    for head, subs in heads.items():
        members = [head, *subs]
        columns["progress"][head] = _joined([columns["progress"][k] for k in members], "；")
        units = [columns["co_depts"][head]]
        units += [v for k in subs for v in (columns["lead_dept"][k], columns["co_depts"][k])]
        units = [u for u in units if u is not None and u != columns["lead_dept"][head]]
        columns["co_depts"][head] = _joined(units, "、")
    gone = {k for subs in heads.values() for k in subs}
    for name in columns:
        columns[name] = [v for k, v in enumerate(columns[name]) if k not in gone]
    folded = [(kept_rows[h] + 1, kept_rows[max(s)] + 1) for h, s in heads.items()]
    return [r for k, r in enumerate(kept_rows) if k not in gone], folded
