"""部门绩效: ranking table and chart with filters, and one department's items with their lights."""
from __future__ import annotations

import streamlit as st

from duban.pipeline import work_calendar
from duban.compute.assessment import carried_over_marks, department_table, in_period
from duban.compute.leaders import leaders_named, naming_any
from duban.compute.periods import scope_basis
from duban.output.labels import departments_for_display, items_for_display
from webui import attention, auth, charts, data, history, shell, widgets
from webui.text import plain

shell.enter(__file__)
register, result = widgets.open_register("部门绩效")
if result is not None:
    history.stale_notice()
    start, end = widgets.period_picker(result, key="dept")
    items = result.items
    left, right = st.columns(2)
    options = leaders_named(items)
    mine = auth.current_user().leader  # a leader's account opens on the departments they oversee
    leaders = left.multiselect("分管领导", options, default=[mine] if mine in options else [], key="dept_leaders",
                               placeholder="全部分管领导")
    sources = right.multiselect("事项来源", sorted(items["source"].dropna().unique()), key="dept_sources",
                                placeholder="全部来源")
    if leaders:
        items = items[naming_any(items, leaders)]  # 张志强、李明: an item of each
    if sources:
        items = items[items["source"].isin(sources)]
    rules = data.rules()
    config = rules.config()
    table = department_table(items, start, end, work_calendar(config, rules.overrides()), config)
    st.caption(f"考核范围：{scope_basis(start, end)}（交办日期 {start or '最早'} 至 {end or '最新'}）；"
               "已撤销事项不计入；无事项的科室列出但不排名。")

    attention.needs_attention(table, items, start, end)

    st.subheader("排名")
    shown = departments_for_display(table)
    widgets.table(shown, key="ranking_table")
    st.plotly_chart(charts.ranking_chart(table), key="ranking_chart", config=charts.PLOTLY_CONFIG)

    st.subheader("科室事项明细")
    depts = list(shown["承办科室"])
    worst = attention.worst_first(table)["dept"].tolist()  # opens on the department that needs it most
    first = depts.index(worst[0]) if worst else 0
    dept = st.selectbox("选择科室", depts, index=first, key="dept_drill") if depts else None
    if dept:
        mine = items[(items["lead_dept"] == dept) & in_period(items, start, end)]
        co_count = int(table.loc[table["dept"] == dept, "co_dept_items"].iloc[0])  # same scope as the ranking
        columns = ["light", "stage", "item_id", "title", "assigned_date", "due_date", "status", "completed_date",
                   "overdue_workdays", "leader", "progress"]
        shown_items = items_for_display(mine, columns)
        shown_items.insert(0, "结转", carried_over_marks(mine, start).to_numpy())  # counted from an earlier year
        widgets.table(shown_items, key="drill_table")
        st.caption(f"{plain(dept)}牵头事项 {len(mine)} 项；本期间作为协办科室参与 {co_count} 项"
                   "（不含已撤销，协办不计分）。")
        weeks = history.department_history(dept)
        if len(weeks) >= 2:
            st.plotly_chart(charts.department_history_chart(weeks, dept), key="dept_history_chart",
                            config=charts.PLOTLY_CONFIG)
            st.caption("各周情况按每周台账的全部事项计算（不受上面考核期间和筛选的影响）。")
