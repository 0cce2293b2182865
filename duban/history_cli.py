"""Command line for the stored weeks: ``save``, ``weeks --json`` and ``recompute`` (automation of the upload page)."""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from duban import paths


def add_commands(commands) -> None:
    """The save, weeks and recompute subcommands."""
    save = commands.add_parser("save", help="把台账保存为某一周的台账（与“上传台账”页面的保存相同）")
    save.add_argument("register", type=Path)
    save.add_argument("--as-of", help="统计截至日期 YYYY-MM-DD（默认取台账中的“统计截至”；台账没有时必须给出）")
    save.add_argument("--user", default="命令行", help="记入操作日志的用户名（默认“命令行”）")
    save.add_argument("--replace", action="store_true", help="该周已保存另一份台账时，确认替换（旧版本仍保留）")
    weeks = commands.add_parser("weeks", help="列出已保存的各周台账及其六项主要指标")
    weeks.add_argument("--json", action="store_true", help="输出 JSON（目前唯一的输出格式）")
    commands.add_parser("recompute", help="按当前规则重新计算已保存的各周")


def rules_in_force():
    """(config, calendar overrides, rules key) from the data home's rule files."""
    return _rules()


def _rules():
    from duban.config import parse_config
    from duban.rules.calendar import parse_overrides
    from duban.storage import history

    config_text = paths.rule_file_text(paths.config_path())
    overrides_text = paths.rule_file_text(paths.overrides_path())
    return parse_config(config_text), parse_overrides(overrides_text), history.rules_key(config_text, overrides_text)


def _analyser(config, overrides):
    from duban.pipeline import analyze
    from duban.storage import database, layouts

    saved = layouts.load_layouts(database.shared_engine())
    return lambda content, filename, as_of: analyze(content, filename, as_of, config=config, overrides=overrides,
                                                    layouts=saved)


def save(args: argparse.Namespace) -> str:
    """Store a register as a week's, as the upload page does; returns what was done (Chinese)."""
    from duban.errors import DubanError
    from duban.storage import database, history

    from duban.cli import REGISTER_FILE_MAX, read_regular_file

    content = read_regular_file(args.register, REGISTER_FILE_MAX)
    config, overrides, key = _rules()
    analysis = _analyser(config, overrides)(content, args.register.name, args.as_of)
    if analysis.as_of_hint is None and not args.as_of:
        raise DubanError("台账中没有“统计截至”日期：请用 --as-of YYYY-MM-DD 指明这份台账统计到哪一天。")
    if analysis.counts["kept"] == 0:
        raise DubanError("这份台账没有可计入的事项，不能保存。请按校验报告修改后重新保存。")
    as_of = analysis.as_of.date()
    engine = database.shared_engine()
    current = database.versions(engine, as_of)
    if not current.empty and current["filename"].iloc[0] != args.register.name and not args.replace:
        raise DubanError(f"{as_of:%Y-%m-%d} 这一周已保存过另一份台账（{current['filename'].iloc[0]}）；"
                         "确认替换请加 --replace（旧版本仍保留）。")
    saved = history.save_week(engine, content, args.register.name, as_of, args.user, analysis, key)
    return {"saved": f"已保存为 {as_of:%Y-%m-%d} 的台账（计入 {analysis.counts['kept']} 项）。",
            "unchanged": f"{as_of:%Y-%m-%d} 已保存过相同的文件，未做改动。",
            "replaced": f"已替换 {as_of:%Y-%m-%d} 的台账（第{saved.version}版），之前的版本仍然保留。"}[saved.outcome]


def recompute(engine=None, echo=True) -> int:
    """Bring every stored week up to the current rules; returns how many weeks were recomputed."""
    from duban.storage import database, history

    engine = engine or database.shared_engine()
    config, overrides, key = _rules()

    def report(done: int, total: int) -> None:
        if echo:
            print(f"已重新计算 {done}/{total} 周", file=sys.stderr)

    done = history.recompute(engine, _analyser(config, overrides), key, report)
    if done:
        database.log(engine, "命令行", "recompute", f"按当前规则重新计算 {done} 周")
    return done


def weeks(stream=None) -> None:
    """The stored weeks, oldest first, with version and the six headline figures, as JSON."""
    from duban.storage import database, history

    stream = stream or sys.stdout
    engine = database.shared_engine()
    recompute(engine)  # figures always follow the current rules (nothing to do in an ordinary week)
    figures = history.weekly_figures(engine).drop(columns=["rules_key"])
    records = []
    for row in figures.to_dict("records"):
        as_of = row.pop("as_of")
        clean = {k: (None if v is None or v != v else v) for k, v in row.items()}  # NaN (no base) is null
        records.append({"as_of": f"{as_of:%Y-%m-%d}" if isinstance(as_of, dt.date) else str(as_of), **clean})
    json.dump(records, stream, ensure_ascii=False, indent=1, default=int)
    stream.write("\n")
