"""The upload page's "读取的列": each column with its role, a select box to change it, saved layouts."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from duban.fields import DISPLAY, FIELDS, normalize_header
from duban.output.labels import inert_table
from duban.pipeline import Analysis
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
                           "识别为": DISPLAY.get(c["field"], UNUSED)} for c in result.columns])
    if frame.empty:
        return
    def greyed(row: pd.Series) -> list[str]:
        return ["color: #9e9e9e" if row["识别为"] == UNUSED else ""] * len(row)

    grey = inert_table(frame).style.apply(greyed, axis=1)
    st.dataframe(grey, hide_index=True, key="columns_table")


def saved_notice(result: Analysis) -> None:
    """Which sheets were read with a saved layout, with a way to remove it."""
    for sheet, key in result.layouts_applied.items():
        left, right = st.columns([4, 1])
        left.info(f"工作表“{sheet}”已按保存的读取方式读取（表头相同的台账都会这样读取）。", icon=":material/push_pin:")
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
