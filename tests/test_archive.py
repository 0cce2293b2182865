"""The year-end 归档 package (rules.md §8): ``python -m duban archive`` and 台账管理's 下载年度归档 — originals
byte for byte (replaced versions too), the weeks' JSON, the dossier, the index, and a store left as it was."""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile

import pytest
from openpyxl import load_workbook

from duban.output.archive import audit_csv, dossier
from duban.paths import SAMPLE_REGISTER
from tests.support.workbooks import HEADER, xlsx_bytes

SMALL = xlsx_bytes([HEADER, ["DB-1", "修订制度", "医务部", "2026-11-02", "2026-11-30", "办理中", None]])
LAST_YEAR = xlsx_bytes([HEADER, ["DB-1", "修订制度", "医务部", "2025-11-02", "2025-11-30", "办理中", None]])


@pytest.fixture
def stored(cli, tmp_path):
    """Two weeks of 2026 (the first saved twice: the sample, then replaced by a small register) and one of 2025."""
    sample, small, last_year = tmp_path / "示例台账.xlsx", tmp_path / "本周台账.xlsx", tmp_path / "去年台账.xlsx"
    sample.write_bytes(SAMPLE_REGISTER.read_bytes())
    small.write_bytes(SMALL)
    last_year.write_bytes(LAST_YEAR)
    for args in ([sample, "--as-of", "2026-11-20"], [small, "--as-of", "2026-11-20", "--replace"],
                 [sample, "--as-of", "2026-11-27"], [last_year, "--as-of", "2025-12-26"]):
        assert cli("save", *args, "--user", "王芳").returncode == 0
    return sample, small


def build(cli, tmp_path, name: str = "督办档案_2026.zip") -> zipfile.ZipFile:
    target = tmp_path / name
    done = cli("archive", "--year", "2026", "-o", target, "--user", "王芳")
    assert done.returncode == 0, done.stderr
    assert "已生成 2026 年度归档" in done.stderr and not (tmp_path / f"{name}.partial").exists()
    return zipfile.ZipFile(target)


def test_the_originals_are_every_version_of_the_year_byte_for_byte(cli, tmp_path, stored):
    sample, small = stored
    package = build(cli, tmp_path)
    originals = sorted(n for n in package.namelist() if n.startswith("原始台账/"))
    assert originals == ["原始台账/2026-11-20_第1版_示例台账.xlsx", "原始台账/2026-11-20_第2版_本周台账.xlsx",
                         "原始台账/2026-11-27_第1版_示例台账.xlsx"]  # 2025's week is not in 2026's package
    assert package.read(originals[0]) == sample.read_bytes() == package.read(originals[2])
    assert package.read(originals[1]) == small.read_bytes()  # the replacing version, as uploaded


def test_each_week_has_the_json_analyze_gives_for_its_current_version(cli, tmp_path, stored):
    sample, small = stored
    package = build(cli, tmp_path)
    assert package.read("分析/2026-11-20.json").decode() == cli("analyze", small, "--as-of", "2026-11-20",
                                                                "--json").stdout
    assert package.read("分析/2026-11-27.json").decode() == cli("analyze", sample, "--as-of", "2026-11-27",
                                                                "--json").stdout


def test_the_index_lists_every_member_with_its_sha256(cli, tmp_path, stored):
    package = build(cli, tmp_path)
    sheet = load_workbook(io.BytesIO(package.read("目录.xlsx")))["目录"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=4) if row[0].value]
    listed = {name: sha for name, _, _, sha in rows}
    assert set(listed) == set(package.namelist()) - {"目录.xlsx"}
    assert all(hashlib.sha256(package.read(name)).hexdigest() == sha for name, sha in listed.items())
    assert {"督办事项档案.xlsx", "考核评议表.xlsx", "操作日志.csv"} <= set(listed)


def test_the_same_store_gives_the_same_members_and_building_changes_nothing_but_the_log(cli, tmp_path, stored):
    from duban.storage import database

    engine = database.shared_engine()
    before = (database.weeks(engine).to_dict("records"), database.versions(engine, dt.date(2026, 11, 20)).to_dict(
        "records"))
    first, second = build(cli, tmp_path, "a.zip"), build(cli, tmp_path, "b.zip")
    assert first.namelist() == second.namelist()
    for name in set(first.namelist()) - {"操作日志.csv", "目录.xlsx"}:  # the first build is in the second's log
        assert first.read(name) == second.read(name), name
    log = second.read("操作日志.csv").decode("utf-8-sig")
    assert log.count(",王芳,年度归档,") == 1 and "2026-11-27 第1版 示例台账.xlsx" in log
    assert (database.weeks(engine).to_dict("records"),
            database.versions(engine, dt.date(2026, 11, 20)).to_dict("records")) == before
    archived = database.audit_entries(engine).query("action == 'archive'")
    assert archived["user"].tolist() == ["王芳", "王芳"] and "2026 年度归档" in archived["detail"].iloc[0]


def test_the_dossier_follows_each_item_across_the_year(cli, tmp_path, stored):
    from duban.storage import database, timeline
    import pandas as pd

    from duban.storage.yearly import items_by_week

    items = pd.concat(list(items_by_week(database.shared_engine(), 2026)))
    key = items.loc[items["item_id"] == "DB-1", "item_key"].iloc[0]
    timeline.add_mark(database.shared_engine(), key, "accountable", "", "王芳")
    timeline.add_mark(database.shared_engine(), key, "note", "已约谈科主任", "王芳")
    sheet = load_workbook(io.BytesIO(build(cli, tmp_path).read("督办事项档案.xlsx")))["督办事项档案"]
    header = [c.value for c in sheet[3]]
    rows = [dict(zip(header, (c.value for c in row))) for row in sheet.iter_rows(min_row=4)]
    assert len(rows) == items["item_key"].nunique()
    db1 = next(r for r in rows if r["督办编号"] == "DB-1")
    assert (db1["首次出现（统计截至）"], db1["最后出现（统计截至）"]) == ("2026-11-20", "2026-11-20")
    assert (db1["追究责任"], db1["备注"], db1["最终状态"]) == ("是", "已约谈科主任", "办理中")


def test_highest_stage_overdue_weeks_and_a_withdrawn_mark():
    import pandas as pd

    weeks = pd.DataFrame({
        "as_of": pd.to_datetime(["2026-11-20", "2026-11-27", "2026-12-04"]), "item_key": ["k"] * 3,
        "item_id": ["DB-9"] * 3, "title": ["事项"] * 3, "lead_dept": ["医务部"] * 3, "leader": [None] * 3,
        "assigned_date": pd.to_datetime(["2026-10-01"] * 3), "status": ["open", "open", "done"],
        "completed_date": [None, None, pd.Timestamp("2026-12-01")], "overdue": [True, True, False],
        "stage": ["发函督查", "约谈督查", "正常"]})
    marks = pd.DataFrame({"item_key": ["k", "k"], "kind": ["accountable", "cleared"], "text": ["", ""],
                          "by": ["王芳"] * 2, "at": [pd.Timestamp("2026-11-21")] * 2})
    row = dossier([week for _, week in weeks.groupby("as_of")], marks).iloc[0]  # one week at a time
    assert (row["逾期周数"], row["最高督办阶段"], row["最终状态"], row["办结日期"]) == (2, "约谈督查", "已办结",
                                                                                 "2026-12-01")
    assert row["追究责任"] == "" and row["首次出现（统计截至）"] == "2026-11-20"


def test_a_log_cell_that_would_be_a_formula_stays_text():
    import pandas as pd

    entries = pd.DataFrame({"at": [dt.datetime(2026, 1, 5, 9, 0)], "user": ["=HYPERLINK(1)"], "action": ["save"],
                            "detail": ["-2+3"]})
    text = audit_csv(entries).decode("utf-8-sig")
    assert text.splitlines()[1] == "2026-01-05 09:00:00,'=HYPERLINK(1),保存台账,'-2+3"


@pytest.mark.parametrize("args, message", [
    (["--year", "2024"], "2024 年没有保存任何台账"), (["--year", "1800"], "年份应在 1990 到 2100 之间"),
])
def test_a_year_without_weeks_or_out_of_range_is_refused_in_chinese(cli, tmp_path, args, message):
    done = cli("archive", *args, "-o", tmp_path / "x.zip")
    assert done.returncode != 0 and message in done.stderr and not (tmp_path / "x.zip").exists()


def test_the_weeks_page_builds_and_offers_the_package(open_page, no_failure, stored):
    app = open_page("app_pages/weeks.py")
    no_failure(app)
    assert app.selectbox(key="archive_year").options == ["2026", "2025"]
    app.button(key="build_archive").click().run()
    no_failure(app)
    button = app.get("download_button")[0]
    assert "下载年度归档（2026" in button.proto.label


def test_a_week_the_rules_in_force_cannot_read_is_said_and_the_rest_is_filed(stored, tmp_path):
    from duban.errors import DubanError
    from duban.output.archive import build_archive
    from duban.pipeline import analyze
    from duban.storage import database

    def analyse(content, filename, as_of, start=None, end=None):
        if as_of == dt.date(2026, 11, 20):
            raise DubanError("找不到台账表头")
        return analyze(content, filename, as_of, start, end)

    target = tmp_path / "x.zip"
    with target.open("wb") as out:
        build_archive(database.shared_engine(), 2026, out, analyse, "某某医院", "王芳")
    package = zipfile.ZipFile(target)
    assert "找不到台账表头" in package.read("分析/2026-11-20_无法分析.txt").decode("utf-8")
    assert "分析/2026-11-27.json" in package.namelist() and "考核评议表.xlsx" in package.namelist()
