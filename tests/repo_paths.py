"""The checkout the tests run in: its top-level folders (corpus/, queries/ …) and ../shared."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("NGHIQUYET_SHARED", PROJECT_ROOT.parent / "shared"))
