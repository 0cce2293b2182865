"""Export benchmark: the 考核评议表 for a 10,000-item register, and the writer choice behind it.

Times (a) our XlsxWriter workbook (all three sheets, formats, chart) and (b) the same item-detail
sheet written cell by cell with openpyxl, the alternative writer. Target for (a): under 1.5 s.

    python bench/bench_export.py [--items 10000] [--repeat 3]
"""
from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from duban.pipeline import analyze  # noqa: E402
from duban.output.assessment_xlsx import DETAIL_COLUMNS, assessment_workbook  # noqa: E402
from duban.output.labels import items_for_display  # noqa: E402
from bench.timing import median_seconds  # noqa: E402
from tests.support.synthetic import synthetic_items, write_plain_xlsx  # noqa: E402


def openpyxl_detail(items) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import PatternFill

    fills = {k: PatternFill("solid", fgColor=v) for k, v in {"红": "F4C7C3", "黄": "FCE8B2", "绿": "B7E1CD"}.items()}
    book = Workbook()
    sheet = book.active
    table = items_for_display(items, DETAIL_COLUMNS)
    sheet.append(list(table.columns))
    for number, row in enumerate(table.itertuples(index=False), start=2):
        sheet.append([None if v is None or v != v else v for v in row])
        light = sheet.cell(number, 1)
        if light.value in fills:
            light.fill = fills[light.value]
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    as_of = dt.date(2026, 11, 20)
    content = write_plain_xlsx(synthetic_items(args.items, as_of=as_of))
    analysis = analyze(content, "bench.xlsx", as_of, dt.date(2024, 1, 1), dt.date(2026, 12, 31))
    ours = median_seconds(lambda: assessment_workbook(analysis, "某某医院"), args.repeat)
    alternative = median_seconds(lambda: openpyxl_detail(analysis.items), args.repeat)
    print(f"{len(analysis.items):,} items, median of {args.repeat} runs")
    print(f"  XlsxWriter: whole 考核评议表 (3 sheets, formats, chart)   {ours:6.2f} s")
    print(f"  openpyxl:   item-detail sheet alone                       {alternative:6.2f} s")


if __name__ == "__main__":
    main()
