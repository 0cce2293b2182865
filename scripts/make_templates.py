"""Write the default document templates in data/templates/ (run again after changing this file).

    .venv/bin/python scripts/make_templates.py

Each template is an ordinary Word file with docxtpl (Jinja) tags; duban/output/documents.py lists the fields
each kind offers. The office may download one, edit it in Word and upload it back on the 文书 page.
A4 portrait, 仿宋 body and 宋体 titles (Word maps them on any Chinese Windows; LibreOffice falls back to
Noto CJK), page numbers in the footer.
"""
from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "templates"
BODY, TITLE = "仿宋", "宋体"


def _fonts(run_or_style, name: str, size: float | None = None, bold: bool = False) -> None:
    font = run_or_style.font
    font.name, font.bold = name, bold
    if size:
        font.size = Pt(size)
    element = run_or_style.element if hasattr(run_or_style, "element") else run_or_style._element
    properties = element.get_or_add_rPr()
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        properties.append(fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia"):
        fonts.set(qn(attribute), name)


def _document() -> Document:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    _fonts(document.styles["Normal"], BODY, 14)
    document.styles["Normal"].paragraph_format.line_spacing = Pt(26)
    _page_numbers(section)
    return document


def _page_numbers(section) -> None:
    """— 1 — style page numbers, centred in the footer (a PAGE field of the template, not of register text)."""
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("— ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
    paragraph.add_run(" —")


def _paragraph(document, text: str = "", align=None, size: float | None = None, bold=False, font=BODY, indent=False):
    paragraph = document.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(28)
    if text:
        _fonts(paragraph.add_run(text), font, size, bold)
    return paragraph


def _title(document, text: str) -> None:
    _paragraph(document, text, WD_ALIGN_PARAGRAPH.CENTER, 22, True, TITLE)


def _widths(table, widths: list[float]) -> None:
    """Fixed column widths (Word and LibreOffice both follow the grid, not only the cells)."""
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)


def _table(document, header: list[str], row: list[str], widths: list[float], loop: str = "item in items"):
    """A bordered table: a header row and one templated row (docxtpl's {%tr %} tags go in rows of their own)."""
    table = document.add_table(rows=0, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cells in (header, [f"{{%tr for {loop} %}}"] + [""] * (len(header) - 1), row,
                  ["{%tr endfor %}"] + [""] * (len(header) - 1)):
        for cell, text in zip(table.add_row().cells, cells):
            _fonts(cell.paragraphs[0].add_run(text), BODY, 10.5, cells is header)  # 五号, as official tables are
            cell.paragraphs[0].paragraph_format.line_spacing = Pt(18)
    _widths(table, widths)
    return table


def _signature(document, receipt: bool) -> None:
    _paragraph(document)
    _paragraph(document, "{{ office }}", WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph(document, "{{ date_cn }}", WD_ALIGN_PARAGRAPH.RIGHT)
    if receipt:
        _paragraph(document)
        _paragraph(document, "签收人：______________　　签收日期：______年____月____日")


def _notice_head(name: str) -> Document:
    """A notice's first lines: the institution's title, the 文号 to fill, and the department addressed."""
    document = _document()
    _title(document, f"{{{{ institution }}}}{name}")
    _paragraph(document, "{{ doc_number }}", WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph(document, "{{ dept }}：")
    return document


def assignment_notice() -> Document:
    """督办通知单: the items given to one department (one item or several), with their time limits."""
    document = _notice_head("督办通知单")
    _paragraph(document, "根据{{ institution }}督办工作制度，现将下列{{ items|length }}项督办事项交由你科室牵头办理。"
               "请明确责任人，按时限要求落实。", indent=True)
    _paragraph(document, "{%p for item in items %}")
    _paragraph(document, "{{ loop.index }}. {{ item.title }}", bold=True)
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, field in (("督办编号", "item_id"), ("事项来源", "source"), ("牵头科室", "lead_dept"),
                         ("协办科室", "co_depts"), ("分管领导", "leader"), ("交办日期", "assigned"),
                         ("反馈时限", "feedback_due"), ("办理时限", "due")):
        cells = table.add_row().cells
        _fonts(cells[0].paragraphs[0].add_run(label), BODY, 12, True)
        _fonts(cells[1].paragraphs[0].add_run(f"{{{{ item.{field} }}}}"), BODY, 12)
    _widths(table, [3.0, 12.6])
    _paragraph(document, "{%p endfor %}")
    _paragraph(document, "办理要求：", bold=True)
    for text in ("一、请于反馈时限前将办理进展书面报告督办办公室；办结后书面报告办理结果。",
                 "二、因客观原因不能按期办结的，请提前书面说明原因、提出延期申请，经分管领导同意后报督办办公室备案。",
                 "三、逾期未办结的，督办办公室将按督办工作制度依次电话催办、发函督查、约谈督查、通报批评直至分管领导约谈。"):
        _paragraph(document, text, indent=True)
    _signature(document, receipt=True)
    return document


def reminder_notice() -> Document:
    """催办通知单: one department's overdue items, their stage and measure, and the date to reply by."""
    document = _notice_head("催办通知单")
    _paragraph(document, "截至{{ as_of_cn }}，你科室牵头的下列{{ items|length }}项督办事项"
               "（不论交办年度，含以前年度结转未办结的事项）已超过办理时限，尚未办结。"
               "请于{{ reply_by_cn }}前将未办结的原因、目前进展和预计办结时间书面报告督办办公室。", indent=True)
    _table(document, ["序号", "督办事项", "办理时限", "逾期工作日", "督办阶段"],
           ["{{ loop.index }}", "{{ item.title }}", "{{ item.due }}", "{{ item.overdue_workdays }}",
            "{{ item.stage }}"],
           [1.2, 5.5, 3.7, 2.5, 2.7])
    _paragraph(document, "督办措施：", bold=True)
    _paragraph(document, "{%p for measure in measures %}")
    _paragraph(document, "{{ measure.stage }}（{{ measure.count }}项）：{{ measure.action }}", indent=True)
    _paragraph(document, "{%p endfor %}")
    _signature(document, receipt=True)
    return document


def weekly_bulletin() -> Document:
    """督办工作通报: the week's figures, ranking, new and escalated overdue items, criticised departments."""
    document = _document()
    _title(document, "{{ institution }}督办工作通报")
    _paragraph(document, "{{ doc_number }}", WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(document, "（统计截至{{ as_of_cn }}）", WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(document, "{%p for sentence in summary %}")
    _paragraph(document, "{{ sentence }}", indent=True)
    _paragraph(document, "{%p endfor %}")
    _paragraph(document, "一、主要指标", bold=True)
    _table(document, ["指标", "本周", "上周", "变化"],
           ["{{ f.label }}", "{{ f.now }}", "{{ f.before }}", "{{ f.change }}"], [4.6, 3.6, 3.6, 3.8],
           loop="f in figures")
    _paragraph(document, "二、部门考核排名", bold=True)
    _table(document, ["排名", "承办科室", "得分", "等级", "逾期未办结"],
           ["{{ d.rank }}", "{{ d.dept }}", "{{ d.score }}", "{{ d.grade }}", "{{ d.overdue_open }}"],
           [1.6, 5.6, 2.6, 2.6, 3.2], loop="d in ranking")
    for number, (title, name) in enumerate((("本周新增逾期事项", "newly_overdue"), ("本周督办升级事项", "escalated"),
                                            ("通报批评、分管领导约谈的科室及事项", "criticised"),
                                            ("本周办结事项", "completed")), start=3):
        chinese = "三四五六"[number - 3]
        _paragraph(document, f"{chinese}、{title}（{{{{ {name}|length }}}}项）", bold=True)
        _paragraph(document, f"{{%p for item in {name} %}}")
        _paragraph(document, "{{ loop.index }}. {{ item.line }}", indent=True)
        _paragraph(document, "{%p endfor %}")
    _paragraph(document, "{%p if leader_scope %}")  # only where the office maps its leaders' departments
    _paragraph(document, "七、分管领导交办给非分管科室的事项（{{ leader_scope|length }}项）", bold=True)
    _paragraph(document, "{%p for item in leader_scope %}")
    _paragraph(document, "{{ loop.index }}. {{ item.line }}", indent=True)
    _paragraph(document, "{%p endfor %}")
    _paragraph(document, "{%p endif %}")
    _signature(document, receipt=False)
    return document


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, build in (("assignment_notice", assignment_notice), ("reminder_notice", reminder_notice),
                        ("weekly_bulletin", weekly_bulletin)):
        build().save(OUT / f"{name}.docx")
        print(f"wrote {OUT / name}.docx", file=sys.stderr)


if __name__ == "__main__":
    main()
