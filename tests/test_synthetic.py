"""Synthetic registers (sample, benchmarks): deterministic, messy as offices make them, fully read."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from duban.pipeline import analyze
from duban.config import Config
from duban.errors import DubanError
from duban.paths import SAMPLE_REGISTER
from duban.clean.canonical import canonical_frame
from duban.reading.table import read_register
from tests.support.synthetic import plant_mistakes, synthetic_items, write_messy_xlsx, write_plain_xlsx

AS_OF = dt.date(2026, 11, 20)


def test_items_are_deterministic_per_seed():
    assert synthetic_items(50, seed=7).equals(synthetic_items(50, seed=7))
    assert not synthetic_items(50, seed=7).equals(synthetic_items(50, seed=8))


def test_messy_workbook_reads_back_with_every_row_kept_or_reported():
    items = plant_mistakes(synthetic_items(120, as_of=AS_OF))
    result = analyze(write_messy_xlsx(items, AS_OF), "s.xlsx")
    assert str(result.as_of.date()) == "2026-11-20"
    assert result.counts["rows_read"] == 120
    kinds = set(result.issues["kind"])
    assert {"missing_title", "bad_date_assigned", "dup_id", "unknown_status", "dept_alias"} <= kinds
    assert result.skipped_sheets == ["说明"]


def test_plain_workbook_for_benchmarks():
    raw = read_register(write_plain_xlsx(synthetic_items(30)), "p.xlsx")
    assert len(raw.rows) == 30 and raw.sheets == ["督办台账"]


def test_bundled_sample_is_a_full_register():
    result = analyze(SAMPLE_REGISTER.read_bytes(), SAMPLE_REGISTER.name)
    assert result.counts["rows_read"] >= 300 and result.counts["left_out"] >= 2
    assert result.items["lead_dept"].nunique() >= 12
    assert set(result.items["status"]) == {"done", "open", "returned", "ongoing", "cancelled"}
    assert result.items["stage"].nunique() >= 4


def test_canonical_frame_keeps_raw_cells_beside_parsed_ones():
    raw = read_register(write_plain_xlsx(synthetic_items(5)), "p.xlsx")
    frame = canonical_frame(raw.rows, pd.Timestamp(AS_OF), Config())
    assert {"raw_assigned_date", "assigned_date", "bad_assigned_date", "deadline_kind"} <= set(frame.columns)


def test_errors_the_office_sees_share_one_type():
    with pytest.raises(DubanError):
        read_register(b"", "x.xlsx")
