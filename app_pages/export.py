"""考核导出: preview the 考核评议表 for a period and download it as a print-ready .xlsx."""
from __future__ import annotations

import streamlit as st

from duban.compute.periods import period_label
from duban.output.labels import departments_for_display
from webui import auth, data, shell, widgets
from webui.text import plain

shell.enter(__file__)
register, result = widgets.open_register("考核导出")
if result is not None:
    start, end = widgets.period_picker(result, key="export")
    scoped = widgets.load(register, start, end)
    if scoped is not None:
        institution = data.office_config().institution_name
        label = period_label(start, end)
        st.subheader(f"{plain(institution)}{label}部门督办工作考核评议表")
        st.caption(f"统计截至 {scoped.as_of:%Y-%m-%d}。导出的工作簿含考核评议汇总（含得分图、评议意见栏和签字栏，"
                   "A4 横向打印）、事项明细和逾期事项三张工作表。")
        widgets.table(departments_for_display(scoped.departments))
        workbook = data.assessment_workbook(register, start, end, data.rules())
        st.download_button("下载考核评议表（.xlsx）", workbook, type="primary",
                           file_name=f"考核评议表_{label}_{scoped.as_of:%Y%m%d}.xlsx", key="download_assessment",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                           on_click=auth.log, args=("export", f"考核评议表 {label}"))
