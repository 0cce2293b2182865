"""事项追踪's parts: choosing an item, its week-by-week timeline, and the office's 追究责任 marks and notes."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from duban.output.labels import ITEM_LABELS, STATUS_LABELS
from duban.storage import timeline
from webui import auth, data, widgets
from webui.text import plain

TIMELINE_LABELS = {**ITEM_LABELS, "as_of": "统计截至", "extended_to": "延期至"}


def choose_item(items: pd.DataFrame) -> pd.Series | None:
    """A search box and the matching items, the most overdue first; the chosen item's row."""
    query = st.text_input("查找事项（督办事项、督办编号或承办科室中的文字）", key="track_query",
                          placeholder="例如 消防 或 DB-2024-00012")
    found = items
    if query.strip():
        text = found["title"].fillna("") + " " + found["item_id"].fillna("") + " " + found["lead_dept"].fillna("")
        found = found[text.str.contains(query.strip(), regex=False)]
    if found.empty:
        st.info("没有符合的事项。")
        return None
    found = found.sort_values("overdue_workdays", ascending=False, kind="stable")
    labels = {key: f"{title} · {dept or '—'} · {number}" for key, title, dept, number in
              found[["item_key", "title", "lead_dept", "item_id"]].itertuples(index=False)}
    key = st.selectbox(f"选择事项（{len(found)} 项，逾期最久的在前）", list(labels), format_func=labels.get,
                       key="track_item")
    return found[found["item_key"] == key].iloc[0]


def show_timeline(key: str) -> None:
    """One line per stored week, when the item entered each stage, and its 办结时限 changes."""
    line = timeline.item_timeline(data.engine(), key)
    entered = timeline.stage_entries(line)
    if not entered.empty:
        st.markdown("**进入各督办阶段**：" + "；".join(
            f"{stage} {pd.Timestamp(day):%Y-%m-%d}" for stage, day in entered.itertuples(index=False)))
    for day, before, after in timeline.due_changes(line).itertuples(index=False):
        st.markdown(f"**办结时限变更**：{pd.Timestamp(day):%Y-%m-%d} 的台账中"
                    f"由 {before:%Y-%m-%d} 改为 {after:%Y-%m-%d}")
    shown = line.assign(status=line["status"].map(STATUS_LABELS),
                        as_of=pd.to_datetime(line["as_of"]).dt.strftime("%Y-%m-%d"))
    for name in ("due_date", "extended_to"):
        shown[name] = pd.to_datetime(shown[name]).dt.strftime("%Y-%m-%d").fillna("")
    widgets.table(shown.drop(columns=["title", "lead_dept"]).rename(columns=TIMELINE_LABELS), key="timeline_table")
    st.caption(f"共 {len(line)} 周的台账中有这个事项（按已保存的各周台账）。")


def show_marks(key: str, title: str) -> None:
    """The item's marks and notes; the office may mark or clear 追究责任 and add a note."""
    engine = data.engine()
    marked = key in set(timeline.accountable(engine)["item_key"])
    if marked:
        st.error("该事项已标记“追究责任”（督办工作制度：对未按要求办理的，追究相关责任）。", icon=":material/gavel:")
    marks = timeline.marks_of(engine, key)
    for kind, text, by, at in marks[["kind", "text", "by", "at"]].itertuples(index=False):
        st.markdown(f"- {pd.Timestamp(at):%Y-%m-%d %H:%M} {plain(by)}：**{timeline.MARK_KINDS[kind]}** "
                    f"{plain(text)}")
    user = auth.current_user()
    if user is None or user.role != "office":
        return
    with st.form("mark_form", clear_on_submit=True):
        text = st.text_area("说明或备注", key="mark_text", max_chars=2000)
        left, right = st.columns(2)
        flag = left.form_submit_button("撤销追究责任" if marked else "标记追究责任")
        note = right.form_submit_button("添加备注")
    if flag or note:
        kind = "note" if note else ("cleared" if marked else "accountable")
        try:
            timeline.add_mark(engine, key, kind, text, user.name, title)
        except ValueError as exc:
            st.error(plain(exc))
            return
        st.rerun()
