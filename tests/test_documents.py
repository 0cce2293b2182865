"""督办通知单, 催办通知单 and 督办工作通报 as Word files: opened with python-docx and checked against
the expected results of the shared registers (and the bundled sample in a clone without them)."""
from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from docx import Document
from docx.oxml.ns import qn

from duban.config import Config
from duban.output import paperwork
from duban.output.documents import FIELDS, DocumentError, check_template, combine, default_template, render
from duban.output.notices import chinese_date
from duban.paths import SAMPLE_REGISTER
from duban.pipeline import analyze, work_calendar
from tests.support.shared import expected_for, register_params

CONFIG = Config(institution_name="某某大学附属医院")
TODAY = dt.date(2026, 11, 30)


def text_of(content: bytes) -> str:
    return paperwork.document_text(content)


def _documents(kind: str, register, expected: dict | None = None, **options) -> tuple[dict[str, bytes], object]:
    """The documents of a kind for a register, analysed as its expected result was (as-of date and period)."""
    when = [expected[k] for k in ("as_of", "period_start", "period_end")] if expected else []
    result = analyze(register.read_bytes(), register.name, *when)
    period = tuple(dt.date.fromisoformat(d) for d in when[1:]) if expected else None  # as the CLI passes it
    fields = paperwork.contexts(kind, result.items, result.departments, CONFIG, work_calendar(CONFIG), result.as_of,
                                today=TODAY, period=period, **options)
    return paperwork.documents(default_template(kind), fields), result


@pytest.mark.parametrize("kind", list(FIELDS))
def test_the_shipped_templates_pass_their_own_check(kind):
    check_template(kind, default_template(kind))


@pytest.mark.parametrize("register", register_params())
def test_every_overdue_item_of_a_department_is_on_its_reminder(register):
    expected = expected_for(register)
    made, result = _documents("催办", register, expected)
    overdue = [i for i in expected["items"] if i["overdue"] and i["status"] != "cancelled"]
    assert {f"催办通知单_{i['lead_dept']}" for i in overdue} == set(made)
    reply_by = chinese_date(paperwork.reply_by(TODAY, CONFIG, work_calendar(CONFIG)))
    for item in overdue:
        text = text_of(made[f"催办通知单_{item['lead_dept']}"])
        row = f"| {item['title']} | {chinese_date(item['due_date'])} | {item['overdue_workdays']} | {item['stage']}"
        assert row in text, (item["title"], text[:400])
        assert f"请于{reply_by}前" in text and "签收人" in text


@pytest.mark.parametrize("register", register_params())
def test_the_bulletin_carries_the_ranking(register):
    expected = expected_for(register)
    made, _ = _documents("通报", register, expected)
    text = text_of(next(iter(made.values())))
    ranked = sorted((d for d in expected["departments"] if d["score"] is not None), key=lambda d: d["rank"])
    rows = [line for line in text.splitlines() if line.count("|") == 4 and not line.startswith("排名")]
    assert [line.split(" | ")[1] for line in rows] == [d["dept"] for d in ranked]
    assert "督办工作通报" in text and "主要指标" in text


def test_the_assignment_notice_gives_the_feedback_date():
    made, result = _documents("督办", SAMPLE_REGISTER, depts=["护理部"])
    text = text_of(made["督办通知单_护理部"])
    mine = result.items[(result.items["lead_dept"] == "护理部") & ~result.items["status"].isin(["done", "cancelled"])]
    assert len(mine) and f"现将下列{len(mine)}项督办事项" in text
    for _, item in mine.iterrows():
        assert f"{chinese_date(item['feedback_due'])}前" in text and item["title"] in text


def test_one_notice_per_item_when_asked():
    made, result = _documents("督办", SAMPLE_REGISTER, depts=["护理部"], per_item=True)
    assert len(made) == len(paperwork.open_items(result.items).query("lead_dept == '护理部'"))
    assert all(text_of(content).count("督办编号") == 1 for content in made.values())


def test_register_text_stays_text_whatever_it_holds():
    result = analyze(SAMPLE_REGISTER.read_bytes(), "s.xlsx")
    items = result.items.copy()
    target = items.index[(items["lead_dept"] == "护理部") & (items["status"] != "done")][0]
    hostile = "🚑<w:t>&amp;{{ institution }}{% if 1 %}x{% endif %}\x0b" + "很长的任务描述" * 580
    items.loc[target, "title"] = hostile
    fields = paperwork.contexts("督办", items, result.departments, CONFIG, work_calendar(CONFIG), result.as_of,
                                depts=["护理部"], today=TODAY)
    content = paperwork.documents(default_template("督办"), fields)["督办通知单_护理部"]
    assert hostile.replace("\x0b", "") in text_of(content)  # literally, tags and markup included
    document = Document(io.BytesIO(content))
    body = document.element.body.xml
    assert "instrText" not in body and "fldSimple" not in body  # no field codes from register text
    assert document.sections[0].page_width < document.sections[0].page_height  # A4 portrait


@pytest.mark.parametrize("tags, message", [("{{ institution }}{{ 工资 }}", "工资"), ("{{ dept ", "标记有误"),
                                           ("{% for x in items %}", "标记有误")])
def test_a_template_with_a_broken_tag_or_unknown_field_is_refused_naming_it(tags, message):
    document = Document(io.BytesIO(default_template("督办")))
    document.add_paragraph(tags)
    out = io.BytesIO()
    document.save(out)
    with pytest.raises(DocumentError, match=message):
        check_template("督办", out.getvalue())


def test_something_that_is_not_a_docx_is_refused():
    with pytest.raises(DocumentError, match="不是有效的 Word 文档"):
        check_template("催办", b"PK\x03\x04 not really")


def test_several_documents_become_one_each_from_a_new_page_or_a_zip():
    made, _ = _documents("催办", SAMPLE_REGISTER)
    one = Document(io.BytesIO(combine(list(made.values()))))
    assert len(one.sections) == len(made)  # one section each: a new page, numbered from 1
    assert all(s._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1" for s in one.sections)
    assert sum(p.text.startswith("某某大学附属医院催办通知单") for p in one.paragraphs) == len(made)
    archive = zipfile.ZipFile(io.BytesIO(paperwork.package(made, True)))
    assert sorted(archive.namelist()) == sorted(f"{name}.docx" for name in made)


def test_render_escapes_and_fills_a_template():
    content = render(default_template("通报"), {"institution": "A&B医院", "summary": ["第一句<>"], "figures": [],
                                                 "ranking": [], "newly_overdue": [], "escalated": [], "criticised": [],
                                                 "completed": []})
    text = text_of(content)
    assert "A&B医院督办工作通报" in text and "第一句<>" in text


def test_the_command_line_writes_one_docx_or_a_zip_and_logs_it(cli, tmp_path):
    from duban.storage import database

    docx, archive = tmp_path / "催办.docx", tmp_path / "催办.zip"
    assert cli("notices", SAMPLE_REGISTER, "--kind", "催办", "-o", docx).returncode == 0
    assert cli("notices", SAMPLE_REGISTER, "--kind", "催办", "-o", archive).returncode == 0
    assert len(zipfile.ZipFile(archive).namelist()) == text_of(docx.read_bytes()).count("催办通知单") > 1
    run = cli("notices", SAMPLE_REGISTER, "--kind", "督办", "--dept", "不存在的科室", "-o", tmp_path / "x.docx")
    assert run.returncode == 2 and "没有需要发出督办通知单的事项" in run.stderr
    assert cli("notices", SAMPLE_REGISTER, "--kind", "通报", "-o", tmp_path / "x.pdf").returncode == 2
    details = database.audit_entries(database.shared_engine())["detail"].tolist()
    assert any("催办通知单" in d and ".zip" in d for d in details)


def test_templates_are_stored_checked_and_reset(database_url):
    from duban.storage import database, templates

    engine = database.shared_engine()
    assert templates.template_for(engine, "通报") == default_template("通报")
    assert templates.uploaded(engine, "通报") is None
    document = Document(io.BytesIO(default_template("通报")))
    document.add_paragraph("{{ office }}印发")
    mine = io.BytesIO()
    document.save(mine)
    templates.save_template(engine, "通报", mine.getvalue(), "我们的通报.docx", "王芳")
    with pytest.raises(DocumentError):
        templates.save_template(engine, "通报", b"not a docx", "坏的.docx", "王芳")
    assert templates.template_for(engine, "通报") == mine.getvalue()  # the refused one changed nothing
    assert templates.uploaded(engine, "通报")[0] == "我们的通报.docx"
    templates.reset_template(engine, "通报", "王芳")
    assert templates.template_for(engine, "通报") == default_template("通报")
    assert database.audit_entries(engine)["action"].tolist().count("template") == 2


def test_the_command_line_needs_no_database_for_documents(duban_home):
    from duban.cli import register
    from duban.pipeline import analyze as analyse

    result = analyse(SAMPLE_REGISTER.read_bytes(), "s.xlsx")
    assert register.stored_context(result.as_of) == (None, None)
    assert not (duban_home / "duban.db").exists()


def test_a_template_that_inflates_past_the_cap_is_refused_before_parsing():
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bomb:
        bomb.writestr("word/document.xml", b"<w:document>" + b" " * (70 * 1024 * 1024) + b"</w:document>")
    assert len(archive.getvalue()) < 1024 * 1024
    with pytest.raises(DocumentError, match="解压后过大"):
        check_template("督办", archive.getvalue())


def test_a_template_that_fails_on_the_data_says_so_in_chinese():
    document = Document(io.BytesIO(default_template("通报")))
    document.add_paragraph("{{ ranking[99].dept }}")
    out = io.BytesIO()
    document.save(out)
    made, result = _documents("通报", SAMPLE_REGISTER)
    fields = paperwork.contexts("通报", result.items, result.departments, CONFIG, work_calendar(CONFIG),
                                result.as_of, today=TODAY)
    with pytest.raises(DocumentError, match="按模板生成文书时出错"):
        paperwork.documents(out.getvalue(), fields)


@pytest.mark.parametrize("register", register_params())
def test_the_bulletin_scores_equal_the_department_page_and_the_assessment_sheet(register):
    from openpyxl import load_workbook

    from duban.output.assessment_xlsx import HEADER_ROW, SUMMARY_COLUMNS, assessment_workbook
    from duban.compute.assessment import department_table
    from duban.compute.periods import scope_basis

    made, result = _documents("通报", register)
    start, end = paperwork.bulletin_period(result.items, result.as_of)
    page = department_table(result.items, start, end, work_calendar(CONFIG), CONFIG)  # what 部门绩效 opens on
    page = page[page["score"].notna()].sort_values("rank")
    text = text_of(made[next(iter(made))])
    assert f"排名和得分的考核范围：{scope_basis(start, end)}" in text
    for _, dept in page.iterrows():
        assert f"{int(dept['rank'])} | {dept['dept']} | {dept['score']:g} | {dept['grade']}" in text, dept["dept"]
    sheet = analyze(register.read_bytes(), register.name, result.as_of.date(), start, end)
    book = load_workbook(io.BytesIO(assessment_workbook(sheet, "某某医院")))["考核评议汇总"]
    rows = [r for r in book.iter_rows(min_row=HEADER_ROW + 2, values_only=True) if r[0] not in (None, "")]
    dept_col, score_col = SUMMARY_COLUMNS.index("dept"), SUMMARY_COLUMNS.index("score")
    scores = {r[dept_col]: r[score_col] for r in rows if isinstance(r[score_col], (int, float))}
    assert scores == dict(zip(page["dept"], page["score"]))


def test_a_reminder_issued_after_the_registers_date_asks_for_a_reply_after_its_own_date():
    """Made on 12-03 from the 11-27 week: the reply date is counted from 12-03, and 统计截至 names 11-27."""
    from duban.paths import SAMPLE_REGISTER

    result = analyze(SAMPLE_REGISTER.read_bytes(), SAMPLE_REGISTER.name, "2026-11-27")
    issued = dt.date(2026, 12, 3)
    fields = paperwork.contexts("催办", result.items, result.departments, CONFIG, work_calendar(CONFIG),
                                result.as_of, today=issued)
    assert fields
    for notice in fields.values():
        assert notice["date_cn"] == "2026年12月3日" and notice["as_of_cn"] == "2026年11月27日"
        reply = paperwork.reply_by(issued, CONFIG, work_calendar(CONFIG))
        assert notice["reply_by_cn"] == chinese_date(reply) and reply > issued


def test_a_reminder_notice_says_its_items_are_not_limited_to_one_years_assignments():
    from duban.paths import SAMPLE_REGISTER
    from duban.output.paperwork import documents

    result = analyze(SAMPLE_REGISTER.read_bytes(), SAMPLE_REGISTER.name)
    fields = paperwork.contexts("催办", result.items, result.departments, CONFIG, work_calendar(CONFIG),
                                result.as_of, today=TODAY)
    made = documents(default_template("催办"), fields)
    assert made and all("含以前年度结转未办结的事项" in text_of(doc) for doc in made.values())
