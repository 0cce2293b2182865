"""Reminders for one stored week: plan the messages, leave out what was sent today, send, record.

Each department's message goes to its own channel when it has one, otherwise to the office's; the
office's summary goes to the office's channel. A channel that fails never stops the others; the failure is
recorded in the audit log and reported in Chinese. Only delivered messages count as sent, so a failed one is
tried again at the next run.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import sqlalchemy as sa

from duban.config import Config
from duban.delivery import messages, platforms
from duban.delivery.channels import Channel, Channels, KINDS
from duban.compute.calendar import WorkCalendar
from duban.compute.escalation import escalate
from duban.storage import database, reminders


@dataclass(frozen=True)
class Planned:
    """One message part and where it goes (channel None: no channel configured for it)."""

    target: str
    channel: Channel | None
    title: str
    text: str
    covers: tuple[tuple[str, str], ...]
    dept: str | None


@dataclass(frozen=True)
class Delivery:
    planned: Planned
    outcome: platforms.Outcome


def plan(items: pd.DataFrame, as_of, config: Config, calendar: WorkCalendar, channels: Channels,
         already: set[tuple[str, str, str]] = frozenset(), today: dt.date | None = None) -> list[Planned]:
    """Every message part to send for a week's items (with item_key), leaving out items already sent today.

    Overdue working days, 临期 and stages are those of the sending day (today) for the items still open in
    the register of as_of; each message names both days.
    """
    day = max(today or dt.date.today(), pd.Timestamp(as_of).date())
    current = escalate(items, pd.Timestamp(day), calendar, config)
    watched = messages.watched(current, day, calendar, config.remind_before_workdays)
    planned: list[Planned] = []
    for dept, group in watched.dropna(subset=["lead_dept"]).groupby("lead_dept", sort=True):
        target, channel = channels.for_department(dept) or ("督办办公室", None)
        fresh = group[[(target, k, s) not in already for k, s in zip(group["item_key"], group["remind_stage"])]]
        if len(fresh):
            planned += _parts(target, channel, messages.department_message(dept, fresh, day, as_of,
                                                                           config.institution_name))
    summary = messages.office_summary(watched, day, as_of, config.institution_name)
    if len(watched) and ("督办办公室", *summary.covers[0]) not in already:
        planned += _parts("督办办公室", channels.office, summary)
    return planned


def _parts(target: str, channel: Channel | None, message: messages.Message) -> list[Planned]:
    limit = platforms.LIMITS[channel.kind] if channel else platforms.LIMITS["wecom"]
    return [Planned(target, channel, title, text, message.covers, message.dept)
            for title, text in messages.split(message, limit)]


def deliver(engine: sa.Engine, planned: list[Planned], channels: Channels, day: dt.date, user: str,
            ) -> list[Delivery]:
    """Send every part; record delivered ones and log every attempt (no URL or secret in the log)."""
    results = []
    for part in planned:
        if part.channel is None:
            outcome = platforms.Outcome(False, "未设置提醒渠道（规则设置 → 提醒渠道）")
        else:
            outcome = platforms.send(part.channel, channels.smtp, part.title, part.text)
        where = f"{part.target}（{KINDS[part.channel.kind]}）" if part.channel else part.target
        detail = f"{where}：{part.title}，{len(part.covers)} 项 — {'成功' if outcome.ok else '失败：' + outcome.detail}"
        if outcome.ok:
            reminders.record(engine, part.target, part.covers, day, user, detail)
        else:
            database.log(engine, user, "remind", detail)
        results.append(Delivery(part, outcome))
    return results


def stored_week(engine: sa.Engine, as_of: dt.date | None = None) -> tuple[dt.date, pd.DataFrame]:
    """The newest stored week's analysed items (or the week of as_of), with their identities.

    Raises:
        ValueError: in Chinese, when no such week is stored and analysed.
    """
    from duban.storage.history import analysed_weeks, read_items

    registers = database.registers
    query = (sa.select(registers.c.id, registers.c.as_of)
             .join(analysed_weeks, analysed_weeks.c.register_id == registers.c.id).where(registers.c.is_current))
    if as_of is not None:
        query = query.where(registers.c.as_of == as_of)
    with engine.connect() as conn:
        week = conn.execute(query.order_by(registers.c.as_of.desc()).limit(1)).first()
        if week is None:
            raise ValueError("没有已保存的台账" + (f"（{as_of:%Y-%m-%d}）" if as_of else "") +
                             "：请先在“上传台账”页面或用 python -m duban save 保存本周台账。")
        return week.as_of, read_items(conn, week.id)
