"""Shared fixtures: the shared registers, workbook builders, an isolated DUBAN_HOME."""
from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED_REGISTERS = Path(os.environ.get("DUBAN_SHARED", ROOT.parent / "shared")) / "registers"


def shared_registers() -> list[Path]:
    """The shared registers with an expected result beside them."""
    registers = sorted(p for p in SHARED_REGISTERS.glob("*.xlsx") if p.with_suffix(".json").exists())
    if not registers and os.environ.get("CI"):
        raise RuntimeError(f"shared registers not found at {SHARED_REGISTERS}")
    return registers


def expected_for(register: Path) -> dict:
    return json.loads(register.with_suffix(".json").read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def duban_home(tmp_path, monkeypatch) -> Path:
    """Every test gets its own empty data home, so nothing touches the repository's data/."""
    home = tmp_path / "home"
    monkeypatch.setenv("DUBAN_HOME", str(home))
    monkeypatch.delenv("DUBAN_DATABASE_URL", raising=False)
    monkeypatch.setenv("DUBAN_BCRYPT_ROUNDS", "4")  # fast hashes in tests; the app uses 12
    return home


def xlsx_bytes(rows: list[list], merges: tuple[str, ...] = (), sheet: str = "台账",
               extra_sheets: dict[str, list[list]] | None = None) -> bytes:
    """A workbook holding rows (and merged ranges such as "E5:E7") built with openpyxl."""
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # text that looks like a formula, as registers have it
    for cell_range in merges:
        ws.merge_cells(cell_range)
    for name, other in (extra_sheets or {}).items():
        extra = book.create_sheet(name)
        for row in other:
            extra.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


HEADER = ["督办编号", "督办事项", "承办科室", "交办日期", "办理时限", "办理状态", "办结日期"]


@pytest.fixture
def make_xlsx():
    return xlsx_bytes


def analyze_table(rows: list[list], as_of: str = "2024-03-15", header: list[str] | None = None, **kwargs):
    """Analyse a small register given as rows under a header (default HEADER)."""
    from duban.analysis import analyze
    return analyze(xlsx_bytes([header or HEADER, *rows]), "t.xlsx", as_of=as_of, **kwargs)


def one_item(deadline=None, status="办理中", assigned="2024-03-01", completed=None, as_of="2024-03-15",
             **extra) -> dict:
    """The single analysed item of a one-row register (extra: display name -> cell)."""
    header = HEADER + list(extra)
    row = ["DB-1", "事项", "医务部", assigned, deadline, status, completed, *extra.values()]
    result = analyze_table([row], as_of=as_of, header=header)
    assert len(result.items) == 1, result.issues.to_dict("records")
    return result.items.iloc[0].to_dict()
