"""Screenshots of every page at 1400 px and at 390 px (a phone), for looking at the app as people do.

    .venv/bin/python scripts/screenshots.py [output folder, default artifacts/screenshots/pages]

Starts ``streamlit run app.py`` on a free port with a throw-away data home holding two stored weeks of the
sample register, signs in as the office, opens each page from the menu and saves a PNG; it also prints how
long each menu click took until the page's title showed. Last, the upload page asking for the task column of
a register whose headers mean nothing (ask_*.png), its report once chosen (asked_read_*.png), and the
立项规范性 panel for a register with badly filed items (filing_*.png).
"""
from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.support import ROOT  # noqa: E402
from tests.support.browser import CHROMIUM, CHROMIUM_FLAGS, PASSWORD, PHONE_USER_AGENT, go_to  # noqa: E402
from tests.support.browser import serve, sign_in  # noqa: E402
from tests.support.workbooks import xlsx_bytes  # noqa: E402
from tests.test_filing import HEADER as FILING_HEADER, ROWS as FILING_ROWS  # noqa: E402
from tests.test_upload_columns import UNKNOWN_TASK  # noqa: E402
from webui.shell import PAGES  # noqa: E402


def _stock(home: Path) -> None:
    """Two weeks of the sample register, two accounts and a 分管 map (two items of the sample fall outside it,
    so 总览 and 督办预警 show their warning) in a fresh data home."""
    os.environ["DUBAN_HOME"] = str(home)
    from duban.config import from_mapping, save_config
    from duban.paths import SAMPLE_REGISTER, config_path
    from duban.storage import accounts, database

    save_config(from_mapping({"leader_departments": {"刘志刚": ["药剂科"], "杨明": ["保卫处"]}}), config_path())

    accounts.add_account("王芳", "office", PASSWORD)
    accounts.add_account("张院长", "leader", PASSWORD, leader="张志强")
    engine = database.shared_engine()
    for day in (dt.date(2026, 11, 20), dt.date(2026, 11, 27)):
        database.save_register(engine, SAMPLE_REGISTER.read_bytes(), "示例台账.xlsx", day, saved_by="王芳")


def _pages(browser, base: str, out: Path, width: int) -> None:
    phone = width < 800
    page = browser.new_page(viewport={"width": width, "height": 2400 if phone else 1600}, is_mobile=phone,
                            has_touch=phone, user_agent=PHONE_USER_AGENT if phone else None)
    sign_in(page, base, "王芳")
    for spec in PAGES:
        started = time.monotonic()
        go_to(page, spec.title)
        page.get_by_role("heading", name=spec.title).first.wait_for(timeout=60_000)
        page.wait_for_load_state("networkidle")
        print(f"{width:>4} px  {spec.title:<8} {time.monotonic() - started:.1f} s")
        page.wait_for_timeout(1500)  # charts draw after the page's text
        page.screenshot(path=str(out / f"{spec.url_path}_{width}.png"), full_page=True)
    page.close()


def _uploaded(browser, base: str, register: Path, width: int):
    """A new page, signed in as the office, with register given to the upload page."""
    phone = width < 800
    page = browser.new_page(viewport={"width": width, "height": 2000 if phone else 1300}, is_mobile=phone,
                            has_touch=phone, user_agent=PHONE_USER_AGENT if phone else None)
    sign_in(page, base, "王芳")
    go_to(page, "上传台账")
    page.locator("input[type=file]").set_input_files(str(register))
    return page


def _ask(browser, base: str, out: Path, register: Path, width: int) -> None:
    """The upload page asking for the task column of a register whose headers mean nothing, then the report."""
    page = _uploaded(browser, base, register, width)
    page.get_by_text("没能确定哪一列是督办事项").wait_for(timeout=60_000)
    page.wait_for_timeout(1500)
    page.screenshot(path=str(out / f"ask_{width}.png"), full_page=True)
    page.get_by_label("哪一列是督办事项（任务）？").click()
    page.get_by_role("option", name="A 列：名目").click()
    page.get_by_role("button", name="按此读取").click()
    page.get_by_text("计入事项").first.wait_for(timeout=60_000)
    page.wait_for_timeout(2000)
    page.screenshot(path=str(out / f"asked_read_{width}.png"), full_page=True)
    page.close()


def _filing(browser, base: str, out: Path, register: Path, width: int) -> None:
    """The upload page's 立项规范性 panel for a register with badly filed items."""
    page = _uploaded(browser, base, register, width)
    page.get_by_role("heading", name="立项规范性").wait_for(timeout=60_000)
    page.wait_for_timeout(2000)
    page.get_by_role("heading", name="立项规范性").scroll_into_view_if_needed()
    page.screenshot(path=str(out / f"filing_{width}.png"), full_page=True)
    page.close()


def main() -> None:
    from playwright.sync_api import sync_playwright

    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "artifacts" / "screenshots" / "pages"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as home:
        _stock(Path(home))
        with serve(Path(home)) as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            register = Path(home) / "重点工作清单.xlsx"
            register.write_bytes(xlsx_bytes(UNKNOWN_TASK))
            badly_filed = Path(home) / "立项待改.xlsx"
            badly_filed.write_bytes(xlsx_bytes([FILING_HEADER, *FILING_ROWS]))
            for width in (1400, 390):
                _pages(browser, base, out, width)
                _ask(browser, base, out, register, width)
                _filing(browser, base, out, badly_filed, width)
            browser.close()
    print(f"saved in {out}")


if __name__ == "__main__":
    main()
