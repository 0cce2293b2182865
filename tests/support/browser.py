"""Browser fixtures (a pytest plugin loaded by conftest): ``streamlit run`` on a free port, Debian's chromium.

Tests that use them are marked ``browser``; they skip when /usr/bin/chromium is absent outside CI.
"""
from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.support import ROOT

CHROMIUM = "/usr/bin/chromium"
SHOTS = ROOT / "artifacts" / "screenshots"
PASSWORD = "browser-test-密码1"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# A phone's browser says so; Streamlit closes the sidebar after a menu choice only for a mobile user agent.
PHONE_USER_AGENT = ("Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) "
                    "Chrome/120.0.0.0 Mobile Safari/537.36")
needs_chromium = [pytest.mark.browser,
                  pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium is not installed")]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve(home: Path):
    """``streamlit run app.py`` from this checkout on a free 127.0.0.1 port with that data home; yields its URL."""
    port = free_port()
    env = {**os.environ, "DUBAN_HOME": str(home)}
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port), "--server.address",
         "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base, process)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


def wait_healthy(base: str, process: subprocess.Popen) -> None:
    """Until the server at base answers its health check (killed, with an error, after 60 s)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if urllib.request.urlopen(f"{base}/_stcore/health", timeout=2).status == 200:
                return
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError("streamlit did not start within 60 s")


@pytest.fixture
def server(duban_home):
    """The dashboard served from this checkout on 127.0.0.1, with the test's own data home."""
    with serve(duban_home) as base:
        yield base


@pytest.fixture
def chromium():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    """A desktop-sized page (1400 px)."""
    return chromium.new_page(viewport={"width": 1400, "height": 1000})


@pytest.fixture(params=[1400, 390], ids=["desktop", "phone"])
def sized_page(chromium, request):
    """The same test at a desktop's width and a phone's."""
    if request.param > 800:
        return chromium.new_page(viewport={"width": request.param, "height": 1000})
    return chromium.new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                             user_agent=PHONE_USER_AGENT)


@pytest.fixture
def users(duban_home):
    """An office account and a leader linked to 张志强, the 分管领导 of several sample departments."""
    from duban.storage import accounts
    accounts.add_account("王芳", "office", PASSWORD)
    accounts.add_account("张院长", "leader", PASSWORD, leader="张志强")


def sign_in(page, base: str | None, name: str) -> None:
    """Sign in through the form (at base, or on the page already open)."""
    if base is not None:
        page.goto(base)
    page.get_by_label("用户名").fill(name)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    wait_signed_in(page, name)


def wait_signed_in(page, name: str) -> None:
    """Until the page shows who is signed in (in the sidebar, opened first on a phone)."""
    page.get_by_text(f"当前用户：{name}").wait_for(state="attached", timeout=60_000)


def go_to(page, title: str) -> None:
    """Open a page from the menu (the sidebar is collapsed on a phone: open it first)."""
    open_sidebar(page)
    page.get_by_role("link", name=title).click()


def open_sidebar(page) -> None:
    """Open the sidebar if it is collapsed (as it is on a phone)."""
    sidebar = page.locator("[data-testid='stSidebar']")
    if sidebar.evaluate("e => e.getBoundingClientRect().right <= 0"):
        page.locator("[data-testid='stExpandSidebarButton']").click()
        page.wait_for_function(
            "() => document.querySelector('[data-testid=stSidebar]').getBoundingClientRect().left >= 0")


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
