"""The one configuration: defaults in code, overridden by a TOML file the office edits."""
from __future__ import annotations

import dataclasses
import math
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from duban import paths
from duban.errors import DubanError
from duban.fields import FIELD_BY_NAME

STAGES: tuple[str, ...] = ("电话催办", "发函督查", "约谈督查", "通报批评", "分管领导约谈")
GRADES: tuple[str, ...] = ("优秀", "良好", "合格")
STATUSES: tuple[str, ...] = ("done", "open", "returned", "ongoing", "cancelled", "draft")
FAIL_GRADE = "不合格"


class ConfigError(DubanError):
    """A configuration value the program cannot use; the message is Chinese and names the key."""


def _default_stage_thresholds() -> dict[str, int]:
    return {"电话催办": 0, "发函督查": 3, "约谈督查": 5, "通报批评": 10, "分管领导约谈": 15}


def _default_stage_weights() -> dict[str, float]:
    return {"电话催办": 2, "发函督查": 3, "约谈督查": 5, "通报批评": 8, "分管领导约谈": 10}


@dataclass(frozen=True)
class Config:
    """Every rule the office may tune (docs/rules.md §4–§6 defaults)."""

    institution_name: str = "本院"
    feedback_workdays_simple: int = 3
    feedback_workdays_complex: int = 5
    # An open item is 临期 when at most this many working days remain.
    near_due_workdays: int = 1
    # Stage reached once overdue working days are >= the number (电话催办: any overdue item).
    stage_thresholds: dict[str, int] = field(default_factory=_default_stage_thresholds)
    stage_weights: dict[str, float] = field(default_factory=_default_stage_weights)
    late_done_weight: float = 1
    grade_bands: dict[str, float] = field(default_factory=lambda: {"优秀": 95, "良好": 85, "合格": 70})
    dept_aliases: dict[str, str] = field(default_factory=lambda: {"信息科": "信息中心"})
    # The office's own words, on top of the built-in ones: header text -> field name (duban/fields.py),
    # status (done, open, returned, ongoing, cancelled, draft) -> words, 事项来源 as written -> as counted.
    header_aliases: dict[str, str] = field(default_factory=dict)
    status_words: dict[str, list[str]] = field(default_factory=dict)
    source_variants: dict[str, str] = field(default_factory=dict)
    # 立项规范性: words that name no 办理时限 (read like an empty limit) and lead units that name no single unit.
    vague_deadline_words: tuple[str, ...] = ("尽快", "抓紧", "及时", "按要求", "另行通知", "近期", "适时", "根据需要",
                                             "按计划", "视情况")
    unclear_unit_words: tuple[str, ...] = ("各科室", "各部门", "各单位", "各处室", "各职能科室", "各临床科室",
                                           "相关科室", "相关部门", "相关单位", "有关科室", "有关部门", "有关单位",
                                           "全院", "全体")
    # 分管领导 -> the departments they oversee: items they assign elsewhere are warned about (empty: no check).
    leader_departments: dict[str, list[str]] = field(default_factory=dict)
    # Years whose State Council holiday notice has been entered in the calendar override file.
    calendar_confirmed_years: tuple[int, ...] = ()
    max_rows_per_sheet: int = 200_000
    # What the worker process parsing an uploaded file may use before the file is refused as too big.
    read_memory_mb: int = 2048
    read_seconds: int = 60
    # Reminders (钉钉/企业微信/飞书/e-mail) include open items due within this many working days (临期).
    remind_before_workdays: int = 3
    # 催办通知单: the departments reply within this many working days of the register's date.
    reply_workdays: int = 3
    # How long a sign-in is remembered by the browser across refreshes (0: sign in again after every refresh).
    session_hours: int = 168


_FIELD_TYPES = {f.name: f for f in dataclasses.fields(Config)}
# What each key is called in messages: the office reads 规则设置 in Chinese and edits config.toml by key.
LABELS = {
    "institution_name": "机构名称", "feedback_workdays_simple": "反馈时限（难度较小）",
    "feedback_workdays_complex": "反馈时限（难度较大）", "near_due_workdays": "临期工作日数",
    "stage_thresholds": "督办阶段逾期天数", "stage_weights": "督办阶段扣分", "late_done_weight": "逾期办结扣分",
    "grade_bands": "等级分数线", "dept_aliases": "科室别名", "header_aliases": "表头写法",
    "status_words": "办理状态写法", "source_variants": "事项来源写法",
    "calendar_confirmed_years": "已录入放假通知的年份",
    "max_rows_per_sheet": "每个工作表最多读取行数", "read_memory_mb": "读取文件的内存上限（MB）",
    "read_seconds": "读取文件的时限（秒）", "session_hours": "记住登录的小时数",
    "reply_workdays": "催办回复时限（工作日）", "remind_before_workdays": "提前几个工作日提醒",
    "leader_departments": "分管领导的分管科室", "vague_deadline_words": "不具体的时限写法",
    "unclear_unit_words": "不明确的承办单位写法",
}
WORD_LISTS = ("vague_deadline_words", "unclear_unit_words")


def _named(key: str) -> str:
    """“等级分数线.优秀”（grade_bands.优秀）: the Chinese name, then the key as config.toml spells it."""
    head, dot, rest = key.partition(".")
    return f"“{LABELS.get(head, head)}{dot}{rest}”（{key}）"


# The bounds every number must keep: (smallest, largest, whole number?).
DAYS = (0, 365, True)
POINTS = (0, 100, False)


def _check_number(key: str, value: Any, bounds: tuple[float, float, bool] = POINTS) -> None:
    """A finite number within bounds (a whole number where days or rows are meant)."""
    low, high, whole = bounds
    kind = "整数" if whole else "数字"
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if not number or not math.isfinite(value) or not low <= value <= high or (whole and value != int(value)):
        raise ConfigError(f"配置项{_named(key)}应为 {low:g} 到 {high:g} 之间的{kind}，当前为 {value!r}")


def _check_mapping(key: str, value: Any, keys: tuple[str, ...] | None, bounds: tuple | None) -> None:
    if not isinstance(value, dict):
        raise ConfigError(f"配置项{_named(key)}应为“名称 = 值”的表")
    if keys is not None and set(value) != set(keys):
        raise ConfigError(f"配置项{_named(key)}应恰好包含：{'、'.join(keys)}")
    for name, item in value.items():
        if bounds is not None:
            _check_number(f"{key}.{name}", item, bounds)
        elif not isinstance(item, str) or not item.strip():
            raise ConfigError(f"配置项{_named(f'{key}.{name}')}应为非空文字")


def _check_vocabularies(config: Config) -> None:
    for text, name in config.header_aliases.items():
        if name not in FIELD_BY_NAME:
            known = "、".join(FIELD_BY_NAME)
            raise ConfigError(f"配置项{_named('header_aliases')}中“{text}”指向未知字段“{name}”；可用字段：{known}")
    if not isinstance(config.status_words, dict):
        raise ConfigError(f"配置项{_named('status_words')}应为“状态 = [写法, …]”的表")
    seen: dict[str, str] = {}
    for status, words in config.status_words.items():
        if status not in STATUSES:
            raise ConfigError(f"配置项{_named('status_words')}中的“{status}”不是已知状态；可用：{'、'.join(STATUSES)}")
        if not isinstance(words, (list, tuple)) or not all(isinstance(w, str) and w.strip() for w in words):
            raise ConfigError(f"配置项{_named(f'status_words.{status}')}应为非空文字的列表，例如 [\"已验收\"]")
        for word in words:
            if seen.setdefault(word, status) != status:
                raise ConfigError(f"配置项{_named('status_words')}中“{word}”同时出现在 {seen[word]} 和 {status} 中")


def _check_words(key: str, words: Any) -> None:
    """A list of at most 200 words, each non-empty text of at most 30 characters."""
    if not isinstance(words, tuple) or len(words) > 200:
        raise ConfigError(f"配置项{_named(key)}应为不超过 200 个写法的列表，例如 [\"尽快\"]")
    for word in words:
        if not isinstance(word, str) or not word.strip() or len(word) > 30:
            raise ConfigError(f"配置项{_named(key)}中的 {word!r} 应为不超过 30 字的非空文字")


def _check_leader_map(key: str, value: Any) -> None:
    """分管领导 -> a list of departments: names of at most 30 characters, at most 100 departments each."""
    if not isinstance(value, dict):
        raise ConfigError(f"配置项{_named(key)}应为“领导 = [科室, …]”的表")
    for leader, units in value.items():
        if not isinstance(leader, str) or not leader.strip() or len(leader) > 30:
            raise ConfigError(f"配置项{_named(key)}中的领导姓名 {leader!r} 应为不超过 30 字的非空文字")
        if (not isinstance(units, list) or not units or len(units) > 100
                or not all(isinstance(u, str) and u.strip() and len(u) <= 30 for u in units)):
            raise ConfigError(f"配置项{_named(f'{key}.{leader}')}应为 1 到 100 个科室名称的列表，"
                              "例如 [\"质控科\", \"信息中心\"]")


def validate(config: Config) -> Config:
    """Check every value; raise ConfigError with a Chinese message naming the first bad key."""
    if not isinstance(config.institution_name, str) or not config.institution_name.strip():
        raise ConfigError(f"配置项{_named('institution_name')}不能为空")
    if not isinstance(config.institution_name, str) or len(config.institution_name) > 100:
        raise ConfigError(f"配置项{_named('institution_name')}应为不超过 100 字的文字")
    for key in ("feedback_workdays_simple", "feedback_workdays_complex"):
        _check_number(key, getattr(config, key), (1, 365, True))
    _check_number("max_rows_per_sheet", config.max_rows_per_sheet, (1, 1_000_000, True))
    _check_number("read_memory_mb", config.read_memory_mb, (256, 65_536, True))
    _check_number("read_seconds", config.read_seconds, (5, 3600, True))
    _check_number("session_hours", config.session_hours, (0, 2160, True))
    _check_number("reply_workdays", config.reply_workdays, (1, 60, True))
    _check_number("remind_before_workdays", config.remind_before_workdays, (0, 60, True))
    _check_number("near_due_workdays", config.near_due_workdays, DAYS)
    _check_number("late_done_weight", config.late_done_weight)
    _check_mapping("stage_thresholds", config.stage_thresholds, STAGES, DAYS)
    _check_mapping("stage_weights", config.stage_weights, STAGES, POINTS)
    _check_mapping("grade_bands", config.grade_bands, GRADES, POINTS)
    _check_mapping("dept_aliases", config.dept_aliases, None, None)
    _check_mapping("header_aliases", config.header_aliases, None, None)
    _check_mapping("source_variants", config.source_variants, None, None)
    _check_vocabularies(config)
    for key in WORD_LISTS:
        _check_words(key, getattr(config, key))
    _check_leader_map("leader_departments", config.leader_departments)
    thresholds = [config.stage_thresholds[s] for s in STAGES]
    if thresholds != sorted(thresholds) or len(set(thresholds)) != len(thresholds):
        raise ConfigError(f"配置项{_named('stage_thresholds')}的逾期工作日数应按 电话催办→分管领导约谈 严格递增")
    bands = [config.grade_bands[g] for g in GRADES]
    if bands != sorted(bands, reverse=True) or bands[0] > 100:
        raise ConfigError(f"配置项{_named('grade_bands')}应满足 100 ≥ 优秀 > 良好 > 合格")
    for year in config.calendar_confirmed_years:
        if isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2200:
            raise ConfigError(f"配置项{_named('calendar_confirmed_years')}中的 {year!r} 不是有效年份")
    return config


def from_mapping(values: dict[str, Any], base: Config | None = None) -> Config:
    """A Config from a plain mapping (parsed TOML, a settings form), validated."""
    unknown = sorted(set(values) - set(_FIELD_TYPES))
    if unknown:
        raise ConfigError(f"未知的配置项：{'、'.join(unknown)}")
    merged = dict(values)
    if "calendar_confirmed_years" in merged:
        years = merged["calendar_confirmed_years"]
        if not isinstance(years, (list, tuple)):
            raise ConfigError(f"配置项{_named('calendar_confirmed_years')}应为年份列表，例如 [2027]")
        merged["calendar_confirmed_years"] = tuple(years)
    for key in WORD_LISTS:
        if isinstance(merged.get(key), list):
            merged[key] = tuple(merged[key])
    if isinstance(merged.get("leader_departments"), dict):
        merged["leader_departments"] = {k: list(v) if isinstance(v, (list, tuple)) else v
                                        for k, v in merged["leader_departments"].items()}
    if isinstance(merged.get("status_words"), dict):
        merged["status_words"] = {k: list(v) if isinstance(v, (list, tuple)) else v
                                  for k, v in merged["status_words"].items()}
    for key in ("institution_name",):
        if key in merged and not isinstance(merged[key], str):
            raise ConfigError(f"配置项{_named(key)}应为文字")
    return validate(dataclasses.replace(base or Config(), **merged))


def parse_config(text: str, name: str = "config.toml") -> Config:
    """The defaults overridden by TOML text (the office's rule file as read)."""
    try:
        values = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        where = re.search(r"line (\d+), column (\d+)", str(exc))  # tomllib explains in English; say where
        place = f"第 {where[1]} 行第 {where[2]} 列附近" if where else "某处"
        raise ConfigError(f"配置文件 {name} 格式有误（{place}）。请检查引号、等号和方括号；中文名称需加英文双引号，"
                          "例如 \"优秀\" = 95。") from exc
    return from_mapping(values)


def load_config(path: Path | str | None) -> Config:
    """The defaults overridden by the TOML file at path (missing file: defaults)."""
    if path is None or not Path(path).exists():
        return Config()
    return parse_config(paths.read_text(path), Path(path).name)


def to_mapping(config: Config) -> dict[str, Any]:
    """Plain values of a Config, ready to be written as TOML."""
    values = dataclasses.asdict(config)
    for key in ("calendar_confirmed_years", *WORD_LISTS):
        values[key] = list(getattr(config, key))
    return values


def save_config(config: Config, path: Path | str) -> None:
    """Write config into the office's rule file, keeping its comments and layout (tomlkit): each value is set
    where it stands; a first save starts from the commented default file. The file is replaced only once the
    new text is complete."""
    import tomlkit

    validate(config)
    target = Path(path)
    try:
        document = tomlkit.parse(paths.read_text(target)) if target.exists() else None
    except (DubanError, tomlkit.exceptions.TOMLKitError):  # unreadable: the settings page replaces it whole
        document = None
    if document is None:
        document = tomlkit.parse(paths.read_text(paths.DEFAULT_CONFIG))
    _set_values(document, to_mapping(config))
    paths.write_atomically(target, tomlkit.dumps(document))


def _set_values(table, values: dict[str, Any]) -> None:
    """Set every value in a tomlkit table in place; keys of a sub-table that are no longer set are removed."""
    import tomlkit

    for key, value in values.items():
        if not isinstance(value, dict):
            table[key] = value
            continue
        if not isinstance(table.get(key), dict):
            table[key] = tomlkit.table()
        inner = table[key]
        for gone in [k for k in inner if k not in value]:
            del inner[gone]
        _set_values(inner, value)
