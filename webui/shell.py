"""What every page calls first."""
from __future__ import annotations

import runpy
from pathlib import Path

import streamlit as st

APP = Path(__file__).resolve().parent.parent / "app.py"


def enter() -> None:
    """Make sure the page runs inside app.py's navigation.

    Streamlit treats an app with a ``pages/`` folder as an old-style multipage app until the first
    ``st.navigation`` call of the process: a URL such as /upload opened on a fresh server would run
    pages/upload.py alone, skipping app.py (page config, menu and, later, the sign-in). In that case
    this runs app.py instead — its ``st.navigation`` switches the process to the new mode and runs
    this same page inside it, in the same script run, so no widget event is lost — then stops.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        runpy.run_path(str(APP), run_name="__main__")
        st.stop()
