"""Fixtures: an isolated DUBAN_HOME for every test, and the helpers that drive pages through AppTest."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
pytest_plugins = ["tests.support.browser", "tests.support.postgres"]  # browser fixtures; database_url


@pytest.fixture(autouse=True)
def duban_home(tmp_path, monkeypatch) -> Path:
    """Every test gets its own empty data home, so nothing touches the repository's data/."""
    home = tmp_path / "home"
    monkeypatch.setenv("DUBAN_HOME", str(home))
    monkeypatch.delenv("DUBAN_DATABASE_URL", raising=False)
    monkeypatch.setenv("DUBAN_BCRYPT_ROUNDS", "4")  # fast hashes in tests; the app uses 12
    return home


def _no_failure(app) -> None:
    """Fails when the page raised (also when the app's error boundary caught it)."""
    assert not app.exception, [e.value for e in app.exception]
    caught = [e.value for e in app.error if "意外错误" in e.value]
    assert not caught, caught


def _open_page(page: str, role: str = "office", leader: str | None = None):
    """The app with a signed-in user of that role, switched to a page (path such as app_pages/upload.py)."""
    from streamlit.testing.v1 import AppTest

    from tests.support.signin import sign_in

    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    sign_in(app, f"测试{role}", role, leader)
    app.run()
    app.switch_page(page).run()
    return app


def _upload(app, name: str, content: bytes):
    """The upload page given a file, as the office drops it in."""
    app.file_uploader(key="upload_file").set_value((name, content, XLSX))
    return app.run()


def _save_as(app, day: dt.date, confirm: bool = True) -> str:
    """Set the upload page's as-of date, confirm a replacement, press save, and return the success message."""
    _as_of_box(app).set_value(f"{day:%Y-%m-%d}").run()
    if confirm:
        for box in [c for c in app.checkbox if (c.key or "").startswith("confirm_replace_")]:
            box.check().run()
    app.button(key="save_register").click().run()
    _no_failure(app)
    return app.success[-1].value


def _as_of_box(app):
    """The upload page's date box (one per uploaded file)."""
    return next(d for d in app.text_input if (d.key or "").startswith("upload_as_of_"))


def _table_with(app, column: str):
    """The first dataframe shown with a column of that (Chinese) name."""
    return next(d.value for d in app.dataframe if column in d.value.columns)


@pytest.fixture
def open_page():
    return _open_page


@pytest.fixture
def upload():
    return _upload


@pytest.fixture
def save_as():
    return _save_as


@pytest.fixture
def as_of_box():
    return _as_of_box


@pytest.fixture
def table_with():
    return _table_with


@pytest.fixture
def no_failure():
    return _no_failure


class CliRun:
    """What one in-process run of ``python -m duban`` gave: exit code, standard output and error."""

    def __init__(self, returncode: int, stdout: str, stderr: str):
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr


@pytest.fixture
def cli(capsys, monkeypatch):
    """Run the command line in-process through ``duban.cli.main`` (standard input from ``stdin``)."""
    import io
    import sys

    from duban.cli import main

    def run(*args: str, stdin: str = "") -> CliRun:
        capsys.readouterr()
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        code = main([str(a) for a in args])
        out = capsys.readouterr()
        return CliRun(code, out.out, out.err)

    return run
