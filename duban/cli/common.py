"""What the commands share: reading a file safely, the rules in force, the saved layouts, failing in Chinese."""
from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

from duban import paths
from duban.errors import DubanError

EXIT_UNUSABLE = 2
REGISTER_FILE_MAX = 200 * 1024 * 1024  # the page takes 50 MB; a register of 100,000 items is about 15 MB
DOCUMENT_KINDS = ["督办", "催办", "通报"]  # the keys of duban.output.documents.TITLES (kept light: no import)


def fail(message: str) -> int:
    """Say why on one line of standard error; the exit code of an unusable input."""
    print(message.replace("\n", " "), file=sys.stderr)
    return EXIT_UNUSABLE


def read_regular_file(path: Path, limit: int) -> bytes:
    """A regular file's bytes, at most ``limit`` of them; a device, a folder, a pipe or a larger file is refused
    in Chinese (``analyze /dev/zero`` would read until killed)."""
    try:
        if not path.is_file():
            raise DubanError(f"不是普通文件，无法读取：{path}")
        with path.open("rb") as handle:
            content = handle.read(limit + 1)
    except OSError as exc:
        raise DubanError(f"无法打开文件：{path}") from exc
    if len(content) > limit:
        raise DubanError(f"文件超过 {limit // (1024 * 1024)} MB，不像是督办台账或文书模板：{path}")
    return content


def has_database() -> bool:
    """Whether there is a database to read (a register analysed on a fresh machine needs none)."""
    return "DUBAN_DATABASE_URL" in os.environ or (paths.home() / "duban.db").exists()


def saved_layouts() -> dict:
    """The office's saved column layouts, when there is a database (no import of the storage layer otherwise:
    a quarter of a second of ``analyze`` on a fresh machine)."""
    if not has_database():
        return {}
    from duban.storage import database, layouts

    return layouts.load_layouts(database.shared_engine())


def rules_in_force():
    """(config, calendar overrides, rules key) from the data home's rule files."""
    from duban.config import parse_config
    from duban.compute.calendar import parse_overrides
    from duban.storage import history

    config_text = paths.rule_file_text(paths.config_path())
    overrides_text = paths.rule_file_text(paths.overrides_path())
    return parse_config(config_text), parse_overrides(overrides_text), history.rules_key(config_text, overrides_text)


def analyser(config, overrides):
    """analyze(content, filename, as_of[, period_start, period_end]) under these rules and the office's saved
    layouts."""
    from duban.pipeline import analyze

    layouts = saved_layouts()
    return lambda content, filename, as_of, start=None, end=None: analyze(
        content, filename, as_of, start, end, config=config, overrides=overrides, layouts=layouts)


_ARGPARSE_MESSAGES = (  # argparse's English messages (Python 3.11), said in Chinese
    (r"the following arguments are required: (.+)", r"缺少必填参数：\1"),
    (r"argument (.+?): invalid int value: (.+)", r"参数 \1 应为整数，不是 \2"),
    (r"argument (.+?): invalid \w+ value: (.+)", r"参数 \1 的值无法识别：\2"),
    (r"argument (.+?): invalid choice: (.+?) \(choose from (.+)\)", r"参数 \1 只能是 \3 之一，不是 \2"),
    (r"argument (.+?): expected one argument", r"参数 \1 后面需要一个值"),
    (r"argument (.+?): not allowed with argument (.+)", r"参数 \1 不能与 \2 同时使用"),
    (r"unrecognized arguments: (.+)", r"无法识别的参数：\1"),
    (r"ambiguous option: (.+?) could match (.+)", r"选项 \1 不明确，可能是 \2"),
)


class ChineseParser(argparse.ArgumentParser):
    """An ArgumentParser whose usage, headings, help line and errors are in Chinese (argparse's own words are
    English and come from a process-wide gettext, which is not ours to switch)."""

    def __init__(self, *args, **kwargs):
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title, self._optionals.title = "位置参数", "选项"
        self.add_argument("-h", "--help", action="help", help="显示本帮助并退出")

    def format_usage(self) -> str:
        return super().format_usage().replace("usage: ", "用法：", 1)

    def format_help(self) -> str:
        return super().format_help().replace("usage: ", "用法：", 1)

    def error(self, message: str):
        for pattern, chinese in _ARGPARSE_MESSAGES:
            if re.fullmatch(pattern, message):
                message = re.sub(pattern, chinese, message)
                break
        self.print_usage(sys.stderr)
        self.exit(EXIT_UNUSABLE, f"{self.prog}：{message}\n")
