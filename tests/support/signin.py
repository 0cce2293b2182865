"""Signing an AppTest in as the sign-in form would: the account in the database, a session token beside it."""
from __future__ import annotations

from duban.storage import accounts, database, sessions
from webui.auth import TOKEN_KEY, USER_KEY


def sign_in(app, name: str, role: str = "office", leader: str | None = None, password: str = "test-password-123"):
    """Create the account if needed and put it, with a fresh session token, in the app's session state."""
    if not accounts.exists(name):  # the app checks on every run that the signed-in account still exists
        accounts.add_account(name, role, password, leader)
    app.session_state[USER_KEY] = accounts.Account(name, role, "", leader)
    app.session_state[TOKEN_KEY] = sessions.open_session(database.shared_engine(), name, 1)
    return app
