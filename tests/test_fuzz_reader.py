"""Fuzzing the reader and validation with hypothesis: random cells, header variants, blanks and merges.

Never an uncaught exception, and every non-blank data row is either kept or reported as an issue.
"""
from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.workbooks import xlsx_bytes
from duban.pipeline import analyze
from duban.fields import FIELDS
from duban.missing import is_blank

WORDS = ["医务部", "护理部、院感办", "信息科", "已办结", "办理中", "待定", "长期", "5个工作日", "3月底前", "年底前",
         "2024-03-05", "2024/13/45", "3月5日", "=SUM(A1)", "+1", "@某", "-2%", "尽快", "  ", "\u3000", "１２０急救中心"]
cells = st.one_of(
    st.none(), st.sampled_from(WORDS),
    st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=8),  # what Excel can hold
    st.integers(-5, 60000), st.floats(allow_nan=True, allow_infinity=False),
    st.dates(dt.date(1980, 1, 1), dt.date(2120, 12, 31)), st.booleans(),
)
REQUIRED = [f for f in FIELDS if f.required]
OPTIONAL = [f for f in FIELDS if not f.required]


@st.composite
def registers(draw):
    fields = REQUIRED + draw(st.lists(st.sampled_from(OPTIONAL), unique_by=lambda f: f.name, max_size=8))
    fields = draw(st.permutations(fields))
    header = [draw(st.sampled_from((f.display, *f.words))) + draw(st.sampled_from(["", "*", "（必填）", " "]))
              for f in fields]
    rows = draw(st.lists(st.one_of(st.just([None] * len(fields)), st.lists(cells, min_size=len(fields),
                                                                           max_size=len(fields))),
                         max_size=25))
    # A row counts as data when a cell is not blank; rows never start like a footer (合计, 填表人：…).
    rows = [["x" + str(row[0]) if isinstance(row[0], str) else row[0]] + row[1:] for row in rows]
    merges = []
    if rows and draw(st.booleans()):
        col = draw(st.integers(0, len(fields) - 1))
        start = draw(st.integers(0, len(rows) - 1))
        end = draw(st.integers(start, len(rows) - 1))
        if end > start:
            merges.append((col, start, end))
            for row in rows[start + 1:end + 1]:
                row[col] = None  # a merged range keeps only its top-left value, as in Excel
    return header, rows, merges


def _blank(value) -> bool:
    return is_blank(value)  # None, NaN (no Excel cell holds one) and text of spaces only


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(registers(), st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)))
def test_every_nonblank_row_is_kept_or_reported(register, as_of):
    header, rows, merges = register
    letters = [chr(65 + i) for i in range(len(header))]
    merge_refs = tuple(f"{letters[c]}{s + 2}:{letters[c]}{e + 2}" for c, s, e in merges)
    data = xlsx_bytes([header, *rows], merges=merge_refs)
    result = analyze(data, "fuzz.xlsx", as_of=as_of)
    nonblank = [i + 2 for i, row in enumerate(rows) if not all(_blank(v) for v in row)]
    title = letters.index(next(c["column"] for c in result.columns if c["field"] == "title"))
    # a task merged over several rows is one item (announced): its other rows are not counted on their own
    folded = {i + 2 for c, start, end in merges if c == title and not _blank(rows[start][c])
              for i in range(start + 1, end + 1)} & set(nonblank)
    assert bool(folded) == any("合并了多行" in n for n in result.notices)
    nonblank = [r for r in nonblank if r not in folded]
    counts = result.counts
    assert counts["rows_read"] == len(nonblank)
    assert counts["kept"] + counts["left_out"] == counts["rows_read"]
    errors = set(result.issues.loc[result.issues["severity"] == "error", "row"])
    kept = set(result.items["row"])
    assert kept | errors == set(nonblank) and not kept & errors
