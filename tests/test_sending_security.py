"""A robot's address and answer are untrusted: bad addresses are refused when saved, every send is bounded,
nothing is counted delivered that was not, one bad robot never stops the others, and no URL or secret leaks."""
from __future__ import annotations

import datetime as dt
import logging
import time

import pytest

from duban.config import Config
from duban.delivery import channels as channel_store, platforms, remind
from duban.delivery.channels import Channel, ChannelError, Channels
from duban.paths import SAMPLE_REGISTER
from duban.pipeline import analyze, work_calendar
from duban.compute.identity import item_keys
from duban.storage import database
from tests.support.platforms import HOSTILE, FakePlatforms

CONFIG = Config(institution_name="某某医院")
TODAY = dt.date(2026, 11, 30)
TOKEN = "tok3n5ecretvalue99"


@pytest.fixture
def fake():
    with FakePlatforms() as platforms_:
        yield platforms_


@pytest.fixture(scope="module")
def week():
    result = analyze(SAMPLE_REGISTER.read_bytes(), "s.xlsx")
    return result.as_of, result.items.assign(item_key=item_keys(result.items))


def _send_all(week, configured):
    as_of, items = week
    planned = remind.plan(items, as_of, CONFIG, work_calendar(CONFIG), configured, set(), as_of.date())
    return remind.deliver(database.shared_engine(), planned, configured, TODAY, "王芳")


@pytest.mark.parametrize("url", [
    f"https://oapi.dingtalk.com/robot/send?access_token={TOKEN} x",      # an inner space
    f"https://oapi.dingtalk.com/robot/send?access_token={TOKEN}\u200b",  # a zero-width space
    f"https://oapi.dingtalk.com/robot/send?access_token={TOKEN}\r\nX-Evil: 1",  # a line break
    "https://oapi.dingtalk.com:80a/robot/send",                         # a port that is no number
    "https://oapi.dingtalk.com:0/robot/send",
    "https://钉钉.com/robot/send",                                        # a host that is not ASCII
    "https://user:pw@oapi.dingtalk.com/robot/send",
    "javascript:alert(1)", "file:///etc/passwd", "ftp://oapi.dingtalk.com/x",
])
def test_bad_webhook_addresses_are_refused_when_saved_and_never_repeated(url):
    with pytest.raises(ChannelError) as refused:
        channel_store.save(Channels(office=Channel("dingtalk", url)))
    assert TOKEN not in str(refused.value) and "Webhook" in str(refused.value)
    assert not channel_store.path().exists()


def test_the_page_shows_only_the_masked_address():
    url = f"https://oapi.dingtalk.com/robot/send?access_token={TOKEN}"
    shown = channel_store.masked_url(url)
    assert TOKEN not in shown and shown.startswith("https://oapi.dingtalk.com/robot/send?access_token=tok")


@pytest.mark.parametrize("mode", sorted(HOSTILE) + ["redirect"])
def test_an_answer_that_is_not_the_platforms_object_is_a_failed_send(fake, week, mode):
    fake.mode["wecom"] = mode
    configured = Channels(office=Channel("wecom", fake.url("wecom")))
    results = _send_all(week, configured)
    assert results and not any(r.outcome.ok for r in results)
    assert all("\u4e00" <= r.outcome.detail[0] <= "\u9fff" for r in results)  # a Chinese reason
    if mode == "redirect":
        assert "重定向" in results[0].outcome.detail


@pytest.mark.parametrize("mode, said", [("trickle", "没有答完"), ("endless", "过大")])
def test_a_trickling_or_endless_answer_is_cut_off(fake, week, monkeypatch, mode, said):
    monkeypatch.setattr(platforms, "DEADLINE", 1.5)
    fake.mode["wecom"] = mode
    configured = Channels(office=Channel("wecom", fake.url("wecom")))
    started = time.monotonic()
    outcome = platforms.send(configured.office, configured.smtp, "标题", "内容")
    assert not outcome.ok and said in outcome.detail
    assert time.monotonic() - started < 1.5 + platforms.TIMEOUT + 1


def test_one_bad_robot_never_stops_the_others_and_leaks_nothing(fake, week, caplog):
    dept = sorted(set(week[1].loc[week[1]["overdue"].astype(bool), "lead_dept"]))[0]
    fake.mode["dingtalk"] = "array"
    # a hand-edited channel that skipped the checks: its address makes urllib raise with the URL in the message
    broken = Channel("dingtalk", fake.url("dingtalk") + f"&t={TOKEN} x")
    configured = Channels(office=Channel("wecom", fake.url("wecom")), departments={dept: broken})
    with caplog.at_level(logging.DEBUG):
        results = _send_all(week, configured)
    failed = [r for r in results if not r.outcome.ok]
    assert [r.planned.target for r in failed] == [dept]
    assert len(fake.received["wecom"]) == len(results) - 1
    audit = " ".join(database.audit_entries(database.shared_engine())["detail"])
    for said in (caplog.text, audit, failed[0].outcome.detail):
        assert TOKEN not in said and "127.0.0.1" not in said
