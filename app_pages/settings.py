"""规则设置: thresholds, weights, grade bands, the office's vocabularies and calendar overrides."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from duban import paths
from duban.pipeline import work_calendar
from duban.compute.calendar import overrides_from_rows, save_overrides
from duban.config import GRADES, STAGES, from_mapping, save_config, to_mapping
from duban.errors import DubanError
from webui import auth, channels, data, shell, vocabulary
from webui.text import plain

shell.enter(__file__)
st.title("规则设置")
rules = data.rules()
try:
    config, overrides = rules.config(), rules.overrides()
except DubanError as exc:
    st.error(f"现有规则文件有误：{plain(exc)}。请修正下方内容后保存。")
    config, overrides = from_mapping({}), []

known = sorted(work_calendar(config, overrides).known_years)  # built once per rule set, not on every rerun
this_year = dt.date.today().year
if this_year + 1 not in known:
    st.warning(f"节假日数据覆盖 {known[0]}–{max(y for y in known if y < 2100)} 年。{this_year + 1} 年尚未覆盖，"
               "该年按周一至周五计算工作日；国务院放假通知发布后，请在下方“节假日调整”中录入并勾选该年份。", icon="⚠️")

with st.form("rules_form"):
    name = st.text_input("机构名称", config.institution_name, key="institution_name")
    left, middle, right = st.columns(3)
    simple = left.number_input("反馈时限：难度较小（工作日）", 1, 30, config.feedback_workdays_simple, key="fb_simple")
    complex_ = middle.number_input("反馈时限：难度较大（工作日）", 1, 30, config.feedback_workdays_complex,
                                   key="fb_complex")
    near = right.number_input("临期提醒（剩余工作日 ≤）", 0, 30, config.near_due_workdays, key="near_due")
    left, middle, right = st.columns(3)
    remind_before = left.number_input("催办提醒：办结时限前几个工作日起提醒", 0, 60, config.remind_before_workdays,
                                      key="remind_before")
    reply = middle.number_input("催办通知单：回复时限（工作日）", 1, 60, config.reply_workdays, key="reply_days")
    session = right.number_input("记住登录（小时，0 为每次刷新重新登录）", 0, 2160, config.session_hours,
                                 key="session_hours")
    st.markdown("**督办阶段**：逾期工作日达到下列天数进入该阶段；逾期未办结事项按阶段扣分。")
    stages = pd.DataFrame({"阶段": STAGES, "逾期工作日 ≥": [config.stage_thresholds[s] for s in STAGES],
                           "扣分": [config.stage_weights[s] for s in STAGES]})
    stages = st.data_editor(stages, disabled=["阶段"], hide_index=True, key="stages_editor")
    late = st.number_input("逾期办结每项扣分", 0.0, 100.0, float(config.late_done_weight), key="late_weight")
    bands = st.columns(3)
    grade_values = {g: col.number_input(f"{g} ≥ 分", 0.0, 100.0, float(config.grade_bands[g]), key=f"band_{g}")
                    for g, col in zip(GRADES, bands)}
    words = vocabulary.editors(config)
    st.markdown("**节假日调整**：类型“休”为不上班（节假日、单位闭馆），“班”为调休上班。")
    days = pd.DataFrame([(o.day, o.kind, o.note) for o in overrides], columns=["日期", "类型", "说明"])
    days = st.data_editor(days, num_rows="dynamic", hide_index=True, key="overrides_editor", column_config={
        "日期": st.column_config.DateColumn(format="YYYY-MM-DD"),
        "类型": st.column_config.SelectboxColumn(options=["休", "班"])})
    years = st.multiselect("已录入国务院放假通知的年份", list(range(2027, 2036)),
                           default=[y for y in config.calendar_confirmed_years if 2027 <= y <= 2035], key="years",
                           placeholder="尚无")
    submitted = st.form_submit_button("保存规则", type="primary")

if submitted:
    try:
        values = to_mapping(config) | {
            "institution_name": name, "feedback_workdays_simple": int(simple),
            "feedback_workdays_complex": int(complex_), "near_due_workdays": int(near), "late_done_weight": late,
            "remind_before_workdays": int(remind_before), "reply_workdays": int(reply), "session_hours": int(session),
            "stage_thresholds": dict(zip(stages["阶段"], stages["逾期工作日 ≥"].astype(int))),
            "stage_weights": dict(zip(stages["阶段"], stages["扣分"].astype(float))), "grade_bands": grade_values,
            "calendar_confirmed_years": years, **vocabulary.values(words)}
        new_config = from_mapping(values)
        cells = [["" if pd.isna(d) else pd.Timestamp(d).date().isoformat(), k if isinstance(k, str) else "",
                  n if isinstance(n, str) else ""] for d, k, n in days.dropna(how="all").itertuples(index=False)]
        new_overrides = overrides_from_rows(cells)
    except (DubanError, ValueError, TypeError) as exc:
        st.error(f"未保存：{plain(exc)}")
    else:
        save_config(new_config, paths.config_path())
        save_overrides(new_overrides, paths.overrides_path())
        auth.log("settings", f"机构名称={new_config.institution_name}；节假日调整 {len(new_overrides)} 天")
        st.success("规则已保存，各页面将按新规则重新计算。")

channels.editor(data.known_departments())
