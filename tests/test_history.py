"""Analysed weeks in the database: figures, item identity across weeks, timelines, marks, the CLI.

Every test here runs twice: on SQLite and on a real PostgreSQL (tests/support/postgres.py).
"""
from __future__ import annotations

import datetime as dt
import json

import pytest

from duban.cli import stored
from duban.pipeline import analyze
from duban.compute.identity import given_numbers, item_keys
from duban.storage import database, history, tables, timeline
from tests.support.weeks import HEADER, OTHERS, WEEKS
from tests.support.workbooks import xlsx_bytes

@pytest.fixture
def engine(database_url):
    return database.shared_engine()


def _save(engine, day: str, content: bytes, name: str | None = None):
    analysis = analyze(content, name or f"{day}.xlsx", day)
    return history.save_week(engine, content, name or f"{day}.xlsx", dt.date.fromisoformat(day), "王芳", analysis,
                             "rules")


def _followed_key(engine) -> str:
    newest = int(database.weeks(engine)["id"].iloc[0])
    with engine.connect() as conn:
        items = history.read_items(conn, newest)
    return items.loc[items["lead_dept"] == "后勤保障部", "item_key"].item()


def test_an_item_is_followed_through_moves_edits_an_extension_and_two_stages(engine):
    for day, content in WEEKS.items():
        _save(engine, day, content)
        if day == "2024-03-08":  # the office marks the item in week 2
            timeline.add_mark(engine, _followed_key(engine), "accountable", "两次催办未果", by="王芳")
    key = _followed_key(engine)
    line = timeline.item_timeline(engine, key)
    assert [f"{d:%m-%d}" for d in line["as_of"]] == ["03-04", "03-08", "03-15"]  # one line per week, all found
    assert line["progress"].tolist() == ["已招标", "施工中", "待验收"]
    assert line["stage"].tolist() == ["电话催办", "发函督查", "约谈督查"]
    entered = timeline.stage_entries(line)
    assert entered["stage"].tolist() == ["电话催办", "发函督查", "约谈督查"]
    changes = timeline.due_changes(line)
    assert len(changes) == 1 and changes["after"].iloc[0] == dt.date(2024, 3, 4)  # the extension, in week 2
    assert key in set(timeline.accountable(engine)["item_key"])  # the week-2 mark is still there in week 3
    assert timeline.marks_of(engine, key)["text"].tolist() == ["两次催办未果"]


def test_a_time_limit_left_blank_for_a_week_is_not_a_change():
    import pandas as pd

    line = pd.DataFrame({"as_of": [dt.date(2024, 3, d) for d in (1, 8, 15)],
                         "due_date": [dt.date(2024, 3, 4), None, dt.date(2024, 3, 4)]})
    assert timeline.due_changes(line).empty


def test_numbered_items_keep_their_number_as_identity_and_unrelated_texts_do_not_match():
    first = analyze(WEEKS["2024-03-04"], "a.xlsx").items
    first["item_key"] = item_keys(first)
    assert set(first["item_key"]) >= {"编号:DB-1", "编号:DB-2"}
    other = first.copy()
    other.loc[given_numbers(other) == "", "title"] = "采购一批办公桌椅"
    assert (item_keys(other, first) != first["item_key"]).sum() == 1


def test_two_identical_rows_of_one_week_get_distinct_keys():
    import pandas as pd

    items = analyze(xlsx_bytes([HEADER, *OTHERS]), "d.xlsx", "2024-03-04").items
    keys = item_keys(pd.concat([items, items.iloc[[0]]], ignore_index=True))  # a row copied by mistake
    assert keys.is_unique and "编号:DB-1#2" in set(keys)


def test_weeks_json_figures_equal_analyze_json_of_each_stored_file(engine, cli, tmp_path):
    for day, content in WEEKS.items():
        path = tmp_path / f"{day}.xlsx"
        path.write_bytes(content)
        assert cli("save", path).returncode == 0
    listed = json.loads(cli("weeks", "--json").stdout)
    assert [w["as_of"] for w in listed] == list(WEEKS) and all(w["version"] == 1 for w in listed)
    for week in listed:
        report = json.loads(cli("analyze", tmp_path / f"{week['as_of']}.xlsx", "--json").stdout)
        assert {k: week[k] for k in history.KPI_LABELS} == pytest.approx(_figures_of(report["items"]))


def _figures_of(items: list[dict]) -> dict:
    """总览's six figures counted straight from analyze --json's items."""
    counted = [i for i in items if i["status"] != "cancelled"]
    done = [i for i in counted if i["status"] == "done"]
    base = len(counted) - sum(i["status"] == "ongoing" for i in counted)
    judged = [i for i in done if i["on_time"] is not None] + [i for i in counted if i["overdue"]]
    return {"total": len(counted), "done": len(done), "completion_rate": len(done) / base if base else None,
            "on_time_rate": sum(i["on_time"] is True for i in done) / len(judged) if judged else None,
            "overdue_open": sum(bool(i["overdue"]) for i in counted),
            "near_due": sum(i["light"] == "黄" for i in counted)}


def test_save_refuses_what_the_upload_page_refuses(engine, cli, tmp_path):
    undated = tmp_path / "无日期.xlsx"
    undated.write_bytes(xlsx_bytes([HEADER, *OTHERS]))
    run = cli("save", undated)
    assert run.returncode == 2 and "--as-of" in run.stderr
    assert cli("save", undated, "--as-of", "2024-03-04").returncode == 0
    other = tmp_path / "另一份.xlsx"
    other.write_bytes(xlsx_bytes([HEADER, OTHERS[0]]))
    run = cli("save", other, "--as-of", "2024-03-04")
    assert run.returncode == 2 and "--replace" in run.stderr
    assert cli("save", other, "--as-of", "2024-03-04", "--replace", "--user", "脚本").returncode == 0
    log = database.audit_entries(engine)
    assert {"save", "replace"} <= set(log["action"]) and "脚本" in set(log["user"])


def test_changed_rules_make_weeks_stale_until_recomputed(engine):
    for day, content in WEEKS.items():
        _save(engine, day, content)
    assert history.stale_registers(engine, "rules").empty
    assert len(history.stale_registers(engine, "new rules")) == 3

    def analyse(content, filename, as_of):
        return analyze(content, filename, as_of)

    seen = []
    assert history.recompute(engine, analyse, "new rules", lambda done, total: seen.append((done, total))) == 3
    assert seen == [(1, 3), (2, 3), (3, 3)] and history.stale_registers(engine, "new rules").empty
    assert set(history.weekly_figures(engine)["rules_key"]) == {"new rules"}


def test_the_recompute_command_brings_weeks_saved_under_other_rules_to_the_rules_in_force(engine, cli):
    for day, content in WEEKS.items():
        _save(engine, day, content)  # stored under the key "rules", which is not the data home's
    run = cli("recompute")
    assert run.returncode == 0 and "重新计算 3 周" in run.stderr
    assert cli("recompute").stderr.strip() == "已按当前规则重新计算 0 周。"
    assert "recompute" in database.audit_entries(engine)["action"].tolist()


def test_deleting_a_week_deletes_what_was_stored_for_it(engine):
    for day, content in WEEKS.items():
        _save(engine, day, content)
    database.delete_week(engine, dt.date(2024, 3, 8), "王芳")
    assert [f"{d:%m-%d}" for d in history.weekly_figures(engine)["as_of"]] == ["03-04", "03-15"]
    kept = database.weeks(engine)["id"].tolist()
    with engine.connect() as conn:
        assert conn.execute(tables.week_items.select()).all()  # the other weeks' items stay
        orphans = conn.execute(tables.week_items.select().where(~tables.week_items.c.register_id.in_(kept))).all()
    assert orphans == []


def test_a_failed_analysis_store_leaves_no_half_saved_week(engine, monkeypatch):
    def broken(conn, register_id, as_of, analysis, key):
        raise RuntimeError("disk full")

    monkeypatch.setattr(history, "store_analysis", broken)
    with pytest.raises(RuntimeError):
        _save(engine, "2024-03-04", WEEKS["2024-03-04"])
    assert database.weeks(engine).empty


def test_weeks_of_an_empty_store_is_an_empty_list(engine):
    import io

    out = io.StringIO()
    stored.weeks(None, out)
    assert json.loads(out.getvalue()) == []


def test_a_weeks_issues_are_stored_as_the_report_gave_them(engine):
    import sqlalchemy as sa

    from duban.paths import SAMPLE_REGISTER

    content = SAMPLE_REGISTER.read_bytes()
    result = analyze(content, "s.xlsx", "2026-11-27")
    history.save_week(engine, content, "s.xlsx", dt.date(2026, 11, 27), "王芳", result, "rules")
    with engine.connect() as conn:
        stored = conn.execute(sa.select(tables.week_issues.c.row, tables.week_issues.c.value,
                                        tables.week_issues.c.message)).all()
    assert len(stored) == len(result.issues) > 0
    assert sorted(r.message for r in stored) == sorted(result.issues["message"])
    assert "None" not in {r.value for r in stored}  # an empty cell is stored empty
