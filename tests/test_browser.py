"""End to end in a real browser: Debian's chromium driven by Playwright against ``streamlit run``."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.support import ROOT
from duban.paths import SAMPLE_REGISTER
from tests.support.sample import sample_expected

CHROMIUM = "/usr/bin/chromium"
SHOTS = ROOT / "artifacts" / "screenshots"
pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium is not installed")]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(duban_home):
    port = _free_port()
    env = {**os.environ, "DUBAN_HOME": str(duban_home)}
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port), "--server.address",
         "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if urllib.request.urlopen(f"{base}/_stcore/health", timeout=2).status == 200:
                break
        except OSError:
            time.sleep(0.3)
    else:
        process.kill()
        pytest.fail("streamlit did not start within 60 s")
    yield base
    process.terminate()
    process.wait(timeout=20)


@pytest.fixture
def page():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        yield browser.new_page(viewport={"width": 1400, "height": 1000})
        browser.close()


PASSWORD = "browser-test-密码1"


@pytest.fixture
def users(duban_home):
    from duban.storage import accounts
    accounts.add_account("王芳", "office", PASSWORD)
    accounts.add_account("张院长", "leader", PASSWORD, leader="张志强")


def _sign_in(page, base: str | None, name: str) -> None:
    """Sign in through the form (at base, or on the page already open)."""
    if base is not None:
        page.goto(base)
    page.get_by_label("用户名").fill(name)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_text(f"当前用户：{name}").wait_for(timeout=60_000)


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_upload_a_register_save_it_and_see_the_overview(users, server, page):
    register, expected = SAMPLE_REGISTER, sample_expected()
    _sign_in(page, server, "王芳")
    page.get_by_role("link", name="上传台账").click()
    page.get_by_text("拖放或选择台账文件").wait_for(timeout=60_000)
    page.locator("input[type=file]").set_input_files(str(register))
    page.get_by_text("校验报告", exact=True).wait_for(timeout=60_000)
    page.get_by_text(f"{expected['counts']['kept']}", exact=True).first.wait_for(timeout=30_000)
    page.locator("[data-testid='stDataFrame'] canvas").first.wait_for(timeout=30_000)
    page.wait_for_timeout(1500)
    menu = page.locator("[data-testid='stSidebarNav']").inner_text()
    assert "总览" in menu and "上传台账" in menu and "settings" not in menu
    _shot(page, "upload")
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
    _shot(page, "overview")


def test_a_fresh_server_refuses_an_unsigned_deep_link_and_a_leaders_upload(users, server, page):
    page.goto(f"{server}/upload")  # first request of the process, straight to a page URL
    page.get_by_role("button", name="登录").wait_for(timeout=60_000)
    assert "拖放或选择台账文件" not in page.inner_text("body")
    _sign_in(page, server, "张院长")
    menu = page.locator("[data-testid='stSidebarNav']").inner_text()
    assert "部门绩效" in menu and "上传台账" not in menu and "规则设置" not in menu
    page.goto(f"{server}/upload")  # a new browser session: sign in again, on the /upload URL
    _sign_in(page, None, "张院长")
    page.get_by_text("无权访问").wait_for(timeout=60_000)
    assert "拖放或选择台账文件" not in page.inner_text("body")
    _shot(page, "leader_refused")


def test_a_far_cell_file_and_a_crashing_one_leave_the_server_serving_a_second_session(users, server, page, tmp_path):
    """Issue 17: the 2 KB far-cell workbook, then a .xls that aborts its reader, through the real upload page."""
    from tests.support.hostile import far_cell, far_xls

    far, crashing = tmp_path / "远处单元格.xlsx", tmp_path / "远处单元格.xls"
    far.write_bytes(far_cell())
    crashing.write_bytes(far_xls())
    _sign_in(page, server, "王芳")
    page.get_by_role("link", name="上传台账").click()
    page.get_by_text("拖放或选择台账文件").wait_for(timeout=60_000)
    page.locator("input[type=file]").set_input_files(str(far))
    page.get_by_text("表格范围过大").wait_for(timeout=60_000)
    page.locator("input[type=file]").set_input_files(str(crashing))
    page.get_by_text("文件过大或已损坏").wait_for(timeout=60_000)
    assert "Traceback" not in page.inner_text("body")
    _shot(page, "hostile_upload")
    assert urllib.request.urlopen(f"{server}/_stcore/health", timeout=5).status == 200
    second = page.context.browser.new_page(viewport={"width": 390, "height": 900})
    _sign_in(second, server, "张院长")
    second.get_by_text("督办工作总览").wait_for(timeout=60_000)
    second.get_by_text("总事项").first.wait_for(timeout=60_000)
    assert "Traceback" not in second.inner_text("body")
