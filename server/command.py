"""``nghiquyet serve``: build the graph if there is none, then serve it with gunicorn."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path
from typing import Any

from graph.errors import StoreError
from graph.settings import Settings

__all__ = ["add_arguments", "run", "make_app", "main"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``nghiquyet serve``."""
    parser.add_argument("--host", help="interface to bind (default: settings.host, 127.0.0.1)")
    parser.add_argument("--port", type=int, help="port to bind (default: settings.port, 5000)")
    parser.add_argument("--workers", type=int, help="gunicorn worker processes (default: settings.workers)")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker (default: 4)")
    parser.add_argument("--query-workers", type=int, help="query processes per gunicorn worker (default: 2)")
    parser.add_argument("--timeout", type=float, help="query time limit in seconds (default: settings.query_timeout)")
    parser.add_argument("--store", help="serve this existing Oxigraph store directory as it is (no build)")
    parser.add_argument("--access-log", action="store_true", help="log every request to stderr")


def _settings(args: argparse.Namespace, settings: Settings) -> Settings:
    changes = {
        "host": args.host,
        "port": args.port,
        "workers": args.workers,
        "query_workers": args.query_workers,
        "query_timeout": args.timeout,
    }
    return dataclasses.replace(settings, **{k: v for k, v in changes.items() if v is not None})


def _store_dir(args: argparse.Namespace, settings: Settings) -> Path:
    if args.store:
        path = Path(args.store)
        if not (path / "CURRENT").exists():
            raise StoreError(f"{path} is not an Oxigraph store")
        return path
    if not (settings.store_dir / "CURRENT").exists():
        print(f"nghiquyet serve: no store at {settings.store_dir}; building the graph first", file=sys.stderr)
        from graph.build import build_dataset  # lazy: the builder pulls in the whole pipeline

        build_dataset(settings)
    return settings.store_dir


def make_app(settings: Settings, store_dir: Path) -> Any:
    """The WSGI app over ``store_dir`` (called in each gunicorn worker, after the fork)."""
    from server.app import create_app
    from server.store import OxigraphStore

    return create_app(settings, store=OxigraphStore.open(store_dir, settings))


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Serve until interrupted; returns the exit code."""
    from gunicorn.app.base import BaseApplication

    settings = _settings(args, settings)
    store_dir = _store_dir(args, settings)

    class _Gunicorn(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            options = {
                "bind": f"{settings.host}:{settings.port}",
                "workers": max(1, settings.workers),
                "worker_class": "gthread",
                "threads": max(1, args.threads),
                "timeout": int(settings.query_timeout) + 30,
                "graceful_timeout": 10,
                "accesslog": "-" if args.access_log else None,
                "errorlog": "-",
                "proc_name": "nghiquyet",
            }
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            return make_app(settings, store_dir)

    print(f"nghiquyet serve: http://{settings.host}:{settings.port}/sparql (store {store_dir})", file=sys.stderr)
    _Gunicorn().run()
    return 0


def main(argv: list[str] | None = None) -> int:
    """``python -m server.command`` = ``nghiquyet serve`` without loading the other commands."""
    parser = argparse.ArgumentParser(prog="python -m server.command", description=__doc__)
    parser.add_argument("--data-dir", help="where the store and dumps live (default: ./var)")
    add_arguments(parser)
    args = parser.parse_args(argv)
    try:
        return run(args, Settings.from_env(data_dir=args.data_dir))
    except StoreError as exc:
        print(f"nghiquyet serve: {exc}", file=sys.stderr)
        return exc.exit_code


if __name__ == "__main__":
    sys.exit(main())
