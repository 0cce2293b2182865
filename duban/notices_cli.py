"""``python -m duban notices``: the 文书 page's documents from the command line (one .docx, or a .zip of many)."""
from __future__ import annotations

import argparse
import sys

from duban import paths


def stored_context(as_of):
    """(the office's template store, last week's stored items) when the data home has a database."""
    import os

    from duban.storage import database, history

    if "DUBAN_DATABASE_URL" not in os.environ and not (paths.home() / "duban.db").exists():
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


def notices(result, config, overrides, args: argparse.Namespace) -> int:
    """Write the documents of one kind for the analysed register; exit code 0, or 2 with a Chinese message."""
    from duban.errors import DubanError
    from duban.output import paperwork
    from duban.output.documents import TITLES, default_template
    from duban.pipeline import work_calendar
    from duban.storage import database, templates

    suffix = args.output.suffix.lower()
    if suffix not in (".docx", ".zip"):
        print("输出文件应以 .docx 或 .zip 结尾", file=sys.stderr)
        return 2
    try:
        engine, previous = stored_context(result.as_of)
        template = templates.template_for(engine, args.kind) if engine else default_template(args.kind)
        fields = paperwork.contexts(args.kind, result.items, result.departments, config,
                                    work_calendar(config, overrides), result.as_of, previous, args.dept or None,
                                    per_item=args.per_item, period=_period(result))
        if not fields:
            print(f"没有需要发出{TITLES[args.kind]}的事项（所选科室没有相应事项）。", file=sys.stderr)
            return 2
        content = paperwork.package(paperwork.documents(template, fields), suffix == ".zip")
        args.output.write_bytes(content)
    except DubanError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"无法写入 {args.output}：{exc.strerror}", file=sys.stderr)
        return 2
    database.log(engine or database.shared_engine(), "命令行", "document",
                 f"{TITLES[args.kind]} {len(fields)} 份 → {args.output.name}")
    print(f"已生成{TITLES[args.kind]} {len(fields)} 份：{args.output}", file=sys.stderr)
    return 0
