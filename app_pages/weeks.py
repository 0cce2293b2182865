"""台账管理: the stored weeks, each week's versions (restore an older one), and deleting a week."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from duban.storage import database
from webui import auth, data, history, shell, widgets

shell.enter(__file__)
st.title("台账管理")
history.stale_notice()
weeks = data.stored_weeks()
if weeks.empty:
    st.info("尚未保存任何台账。请在“上传台账”页面上传并保存本周台账。")
    st.stop()
shown = weeks.assign(as_of=pd.to_datetime(weeks["as_of"]).dt.strftime("%Y-%m-%d"),
                     saved_at=pd.to_datetime(weeks["saved_at"]).dt.strftime("%Y-%m-%d %H:%M"))
widgets.table(shown[["as_of", "version", "filename", "saved_by", "saved_at"]].rename(columns={
    "as_of": "统计截至", "version": "当前版本", "filename": "文件名", "saved_by": "保存人", "saved_at": "保存时间"}),
    key="weeks_table")

days = [pd.Timestamp(d).date() for d in weeks["as_of"]]
week = st.selectbox("选择一周", days, format_func=lambda d: f"{d:%Y-%m-%d}", key="manage_week")
versions = database.versions(data.engine(), week)
st.subheader(f"{week:%Y-%m-%d} 的各个版本")
for _, version in versions.iterrows():
    left, right = st.columns([4, 1])
    current = "　**当前**" if version["is_current"] else ""
    left.markdown(f"第{version['version']}版：{version['filename']}（{version['saved_by']}，"
                  f"{pd.Timestamp(version['saved_at']):%Y-%m-%d %H:%M}）{current}")
    if not version["is_current"] and right.button("恢复此版本", key=f"restore_{week}_{version['version']}"):
        database.restore_version(data.engine(), week, int(version["version"]), auth.current_user().name)
        st.success(f"已恢复为第{version['version']}版。")
        st.rerun()

st.subheader("删除这一周")
sure = st.checkbox(f"确认删除 {week:%Y-%m-%d} 的全部 {len(versions)} 个版本（无法撤销）", key=f"confirm_delete_{week}")
if st.button("删除这一周的台账", disabled=not sure, key="delete_week"):
    database.delete_week(data.engine(), week, auth.current_user().name)
    st.success(f"已删除 {week:%Y-%m-%d} 的台账。")
    st.rerun()
