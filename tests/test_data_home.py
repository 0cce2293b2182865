"""The office's data lives outside the source tree: with no DUBAN_HOME the CLI and the app write to the
user's data directory and leave the checkout as it was; the rule file is edited keeping its comments."""
from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import sys

import pytest

from duban import paths
from duban.config import Config, load_config, save_config
from tests.support import ROOT


def _git_status() -> str:
    return subprocess.run(["git", "status", "--porcelain", "--ignored", "--untracked-files=all", "--", "data"],
                          cwd=ROOT, capture_output=True, text=True, check=True).stdout + subprocess.run(
        ["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True, check=True).stdout


@pytest.mark.skipif(shutil.which("git") is None or not (ROOT / ".git").exists(), reason="needs a git checkout")
def test_without_duban_home_the_cli_and_the_app_leave_the_checkout_as_it_was(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DUBAN_", "XDG_"))}
    env.update(HOME=str(tmp_path), DUBAN_BCRYPT_ROUNDS="4")
    before = _git_status()
    script = f"""
import sys
from duban.cli import main
assert main(["save", {str(paths.SAMPLE_REGISTER)!r}, "--as-of", "2026-11-20"]) == 0
assert main(["weeks", "--json"]) == 0
from duban.storage import accounts
accounts.add_account("王芳", "office", "password123")
from streamlit.testing.v1 import AppTest
app = AppTest.from_file("app.py", default_timeout=60).run()
assert not app.exception, app.exception
"""
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    home = tmp_path / ".local" / "share" / "duban"
    assert (home / "duban.db").exists() and oct(home.stat().st_mode & 0o777) == "0o700"
    assert _git_status() == before


def test_a_first_save_writes_the_commented_default_with_the_offices_values(duban_home):
    config = dataclasses.replace(Config(), institution_name="某某医院", near_due_workdays=2,
                                 dept_aliases={"设备科": "设备处"})
    save_config(config, paths.config_path())
    text = paths.config_path().read_text(encoding="utf-8")
    assert load_config(paths.config_path()) == config
    assert 'institution_name = "某某医院"' in text and "# 机构名称：用于考核评议表标题" in text
    shipped = [line for line in paths.DEFAULT_CONFIG.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    assert [line for line in text.splitlines() if line.startswith("#")] == shipped
    assert paths.DEFAULT_CONFIG.read_text(encoding="utf-8") != text  # the shipped file is never written


def test_a_save_keeps_the_offices_own_comments_and_order(duban_home):
    mine = ("# 本院规则（2026 年 3 月院办公会修订）\n"
            "near_due_workdays = 2  # 院长要求提前两天提示\n"
            "institution_name = \"某某医院\"\n\n"
            "[grade_bands]\n# 按院考核办法第十条\n\"优秀\" = 90\n\"良好\" = 80\n\"合格\" = 60\n")
    paths.config_path().parent.mkdir(parents=True, exist_ok=True)
    paths.config_path().write_text(mine, encoding="utf-8")
    changed = dataclasses.replace(load_config(paths.config_path()), near_due_workdays=3)
    save_config(changed, paths.config_path())
    text = paths.config_path().read_text(encoding="utf-8")
    assert load_config(paths.config_path()) == changed
    assert text.startswith("# 本院规则（2026 年 3 月院办公会修订）\nnear_due_workdays = 3  # 院长要求提前两天提示\n")
    assert "# 按院考核办法第十条\n\"优秀\" = 90" in text
    assert text.index("near_due_workdays") < text.index("institution_name") < text.index("[grade_bands]")


def test_an_unreadable_rule_file_is_replaced_whole_by_a_save(duban_home):
    paths.config_path().parent.mkdir(parents=True, exist_ok=True)
    paths.config_path().write_bytes(b"near_due_workdays = = 2\n\xff")
    save_config(Config(), paths.config_path())
    assert load_config(paths.config_path()) == Config()
