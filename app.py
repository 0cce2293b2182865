"""督办看板 — entry point: page config, sign-in, and the menu built for the signed-in role."""
from __future__ import annotations

import streamlit as st

from webui import auth, shell

st.set_page_config(page_title="督办看板", page_icon="📋", layout="wide")
shell.chinese_chrome()
user = auth.current_user()
unknown = shell.unknown_address()  # an address that names no page: answered in Chinese, not Streamlit's dialog
if user is None:  # every address shows the sign-in screen, without a menu; after sign-in the address is kept
    screens = [st.Page(auth.sign_in_screen, title="登录", default=True)]
    screens += [st.Page(auth.sign_in_screen, title="登录", url_path=p.url_path) for p in shell.PAGES]
    if unknown:
        screens.append(st.Page(auth.sign_in_screen, title="登录", url_path=unknown))
    shell.run_guarded(st.navigation(screens, position="hidden"))
    st.stop()
auth.sign_out_button(user)
allowed = shell.pages_for(user.role)
requested = shell.requested_page()
if requested is not None and requested not in allowed:
    auth.refuse(requested.title, user)


def home() -> None:
    """The app's root: the first page under its own address (a default page at "/" would leave /overview to
    Streamlit's English "Page not found" dialog). An address naming no page that reaches the root (the first
    run of a session can) is answered here rather than switched away from."""
    if unknown:
        shell.page_not_found()
        return
    auth.keep_cookie_pending()
    st.switch_page(allowed[0].path)


pages = [st.Page(home, title=allowed[0].title, default=True, visibility="hidden")]
pages += [st.Page(p.path, title=p.title, icon=p.icon) for p in allowed]
if unknown:
    pages.append(st.Page(shell.page_not_found, title="页面不存在", url_path=unknown, visibility="hidden"))
shell.run_guarded(st.navigation(pages))
