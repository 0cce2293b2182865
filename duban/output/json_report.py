"""An Analysis as the plain JSON object of ``analyze --json`` (its keys are listed in the README)."""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from duban.columns import JSON_DEPARTMENT_FIELDS, JSON_ITEM_FIELDS
from duban.missing import is_missing
from duban.pipeline import Analysis

JSON_ISSUE_FIELDS = ["sheet", "row", "column", "value", "severity", "kind", "message"]


def plain(value: Any) -> Any:
    """A cell as JSON: dates as YYYY-MM-DD, missing as null, numpy scalars as Python numbers."""
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if is_missing(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    return value


def _json_cells(name: str, series: pd.Series, before: str = "", after: str = "") -> np.ndarray:
    """'"name":value' as UTF-8 JSON for every cell of a column, each distinct value encoded once.

    before and after are added to every cell (the braces of a record around its first and last field).
    """
    import json
    from json.encoder import encode_basestring  # the C encoder json.dumps uses for text

    key = before + json.dumps(name) + ":"
    if pd.api.types.is_bool_dtype(series):
        return np.array([(key + "false" + after).encode(), (key + "true" + after).encode()],
                        dtype=object)[series.to_numpy().astype(np.int8)]
    if pd.api.types.is_datetime64_any_dtype(series):
        codes, days = pd.factorize(series.to_numpy().astype("datetime64[D]").view("int64"), use_na_sentinel=False)
        texts = [f'"{d}"' if not np.isnat(d) else "null" for d in days.view("datetime64[D]")]
    elif pd.api.types.is_integer_dtype(series) and not series.hasnans:
        codes, numbers = pd.factorize(series.to_numpy(), use_na_sentinel=False)
        texts = [str(n) for n in numbers.tolist()]
    else:
        cells = series.to_numpy(dtype=object)
        try:
            codes, uniques = pd.factorize(cells, use_na_sentinel=True)
        except TypeError:  # lists (协办科室) are not hashable: tuples are
            cells = np.fromiter((tuple(v) if isinstance(v, list) else v for v in cells), dtype=object, count=len(cells))
            codes, uniques = pd.factorize(cells, use_na_sentinel=True)
        texts = [encode_basestring(u) if isinstance(u, str) else
                 json.dumps(plain(list(u) if isinstance(u, tuple) else u), ensure_ascii=False) for u in uniques]
        texts.append("null")
    return np.array([(key + text + after).encode() for text in texts], dtype=object)[codes]


def write_records(frame: pd.DataFrame, fields: list[str], stream, chunk: int = 5000) -> None:
    """Rows of frame as a JSON array of records, built column by column and written in chunks.

    Joined as UTF-8 bytes, and written to the stream's binary buffer when it has one (sys.stdout does).
    """
    last = len(fields) - 1
    columns = [_json_cells(name, frame[name], "{" if i == 0 else "", "}" if i == last else "")
               for i, name in enumerate(fields)]
    binary = getattr(stream, "buffer", None)
    if binary is not None:
        stream.flush()
    write = binary.write if binary is not None else (lambda data: stream.write(data.decode()))
    write(b"[")
    for start in range(0, len(frame), chunk):
        rows = zip(*(column[start:start + chunk] for column in columns))
        write((b"," if start else b"") + b",".join([b",".join(row) for row in rows]))
    write(b"]")


def _summary(analysis: Analysis) -> dict[str, Any]:
    """The fields of the JSON object besides the three tables."""
    return {
        "as_of": plain(analysis.as_of), "period_start": plain(analysis.period_start),
        "period_end": plain(analysis.period_end), "notices": list(analysis.notices), "counts": analysis.counts,
        "sheets": analysis.sheets, "skipped_sheets": analysis.skipped_sheets, "fallback_years": analysis.fallback_years,
        "columns": analysis.columns, "register_year": analysis.register_year,
    }


def write_json(analysis: Analysis, stream) -> None:
    """Write the JSON object for ``analyze --json`` to a text stream (tables column by column, in chunks)."""
    import json

    stream.write("{")
    for key, frame, fields in (("items", analysis.items, JSON_ITEM_FIELDS),
                               ("departments", analysis.departments, JSON_DEPARTMENT_FIELDS),
                               ("issues", analysis.issues, JSON_ISSUE_FIELDS)):
        stream.write(f'"{key}": ')
        write_records(frame, fields, stream)
        stream.write(", ")
    stream.write(json.dumps(_summary(analysis), ensure_ascii=False)[1:] + "\n")
