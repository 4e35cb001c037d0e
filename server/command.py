"""``nghiquyet serve``: build the graph if there is none, then serve it with granian.

granian (a production HTTP server written in Rust) runs the Flask app in ``--workers`` processes
with ``--threads`` threads each; each of them queries the store as :class:`nghiquyet.server.store.OxigraphStore`
describes (streaming lookups in process, everything else in killable query processes).

The process tree, and what each costs (docs/benchmarks.md, "Server"): this process imports the app
before granian forks the server processes from it, so they share its pages; the query zygote
(:mod:`nghiquyet.server.zygote`, started here) forks the query processes when queries need them and
they end after ``query_idle_seconds`` idle. The faster allocator is preloaded by running this
command once more at its very start, before anything heavy is imported.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import importlib
import logging
import os
import shutil
import socket
import sys
import tempfile
from pathlib import Path
from typing import Any

from nghiquyet.graph.errors import ConfigError, NghiquyetError, StoreError
from nghiquyet.graph.settings import Settings
from nghiquyet.server.admission import ADMISSION_DIR_ENV

__all__ = ["add_arguments", "run", "wsgi_app", "main"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``nghiquyet serve``."""
    parser.add_argument("--host", help="interface to bind (default: settings.host, 127.0.0.1)")
    parser.add_argument("--port", type=int, help="port to bind (default: settings.port, 5000)")
    parser.add_argument("--workers", type=int,
                        help="server worker processes (default: settings.workers, 2 per CPU, at most 8)")
    parser.add_argument("--threads", type=int, help="request threads per worker process (default: settings.threads, 4)")
    parser.add_argument("--query-workers", type=int, help="query processes per server worker (default: 2)")
    parser.add_argument("--timeout", type=float, help="query time limit in seconds (default: settings.query_timeout)")
    parser.add_argument("--query-memory-mb", type=int,
                        help="memory one query process may use, MiB (default: half the RAM over all query processes)")
    parser.add_argument("--store", help="serve this existing Oxigraph store directory as it is (no build)")
    parser.add_argument("--store-url",
                        help="serve from this SPARQL query URL of a standard server that `nghiquyet publish` filled "
                             "(e.g. http://host:7878/query, http://host:8890/sparql); no local build")
    parser.add_argument("--access-log", action="store_true", help="log every request to stderr")


def _settings(args: argparse.Namespace, settings: Settings) -> Settings:
    changes = {
        "host": args.host,
        "port": args.port,
        "workers": args.workers,
        "threads": args.threads,
        "query_workers": args.query_workers,
        "query_timeout": args.timeout,
        "query_memory_mb": args.query_memory_mb,
        "store_url": getattr(args, "store_url", None),
    }
    return dataclasses.replace(settings, **{k: v for k, v in changes.items() if v is not None})


def _store_dir(args: argparse.Namespace, settings: Settings) -> Path:
    if settings.store_url:  # a remote store: nothing local to open or build
        return settings.store_dir
    if args.store:
        path = Path(args.store)
        if not (path / "CURRENT").exists():
            raise StoreError(f"{path} is not an Oxigraph store")
        return path
    if not (settings.store_dir / "CURRENT").exists():
        print(f"nghiquyet serve: no store at {settings.store_dir}; building the graph first", file=sys.stderr)
        from nghiquyet.graph.build import build_dataset  # lazy: the builder pulls in the whole pipeline

        build_dataset(settings)
    return settings.store_dir


SERVE_STORE_ENV = "NGHIQUYET_SERVE_STORE"


def check_port_free(host: str, port: int) -> None:
    """Refuse a port another program listens on (granian's SO_REUSEPORT would share it silently).

    A probe socket without SO_REUSEPORT cannot bind where anything listens; SO_REUSEADDR lets it
    ignore connections of an earlier server still in TIME_WAIT.
    """
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except socket.gaierror as exc:
        raise ConfigError(f"setting host (--host or NGHIQUYET_HOST): {host!r} does not resolve ({exc.strerror})") from None
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            raise ConfigError(f"cannot listen on {host}:{port}: {exc.strerror or exc} "
                              "(another server already uses that port? choose another with --port)") from None


class _DeliberateWorkerCount(logging.Filter):
    """Drop granian's warning about more processes than CPUs: two per CPU is our measured default
    (a process waiting on a query process holds no CPU; docs/benchmarks.md)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "number of workers appears to be higher" not in record.getMessage()

PRELOADED_ENV = "NGHIQUYET_SERVE_PRELOADED"


def _reexec_with_allocator(settings: Settings) -> None:
    """Run this very command again, once, with the faster allocator preloaded (``server.allocator``).

    The server processes are forked from this one, so the allocator must be in place before it
    starts; ``LD_PRELOAD`` only takes effect when a program starts. Does nothing with
    ``allocator=system`` or when no faster allocator is installed.
    """
    from nghiquyet.server.allocator import preload_env, preload_library

    if os.environ.get(PRELOADED_ENV) or preload_library(settings.allocator) is None:
        return
    if not sys.argv[0] or sys.argv[0] == "-c":  # not started as a program that can be run again
        return
    env = preload_env(dict(os.environ), settings.allocator)
    env[PRELOADED_ENV] = "1"
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(sys.executable, [sys.executable, *sys.orig_argv[1:]], env)


def wsgi_app() -> Any:
    """The WSGI app granian loads in each worker process (settings and store come from the environment)."""
    from nghiquyet.server.app import create_app
    from nghiquyet.server.store import OxigraphStore, open_store

    settings = Settings.from_env()
    if settings.store_url:
        return create_app(settings, store=open_store(settings))
    store_dir = Path(os.environ.get(SERVE_STORE_ENV) or settings.store_dir)
    store = OxigraphStore.open(store_dir, settings)
    store.prestart()
    return create_app(settings, store=store)


def _export(settings: Settings, store_dir: Path) -> None:
    """Hand the resolved settings to the worker processes through ``NGHIQUYET_*`` variables."""
    for field in dataclasses.fields(Settings):
        value = getattr(settings, field.name)
        if isinstance(value, tuple):
            value = ",".join(value)
        os.environ[f"NGHIQUYET_{field.name.upper()}"] = str(value)
    os.environ[SERVE_STORE_ENV] = str(store_dir.absolute())  # not resolved: `current` moves on publish


def _warm() -> None:
    """Import what every server process needs, here, before granian forks them: the pages are then
    shared (copy on write), and ``gc.freeze`` keeps the collector from touching and copying them."""
    from nghiquyet.server.app import BLUEPRINTS

    for name in ("pyoxigraph", "flask", "nghiquyet.server.app", "nghiquyet.server.store", *BLUEPRINTS):
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
    gc.collect()
    gc.freeze()


def _start_zygote(slots: Path, settings: Settings) -> Any:
    """The query zygote, with the allocator preloaded; its socket path goes to the server processes."""
    from nghiquyet.server.allocator import preload_env
    from nghiquyet.server.zygote import ZYGOTE_ENV, start_zygote

    path = slots / "zygote.sock"
    process = start_zygote(path, preload_env(dict(os.environ), settings.allocator))
    os.environ[ZYGOTE_ENV] = str(path)
    return process


def _stop(process: Any) -> None:
    if process.stdin:
        process.stdin.close()  # the zygote ends when its stdin closes
    try:
        process.wait(timeout=10)
    except Exception:  # noqa: BLE001 - subprocess.TimeoutExpired
        process.kill()
        process.wait()


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Serve until interrupted; returns the exit code."""
    settings = _settings(args, settings)
    check_port_free(settings.host, settings.port)
    _reexec_with_allocator(settings)  # before the heavy imports below: they are paid once
    from granian.constants import Interfaces
    from granian.log import LogLevels
    from granian.server import Server

    store_dir = _store_dir(args, settings)
    _export(settings, store_dir)
    slots = Path(tempfile.mkdtemp(prefix="nghiquyet-admission-"))  # heavy-query slots of all processes
    os.environ[ADMISSION_DIR_ENV] = str(slots)
    zygote = None if settings.store_url else _start_zygote(slots, settings)  # a remote store runs no local queries
    _warm()
    server = Server(
        "nghiquyet.server.command:wsgi_app",
        factory=True,
        address=settings.host,
        port=settings.port,
        interface=Interfaces.WSGI,
        workers=max(1, settings.workers),
        blocking_threads=max(1, settings.threads),
        backlog=1024,
        log_level=LogLevels.warning,
        log_access=bool(args.access_log),
        respawn_failed_workers=True,
        respawn_interval=1.0,
        workers_kill_timeout=int(settings.query_timeout) + 10,
    )
    logging.getLogger("_granian").addFilter(_DeliberateWorkerCount())
    source = f"remote store {settings.store_url}" if settings.store_url else f"store {store_dir}"
    print(f"nghiquyet serve: http://{settings.host}:{settings.port}/sparql ({source})", file=sys.stderr)
    try:
        server.serve()
    finally:
        if zygote is not None:
            _stop(zygote)
        shutil.rmtree(slots, ignore_errors=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    """``python -m server.command`` = ``nghiquyet serve`` without loading the other commands."""
    parser = argparse.ArgumentParser(prog="python -m server.command", description=__doc__)
    parser.add_argument("--data-dir", help="where the store and dumps live (default: ./var)")
    add_arguments(parser)
    args = parser.parse_args(argv)
    try:
        return run(args, Settings.from_env(data_dir=args.data_dir))
    except NghiquyetError as exc:
        print(f"nghiquyet serve: {exc}", file=sys.stderr)
        return exc.exit_code


if __name__ == "__main__":
    sys.exit(main())
