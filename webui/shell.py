"""What every page calls first."""
from __future__ import annotations

import streamlit as st


def enter() -> None:
    """Make sure the page runs inside app.py's navigation.

    Streamlit treats an app with a ``pages/`` folder as an old-style multipage app until the first
    ``st.navigation`` call of the process: a URL such as /upload opened on a fresh server would then
    run pages/upload.py alone, skipping app.py (page config, menu, and later the sign-in). Switching
    the process to ``st.navigation`` mode and rerunning sends the request through app.py instead.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
