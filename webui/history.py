"""The stored weeks on the pages: figures by week, the notice (and button) when weeks follow old rules."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from duban.storage import history
from webui import auth, data, widgets


def weekly_figures(scope: str | None) -> pd.DataFrame:
    """The six figures of every analysed week, oldest first (scope: one 分管领导's items, or all)."""
    figures = history.weekly_figures(data.engine(), scope or "")
    return figures.assign(as_of=pd.to_datetime(figures["as_of"]))


def department_history(dept: str) -> pd.DataFrame:
    """A department's score, overdue count and on-time rate in every analysed week, oldest first."""
    from duban.storage.timeline import department_history as stored

    return stored(data.engine(), dept)


def stale_notice() -> None:
    """Say when stored weeks were computed under other rules; the office may recompute them here."""
    rules = data.rules()
    stale = history.stale_registers(data.engine(), rules.key())
    if stale["rules_key"].isna().any():  # weeks stored before analyses were kept: analysed once, for anyone
        recompute(rules, only_missing=True)
        stale = history.stale_registers(data.engine(), rules.key())
    if stale.empty:
        return
    user = auth.current_user()
    office = user is not None and user.role == "office"
    then = "可点击下方按钮按当前规则重新计算。" if office else "督办办公室重新计算后即更新。"
    st.warning(f"有 {len(stale)} 周已保存的台账还是按修改前的规则（或尚未）计算的，"
               f"趋势和历史数字暂按旧结果显示；{then}", icon=":material/history:")
    if office and st.button("按当前规则重新计算", key="recompute"):
        recompute(rules)
        st.rerun()


def recompute(rules: data.Rules, only_missing: bool = False) -> int:
    """Recompute every stale (or never analysed) week with a progress bar; returns how many were done."""
    bar = st.progress(0.0, text="正在计算已保存各周的统计……")

    def analyse(content: bytes, filename: str, as_of):
        return data.analysis(content, filename, as_of, None, None, rules)

    def report(done: int, total: int) -> None:
        bar.progress(done / total, text=f"已重新计算 {done}/{total} 周")

    done = history.recompute(data.engine(), analyse, rules.key(), report, only_missing)
    bar.empty()
    if done:
        auth.log("recompute", f"{'首次计算' if only_missing else '按当前规则重新计算'} {done} 周")
    return done


def compared_weeks(register: data.Register, items: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """This week's and last week's items for the comparison (a leader's own while scoped).

    Stored weeks are read with each item's identity (so a row without 督办编号 is matched too); a week never
    analysed into the database is analysed from its file.
    """
    weeks = data.stored_weeks()
    if register.is_sample:
        return items, None
    older = weeks[pd.to_datetime(weeks["as_of"]) < pd.Timestamp(register.as_of)]
    if older.empty:
        return items, None
    last = data.register_for(older.iloc[0])
    previous = data.stored_items(last)
    if previous is None:
        loaded = widgets.load(last)
        previous = None if loaded is None else loaded.items
    current = data.stored_items(register)
    if current is None or previous is None or "item_key" not in previous:
        current = items
    return widgets.scoped(current), None if previous is None else widgets.scoped(previous)
