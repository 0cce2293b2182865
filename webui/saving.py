"""The upload page's date and save button: the week a register is saved under is the one on screen, always.

The date box belongs to the file uploaded (a new file gets a new box with its own 统计截至 date); when
the register states no date the office must choose one; a register with no item cannot be saved; replacing a
week's register takes an explicit confirmation.
"""
from __future__ import annotations

import datetime as dt
import hashlib

import streamlit as st

from duban.pipeline import Analysis
from duban.storage import database, history
from webui import auth, data, widgets
from webui.text import plain


def as_of_date(first: Analysis, upload_id: str) -> dt.date | None:
    """The 统计截至 date chosen for this file: the register's own by default, none when it states none."""
    stated = first.as_of_hint is not None
    chosen = widgets.date_box("统计截至日期（默认取台账中的“统计截至”）", first.as_of.date() if stated else None,
                              key=f"upload_as_of_{upload_id}")
    if not stated and chosen is None:
        st.warning("台账中没有“统计截至”日期：请填写这份台账是统计到哪一天的，再保存。", icon=":material/event:")
    return chosen


def save_button(result: Analysis, content: bytes, filename: str, as_of: dt.date | None) -> None:
    """Save as the week on screen; refused without a date or without an item; a replacement is confirmed first."""
    if as_of is None:
        st.button("保存台账（请先填写统计截至日期）", disabled=True, key="save_register")
        return
    if result.counts["kept"] == 0:
        st.error("这份台账没有可计入的事项，不能保存。请按校验报告修改后重新上传。")
        st.button(f"保存为 {as_of:%Y-%m-%d} 的台账", disabled=True, key="save_register")
        return
    current = database.current_version(data.engine(), as_of)  # after a restore: the restored one, not the newest
    digest = hashlib.sha256(content).hexdigest()
    replacing = current is not None and current.sha256 != digest
    confirmed = True
    if replacing:
        st.warning(f"{as_of:%Y-%m-%d} 这一周已保存过另一份台账（当前为第{current.version}版，"
                   f"{plain(current.filename)}）。保存后它成为新版本，旧版本仍保留。")
        confirmed = st.checkbox("确认替换该周的台账", key=f"confirm_replace_{digest[:8]}_{current.sha256[:8]}_{as_of}")
    if st.button(f"保存为 {as_of:%Y-%m-%d} 的台账", type="primary", key="save_register", disabled=not confirmed):
        try:
            saved = history.save_week(data.engine(), content, filename, as_of, auth.current_user().name, result,
                                      data.rules().key(), replaces=current.sha256 if replacing else None)
        except (database.ReplaceNeeded, database.WeekBusy) as exc:  # another session saved this week meanwhile
            st.error(str(exc))
            return
        messages = {"saved": "已保存为该周台账。", "unchanged": "该周已保存过相同的文件，未做改动。",
                    "replaced": f"已替换该周台账（第{saved.version}版），之前的版本仍然保留。"}
        st.success(messages[saved.outcome])
