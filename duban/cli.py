"""Command line: ``python -m duban analyze REGISTER --json`` (SPEC §7)."""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from duban import paths

EXIT_UNUSABLE = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m duban", description="督办台账分析")
    commands = parser.add_subparsers(dest="command", required=True)
    analyze = commands.add_parser("analyze", help="分析台账并输出 JSON")
    analyze.add_argument("register", type=Path)
    analyze.add_argument("--as-of", help="统计日期 YYYY-MM-DD（默认取台账中的“统计截至”日期）")
    analyze.add_argument("--period-start", help="考核期间开始日期")
    analyze.add_argument("--period-end", help="考核期间结束日期")
    analyze.add_argument("--config", type=Path, help="规则配置文件（默认 DUBAN_HOME/config.toml）")
    analyze.add_argument("--json", action="store_true", help="输出 JSON（目前唯一的输出格式）")
    export = commands.add_parser("export", help="导出考核评议表 .xlsx")
    export.add_argument("register", type=Path)
    export.add_argument("--as-of", help="统计日期 YYYY-MM-DD（默认取台账中的“统计截至”日期）")
    export.add_argument("--period-start", help="考核期间开始日期")
    export.add_argument("--period-end", help="考核期间结束日期")
    export.add_argument("--config", type=Path, help="规则配置文件（默认 DUBAN_HOME/config.toml）")
    export.add_argument("-o", "--output", type=Path, required=True, help="输出的 .xlsx 文件")
    return parser


def _fail(message: str) -> int:
    print(message.replace("\n", " "), file=sys.stderr)
    return EXIT_UNUSABLE


def _run(args: argparse.Namespace) -> int:
    from duban.analysis import analyze
    from duban.calendar import load_overrides
    from duban.config import load_config
    from duban.errors import DubanError

    try:
        data = args.register.read_bytes()
    except OSError:
        return _fail(f"无法打开文件：{args.register}")
    try:
        config = load_config(args.config or paths.config_path())
        overrides = load_overrides(paths.overrides_path())
        result = analyze(data, args.register.name, args.as_of, args.period_start, args.period_end,
                         config, overrides)
    except DubanError as exc:
        return _fail(str(exc))
    if args.command == "export":
        return _export(result, config.institution_name, args.output)
    from duban.report import to_json_object
    json.dump(to_json_object(result), sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    return 0


def _export(result, institution: str, output: Path) -> int:
    from duban.assessment_xlsx import assessment_workbook

    try:
        output.write_bytes(assessment_workbook(result, institution))
    except OSError as exc:
        return _fail(f"无法写入 {output}：{exc.strerror}")
    print(f"已导出考核评议表：{output}", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = _parser().parse_args(argv)
    try:
        if args.command in ("analyze", "export"):
            return _run(args)
    except Exception as exc:  # never a traceback for the office; the type helps a developer
        if os.environ.get("DUBAN_DEBUG"):
            raise
        return _fail(f"处理文件时发生意外错误（{type(exc).__name__}），请将文件发给管理员排查。")
    return 0
