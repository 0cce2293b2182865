"""The upload page's "读取的列": each column with its role, a select box to change it, saved layouts."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from duban.errors import ColumnsNeeded
from duban.fields import DISPLAY, FIELDS, normalize_header
from duban.output.labels import inert_table
from duban.pipeline import Analysis
from duban.reading.roles import WEAK
from duban.storage import layouts
from webui import auth, data
from webui.text import plain

UNUSED = "未使用"
CHOICES = [UNUSED, *(f.display for f in FIELDS)]
ROLE_OF = {f.display: f.name for f in FIELDS}


def _sheet_columns(result: Analysis, sheet: str) -> list[dict]:
    return [c for c in result.columns if c["sheet"] == sheet]


def choices(result: Analysis, upload_id: str) -> dict[str, dict[str, str | None]]:
    """The office's changes of column roles, as layouts by key (empty when nothing was changed).

    One select box per column, inside an expander per sheet; a changed sheet gives a whole layout.
    """
    changed = {}
    for sheet in result.sheets:
        columns = _sheet_columns(result, sheet)
        with st.expander(f"更改工作表“{plain(sheet)}”各列的用途", expanded=False):
            picks = st.columns(3)
            mapping = {}
            for k, column in enumerate(columns):
                shown = DISPLAY.get(column["field"], UNUSED)
                label = f"{column['column']} 列：{column['header']}"
                chosen = picks[k % 3].selectbox(label, CHOICES, index=CHOICES.index(shown),
                                                key=f"role_{upload_id}_{sheet}_{column['column']}")
                mapping[normalize_header(column["header"])] = ROLE_OF.get(chosen)
            if any(mapping[normalize_header(c["header"])] != c["field"] for c in columns):
                changed[result.layout_keys[sheet]] = mapping
    return changed


def table(result: Analysis) -> None:
    """表头 → 识别为 for every sheet read, the unused columns greyed."""
    frame = pd.DataFrame([{"工作表": c["sheet"], "列": c["column"], "表头": c["header"],
                           "识别为": DISPLAY.get(c["field"], UNUSED), "依据": _basis(c)} for c in result.columns])
    if frame.empty:
        return
    def greyed(row: pd.Series) -> list[str]:
        return ["color: #9e9e9e" if row["识别为"] == UNUSED else ""] * len(row)

    grey = inert_table(frame).style.apply(greyed, axis=1)
    st.dataframe(grey, hide_index=True, key="columns_table")


def _basis(column: dict) -> str:
    """How the column's role was decided (表头 / 内容 / 两者), marked when the evidence is weak."""
    if column.get("field") is None or column.get("evidence") is None:
        return ""
    basis = EVIDENCE.get(column["evidence"], "")
    weak = column["evidence"] != "office" and (column.get("confidence") or 0) < WEAK
    return f"{basis}（把握不大，请核对）" if weak else basis


def saved_notice(result: Analysis, saved: set[str]) -> None:
    """Which sheets were read with a saved layout (of the keys saved: not the office's unsaved choice), with a way
    to remove it."""
    for sheet, key in result.layouts_applied.items():
        if key not in saved:
            continue
        left, right = st.columns([4, 1])
        left.info(f"工作表“{sheet}”已按保存的读取方式读取（表头中有这些列的台账都会这样读取）。",
                  icon=":material/push_pin:")
        if right.button("删除此读取方式", key=f"remove_layout_{key}"):
            layouts.remove_layout(data.engine(), key, auth.current_user().name)
            st.rerun()


def save_button(result: Analysis, changed: dict[str, dict[str, str | None]]) -> None:
    """Store the office's column choices as layouts, applied by themselves to later uploads of the same header."""
    if not changed:
        return
    if st.button("保存为此格式的读取方式", key="save_layout"):
        by_key = {key: sheet for sheet, key in result.layout_keys.items()}
        for key, mapping in changed.items():
            headers = [c["header"] for c in _sheet_columns(result, by_key[key])]
            layouts.save_layout(data.engine(), key, headers, mapping, auth.current_user().name)
        st.success("已保存。以后上传表头相同的台账，会自动按这次选择的用途读取各列。")


EVIDENCE = {"header": "表头", "content": "内容", "both": "两者", "office": "已选择"}
ASKED = (("title", "哪一列是督办事项（任务）？"), ("lead_dept", "哪一列是承办科室（责任单位）？"))


def ask(error: ColumnsNeeded, upload_id: str) -> dict[str, dict[str, str | None]]:
    """When no column could be taken for the task or the unit: the sheet's columns, first values and guesses,
    and the office's choice of the two. Returns the choice as a layout ({} until the office confirms)."""
    sheets = error.sheets
    st.warning(f"没能确定哪一列是督办事项或承办科室（{plain(error.found.removesuffix('。'))}）。请看下面各列的前几个值，"
               "选出这两列，系统会按您的选择继续读取；读取后可保存为此格式的读取方式，以后同样表头的台账会自动读取。",
               icon=":material/help:")
    names = [s["sheet"] for s in sheets]
    picked = st.selectbox("工作表", names, key=f"ask_sheet_{upload_id}") if len(names) > 1 else names[0]
    sheet = sheets[names.index(picked)]
    columns = [c for c in sheet["columns"] if c["header"]]
    st.dataframe(inert_table(pd.DataFrame([{
        "列": c["column"], "表头": c["header"], "推测": DISPLAY.get(c["field"], UNUSED),
        "前几个值": "；".join(c["first_values"])} for c in columns])), hide_index=True, key=f"ask_table_{upload_id}")
    labels = [f"{c['column']} 列：{c['header']}" for c in columns]
    mapping: dict[str, str | None] = {}
    for role, question in ASKED:
        guess = next((k for k, c in enumerate(columns) if c["field"] == role), None)
        chosen = st.selectbox(question, labels, index=guess, placeholder="请选择一列",
                              key=f"ask_{role}_{upload_id}_{picked}")
        if chosen is not None:
            mapping[normalize_header(columns[labels.index(chosen)]["header"])] = role
    ready = len(mapping) == len(ASKED)
    if st.button("按此读取", key=f"ask_read_{upload_id}", disabled=not ready, type="primary"):
        st.session_state[f"asked_{upload_id}"] = {sheet["key"]: mapping}
    return st.session_state.get(f"asked_{upload_id}", {})

