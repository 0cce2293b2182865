"""Commands on the stored weeks, the automation of the upload page and 台账管理: ``save``, ``weeks --json``,
``recompute``, ``restore``, ``archive`` and ``remind`` (for cron or systemd)."""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from duban.cli.common import REGISTER_FILE_MAX, analyser, fail, read_regular_file, rules_in_force
from duban.errors import DubanError


def save_arguments(command: argparse.ArgumentParser) -> None:
    command.add_argument("register", type=Path, metavar="台账文件")
    command.add_argument("--as-of", metavar="日期",
                         help="统计截至日期 YYYY-MM-DD（默认取台账中的“统计截至”；台账没有时必须给出）")
    command.add_argument("--user", default="命令行", metavar="用户名", help="记入操作日志的用户名（默认“命令行”）")
    command.add_argument("--replace", action="store_true",
                         help="该周当前保存的是另一份内容时，确认替换（旧版本仍保留）")


def save(args: argparse.Namespace) -> int:
    """Store a register as a week's, as the upload page does (the same save service, the same checks)."""
    from duban.storage import database, history

    content = read_regular_file(args.register, REGISTER_FILE_MAX)
    config, overrides, key = rules_in_force()
    analysis = analyser(config, overrides)(content, args.register.name, args.as_of)
    if analysis.as_of_hint is None and not args.as_of:
        raise DubanError("台账中没有“统计截至”日期：请用 --as-of YYYY-MM-DD 指明这份台账统计到哪一天。")
    if analysis.counts["kept"] == 0:
        raise DubanError("这份台账没有可计入的事项，不能保存。请按校验报告修改后重新保存。")
    as_of = analysis.as_of.date()
    try:
        saved = history.save_week(database.shared_engine(), content, args.register.name, as_of, args.user,
                                  analysis, key, replaces=database.ANY_VERSION if args.replace else None)
    except database.ReplaceNeeded as exc:  # compared by content with the week's current version
        current = exc.current
        raise DubanError(f"{as_of:%Y-%m-%d} 这一周当前保存的是另一份台账（第{current.version}版，{current.filename}），"
                         "内容不同；确认替换请加 --replace（旧版本仍保留）。") from exc
    print({"saved": f"已保存为 {as_of:%Y-%m-%d} 的台账（计入 {analysis.counts['kept']} 项）。",
           "unchanged": f"{as_of:%Y-%m-%d} 已保存过相同的文件，未做改动。",
           "replaced": f"已替换 {as_of:%Y-%m-%d} 的台账（第{saved.version}版），之前的版本仍然保留。"}[saved.outcome],
          file=sys.stderr)
    return 0


def restore_arguments(command: argparse.ArgumentParser) -> None:
    command.add_argument("as_of", metavar="统计截至日期", help="哪一周（YYYY-MM-DD）")
    command.add_argument("version", metavar="版本", type=int, help="恢复为第几版（见 weeks 或“台账管理”页面）")
    command.add_argument("--user", default="命令行", metavar="用户名", help="记入操作日志的用户名（默认“命令行”）")


def restore(args: argparse.Namespace) -> int:
    """Make an older version the week's register again, as 台账管理 does (the newer ones stay stored)."""
    from duban.clean.dates import parse_day
    from duban.storage import database

    as_of = parse_day(args.as_of)
    if as_of is None:
        raise DubanError(f"日期“{args.as_of}”无法识别，请写成 YYYY-MM-DD")
    database.restore_version(database.shared_engine(), as_of, args.version, args.user)
    print(f"已将 {as_of:%Y-%m-%d} 的台账恢复为第{args.version}版，其他版本仍然保留。", file=sys.stderr)
    return 0


def recompute_weeks(engine=None, echo: bool = True) -> int:
    """Bring every stored week up to the current rules; returns how many weeks were recomputed."""
    from duban.storage import database, history

    engine = engine or database.shared_engine()
    config, overrides, key = rules_in_force()

    def report(done: int, total: int) -> None:
        if echo:
            print(f"已重新计算 {done}/{total} 周", file=sys.stderr)

    done = history.recompute(engine, analyser(config, overrides), key, report)
    if done:
        database.log(engine, "命令行", "recompute", f"按当前规则重新计算 {done} 周")
    return done


def recompute(args: argparse.Namespace) -> int:
    print(f"已按当前规则重新计算 {recompute_weeks()} 周。", file=sys.stderr)
    return 0


def weeks_arguments(command: argparse.ArgumentParser) -> None:
    command.add_argument("--json", action="store_true", help="输出 JSON（目前唯一的输出格式）")


def weeks(args: argparse.Namespace, stream=None) -> int:
    """The stored weeks, oldest first, with version and the six headline figures, as JSON."""
    from duban.storage import database, history

    stream = stream or sys.stdout
    engine = database.shared_engine()
    recompute_weeks(engine)  # figures always follow the current rules (nothing to do in an ordinary week)
    figures = history.weekly_figures(engine).drop(columns=["rules_key"])
    records = []
    for row in figures.to_dict("records"):
        as_of = row.pop("as_of")
        clean = {k: (None if v is None or v != v else v) for k, v in row.items()}  # NaN (no base) is null
        records.append({"as_of": f"{as_of:%Y-%m-%d}" if isinstance(as_of, dt.date) else str(as_of), **clean})
    json.dump(records, stream, ensure_ascii=False, indent=1, default=int)
    stream.write("\n")
    return 0


def remind_arguments(command: argparse.ArgumentParser) -> None:
    command.add_argument("--dry-run", action="store_true", help="只列出将要发送的消息，不发送")
    command.add_argument("--as-of", metavar="日期", help="用这一周（YYYY-MM-DD）的台账，默认最新一周")


def remind(args: argparse.Namespace) -> int:
    """Plan and send (or with --dry-run print) the reminders; 0 when all arrived, 1 when some failed."""
    from duban.delivery import channels, remind as reminding
    from duban.pipeline import work_calendar
    from duban.clean.dates import parse_day
    from duban.storage import database, reminders

    engine = database.shared_engine()
    recompute_weeks(engine, echo=False)  # the stored figures follow the current rules
    config, overrides, _ = rules_in_force()
    as_of, items = reminding.stored_week(engine, parse_day(args.as_of) if args.as_of else None)
    configured = channels.load()
    if not args.dry_run and configured.office is None and not configured.departments:
        return fail("尚未设置任何提醒渠道：请在“规则设置”页面的“提醒渠道”中填写（可先用 --dry-run 查看消息）。")
    today = dt.date.today()
    planned = reminding.plan(items, as_of, config, work_calendar(config, overrides), configured,
                             set() if args.dry_run else reminders.sent_on(engine, today), today)
    if not planned:
        print("没有需要提醒的事项（或今天已经提醒过）。", file=sys.stderr)
        return 0
    if args.dry_run:
        for part in planned:
            where = channels.KINDS[part.channel.kind] if part.channel else "未设置渠道"
            print(f"=== 发往 {part.target}（{where}）：{part.title} ===\n{part.text}\n")
        return 0
    results = reminding.deliver(engine, planned, configured, today, "命令行")
    for result in results:
        state = "成功" if result.outcome.ok else f"失败：{result.outcome.detail}"
        print(f"{result.planned.target}：{result.planned.title} — {state}", file=sys.stderr)
    return 0 if all(r.outcome.ok for r in results) else 1


def archive_arguments(command: argparse.ArgumentParser) -> None:
    command.add_argument("--year", type=int, required=True, metavar="年份", help="归档哪一年，如 2025")
    command.add_argument("-o", "--output", type=Path, required=True, metavar="文件", help="输出的 .zip 文件")
    command.add_argument("--user", default="命令行", metavar="用户名", help="记入操作日志的用户名（默认“命令行”）")


def archive(args: argparse.Namespace) -> int:
    """The year-end 归档 package, as 台账管理's 下载年度归档 gives it (written beside the target, then moved)."""
    from duban.output.archive import build_archive
    from duban.storage import database

    if not 1990 <= args.year <= 2100:
        return fail("年份应在 1990 到 2100 之间")
    if args.output.suffix.lower() != ".zip":
        return fail("输出文件应以 .zip 结尾")
    config, overrides, _ = rules_in_force()
    partial = args.output.with_name(args.output.name + ".partial")
    try:
        with partial.open("wb") as target:
            index = build_archive(database.shared_engine(), args.year, target, analyser(config, overrides),
                                  config.institution_name, args.user)
        partial.replace(args.output)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        return fail(f"无法写入 {args.output}：{exc.strerror}")
    except ValueError as exc:
        partial.unlink(missing_ok=True)
        return fail(str(exc))
    print(f"已生成 {args.year} 年度归档：{args.output}（{len(index) + 1} 个文件）", file=sys.stderr)
    return 0
