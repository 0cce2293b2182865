"""The year-end 归档 package (rules.md §8: 建立督办事项档案, 立卷归档): everything the office files for a year, in
one zip.

- 原始台账/: every stored version of every week of the year, byte for byte as uploaded (replaced ones too);
- 分析/: one ``analyze --json`` per week, of its current version under the rules in force;
- 督办事项档案.xlsx: each item followed across the year (first and last week, final status, 追究责任, notes …);
- 考核评议表.xlsx: the year's assessment (period = the year) from its last stored week;
- 操作日志.csv: the year's audit lines; 目录.xlsx: every member with its size and SHA-256.

Members go into the zip one at a time, so memory holds one member, never the year. Every member is dated
the year's last day, so the same store and rules give the same members.
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import zipfile
from collections.abc import Callable, Iterable
from typing import BinaryIO

import pandas as pd
import sqlalchemy as sa

from duban.config import STAGES
from duban.errors import DubanError
from duban.output.assessment_xlsx import assessment_workbook
from duban.output.json_report import write_json
from duban.output.labels import STATUS_LABELS
from duban.output.tables_xlsx import workbook
from duban.pipeline import Analysis
from duban.storage import database, yearly
from duban.storage.database import ACTION_LABELS

Analyse = Callable[..., Analysis]  # (content, filename, as_of, period_start=None, period_end=None) -> Analysis
DOSSIER = "督办事项档案.xlsx"


def build_archive(engine: sa.Engine, year: int, target: BinaryIO, analyse: Analyse, institution: str,
                  user: str) -> list[dict]:
    """Write the year's package into target (a binary file); returns the index of its members.

    Raises ValueError (Chinese) when no week of that year is stored. The store is only read; one audit line
    says who built the package once it is complete.
    """
    versions = yearly.year_versions(engine, year)
    if versions.empty:
        raise ValueError(f"{year} 年没有保存任何台账，无法生成年度归档。")
    stamp = (year, 12, 31, 0, 0, 0)
    index: list[dict] = []
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as package:
        def add(name: str, content: bytes, about: str) -> None:
            package.writestr(zipfile.ZipInfo(name, stamp), content, zipfile.ZIP_DEFLATED)
            index.append({"文件": name, "说明": about, "大小（字节）": len(content),
                          "SHA-256": hashlib.sha256(content).hexdigest()})

        last = None
        for version, content in yearly.contents(engine, versions):
            week = f"{version['as_of']:%Y-%m-%d}"
            add(f"原始台账/{week}_第{version['version']}版_{_safe(version['filename'])}", content,
                f"{week} 台账第 {version['version']} 版原件（{version['saved_by']} 保存"
                f"{'，当前版本' if version['is_current'] else '，已被替换'}）")
            if version["is_current"]:
                try:
                    add(f"分析/{week}.json", _analysis_json(analyse(content, version["filename"], version["as_of"])),
                        f"{week} 台账的分析结果（与 analyze --json 相同）")
                    last = (version, content)
                except DubanError as exc:  # a week the rules in force cannot read: said, the rest still filed
                    add(f"分析/{week}_无法分析.txt", f"{week} 的台账按现行规则无法分析：{exc}\n".encode("utf-8"),
                        f"{week} 台账按现行规则无法分析的说明")
        add(DOSSIER, dossier_workbook(engine, year, institution), f"{year} 年督办事项档案（每个事项一行）")
        if last is not None:
            version, content = last
            analysis = analyse(content, version["filename"], version["as_of"], dt.date(year, 1, 1),
                               dt.date(year, 12, 31))
            add("考核评议表.xlsx", assessment_workbook(analysis, institution, created=_created(year)),
                f"{year} 年度考核评议表（统计截至 {version['as_of']:%Y-%m-%d}）")
        add("操作日志.csv", audit_csv(yearly.year_audit(engine, year)), f"{year} 年的操作日志")
        listing = pd.DataFrame(index, columns=["文件", "说明", "大小（字节）", "SHA-256"])
        package.writestr(zipfile.ZipInfo("目录.xlsx", stamp),
                         workbook({"目录": listing}, f"{institution}{year}年督办档案目录", created=_created(year),
                                  widths={"SHA-256": 70, "文件": 44, "说明": 44}))
    database.log(engine, user, "archive", f"{year} 年度归档（{len(index) + 1} 个文件）")
    return index


def _created(year: int) -> dt.datetime:
    return dt.datetime(year, 12, 31)


def _safe(filename: str) -> str:
    """A stored file name fit for a zip member: no folders, no leading dots (the name came from an upload)."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1].lstrip(".") or "台账.xlsx"
    return "".join(ch for ch in name if ch.isprintable())[:120]


def _analysis_json(analysis: Analysis) -> bytes:
    out = io.StringIO()
    write_json(analysis, out)
    return out.getvalue().encode("utf-8")


def dossier(weeks: Iterable[pd.DataFrame], item_marks: pd.DataFrame) -> pd.DataFrame:
    """One row per item followed across the year's weeks (each week's items as yearly.items_by_week gives them),
    folded one week at a time: memory holds the year's items once, not every week of them."""
    summary = None
    for week in weeks:
        summary = _fold(summary, week)
    if summary is None or summary.empty:
        return pd.DataFrame(columns=list(_DOSSIER_LABELS.values()))
    table = summary.assign(status=summary["status"].map(STATUS_LABELS),
                           highest_stage=summary["stage_rank"].map(dict(enumerate(STAGES))),
                           **_marks_columns(summary.index, item_marks))
    for name in ("assigned_date", "first_seen", "last_seen", "completed_date"):
        table[name] = pd.to_datetime(table[name]).dt.strftime("%Y-%m-%d").where(table[name].notna(), None)
    return table.reset_index(drop=True)[list(_DOSSIER_LABELS)].rename(columns=_DOSSIER_LABELS)


_RANK = {stage: i for i, stage in enumerate(STAGES)}  # the 督办 stages; 正常 and 临期 are none reached


def _fold(summary: pd.DataFrame | None, week: pd.DataFrame) -> pd.DataFrame:
    """The summary of the weeks so far with one more week's items: latest known values, first and last week,
    weeks overdue, the highest stage; items in order of first appearance."""
    week = week.set_index("item_key").assign(
        first_seen=week["as_of"].to_numpy(), last_seen=week["as_of"].to_numpy(),
        weeks_overdue=week["overdue"].fillna(False).astype(bool).astype(int).to_numpy(),
        stage_rank=week["stage"].map(_RANK).to_numpy())
    both = week if summary is None else pd.concat([summary, week[summary.columns]])
    groups = both.groupby(level=0, sort=False)
    latest = groups[["item_id", "title", "lead_dept", "leader", "status", "completed_date"]].last()
    return latest.assign(assigned_date=groups["assigned_date"].first(), first_seen=groups["first_seen"].min(),
                         last_seen=groups["last_seen"].max(), weeks_overdue=groups["weeks_overdue"].sum(),
                         stage_rank=groups["stage_rank"].max())


_DOSSIER_LABELS = {"item_id": "督办编号", "title": "督办事项", "lead_dept": "承办科室", "leader": "分管领导",
                   "assigned_date": "交办日期", "first_seen": "首次出现（统计截至）",
                   "last_seen": "最后出现（统计截至）", "status": "最终状态", "completed_date": "办结日期",
                   "weeks_overdue": "逾期周数", "highest_stage": "最高督办阶段", "accountable": "追究责任",
                   "notes": "备注"}


def _marks_columns(keys: pd.Index, item_marks: pd.DataFrame) -> dict[str, list]:
    """追究责任 (the latest of a mark and its withdrawal decides) and the notes, per item key."""
    judged = item_marks[item_marks["kind"].isin(["accountable", "cleared"])].groupby("item_key")["kind"].last()
    notes = item_marks[item_marks["kind"] == "note"].groupby("item_key")["text"].agg("；".join)
    return {"accountable": ["是" if judged.get(k) == "accountable" else "" for k in keys],
            "notes": [notes.get(k, "") for k in keys]}


def dossier_workbook(engine: sa.Engine, year: int, institution: str) -> bytes:
    """督办事项档案.xlsx: the dossier of the year's items, print-ready."""
    table = dossier(yearly.items_by_week(engine, year), yearly.marks(engine))
    return workbook({"督办事项档案": table}, f"{institution}{year}年督办事项档案", created=_created(year))


def audit_csv(entries: pd.DataFrame) -> bytes:
    """The audit lines as CSV for Excel (UTF-8 with BOM); a cell that would start a formula is kept as text."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["时间", "用户", "操作", "详情"])
    for entry in entries.itertuples(index=False):
        cells = [f"{entry.at:%Y-%m-%d %H:%M:%S}", entry.user, ACTION_LABELS.get(entry.action, entry.action),
                 entry.detail]
        writer.writerow(["'" + c if isinstance(c, str) and c[:1] in ("=", "+", "-", "@") else c for c in cells])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
