"""``python -m duban`` — the command line."""
from __future__ import annotations

import sys

from duban.cli import main

sys.exit(main())
