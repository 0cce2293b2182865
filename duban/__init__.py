"""督办看板 domain package: reading, validating and analysing 督办台账 registers (no Streamlit here)."""
from __future__ import annotations

__version__ = "0.2.0"  # the same as pyproject.toml (tests/test_meta.py)
