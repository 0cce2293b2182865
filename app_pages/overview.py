"""总览: headline figures, status/stage/source charts, weekly trend and this week against last."""
from __future__ import annotations

import streamlit as st

from duban.output.labels import items_for_display
from duban.compute.trends import kpis, week_over_week
from webui import charts, history, shell, widgets

shell.enter(__file__)
register, result = widgets.open_register("督办工作总览")
if result is not None:
    history.stale_notice()
    widgets.leader_scope_warning(result)
    current, previous = history.compared_weeks(register, result.items)
    widgets.kpi_cards(kpis(result.items), kpis(previous) if previous is not None else None)
    cancelled = int((result.items["status"] == "cancelled").sum())
    if cancelled:
        st.caption(f"总事项不含已撤销的 {cancelled} 项（校验时计入 {result.counts['kept']} 项）。")

    left, right = st.columns(2)
    left.plotly_chart(charts.status_chart(result.items), key="status_chart", config=charts.PLOTLY_CONFIG)
    right.plotly_chart(charts.stage_chart(result.items), key="stage_chart", config=charts.PLOTLY_CONFIG)
    left, right = st.columns(2)
    left.plotly_chart(charts.source_chart(result.items), key="source_chart", config=charts.PLOTLY_CONFIG)
    trend = history.weekly_figures(widgets.scope_leader(result.items))
    if len(trend) >= 2:
        right.plotly_chart(charts.trend_chart(trend), key="trend_chart", config=charts.PLOTLY_CONFIG)
    else:
        right.info("保存两周及以上的台账后，这里显示各周办结率与逾期数的趋势。")

    st.subheader("本周与上周对比")
    if previous is None:
        st.info("没有更早的台账可比较。每周保存一次台账后即可看到新增、办结、新逾期和升级的事项。")
    else:
        changes = week_over_week(current, previous)
        names = {"new": "本周新增", "completed": "本周办结", "newly_overdue": "新增逾期", "escalated": "督办升级"}
        for column, (key, label) in zip(st.columns(4), names.items()):
            column.metric(label, len(changes[key]))
        columns = ["item_id", "title", "lead_dept", "due_date", "status", "stage"]
        for key, label in names.items():
            if len(changes[key]):
                with st.expander(f"{label}（{len(changes[key])} 项）"):
                    widgets.table(items_for_display(changes[key], columns))
