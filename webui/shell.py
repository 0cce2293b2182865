"""The app's frame: which pages exist, who may open them, and what every page calls first."""
from __future__ import annotations

import runpy
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import streamlit as st

from webui import auth

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"
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
    PageSpec("pages/overview.py", "总览", ":material/dashboard:", EVERYONE),
    PageSpec("pages/departments.py", "部门绩效", ":material/leaderboard:", EVERYONE),
    PageSpec("pages/escalation.py", "督办预警", ":material/notification_important:", EVERYONE),
    PageSpec("pages/export.py", "考核导出", ":material/download:", frozenset({"office", "evaluator"})),
    PageSpec("pages/upload.py", "上传台账", ":material/upload_file:", frozenset({"office"})),
    PageSpec("pages/settings.py", "规则设置", ":material/tune:", frozenset({"office"})),
    PageSpec("pages/users.py", "用户与日志", ":material/manage_accounts:", frozenset({"office"})),
)


def pages_for(role: str) -> list[PageSpec]:
    """The pages a role may open, in menu order."""
    return [page for page in PAGES if role in page.roles]


def requested_page() -> PageSpec | None:
    """The page named by the browser's URL (None for the root or an unknown path)."""
    url = st.context.url
    segment = urlparse(url).path.rstrip("/").rsplit("/", 1)[-1] if url else ""
    return next((page for page in PAGES if page.url_path == segment), None)


def enter(page_file: str) -> None:
    """Run the page inside app.py's navigation, and only for a signed-in user whose role may open it.

    Streamlit treats an app with a ``pages/`` folder as an old-style multipage app until the first
    ``st.navigation`` call of the process: a URL such as /upload opened on a fresh server would run
    pages/upload.py alone, skipping app.py (page config, sign-in, menu). In that case this runs
    app.py instead — its ``st.navigation`` switches the process to the new mode and runs this same
    page inside it, in the same script run, so no widget event is lost — then stops.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        runpy.run_path(str(APP), run_name="__main__")
        st.stop()
    user = auth.require_user()
    spec = next(page for page in PAGES if page.url_path == Path(page_file).stem)
    if user.role not in spec.roles:
        auth.refuse(spec.title, user)
