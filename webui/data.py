"""The one place that caches: duban loaders wrapped in st.cache_data / st.cache_resource.

Cached functions take the register bytes and the rule files' text, so the cache is keyed by content:
a new upload or a changed rule gives a new entry, a rerun with the same inputs reuses the old one.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, replace

import pandas as pd
import sqlalchemy as sa
import streamlit as st

from duban import paths
from duban.storage import database, layouts
from duban.pipeline import Analysis, analyze
from duban.compute.calendar import parse_overrides
from duban.compute.leaders import leader_mask, leaders_named, overseen
from duban.config import parse_config
from duban.errors import DubanError


@dataclass(frozen=True)
class Rules:
    """The office's rule files as text (the cache key) — parse with ``config()``/``overrides()``."""

    config_text: str
    overrides_text: str
    layouts_text: str = "{}"  # the saved column layouts, as JSON

    def config(self):
        return parse_config(self.config_text)

    def overrides(self):
        return parse_overrides(self.overrides_text)

    def layouts(self) -> dict[str, dict[str, str | None]]:
        return json.loads(self.layouts_text)

    def key(self) -> str:
        """What stored weeks were computed under (duban.storage.history.rules_key)."""
        from duban.storage.history import rules_key

        return rules_key(self.config_text, self.overrides_text)

    def with_layouts(self, extra: dict[str, dict[str, str | None]]) -> Rules:
        """These rules with column layouts not saved yet (the upload page's choices) over the saved ones."""
        return replace(self, layouts_text=_layouts_json({**self.layouts(), **extra}))


def _layouts_json(found: dict) -> str:
    return json.dumps(found, ensure_ascii=False, sort_keys=True)


@dataclass(frozen=True)
class Register:
    """The register being looked at: stored week or the bundled sample."""

    content: bytes
    filename: str
    as_of: dt.date | None
    is_sample: bool
    label: str
    register_id: int | None = None  # the stored version (None for the sample)


def rules() -> Rules:
    """The rule files of the data home and the saved column layouts, read fresh (they are tiny)."""
    config, overrides = paths.config_path(), paths.overrides_path()
    return Rules(paths.rule_file_text(config), paths.rule_file_text(overrides),
                 _layouts_json(layouts.load_layouts(engine())))


def office_config():
    """The office's config alone: its rule file read fresh, without the saved layouts' database query."""
    return parse_config(paths.rule_file_text(paths.config_path()))


@st.cache_resource
def _engine(url: str):
    return database.connect(url)


def engine():
    """One database engine per database URL and process."""
    return _engine(database.database_url())


@st.cache_data(max_entries=64, show_spinner="正在分析台账……")
def _analysis(content: bytes, filename: str, as_of: dt.date | None, start: dt.date | None, end: dt.date | None,
              config_text: str, overrides_text: str, layouts_text: str) -> Analysis:
    rule_files = Rules(config_text, overrides_text, layouts_text)
    return analyze(content, filename, as_of, start, end, rule_files.config(), rule_files.overrides(),
                   rule_files.layouts())


def analysis(content: bytes, filename: str, as_of: dt.date | None, start: dt.date | None, end: dt.date | None,
             rule_files: Rules) -> Analysis:
    """analyze() keyed by the file's bytes, dates, rule text and column layouts."""
    return _analysis(content, filename, as_of, start, end, *_texts(rule_files))


def _texts(rule_files: Rules) -> tuple[str, str, str]:
    return rule_files.config_text, rule_files.overrides_text, rule_files.layouts_text


def stored_weeks() -> pd.DataFrame:
    """Current register of each stored week (newest first)."""
    return database.weeks(engine())


@st.cache_data(max_entries=256, show_spinner=False)
def _stored_content(url: str, sha256: str) -> bytes:
    return database.content_of(_engine(url), sha256)


def stored_content(sha256: str) -> bytes:
    """Original bytes of a stored register (immutable per hash)."""
    return _stored_content(database.database_url(), sha256)


def register_for(week: pd.Series | None) -> Register:
    """A stored week's register, or the bundled sample when nothing is stored."""
    if week is None:
        return Register(paths.SAMPLE_REGISTER.read_bytes(), paths.SAMPLE_REGISTER.name, None, True, "示例台账")
    as_of = pd.Timestamp(week["as_of"]).date()
    return Register(stored_content(week["sha256"]), week["filename"], as_of, False,
                    f"{as_of:%Y-%m-%d} 台账（第{week['version']}版）", int(week["id"]))


@st.cache_data(max_entries=16, show_spinner="正在生成考核评议表……")
def _assessment_workbook(content: bytes, filename: str, as_of: dt.date | None, start: dt.date | None,
                         end: dt.date | None, marked: tuple[tuple[str, int], ...], *texts: str) -> bytes:
    from duban.output.assessment_xlsx import assessment_workbook

    result = _analysis(content, filename, as_of, start, end, *texts)
    result = replace(result, items=with_accountable(result.items, set(marked)))
    return assessment_workbook(result, Rules(*texts).config().institution_name)


def assessment_workbook(register: Register, start: dt.date | None, end: dt.date | None, rule_files: Rules) -> bytes:
    """The 考核评议表 bytes for a register and period (built once per content, not on every rerun)."""
    marked = tuple(sorted(accountable_rows(register)))  # 追究责任 marks in the 逾期事项 sheet
    return _assessment_workbook(register.content, register.filename, register.as_of, start, end, marked,
                                *_texts(rule_files))


@st.cache_data(max_entries=16, show_spinner=False)
def _reminder_workbook(content: bytes, filename: str, as_of: dt.date | None, leader: str | None,
                       marked: tuple[tuple[str, int], ...], *texts: str) -> bytes:
    from duban.output.tables_xlsx import reminder_workbook
    from duban.compute.escalation import reminder_list

    result = _analysis(content, filename, as_of, None, None, *texts)
    items, scope = with_accountable(result.items, set(marked)), ""
    config = Rules(*texts).config()
    if leader is not None:
        items, scope = items[leader_mask(items, leader, overseen(config))], f"{leader}分管，"
    institution = config.institution_name
    return reminder_workbook(reminder_list(items),
                             f"{institution}督办事项催办清单（{scope}统计截至{result.as_of:%Y年%m月%d日}）")


def reminder_workbook(register: Register, rule_files: Rules, leader: str | None = None) -> bytes:
    """The 催办清单 bytes for a register, of one 分管领导's items when given, with the 追究责任 marks."""
    marked = tuple(sorted(accountable_rows(register)))
    return _reminder_workbook(register.content, register.filename, register.as_of, leader, marked,
                              *_texts(rule_files))


def accountable_rows(register: Register) -> set[tuple[str, int]]:
    """(sheet, row) of this week's items the office has marked 追究责任 (in any week)."""
    from duban.storage.timeline import accountable

    stored = stored_items(register)
    if stored is None:
        return set()
    marked = stored[stored["item_key"].isin(set(accountable(engine())["item_key"]))]
    return set(zip(marked["sheet"], marked["row"].astype(int)))


def with_accountable(items: pd.DataFrame, rows: set[tuple[str, int]]) -> pd.DataFrame:
    """items with an accountable column: 是 for the marked rows, empty otherwise."""
    marked = pd.MultiIndex.from_arrays([items["sheet"], items["row"].astype(int)]).isin(list(rows))
    return items.assign(accountable=pd.Series(marked, index=items.index).map({True: "是", False: ""}))


def _newest_items() -> pd.DataFrame:
    """The items of the newest stored register (the sample's when none is stored; empty if it cannot be read)."""
    weeks = stored_weeks()
    register = register_for(None if weeks.empty else weeks.iloc[0])
    try:
        return analysis(register.content, register.filename, register.as_of, None, None, rules()).items
    except DubanError:
        return pd.DataFrame({"leader": [], "lead_dept": []})


def known_leaders() -> list[str]:
    """The 分管领导 named in the newest stored register or given departments in the config, for choosing from."""
    try:
        mapped = set(office_config().leader_departments)
    except DubanError:  # a rule file that does not read: the settings page says so and offers the register's
        mapped = set()
    return sorted(set(leaders_named(_newest_items())) | mapped)


@st.cache_data(max_entries=32, show_spinner=False)
def _stored_items(url: str, register_id: int, computed_at: dt.datetime) -> pd.DataFrame:
    from duban.storage.history import read_items

    with _engine(url).connect() as conn:
        return read_items(conn, register_id)


def stored_items(register: Register) -> pd.DataFrame | None:
    """The analysed items of a stored week, with their item_key (None for the sample or a week not analysed yet)."""
    from duban.storage.history import analysed_weeks

    if register.register_id is None:
        return None
    with engine().connect() as conn:
        computed = conn.execute(sa.select(analysed_weeks.c.computed_at).where(
            analysed_weeks.c.register_id == register.register_id)).scalar()
    return None if computed is None else _stored_items(database.database_url(), register.register_id, computed)


def known_departments() -> list[str]:
    """The lead departments named in the newest stored register, for choosing from."""
    return sorted(_newest_items()["lead_dept"].dropna().unique().tolist())


def year_archive(year: int, user: str) -> bytes:
    """The year-end 归档 package (duban.output.archive) under the rules in force, built in a temporary file."""
    import tempfile

    from duban.output.archive import build_archive

    rule_files = rules()

    def analyse(content: bytes, filename: str, as_of: dt.date, start=None, end=None) -> Analysis:
        return analysis(content, filename, as_of, start, end, rule_files)

    with tempfile.TemporaryFile() as target:
        build_archive(engine(), year, target, analyse, rule_files.config().institution_name, user)
        target.seek(0)
        return target.read()
