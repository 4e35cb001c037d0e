"""Application factory: settings, store, blueprints, error handlers. Nothing at import time."""

from __future__ import annotations

import importlib
from typing import Any

from flask import Flask

from nghiquyet.graph.settings import Settings

__all__ = ["create_app", "BLUEPRINTS"]

# Each module exposes ``bp`` (a Blueprint) and may expose ``init_app(app)``.
BLUEPRINTS: tuple[str, ...] = (
    "nghiquyet.server.sparql",
    "nghiquyet.server.pages",
    "nghiquyet.server.editor",
    "nghiquyet.server.resources",
    "nghiquyet.server.api",
    "nghiquyet.server.progress",
    "nghiquyet.server.indicator_pages",
    "nghiquyet.server.network",
    "nghiquyet.server.search",
)


def create_app(settings: Settings | None = None, *, store: Any = None, test_config: dict[str, Any] | None = None) -> Flask:
    """Create the app for ``settings``; ``store`` overrides the store opened from settings."""
    settings = settings or Settings.from_env()
    app = Flask(__name__)
    app.config.from_mapping(
        NGHIQUYET=settings,
        MAX_CONTENT_LENGTH=settings.max_request_bytes,
        JSON_SORT_KEYS=False,
    )
    if test_config:
        app.config.update(test_config)
    from nghiquyet.server import errors, store as store_module

    store_module.init_app(app, store)
    errors.init_app(app)
    for module_name in BLUEPRINTS:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:
                continue  # feature not installed in this checkout
            raise
        app.register_blueprint(module.bp)
        if hasattr(module, "init_app"):
            module.init_app(app)
    return app
