"""Where the app keeps its files: one folder, DUBAN_HOME (default: the repository's data/)."""
from __future__ import annotations

import os
from pathlib import Path

REPO_DATA = Path(__file__).resolve().parent.parent / "data"
SAMPLE_REGISTER = REPO_DATA / "sample_register.xlsx"


def home() -> Path:
    """The data home folder (created if missing)."""
    path = Path(os.environ.get("DUBAN_HOME") or REPO_DATA)
    path.mkdir(parents=True, exist_ok=True)
    return path


def config_path() -> Path:
    """The office's rule file."""
    return home() / "config.toml"


def overrides_path() -> Path:
    """The office's calendar override file (日期,类型,说明)."""
    return home() / "calendar_overrides.csv"


def write_atomically(path: Path | str, text: str, mode: int | None = None) -> None:
    """Write a text file (UTF-8) that readers see either whole as before or whole as new, never half-written.

    mode, when given, is set on the new file before it takes the old one's place (0o600: owner only).
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_suffix(".tmp")
    temporary.write_text(text, encoding="utf-8")
    if mode is not None:
        os.chmod(temporary, mode)
    temporary.replace(target)
