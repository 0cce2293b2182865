"""Widgets every page shares: the register picker, banners, KPI cards, the period picker."""
from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd
import streamlit as st

from duban.fields import FIELD_BY_NAME
from duban.pipeline import Analysis
from duban.errors import DubanError
from duban.output.labels import LIGHT_COLOURS, inert_table, percent
from duban.clean.dates import parse_day
from duban.compute.periods import PRESETS, default_preset, period_range
from duban.compute.trends import KPI_LABELS
from duban.compute.calendar import fallback_notice
from duban.compute.leaders import leader_mask, leader_scope_table, leaders_named, overseen
from webui import auth, data
from webui.text import plain


def pick_register() -> data.Register:
    """Sidebar choice of the stored week to look at (newest by default); the sample when none is stored."""
    weeks = data.stored_weeks()
    if weeks.empty:
        user = auth.current_user()
        office = user is not None and user.role == "office"
        where = "请在“上传台账”页面上传本周台账。" if office else "督办办公室上传本周台账后即显示真实数据。"
        st.sidebar.info(f"尚未保存任何台账，当前显示示例台账。{where}")
        return data.register_for(None)
    labels = [f"{pd.Timestamp(w):%Y-%m-%d}" for w in weeks["as_of"]]
    choice = st.sidebar.selectbox("台账（统计截至）", range(len(weeks)), format_func=lambda i: labels[i], key="week")
    return data.register_for(weeks.iloc[choice])


def open_register(title: str) -> tuple[data.Register, Analysis | None]:
    """The page title, the register picked in the sidebar, its analysis (None after an error) and banners.

    A leader linked to a 分管领导 sees the items of the departments they oversee, unless they switch it off.
    """
    st.title(title)
    register = pick_register()
    result = load(register)
    if result is not None:
        banners(register, result)
        every = result.items
        result = dataclasses.replace(result, items=scoped(every, ask=True))
        scope_banner(every, result.items)
        if result.fallback_years:
            calendar_caption(result.fallback_years, result.items)
    return register, result


def _show_all(value: bool) -> None:
    st.session_state["only_mine"] = not value


def scope_banner(every: pd.DataFrame, shown: pd.DataFrame) -> None:
    """Above the figures: a leader's view filtered to their own 分管 items says so, with one tap to see all
    (and the way back)."""
    mine = _own_leader(every)
    if mine is None:
        return
    counted = (int((frame["status"] != "cancelled").sum()) for frame in (shown, every))  # as 总事项 counts
    n_shown, n_every = counted
    left, right = st.columns([3, 1], vertical_alignment="center")
    if len(shown) < len(every):
        left.info(f"只显示{plain(mine)}分管的 {n_shown} 项（全部 {n_every} 项，均不含已撤销）。",
                  icon=":material/filter_alt:")
        right.button("查看全部事项", key="scope_all", on_click=_show_all, args=(True,))
    else:
        left.caption(f"显示全部 {n_every} 项（不含已撤销）。")
        right.button(f"只看{plain(mine)}分管的", key="scope_mine", on_click=_show_all, args=(False,))


def scope_leader(items: pd.DataFrame, ask: bool = False) -> str | None:
    """The 分管领导 whose items the signed-in leader sees now (None: every item); ask shows the sidebar switch."""
    mine = _own_leader(items)
    if mine is None:
        return None
    on = st.sidebar.toggle(f"只看{plain(mine)}分管的事项", value=True, key="only_mine") if ask else \
        st.session_state.get("only_mine", True)
    return mine if on else None


def scoped(items: pd.DataFrame, ask: bool = False) -> pd.DataFrame:
    """The signed-in leader's own items (their departments where the config maps them, else the register's
    分管领导 column), while the sidebar switch says so."""
    leader = scope_leader(items, ask)
    return items if leader is None else items[leader_mask(items, leader, _overseen())]


def _overseen() -> dict[str, frozenset[str]]:
    try:
        return overseen(data.office_config())
    except DubanError:  # a rule file that does not read is said where the analysis is loaded
        return {}


def _own_leader(items: pd.DataFrame) -> str | None:
    """The signed-in leader's 分管领导 name when the config maps it or the register names it, else None."""
    user = auth.current_user()
    mine = user.leader if user is not None else None
    known = mine is not None and (mine in _overseen() or mine in leaders_named(items))
    return mine if known else None


def load(register: data.Register, start: dt.date | None = None, end: dt.date | None = None) -> Analysis | None:
    """The analysis of a register, or None after showing a Chinese error."""
    try:
        return data.analysis(register.content, register.filename, register.as_of, start, end, data.rules())
    except DubanError as exc:
        st.error(plain(exc))
        return None


def banners(register: data.Register, result: Analysis) -> None:
    """Which register is shown, as of when, and the calendar or reading notices."""
    st.caption(f"{plain(register.label)} · 统计截至 {result.as_of:%Y-%m-%d} · 共读取 {result.counts['rows_read']} 行，"
               f"计入 {result.counts['kept']} 项，未计入 {result.counts['left_out']} 行")
    if register.is_sample:
        st.info("这是内置的示例台账，用于展示看板功能。上传并保存本周台账后将显示真实数据。", icon="ℹ️")
    calendar_note = fallback_notice(result.fallback_years) if result.fallback_years else None
    for notice in result.notices:
        if notice != calendar_note:  # said by calendar_caption, once and compactly
            st.warning(plain(notice), icon="⚠️")


def _depends_on(items: pd.DataFrame, years: list[int]) -> bool:
    """Some open item shown is due in one of the years (its working days are counted without the calendar)."""
    open_items = items[items["status"].isin(["open", "returned"])]
    return bool(pd.to_datetime(open_items["due_date"]).dt.year.isin(years).any())


def calendar_caption(years: list[int], items: pd.DataFrame) -> None:
    """Years the official calendar does not cover yet: one compact line, on the first page of the session that
    needs it (it stays there while that page reruns; other pages do not repeat it), with a link to 规则设置 for
    the office, who can add them; for a leader only when an item they see is due in such a year."""
    user = auth.current_user()
    office = user is not None and user.role == "office"
    if not office and not _depends_on(items, years):
        return
    here = (tuple(years), st.session_state.get("current_page"))
    noted = st.session_state.get("calendar_noted")
    if noted is not None and noted[0] == here[0] and noted != here:
        return  # said already, on another page, for the same years
    st.session_state["calendar_noted"] = here
    listed = "、".join(f"{y}年" for y in years)
    if office:
        left, right = st.columns([3, 1], vertical_alignment="center")
        left.caption(f"⚠️ {listed}的法定节假日尚未录入，暂按周一至周五计算工作日。")
        right.page_link("app_pages/settings.py", label="去规则设置补充", icon=":material/tune:")
    else:
        st.caption(f"⚠️ {listed}的法定节假日尚未录入，涉及{listed}的工作日暂按周一至周五计算。")


def leader_scope_warning(result: Analysis) -> None:
    """How many items of the register a 分管领导 assigned outside their departments, and which (when any)."""
    found = leader_scope_table(result.issues, result.items)
    if found.empty:
        return
    st.warning(f"有 {len(found)} 项由分管领导交办给非分管科室（医院督办工作制度 三（一）：分管领导不得向非分管"
               "职能科室签批文件或直接交办工作任务）。", icon=":material/rule:")
    with st.expander(f"查看这 {len(found)} 项"):
        table(found, key="leader_scope_table")


def kpi_cards(figures: dict, previous: dict | None = None) -> None:
    """The six headline figures as metric cards (with the change since last week when known)."""
    columns = st.columns(len(KPI_LABELS))
    for column, (key, label) in zip(columns, KPI_LABELS.items()):
        value = figures[key]
        shown = percent(value) if key.endswith("rate") else f"{value}"
        delta = None
        if previous is not None and previous.get(key) is not None and value is not None:
            change = value - previous[key]
            if abs(change) > 1e-9:
                delta = f"{change:+.1%}" if key.endswith("rate") else f"{change:+d}"
        inverse = key in ("overdue_open", "near_due")
        column.metric(label, shown, delta, delta_color="inverse" if inverse else "normal",
                      help="箭头旁的数是与上一周台账的差（上周之后新录入的已办结事项也算在内）" if delta else None)


def period_picker(result: Analysis, key: str) -> tuple[dt.date | None, dt.date | None]:
    """考核期间 by 交办日期, opening on 本年度 (or on 上年度 while this year is nearly empty)."""
    day = result.as_of.date()
    default = default_preset(result.items, day)
    choice = st.segmented_control("考核期间（按交办日期）", PRESETS, default=default, key=f"{key}_period") or default
    if choice == "自定义":
        return date_range_boxes((dt.date(day.year, 1, 1), day), key=f"{key}_dates")
    return period_range(choice, day)


def date_box(label: str, value: dt.date | None, key: str, container=st) -> dt.date | None:
    """A date typed as offices write it, or None (empty, or unreadable after a Chinese message).

    A text box rather than st.date_input: Streamlit's calendar speaks the browser's language (March, S M T W
    in an English browser) and has no option to set it.
    """
    text = container.text_input(label, f"{value:%Y-%m-%d}" if value else "", key=key, placeholder="例如 2024-03-15")
    if not text.strip():
        return None
    try:
        return parse_day(text)
    except ValueError as exc:
        container.error(str(exc))
        return None


def date_range_boxes(default: tuple[dt.date, dt.date] | None, key: str) -> tuple[dt.date | None, dt.date | None]:
    """起始日期 and 结束日期 side by side; either may stay empty (no bound on that side)."""
    left, right = st.columns(2)
    start = date_box("起始日期", default[0] if default else None, f"{key}_start", left)
    end = date_box("结束日期", default[1] if default else None, f"{key}_end", right)
    if start is not None and end is not None and start > end:
        st.error("起始日期晚于结束日期，请调换后再看。")
        return None, None
    return start, end


KEY_COLUMNS = ("承办科室", "得分", "逾期未办结")
ITEM_KEY_COLUMNS = (FIELD_BY_NAME["title"].display, "逾期工作日")


def _on_a_phone() -> bool:
    return "Mobile" in st.context.headers.get("User-Agent", "")


def _pinned_column(name: str) -> st.column_config.Column:
    # on a phone a long task pinned at its full width would cover the screen and leave nothing to scroll
    narrow = name == FIELD_BY_NAME["title"].display and _on_a_phone()
    return st.column_config.Column(pinned=True, width=180 if narrow else None)


def table(frame: pd.DataFrame, **options) -> None:
    """st.dataframe of a table whose text cells cannot become formulas in the table's own CSV download;
    a 警示灯 column is shown in its colour."""
    if frame.empty:  # Streamlit draws an empty table with the English word "empty"
        st.caption("（无记录）")
        return
    shown = inert_table(frame)
    if "警示灯" in shown.columns:
        shown = shown.style.map(lambda v: f"background-color: {LIGHT_COLOURS[v]}" if v in LIGHT_COLOURS else "",
                                subset=["警示灯"])
    # the key columns stay in view while a phone scrolls the others sideways: the task and its overdue working
    # days in item tables; the department, its score and its overdue count in department tables
    keys = ITEM_KEY_COLUMNS if FIELD_BY_NAME["title"].display in frame.columns else KEY_COLUMNS
    key = [c for c in keys if c in frame.columns]
    if key:
        options.setdefault("column_config", {c: _pinned_column(c) for c in key})
    st.dataframe(shown, hide_index=True, placeholder="", **options)  # a missing value would read "None"
