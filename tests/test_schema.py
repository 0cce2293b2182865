"""Validation report: sheet, Excel row, column display name, value, severity, one per (row, column)."""
from __future__ import annotations

import pytest

from tests.support.shared import register_params
from tests.support.workbooks import HEADER, analyze_table, xlsx_bytes
from duban.validate import RULES

OK = ["DB-1", "事项", "医务部", "2024-03-01", "2024-03-29", "办理中", None]


def issues_of(rows, header=None, as_of="2024-03-15"):
    result = analyze_table(rows, as_of=as_of, header=header)
    return result, [(i["row"], i["column"], i["severity"], i["kind"]) for i in result.issues.to_dict("records")]


@pytest.mark.parametrize("change, column, kind", [
    ({1: None}, "督办事项", "missing_title"),
    ({2: None}, "承办科室", "missing_dept"),
    ({3: None}, "交办日期", "missing_assigned"),
    ({3: "2023/13/45"}, "交办日期", "bad_date_assigned"),
    ({3: "2024-03-20"}, "交办日期", "assigned_after_asof"),
    ({4: "见附件"}, "办理时限", "bad_deadline"),
    ({5: "已办结", 6: "2024-02-20"}, "办结日期", "done_before_assigned"),
    ({5: "已办结", 6: "2024-03-20"}, "办结日期", "completed_after_asof"),
    ({5: "已办结", 6: "昨天"}, "办结日期", "bad_date_completed"),
])
def test_errors_leave_the_row_out_and_are_reported(change, column, kind):
    row = [change.get(i, v) for i, v in enumerate(OK)]
    result, issues = issues_of([OK, row])
    assert (3, column, "error", kind) in issues
    assert result.items["row"].tolist() == [2]
    assert result.counts == {"rows_read": 2, "kept": 1, "left_out": 1}


@pytest.mark.parametrize("change, column, kind", [
    ({5: "待定"}, "办理状态", "unknown_status"),
    ({5: "已办结"}, "办结日期", "done_no_completed"),
    ({5: None, 6: "2024-03-10"}, "办理状态", "done_by_date_no_status"),
    ({4: None}, "办理时限", "empty_deadline"),
    ({2: "信息科"}, "承办科室", "dept_alias"),
])
def test_warnings_keep_the_row(change, column, kind):
    row = [change.get(i, v) for i, v in enumerate(OK)]
    result, issues = issues_of([row])
    assert (2, column, "warning", kind) in issues
    assert len(result.items) == 1


def test_unknown_source_becomes_other_with_a_warning():
    header = HEADER + ["事项来源"]
    result, issues = issues_of([OK + ["局里安排"]], header=header)
    assert (2, "事项来源", "warning", "unknown_source") in issues
    assert result.items["source"].tolist() == ["其他"]


def test_repeated_id_is_an_error_on_later_rows_across_sheets():
    from duban.pipeline import analyze
    from tests.support.workbooks import xlsx_bytes
    data = xlsx_bytes([HEADER, OK], extra_sheets={"二": [HEADER, OK, OK]})
    result = analyze(data, "t.xlsx", as_of="2024-03-15")
    dups = result.issues[result.issues["kind"] == "dup_id"][["sheet", "row"]].values.tolist()
    assert dups == [["二", 2], ["二", 3]]
    assert result.items[["sheet", "row"]].values.tolist() == [["台账", 2]]


def test_one_issue_per_row_and_column_the_first_rule_in_order_wins():
    """办结日期 2024-03-20 is both before the 交办日期 (03-25) and after the as-of date (03-15): one issue for
    that cell, the rule listed first; the 交办日期 cell has its own."""
    row = ["DB-1", "事项", "医务部", "2024-03-25", "2024-03-29", "已办结", "2024-03-20"]
    _, issues = issues_of([row])
    assert [(c, k) for _, c, _, k in issues] == [("交办日期", "assigned_after_asof"),
                                                 ("办结日期", "done_before_assigned")]
    kinds = [rule.kind for rule in RULES]
    assert kinds.index("done_before_assigned") < kinds.index("completed_after_asof")


def test_every_rule_has_a_chinese_message_and_known_severity():
    for rule in RULES:
        assert rule.severity in ("error", "warning")
        assert any("\u4e00" <= ch <= "\u9fff" for ch in rule.message)


def test_issue_values_are_shown_as_typed():
    row = [c for c in OK]
    row[3] = "2023/13/45"
    _, _ = issues_of([row])
    result = analyze_table([row])
    assert result.issues.iloc[0]["value"] == "2023/13/45"


@pytest.mark.parametrize("register", register_params())
def test_text_columns_typed_object_hold_only_text(register):
    """The schema types text as object (see duban/validate.py): canonical_frame must still put only str there."""
    import pandas as pd

    from duban.config import Config
    from duban.reading.table import read_register
    from duban.clean.canonical import canonical_frame
    from duban.columns import ITEMS

    raw = read_register(register.read_bytes(), register.name).rows
    frame = canonical_frame(raw, pd.Timestamp("2026-11-20"), Config())
    text = [c.name for c in ITEMS if c.kind in ("text", "code") and c.name in frame]
    assert len(text) == 11
    for name in text:
        assert all(isinstance(v, str) for v in frame[name].dropna()), name
    assert all(isinstance(v, list) and all(isinstance(n, str) for n in v) for v in frame["co_depts"])


def test_each_validation_uses_its_own_frame_and_date():
    """The rules read the frame and date of each call; the column schema (built once) keeps none of them."""
    from duban.validate import column_schema

    before = {name: len(column.checks) for name, column in column_schema().columns.items()}
    early = analyze_table([OK], as_of="2024-02-01").issues["kind"].tolist()
    later = analyze_table([OK, ["DB-2", None, *OK[2:]]], as_of="2024-03-15").issues["kind"].tolist()
    assert early == ["assigned_after_asof"] and later == ["missing_title"]
    assert {name: len(column.checks) for name, column in column_schema().columns.items()} == before


def test_a_canonical_frame_of_the_wrong_type_is_a_bug_not_an_issue():
    """A column that does not match the column registry raises instead of turning into rows of the report."""
    import pandas as pd

    from duban.config import Config
    from duban.reading.table import read_register
    from duban.clean.canonical import canonical_frame
    from duban.compute.deadlines import due_dates
    from duban.pipeline import work_calendar
    from duban.validate import validate

    as_of = pd.Timestamp("2024-03-15")
    frame = canonical_frame(read_register(xlsx_bytes([HEADER, OK]), "t.xlsx").rows, as_of, Config())
    with pytest.raises(TypeError, match="does not match the column registry: no"):
        validate(frame, as_of)  # before the due dates are computed
    frame = due_dates(frame, work_calendar(Config()), Config())
    assert validate(frame, as_of)[1].empty
    with pytest.raises(TypeError, match="does not match the column registry"):
        validate(frame.assign(row=frame["row"].astype(str)), as_of)
