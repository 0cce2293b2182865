"""督办预警's 发送催办提醒: every message previewed, then sent, with what happened to each."""
from __future__ import annotations

import datetime as dt

import streamlit as st

from duban.delivery import channels as store, remind
from duban.delivery.channels import KINDS, ChannelError
from duban.errors import DubanError
from duban.pipeline import work_calendar
from duban.storage import reminders
from webui import auth, data
from webui.text import plain


def send_panel(register: data.Register) -> None:
    """The office's preview-and-send panel for the week on screen (a stored week only)."""
    with st.expander("发送催办提醒（钉钉、企业微信、飞书、邮件）"):
        stored = data.stored_items(register)
        if stored is None:
            st.info("保存过的台账才能发送提醒（示例台账不发送）。")
            return
        # planned only when asked: the page itself stays quick for everyone else
        if not st.toggle("预览将要发送的提醒", key="preview_reminders"):
            return
        try:
            configured = store.load()
            rules = data.rules()
            config = rules.config()
            today = dt.date.today()
            planned = remind.plan(stored, register.as_of, config, work_calendar(config, rules.overrides()),
                                  configured, reminders.sent_on(data.engine(), today), today)
        except (ChannelError, DubanError) as exc:
            st.error(plain(exc))
            return
        if not planned:
            st.success("没有需要提醒的事项，或今天已经全部提醒过。")
            return
        if configured.office is None and not configured.departments:
            st.warning("尚未设置提醒渠道：请先在“规则设置”页面的“提醒渠道”中填写。以下是将要发送的消息。")
        for part in planned:
            where = KINDS[part.channel.kind] if part.channel else "未设置渠道"
            st.markdown(f"**发往 {plain(part.target)}（{where}）：{plain(part.title)}**")
            st.markdown(part.text)
            st.divider()
        if st.button(f"发送这 {len(planned)} 条提醒", type="primary", key="send_reminders"):
            with st.spinner("正在发送……"):
                results = remind.deliver(data.engine(), planned, configured, dt.date.today(), auth.current_user().name)
            for result in results:
                text = f"{plain(result.planned.target)}：{plain(result.planned.title)}"
                if result.outcome.ok:
                    st.success(f"{text} — 已送达")
                else:
                    st.error(f"{text} — 未送达：{result.outcome.detail}")
