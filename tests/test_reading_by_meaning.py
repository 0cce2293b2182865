"""Columns read by what they mean: the same register with other header words, or none, reads the same.

Metamorphic: every register here (the shared ones, p1–p4 and real/, when they stand beside the clone;
the bundled sample and a messy generated register always) is written again (i) with every header the
reader used replaced by another wording of its role from ``tests/support/wordings.py``, five times
over, and (ii) with every header replaced by 列1…列N.
"""
from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest

from duban.errors import ReadError
from duban.paths import SAMPLE_REGISTER
from duban.pipeline import analyze
from tests.support.rewording import rewritten
from tests.support.shared import SHARED_REGISTERS, shared_registers
from tests.support.synthetic import plant_mistakes, synthetic_items, write_messy_xlsx
from tests.support.wordings import WORDINGS

COMPARED = ["title", "lead_dept", "co_depts", "leader", "assigned_date", "due_date", "status", "completed_date"]
MESSY_AS_OF = dt.date(2026, 11, 20)


def _registers() -> list[tuple[str, bytes, str, str | None]]:
    """(id, bytes, file name, as-of) of every register the test reads."""
    found = [("sample", SAMPLE_REGISTER.read_bytes(), SAMPLE_REGISTER.name, None),
             ("messy", write_messy_xlsx(plant_mistakes(synthetic_items(80, as_of=MESSY_AS_OF)), MESSY_AS_OF),
              "messy.xlsx", str(MESSY_AS_OF))]
    real = sorted(p for p in (SHARED_REGISTERS / "real").glob("*.xls*") if p.with_suffix(".json").exists())
    for path in [*shared_registers(), *real]:
        expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        if expected.get("loads", True):
            found.append((path.name[:3], path.read_bytes(), path.name, expected["as_of"]))
    return found


REGISTERS = _registers()


def _items(data: bytes, filename: str, as_of: str | None) -> pd.DataFrame:
    items = analyze(data, filename, as_of).items.set_index(["sheet", "row"])[COMPARED]
    return items.astype(str).sort_index()


@pytest.mark.parametrize("variant", range(5))
@pytest.mark.parametrize("register", REGISTERS, ids=[r[0] for r in REGISTERS])
def test_headers_in_other_words_give_the_same_items_and_fields(register, variant):
    name, data, filename, as_of = register
    used: dict[str, int] = {}

    def reword(sheet: str, row: int, column: int, role: str | None) -> str | None:
        if role is None:
            return None
        words = WORDINGS[role]
        k = used[role] = used.get(role, -1) + 1  # a second column of a role takes the next word
        return words[(variant + k) % len(words)]

    before = _items(rewritten(data, filename, lambda *_: None), filename, as_of)
    after = _items(rewritten(data, filename, reword), filename, as_of)
    assert len(after) == len(before) > 0
    pd.testing.assert_frame_equal(after, before)


def _found_from_cells(data: bytes, filename: str, as_of: str | None) -> bool:
    """The task, unit and date columns found again with every header replaced by 列1…列N."""
    try:
        result = analyze(rewritten(data, filename, lambda s, r, c, role: f"列{c + 1}"), filename, as_of)
    except ReadError:
        return False
    roles = {c["field"] for c in result.columns}
    wanted = {"title", "lead_dept"}
    original = {c["field"] for c in analyze(data, filename, as_of).columns}
    dates = {"assigned_date", "deadline", "completed_date"} & original
    return wanted <= roles and (not dates or bool(dates & roles))


def test_numbered_headers_still_find_task_unit_and_dates_from_the_cells_in_nine_sheets_of_ten():
    found = [_found_from_cells(data, filename, as_of) for _, data, filename, as_of in REGISTERS]
    assert sum(found) >= 0.9 * len(found), [r[0] for r, ok in zip(REGISTERS, found) if not ok]


def test_cells_outweigh_a_header_word_they_contradict():
    """An OA export: 状态 holds traffic lights, 进度 percentages; the status comes from 进度, 状态 stays unused."""
    from tests.support.workbooks import xlsx_bytes

    rows = [["任务名称", "承办部门", "状态", "进度"], ["推进信息化建设", "信息中心", "绿", "90%"],
            ["完善绩效考核办法", "人事处", "黄", "60%"], ["改造门诊楼", "后勤保障部", "红", "100%"]]
    result = analyze(xlsx_bytes(rows), "oa.xlsx", "2024-12-31")
    roles = {c["header"]: c["field"] for c in result.columns}
    assert roles["进度"] == "status" and roles["状态"] is None
    assert result.items["status"].tolist() == ["open", "open", "done"]
    assert not (result.issues["kind"] == "unknown_status").any()


@pytest.mark.parametrize("header, cells, role", [
    ("列3", ["2024-03-01", "2024-03-05", "2024-04-01"], "deadline"),  # a lone date column
    ("列3", ["6月底前", "10个工作日", "年底前"], "deadline"),
    ("列3", ["办结", "办理中", "已完成"], "status"),
    ("列3", ["DB-001", "DB-002", "DB-003"], "item_id"),
])
def test_a_header_that_means_nothing_takes_its_role_from_clear_cells(header, cells, role):
    from tests.support.workbooks import xlsx_bytes

    rows = [["督办事项", "承办科室", header], *[[f"事项{k}的具体内容", "医务部", c] for k, c in enumerate(cells)]]
    result = analyze(xlsx_bytes(rows), "t.xlsx", "2024-12-31")
    assert {c["header"]: c["field"] for c in result.columns}[header] == role
    assert next(c for c in result.columns if c["header"] == header)["evidence"] == "content"


NEVER_SEEN = {  # layouts written as real offices write them, in words no vocabulary of ours holds
    "hazard": ([["序号", "检查日期", "隐患部位", "隐患描述", "隐患等级", "整改措施", "整改责任单位", "整改责任人",
                 "整改期限", "整改完成日期", "整改状态"],
                [1, "2024-03-02", "2号墩", "脚手架扣件松动，未设置剪刀撑", "一般", "立即加固", "第一工区", "王强",
                 "2024-03-05", "2024-03-04", "已整改"],
                [2, "2024-03-02", "隧道口", "临时用电线路私拉乱接", "较大", "重新布线", "机电队", "赵六", "2024-03-10",
                 None, "整改中"]],
               {"隐患描述": "title", "整改责任单位": "lead_dept", "检查日期": "assigned_date", "整改期限": "deadline",
                "整改完成日期": "completed_date", "整改状态": "status"}),
    "oa": ([["标题", "发起时间", "主办部门", "协办部门", "截止时间", "当前环节", "办理结果"],
            ["关于开展医疗质量专项检查的督办", "2024-05-06 09:12:00", "医务部", "质控科、护理部", "2024-05-31",
             "科室办理", "办理中"],
            ["关于做好防汛准备工作的督办", "2024-05-10 15:30:00", "后勤保障部", "保卫处", "2024-05-20", "科室办理",
             "办理中"]],
           {"标题": "title", "发起时间": "assigned_date", "主办部门": "lead_dept", "协办部门": "co_depts",
            "截止时间": "deadline", "办理结果": "status"}),
    "export": ([["id", "taskName", "deptName", "leaderName", "createTime", "deadline", "status", "remark"],
                ["T001", "完善会诊制度", "医务部", "张志强", "2024-10-09 09:12:00", "2024-11-30", "办理中", ""],
                ["T002", "护理质量检查", "护理部", "李明", "2024-10-10 10:00:00", "2024-12-31", "办理中", "已验收"]],
               {"taskName": "title", "deptName": "lead_dept", "leaderName": "leader", "createTime": "assigned_date",
                "deadline": "deadline", "status": "status", "remark": "progress"}),  # a system's field names
    "minsheng": ([["2024年县民生实事项目推进情况表"],
                  ["序号", "项目名称", "目标任务", "责任单位", "牵头县领导", "进展情况", "完成率"],
                  [1, "城乡供水一体化", "新建改造供水管网50公里", "县水利局", "张伟副县长", "已铺设35公里", 0.7],
                  [2, "老旧小区改造", "改造老旧小区12个", "县住建局", "李强副县长", "已开工10个", 0.5]],
                 {"目标任务": "title", "责任单位": "lead_dept", "牵头县领导": "leader", "完成率": "status",
                  "进展情况": "progress"}),
}


@pytest.mark.parametrize("name", NEVER_SEEN)
def test_layouts_in_words_of_no_vocabulary_read_by_their_meaning(name):
    from tests.support.workbooks import xlsx_bytes

    rows, wanted = NEVER_SEEN[name]
    result = analyze(xlsx_bytes(rows), f"{name}.xlsx", "2024-12-31")
    roles = {c["header"]: c["field"] for c in result.columns}
    assert {header: roles[header] for header in wanted} == wanted
    assert result.items["status"].eq("open").all() or name == "hazard"


def test_a_remarks_column_neither_takes_the_progress_column_nor_reads_a_note_as_a_unit():
    """备注 is the weaker word for progress; 已发催办 ends like 院办 and names no unit."""
    from tests.support.workbooks import xlsx_bytes

    rows = [["某某医院2026年第四季度重点工作督办台账"],
            ["填报单位：院办", None, None, None, None, None, "统计时间：2026年11月20日"],
            ["序号", "工作事项", "责任科室（部门）", "院领导", "时间节点", "工作进展", "完成状态", "备注"],
            [1, "开展病历质量专项检查", "医务部、质控科", "王副院长", "2026.11.30", "已检查2个病区", "推进中", ""],
            [2, "完成DRG付费结算清单校验", "医保办", "王副院长", "11月15日前", "已完成", "已完成", ""],
            [3, "更换门诊楼电梯", "后勤保障部", "李副院长", "2026年10月底", "招标中", "未完成", "已发催办"],
            [4, "修订绩效考核方案", "人事科", "李副院长", "12月底前", "征求意见", "推进中", ""]]
    result = analyze(xlsx_bytes(rows), "重点工作.xlsx")
    roles = {c["header"]: c["field"] for c in result.columns}
    assert (roles["工作进展"], roles["备注"]) == ("progress", None)
    assert result.items["co_depts"].map(len).tolist() == [1, 0, 0, 0]
    assert result.as_of == pd.Timestamp("2026-11-20")  # 统计时间 says as of when, as 统计截至 does


def test_a_meeting_register_in_its_own_words_reads_as_the_office_meant_it():
    """会议议定事项: units with their parts written out, a limit with its time of day, status words of a meeting."""
    from tests.support.workbooks import xlsx_bytes

    day = "2026-10-09"
    rows = [["2026年10月院长办公会议定事项落实情况跟踪表"],
            ["会议时间", "议定事项", "责任部门", "牵头院领导", "完成时间", "落实进度", "当前状态"],
            [day, "推进互联网医院建设", "信息中心牵头，医务部、门诊部配合", "张志强副院长", "十二月底前", "完成招标",
             "进行中"],
            [day, "开展院感防控培训", "院感科", "书记", "每月25日前", "已开展两期", "持续推进"],
            [day, "完成职工体检", "工会（李娜 13800000000）", "王建国副院长", "10月31日17:00前", "已全部完成",
             "已销号"],
            [day, "落实医疗设备采购计划", "设备科", "王建国", "月底前", "未启动", "滞后"],
            [day, "整改病案首页质量问题", "病案室、医务部", "李明", "2026.11.10", "已完成（待验收）", "10月30日已完成"]]
    result = analyze(xlsx_bytes(rows), "议定事项.xlsx", "2026-11-20")
    items = result.items
    assert items["lead_dept"].tolist() == ["信息中心", "院感科", "工会", "设备科", "病案室"]
    assert items["co_depts"].tolist() == [["医务部", "门诊部"], [], [], [], ["医务部"]]
    assert items["leader"].tolist() == ["张志强", "书记", "王建国", "王建国", "李明"]
    assert items["status"].tolist() == ["open", "ongoing", "done", "open", "done"]
    assert [None if pd.isna(d) else str(d.date()) for d in items["due_date"]] == [
        "2026-12-31", None, "2026-10-31", "2026-10-31", "2026-11-10"]
    assert "unknown_status" not in result.issues["kind"].tolist() and result.counts["left_out"] == 0


def test_sub_item_numbers_are_no_dates_under_headers_that_say_nothing():
    """1.1 and 1.2 could be month.day; in a column of its own they number sub-items (the dates are elsewhere)."""
    from tests.support.workbooks import xlsx_bytes

    rows = [["列1", "列2", "列3", "列4"], ["1.1", "优化门诊流程", "门诊部", "2026-12-31"],
            ["1.2", "缩短检查预约时间", "医技科", "2026-11-30"], ["2.1", "引进学科带头人", "人事科", "2026-12-31"]]
    result = analyze(xlsx_bytes(rows), "t.xlsx", "2026-11-20")
    roles = {c["header"]: c["field"] for c in result.columns}
    assert roles == {"列1": None, "列2": "title", "列3": "lead_dept", "列4": "deadline"}
    assert len(result.items) == 3
