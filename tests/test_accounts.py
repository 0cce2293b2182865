"""Accounts, roles, sign-in and lockout; the users command line; no plain-text password anywhere."""
from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from tests.support import ROOT
from duban.storage import accounts, database
from duban.storage.accounts import MAX_FAILURES, AccountError
from tests.support.signin import sign_in as signed_in
from webui.auth import USER_KEY
from webui.shell import PAGES, pages_for

PASSWORD = "正确的密码123"


def app_test(page: str = "app.py") -> AppTest:
    return AppTest.from_file(str(ROOT / page), default_timeout=120)


def test_first_start_shows_setup_and_creates_the_first_office_account(duban_home):
    app = app_test()
    app.run()
    assert any("首次使用" in i.value for i in app.info)
    app.text_input(key="setup_institution").set_value("某某大学附属医院")
    app.text_input(key="setup_name").set_value("王芳")
    app.text_input(key="setup_password").set_value(PASSWORD)
    app.text_input(key="setup_again").set_value(PASSWORD)
    app.button[0].click().run()
    assert not app.exception
    assert accounts.load_accounts()["王芳"].role == "office"
    assert app.session_state[USER_KEY].name == "王芳"
    from duban.config import load_config
    from duban.paths import config_path
    assert load_config(config_path()).institution_name == "某某大学附属医院"


def test_an_account_removed_elsewhere_is_signed_out_at_the_next_run(open_page):
    app = open_page("app_pages/overview.py")
    accounts.add_account("留下的", "office", PASSWORD)
    accounts.remove_account("测试office")  # from the command line, while the page is open
    app.run()
    assert USER_KEY not in app.session_state and any(b.label == "登录" for b in app.button)


def sign_in(name: str, password: str) -> AppTest:
    app = app_test()
    app.run()
    app.text_input(key="sign_in_name").set_value(name)
    app.text_input(key="sign_in_password").set_value(password)
    app.button[0].click().run()
    return app


def test_sign_in_and_wrong_password(duban_home):
    accounts.add_account("王芳", "office", PASSWORD)
    wrong = sign_in("王芳", "不对的密码xx")
    assert any("用户名或密码错误" in e.value for e in wrong.error)
    right = sign_in("王芳", PASSWORD)
    assert not right.exception and right.session_state[USER_KEY].role == "office"
    assert right.session_state[USER_KEY].password_hash == ""
    actions = database.audit_entries(database.connect())["action"].tolist()
    assert actions[:2] == ["sign_in", "sign_in_failed"]


def test_repeated_failures_lock_the_account_and_the_screen_says_so(duban_home):
    accounts.add_account("王芳", "office", PASSWORD)
    engine = database.connect()
    for _ in range(MAX_FAILURES):
        with pytest.raises(AccountError):
            accounts.sign_in(engine, "王芳", "wrong-password")
    app = sign_in("王芳", PASSWORD)  # even the right password is refused while locked
    assert any("已锁定" in e.value for e in app.error) and USER_KEY not in app.session_state
    later = dt.datetime.now() + dt.timedelta(minutes=accounts.LOCK_MINUTES + 1)
    assert accounts.locked_until(engine, "王芳", now=later) is None


@pytest.mark.parametrize("role, titles", [
    ("office", ["总览", "部门绩效", "督办预警", "事项追踪", "考核导出", "文书", "上传台账", "台账管理",
                "规则设置", "用户与日志"]),
    ("leader", ["总览", "部门绩效", "督办预警", "事项追踪"]),
    ("evaluator", ["总览", "部门绩效", "督办预警", "事项追踪", "考核导出"]),
])
def test_each_role_sees_exactly_its_menu(role, titles):
    assert [p.title for p in pages_for(role)] == titles


@pytest.mark.parametrize("page", [p for p in PAGES if "leader" not in p.roles], ids=lambda p: p.url_path)
def test_a_leader_opening_an_office_page_directly_is_refused(page, duban_home):
    app = signed_in(app_test(page.path), "张院长", "leader", "张志强")
    app.run()
    assert not app.exception
    assert any("无权访问" in e.value and page.title in e.value for e in app.error)
    assert not app.file_uploader and not app.get("download_button")


def test_evaluator_may_export_but_not_upload(duban_home):
    export = signed_in(app_test("app_pages/export.py"), "李考核", "evaluator")
    export.run()
    assert not export.error and export.get("download_button")
    upload = signed_in(app_test("app_pages/upload.py"), "李考核", "evaluator")
    upload.run()
    assert any("无权访问" in e.value for e in upload.error)


def test_leader_linked_to_a_leader_name_opens_on_their_departments(duban_home, open_page):
    app = open_page("app_pages/departments.py", role="leader", leader="张志强")
    assert app.multiselect(key="dept_leaders").value == ["张志强"]


def test_users_command_line(duban_home, cli):
    def run_cli(*args: str, stdin: str = ""):
        return cli("users", *args, stdin=stdin)

    assert run_cli("add", "王芳", "--role", "office", stdin=PASSWORD + "\n").returncode == 0
    assert run_cli("add", "张院长", "--role", "leader", "--leader", "张志强", stdin=PASSWORD + "\n").returncode == 0
    listed = run_cli("list").stdout.splitlines()
    assert sorted(listed) == ["张院长\t院领导\t张志强", "王芳\t督办办公室\t"]
    assert run_cli("passwd", "张院长", stdin="新的密码12345\n").returncode == 0
    assert accounts.sign_in(database.connect(), "张院长", "新的密码12345").role == "leader"
    refused = run_cli("remove", "王芳")
    assert refused.returncode == 2 and "最后一个" in refused.stderr
    assert run_cli("remove", "张院长").returncode == 0
    assert run_cli("add", "x", "--role", "office", stdin="short\n").returncode == 2


def test_no_password_in_plain_text_anywhere_in_duban_home(duban_home, cli):
    cli("users", "add", "王芳", "--role", "office", stdin=PASSWORD + "\n")
    engine = database.connect()
    accounts.sign_in(engine, "王芳", PASSWORD)
    with pytest.raises(AccountError):
        accounts.sign_in(engine, "王芳", "另一个错误密码xyz")
    engine.dispose()
    for path in duban_home.rglob("*"):
        if path.is_file():
            content = path.read_bytes()
            assert PASSWORD.encode() not in content and "另一个错误密码xyz".encode() not in content, path.name


def test_office_adds_a_leader_and_filters_the_audit_log(duban_home, open_page, table_with):
    app = open_page("app_pages/users.py")
    app.text_input(key="new_user_name").set_value("张院长")
    app.selectbox(key="new_user_role").set_value("leader")
    assert "张志强" in app.selectbox(key="new_user_leader").options  # the leaders named in the register
    app.selectbox(key="new_user_leader").set_value("张志强")
    app.text_input(key="new_user_password").set_value(PASSWORD)
    [b for b in app.button if b.label == "添加"][0].click().run()
    assert not app.exception and any("已添加" in s.value for s in app.success)
    assert accounts.load_accounts()["张院长"].leader == "张志强"
    app.multiselect(key="audit_actions").select("account_created").run()
    log = table_with(app, "操作")
    assert set(log["操作"]) == {"创建账号"} and log["说明"].str.contains("张院长").any()


def test_single_sign_on_button_appears_when_oidc_is_configured(duban_home):
    accounts.add_account("王芳", "office", PASSWORD)
    app = app_test()
    app.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32,
                           "client_id": "duban", "client_secret": "s",
                           "server_metadata_url": "https://sso.example/.well-known/openid-configuration"}
    app.run()
    assert not app.exception
    assert [b.label for b in app.button][:1] == ["使用单位统一身份认证登录"]
    plain = app_test()
    plain.run()
    assert "使用单位统一身份认证登录" not in [b.label for b in plain.button]


@pytest.mark.parametrize("role, told", [("office", "请在“上传台账”页面上传"), ("leader", "督办办公室上传本周台账后"),
                                        ("evaluator", "督办办公室上传本周台账后")])
def test_only_the_office_is_sent_to_the_upload_page(open_page, role, told):
    app = open_page("app_pages/overview.py", role=role)
    assert any(told in i.value for i in app.sidebar.info)
