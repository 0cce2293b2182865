"""Reminders against local stand-ins: 钉钉, 企业微信 and 飞书 robots on 127.0.0.1 (signatures checked as
documented) and an aiosmtpd mail server: messages, splitting, escaping, no duplicates, failures reported."""
from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest

from duban.config import Config
from duban.delivery import channels as channel_store, messages, platforms, remind
from duban.delivery.channels import Channel, ChannelError, Channels, Smtp
from duban.output.notices import chinese_date
from duban.paths import SAMPLE_REGISTER
from duban.pipeline import analyze, work_calendar
from duban.compute.identity import item_keys
from duban.storage import database, reminders
from tests.support.browser import free_port
from tests.support.platforms import SECRET, FakePlatforms
from tests.support.shared import expected_for, register_params

CONFIG = Config(institution_name="某某医院")
TODAY = dt.date(2026, 11, 30)


@pytest.fixture
def fake():
    with FakePlatforms() as platforms_:
        yield platforms_


@pytest.fixture
def week():
    result = analyze(SAMPLE_REGISTER.read_bytes(), "s.xlsx")
    return result.as_of, result.items.assign(item_key=item_keys(result.items))


@pytest.fixture
def engine(duban_home):
    return database.shared_engine()


def _plan(week, configured, already=frozenset()):
    as_of, items = week
    return remind.plan(items, as_of, CONFIG, work_calendar(CONFIG), configured, set(already), as_of.date())


def _texts(received: list[dict]) -> list[str]:
    return [b.get("markdown", {}).get("text") or b.get("markdown", {}).get("content")
            or b["card"]["elements"][0]["content"] for b in received]


@pytest.mark.parametrize("kind", ["dingtalk", "feishu", "wecom"])
def test_each_robot_gets_signed_markdown_and_every_overdue_item(fake, week, engine, kind):
    configured = Channels(office=Channel(kind, fake.url(kind), SECRET if kind != "wecom" else ""))
    planned = _plan(week, configured)
    results = remind.deliver(engine, planned, configured, TODAY, "王芳")
    assert all(r.outcome.ok for r in results), [r.outcome.detail for r in results]
    received = "\n".join(_texts(fake.received[kind]))
    overdue = week[1][week[1]["overdue"].astype(bool) & week[1]["status"].isin(["open", "returned"])]
    assert all(messages.escape(title) in received for title in overdue["title"])
    assert "【督办汇总】某某医院" in received


@pytest.mark.parametrize("kind, said", [("dingtalk", "加签密钥错误"), ("feishu", "签名校验失败")])
def test_a_wrong_secret_is_reported_in_chinese_and_nothing_is_recorded(fake, week, engine, kind, said):
    configured = Channels(office=Channel(kind, fake.url(kind), "SECwrong-secret"))
    results = remind.deliver(engine, _plan(week, configured), configured, TODAY, "王芳")
    assert results and all(not r.outcome.ok and said in r.outcome.detail for r in results)
    assert reminders.sent_on(engine, TODAY) == set()
    log = " ".join(database.audit_entries(engine)["detail"])
    assert "失败" in log and SECRET not in log and "SECwrong" not in log and "access_token" not in log


def test_a_second_run_on_the_same_day_sends_nothing_twice(fake, week, engine):
    configured = Channels(office=Channel("wecom", fake.url("wecom")))
    remind.deliver(engine, _plan(week, configured), configured, TODAY, "王芳")
    sent = len(fake.received["wecom"])
    again = _plan(week, configured, reminders.sent_on(engine, TODAY))
    assert sent > 1 and again == []
    assert _plan(week, configured, reminders.sent_on(engine, TODAY + dt.timedelta(days=1)))  # the next day: again


def test_long_messages_are_split_within_the_platform_limit(week):
    as_of, items = week
    many = pd.concat([items] * 60, ignore_index=True)
    many["item_key"] = [f"k{i}" for i in range(len(many))]
    watched = messages.watched(many, as_of, work_calendar(CONFIG), 3)
    message = messages.department_message("护理部", watched[watched["lead_dept"] == "护理部"], as_of, as_of,
                                          "某某医院")
    parts = messages.split(message, platforms.LIMITS["wecom"])
    assert len(parts) > 1 and all(len(text.encode()) <= platforms.LIMITS["wecom"] for _, text in parts)
    assert [t for t, _ in parts][-1].endswith(f"（{len(parts)}/{len(parts)}）")
    assert "\n\n".join(text for _, text in parts) == message.text  # nothing lost or repeated


def test_register_text_cannot_format_or_break_a_message(week):
    as_of, items = week
    items = items.copy()
    target = items.index[items["overdue"].astype(bool) & items["status"].isin(["open", "returned"])][0]
    items.loc[target, "title"] = "**加粗** [点我](http://evil) <at user_id=\"all\"></at> `代码`\n# 标题"
    watched = messages.watched(items, as_of, work_calendar(CONFIG), 3)
    dept = items.loc[target, "lead_dept"]
    text = messages.department_message(dept, watched[watched["lead_dept"] == dept], as_of, as_of, "院").text
    line = next(line for line in text.split("\n\n") if "加粗" in line)
    assert not re.search(r"[*\[\]<>`#\n]", line.split("（办结时限")[0][3:])
    assert "＊＊加粗＊＊ ［点我］（http://evil） ＜at" in line


def test_a_hanging_channel_times_out_is_retried_once_and_never_stops_the_others(fake, week, engine, monkeypatch):
    monkeypatch.setattr(platforms, "TIMEOUT", 0.5)
    fake.mode["dingtalk"] = "hang"
    dept = sorted(set(week[1].loc[week[1]["overdue"].astype(bool), "lead_dept"]))[0]
    configured = Channels(office=Channel("wecom", fake.url("wecom")),
                          departments={dept: Channel("dingtalk", fake.url("dingtalk"), SECRET)})
    results = remind.deliver(engine, _plan(week, configured), configured, TODAY, "王芳")
    failed = [r for r in results if not r.outcome.ok]
    assert [r.planned.target for r in failed] == [dept] and "超时" in failed[0].outcome.detail
    assert len(fake.received["wecom"]) == len(results) - 1  # every other message arrived
    assert [p.target for p in _plan(week, configured, reminders.sent_on(engine, TODAY))] == [dept]  # tried again


def test_a_500_once_is_retried(fake, week, engine):
    fake.mode["wecom"] = "fail_once"
    configured = Channels(office=Channel("wecom", fake.url("wecom")))
    results = remind.deliver(engine, _plan(week, configured)[:1], configured, TODAY, "王芳")
    assert results[0].outcome.ok and len(fake.received["wecom"]) == 1


def test_e_mail_goes_through_smtp(week, engine):
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Message as Collecting

    caught = []

    class Keep(Collecting):
        def handle_message(self, message):
            caught.append(message)

    port = free_port()
    controller = Controller(Keep(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        configured = Channels(office=Channel("email", to="duban@example.cn、office@example.cn"),
                              smtp=Smtp(host="127.0.0.1", port=port, security="none", sender="robot@example.cn"))
        results = remind.deliver(engine, _plan(week, configured), configured, TODAY, "王芳")
    finally:
        controller.stop()
    assert all(r.outcome.ok for r in results) and len(caught) == len(results)
    from email.header import decode_header, make_header

    first = caught[0]
    subject = str(make_header(decode_header(first["Subject"])))
    assert first["To"] == "duban@example.cn, office@example.cn" and subject.startswith("督办提醒")
    assert "逾期未办结" in first.get_payload(decode=True).decode("utf-8")


def test_e_mail_without_a_server_says_what_to_set(week, engine):
    configured = Channels(office=Channel("email", to="a@example.cn"))
    results = remind.deliver(engine, _plan(week, configured)[:1], configured, TODAY, "王芳")
    assert "尚未设置邮件服务器" in results[0].outcome.detail


@pytest.mark.parametrize("text, said", [('[office]\nkind = "qq"\nurl = "https://x"', "类型"),
                                        ('[office]\nkind = "wecom"\nurl = "ftp://x"', "https://"),
                                        ('[office]\nkind = "email"', "收件地址"),
                                        ('[smtp]\nport = 99999', "端口"), ('[robots]\nx = 1', "未知"),
                                        ("office = [", "格式有误")])
def test_bad_channel_settings_are_refused_in_chinese(text, said):
    with pytest.raises(ChannelError, match=said):
        channel_store.parse(text)


def test_channels_are_saved_owner_only_and_secrets_are_masked(duban_home):
    configured = Channels(office=Channel("dingtalk", "https://oapi.dingtalk.com/robot/send?access_token=abc", SECRET))
    channel_store.save(configured)
    assert channel_store.load() == configured
    assert (channel_store.path().stat().st_mode & 0o777) == 0o600
    assert channel_store.masked(SECRET) == "SEC****et" and SECRET not in channel_store.masked(SECRET)


@pytest.mark.parametrize("register", register_params())
def test_a_dry_run_prints_exactly_what_a_real_run_sends(register, cli, fake, tmp_path):
    expected = expected_for(register)
    assert cli("save", register, "--as-of", expected["as_of"]).returncode == 0
    channel_store.save(Channels(office=Channel("wecom", fake.url("wecom"))))
    dry = cli("remind", "--dry-run")
    assert dry.returncode == 0 and not fake.received["wecom"]
    printed = [block.split(" ===\n", 1)[1].rstrip("\n") for block in dry.stdout.split("=== 发往 ")[1:]]
    overdue = [i for i in expected["items"] if i["overdue"] and i["status"] in ("open", "returned")]
    joined = "\n".join(printed)
    assert all(f"{messages.escape(i['title'])}（办结时限" in joined for i in overdue)
    run = cli("remind")
    assert run.returncode == 0, run.stderr
    assert _texts(fake.received["wecom"]) == printed
    again = cli("remind")
    assert "今天已经提醒过" in again.stderr and len(fake.received["wecom"]) == len(printed)


def test_remind_without_channels_or_stored_weeks_says_what_to_do(cli):
    run = cli("remind")
    assert run.returncode == 2 and "没有已保存的台账" in run.stderr
    assert cli("save", SAMPLE_REGISTER, "--as-of", "2026-11-27").returncode == 0
    run = cli("remind")
    assert run.returncode == 2 and "尚未设置任何提醒渠道" in run.stderr


def test_remind_is_a_subcommand_with_a_dry_run():
    from duban.cli import build_parser

    args = build_parser().parse_args(["remind", "--dry-run", "--as-of", "2026-11-27"])
    assert args.command == "remind" and args.dry_run and args.as_of == "2026-11-27"


def test_a_reminder_sent_a_week_after_the_register_counts_to_the_sending_day_and_says_the_register_is_old(week):
    """The register of as_of sent from 7 days later: overdue working days and stages of the sending day,
    the register's date named, its age said."""
    as_of, items = week
    later = (as_of + pd.Timedelta(days=7)).date()
    then = {p.dept: p.text for p in _plan(week, Channels())}
    now = {p.dept: p.text for p in remind.plan(items, as_of, CONFIG, work_calendar(CONFIG), Channels(), set(), later)}
    dept = next(d for d in now if d is not None)
    assert f"截至{chinese_date(later)}（依据{chinese_date(as_of)}的督办台账）" in now[dept]
    assert "已是 7 天前的" in now[dept] and "已是" not in then.get(dept, "")
    days = [int(n) for n in re.findall(r"逾期 (\d+) 个工作日", now[dept])]
    before = [int(n) for n in re.findall(r"逾期 (\d+) 个工作日", then.get(dept, ""))]
    assert days and (not before or max(days) == max(before) + 5)  # a week later: five working days more
    assert "请尽快上传本周台账" in now[None]


def test_reminders_say_they_count_open_items_of_every_year(week):
    texts = [p.text for p in _plan(week, Channels())]
    assert texts and all("含以前年度结转" in text for text in texts)
