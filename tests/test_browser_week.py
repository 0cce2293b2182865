"""Issue 18 in a real browser, at 1400 px and at 390 px: the upload-then-upload-again flow, a refresh that keeps
the sign-in, a leader's own pages, and Chinese where Streamlit would show English."""
from __future__ import annotations

import datetime as dt

import pytest

from duban.paths import SAMPLE_REGISTER
from duban.pipeline import analyze
from duban.compute.escalation import reminder_list
from duban.storage import accounts, database
from tests.support.browser import go_to, needs_chromium, open_sidebar, shot, sign_in, wait_signed_in
from tests.support.sample import sample_expected
from tests.support.workbooks import HEADER, xlsx_bytes

pytestmark = needs_chromium
JANUARY = xlsx_bytes([["统计截至：2027年1月15日"], HEADER,
                      ["B", "乙", "护理部", "2027-01-04", "2027-01-20", "办理中", None],
                      ["C", "丙", "院办", "2027-01-05", "2027-01-29", "办理中", None]])


def _date_box(page):
    return page.get_by_label("统计截至日期（默认取台账中的“统计截至”）")


def test_a_second_upload_is_saved_under_its_own_week(users, server, sized_page, tmp_path):
    page, first_day = sized_page, sample_expected()["as_of"]
    second = tmp_path / "一月台账.xlsx"
    second.write_bytes(JANUARY)
    sign_in(page, server, "王芳")
    go_to(page, "上传台账")
    page.locator("input[type=file]").set_input_files(str(SAMPLE_REGISTER))
    page.get_by_role("button", name=f"保存为 {first_day} 的台账").wait_for(timeout=60_000)
    assert _date_box(page).input_value() == first_day
    page.locator("input[type=file]").set_input_files(str(second))  # the same page, a different file
    page.get_by_role("button", name="保存为 2027-01-15 的台账").wait_for(timeout=60_000)
    assert _date_box(page).input_value() == "2027-01-15"
    assert _metric(page, "计入事项") == "2"
    shot(page, f"upload_again_{page.viewport_size['width']}")
    page.get_by_role("button", name="保存为 2027-01-15 的台账").click()
    page.get_by_text("已保存为该周台账").wait_for(timeout=30_000)
    weeks = database.weeks(database.shared_engine())
    assert weeks["as_of"].tolist() == [dt.date(2027, 1, 15)]
    assert weeks["filename"].tolist() == ["一月台账.xlsx"]


def test_a_refresh_keeps_the_sign_in_and_sign_out_or_a_new_password_ends_it(users, server, sized_page):
    page = sized_page
    sign_in(page, server, "张院长")
    page.reload()
    wait_signed_in(page, "张院长")  # no sign-in form after a refresh
    go_to(page, "督办预警")
    page.get_by_role("heading", name="督办预警").wait_for(timeout=60_000)
    page.reload()
    wait_signed_in(page, "张院长")
    accounts.set_password("张院长", "另一个新密码123")  # from the command line, while the page is open
    go_to(page, "总览")
    page.get_by_role("button", name="登录").wait_for(timeout=60_000)
    page.reload()
    page.get_by_role("button", name="登录").wait_for(timeout=60_000)  # the old cookie signs in no one
    sign_in(page, None, "王芳")
    open_sidebar(page)
    page.get_by_role("button", name="退出登录").click()
    page.get_by_role("button", name="登录").wait_for(timeout=60_000)
    page.reload()
    page.get_by_role("button", name="登录").wait_for(timeout=60_000)


def _metric(page, label: str) -> str:
    card = page.locator("[data-testid='stMetric']").filter(has_text=label).first
    return card.locator("[data-testid='stMetricValue']").inner_text()


def test_a_leader_sees_their_own_items_on_the_overview_and_the_warnings(users, server, sized_page):
    page = sized_page
    items = analyze(SAMPLE_REGISTER.read_bytes(), SAMPLE_REGISTER.name).items
    mine = items[(items["leader"] == "张志强") & (items["status"] != "cancelled")]
    sign_in(page, server, "张院长")
    page.get_by_text("总事项", exact=True).wait_for(timeout=60_000)
    assert _metric(page, "总事项") == str(len(mine)) and len(mine) < (items["status"] != "cancelled").sum()
    go_to(page, "督办预警")
    stages = reminder_list(mine)["stage"].value_counts()
    for stage, count in stages.items():
        page.get_by_text(f"{stage}（{count} 项）").wait_for(timeout=60_000)
    page.wait_for_timeout(800)
    shot(page, f"leader_escalation_{page.viewport_size['width']}")


@pytest.fixture
def office_page(users, server, page):
    sign_in(page, server, "王芳")
    return page


def test_the_uploader_and_its_refusals_speak_chinese(office_page, tmp_path):
    page = office_page
    go_to(page, "上传台账")
    dropzone = page.locator("[data-testid='stFileUploaderDropzone']")
    dropzone.wait_for(timeout=60_000)
    seen = dropzone.evaluate("""zone => [...zone.querySelectorAll('span, p')].map(e =>
        getComputedStyle(e).fontSize === '0px' ? getComputedStyle(e, '::after').content : e.innerText).join(' ')""")
    assert "选择文件" in seen and "单个文件不超过 50 MB" in seen
    pdf = tmp_path / "通知.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    page.locator("input[type=file]").set_input_files(str(pdf))
    chip = page.locator("[data-testid='stTooltipErrorHoverTarget']")
    chip.wait_for(timeout=30_000)
    refusal = chip.evaluate("e => getComputedStyle(e, '::after').content")
    assert "无法上传：只接受不超过 50 MB" in refusal
    shot(page, "upload_refused")


def test_an_unknown_address_is_answered_in_chinese_without_streamlits_dialog(office_page, server):
    page = office_page
    page.goto(f"{server}/no-such-page")
    page.get_by_text("您访问的页面不存在").wait_for(timeout=60_000)
    assert page.locator("[role=dialog]").count() == 0 and "Page not found" not in page.inner_text("body")
    assert page.locator("[data-testid='stMainMenu']").count() == 0  # no English app menu


ENGLISH = ("Page not found", "Running the app", "main page", "You do not have access")


@pytest.mark.parametrize("name, role", [("王芳", "office"), ("张院长", "leader")])
def test_every_page_opens_by_its_address_for_each_role_with_no_english_on_screen(users, server, page, name, role):
    from webui.shell import PAGES

    sign_in(page, server, name)
    wait_signed_in(page, name)
    for spec in PAGES:
        page.goto(f"{server}/{spec.url_path}")
        if role in spec.roles:
            page.get_by_role("heading", name=spec.title).first.wait_for(timeout=60_000)
        else:
            page.get_by_text("无权").first.wait_for(timeout=60_000)
        page.wait_for_timeout(300)
        body = page.inner_text("body")
        assert page.locator("[role=dialog]").count() == 0, spec.url_path
        assert not [word for word in ENGLISH if word in body], (spec.url_path, body[:300])
