"""Other words offices write for each role, collected from registers in public pages and code.

Gathered from government task-division tables (任务分工方案, 责任清单), hospital and college 督办台账,
meeting-decision registers and OA exports found in public pages (county 督查室 notices, 重点工作执行台账
templates, 会议确定事项落实情况通报). They are kept here, in the tests, and never in ``duban/``: the reader
must understand them by their meaning, not because someone typed them into its vocabulary.
Each role has at least five; a clerk reads every one of them as that role.
"""
from __future__ import annotations

WORDINGS: dict[str, tuple[str, ...]] = {
    "title": ("具体工作内容", "工作目标", "事项描述", "主要任务", "督查内容", "议定事项内容"),
    "lead_dept": ("承接部门", "执行单位", "归口科室", "主办处室", "负责单位", "责任处室"),
    "co_depts": ("配合处室", "协同单位", "参与部门", "协作科室", "协助单位", "会同单位"),
    "leader": ("包联领导", "联系领导", "挂点领导", "主管领导", "包抓领导"),
    "person": ("具体负责人", "经办人员", "联络员", "责任人员", "承办人"),
    "assigned_date": ("发文日期", "下发时间", "登记时间", "布置日期", "签批日期"),
    "deadline": ("完成时限要求", "时间节点要求", "办结期限", "截止时间", "要求完成期限"),
    "completed_date": ("办结销号日期", "销号时间", "实际办毕日期", "完结日期", "结案日期"),
    "feedback_due": ("反馈期限", "首次反馈时限", "立项反馈期限", "反馈截止时间", "情况反馈时限"),
    "feedback_date": ("回复时间", "报送日期", "上报时间", "反馈报送日期", "情况回复日期"),
    "extended_to": ("延期到", "延期完成时间", "延长至", "批准延期时间", "延期后时限"),
    "status": ("完成状况", "当前办理结果", "推进状态", "办理进度", "当前状态"),
    "progress": ("推进动态", "进展说明", "工作推进情况", "落实成效", "最新进展"),
    "item_id": ("登记编号", "督办件编号", "任务编号", "事项代码", "流水编号"),
    "source": ("来源依据", "交办来源", "事项出处", "立项来源", "任务出处"),
    "reminders": ("催办记录次数", "累计催办", "催督次数", "催办轮次", "催办数"),
    "difficulty": ("难度等级", "办理难度系数", "难易度", "难度系数", "事项难度"),
    "category": ("工作类别", "所属板块", "工作领域", "工作方面", "任务类型"),
}
