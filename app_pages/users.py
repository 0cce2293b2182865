"""用户与日志 (office): accounts and roles, and the audit log with filters."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from duban.storage import accounts, database
from duban.storage.accounts import ROLES, AccountError
from webui import auth, data, shell, widgets
from webui.text import plain

shell.enter(__file__)
st.title("用户与日志")
st.subheader("用户")
NO_LEADER = "（不关联）"
users = accounts.load_accounts(data.engine())
me = auth.current_user().name
widgets.table(pd.DataFrame([{"用户名": a.name, "角色": ROLES[a.role], "关联分管领导": a.leader or "—"}
                            for a in users.values()]))
with st.form("add_user_form", clear_on_submit=True):
    st.markdown("**添加用户**（院领导可关联分管领导姓名，部门页面将默认显示其分管的科室）")
    left, middle, right = st.columns(3)
    name = left.text_input("用户名", key="new_user_name")
    role = middle.selectbox("角色", list(ROLES), format_func=ROLES.get, key="new_user_role")
    leader = right.selectbox("关联分管领导（可选，取自台账）", [NO_LEADER, *data.known_leaders()],
                             key="new_user_leader")
    password = st.text_input("初始密码（至少 8 位）", type="password", key="new_user_password")
    if st.form_submit_button("添加"):
        try:
            linked = None if leader == NO_LEADER or role != "leader" else leader
            accounts.add_account(name, role, password, linked, by=me, engine=data.engine())
            st.success(f"已添加用户“{plain(name)}”。")
        except AccountError as exc:
            st.error(plain(exc))
removable = [n for n in users if n != me]
if removable:
    left, right = st.columns([3, 1])
    target = left.selectbox("删除用户", removable, key="remove_user")
    if right.button("删除", key="remove_user_button"):
        try:
            accounts.remove_account(target, by=me, engine=data.engine())
            st.success(f"已删除用户“{plain(target)}”。")
        except AccountError as exc:
            st.error(plain(exc))

st.subheader("操作日志")
entries = database.audit_entries(data.engine(), limit=5000)
left, middle, first, last = st.columns([2, 2, 1, 1])
chosen_users = left.multiselect("用户", sorted(entries["user"].unique()), key="audit_users", placeholder="全部用户")
chosen_actions = middle.multiselect("操作", list(database.ACTION_LABELS), format_func=database.ACTION_LABELS.get,
                                    key="audit_actions", placeholder="全部操作")
start = widgets.date_box("起始日期", None, "audit_start", first)
end = widgets.date_box("结束日期", None, "audit_end", last)
shown = database.filter_audit(entries, chosen_users, chosen_actions, start, end)
widgets.table(shown.assign(action=shown["action"].map(lambda a: database.ACTION_LABELS.get(a, a)))
              .rename(columns={"at": "时间", "user": "用户", "action": "操作", "detail": "说明"})
              .drop(columns=["id"]), key="audit_table")
