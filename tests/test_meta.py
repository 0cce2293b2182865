"""Keeps coverage from silently falling behind: every module is exercised by some test file."""
from __future__ import annotations

import re

import pytest

from tests.support import ROOT

TESTS = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "tests").glob("test_*.py") if p.name != "test_meta.py")
MODULES = sorted(p.stem for p in (ROOT / "duban").glob("*.py") if not p.stem.startswith("__"))


@pytest.mark.parametrize("module", MODULES)
def test_every_duban_module_is_imported_by_a_test(module):
    pattern = rf"from duban(\.{module})? import|import duban\.{module}|from duban import [^\n]*\b{module}\b"
    assert re.search(pattern, TESTS), f"no test imports duban.{module}"


def test_domain_package_never_imports_streamlit():
    for path in (ROOT / "duban").glob("*.py"):
        assert not re.search(r"^\s*(import|from)\s+streamlit", path.read_text(encoding="utf-8"), re.M), path.name


def test_pages_are_thin():
    for path in (ROOT / "pages").glob("*.py"):
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        assert len(lines) <= 100, f"{path.name} has {len(lines)} lines: move logic into duban/ or webui/"
