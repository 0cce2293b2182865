"""The app's frame: which pages exist, who may open them, and what every page calls first."""
from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

import streamlit as st
from streamlit.runtime.scriptrunner_utils.exceptions import ScriptControlException

from webui import auth

EVERYONE = frozenset({"office", "leader", "evaluator"})


@dataclass(frozen=True)
class PageSpec:
    """One screen: its file, menu title and icon, and the roles that may open it."""

    path: str
    title: str
    icon: str
    roles: frozenset[str]

    @property
    def url_path(self) -> str:
        return Path(self.path).stem


PAGES: tuple[PageSpec, ...] = (
    PageSpec("app_pages/overview.py", "总览", ":material/dashboard:", EVERYONE),
    PageSpec("app_pages/departments.py", "部门绩效", ":material/leaderboard:", EVERYONE),
    PageSpec("app_pages/escalation.py", "督办预警", ":material/notification_important:", EVERYONE),
    PageSpec("app_pages/items.py", "事项追踪", ":material/timeline:", EVERYONE),
    PageSpec("app_pages/export.py", "考核导出", ":material/download:", frozenset({"office", "evaluator"})),
    PageSpec("app_pages/documents.py", "文书", ":material/description:", frozenset({"office"})),
    PageSpec("app_pages/upload.py", "上传台账", ":material/upload_file:", frozenset({"office"})),
    PageSpec("app_pages/weeks.py", "台账管理", ":material/inventory_2:", frozenset({"office"})),
    PageSpec("app_pages/settings.py", "规则设置", ":material/tune:", frozenset({"office"})),
    PageSpec("app_pages/users.py", "用户与日志", ":material/manage_accounts:", frozenset({"office"})),
)


def pages_for(role: str) -> list[PageSpec]:
    """The pages a role may open, in menu order."""
    return [page for page in PAGES if role in page.roles]


def _requested_path() -> str:
    """The page part of the browser's URL: '' for the app's root, 'upload' for /upload."""
    url = st.context.url
    path = unquote(urlparse(url).path) if url else ""
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    path = path.strip("/")
    return path[len(base):].strip("/") if base and path.startswith(base) else path


def requested_page() -> PageSpec | None:
    """The page named by the browser's URL (None for the root or an unknown path)."""
    segment = _requested_path()
    return next((page for page in PAGES if page.url_path == segment), None)


def unknown_address() -> str | None:
    """The URL's page part when it names no page: Streamlit would answer it with an English dialog."""
    path = _requested_path()
    return path if path and "/" not in path and requested_page() is None else None


def page_not_found() -> None:
    """A Chinese answer for an address that names no page, with the way back."""
    st.warning("您访问的页面不存在，可能是地址输入有误或页面已更名。请从左侧菜单选择页面。", icon=":material/help:")
    st.page_link(PAGES[0].path, label="返回总览", icon=PAGES[0].icon)


def enter(page_file: str) -> None:
    """Let the page run only for a signed-in user whose role may open it.

    Pages live in ``app_pages/`` (not ``pages/``, which Streamlit would run as an old-style multipage
    app): every address, deep links such as /upload included, runs app.py first, which signs in and
    builds the menu; this check stands in each page as well, in case a page is ever run another way.
    """
    user = auth.require_user()
    spec = next(page for page in PAGES if page.url_path == Path(page_file).stem)
    if user.role not in spec.roles:
        auth.refuse(spec.title, user)
    st.session_state["current_page"] = spec.url_path


UPLOAD_TYPES = ("xlsx", "xlsm", "xls", "csv", "ods")
# Streamlit's file uploader and its error tooltip are English and have no option for their words. These
# rules put Chinese in their place (selectors from Streamlit's own data-testid attributes, which its tests
# rely on too); the browser tests (tests/test_browser.py) fail if Streamlit changes them.
_CHINESE_CHROME = """<style>
[data-testid="stFileUploaderDropzoneInstructions"] span {{ font-size: 0; }}
[data-testid="stFileUploaderDropzoneInstructions"] span::after {{ content: "{limits}"; font-size: 0.875rem; }}
[data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"] p {{ font-size: 0; }}
[data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"] p::after {{
  content: "选择文件"; font-size: 1rem; }}
[data-testid="stTooltipErrorContent"] {{ font-size: 0; }}
[data-testid="stTooltipErrorContent"]::after {{ content: "{refused}"; font-size: 0.875rem; }}
[data-testid="stTooltipErrorHoverTarget"]:has([aria-invalid="true"])::after {{
  content: "{refused}"; color: #b71c1c; font-size: 0.875rem; align-self: center; margin-left: 0.5rem; }}
[data-testid="stStatusWidget"] button {{ display: none; }}
@media (max-width: 640px) {{ [data-testid="stElementToolbar"] {{ display: none; }} }}
@media (max-width: 640px) {{
  [data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] [data-testid="stMetric"]) {{
    flex-direction: row; flex-wrap: wrap; gap: 0.5rem 0.75rem; }}
  [data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] [data-testid="stMetric"])
    > [data-testid="stColumn"] {{
    flex: 1 1 calc(33% - 0.75rem); min-width: calc(33% - 0.75rem); width: calc(33% - 0.75rem); }}
  [data-testid="stMetricValue"] {{ font-size: 1.5rem; }}
}}
</style>"""


def chinese_chrome() -> None:
    """Chinese words in the few places where Streamlit shows English and offers no option (see above), and on a
    phone the metric cards three to a row instead of one."""
    limit = st.get_option("server.maxUploadSize")
    kinds = "、".join(UPLOAD_TYPES)
    st.html(_CHINESE_CHROME.format(limits=f"单个文件不超过 {limit} MB · {kinds}",
                                   refused=f"无法上传：只接受不超过 {limit} MB 的 {kinds} 文件"))


_log = logging.getLogger("duban")
UNEXPECTED = "页面出现意外错误（错误编号 {id}）。请刷新页面重试；如果仍然出现，请把错误编号告诉系统管理员。"


def run_guarded(navigation) -> None:
    """Run the page the navigation chose; an unexpected error becomes a Chinese message with a short id.

    The traceback goes to the server log only (under that id), never to the browser. st.stop, st.rerun
    and st.switch_page work by raising; those pass through.
    """
    try:
        navigation.run()
    except ScriptControlException:
        raise
    except Exception:
        error_id = uuid.uuid4().hex[:8]
        _log.exception("unexpected error %s", error_id)
        st.error(UNEXPECTED.format(id=error_id), icon="⚠️")
