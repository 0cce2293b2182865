"""Where reminders go: the office's channel, departments' own channels, and the SMTP server for e-mail.

Kept in DUBAN_HOME/channels.toml (mode 0600, beside the database): webhook addresses and secrets are
credentials. They are never logged and never shown again in full (``masked``). Every value is checked
when the file is read and before it is saved; a bad file gives a Chinese message naming the entry.
"""
from __future__ import annotations

import ipaddress
import re
import tomllib
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit

import tomlkit

from duban import paths
from duban.errors import DubanError

KINDS = {"dingtalk": "钉钉群机器人", "wecom": "企业微信群机器人", "feishu": "飞书群机器人", "email": "电子邮件"}
SECURITY = {"ssl": "SSL（常用端口 465）", "starttls": "STARTTLS（常用端口 587）", "none": "不加密（仅限内网）"}


class ChannelError(DubanError):
    """A channel setting that cannot be used (message in Chinese)."""


@dataclass(frozen=True)
class Channel:
    """One destination: a robot's webhook (with its signing secret) or e-mail addresses."""

    kind: str
    url: str = ""
    secret: str = ""
    to: str = ""  # e-mail: addresses separated by commas or 、

    def addresses(self) -> list[str]:
        return [a.strip() for a in self.to.replace("、", ",").replace("，", ",").split(",") if a.strip()]


@dataclass(frozen=True)
class Smtp:
    host: str = ""
    port: int = 465
    security: str = "ssl"
    user: str = ""
    password: str = ""
    sender: str = ""


@dataclass(frozen=True)
class Channels:
    office: Channel | None = None
    departments: dict[str, Channel] = field(default_factory=dict)
    smtp: Smtp = field(default_factory=Smtp)

    def for_department(self, dept: str) -> tuple[str, Channel] | None:
        """(target name, channel) of a department's own channel, else the office's, else None."""
        if dept in self.departments:
            return dept, self.departments[dept]
        return ("督办办公室", self.office) if self.office else None


def masked(secret: str) -> str:
    """A secret as the page shows it after saving: its first and last characters only."""
    if not secret:
        return "（未设置）"
    return secret[:3] + "****" + secret[-2:] if len(secret) > 8 else "****"


_PRINTABLE_ASCII = re.compile(r"[!-~]+")  # no space, no control, no zero-width or other non-ASCII character
_HOST = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*")
_ADDRESS = re.compile(r"[^@\s]+@[A-Za-z0-9.-]+")


def check_webhook_url(name: str, url: str) -> None:
    """Refuse an address that is not a plain http(s) URL of an ASCII host (the message never repeats the URL:
    its query carries the robot's token)."""
    wrong = f"提醒渠道“{name}”的 Webhook 地址"
    if not _PRINTABLE_ASCII.fullmatch(url):
        raise ChannelError(f"{wrong}含有空格、换行或不可见字符，请从群机器人设置中重新复制")
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ChannelError(f"{wrong}应以 https:// 开头（从群机器人设置中复制）")
    if parts.username is not None or not (_HOST.fullmatch(parts.hostname) or _is_ip(parts.hostname)):
        raise ChannelError(f"{wrong}的主机名有误（只能含字母、数字、点和连字符）")
    try:
        port = parts.port
    except ValueError as exc:
        raise ChannelError(f"{wrong}的端口应为 1–65535 的数字") from exc
    if port == 0:
        raise ChannelError(f"{wrong}的端口应为 1–65535 的数字")


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def masked_url(url: str) -> str:
    """A webhook address as the page may show it: the host and path, each query value masked."""
    if not url:
        return "（未设置）"
    parts = urlsplit(url)
    query = urlencode([(k, masked(v)) for k, v in parse_qsl(parts.query)], safe="*")
    return f"{parts.scheme}://{parts.netloc}{parts.path}" + (f"?{query}" if query else "")


def _channel(name: str, value: object) -> Channel:
    if not isinstance(value, dict) or set(value) - {"kind", "url", "secret", "to"}:
        raise ChannelError(f"提醒渠道“{name}”应只含 kind、url、secret、to")
    channel = Channel(**{k: str(v).strip() for k, v in value.items()})
    if channel.kind not in KINDS:
        raise ChannelError(f"提醒渠道“{name}”的类型应为 {'、'.join(KINDS)} 之一")
    if channel.kind == "email":
        if not channel.addresses() or not all(_ADDRESS.fullmatch(a) for a in channel.addresses()):
            raise ChannelError(f"提醒渠道“{name}”（电子邮件）需要收件地址，如 a@example.cn")
        return channel
    check_webhook_url(name, channel.url)
    return channel


def _smtp(value: object) -> Smtp:
    if not isinstance(value, dict) or set(value) - set(Smtp.__dataclass_fields__):
        raise ChannelError("邮件服务器设置应只含 host、port、security、user、password、sender")
    smtp = Smtp(**value)
    if not isinstance(smtp.port, int) or not 0 < smtp.port < 65536 or smtp.security not in SECURITY:
        raise ChannelError("邮件服务器的端口应为 1–65535，加密方式应为 ssl、starttls 或 none")
    if smtp.host and not _HOST.fullmatch(smtp.host):
        raise ChannelError("邮件服务器的地址有误（只能含字母、数字、点和连字符）")
    if smtp.sender and not _ADDRESS.fullmatch(smtp.sender):
        raise ChannelError("发件地址有误，应如 duban@example.cn")
    return smtp


def parse(text: str) -> Channels:
    """Channels from the file's text (empty text: none configured)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ChannelError("提醒渠道设置文件 channels.toml 格式有误，请在“规则设置”页面重新保存") from exc
    unknown = set(data) - {"office", "departments", "smtp"}
    if unknown:
        raise ChannelError(f"提醒渠道设置中有未知的项：{'、'.join(sorted(unknown))}")
    departments = data.get("departments", {})
    if not isinstance(departments, dict):
        raise ChannelError("提醒渠道设置中 departments 应为“科室 = 渠道”的表")
    return Channels(office=_channel("督办办公室", data["office"]) if "office" in data else None,
                    departments={str(d): _channel(str(d), c) for d, c in departments.items()},
                    smtp=_smtp(data.get("smtp", {})))


def path():
    return paths.home() / "channels.toml"


def load() -> Channels:
    """The office's channels (none when the file does not exist)."""
    return parse(paths.rule_file_text(path()))


def save(channels: Channels) -> None:
    """Check and write the channels (0600, atomically)."""
    def plain(channel: Channel) -> dict:
        return {k: v for k, v in channel.__dict__.items() if v}

    data: dict = {}
    if channels.office:
        data["office"] = plain(channels.office)
    if channels.departments:
        data["departments"] = {d: plain(c) for d, c in channels.departments.items()}
    if channels.smtp != Smtp():
        data["smtp"] = dict(channels.smtp.__dict__)
    text = tomlkit.dumps(data)
    parse(text)  # the same checks as reading
    paths.write_atomically(path(), "# 督办看板提醒渠道（含密钥，仅本机可读；由“规则设置”页面保存）\n" + text)
