"""Reliability suite (issue 15): each attack replayed against a real server on 127.0.0.1.

Every test here is marked ``reliability``; ``python -m pytest`` runs them with the rest (CI), and
``-m reliability`` runs only them. The live-server helpers are the server tests' own.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "server"))  # server_fixtures


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.reliability)
