"""Realistic synthetic registers: the bundled sample, benchmark inputs and test workbooks.

``synthetic_items`` draws items with numpy (seeded, so the same call gives the same register);
``write_messy_xlsx`` lays them out as an office would: title and 统计截至 rows, header variants,
merged 承办科室 cells, blank and footer rows, and a few planted mistakes.
"""
from __future__ import annotations

import datetime as dt
import io

import numpy as np
import pandas as pd

from duban.missing import is_missing
from duban.clean.values import SOURCES

DEPARTMENTS: dict[str, str] = {
    "医务部": "陈卫东", "护理部": "黄振华", "门诊部": "陈卫东", "信息中心": "张志强", "质控科": "张志强",
    "基建处": "林海燕", "保卫处": "杨明", "院感办": "林海燕", "财务处": "胡春生", "人事处": "胡春生",
    "后勤保障部": "郑晓明", "药剂科": "刘志刚",
}
TITLES = ("推进住院综合楼项目建设", "完成三级公立医院绩效考核数据上报", "开展病历内涵质量专项整治",
          "落实院感防控专项检查整改", "完成网络安全等级保护测评整改", "优化门诊就诊流程缩短候诊时间",
          "修订医院感染暴发应急预案", "推进DRG付费方式改革", "完成年度预算执行情况分析报告",
          "落实消防安全隐患排查整改", "开展患者满意度第三方调查", "完成医疗设备采购论证",
          "推进智慧病房试点建设", "落实抗菌药物临床应用专项整治", "完善多学科诊疗（MDT）工作机制")
HEADER = ("序号", "督办编号", "事项来源", "督办事项 *", "承 办 科 室", "协办科室", "分管领导", "交办日期(必填)",
          "办理时限", "办理状态", "办结日期", "催办次数", "办理进展")
PROGRESS = ("已完成方案制定，正在组织实施", "正在协调相关科室", "等待上级批复", "已完成，材料已归档", "")


def _deadline_texts(rng: np.random.Generator, assigned: pd.Series) -> tuple[list[object], np.ndarray]:
    """A 办理时限 cell per item in every form the rules know, and an approximate due date."""
    n = len(assigned)
    form = rng.choice(["date", "workdays", "days", "month_end", "year_end", "ongoing", "empty"], n,
                      p=[0.35, 0.25, 0.12, 0.12, 0.06, 0.04, 0.06])
    span = rng.integers(5, 60, n)
    due = assigned + pd.to_timedelta(span * 1.4, unit="D")
    texts: list[object] = []
    for i in range(n):
        a = assigned.iloc[i]
        if form[i] == "date":
            texts.append(due.iloc[i].date() if i % 3 else f"{due.iloc[i]:%Y年%-m月%-d日}")
        elif form[i] == "workdays":
            texts.append(f"{span[i]}个工作日")
        elif form[i] == "days":
            texts.append(f"{span[i]}{'天' if i % 2 else '日'}")
        elif form[i] == "month_end":
            month = (a.month + 1) % 12 + 1
            texts.append(f"{month}月底前")
        elif form[i] == "year_end":
            texts.append("年底前")
        elif form[i] == "ongoing":
            texts.append("长期")
        else:
            texts.append(None)
    return texts, due.to_numpy()


def synthetic_items(n: int, as_of: dt.date = dt.date(2026, 11, 20), seed: int = 2024,
                    start: dt.date = dt.date(2024, 1, 2)) -> pd.DataFrame:
    """n register rows (display-name columns) assigned between start and as_of."""
    rng = np.random.default_rng(seed)
    depts = np.array(list(DEPARTMENTS))
    lead = rng.choice(depts, n)
    days = (as_of - start).days
    assigned = pd.Series(pd.to_datetime(start) + pd.to_timedelta(np.sort(rng.integers(0, days, n)), unit="D"))
    deadline, due = _deadline_texts(rng, assigned)
    as_of_ts = pd.Timestamp(as_of)
    long_ago = due < (as_of_ts - pd.Timedelta(days=45)).to_datetime64()
    finished = rng.random(n) < np.select([long_ago, due < as_of_ts.to_datetime64()], [0.97, 0.7], 0.3)
    completed = assigned + pd.to_timedelta(rng.integers(1, 60, n), unit="D")
    completed = completed.where(finished & (completed <= as_of_ts))
    open_words = np.array(["办理中", "正在办理", "推进中", "未启动", "未办结", "退回重办"])
    status = np.where(completed.notna(), rng.choice(["已办结", "办结", "已完成", "销号"], n),
                      rng.choice(open_words, n))
    status = np.where(rng.random(n) < 0.03, "撤销", status)
    co = np.where(rng.random(n) < 0.2, rng.choice(depts, n), "")
    return pd.DataFrame({
        "督办编号": [f"DB-{a.year}-{i + 1:05d}" for i, a in enumerate(assigned)],
        "事项来源": rng.choice(np.array(SOURCES + ("院长办公会", "党委会")), n),
        "督办事项": rng.choice(np.array(TITLES), n), "承办科室": lead,
        "协办科室": np.where(co == lead, "", co), "分管领导": [DEPARTMENTS[d] for d in lead],
        "交办日期": assigned.dt.date, "办理时限": deadline, "办理状态": status,
        "办结日期": completed.dt.date.where(completed.notna(), None),
        "催办次数": rng.integers(0, 4, n), "办理进展": rng.choice(np.array(PROGRESS), n),
    })


def plant_mistakes(items: pd.DataFrame) -> pd.DataFrame:
    """A copy with the mistakes real registers have (each one reported by validation)."""
    out = items.copy()
    if len(out) < 40:
        return out
    out.loc[7, "督办事项"] = None
    out.loc[13, "交办日期"] = "2024/13/45"
    out.loc[21, "督办编号"] = out.loc[20, "督办编号"]
    out.loc[29, "办理状态"] = "待定"
    out.loc[33, "承办科室"] = "信息科"
    out.loc[36, "承办科室"] = "医务部、护理部"
    out.loc[38, "督办事项"] = "=SUM(A1:A3) 公式样式的文字"
    return out


def write_messy_xlsx(items: pd.DataFrame, as_of: dt.date, title: str = "督办事项台账") -> bytes:
    """A workbook laid out as the office keeps it (openpyxl; for up to a few thousand rows)."""
    from openpyxl import Workbook

    book = Workbook()
    notes = book.active
    notes.title = "说明"
    notes.append(["填表说明：办理时限可填写具体日期，或“N个工作日”“M月底前”“年底前”“长期”等。"])
    sheet = book.create_sheet("督办台账", 0)
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    sheet.append(["填报单位：党委办公室、院长办公室"] + [""] * 8 + [f"统计截至：{as_of:%Y年%-m月%-d日}"])
    sheet.append(list(HEADER))
    ordered = items.sort_values(["承办科室", "交办日期"], key=lambda s: s.astype(str), kind="stable")
    first_data_row = sheet.max_row + 1
    for number, values in enumerate(ordered.itertuples(index=False), start=1):
        sheet.append([number, *[None if is_missing(v) else v for v in values]])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
        if number % 97 == 0:
            sheet.append([])
    _merge_runs(sheet, first_data_row, column=5)
    sheet.append([])
    sheet.append(["合计", f"共{len(items)}项"])
    sheet.append(["填表人：王芳", "", "", "", "审核人：刘洋"])
    for row in sheet.iter_rows(min_row=first_data_row, max_col=len(HEADER) + 1):
        for cell in row:
            if isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _merge_runs(sheet, first_row: int, column: int) -> None:
    """Merge vertical runs of the same department name, as offices do."""
    run_start, previous = first_row, sheet.cell(first_row, column).value
    for row in range(first_row + 1, sheet.max_row + 2):
        value = sheet.cell(row, column).value if row <= sheet.max_row else object()
        if value != previous or value is None:
            if previous is not None and row - 1 > run_start and row - run_start <= 6:
                for r in range(run_start + 1, row):
                    sheet.cell(r, column).value = None
                sheet.merge_cells(start_row=run_start, start_column=column, end_row=row - 1, end_column=column)
            run_start, previous = row, value


def write_plain_xlsx(items: pd.DataFrame) -> bytes:
    """A large plain register (XlsxWriter, constant memory) for benchmarks."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"constant_memory": True, "in_memory": True})
    sheet = book.add_worksheet("督办台账")
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, list(items.columns))
    for r, values in enumerate(items.itertuples(index=False), start=1):
        for c, value in enumerate(values):
            if isinstance(value, dt.date):
                sheet.write_datetime(r, c, dt.datetime(value.year, value.month, value.day), date_format)
            elif not is_missing(value):
                sheet.write_string(r, c, value) if isinstance(value, str) else sheet.write(r, c, value)
    book.close()
    return buffer.getvalue()
