"""Helpers the tests, benchmarks and scripts share: register builders, synthetic data, expected results."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
