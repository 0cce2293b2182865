"""Canonical register fields, their display names and the header texts that name them."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    """One canonical column of the register."""

    name: str
    display: str
    variants: tuple[str, ...]
    required: bool = False


FIELDS: tuple[Field, ...] = (
    Field("item_id", "督办编号", ("编号", "督办号", "事项编号", "立项编号", "文号", "督办事项编号")),
    Field("title", "督办事项", ("事项名称", "督办内容", "工作事项", "事项内容", "工作任务", "督办任务",
                                "督办事项名称", "任务名称"), required=True),
    Field("source", "事项来源", ("来源", "督办来源", "立项依据", "事项类别", "事项类型")),
    Field("assigned_date", "交办日期", ("立项日期", "下达日期", "交办时间", "督办日期", "立项时间",
                                        "下达时间"), required=True),
    Field("lead_dept", "承办科室", ("承办部门", "责任科室", "责任部门", "承办单位", "责任单位",
                                    "牵头科室", "牵头部门", "牵头单位", "主办科室", "主办部门"), required=True),
    Field("co_depts", "协办科室", ("协办部门", "协作单位", "配合科室", "配合部门", "协办单位", "配合单位")),
    Field("leader", "分管领导", ("分管院领导", "责任领导", "分管校领导", "分管院长")),
    Field("difficulty", "办理难度", ("难度", "难易程度")),
    Field("deadline", "办理时限", ("要求完成时间", "完成时限", "办结时限", "截止日期", "要求办结时间",
                                   "要求完成时限", "时限要求")),
    Field("extended_to", "延期至", ("延期时限", "批准延期至", "延期日期")),
    Field("status", "办理状态", ("状态", "办理情况", "完成情况", "进展情况", "办结情况")),
    Field("feedback_date", "反馈日期", ("反馈时间", "回复日期")),
    Field("completed_date", "办结日期", ("完成日期", "实际完成时间", "销号日期", "办结时间", "实际办结时间")),
    Field("reminders", "催办次数", ("催办", "已催办次数")),
    Field("progress", "办理进展", ("进展", "备注", "落实情况", "工作进展")),
)

FIELD_BY_NAME: dict[str, Field] = {f.name: f for f in FIELDS}
DISPLAY: dict[str, str] = {f.name: f.display for f in FIELDS}
REQUIRED: tuple[str, ...] = tuple(f.name for f in FIELDS if f.required)
# Header texts that belong to a register but carry no field of ours (a sub-header row may hold them).
IGNORED_HEADERS: frozenset[str] = frozenset({"序号", "序", "编码", "附件", "佐证材料"})

_BRACKETED = re.compile(r"[（(【\[<《].*?[）)】\]>》]")
_DECORATION = re.compile(r"[\s*＊※:：★☆]+")


def normalize_header(text: object) -> str:
    """Header cell text reduced to what identifies it: NFKC, no spaces, no (必填)/* marks."""
    if text is None:
        return ""
    s = unicodedata.normalize("NFKC", str(text))
    s = _BRACKETED.sub("", s)
    return _DECORATION.sub("", s)


def header_lookup(extra: dict[str, str] | None = None) -> dict[str, str]:
    """Map of normalised header text to field name, with the office's extra header aliases."""
    lookup: dict[str, str] = {}
    for field in FIELDS:
        for text in (field.display, *field.variants):
            lookup[normalize_header(text)] = field.name
    for text, name in (extra or {}).items():
        if name not in FIELD_BY_NAME:
            raise ValueError(f"表头别名“{text}”指向未知字段“{name}”")
        lookup[normalize_header(text)] = name
    return lookup
