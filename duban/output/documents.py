"""Word documents from templates: rendering, checking an office's own template, one file or a .zip of many.

Templates are .docx files with docxtpl (Jinja) tags. The defaults live in data/templates/ (written by
scripts/make_templates.py); an office's replacement is checked before it is accepted: a broken tag, a
field the kind does not offer, external content or macros are refused by name. Checking and rendering run
in Jinja's sandbox inside a worker process with a memory and a time limit (template_worker.py), so a
template cannot run code or exhaust the server. Register text goes in as text only: autoescaped, with
characters XML cannot hold removed, so it never becomes a field code or markup.
"""
from __future__ import annotations

import copy
import io
import re
import zipfile

from duban.errors import DubanError
from duban.paths import SHIPPED

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
           "completed": "本周办结事项：line", "leader_scope": "分管领导交办给非分管科室的事项：line"},
}
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class DocumentError(DubanError):
    """A template that cannot be used (message in Chinese)."""


def default_template(kind: str) -> bytes:
    """The template shipped with the product for a kind (督办, 催办, 通报)."""
    return (SHIPPED / "templates" / f"{TEMPLATES[kind]}.docx").read_bytes()


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
WORKER_MEMORY_MB = 1024
CHECK_SECONDS, RENDER_SECONDS = 20, 120
NOT_DOCX = "模板不是有效的 Word 文档（.docx），请在 Word 中另存为 .docx 后再上传。"
_ROW = {"title": "示例事项", "item_id": "DB-001", "source": "院长办公会议", "lead_dept": "医务部", "co_depts": "护理部",
        "leader": "张志强", "assigned": "2026年1月5日", "feedback_due": "2026年1月8日前", "due": "2026年1月30日",
        "overdue_workdays": 3, "stage": "发函督查", "action": "发函督查：发出督办函"}
_LINE = [{"line": "医务部：示例事项（办结时限 2026年1月30日）"}] * 3
SAMPLES = {  # what the check renders a template with: a few rows of each list, like a small week
    "督办": {"dept": "医务部", "items": [_ROW] * 3},
    "催办": {"dept": "医务部", "reply_by_cn": "2026年2月6日", "items": [_ROW] * 3,
           "measures": [{"stage": "发函督查", "count": 3, "action": "发出督办函"}]},
    "通报": {"summary": ["示例句子。"] * 3,
           "figures": [{"label": "总事项", "now": "60", "before": "58", "change": "+2"}] * 6,
           "ranking": [{"rank": 1, "dept": "医务部", "score": "98", "grade": "优秀", "overdue_open": 1}] * 3,
           "newly_overdue": _LINE, "escalated": _LINE, "criticised": _LINE, "completed": _LINE,
           "leader_scope": _LINE},
}


def _guarded(content: bytes) -> bytes:
    """The template's bytes, once counted by what they actually inflate to (before any XML parser sees them)."""
    from duban.reading.guards import guard_workbook

    try:
        guard_workbook(content, zipfile.ZipFile(io.BytesIO(content)), TEMPLATE_INFLATED_MAX)
    except zipfile.BadZipFile as exc:
        raise DocumentError(NOT_DOCX) from exc
    except DubanError as exc:
        raise DocumentError("模板文件解压后过大或已损坏，不像是正常的 Word 模板，已拒绝。") from exc
    return content


def _in_worker(request: dict, seconds: int) -> dict:
    """The template worker's answer (duban/output/template_worker.py); its Chinese refusal as a DocumentError."""
    import base64
    import json

    from duban.isolation import WorkerFailed, run_worker

    request["template"] = base64.b64encode(_guarded(request["template"])).decode()
    try:
        out = run_worker("duban.output.template_worker", [str(WORKER_MEMORY_MB)],
                         json.dumps(request, ensure_ascii=False).encode(), seconds)
    except WorkerFailed as exc:
        raise DocumentError("按模板生成文书超时或占用内存过多，已停止（没有生成任何文书）。"
                            "请检查模板中的循环和重复，或恢复默认模板。") from exc
    answer = json.loads(out)
    if "error" in answer:
        raise DocumentError(answer["error"])
    return answer


def check_template(kind: str, content: bytes) -> None:
    """Refuse a template with a broken tag, a field this kind does not offer, external content or macros, or
    one whose output would grow past the cap (each named in the message). Checked in the sandboxed worker."""
    sample = clean({**_COMMON, **SAMPLES[kind]})
    used = _in_worker({"mode": "check", "template": content, "sample": sample}, CHECK_SECONDS)["used"]
    unknown = sorted(set(used) - set(FIELDS[kind]))
    if unknown:
        raise DocumentError(f"模板中有{TITLES[kind]}不提供的字段：{'、'.join(unknown)}；"
                            f"可用字段：{'、'.join(FIELDS[kind])}")


def render_many(content: bytes, contexts: dict[str, dict]) -> dict[str, bytes]:
    """One document per name: the template filled with each context, in the sandboxed worker (autoescaped)."""
    import base64

    if not contexts:
        return {}
    request = {"mode": "render", "template": content, "contexts": {n: clean(c) for n, c in contexts.items()}}
    made = _in_worker(request, RENDER_SECONDS)["documents"]
    return {name: base64.b64decode(made[name]) for name in contexts}


def render(content: bytes, context: dict) -> bytes:
    """One document: the template filled with the context."""
    return render_many(content, {"文书": context})["文书"]


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
