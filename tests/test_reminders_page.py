"""规则设置's 提醒渠道 and 督办预警's 发送催办提醒, through AppTest, against the local robot stand-in."""
from __future__ import annotations

import datetime as dt

import pytest

from duban.delivery import channels as store
from duban.delivery.channels import Channel, Channels
from duban.paths import SAMPLE_REGISTER
from duban.storage import database
from tests.support.platforms import SECRET, FakePlatforms


@pytest.fixture
def fake():
    with FakePlatforms() as platforms_:
        yield platforms_


def test_the_office_saves_a_signed_channel_and_the_secret_is_never_shown_again(open_page, no_failure):
    app = open_page("app_pages/settings.py")
    app.selectbox(key="channel_office_kind").set_value("dingtalk").run()
    url = "https://oapi.dingtalk.com/robot/send?access_token=t0ken5ecret"
    app.text_input(key="channel_office_url").set_value(url)
    app.text_input(key="channel_office_secret").set_value(SECRET)
    app.button(key="save_channels").click().run()
    no_failure(app)
    assert store.load().office == Channel("dingtalk", url, SECRET)
    again = open_page("app_pages/settings.py")
    box = again.text_input(key="channel_office_secret")
    assert box.value == "" and store.masked(SECRET) in box.label and SECRET not in str(again)
    address = again.text_input(key="channel_office_url")  # the token is in the address: it is masked too
    assert address.value == "" and store.masked_url(url) in address.label and "t0ken5ecret" not in str(again)
    again.button(key="save_channels").click().run()  # saved again without retyping: both are kept
    assert store.load().office == Channel("dingtalk", url, SECRET)
    assert SECRET not in " ".join(database.audit_entries(database.shared_engine())["detail"])


def test_a_bad_webhook_address_is_refused(open_page):
    app = open_page("app_pages/settings.py")
    app.selectbox(key="channel_office_kind").set_value("wecom").run()
    app.text_input(key="channel_office_url").set_value("qyapi.weixin.qq.com/cgi-bin/webhook")
    app.button(key="save_channels").click().run()
    assert any("https" in e.value and "未保存" in e.value for e in app.error)  # shown escaped, as text


def test_the_office_previews_every_message_then_sends_them(open_page, fake, no_failure):
    database.save_register(database.connect(), SAMPLE_REGISTER.read_bytes(), "示例.xlsx", dt.date(2026, 11, 27),
                           saved_by="王芳")
    store.save(Channels(office=Channel("wecom", fake.url("wecom"))))
    app = open_page("app_pages/escalation.py")
    app.toggle(key="preview_reminders").set_value(True).run()
    no_failure(app)
    previews = [m.value for m in app.markdown if m.value.startswith("**发往 督办办公室")]
    button = app.button(key="send_reminders")
    assert previews and f"发送这 {len(previews)} 条提醒" == button.label
    button.click().run()
    no_failure(app)
    assert len(fake.received["wecom"]) == len(previews)
    assert sum("已送达" in s.value for s in app.success) == len(previews)
    again = open_page("app_pages/escalation.py")
    again.toggle(key="preview_reminders").set_value(True).run()
    assert any("今天已经全部提醒过" in s.value for s in again.success)


def test_a_leader_has_no_send_panel(open_page):
    app = open_page("app_pages/escalation.py", role="leader")
    assert not any("发送催办提醒" in e.label for e in app.expander)
