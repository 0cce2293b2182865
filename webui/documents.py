"""文书's parts: what to send (kind, departments, items), making the files, and the office's own templates."""
from __future__ import annotations

import streamlit as st

from duban.errors import DubanError
from duban.output import paperwork
from duban.output.documents import FIELDS, TITLES
from duban.pipeline import work_calendar
from duban.storage import templates
from webui import auth, data
from webui.text import plain

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def choices(kind: str, items) -> dict:
    """The departments (and for 督办通知单 the items and one-per-item) the office picks; {} = everything."""
    if kind == "通报":
        st.caption("通报汇总本周主要指标与上周的比较、部门排名、新增逾期、督办升级、通报批评和本周办结的事项。")
        return {}
    if kind == "催办":
        overdue = paperwork.notices.overdue_by_department(items)
        depts = st.multiselect(f"科室（有逾期事项的 {len(overdue)} 个科室，不选即全部）", list(overdue),
                               key="doc_depts", placeholder="全部有逾期事项的科室")
        return {"depts": depts}
    open_items = paperwork.open_items(items).dropna(subset=["lead_dept"])
    depts = st.multiselect("牵头科室（不选即全部）", sorted(open_items["lead_dept"].unique()), key="doc_depts",
                           placeholder="全部科室")
    if depts:
        open_items = open_items[open_items["lead_dept"].isin(depts)]
    labels = dict(zip(open_items["item_id"], open_items["item_id"] + " " + open_items["title"].fillna("")))
    chosen = st.multiselect(f"事项（未办结的 {len(labels)} 项，不选即全部）", list(labels), format_func=labels.get,
                            key="doc_items", placeholder="全部未办结事项")
    per_item = st.radio("份数", ["每个科室一份", "每个事项一份"], horizontal=True, key="doc_per_item") == "每个事项一份"
    return {"depts": depts, "item_ids": chosen, "per_item": per_item}


def make(kind: str, result, previous, picked: dict) -> dict[str, bytes] | None:
    """The documents for the choices (None after a Chinese message)."""
    rules = data.rules()
    config = rules.config()
    try:
        fields = paperwork.contexts(kind, result.items, result.departments, config,
                                    work_calendar(config, rules.overrides()), result.as_of, previous,
                                    picked.get("depts") or None, picked.get("item_ids") or None,
                                    picked.get("per_item", False))
        if not fields:
            st.info(f"所选范围内没有需要发出{TITLES[kind]}的事项。")
            return None
        return paperwork.documents(templates.template_for(data.engine(), kind), fields)
    except DubanError as exc:
        st.error(plain(exc))
        return None


def downloads(kind: str, made: dict[str, bytes], as_of) -> None:
    """A preview of the first document, one .docx of all, and a .zip of one file each when there are several."""
    with st.expander(f"预览：{plain(next(iter(made)))}", expanded=True):
        st.text(paperwork.document_text(next(iter(made.values()))))
    day = f"{as_of:%Y%m%d}"
    left, right = st.columns(2)
    left.download_button(f"下载 {len(made)} 份（一个 Word 文档，依次分页）", paperwork.package(made, False),
                         file_name=f"{TITLES[kind]}_{day}.docx", mime=DOCX, key="doc_docx", type="primary",
                         on_click=auth.log, args=("document", f"{TITLES[kind]} {len(made)} 份（.docx）"))
    if len(made) > 1:
        right.download_button(f"下载 {len(made)} 个文件（.zip，每份一个 Word 文档）", paperwork.package(made, True),
                              file_name=f"{TITLES[kind]}_{day}.zip", mime="application/zip", key="doc_zip",
                              on_click=auth.log, args=("document", f"{TITLES[kind]} {len(made)} 份（.zip）"))


def template_editor(kind: str) -> None:
    """Download the template in use, upload the office's own (checked), or go back to the default."""
    engine = data.engine()
    own = templates.uploaded(engine, kind)
    using = f"本单位上传的“{own[0]}”（{own[2]}，{own[1]:%Y-%m-%d}）" if own else "默认模板"
    st.caption(f"当前使用：{plain(using)}。下载后在 Word 中修改格式和文字，保留 {{{{ }}}} 中的字段，再上传即可。")
    st.download_button("下载当前模板", templates.template_for(engine, kind), file_name=f"{TITLES[kind]}模板.docx",
                       mime=DOCX, key=f"template_download_{kind}")
    st.markdown("可用字段：" + "；".join(f"`{name}` {text}" for name, text in FIELDS[kind].items()))
    upload = st.file_uploader("上传本单位的模板（.docx）", type=["docx"], key=f"template_upload_{kind}")
    if upload is not None and st.button("使用这个模板", key=f"template_use_{kind}"):
        try:
            templates.save_template(engine, kind, upload.getvalue(), upload.name, auth.current_user().name)
            st.success(f"已启用新的{TITLES[kind]}模板。")
        except DubanError as exc:
            st.error(f"模板未启用：{plain(exc)}")
    if own and st.button("恢复默认模板", key=f"template_reset_{kind}"):
        templates.reset_template(engine, kind, auth.current_user().name)
        st.rerun()
