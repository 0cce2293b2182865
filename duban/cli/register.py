"""Commands on one register file: ``analyze --json`` (the JSON of the analysis), ``export`` (考核评议表) and
``notices`` (the 文书 page's documents: one .docx, or a .zip of many)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from duban import paths
from duban.cli.common import DOCUMENT_KINDS, REGISTER_FILE_MAX, fail, has_database, read_regular_file, saved_layouts


def register_arguments(command: argparse.ArgumentParser) -> None:
    """A register file, the as-of date, the period, the config file and column mappings."""
    command.add_argument("register", type=Path, metavar="台账文件")
    command.add_argument("--as-of", metavar="日期", help="统计日期 YYYY-MM-DD（默认取台账中的“统计截至”日期）")
    command.add_argument("--period-start", metavar="日期", help="考核期间开始日期")
    command.add_argument("--period-end", metavar="日期", help="考核期间结束日期")
    command.add_argument("--config", type=Path, metavar="文件", help="规则配置文件（默认数据目录中的 config.toml）")
    command.add_argument("--map", action="append", default=[], metavar="表头=字段",
                         help="指定某一列的用途，如 --map \"主责科室=lead_dept\"（unused 表示不用这一列）；可重复")


def analyze_arguments(command: argparse.ArgumentParser) -> None:
    register_arguments(command)
    command.add_argument("--json", action="store_true", help="输出 JSON（目前唯一的输出格式）")


def export_arguments(command: argparse.ArgumentParser) -> None:
    register_arguments(command)
    command.add_argument("-o", "--output", type=Path, required=True, metavar="文件", help="输出的 .xlsx 文件")


def notices_arguments(command: argparse.ArgumentParser) -> None:
    register_arguments(command)
    command.add_argument("--kind", required=True, choices=DOCUMENT_KINDS, help="文书种类")
    command.add_argument("--dept", action="append", default=[], metavar="科室",
                         help="只为这个科室生成（可重复；默认所有科室）")
    command.add_argument("--per-item", action="store_true", help="督办通知单每个事项一份（默认每个科室一份）")
    command.add_argument("-o", "--output", type=Path, required=True, metavar="文件",
                         help="输出文件：.docx 为一个文档（多个科室依次分页），.zip 为每个科室一个 .docx")


def _given(args: argparse.Namespace):
    """(the register's bytes, the config file, the loaded config) named on the command line."""
    from duban.config import load_config

    config_file = args.config or paths.config_path()
    return read_regular_file(args.register, REGISTER_FILE_MAX), config_file, load_config(config_file)


def _analysed(args: argparse.Namespace, given=None):
    """(analysis, config, overrides) of the register named on the command line (given: ``_given``'s, if read)."""
    from duban.reading.worker import Reading

    data, _, config = given or _given(args)
    # the worker parses the file while pandas and the rest of the analysis are imported here
    with Reading.of(data, args.register.name, config) as reading:
        from duban.compute.calendar import load_overrides
        from duban.pipeline import analyze_reading
        from duban.reading.layouts import parse_mapping

        overrides = load_overrides(paths.overrides_path())
        result = analyze_reading(reading, args.as_of, args.period_start, args.period_end, config, overrides,
                                 saved_layouts(), parse_mapping(args.map))
    return result, config, overrides


def analyze(args: argparse.Namespace) -> int:
    """The analysis as one JSON object on standard output, worked out in the worker that parses the file
    (``duban.analysis_worker``); when that worker does not finish, the proven way: parsed there, analysed here."""
    from duban.analysis_worker import json_report

    given = _given(args)
    data, config_file, config = given
    job = {"as_of": args.as_of, "period_start": args.period_start, "period_end": args.period_end,
           "config": str(config_file), "overrides": str(paths.overrides_path()), "layouts": saved_layouts(),
           "map": args.map}
    report = json_report(data, args.register.name, job, config)
    if report is not None:
        binary = getattr(sys.stdout, "buffer", None)  # a text stream without one (a test's StringIO) takes text
        sys.stdout.flush()
        if binary is not None:
            binary.write(report)
        else:
            sys.stdout.write(report.decode())
        return 0
    result = _analysed(args, given)[0]
    from duban.output.json_report import write_json  # after the worker was started (it imports pandas)

    write_json(result, sys.stdout)
    return 0


def export(args: argparse.Namespace) -> int:
    """The 考核评议表 workbook."""
    result, config, _ = _analysed(args)
    from duban.output.assessment_xlsx import assessment_workbook

    try:
        args.output.write_bytes(assessment_workbook(result, config.institution_name))
    except OSError as exc:
        return fail(f"无法写入 {args.output}：{exc.strerror}")
    print(f"已导出考核评议表：{args.output}", file=sys.stderr)
    return 0


def stored_context(as_of):
    """(the office's template store, last week's stored items) when there is a database, else (None, None)."""
    from duban.storage import database, history

    if not has_database():
        return None, None
    engine = database.shared_engine()
    with engine.connect() as conn:
        previous = history.previous_items(conn, as_of.date())
    return engine, None if previous.empty else previous


def _period(result):
    """The period given with --period-start/--period-end, else None (the 通报 ranks by 部门绩效's default)."""
    if result.period_start is None and result.period_end is None:
        return None
    return tuple(None if d is None else d.date() for d in (result.period_start, result.period_end))


def notices(args: argparse.Namespace) -> int:
    """Write the documents of one kind for the analysed register."""
    from duban.output import paperwork
    from duban.output.documents import TITLES, default_template
    from duban.pipeline import work_calendar
    from duban.storage import database, templates

    suffix = args.output.suffix.lower()
    if suffix not in (".docx", ".zip"):
        return fail("输出文件应以 .docx 或 .zip 结尾")
    result, config, overrides = _analysed(args)
    engine, previous = stored_context(result.as_of)
    template = templates.template_for(engine, args.kind) if engine else default_template(args.kind)
    fields = paperwork.contexts(args.kind, result.items, result.departments, config,
                                work_calendar(config, overrides), result.as_of, previous, args.dept or None,
                                per_item=args.per_item, period=_period(result))
    if not fields:
        return fail(f"没有需要发出{TITLES[args.kind]}的事项（所选科室没有相应事项）。")
    content = paperwork.package(paperwork.documents(template, fields), suffix == ".zip")
    try:
        args.output.write_bytes(content)
    except OSError as exc:
        return fail(f"无法写入 {args.output}：{exc.strerror}")
    database.log(engine or database.shared_engine(), "命令行", "document",
                 f"{TITLES[args.kind]} {len(fields)} 份 → {args.output.name}")
    print(f"已生成{TITLES[args.kind]} {len(fields)} 份：{args.output}", file=sys.stderr)
    return 0

