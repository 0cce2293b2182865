"""Accounts under concurrency: every change kept, no torn file, parallel guesses lock the account."""
from __future__ import annotations

import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from duban import paths
from duban.storage import accounts, database
from duban.storage.accounts import MAX_FAILURES, AccountError
from tests.support import ROOT

PASSWORD = "正确的密码1234"


def test_six_adds_at_once_from_threads_are_all_kept():
    accounts.add_account("王芳", "office", PASSWORD)
    with ThreadPoolExecutor(6) as pool:
        list(pool.map(lambda i: accounts.add_account(f"用户{i}", "leader", PASSWORD), range(6)))
    assert set(accounts.load_accounts()) == {"王芳", *(f"用户{i}" for i in range(6))}


def test_adds_from_six_processes_at_once_are_all_kept(duban_home):
    accounts.add_account("王芳", "office", PASSWORD)
    runs = [subprocess.Popen([sys.executable, "-m", "duban", "users", "add", f"进程{i}", "--role", "evaluator"],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT, text=True)
            for i in range(6)]
    outcomes = [run.communicate(PASSWORD + "\n", timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0] * 6, outcomes
    assert {f"进程{i}" for i in range(6)} <= set(accounts.load_accounts())
    log = database.audit_entries(database.connect())
    assert (log["action"] == "account_created").sum() == 7


def test_the_same_name_added_twice_at_once_is_kept_once_and_the_other_is_told():
    results = []

    def add(_):
        try:
            accounts.add_account("张三", "leader", PASSWORD)
            results.append("added")
        except AccountError as exc:
            results.append(str(exc))

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(add, range(4)))
    assert results.count("added") == 1 and all("已存在" in r for r in results if r != "added")


def test_a_removal_racing_adds_is_never_undone():
    accounts.add_account("王芳", "office", PASSWORD)
    accounts.add_account("要删除的", "leader", PASSWORD)
    with ThreadPoolExecutor(4) as pool:
        jobs = [pool.submit(accounts.add_account, f"新用户{i}", "leader", PASSWORD) for i in range(3)]
        jobs.append(pool.submit(accounts.remove_account, "要删除的"))
        [job.result() for job in jobs]
    names = set(accounts.load_accounts())
    assert "要删除的" not in names and {"新用户0", "新用户1", "新用户2"} <= names


def test_the_last_office_account_survives_two_removals_at_once():
    accounts.add_account("甲", "office", PASSWORD)
    accounts.add_account("乙", "office", PASSWORD)
    errors = []

    def remove(name):
        try:
            accounts.remove_account(name)
        except AccountError as exc:
            errors.append(str(exc))

    with ThreadPoolExecutor(2) as pool:
        list(pool.map(remove, ["甲", "乙"]))
    assert [a.role for a in accounts.load_accounts().values()] == ["office"] and len(errors) == 1


@pytest.mark.parametrize("guesses", [12])
def test_parallel_wrong_passwords_lock_the_account(guesses):
    accounts.add_account("王芳", "office", PASSWORD)
    engine = database.connect()
    outcomes = []

    def guess(i):
        try:
            accounts.sign_in(engine, "王芳", f"错误的密码{i:04d}")
            outcomes.append("signed in")
        except AccountError as exc:
            outcomes.append(str(exc))

    with ThreadPoolExecutor(guesses) as pool:
        list(pool.map(guess, range(guesses)))
    assert "signed in" not in outcomes
    assert sum("锁定" in o for o in outcomes) == guesses - MAX_FAILURES  # only MAX_FAILURES passwords were checked
    with pytest.raises(AccountError, match="锁定"):
        accounts.sign_in(engine, "王芳", PASSWORD)  # even the right password waits for the lock to end
    assert accounts.locked_until(engine, "王芳") is not None


def test_the_old_credentials_file_is_migrated_once_and_renamed(duban_home):
    import bcrypt
    hashed = bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(rounds=4)).decode()
    paths.home()
    (duban_home / "credentials.json").write_text(json.dumps(
        [{"name": "老账号", "role": "office", "password_hash": hashed, "leader": None}], ensure_ascii=False),
        encoding="utf-8")
    assert accounts.sign_in(database.connect(), "老账号", PASSWORD).role == "office"
    assert not (duban_home / "credentials.json").exists() and (duban_home / "credentials.json.migrated").exists()
    assert list(accounts.load_accounts()) == ["老账号"]
