"""督办预警: overdue and 临期 items grouped by stage, with the action each calls for; 催办清单 download."""
from __future__ import annotations

import streamlit as st

from duban.compute.escalation import STAGE_ACTIONS, reminder_list
from duban.output.labels import items_for_display
from webui import auth, data, reminding, shell, widgets

# Within a stage's group: what the item is first (a phone shows the first columns), the stage itself left out.
COLUMNS = ["title", "lead_dept", "overdue_workdays", "accountable", "progress", "due_date", "leader", "item_id",
           "status"]

shell.enter(__file__)
register, result = widgets.open_register("督办预警")
if result is not None:
    widgets.leader_scope_warning(result)
    items = data.with_accountable(result.items, data.accountable_rows(register))
    reminders = reminder_list(items)  # a leader's own items while the sidebar switch says so
    workbook = data.reminder_workbook(register, data.rules(), widgets.scope_leader(result.items))
    st.download_button("下载催办清单（.xlsx）", workbook, key="download_reminders",
                       file_name=f"催办清单_{result.as_of:%Y%m%d}.xlsx", disabled=reminders.empty,
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       on_click=auth.log, args=("export", f"催办清单 {result.as_of:%Y-%m-%d}"))
    if auth.current_user().role == "office":
        reminding.send_panel(register)
    if auth.current_user().role == "office" and reminders["overdue"].astype(bool).any():
        st.page_link("app_pages/documents.py", label="生成各科室的催办通知单（Word，可按科室选择、下载 .zip）",
                     icon=":material/description:")
    if reminders.empty:
        st.success("没有逾期或临期的事项。")
    for stage, group in reminders.groupby("stage", sort=False):
        with st.expander(f"{stage}（{len(group)} 项）", expanded=stage in ("分管领导约谈", "通报批评")):
            st.markdown(f"**督办措施：** {STAGE_ACTIONS[stage]}")
            widgets.table(items_for_display(group, COLUMNS), key=f"stage_{stage}")
