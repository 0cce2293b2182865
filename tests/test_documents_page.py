"""The 文书 page: choose, preview, download; the office's own template checked before use."""
from __future__ import annotations

import io

from docx import Document

from duban.output.documents import default_template

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _with_paragraph(kind: str, text: str) -> bytes:
    document = Document(io.BytesIO(default_template(kind)))
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _generate(app):
    [b for b in app.button if (b.key or "") == "doc_make"][0].click().run()
    return app


def test_reminders_are_previewed_and_offered_as_one_docx_and_a_zip(open_page, no_failure):
    app = _generate(open_page("app_pages/documents.py"))
    no_failure(app)
    preview = " ".join(t.value for t in app.text)
    assert "催办通知单" in preview and "签收人" in preview
    labels = [b.proto.label for b in app.get("download_button")]
    assert any(".zip" in label for label in labels) and any("一个 Word 文档" in label for label in labels)


def test_the_bulletin_and_one_assignment_notice_per_item(open_page, no_failure):
    app = open_page("app_pages/documents.py")
    app.segmented_control(key="doc_kind").set_value("督办工作通报").run()
    _generate(app)
    no_failure(app)
    assert any("部门考核排名" in t.value for t in app.text)
    app.segmented_control(key="doc_kind").set_value("督办通知单").run()
    app.multiselect(key="doc_depts").select("护理部").run()
    app.radio(key="doc_per_item").set_value("每个事项一份").run()
    _generate(app)
    no_failure(app)
    assert any("督办通知单_护理部_" in e.label.replace("\\", "") for e in app.expander)  # shown escaped, as text


def test_an_office_template_is_checked_then_used(open_page, no_failure):
    app = open_page("app_pages/documents.py")
    bad = _with_paragraph("催办", "{{ 奖金 }}")
    app.file_uploader(key="template_upload_催办").set_value(("坏模板.docx", bad, DOCX))
    app.run()
    app.button(key="template_use_催办").click().run()
    assert any("奖金" in e.value and "未启用" in e.value for e in app.error)
    mine = _with_paragraph("催办", "本单位自定义的落款：{{ office }}")
    app.file_uploader(key="template_upload_催办").set_value(("我们的模板.docx", mine, DOCX))
    app.run()
    app.button(key="template_use_催办").click().run()
    no_failure(app)
    assert any("已启用" in s.value for s in app.success)
    _generate(app)
    assert any("本单位自定义的落款" in t.value for t in app.text)


def test_the_warnings_page_leads_the_office_to_the_reminder_notices(open_page):
    office = open_page("app_pages/escalation.py")
    assert any("催办通知单" in link.proto.label for link in office.get("page_link"))
    leader = open_page("app_pages/escalation.py", role="leader")
    assert not any("催办通知单" in link.proto.label for link in leader.get("page_link"))
