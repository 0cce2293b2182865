"""Remembered sign-ins: tokens that expire, end at sign-out, password change and removal, and survive a refresh."""
from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from duban.storage import accounts, database, sessions
from tests.support import ROOT
from webui import auth

PASSWORD = "正确的密码123"
NOW = dt.datetime(2026, 11, 30, 9, 0)


@pytest.fixture
def engine(database_url):  # on SQLite and on a real PostgreSQL
    accounts.add_account("王芳", "office", PASSWORD)
    accounts.add_account("留下的", "office", PASSWORD)
    return database.shared_engine()


def test_a_token_names_its_account_until_it_expires(engine):
    token = sessions.open_session(engine, "王芳", 2, now=NOW)
    assert sessions.name_for(engine, token, now=NOW + dt.timedelta(hours=1)) == "王芳"
    assert sessions.seconds_left(engine, token, now=NOW + dt.timedelta(hours=1)) == 3600
    assert sessions.name_for(engine, token, now=NOW + dt.timedelta(hours=2)) is None


def test_only_the_hash_of_a_token_is_stored(engine):
    token = sessions.open_session(engine, "王芳", 2)
    with engine.connect() as conn:
        stored = conn.execute(sessions.sessions_table.select()).all()
    assert len(stored) == 1 and token not in repr(stored)


@pytest.mark.parametrize("end", ["sign_out", "password", "removal"])
def test_a_token_ends_at_sign_out_password_change_and_removal(engine, end):
    token = sessions.open_session(engine, "王芳", 2)
    other = sessions.open_session(engine, "留下的", 2)
    if end == "sign_out":
        sessions.close_session(engine, token)
    elif end == "password":
        accounts.set_password("王芳", "新的密码456789")
    else:
        accounts.remove_account("王芳")
    assert sessions.name_for(engine, token) is None
    assert sessions.name_for(engine, other) == "留下的"  # other people's sign-ins are untouched


@pytest.mark.parametrize("cookie", [None, "", "x" * 5000, 42, "'; DROP TABLE sign_in_sessions; --", "伪造的令牌"])
def test_anything_else_in_the_cookie_signs_in_no_one(engine, cookie):
    assert sessions.name_for(engine, cookie) is None


def test_expired_tokens_are_dropped_when_a_new_one_opens(engine):
    sessions.open_session(engine, "王芳", 1, now=NOW)
    sessions.open_session(engine, "王芳", 1, now=NOW + dt.timedelta(hours=3))
    with engine.connect() as conn:
        assert len(conn.execute(sessions.sessions_table.select()).all()) == 1


def signed_in_through_the_form() -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    app.run()
    app.text_input(key="sign_in_name").set_value("王芳")
    app.text_input(key="sign_in_password").set_value(PASSWORD)
    app.button[0].click().run()
    return app


def cookie_scripts(app) -> list[str]:
    return [element.proto.body for element in app.get("html") if "document.cookie" in element.proto.body]


def test_signing_in_writes_the_cookie_once_with_the_configured_lifetime(engine):
    app = signed_in_through_the_form()
    [script] = cookie_scripts(app)
    token = app.session_state[auth.TOKEN_KEY]
    assert f"duban_session={token}; Max-Age=" in script and "SameSite=Strict" in script
    max_age = int(script.split("Max-Age=")[1].split(";")[0])
    assert 167 * 3600 < max_age <= 168 * 3600  # session_hours defaults to a week
    app.run()
    assert not cookie_scripts(app)  # written once, not on every click


def test_with_session_hours_0_no_cookie_is_written_but_the_sign_in_can_still_be_revoked(engine, duban_home):
    (duban_home / "config.toml").write_text("session_hours = 0\n", encoding="utf-8")
    app = signed_in_through_the_form()
    assert app.session_state[auth.USER_KEY].name == "王芳" and not cookie_scripts(app)
    accounts.set_password("王芳", "新的密码456789")
    app.run()
    assert auth.USER_KEY not in app.session_state


def test_a_refresh_with_the_cookie_restores_the_sign_in(engine, monkeypatch):
    token = sessions.open_session(engine, "王芳", 2)
    monkeypatch.setattr(auth, "browser_token", lambda: token)  # AppTest cannot send cookies itself
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    assert app.session_state[auth.USER_KEY].name == "王芳" and not app.exception
    assert any(c.value.startswith("当前用户：王芳") for c in app.sidebar.caption)


@pytest.mark.parametrize("end", ["sign_out", "password"])
def test_a_refresh_after_the_sign_in_ended_shows_the_sign_in_screen_and_clears_the_cookie(engine, monkeypatch, end):
    token = sessions.open_session(engine, "王芳", 2)
    monkeypatch.setattr(auth, "browser_token", lambda: token)
    if end == "sign_out":
        app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
        app.sidebar.button(key="sign_out").click().run()
    else:
        accounts.set_password("王芳", "新的密码456789")
        app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    assert auth.USER_KEY not in app.session_state and any(b.label == "登录" for b in app.button)
    assert any("Max-Age=0" in script for script in cookie_scripts(app))
    actions = database.audit_entries(engine)["action"].tolist()
    assert ("sign_out" in actions) == (end == "sign_out")


@pytest.mark.parametrize("headers, url, secure", [
    ({"X-Forwarded-Proto": "https"}, "http://127.0.0.1:8501/", True),   # nginx in front, speaking https
    ({"x-forwarded-proto": "https, http"}, None, True),
    ({}, "https://duban.example.org/", True),
    ({"X-Forwarded-Proto": "http"}, "http://duban.example.org/", False),
    ({}, "http://127.0.0.1:8501/", False),
])
def test_the_cookie_is_secure_when_the_browser_came_over_https(headers, url, secure):
    from webui.auth import request_is_https
    assert request_is_https(headers, url) is secure
