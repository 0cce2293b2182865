"""Three weekly registers in which one item without a 督办编号 moves rows, has its text edited, gets an extension
and climbs two stages (电话催办 → 发函督查 → 约谈督查): for the history and 事项追踪 tests."""
from __future__ import annotations

from tests.support.workbooks import xlsx_bytes

HEADER = ["督办编号", "督办事项", "承办科室", "交办日期", "办理时限", "延期至", "办理状态", "办理进展"]
OTHERS = [["DB-1", "修订院感防控预案", "院感办", "2024-02-20", "2024-03-29", None, "办理中", "初稿已完成"],
          ["DB-2", "更新门诊排班系统", "信息中心", "2024-02-21", "2024-03-29", None, "办理中", "测试中"]]


def _week(day: str, row: list, first: bool = False) -> bytes:
    """A register as of day: the followed item first or last among the others (it moves rows)."""
    rows = [row, *OTHERS] if first else [*OTHERS, row]
    return xlsx_bytes([[f"统计截至：{day}"], HEADER, *rows])


# The followed item has no 督办编号; its text is edited, it gets an extension and climbs two stages.
WEEKS = {
    "2024-03-04": _week("2024-03-04", [None, "完成门诊楼消防设施改造", "后勤保障部", "2024-02-19", "2024-03-01", None,
                                       "办理中", "已招标"]),
    "2024-03-08": _week("2024-03-08", [None, "完成门诊楼消防设施的改造", "后勤保障部", "2024-02-19", "2024-03-01",
                                       "2024-03-04", "办理中", "施工中"], first=True),
    "2024-03-15": _week("2024-03-15", [None, "完成门诊楼消防设施的改造。", "后勤保障部", "2024-02-19", "2024-03-01",
                                       "2024-03-04", "办理中", "待验收"]),
}
