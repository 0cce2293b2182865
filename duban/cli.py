"""Command line: ``python -m duban analyze REGISTER --json`` (SPEC §7)."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from duban import paths

EXIT_UNUSABLE = 2
DOCUMENT_KINDS = ["督办", "催办", "通报"]  # the keys of duban.output.documents.TITLES (kept light: no import)
REGISTER_FILE_MAX = 200 * 1024 * 1024  # the page takes 50 MB; a register of 100,000 items is about 15 MB


def _register_command(commands, name: str, text: str) -> argparse.ArgumentParser:
    """A subcommand taking a register file, the as-of date, the period and the config file."""
    command = commands.add_parser(name, help=text)
    command.add_argument("register", type=Path)
    command.add_argument("--as-of", help="统计日期 YYYY-MM-DD（默认取台账中的“统计截至”日期）")
    command.add_argument("--period-start", help="考核期间开始日期")
    command.add_argument("--period-end", help="考核期间结束日期")
    command.add_argument("--config", type=Path, help="规则配置文件（默认 DUBAN_HOME/config.toml）")
    command.add_argument("--map", action="append", default=[], metavar="表头=字段",
                         help="指定某一列的用途，如 --map \"主责科室=lead_dept\"（unused 表示不用这一列）；可重复")
    return command


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of `python -m duban` (its subcommands are listed in the README)."""
    parser = argparse.ArgumentParser(prog="python -m duban", description="督办台账分析")
    commands = parser.add_subparsers(dest="command", required=True)
    analyze = _register_command(commands, "analyze", "分析台账并输出 JSON")
    analyze.add_argument("--json", action="store_true", help="输出 JSON（目前唯一的输出格式）")
    export = _register_command(commands, "export", "导出考核评议表 .xlsx")
    export.add_argument("-o", "--output", type=Path, required=True, help="输出的 .xlsx 文件")
    notices = _register_command(commands, "notices", "生成督办通知单、催办通知单或督办工作通报（Word 文档）")
    notices.add_argument("--kind", required=True, choices=DOCUMENT_KINDS, help="文书种类")
    notices.add_argument("--dept", action="append", default=[], help="只为这个科室生成（可重复；默认所有科室）")
    notices.add_argument("--per-item", action="store_true", help="督办通知单每个事项一份（默认每个科室一份）")
    notices.add_argument("-o", "--output", type=Path, required=True,
                         help="输出文件：.docx 为一个文档（多个科室依次分页），.zip 为每个科室一个 .docx")
    from duban import history_cli, remind_cli

    history_cli.add_commands(commands)
    remind_cli.add_command(commands)
    templates = commands.add_parser("templates", help="管理文书模板（与“文书”页面的模板管理相同）")
    template_commands = templates.add_subparsers(dest="action", required=True)
    template_commands.add_parser("list", help="列出各类文书当前使用的模板")
    template_add = template_commands.add_parser("add", help="检查并启用本单位的模板")
    template_add.add_argument("kind", choices=DOCUMENT_KINDS, help="文书种类")
    template_add.add_argument("file", type=Path, help="模板 .docx 文件")
    template_commands.add_parser("remove", help="删除本单位的模板，恢复默认模板").add_argument(
        "kind", choices=DOCUMENT_KINDS, help="文书种类")
    users = commands.add_parser("users", help="管理账号（密码从标准输入读取）")
    user_commands = users.add_subparsers(dest="action", required=True)
    add = user_commands.add_parser("add", help="添加账号")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=["office", "leader", "evaluator"])
    add.add_argument("--leader", help="院领导账号关联的分管领导姓名")
    user_commands.add_parser("list", help="列出账号")
    for action, text in (("remove", "删除账号"), ("passwd", "修改密码")):
        user_commands.add_parser(action, help=text).add_argument("name")
    return parser


def _read_password() -> str:
    """The password from the terminal (not echoed) or the first line of standard input."""
    import getpass

    if sys.stdin.isatty():
        first = getpass.getpass("密码：")
        if first != getpass.getpass("再次输入密码："):
            raise SystemExit(_fail("两次输入的密码不一致"))
        return first
    return sys.stdin.readline().rstrip("\r\n")


def _users(args: argparse.Namespace) -> int:
    from duban.storage import accounts
    from duban.errors import DubanError

    try:
        if args.action == "list":
            for account in accounts.load_accounts().values():
                print(f"{account.name}\t{accounts.ROLES[account.role]}\t{account.leader or ''}")
        elif args.action == "add":
            accounts.add_account(args.name, args.role, _read_password(), args.leader)
            print(f"已添加用户：{args.name}", file=sys.stderr)
        elif args.action == "remove":
            accounts.remove_account(args.name)
            print(f"已删除用户：{args.name}", file=sys.stderr)
        else:
            accounts.set_password(args.name, _read_password())
            print(f"已修改密码：{args.name}", file=sys.stderr)
    except DubanError as exc:
        return _fail(str(exc))
    return 0


def _templates(args: argparse.Namespace) -> int:
    """templates list | add KIND FILE | remove KIND: the 文书 page's template management, with its checks."""
    from duban.errors import DubanError
    from duban.output.documents import TITLES
    from duban.storage import database, templates

    engine = database.shared_engine()
    if args.action == "list":
        for kind, title in TITLES.items():
            mine = templates.uploaded(engine, kind)
            print(f"{kind}\t{title}\t" + (f"{mine[0]}\t{mine[1]:%Y-%m-%d %H:%M}\t{mine[2]}" if mine else "默认模板"))
        return 0
    if args.action == "remove":
        templates.reset_template(engine, args.kind, "命令行")
        print(f"{TITLES[args.kind]}已恢复为默认模板", file=sys.stderr)
        return 0
    try:
        content = read_regular_file(args.file, templates.TEMPLATE_FILE_MAX)
        templates.save_template(engine, args.kind, content, args.file.name, "命令行")
    except DubanError as exc:
        return _fail(f"模板未启用：{exc}")
    print(f"已启用{TITLES[args.kind]}模板：{args.file.name}", file=sys.stderr)
    return 0


def read_regular_file(path: Path, limit: int) -> bytes:
    """A regular file's bytes, at most ``limit`` of them; a device, a folder, a pipe or a larger file is refused
    in Chinese (``analyze /dev/zero`` would read until killed)."""
    from duban.errors import DubanError

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


def _history(args: argparse.Namespace) -> int:
    """save / weeks / recompute (duban/history_cli.py)."""
    from duban import history_cli
    from duban.errors import DubanError

    try:
        if args.command == "remind":
            from duban import remind_cli

            return remind_cli.remind(args)
        if args.command == "save":
            print(history_cli.save(args), file=sys.stderr)
        elif args.command == "weeks":
            history_cli.weeks()
        else:
            print(f"已按当前规则重新计算 {history_cli.recompute()} 周。", file=sys.stderr)
    except (DubanError, ValueError) as exc:
        return _fail(str(exc))
    return 0


def _fail(message: str) -> int:
    print(message.replace("\n", " "), file=sys.stderr)
    return EXIT_UNUSABLE


def _run(args: argparse.Namespace) -> int:
    from duban.config import load_config
    from duban.errors import DubanError
    from duban.pipeline import analyze
    from duban.reading.layouts import parse_mapping
    from duban.rules.calendar import load_overrides

    try:
        data = read_regular_file(args.register, REGISTER_FILE_MAX)
        config = load_config(args.config or paths.config_path())
        overrides = load_overrides(paths.overrides_path())
        column_map = parse_mapping(args.map)
        result = analyze(data, args.register.name, args.as_of, args.period_start, args.period_end, config, overrides,
                         _saved_layouts(), column_map)
    except (DubanError, ValueError) as exc:
        return _fail(str(exc))
    if args.command == "export":
        return _export(result, config.institution_name, args.output)
    if args.command == "notices":
        from duban.notices_cli import notices

        return notices(result, config, overrides, args)
    from duban.output.json_report import write_json
    write_json(result, sys.stdout)
    return 0


def _saved_layouts() -> dict:
    """The office's saved column layouts, when the data home has a database."""
    from duban.storage import database, layouts

    if "DUBAN_DATABASE_URL" not in os.environ and not (paths.home() / "duban.db").exists():
        return {}
    return layouts.load_layouts(database.connect())


def _export(result, institution: str, output: Path) -> int:
    from duban.output.assessment_xlsx import assessment_workbook

    try:
        output.write_bytes(assessment_workbook(result, institution))
    except OSError as exc:
        return _fail(f"无法写入 {output}：{exc.strerror}")
    print(f"已导出考核评议表：{output}", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = build_parser().parse_args(argv)
    try:
        if args.command in ("analyze", "export", "notices"):
            return _run(args)
        if args.command == "users":
            return _users(args)
        if args.command == "templates":
            return _templates(args)
        return _history(args)
    except Exception as exc:  # never a traceback for the office; the type helps a developer
        if os.environ.get("DUBAN_DEBUG"):
            raise
        return _fail(f"处理文件时发生意外错误（{type(exc).__name__}），请将文件发给管理员排查。")
    return 0
