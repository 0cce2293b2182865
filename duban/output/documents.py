"""Word documents from templates: rendering, checking an office's own template, one file or a .zip of many.

Templates are .docx files with docxtpl (Jinja) tags. The defaults live in data/templates/ (written by
scripts/make_templates.py); an office's replacement is checked before it is accepted: a broken tag or a
field the kind does not offer is refused with the tag or field named. Register text goes in as text only:
autoescaped, with characters XML cannot hold removed, so it never becomes a field code or markup.
"""
from __future__ import annotations

import copy
import io
import re
import zipfile

from duban.errors import DubanError
from duban.paths import REPO_DATA

TEMPLATES = {"督办": "assignment_notice", "催办": "reminder_notice", "通报": "weekly_bulletin"}
TITLES = {"督办": "督办通知单", "催办": "催办通知单", "通报": "督办工作通报"}
_COMMON = {"institution": "机构名称", "office": "发文单位（督办办公室）", "doc_number": "文号（留空待填）",
           "date_cn": "发文日期", "as_of_cn": "统计截至日期"}
# The fields each kind offers a template (shown to the office beside the template download).
FIELDS = {
    "督办": {**_COMMON, "dept": "牵头科室", "items": "事项列表：title, item_id, source, lead_dept, co_depts, leader, "
                                                   "assigned, feedback_due, due"},
    "催办": {**_COMMON, "dept": "科室", "reply_by_cn": "回复期限", "items": "逾期事项：title, item_id, due, "
                                                                   "overdue_workdays, stage, action",
           "measures": "督办措施：stage, count, action"},
    "通报": {**_COMMON, "summary": "概述句子列表", "figures": "主要指标：label, now, before, change",
           "ranking": "排名：rank, dept, score, grade, overdue_open", "newly_overdue": "新增逾期事项：line",
           "escalated": "督办升级事项：line", "criticised": "通报批评、分管领导约谈事项：line",
           "completed": "本周办结事项：line"},
}
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class DocumentError(DubanError):
    """A template that cannot be used (message in Chinese)."""


def default_template(kind: str) -> bytes:
    """The template shipped with the product for a kind (督办, 催办, 通报)."""
    return (REPO_DATA / "templates" / f"{TEMPLATES[kind]}.docx").read_bytes()


def clean(value: object) -> object:
    """Register text made safe for a document: characters XML 1.0 cannot hold are dropped; lists and dicts too."""
    if isinstance(value, str):
        return _NOT_XML.sub("", value)
    if isinstance(value, list):
        return [clean(v) for v in value]
    if isinstance(value, dict):
        return {k: clean(v) for k, v in value.items()}
    return value


TEMPLATE_INFLATED_MAX = 64 * 1024 * 1024  # a letter template unpacks to well under 1 MB


def _template(content: bytes):
    from docxtpl import DocxTemplate

    from duban.reading.guards import guard_workbook

    try:  # counted by the bytes actually inflated, before any XML parser sees the file
        guard_workbook(content, zipfile.ZipFile(io.BytesIO(content)), TEMPLATE_INFLATED_MAX)
    except zipfile.BadZipFile as exc:
        raise DocumentError("模板不是有效的 Word 文档（.docx），请在 Word 中另存为 .docx 后再上传。") from exc
    except DubanError as exc:
        raise DocumentError("模板文件解压后过大或已损坏，不像是正常的 Word 模板，已拒绝。") from exc
    try:
        template = DocxTemplate(io.BytesIO(content))
        template.init_docx()  # opened lazily otherwise: a file that is no .docx would fail later, less clearly
        return template
    except Exception as exc:  # not a .docx at all
        raise DocumentError("模板不是有效的 Word 文档（.docx），请在 Word 中另存为 .docx 后再上传。") from exc


def check_template(kind: str, content: bytes) -> None:
    """Refuse a template with a broken tag or a field this kind does not offer (named in the message)."""
    from jinja2 import TemplateSyntaxError

    template = _template(content)
    try:
        used = template.get_undeclared_template_variables()
    except TemplateSyntaxError as exc:
        raise DocumentError(f"模板中的标记有误：{exc.message}"
                            "（请检查 {{ }} 和 {% %} 是否成对、拼写是否正确）") from exc
    except Exception as exc:  # noqa: BLE001 — any other parse failure of an uploaded file
        raise DocumentError(f"模板无法解析：{type(exc).__name__}") from exc
    unknown = sorted(set(used) - set(FIELDS[kind]))
    if unknown:
        raise DocumentError(f"模板中有{TITLES[kind]}不提供的字段：{'、'.join(unknown)}；"
                            f"可用字段：{'、'.join(FIELDS[kind])}")


def render(content: bytes, context: dict) -> bytes:
    """One document: the template filled with the context (autoescaped)."""
    template = _template(content)
    try:
        template.render(clean(context), autoescape=True)
    except Exception as exc:  # a template that passed the check can still fail on odd data: say so
        raise DocumentError(f"按模板生成文书时出错（{type(exc).__name__}），请检查模板中的标记，"
                            "或恢复默认模板。") from exc
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def combine(documents: list[bytes]) -> bytes:
    """Several rendered documents as one: each in its own section, from a new page, numbered from 1 again
    (the first one's page setup, header and footer), so that each department's notice prints on its own."""
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    if len(documents) == 1:
        return documents[0]
    base = Document(io.BytesIO(documents[0]))
    body = base.element.body
    final = body[-1]  # the last section's properties; a copy ends each earlier section
    numbering = final.find(qn("w:pgNumType"))
    if numbering is None:
        numbering = OxmlElement("w:pgNumType")
        final.append(numbering)
    numbering.set(qn("w:start"), "1")
    for content in documents[1:]:
        end = base.add_paragraph()._p  # added before the final sectPr
        end.get_or_add_pPr().append(copy.deepcopy(final))
        for element in Document(io.BytesIO(content)).element.body:
            if not element.tag.endswith("}sectPr"):
                body.insert(len(body) - 1, copy.deepcopy(element))
    out = io.BytesIO()
    base.save(out)
    return out.getvalue()


def zip_of(named: dict[str, bytes]) -> bytes:
    """A .zip holding one .docx per name (file names made safe)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in named.items():
            safe = re.sub(r'[\\/:*?"<>|\s]+', "_", name).strip("_") or "文书"
            archive.writestr(f"{safe}.docx", content)
    return out.getvalue()
