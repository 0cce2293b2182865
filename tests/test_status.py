"""rules.md §5's status words as registers write them: 整改 words, 是/否, percentages, progress sentences, drafts."""
from __future__ import annotations

import pytest

from duban.clean.status import status_of
from tests.support.workbooks import analyze_table

HEADER = ["督办事项", "承办科室", "交办日期", "办理时限", "办理状态"]


@pytest.mark.parametrize("cell, status", [
    ("整改完成", "done"), ("已整改", "done"), ("整改已完成", "done"), ("已完成整改", "done"), ("已建成", "done"),
    ("是", "done"), ("100%", "done"), ("１００％", "done"), (1.0, "done"), (100, "done"),
    ("正在整改", "open"), ("整改中", "open"), ("实施中", "open"), ("暂未启动", "open"), ("未开始", "open"),
    ("未落实", "open"), ("未整改", "open"), ("完成审批中", "open"), ("待审核", "open"), ("待销号", "open"),
    ("申请办结", "open"), ("否", "open"), ("30%", "open"), (0.6, "open"), (90, "open"),
    ("已完成80%", "open"), ("完成100%", "done"), ("进度50%", "open"), ("滞后", "open"), ("按计划推进", "open"),
    ("序时推进", "open"), ("已完成并通过验收", "done"), ("已完成（待验收）", "done"), ("正在排查", "open"),
    ("√", "done"), ("✓", "done"), ("×", "open"), ("Y", "done"), ("yes", "done"), ("n", "open"), ("结案", "done"),
    ("逾期办结", "done"), ("逾期", "open"), ("已交办", "open"), ("待反馈", "open"),
    ("2026年10月20日已办结", "done"), ("10月20日已完成", "done"), ("目前已完成", "done"), ("现已完成", "done"),
    ("全部完成", "done"), ("基本完成", "open"), ("部分完成", "open"), ("10月20日前完成", "open"),
    ("目前正在推进", "open"), ("按时完成", "done"), ("按期办结", "done"), ("已解决", "done"), ("已结题", "done"),
    ("已验收", "done"), ("落实中", "open"), ("已提交", "open"), ("待验收", "open"), ("重新办理", "returned"),
    ("中止", "cancelled"), ("工作中止", "cancelled"), ("已取消", "cancelled"), ("暂停", "cancelled"),
    ("草稿", "draft"), ("待立项", "draft"), ("立项审批中", "draft"),
])
def test_status_words(cell, status):
    assert status_of(cell) == (status, False)


@pytest.mark.parametrize("cell, status", [
    ("已完成项目立项和招标工作，正在施工", "done"),
    ("已于3月10日印发实施方案，下一步督促落实", "done"),
    ("已经召开专题会议研究，方案正在起草中", "open"),
    ("正在组织专家论证，预计月底完成", "open"),
    ("已对接，待反馈。", "open"),
    ("已建成并通车，运行良好", "done"),
])
def test_progress_sentences_in_the_status_column_are_read_as_progress(cell, status):
    assert status_of(cell) == (status, False)


def test_a_short_unknown_word_is_still_an_unknown_status_with_a_warning():
    assert status_of("待定") == ("open", True)
    result = analyze_table([["事项", "医务部", "2024-03-01", "5天", "待定"]], header=HEADER)
    assert result.issues["kind"].tolist() == ["unknown_status"]


def test_a_sentence_gives_no_unknown_status_warning():
    result = analyze_table([["事项", "医务部", "2024-03-01", "5天", "正在协调相关科室，预计下周完成"]], header=HEADER)
    assert result.issues.empty and result.items.iloc[0]["status"] == "open"


def test_yes_no_columns_and_percentages_give_the_status():
    rows = [["甲", "医务部", "2024-03-01", "5天", "是", "100%"], ["乙", "护理部", "2024-03-01", "5天", "否", "30%"]]
    header = ["督办事项", "承办科室", "交办日期", "办理时限", "是否完成整改", "整改进度(%)"]
    items = analyze_table(rows, header=header).items
    assert items["status"].tolist() == ["done", "open"]


def test_a_progress_like_column_gives_the_status_and_keeps_its_text_as_progress():
    rows = [["甲", "医务部", "2024-03-01", "5天", "已完成"],
            ["乙", "护理部", "2024-03-01", "5天", "正在推进，已完成初稿"]]
    header = ["督办事项", "承办科室", "交办日期", "办理时限", "完成情况"]
    items = analyze_table(rows, header=header).items
    assert items["status"].tolist() == ["done", "open"]
    assert items["progress"].tolist() == ["已完成", "正在推进，已完成初稿"]


def test_drafts_are_left_out_of_the_items_with_a_notice():
    rows = [["甲", "医务部", "2024-03-01", "5天", "草稿"], ["乙", "护理部", "2024-03-01", "5天", "办理中"],
            ["丙", "院办", "2024-03-01", "5天", "待立项"]]
    result = analyze_table(rows, header=HEADER)
    assert result.items["title"].tolist() == ["乙"] and result.issues.empty
    assert any("2 行是尚未立项的草稿" in n for n in result.notices)
    assert result.departments["dept"].tolist() == ["护理部"]


def test_cancelled_words_keep_the_item_out_of_the_figures():
    result = analyze_table([["甲", "医务部", "2024-03-01", "5天", "工作中止"]], header=HEADER)
    assert result.items.iloc[0]["status"] == "cancelled" and result.departments.iloc[0]["total"] == 0
