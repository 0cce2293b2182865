"""文书: 督办通知单, 催办通知单 and the weekly 督办工作通报 as Word documents, from the week's register."""
from __future__ import annotations

import streamlit as st

from duban.output.documents import TITLES
from webui import documents, history, shell, widgets

KINDS = {TITLES[kind]: kind for kind in ("督办", "催办", "通报")}

shell.enter(__file__)
register, result = widgets.open_register("文书")
if result is not None:
    title = st.segmented_control("文书种类", list(KINDS), default="催办通知单", key="doc_kind") or "催办通知单"
    kind = KINDS[title]
    picked = documents.choices(kind, result.items)
    if st.button(f"生成{title}", key="doc_make"):
        _, previous = history.compared_weeks(register, result.items)
        st.session_state["doc_made"] = (kind, register.label, documents.make(kind, result, previous, picked))
    made = st.session_state.get("doc_made")
    if made and made[0] == kind and made[1] == register.label and made[2]:
        documents.downloads(kind, made[2], result.as_of)
    with st.expander(f"{title}模板"):
        documents.template_editor(kind)
