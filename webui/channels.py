"""规则设置's 提醒渠道: the office's channel, departments' own channels and the mail server.

Secrets and webhook addresses (their query holds the robot's token) are boxes that start empty: leaving one
empty keeps the saved value, so it is never sent back to a browser; only its masked form is shown.
"""
from __future__ import annotations

import dataclasses

import streamlit as st

from duban.delivery import channels as store
from duban.delivery.channels import KINDS, SECURITY, Channel, ChannelError, Channels, Smtp
from webui import auth
from webui.text import plain

NONE = "（不设置）"


def _channel_fields(key: str, current: Channel | None) -> Channel | None:
    """Kind, webhook address or e-mail addresses, and secret of one channel (None: not set)."""
    options = [NONE, *KINDS]
    kind = st.selectbox("类型", options, index=options.index(current.kind) if current else 0,
                        format_func=lambda k: KINDS.get(k, k), key=f"{key}_kind")
    if kind == NONE:
        return None
    if kind == "email":
        to = st.text_input("收件地址（多个用逗号分隔）", current.to if current else "", key=f"{key}_to")
        return Channel("email", to=to)
    saved_url = current.url if current and current.kind == kind else ""  # never sent back: it holds the token
    typed_url = st.text_input(f"Webhook 地址（群机器人设置中复制；当前：{store.masked_url(saved_url)}"
                              + ("；留空则不修改）" if saved_url else "）"), key=f"{key}_url")
    url = typed_url.strip() or saved_url
    secret = ""
    if kind in ("dingtalk", "feishu"):
        saved = current.secret if current and current.kind == kind else ""
        typed = st.text_input(f"签名密钥（当前：{store.masked(saved)}；留空则不修改）", type="password",
                              key=f"{key}_secret")
        secret = typed.strip() or saved
    return Channel(kind, url=url, secret=secret)


def _smtp_fields(current: Smtp) -> Smtp:
    left, right = st.columns(2)
    host = left.text_input("邮件服务器", current.host, key="smtp_host")
    port = right.number_input("端口", 1, 65535, current.port, key="smtp_port")
    security = left.selectbox("加密方式", list(SECURITY), index=list(SECURITY).index(current.security),
                              format_func=SECURITY.get, key="smtp_security")
    sender = right.text_input("发件地址", current.sender, key="smtp_sender")
    user = left.text_input("登录用户名", current.user, key="smtp_user")
    typed = right.text_input(f"密码或授权码（当前：{store.masked(current.password)}；留空则不修改）", type="password",
                             key="smtp_password")
    return Smtp(host.strip(), int(port), security, user.strip(), typed or current.password, sender.strip())


def editor(departments: list[str]) -> None:
    """The whole 提醒渠道 section: edit, check and save."""
    st.subheader("提醒渠道")
    try:
        current = store.load()
    except ChannelError as exc:
        st.error(f"{plain(exc)}。请重新填写并保存。")
        current = Channels()
    st.caption("科室没有自己的渠道时，该科室的提醒发到督办办公室的渠道。密钥保存在本机，保存后只显示首尾几个字符。")
    st.markdown("**督办办公室**")
    office = _channel_fields("channel_office", current.office)
    st.markdown("**科室自己的渠道**（可选）")
    dept = st.selectbox("科室", departments, key="channel_dept") if departments else None
    own = dict(current.departments)
    if dept:
        chosen = _channel_fields(f"channel_dept_{dept}", own.get(dept))
        own = {**own, dept: chosen} if chosen else {k: v for k, v in own.items() if k != dept}
    if own:
        st.caption("已设置科室渠道：" + "、".join(f"{plain(d)}（{KINDS[c.kind]}）" for d, c in own.items()))
    with st.expander("邮件服务器（发送邮件提醒时需要）"):
        smtp = _smtp_fields(current.smtp)
    if st.button("保存提醒渠道", key="save_channels"):
        new = dataclasses.replace(current, office=office, departments=own, smtp=smtp)
        try:
            store.save(new)
        except ChannelError as exc:
            st.error(f"未保存：{plain(exc)}")
            return
        auth.log("channels", f"督办办公室：{KINDS[office.kind] if office else '未设置'}；科室渠道 {len(own)} 个")
        st.success("提醒渠道已保存。")
