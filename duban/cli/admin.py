"""The office's administration from the command line: ``users`` (accounts; passwords read from standard
input) and ``templates`` (the 文书 page's template management, with its checks)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from duban.cli.common import DOCUMENT_KINDS, fail, read_regular_file
from duban.errors import DubanError


def users_arguments(command: argparse.ArgumentParser) -> None:
    actions = command.add_subparsers(dest="action", required=True, title="操作", metavar="操作")
    add = actions.add_parser("add", help="添加账号")
    add.add_argument("name", metavar="用户名")
    add.add_argument("--role", required=True, choices=["office", "leader", "evaluator"])
    add.add_argument("--leader", metavar="姓名", help="院领导账号关联的分管领导姓名")
    actions.add_parser("list", help="列出账号")
    for action, text in (("remove", "删除账号"), ("passwd", "修改密码")):
        actions.add_parser(action, help=text).add_argument("name", metavar="用户名")


def _read_password() -> str:
    """The password from the terminal (not echoed) or the first line of standard input."""
    import getpass

    if sys.stdin.isatty():
        first = getpass.getpass("密码：")
        if first != getpass.getpass("再次输入密码："):
            raise DubanError("两次输入的密码不一致")
        return first
    return sys.stdin.readline().rstrip("\r\n")


def users(args: argparse.Namespace) -> int:
    """users list | add NAME --role R [--leader L] | remove NAME | passwd NAME."""
    from duban.storage import accounts

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
    return 0


def templates_arguments(command: argparse.ArgumentParser) -> None:
    actions = command.add_subparsers(dest="action", required=True, title="操作", metavar="操作")
    actions.add_parser("list", help="列出各类文书当前使用的模板")
    add = actions.add_parser("add", help="检查并启用本单位的模板")
    add.add_argument("kind", choices=DOCUMENT_KINDS, help="文书种类")
    add.add_argument("file", type=Path, metavar="模板文件", help="模板 .docx 文件")
    actions.add_parser("remove", help="删除本单位的模板，恢复默认模板").add_argument(
        "kind", choices=DOCUMENT_KINDS, help="文书种类")


def templates(args: argparse.Namespace) -> int:
    """templates list | add KIND FILE | remove KIND."""
    from duban.output.documents import TITLES
    from duban.storage import database, templates as stored_templates

    engine = database.shared_engine()
    if args.action == "list":
        for kind, title in TITLES.items():
            mine = stored_templates.uploaded(engine, kind)
            print(f"{kind}\t{title}\t" + (f"{mine[0]}\t{mine[1]:%Y-%m-%d %H:%M}\t{mine[2]}" if mine else "默认模板"))
        return 0
    if args.action == "remove":
        stored_templates.reset_template(engine, args.kind, "命令行")
        print(f"{TITLES[args.kind]}已恢复为默认模板", file=sys.stderr)
        return 0
    try:
        content = read_regular_file(args.file, stored_templates.TEMPLATE_FILE_MAX)
        stored_templates.save_template(engine, args.kind, content, args.file.name, "命令行")
    except DubanError as exc:
        return fail(f"模板未启用：{exc}")
    print(f"已启用{TITLES[args.kind]}模板：{args.file.name}", file=sys.stderr)
    return 0
