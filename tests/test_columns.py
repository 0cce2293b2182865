"""The column registry is the one list: the analysis, its JSON, the labels, the stored tables and the
validation's schema all follow it (a column added there appears in each, a column missing anywhere fails)."""
from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from duban import columns
from duban.output import labels
from duban.output.json_report import write_json
from duban.paths import SAMPLE_REGISTER
from duban.pipeline import analyze
from duban.storage import tables
from duban.validate import column_schema


@pytest.fixture(scope="module")
def sample():
    return analyze(SAMPLE_REGISTER.read_bytes(), "示例台账.xlsx", "2026-11-27")


def test_the_analysis_gives_the_registered_columns_in_order(sample):
    assert list(sample.items.columns) == columns.ITEM_COLUMNS
    assert list(sample.departments.columns) == columns.DEPARTMENT_COLUMNS


def test_the_json_carries_the_registered_fields(sample, tmp_path):
    import io

    out = io.StringIO()
    write_json(sample, out)
    report = json.loads(out.getvalue())
    assert list(report["items"][0]) == columns.JSON_ITEM_FIELDS
    assert list(report["departments"][0]) == columns.JSON_DEPARTMENT_FIELDS


def test_every_column_has_a_chinese_label():
    for column in (*columns.ITEMS, *columns.DEPARTMENTS):
        assert column.label and all("\u4e00" <= ch <= "\u9fff" for ch in column.label), column
    assert set(columns.ITEM_COLUMNS) <= set(labels.ITEM_LABELS)
    assert set(labels.DEPARTMENT_LABELS) <= set(columns.DEPARTMENT_COLUMNS)


@pytest.mark.parametrize(("table", "registered"), [
    (tables.week_items, [c for c in columns.ITEMS if c.stored]),
    (tables.week_departments, [c for c in columns.DEPARTMENTS if c.stored]),
])
def test_the_stored_tables_hold_the_registered_columns_with_their_kinds_sql_type(table, registered):
    for column in registered:
        assert column.name in table.c, column.name
        expected = tables.SQL_TYPES[column.kind]
        assert type(table.c[column.name].type) is (expected if isinstance(expected, type) else type(expected))


def test_the_validation_schema_types_every_registered_column_present_when_rows_are_checked():
    schema = column_schema()
    assert list(schema.columns) == [c.name for c in columns.ITEMS if c.validated]
    assert [name for name, column in schema.columns.items() if not column.nullable] == [
        c.name for c in columns.ITEMS if c.validated and not c.nullable]


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="unknown column kind"):
        columns.Column("x", "某列", "string")


def test_a_read_columns_label_is_its_roles_display_name():
    from duban.fields import DISPLAY

    for column in columns.ITEMS:
        if column.name in DISPLAY:
            assert column.label == DISPLAY[column.name], column.name
    assert isinstance(tables.week_items.c["title"].type, sa.Text)
