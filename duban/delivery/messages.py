"""The reminder messages: one per department (its overdue and 临期 items), and a summary for the office.

Markdown that every platform renders (bold, numbered lines). Register text is escaped: characters that
mean something in markdown or in the platforms' tags become their full-width forms, so a title can neither
format nor break the message. A message longer than the platform allows is split into parts.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from duban.output.notices import chinese_date
from duban.compute.calendar import WorkCalendar
from duban.compute.escalation import STAGES, STAGE_SEVERITY

NEAR = "临期"
_SPECIAL = str.maketrans({"*": "＊", "_": "＿", "`": "｀", "#": "＃", "[": "［", "]": "］", "(": "（", ")": "）",
                          "<": "＜", ">": "＞", "|": "｜", "~": "～", "!": "！", "\\": "＼", "\r": " ", "\n": " "})
SERIOUS = ("约谈督查", "通报批评", "分管领导约谈")


@dataclass(frozen=True)
class Message:
    """One message before it is sent: whom it is about, its text, and the (item_key, stage) pairs it reports."""

    dept: str | None  # None: the office's summary
    title: str
    text: str
    covers: tuple[tuple[str, str], ...]


def escape(value: object) -> str:
    """Register text as plain text inside markdown."""
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value).translate(_SPECIAL)


def watched(items: pd.DataFrame, as_of, calendar: WorkCalendar, days: int) -> pd.DataFrame:
    """Open items overdue, or due within `days` working days (临期), with `remind_stage` and `left` (working days)."""
    open_items = items[items["status"].isin(["open", "returned"]) & items["due_date"].notna()].copy()
    start = pd.Series(pd.Timestamp(as_of), index=open_items.index)
    open_items["left"] = calendar.workdays_between(start, open_items["due_date"]).astype(int)
    overdue = open_items["overdue"].astype(bool)
    soon = ~overdue & (pd.to_datetime(open_items["due_date"]) >= pd.Timestamp(as_of)) & (open_items["left"] <= days)
    chosen = open_items[overdue | soon].copy()
    chosen["remind_stage"] = chosen["stage"].where(overdue[overdue | soon], NEAR)
    order = chosen["remind_stage"].map(STAGE_SEVERITY).fillna(-1)
    return chosen.assign(_order=-order).sort_values(["_order", "left"], kind="stable").drop(columns="_order")


def _line(number: int, item: pd.Series) -> str:
    due = chinese_date(item["due_date"])
    if item["remind_stage"] == NEAR:
        left = "今天到期" if int(item["left"]) == 0 else f"还剩 {int(item['left'])} 个工作日"
        return f"{number}. {escape(item['title'])}（办结时限 {due}，{left}）"
    return (f"{number}. {escape(item['title'])}（办结时限 {due}，逾期 {int(item['overdue_workdays'])} 个工作日，"
            f"{item['remind_stage']}）")


STALE_DAYS = 7  # a register this many days older than the sending day is said to be old


def basis(day, register_day) -> str:
    """截至 the sending day, on the register of its date; a register a week old or more says so."""
    text = f"截至{chinese_date(day)}（依据{chinese_date(register_day)}的督办台账）"
    age = (pd.Timestamp(day) - pd.Timestamp(register_day)).days
    if age >= STALE_DAYS:
        text += f"。注意：最新台账已是 {age} 天前的，其后办结的事项不在其中"
    return text


def department_message(dept: str, items: pd.DataFrame, day, register_day, institution: str) -> Message:
    """One department's overdue and 临期 items (as `watched` gives them) on the sending day."""
    overdue, near = items[items["remind_stage"] != NEAR], items[items["remind_stage"] == NEAR]
    parts = [f"**【督办提醒】{escape(dept)}**",
             f"{basis(day, register_day)}，你科室牵头的督办事项（不论交办年度，含以前年度结转未办结的）中："]
    if len(overdue):
        parts += [f"**逾期未办结 {len(overdue)} 项**"] + [_line(n, i) for n, (_, i) in enumerate(overdue.iterrows(), 1)]
    if len(near):
        parts += [f"**临期 {len(near)} 项**"] + [_line(n, i) for n, (_, i) in enumerate(near.iterrows(), 1)]
    parts.append(f"请抓紧办理，并将进展书面报告督办办公室。——{escape(institution)}督办办公室")
    title = f"督办提醒：{dept} 逾期 {len(overdue)} 项、临期 {len(near)} 项"
    return Message(dept, title, "\n\n".join(parts), tuple(zip(items["item_key"], items["remind_stage"])))


def office_summary(items: pd.DataFrame, day, register_day, institution: str) -> Message:
    """Counts by stage and the departments at 约谈督查 or above on the sending day, for the office's own group."""
    counts = items["remind_stage"].value_counts()
    parts = [f"**【督办汇总】{escape(institution)}**",
             f"{basis(day, register_day)}，全部未办结事项（不论交办年度，含以前年度结转）中："]
    if (pd.Timestamp(day) - pd.Timestamp(register_day)).days >= STALE_DAYS:
        parts.append("请尽快上传本周台账。")
    parts += [f"- {stage}：{int(counts[stage])} 项" for stage in [*reversed(STAGES), NEAR] if stage in counts]
    serious = items[items["remind_stage"].isin(SERIOUS)].groupby("lead_dept").size().sort_values(ascending=False)
    if len(serious):
        parts.append("**约谈督查及以上的科室**：" + "、".join(f"{escape(d)}（{n} 项）" for d, n in serious.items()))
    title = f"督办汇总：逾期 {int((items['remind_stage'] != NEAR).sum())} 项、临期 {int(counts.get(NEAR, 0))} 项"
    return Message(None, title, "\n\n".join(parts), (("汇总", f"{pd.Timestamp(day):%Y-%m-%d}"),))


def split(message: Message, limit: int) -> list[tuple[str, str]]:
    """(title, text) parts each within `limit` UTF-8 bytes, cut between lines; numbered when there are several."""
    parts, current = [], ""
    for line in message.text.split("\n\n"):
        while len(line.encode()) > limit:  # a single line too long for any message: cut it
            cut = limit // 4
            parts, current = parts + ([current] if current else []) + [line[:cut]], ""
            line = line[cut:]
        joined = f"{current}\n\n{line}" if current else line
        if len(joined.encode()) > limit:
            parts.append(current)
            joined = line
        current = joined
    parts.append(current)
    if len(parts) == 1:
        return [(message.title, parts[0])]
    return [(f"{message.title}（{n}/{len(parts)}）", text) for n, text in enumerate(parts, 1)]
