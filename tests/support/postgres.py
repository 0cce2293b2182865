"""A real PostgreSQL for the storage tests (a pytest plugin loaded by conftest).

A throwaway cluster: initdb in a temporary folder, started on a free 127.0.0.1 port, stopped and removed
after the session — what pytest-postgresql's process fixture does, plus one thing it does not: PostgreSQL
refuses to run as root (CI runs as root), so there the cluster runs as Debian's ``postgres`` user.
Each test gets its own database; ``database_url`` runs a test once on SQLite and once on PostgreSQL.
"""
from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest

from tests.support.browser import free_port


def _pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(Path(p).parts[4]))
    return Path(found[-1]).parent if found else None


@pytest.fixture(scope="session")
def postgres_server():
    """The base URL of a running throwaway PostgreSQL cluster (skips, or fails under CI, without PostgreSQL)."""
    bindir = _pg_bin()
    if bindir is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL is not installed: scripts/test.sh installs Debian's postgresql package")
        pytest.skip("PostgreSQL is not installed (Debian's postgresql package)")
    base = Path(tempfile.mkdtemp(prefix="duban-pg-"))
    as_postgres = []
    if os.geteuid() == 0:
        shutil.chown(base, "postgres", "postgres")
        as_postgres = ["runuser", "-u", "postgres", "--"]
    data, port = base / "data", free_port()
    subprocess.run([*as_postgres, str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
                    "-E", "UTF8", "--no-locale"], check=True, capture_output=True)
    options = f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
    subprocess.run([*as_postgres, str(bindir / "pg_ctl"), "-D", str(data), "-l", str(base / "log"), "-o", options,
                    "-w", "start"], check=True, capture_output=True)
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}"
    finally:
        subprocess.run([*as_postgres, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                       capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, duban_home, monkeypatch):
    """DUBAN_DATABASE_URL for one test: SQLite in the data home, or a fresh database on the PostgreSQL cluster."""
    import sqlalchemy as sa

    from duban.storage import database

    if request.param == "sqlite":
        yield database.database_url()
        return
    server = request.getfixturevalue("postgres_server")
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(f"{server}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {name}")
    url = f"{server}/{name}"
    monkeypatch.setenv("DUBAN_DATABASE_URL", url)
    try:
        yield url
    finally:
        database.forget_engine(url)
        with admin.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.dispose()
