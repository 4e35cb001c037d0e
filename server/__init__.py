"""Flask application that publishes the nghiquyet knowledge graph."""

from __future__ import annotations

from nghiquyet.server.app import create_app

__all__ = ["create_app"]
