"""Regenerate data/sample_register.xlsx, the register the app and the CLI open by default."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from duban.paths import SAMPLE_REGISTER  # noqa: E402
from tests.support.synthetic import plant_mistakes, synthetic_items, write_messy_xlsx  # noqa: E402

AS_OF = dt.date(2026, 11, 20)

if __name__ == "__main__":
    items = plant_mistakes(synthetic_items(320, as_of=AS_OF, seed=2024))
    SAMPLE_REGISTER.write_bytes(write_messy_xlsx(items, AS_OF, "2024—2026年院长办公会议定事项督办台账（示例）"))
    print(f"wrote {SAMPLE_REGISTER} ({len(items)} items)")
