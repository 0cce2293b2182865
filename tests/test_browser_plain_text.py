"""Register text is shown as text in a real browser: a title written as a markdown image or link makes a
leader's browser fetch nothing and shows no link, on 事项追踪, 部门绩效 and 总览."""
from __future__ import annotations

import datetime as dt
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from duban.storage import database
from tests.support.browser import go_to, needs_chromium, sign_in
from tests.support.workbooks import xlsx_bytes

pytestmark = needs_chromium
HEADER = ["督办编号", "督办事项", "承办科室", "分管领导", "交办日期", "办理时限", "办理状态", "办结日期"]


@pytest.fixture
def pixel_server():
    """A server on 127.0.0.1 that counts every request a page would make to it."""
    hits: list[str] = []

    class Pixel(BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Pixel)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", hits
    server.shutdown()
    server.server_close()


def test_a_title_written_as_markup_fetches_nothing_in_a_leaders_browser(users, server, page, pixel_server):
    base, hits = pixel_server
    title = f"![x]({base}/title.png) 完善 [点我]({base}/link) <img src='{base}/html.png'> {base}/bare"
    dept = f"医务部![y]({base}/dept.png)"
    register = xlsx_bytes([["统计截至：2026年11月27日"], HEADER,
                           ["DB-1", title, dept, "张志强", "2026-11-02", "2026-11-10", "办理中", None],
                           ["DB-2", "正常事项", "护理部", "张志强", "2026-11-02", "2026-12-30", "办理中", None]])
    database.save_register(database.connect(), register, "台账.xlsx", dt.date(2026, 11, 27), saved_by="王芳")
    sign_in(page, server, "张院长")
    for menu in ("事项追踪", "部门绩效", "总览"):
        go_to(page, menu)
        page.get_by_role("heading", name=menu).wait_for(timeout=60_000)
        if menu == "事项追踪":
            page.get_by_text("完善", exact=False).first.wait_for(timeout=60_000)
            assert page.locator("h3", has_text="完善").count() == 1  # the title is there, as text
        page.wait_for_timeout(1500)
        main = page.locator("[data-testid='stMain']")
        found = main.locator(f"a[href^='{base}'], img[src^='{base}']")
        assert found.count() == 0, (menu, [found.nth(i).evaluate("e => e.outerHTML") for i in range(found.count())])
    assert hits == []
