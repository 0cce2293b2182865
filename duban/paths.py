"""Where the app keeps its files.

What ships with the code is in the repository's ``data/`` (the sample register, the commented default rule
file, the calendar override file's header, the default document templates) and is only ever read. What the
office makes — the database, its rule file, its calendar overrides, its reminder channels — lives in one
folder outside the source tree: DUBAN_HOME, else the user's data directory (on Linux
``~/.local/share/duban``).
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import platformdirs

SHIPPED = Path(__file__).resolve().parent.parent / "data"
SAMPLE_REGISTER = SHIPPED / "sample_register.xlsx"
DEFAULT_CONFIG = SHIPPED / "config.toml"  # every rule with its default value and a comment saying what it does


def home() -> Path:
    """The data home folder, created if missing, readable by its owner only (registers, accounts and the log)."""
    path = Path(os.environ.get("DUBAN_HOME") or platformdirs.user_data_path("duban", appauthor=False))
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if path.stat().st_mode & 0o077:
        try:
            path.chmod(0o700)
        except OSError:  # not ours to change: the folder stays as the administrator set it
            pass
    return path


def owner_only(path: Path | str) -> None:
    """Make a file in the data home readable and writable by its owner only (when it exists and is ours)."""
    try:
        Path(path).chmod(0o600)
    except OSError:
        pass


def config_path() -> Path:
    """The office's rule file."""
    return home() / "config.toml"


def overrides_path() -> Path:
    """The office's calendar override file (日期,类型,说明)."""
    return home() / "calendar_overrides.csv"


_PLAUSIBLE = re.compile(r"[\x00-\x7f\u00a0-\u00ff\u2000-\u206f\u2100-\u22ff\u3000-\u9fff\uff00-\uffef]*")


def read_text(path: Path | str) -> str:
    """A text file the office may have saved with Notepad or Excel: UTF-8 (with or without BOM) or GBK/GB18030.

    Raises DubanError (in Chinese) when it is neither, or cannot be read.
    """
    from duban.errors import DubanError

    target = Path(path)
    try:
        data = target.read_bytes()
    except OSError as exc:
        raise DubanError(f"无法读取文件 {target.name}：{exc.strerror}") from exc
    texts = []
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            texts.append(data.decode(encoding))
        except UnicodeDecodeError:
            continue
    if not texts:
        raise DubanError(f"文件 {target.name} 的文字编码无法识别，请用记事本另存为 UTF-8 编码")
    # Some GBK text is valid UTF-8 too (某某医院 reads as ĳĳҽԺ): take the reading that looks like Chinese.
    return next((text for text in texts if _PLAUSIBLE.fullmatch(text)), texts[0])


def rule_file_text(path: Path) -> str:
    """A rule file's text ("" when missing); undecodable bytes are kept visible so that parsing says what is wrong."""
    from duban.errors import DubanError

    if not path.exists():
        return ""
    try:
        return read_text(path)
    except DubanError:
        return path.read_bytes().decode("utf-8", errors="replace")


def write_atomically(path: Path | str, text: str, mode: int = 0o600) -> None:
    """Write a text file (UTF-8) that readers see either whole as before or whole as new, never half-written.

    mode is set on the new file before it takes the old one's place (default 0o600: owner only).
    """
    import tempfile

    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")  # one per writer
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.chmod(name, mode)
        os.replace(name, target)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
