"""What goes into each document (the template's fields), from an analysis: pure functions of DataFrames.

督办通知单 (seed 000 四(一)): the items given to a department with 反馈时限 and 办理时限; 催办通知单 (四(三), 六,
seed 002 第七条): a department's overdue items, their stage and measure, the date to reply by; 督办工作通报
(四(四)): the week's figures against last week's, the ranking, what became overdue, escalated or was completed.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd

from duban.config import Config
from duban.output.labels import percent
from duban.compute.periods import chinese_date
from duban.compute.escalation import STAGE_ACTIONS, reminder_list
from duban.compute.leaders import outside_scope
from duban.compute.trends import KPI_LABELS, kpis, week_over_week

CRITICISED = ("通报批评", "分管领导约谈")


def _common(config: Config, as_of, today: dt.date | None) -> dict:
    today = today or dt.date.today()
    return {"institution": config.institution_name, "office": f"{config.institution_name}督办办公室",
            "doc_number": f"督办〔{today.year}〕　　号", "date_cn": chinese_date(today),
            "as_of_cn": chinese_date(as_of)}


def _text(value) -> str:
    return "" if value is None or (not isinstance(value, list) and pd.isna(value)) else str(value)


def _feedback(item: pd.Series, config: Config) -> str:
    days = config.feedback_workdays_complex if item.get("complexity") == "complex" else config.feedback_workdays_simple
    when = chinese_date(item.get("feedback_due"))
    return f"{when}前（交办后 {days} 个工作日内）" if when else f"交办后 {days} 个工作日内"


def assignment_notice(items: pd.DataFrame, dept: str, config: Config, as_of, today: dt.date | None = None) -> dict:
    """督办通知单 fields for some items of one lead department."""
    rows = [{"title": _text(item["title"]), "item_id": _text(item["item_id"]), "source": _text(item["source"]),
             "lead_dept": _text(item["lead_dept"]), "leader": _text(item["leader"]),
             "co_depts": "、".join(item["co_depts"]) if isinstance(item["co_depts"], list) and item["co_depts"]
             else "无", "assigned": chinese_date(item["assigned_date"]), "feedback_due": _feedback(item, config),
             "due": chinese_date(item["due_date"]) or "长期推进（无固定时限）"} for _, item in items.iterrows()]
    return {**_common(config, as_of, today), "dept": dept, "items": rows}


def overdue_by_department(items: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Each lead department's overdue open items, most severe stage first (departments by name)."""
    overdue = reminder_list(items)
    overdue = overdue[overdue["overdue"].astype(bool)]
    return {dept: group for dept, group in sorted(overdue.groupby("lead_dept"), key=lambda pair: pair[0])}


def reminder_notice(overdue: pd.DataFrame, dept: str, config: Config, as_of, reply_by, today: dt.date | None = None,
                    ) -> dict:
    """催办通知单 fields for one department's overdue items (as overdue_by_department gives them)."""
    rows = [{"title": _text(item["title"]), "item_id": _text(item["item_id"]), "due": chinese_date(item["due_date"]),
             "overdue_workdays": int(item["overdue_workdays"]), "stage": item["stage"],
             "action": STAGE_ACTIONS.get(item["stage"], "")} for _, item in overdue.iterrows()]
    counts = overdue["stage"].value_counts()
    measures = [{"stage": stage, "count": int(counts[stage]), "action": STAGE_ACTIONS[stage].split("：", 1)[-1]}
                for stage in dict.fromkeys(overdue["stage"])]  # the action without its stage name again
    return {**_common(config, as_of, today), "dept": dept, "reply_by_cn": chinese_date(reply_by),
            "items": rows, "measures": measures}


def _line(item: pd.Series) -> str:
    due = chinese_date(item.get("due_date"))
    tail = f"，逾期 {int(item['overdue_workdays'])} 个工作日" if item.get("overdue") else ""
    stage = f"，{item['stage']}" if item.get("stage") in CRITICISED or item.get("overdue") else ""
    dept = _text(item.get("lead_dept")) or "未填科室"
    return f"{dept}：{_text(item.get('title'))}（办结时限 {due or '无'}{tail}{stage}）"


def _shown(value, key: str) -> str:
    if value is None:
        return "—"
    return percent(value) if key.endswith("rate") else str(value)


def _change(now, before, key: str) -> str:
    if now is None or before is None:
        return "—"
    change = now - before
    if abs(change) < 1e-9:
        return "持平"
    return f"{change:+.1%}" if key.endswith("rate") else f"{change:+d}"


def _summary(now: dict, before: dict | None, changes: dict, ranking: pd.DataFrame, institution: str) -> list[str]:
    """Short sentences a leader reads first."""
    sentences = [f"本周{institution}共有督办事项 {now['total']} 项，已办结 {now['done']} 项，办结率 "
                 f"{_shown(now['completion_rate'], 'rate')}，按时办结率 {_shown(now['on_time_rate'], 'rate')}。"]
    overdue = f"逾期未办结 {now['overdue_open']} 项"
    if before is not None:
        delta = now["overdue_open"] - before["overdue_open"]
        overdue += "，与上周持平" if delta == 0 else f"，比上周{'增加' if delta > 0 else '减少'} {abs(delta)} 项"
    sentences.append(f"{overdue}；临期 {now['near_due']} 项。")
    if changes:
        sentences.append(f"本周新增逾期 {len(changes['newly_overdue'])} 项，督办升级 {len(changes['escalated'])} 项，"
                         f"办结 {len(changes['completed'])} 项。")
    low = ranking[ranking["score"].notna() & (ranking["score"] < 100)].sort_values("score").head(3)
    if not low.empty:
        names = "、".join(f"{d}（{s:g} 分）" for d, s in zip(low["dept"], low["score"]))
        sentences.append(f"得分较低的科室：{names}，请分管领导督促落实。")
    return sentences


def weekly_bulletin(items: pd.DataFrame, departments: pd.DataFrame, previous: pd.DataFrame | None, config: Config,
                    as_of, today: dt.date | None = None) -> dict:
    """督办工作通报 fields: this week's items and ranking, against last week's items when known."""
    now, before = kpis(items), (kpis(previous) if previous is not None else None)
    changes = week_over_week(items, previous) if previous is not None else {}
    figures = [{"label": label, "now": _shown(now[key], key), "before": _shown(before[key], key) if before else "—",
                "change": _change(now[key], before[key], key) if before else "—"} for key, label in KPI_LABELS.items()]
    ranked = departments[departments["score"].notna()].sort_values("rank")
    ranking = [{"rank": int(r["rank"]), "dept": r["dept"], "score": f"{r['score']:g}", "grade": r["grade"],
                "overdue_open": int(r["overdue_open"])} for _, r in ranked.iterrows()]
    open_items = items[items["status"] != "cancelled"]
    criticised = open_items[open_items["stage"].isin(CRITICISED)].sort_values(["lead_dept", "overdue_workdays"])
    return {**_common(config, as_of, today), "summary": _summary(now, before, changes, ranked, config.institution_name),
            "figures": figures, "ranking": ranking,
            **{name: [{"line": _line(item)} for _, item in changes.get(name, pd.DataFrame()).iterrows()]
               for name in ("newly_overdue", "escalated", "completed")},
            "criticised": [{"line": _line(item)} for _, item in criticised.iterrows()],
            "leader_scope": [{"line": f"{_line(item)}，分管领导 {_text(item.get('leader'))}"}
                             for _, item in open_items[outside_scope(open_items, config)].iterrows()]}
