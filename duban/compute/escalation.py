"""Overdue, lights and escalation stages as of a date (rules.md §5)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from duban.compute.calendar import WorkCalendar
from duban.config import STAGES, Config
from duban.clean.values import word_masks

RED, YELLOW, GREEN = "红", "黄", "绿"
NORMAL, NEAR_DUE = "正常", "临期"
STAGE_ORDER: tuple[str, ...] = (NORMAL, NEAR_DUE, *STAGES)
STAGE_SEVERITY: dict[str, int] = {stage: rank for rank, stage in enumerate(STAGE_ORDER)}  # 正常 0 … 分管领导约谈 6
# What each stage asks of the office (seed 000 四/六, seed 002 第七条).
STAGE_ACTIONS: dict[str, str] = {
    NEAR_DUE: "提醒承办科室按期办结",
    "电话催办": "电话督查：电话联系承办科室负责人，督促按时办结",
    "发函督查": "发函督查：发出《督办通知单》书面督促办结",
    "约谈督查": "约谈督查：约请承办科室负责人汇报办理情况",
    "通报批评": "通报批评：在全院范围内通报，并限期办结",
    "分管领导约谈": "分管领导约谈：由分管院领导约谈科室负责人",
}


def escalate(frame: pd.DataFrame, as_of: pd.Timestamp, calendar: WorkCalendar, config: Config) -> pd.DataFrame:
    """Add overdue, overdue_workdays, on_time, light and stage to a frame with due dates."""
    due, status = frame["due_date"], word_masks(frame["status"], ("open", "returned", "done"))
    as_of_col = pd.Series(as_of, index=frame.index)
    tracked = (status["open"] | status["returned"]) & due.notna()
    overdue = tracked & (due < as_of)
    late_open = calendar.workdays_between(due, as_of_col).where(overdue, 0)
    remaining = calendar.workdays_between(as_of_col, due)
    done = status["done"]
    completed = frame["completed_date"]
    judged = done & due.notna() & completed.notna()
    on_time = pd.Series(np.where(judged, completed <= due, None), index=frame.index, dtype=object)
    late_done = calendar.workdays_between(due, completed).where(judged & (completed > due), 0)
    light = np.select([overdue, tracked & (remaining <= config.near_due_workdays), tracked],
                      [RED, YELLOW, GREEN], default=None)
    stage = np.select([overdue, tracked & (light == YELLOW), tracked],
                      [_stages(late_open, config), NEAR_DUE, NORMAL], default=None)
    return frame.assign(
        overdue=overdue.astype(bool), overdue_workdays=(late_open + late_done).astype("int64"),
        on_time=on_time, light=pd.Series(light, index=frame.index, dtype=object),
        stage=pd.Series(stage, index=frame.index, dtype=object))


def _stages(overdue_workdays: pd.Series, config: Config) -> np.ndarray:
    """The highest stage whose threshold the overdue working days reach."""
    thresholds = np.array([config.stage_thresholds[s] for s in STAGES])
    reached = np.searchsorted(thresholds, overdue_workdays.to_numpy(), side="right") - 1
    return np.array(STAGES, dtype=object)[reached.clip(0, len(STAGES) - 1)]


def most_severe_first(items: pd.DataFrame) -> pd.DataFrame:
    """Items by stage, most severe first, then by overdue working days (most first), then lead department."""
    ordered = items.assign(_severity=items["stage"].map(STAGE_SEVERITY)).sort_values(
        ["_severity", "overdue_workdays", "lead_dept"], ascending=[False, False, True], kind="stable")
    return ordered.drop(columns="_severity")


def reminder_list(items: pd.DataFrame) -> pd.DataFrame:
    """Overdue and 临期 items, most severe stage first, with the action each stage calls for (催办清单)."""
    watched = most_severe_first(items[items["stage"].isin([NEAR_DUE, *STAGES])])
    return watched.assign(action=watched["stage"].map(STAGE_ACTIONS)).reset_index(drop=True)
