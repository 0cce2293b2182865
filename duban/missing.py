"""The one test for an empty cell, whatever the reader or pandas put there."""
from __future__ import annotations

import pandas as pd


def is_missing(value: object) -> bool:
    """True for None, NaN, NaT and pd.NA: a cell with nothing in it (a list or text is never missing)."""
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value)


def is_blank(value: object) -> bool:
    """True for a missing cell and for text of spaces only."""
    return is_missing(value) or (isinstance(value, str) and not value.strip())
