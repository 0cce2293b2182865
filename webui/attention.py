"""部门绩效's 需关注: the departments with the lowest scores first, each with its red items and their progress text."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from duban.output.labels import items_for_display
from duban.compute.assessment import in_period
from duban.compute.periods import scope_basis
from webui import widgets
from webui.text import plain

SHOWN = 3
COLUMNS = ["title", "progress", "overdue_workdays", "stage", "due_date", "item_id", "leader"]  # the why first (phones)


def worst_first(table: pd.DataFrame) -> pd.DataFrame:
    """Departments that lost points, lowest score first (ties: more overdue items first)."""
    lost = table[table["score"].notna() & (table["score"] < 100)]
    return lost.sort_values(["score", "overdue_open", "dept"], ascending=[True, False, True], kind="stable")


def needs_attention(table: pd.DataFrame, items: pd.DataFrame, start, end) -> None:
    """The SHOWN worst departments, the worst expanded, each with its overdue (red) items and why."""
    st.subheader("需关注")
    st.caption(f"得分和逾期未办结项数的考核范围：{scope_basis(start, end)}。")
    worst = worst_first(table).head(SHOWN)
    if worst.empty:
        st.success("本期间各科室均未因逾期扣分。")
        return
    scoped = items[in_period(items, start, end) & (items["light"] == "红")]
    for k, (_, dept) in enumerate(worst.iterrows()):
        red = scoped[scoped["lead_dept"] == dept["dept"]].sort_values("overdue_workdays", ascending=False)
        label = (f"{plain(dept['dept'])}：{dept['score']:g} 分（{dept['grade']}），"
                 f"逾期未办结 {int(dept['overdue_open'])} 项")
        with st.expander(label, expanded=k == 0):
            widgets.table(items_for_display(red, COLUMNS), key=f"attention_{k}")
