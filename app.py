"""督办看板 — entry point: page config and the navigation built from pages/."""
from __future__ import annotations

import streamlit as st

st.set_page_config(page_title="督办看板", page_icon="📋", layout="wide")

PAGES = [
    st.Page("pages/overview.py", title="总览", icon=":material/dashboard:", default=True),
    st.Page("pages/departments.py", title="部门绩效", icon=":material/leaderboard:"),
    st.Page("pages/escalation.py", title="督办预警", icon=":material/notification_important:"),
    st.Page("pages/export.py", title="考核导出", icon=":material/download:"),
    st.Page("pages/upload.py", title="上传台账", icon=":material/upload_file:"),
    st.Page("pages/settings.py", title="规则设置", icon=":material/tune:"),
]

st.navigation(PAGES).run()
