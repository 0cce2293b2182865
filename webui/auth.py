"""Sign-in: the first-start setup screen, the sign-in form, the signed-in user, and role checks."""
from __future__ import annotations

import dataclasses
import json

import sqlalchemy as sa
import streamlit as st

from duban import paths
from duban.config import from_mapping, save_config, to_mapping
from duban.errors import DubanError
from duban.storage import accounts, database, sessions
from duban.storage.accounts import ROLES, Account, AccountError
from webui import data
from webui.text import plain

USER_KEY = "duban_user"
TOKEN_KEY = "duban_session_token"
COOKIE_PENDING_KEY = "duban_cookie_pending"
COOKIE_WRITTEN_KEY = "duban_cookie_written"  # this run wrote the cookie
# Without a remembered sign-in (session_hours = 0) the server still ends an open page's sign-in after this.
UNREMEMBERED_HOURS = 12


def current_user() -> Account | None:
    """The signed-in account of this browser, checked on every run.

    An account removed, a password changed, a sign-out elsewhere or an expired sign-in ends it at the next
    click. After a refresh (a new Streamlit session) the browser's cookie brings the sign-in back.
    """
    user = st.session_state.get(USER_KEY)
    if user is None:
        return _from_cookie()
    # One query: removing an account ends its tokens in the same transaction (accounts.remove_account).
    if sessions.name_for(data.engine(), st.session_state.get(TOKEN_KEY)) != user.name:
        _forget()
        return None
    return user


def browser_token() -> str | None:
    """The sign-in token the browser sent when this session began (cookies are browser input)."""
    try:
        token = st.context.cookies.get(sessions.COOKIE_NAME)
    except Exception:  # no browser (a script run outside the server)
        return None
    return token if isinstance(token, str) else None


def _from_cookie() -> Account | None:
    token = browser_token()
    if token is None:
        return None
    try:
        engine = data.engine()
        name = sessions.name_for(engine, token)
        account = accounts.load_accounts(engine).get(name) if name else None
    except sa.exc.SQLAlchemyError:  # the sign-in screen, inside the app's error boundary, reports it
        return None
    if account is not None:
        st.session_state[USER_KEY] = dataclasses.replace(account, password_hash="")
        st.session_state[TOKEN_KEY] = token
    return account


def _forget() -> None:
    for key in (USER_KEY, TOKEN_KEY, COOKIE_PENDING_KEY):
        st.session_state.pop(key, None)


def require_user() -> Account:
    """The signed-in account; otherwise show the setup or sign-in screen and stop the run."""
    user = current_user()
    if user is not None:
        return user
    sign_in_screen()
    st.stop()


def sign_in_screen() -> None:
    """First start: create the first office account; afterwards: sign in."""
    if browser_token():  # revoked or expired: the browser need not keep sending it
        _set_cookie("", 0)
    _, middle, _ = st.columns([1, 2, 1])
    with middle:
        st.title("督办看板")
        if not accounts.load_accounts(data.engine()):
            _first_account()
        else:
            if _oidc_configured():
                _single_sign_on()
            _sign_in_form()


def _oidc_configured() -> bool:
    """True when .streamlit/secrets.toml has an [auth] section for st.login."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all
        return False


def _single_sign_on() -> None:
    """Sign-in through the institution's OIDC provider; the identity must match a registered account."""
    if not st.user.get("is_logged_in", False):
        st.button("使用单位统一身份认证登录", on_click=st.login, key="oidc_login")
        st.caption("或使用督办看板账号登录：")
        return
    identity = st.user.get("email") or st.user.get("name") or ""
    account = accounts.load_accounts(data.engine()).get(identity)
    if account is None:
        database.log(data.engine(), identity or "（未知）", "sign_in_failed", "统一身份认证账号未登记")
        st.error(f"统一身份认证账号“{plain(identity)}”尚未在督办看板登记，请联系督办办公室添加同名账号。")
        st.button("退出统一身份认证", on_click=st.logout, key="oidc_logout")
        return
    database.log(data.engine(), account.name, "sign_in", f"{ROLES[account.role]}（统一身份认证）")
    _remember(account)
    st.rerun()


def _first_account() -> None:
    st.info("首次使用：请创建第一个督办办公室账号（系统不提供默认密码）。之后可在命令行或由该账号添加其他用户。")
    with st.form("setup_form"):
        institution = st.text_input("机构名称（用于报表和导出文件的标题，如“某某大学附属医院”）",
                                    key="setup_institution")
        name = st.text_input("用户名", key="setup_name")
        password = st.text_input("密码（至少 8 位）", type="password", key="setup_password")
        again = st.text_input("再次输入密码", type="password", key="setup_again")
        if st.form_submit_button("创建账号并登录", type="primary"):
            if password != again:
                st.error("两次输入的密码不一致。")
                return
            try:
                config = data.office_config() if institution.strip() else None
                account = accounts.add_account(name, "office", password, by=name.strip(), engine=data.engine())
            except DubanError as exc:
                st.error(plain(exc))
                return
            if config is not None:
                save_config(from_mapping({**to_mapping(config), "institution_name": institution.strip()}),
                            paths.config_path())
            _remember(account)
            st.rerun()


def _sign_in_form() -> None:
    with st.form("sign_in_form"):
        name = st.text_input("用户名", key="sign_in_name")
        password = st.text_input("密码", type="password", key="sign_in_password")
        if st.form_submit_button("登录", type="primary"):
            try:
                _remember(accounts.sign_in(data.engine(), name, password))
            except AccountError as exc:
                st.error(plain(exc))
                return
            st.rerun()


def _remember(account: Account) -> None:
    """Keep who signed in for this session (without the password hash) and, when configured, in the browser."""
    hours = data.office_config().session_hours
    token = sessions.open_session(data.engine(), account.name, hours or UNREMEMBERED_HOURS)
    st.session_state[USER_KEY] = dataclasses.replace(account, password_hash="")
    st.session_state[TOKEN_KEY] = token
    st.session_state[COOKIE_PENDING_KEY] = hours > 0


def _set_cookie(token: str, seconds: int) -> None:
    """Write (or, with 0 seconds, delete) the sign-in cookie through a script on the page.

    Streamlit has no server-side cookie writer; its own st.html runs the script. The token holds only
    URL-safe characters and goes in as a JSON string.
    """
    secure = "; Secure" if request_is_https(dict(st.context.headers), st.context.url) else ""
    cookie = json.dumps(f"{sessions.COOKIE_NAME}={token}; Max-Age={seconds}; Path=/; SameSite=Strict{secure}")
    st.html(f"<script>document.cookie = {cookie};</script>", unsafe_allow_javascript=True)


def request_is_https(headers: dict, url: str | None) -> bool:
    """Whether the browser reached the dashboard over https: directly, or through a proxy that says so in
    X-Forwarded-Proto (the script runs in a frame whose own location is not the page's, so it cannot tell)."""
    forwarded = {k.lower(): v for k, v in headers.items()}.get("x-forwarded-proto", "")
    return forwarded.split(",")[0].strip().lower() == "https" or (url or "").lower().startswith("https://")


def keep_cookie_pending() -> None:
    """The run that wrote the cookie is being replaced (st.switch_page): write it again in the next one."""
    if st.session_state.get(COOKIE_WRITTEN_KEY):
        st.session_state[COOKIE_PENDING_KEY] = True


def sign_out_button(user: Account) -> None:
    """Who is signed in, and a sign-out button, in the sidebar; writes the browser's cookie after a sign-in."""
    st.sidebar.caption(f"当前用户：{user.name}（{ROLES[user.role]}）")
    st.session_state[COOKIE_WRITTEN_KEY] = st.session_state.get(COOKIE_PENDING_KEY, False)
    if st.session_state.pop(COOKIE_PENDING_KEY, False):
        token = st.session_state[TOKEN_KEY]
        with st.sidebar:
            _set_cookie(token, sessions.seconds_left(data.engine(), token))
    if st.sidebar.button("退出登录", key="sign_out"):
        database.log(data.engine(), user.name, "sign_out")
        sessions.close_session(data.engine(), st.session_state.get(TOKEN_KEY))
        _forget()
        st.rerun()


def refuse(page_title: str, user: Account) -> None:
    """The Chinese refusal for a page the user's role may not open; stops the run."""
    st.error(f"您的角色（{ROLES[user.role]}）无权访问“{page_title}”页面。如需权限，请联系督办办公室。")
    st.markdown("[返回总览](/)")
    st.stop()


def log(action: str, detail: str = "") -> None:
    """Record what the signed-in user did in the audit log."""
    user = current_user()
    database.log(data.engine(), user.name if user else "（未登录）", action, detail)
