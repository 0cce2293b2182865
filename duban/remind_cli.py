"""``python -m duban remind [--dry-run] [--as-of D]``: reminders for the newest stored week, for cron or systemd."""
from __future__ import annotations

import argparse
import datetime as dt
import sys


def add_command(commands) -> None:
    remind = commands.add_parser("remind", help="按最新保存的一周发送催办提醒（钉钉、企业微信、飞书、邮件）")
    remind.add_argument("--dry-run", action="store_true", help="只列出将要发送的消息，不发送")
    remind.add_argument("--as-of", help="用这一周（YYYY-MM-DD）的台账，默认最新一周")


def remind(args: argparse.Namespace) -> int:
    """Plan and send (or with --dry-run print) the reminders; 0 when all arrived, 1 when some failed."""
    from duban import history_cli
    from duban.delivery import channels, remind as reminding
    from duban.pipeline import work_calendar
    from duban.rules.dates import parse_day
    from duban.storage import database, reminders

    engine = database.shared_engine()
    history_cli.recompute(engine, echo=False)  # the stored figures follow the current rules
    config, overrides, _ = history_cli.rules_in_force()
    as_of, items = reminding.stored_week(engine, parse_day(args.as_of) if args.as_of else None)
    configured = channels.load()
    if not args.dry_run and configured.office is None and not configured.departments:
        print("尚未设置任何提醒渠道：请在“规则设置”页面的“提醒渠道”中填写（可先用 --dry-run 查看消息）。",
              file=sys.stderr)
        return 2
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
