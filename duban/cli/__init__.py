"""Command line ``python -m duban``: one table of commands, each its name, help, arguments and handler.

A handler returns the exit code; a DubanError or ValueError it raises (an unusable file, a bad date, a
refused save) becomes one Chinese line on standard error and exit code 2, and nothing else ever shows a
traceback. ``tests/test_meta.py`` keeps the README's list of commands in step with this table.
"""
from __future__ import annotations

import argparse
import os
from dataclasses import dataclass
from typing import Callable

from duban.cli import admin, register, stored
from duban.cli.common import EXIT_UNUSABLE, ChineseParser, fail
from duban.errors import DubanError

__all__ = ["COMMANDS", "EXIT_UNUSABLE", "build_parser", "main"]


@dataclass(frozen=True)
class Command:
    """One subcommand: its name, its help line, what adds its arguments and what runs it."""

    name: str
    help: str
    arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


def _none(command: argparse.ArgumentParser) -> None:
    """A command without arguments."""


COMMANDS: tuple[Command, ...] = (
    Command("analyze", "分析台账并输出 JSON", register.analyze_arguments, register.analyze),
    Command("export", "导出考核评议表 .xlsx", register.export_arguments, register.export),
    Command("notices", "生成督办通知单、催办通知单或督办工作通报（Word 文档）", register.notices_arguments,
            register.notices),
    Command("save", "把台账保存为某一周的台账（与“上传台账”页面的保存相同）", stored.save_arguments, stored.save),
    Command("weeks", "列出已保存的各周台账及其六项主要指标", stored.weeks_arguments, stored.weeks),
    Command("recompute", "按当前规则重新计算已保存的各周", _none, stored.recompute),
    Command("restore", "把某一周恢复为较早的版本（与“台账管理”页面的恢复相同）", stored.restore_arguments,
            stored.restore),
    Command("archive", "生成某一年的督办档案包（与“台账管理”页面的“下载年度归档”相同）", stored.archive_arguments,
            stored.archive),
    Command("remind", "按最新保存的一周发送催办提醒（钉钉、企业微信、飞书、邮件）", stored.remind_arguments,
            stored.remind),
    Command("templates", "管理文书模板（与“文书”页面的模板管理相同）", admin.templates_arguments, admin.templates),
    Command("users", "管理账号（密码从标准输入读取）", admin.users_arguments, admin.users),
)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``python -m duban``, built from COMMANDS."""
    parser = ChineseParser(prog="python -m duban", description="督办台账分析")
    commands = parser.add_subparsers(dest="command", required=True, title="命令", metavar="命令")
    for command in COMMANDS:
        sub = commands.add_parser(command.name, help=command.help, description=command.help)
        command.arguments(sub)
        sub.set_defaults(run=command.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as stopped:  # --help, or arguments argparse refused (said in Chinese by ChineseParser)
        return int(stopped.code or 0)
    try:
        return args.run(args)
    except (DubanError, ValueError) as exc:
        return fail(str(exc))
    except Exception as exc:  # never a traceback for the office; the type helps a developer
        if os.environ.get("DUBAN_DEBUG"):
            raise
        return fail(f"处理文件时发生意外错误（{type(exc).__name__}），请将文件发给管理员排查。")
