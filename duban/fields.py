"""Canonical register fields (roles), their display names and the whole headers known to name them.

The known headers are one kind of evidence among several: ``duban.reading.evidence`` weighs them (a header
equal to one, cleaned up by ``normalize_header``, is strong evidence; one ending with one a little less)
with the morphemes of other headers and what the cells hold, and ``duban.reading.roles`` decides. The few
headers whose role depends on the rest of the sheet (完成时间, 完成情况, 责任单位 …) are settled there too.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    """One canonical column of the register: its role name, display name and header words."""

    name: str
    display: str
    words: tuple[str, ...]
    required: bool = False


FIELDS: tuple[Field, ...] = (
    Field("item_id", "督办编号", ("编号", "督办号", "事项编号", "立项编号", "文号", "督办事项编号")),
    Field("title", "督办事项", (
        "事项名称", "督办内容", "工作事项", "事项内容", "工作任务", "督办任务", "督办事项名称", "任务名称", "重点工作",
        "重点任务", "目标任务", "任务", "任务内容", "待办事项", "督查事项", "跟踪督办事项", "交办事项", "决策事项名称",
        "实事项目", "存在问题", "反馈问题", "问题", "整改任务", "交办单标题", "会议议定事项", "任务要求", "批示内容",
        "督查督办事项", "工作内容"), required=True),
    Field("source", "事项来源", ("来源", "督办来源", "立项依据", "事项类别", "事项类型", "任务来源")),
    Field("assigned_date", "交办日期", (
        "立项日期", "下达日期", "交办时间", "督办日期", "立项时间", "下达时间", "提出时间", "形成时间", "收件日期",
        "收文日期", "会议时间", "召开时间", "督查时间", "来源时间", "创建时间", "登记日期", "批示日期")),
    Field("lead_dept", "承办科室", (
        "承办部门", "责任科室", "责任部门", "承办单位", "责任单位", "牵头科室", "牵头部门", "牵头单位", "主办科室",
        "主办部门", "主责部门", "主办单位", "承办处室", "责任主体", "落实单位", "整改责任单位", "问题整改责任单位",
        "牵头处室", "主责单位"), required=True),
    Field("co_depts", "协办科室", (
        "协办部门", "协作单位", "配合科室", "配合部门", "协办单位", "配合单位", "配合方", "参与单位", "协作部门",
        "协调单位")),
    Field("leader", "分管领导", ("分管院领导", "责任领导", "分管校领导", "分管院长", "牵头领导", "包保领导")),
    Field("difficulty", "办理难度", ("难度", "难易程度")),
    Field("deadline", "办理时限", (
        "要求完成时间", "完成时限", "办结时限", "截止日期", "要求办结时间", "要求完成时限", "时限要求", "计划完成时间",
        "计划完成日期", "要求完成日期", "整改时限", "达标期限", "拟办结时间", "计划完成整治时间", "办结期限",
        "完成期限", "时限")),
    Field("feedback_due", "反馈时限", ("反馈截止时间", "立项反馈截止期限", "反馈截止日期")),
    Field("extended_to", "延期至", ("延期时限", "批准延期至", "延期日期")),
    Field("status", "办理状态", (
        "状态", "当前状态", "推进状态", "工作状态", "是否完成", "进度", "完成进度", "办理情况", "完成情况", "进展情况",
        "办结情况", "整改进展情况", "整改情况")),
    Field("feedback_date", "反馈日期", ("反馈时间", "回复日期")),
    Field("completed_date", "办结日期", ("实际完成时间", "销号日期", "办结时间", "实际办结时间", "实际完成日期",
                                         "落实时间", "落实日期")),
    Field("reminders", "催办次数", ("催办", "已催办次数")),
    Field("progress", "办理进展", ("进展", "落实情况", "工作进展", "推进情况")),  # 备注 by its meaning (weaker)
    Field("person", "责任人", ("负责人", "联系人", "部门责任人", "经办人")),
    Field("category", "类别", ("方面", "板块", "分类")),
)

FIELD_BY_NAME: dict[str, Field] = {f.name: f for f in FIELDS}
DISPLAY: dict[str, str] = {f.name: f.display for f in FIELDS}
REQUIRED: tuple[str, ...] = tuple(f.name for f in FIELDS if f.required)
# Headers that give the status only when the sheet has no proper status column (else they are progress).
STATUS_VARIANTS: frozenset[str] = frozenset({"办理情况", "完成情况", "进展情况", "办结情况", "整改进展情况",
                                            "整改情况"})
# 完成时间 is the deadline when the sheet has no other deadline column, else the completion date.
AMBIGUOUS_DONE: frozenset[str] = frozenset({"完成时间", "完成日期"})

# a bracketed note, (必填), 【注】: to the first closing bracket, with no other bracket or line end inside (so that a
# cell of 15,000 unclosed brackets is one pass, not one pass per bracket)
_BRACKETED = re.compile(r"[（(【\[<《][^（(【\[<《）)】\]>》\n]*[）)】\]>》]")
_DECORATION = re.compile(r"[\s*＊※:：★☆%]+")


def normalize_header(text: object) -> str:
    """Header cell text reduced to what identifies it: NFKC, no spaces, no (必填)/* marks."""
    if text is None:
        return ""
    s = unicodedata.normalize("NFKC", str(text))
    s = _BRACKETED.sub("", s)
    return _DECORATION.sub("", s)


def header_lookup(extra: dict[str, str] | None = None) -> dict[str, str]:
    """Map of normalised header word to role, with the office's extra header words."""
    lookup: dict[str, str] = {}
    for field in FIELDS:
        for text in (field.display, *field.words):
            lookup[normalize_header(text)] = field.name
    for word in AMBIGUOUS_DONE:
        lookup[word] = "deadline"  # settled against the other columns in roles.decide
    for text, name in (extra or {}).items():
        if name not in FIELD_BY_NAME:
            raise ValueError(f"表头别名“{text}”指向未知字段“{name}”")
        lookup[normalize_header(text)] = name
    return lookup
