"""Sending one message: 钉钉, 企业微信 and 飞书 robot webhooks (signed as each platform documents) and SMTP.

A robot's answer is untrusted: every attempt is bounded in time (TIMEOUT for each wait, DEADLINE for the
whole answer, so a robot that trickles a byte at a time is cut off) and in size (ANSWER_MAX); a redirect
is not followed; anything but the platform's documented JSON object is a failed send. One retry when the
network fails or the platform answers 5xx; the platform's own error code comes back as a Chinese
sentence. Nothing here logs a URL or a secret, and no message repeats them.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import http.client
import json
import smtplib
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from email.message import EmailMessage

from duban.delivery.channels import Channel, Smtp

TIMEOUT = 5
DEADLINE = 10  # seconds for one attempt's whole answer
ANSWER_MAX = 64 * 1024  # a robot answers with a few dozen bytes
# The most UTF-8 bytes of markdown one message may carry (below each platform's documented cap:
# 企业微信 markdown 4096 bytes; 钉钉 and 飞书 about 20 KB for the whole request).
LIMITS = {"dingtalk": 15000, "wecom": 3800, "feishu": 15000, "email": 200_000}
ERRORS = {
    ("dingtalk", 300001): "Webhook 地址无效（access_token 有误或机器人已删除）",
    ("dingtalk", 310000): "安全设置不符：加签密钥错误、消息不含自定义关键词或 IP 不在白名单",
    ("dingtalk", 130101): "发送太快（每个机器人每分钟最多 20 条），请稍后再发",
    ("wecom", 93000): "Webhook 地址无效（key 有误或机器人已移出群）",
    ("wecom", 45009): "发送太频繁（每个机器人每分钟最多 20 条），请稍后再发",
    ("wecom", 40058): "消息内容过长",
    ("feishu", 19001): "Webhook 地址无效",
    ("feishu", 19021): "签名校验失败：签名密钥错误，或本机时间与标准时间相差过大",
    ("feishu", 19022): "IP 不在机器人的白名单内",
    ("feishu", 19024): "消息不含机器人设置的关键词",
    ("feishu", 11232): "发送太频繁，请稍后再发",
    ("feishu", 9499): "请求格式有误",
}


@dataclass(frozen=True)
class Outcome:
    """Whether a message arrived, and what to tell the office."""

    ok: bool
    detail: str


def _dingtalk(channel: Channel, title: str, text: str, now: float) -> tuple[str, dict]:
    url = channel.url
    if channel.secret:  # 加签: HmacSHA256(key=secret, "timestamp\nsecret"), base64, URL-encoded
        stamp = str(int(now * 1000))
        digest = hmac.new(channel.secret.encode(), f"{stamp}\n{channel.secret}".encode(), hashlib.sha256).digest()
        url += ("&" if "?" in url else "?") + urllib.parse.urlencode(
            {"timestamp": stamp, "sign": base64.b64encode(digest).decode()})
    return url, {"msgtype": "markdown", "markdown": {"title": title, "text": text}}


def _wecom(channel: Channel, title: str, text: str, now: float) -> tuple[str, dict]:
    return channel.url, {"msgtype": "markdown", "markdown": {"content": text}}


def _feishu(channel: Channel, title: str, text: str, now: float) -> tuple[str, dict]:
    body: dict = {"msg_type": "interactive", "card": {
        "header": {"title": {"tag": "plain_text", "content": title}},
        "elements": [{"tag": "markdown", "content": text}]}}
    if channel.secret:  # HmacSHA256(key="timestamp\nsecret", message empty), base64
        stamp = str(int(now))
        digest = hmac.new(f"{stamp}\n{channel.secret}".encode(), b"", hashlib.sha256).digest()
        body.update(timestamp=stamp, sign=base64.b64encode(digest).decode())
    return channel.url, body


_PAYLOADS = {"dingtalk": _dingtalk, "wecom": _wecom, "feishu": _feishu}


def _answer(kind: str, raw: bytes) -> Outcome:
    """The platform's documented JSON object as an outcome (errcode 0 / code 0 is success); anything else fails."""
    try:
        answer = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        return Outcome(False, "平台的回复无法识别（地址是否为群机器人的 Webhook？）")
    key = next((k for k in ("errcode", "code", "StatusCode") if isinstance(answer, dict) and k in answer), None)
    code = answer[key] if key else None
    if not isinstance(code, int) or isinstance(code, bool):
        return Outcome(False, "平台的回复不是群机器人的应答格式（地址是否为群机器人的 Webhook？）")
    if code == 0:
        return Outcome(True, "已送达")
    said = answer.get("errmsg") or answer.get("msg") or ""
    said = said[:100] if isinstance(said, str) else ""
    return Outcome(False, ERRORS.get((kind, code)) or f"平台返回错误 {code}：{said}")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A robot never redirects; following one would post the message (and count it delivered) elsewhere."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


class AnswerTooSlow(Exception):
    pass


class AnswerTooLarge(Exception):
    pass


def _bounded_read(response, started: float) -> bytes:
    """The answer's body, at most ANSWER_MAX bytes and DEADLINE seconds after the request was sent."""
    chunks, size = [], 0
    while True:
        if time.monotonic() - started > DEADLINE:
            raise AnswerTooSlow
        chunk = response.read1(4096) if hasattr(response, "read1") else response.read(4096)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > ANSWER_MAX:
            raise AnswerTooLarge
        chunks.append(chunk)


def _post(url: str, body: dict) -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=json.dumps(body, ensure_ascii=False).encode("utf-8"),
                                     headers={"Content-Type": "application/json; charset=utf-8"}, method="POST")
    started = time.monotonic()
    try:
        with _OPENER.open(request, timeout=TIMEOUT) as response:
            return response.status, _bounded_read(response, started)
    except urllib.error.HTTPError as error:
        return error.code, b"" if 300 <= error.code < 400 else _bounded_read(error, started)


def _webhook(channel: Channel, title: str, text: str) -> Outcome:
    for attempt in (1, 2):  # one retry when the network or the platform fails
        url, body = _PAYLOADS[channel.kind](channel, title, text, time.time())
        try:
            status, raw = _post(url, body)
        except AnswerTooLarge:
            return Outcome(False, f"平台的回复过大（超过 {ANSWER_MAX // 1024} KB），不是群机器人的应答")
        except AnswerTooSlow:
            return Outcome(False, f"平台在 {DEADLINE} 秒内没有答完，已停止等待")
        except (TimeoutError, OSError, ValueError, http.client.HTTPException) as error:
            failure = "连接超时（5 秒）" if isinstance(error, TimeoutError) or "timed out" in str(error) else "无法连接"
            if attempt == 2:
                return Outcome(False, f"{failure}，重试一次仍失败")
            continue
        if 300 <= status < 400:
            return Outcome(False, f"平台返回重定向 HTTP {status}（未跟随），请核对 Webhook 地址")
        if status >= 500 and attempt == 1:
            continue
        if status != 200:
            return Outcome(False, f"平台返回 HTTP {status}")
        return _answer(channel.kind, raw)
    return Outcome(False, "平台暂时不可用，重试一次仍失败")


def _email(channel: Channel, smtp: Smtp, title: str, text: str) -> Outcome:
    if not smtp.host or not smtp.sender:
        return Outcome(False, "尚未设置邮件服务器（规则设置 → 提醒渠道）")
    message = EmailMessage()
    message["Subject"], message["From"], message["To"] = title, smtp.sender, ", ".join(channel.addresses())
    message.set_content(text)
    for attempt in (1, 2):
        try:
            if smtp.security == "ssl":
                server = smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=TIMEOUT, context=ssl.create_default_context())
            else:
                server = smtplib.SMTP(smtp.host, smtp.port, timeout=TIMEOUT)
            with server:
                if smtp.security == "starttls":
                    server.starttls(context=ssl.create_default_context())
                if smtp.user:
                    server.login(smtp.user, smtp.password)
                server.send_message(message)
            return Outcome(True, "已送达邮件服务器")
        except smtplib.SMTPAuthenticationError:
            return Outcome(False, "邮件服务器拒绝登录：用户名或密码（授权码）错误")
        except smtplib.SMTPRecipientsRefused:
            return Outcome(False, "邮件服务器拒绝了收件地址")
        except (smtplib.SMTPException, OSError) as error:
            if attempt == 2:
                return Outcome(False, f"发送邮件失败（{type(error).__name__}），重试一次仍失败")
    return Outcome(False, "发送邮件失败")


def send(channel: Channel, smtp: Smtp, title: str, text: str) -> Outcome:
    """Deliver one message (already within LIMITS) through a channel; never raises, never names the URL."""
    try:
        if channel.kind == "email":
            return _email(channel, smtp, title, text)
        return _webhook(channel, title, text)
    except Exception as error:  # noqa: BLE001 — one bad channel must not stop the others
        return Outcome(False, f"发送时发生意外错误（{type(error).__name__}）")
