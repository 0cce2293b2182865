"""The shared registers beside the project (../shared/registers) with their expected results.

A clone elsewhere has none: the tests that compare against them skip with a reason, while the
project's own registers (tests/support/workbooks.py, synthetic.py, data/sample_register.xlsx) cover the
same ground. CI has them, and there their absence is an error, not a skip.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.support import ROOT
SHARED = Path(os.environ.get("DUBAN_SHARED", ROOT.parent / "shared"))
SHARED_REGISTERS = SHARED / "registers"
MISSING = f"the shared registers are not beside this clone ({SHARED_REGISTERS})"


def shared_registers() -> list[Path]:
    """The shared registers with an expected result beside them ([] in a clone without ../shared)."""
    registers = sorted(p for p in SHARED_REGISTERS.glob("*.xlsx") if p.with_suffix(".json").exists())
    if not registers and os.environ.get("CI"):
        raise RuntimeError(f"shared registers not found at {SHARED_REGISTERS}")
    return registers


def shared_register(prefix: str) -> Path:
    """The shared register whose name starts with prefix; skips the test when there is none."""
    found = [p for p in shared_registers() if p.name.startswith(prefix)]
    if not found:
        pytest.skip(MISSING)
    return found[0]


def register_params() -> list:
    """The shared registers as pytest parameters, or one skipped parameter saying why there are none."""
    registers = shared_registers()
    if not registers:
        return [pytest.param(None, id="no-shared", marks=pytest.mark.skip(reason=MISSING))]
    return [pytest.param(p, id=p.name[:2]) for p in registers]


def expected_for(register: Path) -> dict:
    """The expected result beside a shared register."""
    return json.loads(register.with_suffix(".json").read_text(encoding="utf-8"))


def real_registers() -> list:
    """The real-layout registers (shared/registers/real) as pytest parameters, or one skipped parameter."""
    expected = sorted((SHARED_REGISTERS / "real").glob("*.json"))
    if not expected and os.environ.get("CI"):
        raise RuntimeError(f"real-layout registers not found at {SHARED_REGISTERS / 'real'}")
    if not expected:
        return [pytest.param(None, id="no-shared", marks=pytest.mark.skip(reason=MISSING))]
    return [pytest.param(p, id=p.stem[:3]) for p in expected]
