"""事项追踪: one item week by week — status, 办结时限 and extensions, light, stage, progress — and its marks."""
from __future__ import annotations

import streamlit as st

from webui import data, history, shell, tracking, widgets
from webui.text import plain

shell.enter(__file__)
register, result = widgets.open_register("事项追踪")
if result is not None:
    history.stale_notice()
    stored = data.stored_items(register)
    if stored is None:
        st.info("保存过的各周台账才有历史可追踪。请在“上传台账”页面保存本周台账（示例台账没有历史）。")
        st.stop()
    item = tracking.choose_item(widgets.scoped(stored))
    if item is not None:
        st.subheader(plain(item["title"]) or "（无标题）")
        st.caption(f"{plain(item['lead_dept']) or '—'} · 督办编号 {plain(item['item_id'])} · "
                   f"分管领导 {plain(item['leader']) or '—'}")
        tracking.show_timeline(item["item_key"])
        st.markdown("**追究责任与备注**")
        tracking.show_marks(item["item_key"], item["title"])
