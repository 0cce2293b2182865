"""rules.md §1 (registers as offices really write them): one test per rule, each failing if the rule breaks."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from duban.errors import ReadError
from duban.fields import header_lookup
from duban.reading.evidence import profile
from duban.reading.roles import decide
from duban.reading.layouts import apply_layout, layout_key, parse_mapping
from duban.reading.table import read_register
from tests.support.workbooks import analyze_table, xlsx_bytes

LOOKUP = header_lookup()


def assign_roles(headers: list[str], lookup: dict[str, str]) -> tuple[dict[int, str], bool]:
    """Column -> role of a header row over no data (the header's meaning alone), and whether status doubles."""
    decision = decide(dict(enumerate(headers)), {i: profile([]) for i in range(len(headers))}, lookup)
    return decision.columns, decision.status_is_progress_too


def roles(*headers: str) -> dict[str, str]:
    """Header text -> role for one header row (unused columns left out)."""
    columns, _ = assign_roles(list(headers), LOOKUP)
    return {headers[i]: role for i, role in columns.items()}


@pytest.mark.parametrize("header, role", [
    ("重点工作任务", "title"), ("存在问题", "title"), ("会议议定事项", "title"), ("跟踪督办事项", "title"),
    ("主责部门", "lead_dept"), ("问题整改责任单位", "lead_dept"), ("区直责任单位", "lead_dept"),
    ("配合方", "co_depts"), ("参与单位", "co_depts"),
    ("提出时间", "assigned_date"), ("召开时间", "assigned_date"), ("批示日期", "assigned_date"),
    ("计划完成整治时间", "deadline"), ("整改时限", "deadline"), ("达标期限", "deadline"),
    ("立项反馈截止期限", "feedback_due"),
    ("当前状态", "status"), ("是否按期完成", "status"), ("是否销号", "status"), ("完成进度", "status"),
    ("分管区领导", "leader"), ("牵头领导", "leader"), ("包保县领导", "leader"),
    ("牵头单位责任人", "person"), ("经办人", "person"),
    ("业务类别", "category"), ("板块", "category"), ("任务来源", "source"),
    # words of no vocabulary: the morphemes that carry the role, wherever they stand
    ("承接部门", "lead_dept"), ("执行单位", "lead_dept"), ("归口科室", "lead_dept"), ("工作目标", "title"),
    ("事项描述", "title"), ("具体工作内容", "title"), ("发文日期", "assigned_date"), ("下发时间", "assigned_date"),
    ("完成时限要求", "deadline"), ("时间节点要求", "deadline"), ("完成状况", "status"), ("当前办理结果", "status"),
    ("办结销号日期", "completed_date"), ("包联领导", "leader"), ("登记编号", "item_id"), ("推进动态", "progress"),
    ("事项提出领导", "leader"), ("协同处室", "co_depts"),
])
def test_a_header_takes_its_role_by_word_or_ending(header, role):
    assert roles("督办事项" if role != "title" else "承办科室", header)[header] == role


@pytest.mark.parametrize("header", ["会议名称", "有关要求", "问题具体情况", "事项提出场景", "序号", "列3", "Column7"])
def test_headers_outside_the_vocabulary_are_unused(header):
    assert header not in roles("督办事项", "承办科室", header)


def test_an_exact_word_beats_an_ending():
    assert roles("督办事项", "承办科室", "事项类别", "业务类别") == {
        "督办事项": "title", "承办科室": "lead_dept", "事项类别": "source", "业务类别": "category"}


def test_complete_time_is_the_deadline_only_without_another_deadline_column():
    assert roles("督办事项", "责任单位", "完成时间")["完成时间"] == "deadline"
    both = roles("督办事项", "责任单位", "办理时限", "完成时间")
    assert both["办理时限"] == "deadline" and both["完成时间"] == "completed_date"


def test_responsible_unit_beside_a_lead_unit_is_the_co_department():
    assert roles("任务", "牵头单位", "责任单位") == {"任务": "title", "牵头单位": "lead_dept", "责任单位": "co_depts"}
    assert roles("任务", "责任单位")["责任单位"] == "lead_dept"


def test_a_required_deadline_beats_a_planned_one():
    found = roles("督办事项", "承办科室", "计划完成时间", "要求完成时间")
    assert found["要求完成时间"] == "deadline" and "计划完成时间" not in found


def test_progress_like_status_headers_give_the_status_only_without_a_status_column():
    alone, keeps_text = assign_roles(["督办事项", "承办科室", "完成情况"], LOOKUP)
    assert alone[2] == "status" and keeps_text
    beside = roles("督办事项", "承办科室", "状态", "完成情况")
    assert beside["状态"] == "status" and beside["完成情况"] == "progress"
    assert roles("督办事项", "承办科室", "备注")["备注"] == "progress"
    assert roles("督办内容", "牵头单位", "协办单位", "牵头单位承办情况")["牵头单位承办情况"] == "status"
    assert roles("督办事项", "承办科室", "工作进展", "备注") == {"督办事项": "title", "承办科室": "lead_dept",
                                                         "工作进展": "progress"}  # 备注 is the weaker word


@pytest.mark.parametrize("second, cells, role", [
    ("落实进度", ["已完成初稿，正在征求意见", "检查完成，已通报", "招标文件已挂网"], "progress"),  # sentences
    ("工作进度", ["已报党委会审定并印发执行", "完成设备安装调试", "正在组织专家论证"], "progress"),
    ("进度", [0.3, 0.8, 1.0], None),  # a share done is no progress text
    ("状态", ["红灯", "黄灯", "绿灯"], None),  # light colours: short words, no progress either
])
def test_a_second_status_column_holding_sentences_is_the_progress(second, cells, role):
    """当前状态 | 落实进度: the status goes to one; the other, named like a status, is the progress if its cells are
    sentences (what the cells hold decides, not the word 进度 alone)."""
    rows = [["督办事项", "承办科室", "当前状态", second]]
    rows += [[f"事项{k}", "医务部", "办理中", cell] for k, cell in enumerate(cells)]
    raw = read_register(xlsx_bytes(rows), "t.xlsx")
    found = {c["header"]: c["field"] for c in raw.columns}
    assert found["当前状态"] == "status" and found[second] == role
    if role:
        assert raw.rows["progress"].tolist() == cells


def test_two_columns_for_one_role_the_exact_then_the_leftmost():
    found = roles("督办事项", "承办科室", "业务类别", "方面")
    assert found["方面"] == "category" and "业务类别" not in found
    assert roles("督办事项", "承办科室", "类别", "分类") == {"督办事项": "title", "承办科室": "lead_dept",
                                                           "类别": "category"}


def test_the_header_row_is_the_one_recognising_the_most_roles():
    rows = [["任务分工方案"], ["任务", "单位"], ["重点任务", "牵头单位", "责任单位", "完成时限"],
            ["推进项目建设", "发改局", "财政局", "2024年6月底前"]]
    raw = read_register(xlsx_bytes(rows), "t.xlsx")
    assert raw.rows["title"].tolist() == ["推进项目建设"] and raw.rows["row"].tolist() == [4]


def test_the_registers_year_comes_from_the_title_and_resolves_year_less_texts():
    rows = [["2025年开发区重点工作及责任清单"], ["重点工作", "责任单位", "完成时限"],
            ["优化营商环境", "招商部", "全年"], ["园区建设", "规划局", "6月底前"]]
    result = _analyze(rows, "2025-12-31")
    assert [str(d.date()) for d in result.items["due_date"]] == ["2025-12-31", "2025-06-30"]


def _analyze(rows, as_of):
    from duban.pipeline import analyze
    return analyze(xlsx_bytes(rows), "t.xlsx", as_of)


def test_section_rows_become_the_category_of_the_items_below():
    rows = [["序号", "工作任务", "牵头单位"], ["一、经济发展"], [1, "稳增长", "发改局"], ["（二）民生保障"],
            [2, "稳就业", "人社局"]]
    raw = read_register(xlsx_bytes(rows), "t.xlsx")
    assert raw.rows["title"].tolist() == ["稳增长", "稳就业"]
    assert raw.rows["category"].tolist() == ["一、经济发展", "（二）民生保障"]


def test_template_rows_and_a_repeated_header_are_skipped_with_one_notice():
    rows = [["督办事项", "承办科室", "办理时限"], ["例：完成某项工作", "某科室", "3月底前"],
            ["例会制度完善", "院办", "3月底前"], ["督办事项", "承办科室", "办理时限"],
            ["填表说明：按月更新", None, None]]
    raw = read_register(xlsx_bytes(rows), "t.xlsx")
    assert raw.rows["title"].tolist() == ["例会制度完善"]
    assert sum("填表示例" in n for n in raw.notices) == 1


@pytest.mark.parametrize("cell, lead, co", [
    ("区住建委等3家单位", "区住建委", []),
    ("财政局、发改局（牵头）、审计局", "发改局", ["财政局", "审计局"]),
    ("发改局|张副区长|李四；财政局|王副区长|赵六", "发改局", ["财政局"]),
    ("信息中心牵头，医务部、门诊部配合", "信息中心", ["医务部", "门诊部"]),
    ("护理部协助，医务部负责", "医务部", ["护理部"]),
    ("牵头单位：质控科；配合单位：医务部、护理部", "质控科", ["医务部", "护理部"]),
    ("协同创新中心", "协同创新中心", []),
    ("医务部（张伟 13800000000）、护理部（李娜）", "医务部", ["护理部"]),  # a contact, not part of the name
    ("各县（市、区）政府", "各县(市、区)政府", []), ("护理部（病区）", "护理部(病区)", []),
])
def test_unit_cells_as_real_registers_write_them(cell, lead, co):
    item = analyze_table([["事项", cell, "2024-03-01"]], header=["督办事项", "责任单位", "交办日期"]).items.iloc[0]
    assert item["lead_dept"] == lead and item["co_depts"] == co


def test_several_unnamed_units_make_the_item_complex_with_a_warning():
    result = analyze_table([["事项", "区住建委等3家单位", "2024-03-01"]], header=["督办事项", "责任单位", "交办日期"])
    assert result.items.iloc[0]["complexity"] == "complex"
    assert result.issues["kind"].tolist() == ["units_unnamed"]


@pytest.mark.parametrize("header, missing", [
    (["承办单位", "办结数", "在办数"], "督办事项"), (["工作任务", "完成时限", "备注"], "承办科室")])
def test_a_table_that_is_not_a_register_names_what_was_found_and_what_is_missing(header, missing):
    with pytest.raises(ReadError) as caught:
        read_register(xlsx_bytes([header, ["x", 1, 2]]), "t.xlsx")
    message = str(caught.value)
    assert f"缺少“{missing}”" in message and f"“{header[0]}”" in message


def test_a_sheet_without_assigned_dates_loads_and_says_so_once():
    rows = [["任务", "牵头单位", "完成时限"], ["甲", "发改局", "2024-06-30"], ["乙", "财政局", "30天"],
            ["丙", "审计局", None]]
    result = _analyze(rows, "2024-12-31")
    items = result.items.set_index("title")
    assert items["feedback_due"].isna().all() and str(items.loc["甲", "due_date"].date()) == "2024-06-30"
    assert items["due_date"].isna()[["乙", "丙"]].all()
    assert [(i["row"], i["kind"]) for _, i in result.issues.iterrows()] == [
        (3, "relative_without_assigned"), (4, "empty_deadline")]
    assert sum("没有交办日期列" in n for n in result.notices) == 1
    assert len(result.departments) == 3


def test_a_row_missing_its_date_is_still_an_error_where_the_sheet_has_the_column():
    result = analyze_table([["DB-1", "事项", "医务部", None, "5天", "办理中", None]])
    assert result.issues["kind"].tolist() == ["missing_assigned"] and result.items.empty


def test_a_sheet_without_a_deadline_column_uses_the_feedback_limit_with_one_notice():
    rows = [["督办事项", "承办科室", "交办日期"], ["甲", "医务部", "2024-03-01"], ["乙", "护理部", "2024-03-04"]]
    result = _analyze(rows, "2024-03-15")
    assert (result.items["due_date"] == result.items["feedback_due"]).all()
    assert result.issues.empty and sum("没有办理时限列" in n for n in result.notices) == 1


def test_the_json_shows_every_column_with_its_role(cli, tmp_path):
    import json
    path = tmp_path / "r.xlsx"
    path.write_bytes(xlsx_bytes([["序号", "重点工作", "责任单位", "工作计划"], [1, "甲", "发改局", "按计划"]]))
    done = cli("analyze", path, "--as-of", "2024-12-31", "--json")
    columns = json.loads(done.stdout)["columns"]
    assert [(c["column"], c["header"], c["field"]) for c in columns] == [
        ("A", "序号", None), ("B", "重点工作", "title"), ("C", "责任单位", "lead_dept"), ("D", "工作计划", "progress")]


def test_the_command_line_map_changes_a_role(cli, tmp_path):
    import json
    path = tmp_path / "r.xlsx"
    path.write_bytes(xlsx_bytes([["重点工作", "责任单位", "经办科室"], ["甲", "发改局", "办公室"]]))
    done = cli("analyze", path, "--as-of", "2024-12-31", "--map", "经办科室=lead_dept", "--map", "责任单位=co_depts",
               "--json")
    item = json.loads(done.stdout)["items"][0]
    assert (item["lead_dept"], item["co_depts"]) == ("办公室", ["发改局"])
    assert cli("analyze", path, "--map", "经办科室=不存在", "--json").returncode == 2


def test_a_layout_is_keyed_by_the_header_and_names_roles_by_header_text():
    header_row = ["重点工作", "责任单位", "经办科室"]
    from duban.reading.header import find_header
    header = find_header([header_row], LOOKUP)
    assert layout_key(header.texts) == layout_key({0: "重点 工作", 1: "责任单位", 2: "经办科室"})
    assert layout_key(header.texts) != layout_key({0: "重点工作", 1: "责任单位"})
    changed = apply_layout(header, parse_mapping(["经办科室=lead_dept", "责任单位=unused"]))
    assert changed.columns == {0: "title", 2: "lead_dept"}
    with pytest.raises(ValueError):
        parse_mapping(["没有等号"])


KNOWN = [("督办事项", "title"), ("承办科室", "lead_dept"), ("交办日期", "assigned_date"), ("办理时限", "deadline"),
         ("办理状态", "status"), ("协办科室", "co_depts"), ("分管领导", "leader"), ("事项来源", "source"),
         ("办结日期", "completed_date"), ("办理进展", "progress"), ("责任人", "person"), ("类别", "category")]
UNKNOWN = ["序号", "会议名称", "事项提出场景", "有关要求", "附件名称", "操作", "权重", "周期"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(KNOWN[2:]), unique=True), st.lists(st.sampled_from(UNKNOWN), unique=True),
       st.randoms(use_true_random=False))
def test_any_arrangement_of_known_roles_among_unknown_columns_reads_back_the_same(extra, unknown, rng):
    """Property: shuffle the known headers (task and unit always there) with unknown ones: same roles back."""
    columns = [*KNOWN[:2], *extra, *[(u, None) for u in unknown]]
    rng.shuffle(columns)
    found, _ = assign_roles([text for text, _ in columns], LOOKUP)
    assert found == {i: role for i, (_, role) in enumerate(columns) if role is not None}


def test_a_sheet_whose_task_cannot_be_told_becomes_a_choice_and_the_command_line_shows_the_map(cli, tmp_path):
    from duban.errors import ColumnsNeeded
    from duban.reading.refusal import columns_needed

    rows = [["名目", "归属"], ["修订制度", "发改局"], ["建设园区", "规划局"]]
    with pytest.raises(ColumnsNeeded) as caught:
        read_register(xlsx_bytes(rows), "t.xlsx")
    sheet = caught.value.sheets[0]
    assert [(c["header"], c["field"], c["first_values"][0]) for c in sheet["columns"]] == [
        ("名目", None, "修订制度"), ("归属", "lead_dept", "发改局")]
    assert "缺少“督办事项”" in caught.value.found and "--map" not in caught.value.found
    path = tmp_path / "t.xlsx"
    path.write_bytes(xlsx_bytes(rows))
    done = cli("analyze", path, "--json")
    assert done.returncode == 2 and "A 列“名目”" in done.stderr and "--map" in done.stderr
    assert cli("analyze", path, "--map", "名目=title", "--json").returncode == 0
    refused = columns_needed([("Sheet1", None)])
    assert not isinstance(refused, ColumnsNeeded) and "没有找到督办台账" in str(refused)
