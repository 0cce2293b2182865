"""分管领导 assign only to the departments they oversee (rules.md §2): the map in the config, the warnings and
notice of the analysis, the settings page and the count on 总览 and 督办预警."""
from __future__ import annotations

import pytest

from duban.compute.leaders import KIND, leader_scope_table
from duban.config import ConfigError, from_mapping, load_config, save_config
from duban.paths import config_path
from tests.support.workbooks import analyze_table

HEADER = ["督办编号", "督办事项", "承办科室", "交办日期", "办理时限", "办理状态", "办结日期", "分管领导"]
ROWS = [
    ["DB-1", "质控检查", "质控科", "2024-03-01", "2024-03-31", "办理中", None, "张志强"],
    ["DB-2", "护理排班", "护理部", "2024-03-01", "2024-03-31", "办理中", None, "张志强"],
    ["DB-3", "网络改造", "信息科", "2024-03-01", "2024-03-31", "办理中", None, "张志强"],  # 信息科 is 信息中心
    ["DB-4", "病房改造", "护理部", "2024-03-01", "2024-03-31", "办理中", None, "李明"],
    ["DB-5", "门诊优化", "门诊部", "2024-03-01", "2024-03-31", "办理中", None, None],
]
MAP = {"张志强": ["质控科", "信息中心"]}


def analysed(leader_map: dict):
    return analyze_table(ROWS, header=HEADER, config=from_mapping({"leader_departments": leader_map}))


def test_an_item_assigned_outside_the_leaders_departments_is_warned_about_and_kept():
    result = analysed(MAP)
    found = result.issues[result.issues["kind"] == KIND]
    assert found["row"].tolist() == [3] and found["column"].tolist() == ["分管领导"]
    assert found["severity"].tolist() == ["warning"] and found["value"].tolist() == ["张志强"]
    assert "张志强分管质控科、信息中心" in found["message"].iloc[0] and "“护理部”" in found["message"].iloc[0]
    assert len(result.items) == 5 and result.counts["left_out"] == 0


def test_leaders_without_a_map_are_not_checked_and_one_notice_names_them():
    result = analysed(MAP)
    assert [n for n in result.notices if "尚未设置分管科室" in n] == [
        "以下分管领导尚未设置分管科室，其交办事项未检查是否在分管范围内：李明（可在“规则设置”中设置）。"]
    assert (result.issues["kind"] == KIND).sum() == 1  # 李明's 护理部 item is not judged


def test_no_map_no_check_and_no_notice():
    result = analysed({})
    assert KIND not in set(result.issues["kind"]) and not [n for n in result.notices if "分管科室" in n]


def test_the_page_table_names_the_item():
    result = analysed(MAP)
    table = leader_scope_table(result.issues, result.items)
    shown = table[["督办编号", "督办事项", "分管领导", "承办科室"]].values.tolist()
    assert shown == [["DB-2", "护理排班", "张志强", "护理部"]]
    assert leader_scope_table(result.issues, result.items.iloc[:1]).empty  # a view without that item lists none


@pytest.mark.parametrize("value", [{"张志强": []}, {"张志强": "质控科"}, {"": ["质控科"]}, {"张志强": [""]},
                                   ["张志强"], {"张志强": ["科" * 31]}])
def test_a_bad_map_is_refused_in_chinese(value):
    with pytest.raises(ConfigError, match="分管领导的分管科室"):
        from_mapping({"leader_departments": value})


def test_the_map_round_trips_through_the_config_file_and_the_settings_page(open_page, no_failure):
    save_config(from_mapping({"leader_departments": MAP}), config_path())
    assert load_config(config_path()).leader_departments == MAP
    app = open_page("app_pages/settings.py")
    no_failure(app)
    shown = app.data_editor(key="vocabulary_leaders").value.to_dict("records")
    assert shown == [{"分管领导": "张志强", "分管科室": "质控科、信息中心"}]
    [b for b in app.button if b.label == "保存规则"][0].click().run()
    no_failure(app)
    assert load_config(config_path()).leader_departments == MAP


@pytest.mark.parametrize("page", ["app_pages/overview.py", "app_pages/escalation.py"])
def test_overview_and_escalation_count_the_items_out_of_scope(page, open_page, no_failure):
    # the sample register plants one 信息中心 item under 刘志刚 and one 医务部 item under 杨明
    save_config(from_mapping({"leader_departments": {"刘志刚": ["药剂科"], "杨明": ["保卫处"]}}), config_path())
    app = open_page(page)
    no_failure(app)
    assert any(w.value.startswith("有 2 项由分管领导交办给非分管科室") for w in app.warning)


def test_without_a_map_the_pages_say_nothing_of_it(open_page, no_failure):
    app = open_page("app_pages/overview.py")
    no_failure(app)
    assert not any("非分管科室" in w.value for w in app.warning)


def test_a_leader_sees_the_departments_the_map_gives_them(open_page, no_failure):
    """刘志刚 oversees 药剂科 (24 items); the register also names him on one 信息中心 item."""
    save_config(from_mapping({"leader_departments": {"刘志刚": ["药剂科"]}}), config_path())
    app = open_page("app_pages/overview.py", role="leader", leader="刘志刚")
    no_failure(app)
    assert any("只显示刘志刚分管的 24 项" in i.value for i in app.info)


def test_where_the_map_is_silent_the_registers_leader_column_decides(open_page, no_failure):
    save_config(from_mapping({"leader_departments": {"刘志刚": ["药剂科"]}}), config_path())
    app = open_page("app_pages/overview.py", role="leader", leader="张志强")
    no_failure(app)
    assert any("只显示张志强分管的 60 项" in i.value for i in app.info)


def test_stored_weekly_figures_of_a_leader_follow_the_map():
    import datetime as dt

    from duban.paths import SAMPLE_REGISTER
    from duban.pipeline import analyze
    from duban.storage import database, history

    engine = database.connect()
    day, content = dt.date(2026, 11, 20), SAMPLE_REGISTER.read_bytes()
    history.save_week(engine, content, SAMPLE_REGISTER.name, day, "王芳", analyze(content, "s.xlsx", day), "before")
    assert history.weekly_figures(engine, "刘志刚")["total"].tolist() == [25]  # the register's 分管领导 column
    mapped = from_mapping({"leader_departments": {"刘志刚": ["药剂科"]}})
    done = history.recompute(engine, lambda data, name, as_of: analyze(data, name, as_of, config=mapped), "after")
    assert done == 1 and history.weekly_figures(engine, "刘志刚")["total"].tolist() == [24]  # 药剂科's items


def test_the_bulletin_lists_the_items_out_of_scope_only_where_leaders_are_mapped(cli, tmp_path):
    from duban.output.paperwork import document_text
    from duban.paths import SAMPLE_REGISTER

    out = tmp_path / "通报.docx"
    assert cli("notices", SAMPLE_REGISTER, "--kind", "通报", "-o", out).returncode == 0
    assert "非分管科室" not in document_text(out.read_bytes())
    save_config(from_mapping({"leader_departments": {"刘志刚": ["药剂科"], "杨明": ["保卫处"]}}), config_path())
    assert cli("notices", SAMPLE_REGISTER, "--kind", "通报", "-o", out).returncode == 0
    text = document_text(out.read_bytes())
    assert "七、分管领导交办给非分管科室的事项（2项）" in text
    assert "分管领导 刘志刚" in text and "分管领导 杨明" in text


@pytest.mark.parametrize("written, name", [
    ("张志强副院长", "张志强"), ("张志强（副院长）", "张志强"), ("副院长张志强", "张志强"),
    ("常务副院长张志强", "张志强"), ("张志强同志", "张志强"), ("欧阳明书记", "欧阳明"),
    ("王副院长", "王副院长"), ("院长", "院长"), ("院办主任", "院办主任"), ("张志强、李明", "张志强、李明"),
    ("张志强副院长、李明副院长", "张志强、李明"), ("张志强 副院长", "张志强"), ("张志强、无", "张志强"), ("/", None),
])
def test_a_leaders_name_written_with_a_title_is_the_leader_alone(written, name):
    from duban.clean.names import leader_name

    assert leader_name(written) == name


def test_one_leader_written_with_and_without_a_title_is_one_leader_for_the_map():
    rows = [[*row[:7], "张志强副院长" if row[7] == "张志强" and row[0] != "DB-1" else row[7]] for row in ROWS]
    result = analyze_table(rows, header=HEADER, config=from_mapping({"leader_departments": MAP}))
    assert result.items["leader"].tolist() == ["张志强", "张志强", "张志强", "李明", None]
    assert result.issues.loc[result.issues["kind"] == KIND, "row"].tolist() == [3]


def test_an_item_two_leaders_share_is_each_ones_and_checked_against_both():
    rows = [*ROWS, ["DB-6", "院感联防", "护理部", "2024-03-01", "2024-03-31", "办理中", None, "张志强、李明"],
            ["DB-7", "药品联查", "药剂科", "2024-03-01", "2024-03-31", "办理中", None, "张志强、王芳"]]
    leader_map = {"张志强": ["质控科", "信息中心"], "李明": ["护理部"]}
    result = analyze_table(rows, header=HEADER, config=from_mapping({"leader_departments": leader_map}))
    from duban.compute.leaders import leader_mask, leaders_named, overseen

    assert leaders_named(result.items) == ["张志强", "李明", "王芳"]
    # 李明 oversees 护理部: DB-6 is in scope; 王芳 has no map, so DB-7 is not checked; DB-3 (信息中心) is 张志强's
    assert result.issues.loc[result.issues["kind"] == KIND, "row"].tolist() == [3]
    only_wang = {}  # 王芳 is not mapped: her items are those her name is on
    assert result.items[leader_mask(result.items, "王芳", only_wang)]["item_id"].tolist() == ["DB-7"]
    by_map = overseen(from_mapping({"leader_departments": leader_map}))
    assert result.items[leader_mask(result.items, "李明", by_map)]["item_id"].tolist() == ["DB-2", "DB-4", "DB-6"]


@pytest.mark.parametrize("leaders", [[None, None], [None, "张志强"]])
def test_with_a_map_items_naming_no_leader_are_not_checked(leaders):
    """A register whose 分管领导 cells are empty (or have no such column) under a map: nothing to check, no failure."""
    rows = [["DB-1", "质控检查", "质控科", "2024-03-01", "2024-03-31", "办理中", None, leaders[0]],
            ["DB-2", "护理排班", None, "2024-03-01", "2024-03-31", "办理中", None, leaders[1]]]
    result = analyze_table(rows, header=HEADER, config=from_mapping({"leader_departments": MAP}))
    assert KIND not in result.issues["kind"].tolist()
    no_leader_column = analyze_table([row[:7] for row in rows], header=HEADER[:7],
                                     config=from_mapping({"leader_departments": MAP}))
    assert KIND not in no_leader_column.issues["kind"].tolist()
