"""End to end in a real browser: Debian's chromium driven by Playwright against ``streamlit run``."""
from __future__ import annotations

import urllib.request

from duban.paths import SAMPLE_REGISTER
from tests.support.browser import needs_chromium, shot, sign_in
from tests.support.sample import sample_expected

pytestmark = needs_chromium


def test_upload_a_register_save_it_and_see_the_overview(users, server, page):
    register, expected = SAMPLE_REGISTER, sample_expected()
    sign_in(page, server, "王芳")
    page.get_by_role("link", name="上传台账").click()
    page.get_by_text("拖放或选择台账文件").wait_for(timeout=60_000)
    page.locator("input[type=file]").set_input_files(str(register))
    page.get_by_text("校验报告", exact=True).wait_for(timeout=60_000)
    page.get_by_text(f"{expected['counts']['kept']}", exact=True).first.wait_for(timeout=30_000)
    page.locator("[data-testid='stDataFrame'] canvas").first.wait_for(timeout=30_000)
    page.wait_for_timeout(1500)
    menu = page.locator("[data-testid='stSidebarNav']").inner_text()
    assert "总览" in menu and "上传台账" in menu and "settings" not in menu
    shot(page, "upload")
    page.get_by_role("button", name=f"保存为 {expected['as_of']} 的台账").click()
    page.get_by_text("已保存为该周台账").wait_for(timeout=30_000)

    page.get_by_role("link", name="总览").click()
    page.get_by_text("督办工作总览").wait_for(timeout=60_000)
    page.get_by_text("总事项", exact=True).wait_for(timeout=60_000)
    page.locator(".js-plotly-plot").first.wait_for(timeout=60_000)
    body = page.inner_text("body")
    assert "示例台账" not in body and "Traceback" not in body and "Error" not in body
    kept = [i for i in expected["items"] if i["status"] != "cancelled"]
    assert str(len(kept)) in body
    shot(page, "overview")


def test_a_fresh_server_refuses_an_unsigned_deep_link_and_a_leaders_upload(users, server, page):
    page.goto(f"{server}/upload")  # first request of the process, straight to a page URL
    page.get_by_role("button", name="登录").wait_for(timeout=60_000)
    assert "拖放或选择台账文件" not in page.inner_text("body")
    sign_in(page, server, "张院长")
    menu = page.locator("[data-testid='stSidebarNav']").inner_text()
    assert "部门绩效" in menu and "上传台账" not in menu and "规则设置" not in menu
    page.goto(f"{server}/upload")  # a new browser session, still signed in by its cookie, on the /upload URL
    page.get_by_text("无权访问").wait_for(timeout=60_000)
    assert "拖放或选择台账文件" not in page.inner_text("body")
    shot(page, "leader_refused")


def test_a_far_cell_file_and_a_crashing_one_leave_the_server_serving_a_second_session(users, server, page, tmp_path):
    """Issue 17: the 2 KB far-cell workbook, then a .xls that aborts its reader, through the real upload page."""
    from tests.support.hostile import far_cell, far_xls

    far, crashing = tmp_path / "远处单元格.xlsx", tmp_path / "远处单元格.xls"
    far.write_bytes(far_cell())
    crashing.write_bytes(far_xls())
    sign_in(page, server, "王芳")
    page.get_by_role("link", name="上传台账").click()
    page.get_by_text("拖放或选择台账文件").wait_for(timeout=60_000)
    page.locator("input[type=file]").set_input_files(str(far))
    page.get_by_text("表格范围过大").wait_for(timeout=60_000)
    page.locator("input[type=file]").set_input_files(str(crashing))
    page.get_by_text("文件过大或已损坏").wait_for(timeout=60_000)
    assert "Traceback" not in page.inner_text("body")
    shot(page, "hostile_upload")
    assert urllib.request.urlopen(f"{server}/_stcore/health", timeout=5).status == 200
    second = page.context.browser.new_page(viewport={"width": 390, "height": 900})
    sign_in(second, server, "张院长")
    second.get_by_text("督办工作总览").wait_for(timeout=60_000)
    second.get_by_text("总事项").first.wait_for(timeout=60_000)
    assert "Traceback" not in second.inner_text("body")


def test_on_a_phone_the_headline_figures_stand_three_to_a_row(users, server, page):
    from tests.support.browser import PHONE_USER_AGENT

    phone = page.context.browser.new_page(viewport={"width": 390, "height": 1200}, is_mobile=True, has_touch=True,
                                          user_agent=PHONE_USER_AGENT)
    sign_in(phone, server, "王芳")
    phone.get_by_text("总事项", exact=True).wait_for(timeout=60_000)
    cards = phone.locator("[data-testid='stMetric']")
    tops = sorted({round(cards.nth(k).bounding_box()["y"]) for k in range(6)})
    assert len(tops) == 2, tops  # six cards in two rows, not six
    phone.close()
