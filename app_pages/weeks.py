"""台账管理: the stored weeks, each week's versions (restore an older one), the year-end 归档 package and
deleting a week."""
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

st.subheader("年度归档")
st.markdown("一年的督办档案打成一个 .zip：各周台账的全部版本原件、各周分析结果、督办事项档案、年度考核评议表、"
            "操作日志，以及列出每个文件 SHA-256 的目录。生成时不改动已保存的任何内容。")
years = sorted({d.year for d in days}, reverse=True)
left, right = st.columns([1, 3], vertical_alignment="bottom")
year = left.selectbox("年份", years, key="archive_year")
if right.button("生成年度归档", key="build_archive"):
    with st.spinner(f"正在生成 {year} 年度归档……"):
        st.session_state["archive"] = (year, data.year_archive(year, auth.current_user().name))
built = st.session_state.get("archive")
if built is not None and built[0] == year:
    st.download_button(f"下载年度归档（{year}，{len(built[1]) / 1024 / 1024:.1f} MB）", built[1],
                       file_name=f"督办档案_{year}.zip", mime="application/zip", key="download_archive")

st.subheader("删除这一周")
sure = st.checkbox(f"确认删除 {week:%Y-%m-%d} 的全部 {len(versions)} 个版本（无法撤销）", key=f"confirm_delete_{week}")
if st.button("删除这一周的台账", disabled=not sure, key="delete_week"):
    database.delete_week(data.engine(), week, auth.current_user().name)
    st.success(f"已删除 {week:%Y-%m-%d} 的台账。")
    st.rerun()
