"""Memory and cold start of ``nghiquyet serve`` beside ``oxigraph serve-read-only``; run on demand.

For each server, started from nothing on the same store: cold start (seconds from starting the
command to the first answered ``ASK {}``), the processes it runs, idle PSS (proportional set size:
shared pages split between the processes that map them, so the sum over a process tree is what the
tree costs) summed over every process of the tree from ``/proc/<pid>/smaps_rollup``, then PSS
after a load (lookups, an aggregate, FILTER and CONSTRUCT queries, and for nghiquyet its pages),
and the breakdown per process.

    python benchmarks/server_memory.py --store var/current/store [--rounds 3] [--rest 75] [--json]
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
MiB = 1 << 20

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def descendants(pid: int) -> list[int]:
    """``pid`` and every process below it (from the parent pids in ``/proc/*/stat``)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, ()))
    return found


def rollup(pid: int) -> dict[str, int]:
    """Pss, Rss, Private_* of one process in bytes ({} if it is gone)."""
    values: dict[str, int] = {}
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as handle:
            for line in handle:
                parts = line.split()
                if len(parts) == 3 and parts[2] == "kB":
                    values[parts[0].rstrip(":")] = int(parts[1]) * 1024
    except OSError:
        return {}
    return values


def _argv(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            return " ".join(a.decode(errors="replace") for a in handle.read().split(b"\0") if a)
    except OSError:
        return "?"


def roles(root: int, pids: list[int]) -> dict[int, str]:
    """What each process of the tree is: the serving process, the query zygote and the query processes
    it forked (they carry its command line), server processes (the other children of the root)."""
    parents = {}
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat", "rb") as handle:
                stat = handle.read()
            parents[pid] = int(stat[stat.rindex(b")") + 2:].split()[1])
        except OSError:
            parents[pid] = -1
    zygotes = {pid for pid in pids if parents[pid] == root and "nghiquyet.server.zygote" in _argv(pid)}
    names = {}
    for pid in pids:
        if pid == root:
            names[pid] = "main" if len(pids) > 1 else Path(_argv(pid).split()[0]).name
        elif pid in zygotes:
            names[pid] = "query zygote"
        elif parents[pid] in zygotes or "nghiquyet.server.workers" in _argv(pid):
            names[pid] = "query process"
        elif parents[pid] == root:
            names[pid] = "server process"
        else:
            names[pid] = Path(_argv(pid).split()[0]).name
    return names


@dataclass
class Snapshot:
    processes: list[tuple[int, str, int, int]] = field(default_factory=list)  # pid, role, pss, rss

    @property
    def pss(self) -> int:
        return sum(p[2] for p in self.processes)

    @property
    def rss(self) -> int:
        return sum(p[3] for p in self.processes)


def snapshot(pid: int) -> Snapshot:
    snap = Snapshot()
    pids = sorted(descendants(pid))
    names = roles(pid, pids)
    for child in pids:
        values = rollup(child)
        if values:
            snap.processes.append((child, names[child], values.get("Pss", 0), values.get("Rss", 0)))
    return snap


def get(url: str, accept: str = "application/sparql-results+json", timeout: float = 60) -> int:
    request = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def queries(store: Path) -> dict[str, list[str]]:
    """The kinds of query of the load, as ``?query=…`` (those of benchmarks/endpoint_benchmark.py)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from endpoint_benchmark import workload  # noqa: PLC0415

    return {kind: ["?query=" + urllib.parse.quote(q, safe="") for q in texts]
            for kind, texts in workload(store).items()}


@dataclass
class Server:
    kind: str
    process: subprocess.Popen[bytes]
    base: str
    path: str
    cold_start: float


def command(kind: str, store: Path, port: int, extra: list[str]) -> tuple[list[str], str]:
    if kind == "nghiquyet":
        return ([str(Path(sys.executable).parent / "nghiquyet"), "serve", "--store", str(store), "--host",
                 "127.0.0.1", "--port", str(port), *extra], "/sparql")
    return (["oxigraph", "serve-read-only", "--location", str(store), "--bind", f"127.0.0.1:{port}",
             "--union-default-graph"], "/query")


@contextmanager
def started(kind: str, store: Path, extra: list[str] | None = None, env: dict[str, str] | None = None,
            limit: float = 120) -> Iterator[Server]:
    """Start a server and wait for its first answer; stop it (by its pid) afterwards."""
    port = free_port()
    argv, path = command(kind, store, port, extra or [])
    base = f"http://127.0.0.1:{port}"
    environment = dict(os.environ, NGHIQUYET_QUERIES_DIR=tempfile.mkdtemp(), **(env or {}))
    began = time.monotonic()
    process = subprocess.Popen(argv, env=environment, cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    probe = base + path + "?query=" + urllib.parse.quote("ASK {}")
    try:
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"{kind}: exited with {process.returncode}")
            try:
                if get(probe, timeout=5) == 200:
                    break
            except OSError:
                pass
            if time.monotonic() - began > limit:
                raise RuntimeError(f"{kind} did not answer within {limit} s")
            time.sleep(0.01)
        yield Server(kind, process, base, path, time.monotonic() - began)
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


PAGES = ("/", "/query", "/api", "/network", "/ontology", "/search?q=GRDP", "/indicators")


def load(server: Server, store: Path, seconds: float, concurrency: int = 8) -> int:
    """Every kind of query (and for nghiquyet its pages) from ``concurrency`` threads; answers counted."""
    urls = [server.base + server.path + q for kind in queries(store).values() for q in kind[:50]]
    if server.kind == "nghiquyet":
        urls += [server.base + page for page in PAGES]
    deadline = time.monotonic() + seconds

    def client(offset: int) -> int:
        done = 0
        index = offset
        while time.monotonic() < deadline:
            url = urls[index % len(urls)]
            accept = "text/html" if server.path not in url else "application/sparql-results+json"
            if "CONSTRUCT" in urllib.parse.unquote(url):
                accept = "application/n-triples"
            if get(url, accept) < 500:
                done += 1
            index += 7
        return done

    with concurrent.futures.ThreadPoolExecutor(concurrency) as pool:
        return sum(pool.map(client, range(concurrency)))


def measure(kind: str, store: Path, args: argparse.Namespace) -> dict[str, object]:
    """One start: cold start, idle and after-load PSS, per-process breakdown."""
    with started(kind, store, args.serve_args if kind == "nghiquyet" else None) as server:
        cold = server.cold_start
        time.sleep(args.settle)
        idle = snapshot(server.process.pid)
        answered = load(server, store, args.load_seconds)
        time.sleep(1)
        after = snapshot(server.process.pid)
        rested = after
        if args.rest:
            time.sleep(args.rest)
            rested = snapshot(server.process.pid)
    return {"kind": kind, "cold_start_s": cold, "idle_pss": idle.pss, "idle_rss": idle.rss,
            "loaded_pss": after.pss, "loaded_rss": after.rss, "rested_pss": rested.pss, "answers": answered,
            "idle_processes": idle.processes, "loaded_processes": after.processes,
            "rested_processes": rested.processes}


def summarise(runs: list[dict[str, object]]) -> dict[str, float]:
    keys = ("cold_start_s", "idle_pss", "idle_rss", "loaded_pss", "loaded_rss", "rested_pss")
    return {key: statistics.median(float(r[key]) for r in runs) for key in keys}  # type: ignore[arg-type]


def report(results: dict[str, list[dict[str, object]]], rest: float) -> str:
    lines = ["| server | processes idle / after load / rested | idle PSS MiB | idle RSS MiB | PSS after load MiB "
             f"| PSS {rest:g} s after the load MiB | cold start s |", "|---|---|---|---|---|---|---|"]
    for kind, runs in results.items():
        m = summarise(runs)
        last = runs[-1]
        lines.append(f"| {kind} | {len(last['idle_processes'])} / {len(last['loaded_processes'])} / "  # type: ignore[arg-type]
                     f"{len(last['rested_processes'])} "  # type: ignore[arg-type]
                     f"| {m['idle_pss'] / MiB:.0f} | {m['idle_rss'] / MiB:.0f} | {m['loaded_pss'] / MiB:.0f} "
                     f"| {m['rested_pss'] / MiB:.0f} | {m['cold_start_s']:.2f} |")
    lines += ["", "Per process (last round; PSS MiB idle → after load):", ""]
    for kind, runs in results.items():
        last = runs[-1]
        idle = {pid: (name, pss) for pid, name, pss, _ in last["idle_processes"]}  # type: ignore[union-attr]
        loaded = {pid: (name, pss) for pid, name, pss, _ in last["loaded_processes"]}  # type: ignore[union-attr]
        for pid in sorted(set(idle) | set(loaded)):
            name = (idle.get(pid) or loaded.get(pid))[0]  # type: ignore[index]
            before = f"{idle[pid][1] / MiB:.1f}" if pid in idle else "–"
            now = f"{loaded[pid][1] / MiB:.1f}" if pid in loaded else "–"
            lines.append(f"- {kind} {name}: {before} → {now}")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, default=ROOT / "var" / "current" / "store")
    parser.add_argument("--rounds", type=int, default=3, help="alternating starts of each server; medians")
    parser.add_argument("--settle", type=float, default=3.0, help="seconds idle before the first sample")
    parser.add_argument("--load-seconds", type=float, default=10.0)
    parser.add_argument("--serve-arg", dest="serve_args", action="append", default=[],
                        help="extra argument of nghiquyet serve (repeat)")
    parser.add_argument("--rest", type=float, default=0.0,
                        help="seconds to wait after the load for one more sample (idle query processes end after 60)")
    parser.add_argument("--json", action="store_true", help="print the raw measurements as JSON")
    args = parser.parse_args()
    if not (args.store / "CURRENT").exists():
        sys.exit(f"server_memory: no Oxigraph store at {args.store} (nghiquyet build first)")
    results: dict[str, list[dict[str, object]]] = {"nghiquyet": [], "oxigraph": []}
    for round_number in range(args.rounds):
        order = list(results) if round_number % 2 == 0 else list(results)[::-1]
        for kind in order:
            run = measure(kind, args.store, args)
            print(f"round {round_number + 1} {kind}: idle {run['idle_pss'] / MiB:.0f} MiB, after load "  # type: ignore[operator]
                  f"{run['loaded_pss'] / MiB:.0f} MiB, cold start {run['cold_start_s']:.2f} s", file=sys.stderr)
            results[kind].append(run)
    print(json.dumps(results, indent=1) if args.json else report(results, args.rest))


if __name__ == "__main__":
    main()
