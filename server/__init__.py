"""Flask application that publishes the nghiquyet knowledge graph."""

from __future__ import annotations

from typing import Any

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    """``create_app`` on first use: ``nghiquyet serve`` and the query processes import submodules without Flask."""
    if name == "create_app":
        from nghiquyet.server.app import create_app

        return create_app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
