"""Compare /sparql (``nghiquyet serve``) with ``oxigraph serve-read-only`` (and ``rdflib-endpoint``); run on demand.

Same data, same queries, one run: the servers run side by side on 127.0.0.1 and ``wrk`` (a load
generator in C, ``apt-get install wrk``) drives each in turn at a fixed number of connections;
rounds alternate between the servers so that a noisy neighbour hits all of them alike, and every
cell is the median of its rounds. Lookups are ``SELECT ?p ?o { <iri> ?p ?o }`` over 500 subjects;
the aggregate is a COUNT/AVG grouped by indicator; FILTER a value range with ORDER BY; CONSTRUCT
the targets of one indicator. The same run records each server's cold start (start to first
answer), idle PSS (summed over its processes, ``/proc/*/smaps_rollup``, as benchmarks/server_memory.py
does) and PSS after the rounds. Datasets: the built graph (``var/current/store``, if present) and a
generated one of ``--triples`` triples.

    python benchmarks/endpoint_benchmark.py --triples 1000000 --duration 5 --rounds 3 --write docs/benchmarks.md

``--write`` replaces the "Server" section of that file (between its markers) and keeps the rest.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pyoxigraph
import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
from generate_graph import NQ, generate  # noqa: E402
from nghiquyet.graph.settings import Settings  # noqa: E402
from nghiquyet.server.allocator import preload_library  # noqa: E402
from server_memory import MiB, snapshot  # noqa: E402

AGGREGATE = (f"SELECT ?indicator (COUNT(?q) AS ?n) (AVG(?v) AS ?mean) WHERE {{ ?q a <{NQ}Target> ; "
             f"<{NQ}indicator> ?indicator ; <{NQ}value> ?v }} GROUP BY ?indicator")
LOOKUP = "SELECT ?p ?o WHERE {{ <{iri}> ?p ?o }}"
FILTER = (f"SELECT ?q ?v WHERE {{{{ ?q a <{NQ}Target> ; <{NQ}value> ?v FILTER(?v > {{low}} && ?v < {{high}}) }}}} "
          "ORDER BY ?v LIMIT 50")
CONSTRUCT = f"CONSTRUCT {{{{ ?q ?p ?o }}}} WHERE {{{{ ?q <{NQ}indicator> <{{iri}}> ; ?p ?o }}}}"
KINDS = ("lookup", "aggregate", "filter", "construct")
SERVERS = ("nghiquyet", "oxigraph", "rdflib-endpoint")
LUA = ROOT / "benchmarks" / "wrk_paths.lua"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_up(url: str, process: subprocess.Popen[bytes], limit: float = 600) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url}: server exited with {process.returncode}")
        try:
            if requests.get(url, params={"query": "ASK {}"}, timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.01)
    raise RuntimeError(f"{url} did not come up")


@dataclass
class Running:
    base: str
    path: str
    pid: int
    cold_start: float  # seconds from starting the command to its first answer


@contextmanager
def server(kind: str, store_dir: Path, nt_file: Path, args: argparse.Namespace) -> Iterator[Running]:
    """Start one server (``nghiquyet serve`` as users start it: the console script)."""
    port = free_port()
    # admission control off: the other servers queue every request too, and wrk is one client
    env = dict(os.environ, PYTHONPATH=str(ROOT), NGHIQUYET_QUERIES_DIR=tempfile.mkdtemp(),
               NGHIQUYET_MAX_HEAVY_QUERIES="-1")
    if kind == "nghiquyet":
        command = [str(Path(sys.executable).with_name("nghiquyet")), "serve", "--store", str(store_dir), "--port", str(port),
                   "--host", "127.0.0.1", "--workers", str(args.workers), "--threads", str(args.threads),
                   "--query-workers", str(args.query_workers)]
        path = "/sparql"
    elif kind == "oxigraph":
        command = ["oxigraph", "serve-read-only", "--location", str(store_dir), "--bind", f"127.0.0.1:{port}",
                   "--union-default-graph"]
        path = "/query"
    else:
        command = ["rdflib-endpoint", "serve", "--host", "127.0.0.1", "--port", str(port), str(nt_file)]
        path = "/"
    began = time.monotonic()
    process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_up(base + path, process)
        yield Running(base, path, process.pid, time.monotonic() - began)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wrk(base: str, path: str, paths_file: Path, args: argparse.Namespace) -> dict[str, float]:
    """One closed-loop wrk run; req/s counts only 2xx answers."""
    env = dict(os.environ, WRK_BASE=path, WRK_PATHS=str(paths_file), WRK_ACCEPT=accept(paths_file))
    command = ["wrk", f"-t{min(2, args.concurrency)}", f"-c{args.concurrency}", f"-d{args.duration}s",
               "--timeout", "120s", "-s", str(LUA), base]
    output = subprocess.run(command, env=env, capture_output=True, text=True, timeout=args.duration + 300,
                            check=True).stdout
    summary = json.loads(output.strip().splitlines()[-1])
    ok = summary["requests"] - summary["errors"]
    return {"qps": ok / summary["seconds"], "p50": summary["p50_ms"], "p99": summary["p99_ms"], "n": ok,
            "errors": summary["errors"]}


def accept(paths_file: Path) -> str:
    """The media type asked for: N-Triples for the CONSTRUCT file, SPARQL JSON results otherwise."""
    return "application/n-triples" if paths_file.stem.endswith("construct") else "application/sparql-results+json"


def single(url: str, paths_file: Path) -> float:
    """Seconds for one request (the first query of ``paths_file``), waiting for the answer."""
    line = paths_file.read_text(encoding="utf-8").splitlines()[0]
    started = time.monotonic()
    response = requests.get(url + line, headers={"Accept": accept(paths_file)}, timeout=600)
    response.raise_for_status()
    return time.monotonic() - started


def drain(seconds: float, args: argparse.Namespace) -> None:
    """wrk stops without waiting for the requests in flight; give the server time to finish them."""
    time.sleep(min(30.0, seconds * args.concurrency / 2 + 0.2))


def query_file(folder: Path, name: str, queries: list[str]) -> Path:
    path = folder / f"{name}.txt"
    path.write_text("".join("?query=" + urllib.parse.quote(q, safe="") + "\n" for q in queries), encoding="utf-8")
    return path


def lookup_queries(store_dir: Path, count: int = 500) -> list[str]:
    store = pyoxigraph.Store.read_only(str(store_dir))
    query = "SELECT DISTINCT ?s WHERE { ?s ?p ?o } LIMIT 20000"
    subjects = sorted(row["s"].value for row in store.query(query, use_default_graph_as_union=True)
                      if isinstance(row["s"], pyoxigraph.NamedNode))  # a blank node has no IRI to look up
    del store
    random.Random(1).shuffle(subjects)
    return [LOOKUP.format(iri=s) for s in subjects[:count]]


def workload(store_dir: Path) -> dict[str, list[str]]:
    """The queries of each kind on the store at ``store_dir``: lookups of 500 subjects, the
    aggregate, value-range FILTERs with ORDER BY, CONSTRUCTs of the targets of one indicator."""
    store = pyoxigraph.Store.read_only(str(store_dir))
    query = f"SELECT DISTINCT ?i WHERE {{ ?q <{NQ}indicator> ?i }} ORDER BY ?i LIMIT 200"
    indicators = [row["i"].value for row in store.query(query, use_default_graph_as_union=True)]
    del store
    return {"lookup": lookup_queries(store_dir), "aggregate": [AGGREGATE],
            "filter": [FILTER.format(low=low, high=low + 10) for low in range(0, 100, 5)],
            "construct": [CONSTRUCT.format(iri=iri) for iri in indicators]}


def run_dataset(label: str, store_dir: Path, nt_file: Path, work: Path, args: argparse.Namespace
                ) -> tuple[list[tuple], list[tuple]]:
    """All servers up at once; ``args.rounds`` alternating rounds; the median of each cell.

    Also returns, per server, (graph, server, cold start s, processes idle, idle PSS, processes
    after the rounds, PSS after the rounds)."""
    files = {kind: query_file(work, f"{label}-{kind}", queries) for kind, queries in workload(store_dir).items()}
    kinds = [k for k in SERVERS if not (k == "rdflib-endpoint" and args.skip_rdflib)]
    results: dict[tuple[str, str], list[dict[str, float]]] = {}
    with ExitStack() as stack:
        urls = {}
        for kind in kinds:
            print(f"[{label}] starting {kind}", file=sys.stderr)
            urls[kind] = stack.enter_context(server(kind, store_dir, nt_file, args))
        time.sleep(args.settle)
        idle = {kind: snapshot(urls[kind].pid) for kind in kinds}
        slow: dict[tuple[str, str], float] = {}
        latency: dict[tuple[str, str], float] = {}
        for kind in kinds:  # warm-up
            base, path = urls[kind].base, urls[kind].path
            for name, file in files.items():
                latency[(name, kind)] = seconds = single(base + path, file)
        for (name, kind), seconds in latency.items():
            # a query whose single request outlasts a quarter of a wrk run on any server is timed
            # one request at a time on every server, so that its cells compare like with like
            if max(latency[(name, other)] for other in kinds) > args.duration / 4:
                slow[(name, kind)] = seconds
            else:
                wrk(urls[kind].base, urls[kind].path, files[name],
                    argparse.Namespace(**{**vars(args), "duration": 1, "concurrency": 2}))
                drain(seconds, args)
        for round_number in range(args.rounds):
            for name in KINDS:
                order = kinds if round_number % 2 == 0 else kinds[::-1]
                for kind in order:
                    base, path = urls[kind].base, urls[kind].path
                    if (name, kind) in slow:
                        seconds = single(base + path, files[name])
                        result = {"qps": 1 / seconds, "p50": seconds * 1000, "p99": seconds * 1000, "n": 1,
                                  "errors": 0, "sequential": True}
                    else:  # long enough for several waves of the slowest request, then let it drain
                        seconds = latency[(name, kind)]
                        duration = max(args.duration, math.ceil(seconds * args.concurrency * 2))
                        result = wrk(base, path, files[name], argparse.Namespace(**{**vars(args),
                                                                                   "duration": duration}))
                        drain(seconds, args)
                    print(f"[{label}] round {round_number + 1} {name} {kind}: {result}", file=sys.stderr)
                    results.setdefault((name, kind), []).append(result)
        time.sleep(1)
        loaded = {kind: snapshot(urls[kind].pid) for kind in kinds}
        memory = [(label, kind, urls[kind].cold_start, len(idle[kind].processes), idle[kind].pss,
                   len(loaded[kind].processes), loaded[kind].pss) for kind in kinds]
    rows = []
    for (name, kind), runs in results.items():
        median = {key: statistics.median(r[key] for r in runs) for key in ("qps", "p50", "p99")}
        median.update(n=sum(r["n"] for r in runs), errors=sum(r["errors"] for r in runs),
                      spread=(min(r["qps"] for r in runs), max(r["qps"] for r in runs)),
                      sequential=any(r.get("sequential") for r in runs))
        rows.append((label, name, kind, median))
    return rows, memory


AIM_PSS_MB = 150  # issue 16: idle PSS of nghiquyet serve on the built graph
AIMS = (("lookup", 0.45, "lookups ≥ 45% of Oxigraph's server"),
        ("aggregate", 0.80, "aggregates ≥ 80% of Oxigraph's server"))
BEGIN = "<!-- server:begin — written by benchmarks/endpoint_benchmark.py --write; notes go after server:end -->"
END = "<!-- server:end -->"


def report(rows: list[tuple], memory: list[tuple], args: argparse.Namespace) -> str:
    """The generated part of the "Server" section: how it was run, throughput, memory, aims."""
    allocator = Path(preload_library(Settings().allocator) or "glibc").name
    lines = [
        f"`python benchmarks/endpoint_benchmark.py --triples {args.triples} --duration {args.duration} "
        f"--rounds {args.rounds} --concurrency {args.concurrency}{' --skip-rdflib' if args.skip_rdflib else ''}"
        f"{'' if args.graphs == 'both' else ' --graphs ' + args.graphs}`, run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: "
        f"the servers side by side on 127.0.0.1 (2 shared vCPUs; wrk, the load generator in C, on the same "
        f"machine), {args.concurrency} connections, median of {args.rounds} alternating rounds of "
        f"{args.duration} s (longer where one request is slow: at least two waves of {args.concurrency}). "
        f"nghiquyet serve: {args.workers} server processes × {args.threads} threads, up to {args.query_workers} "
        f"query processes each, forked on demand, allocator {allocator} (the defaults on this machine). "
        "Lookup = `SELECT ?p ?o { <iri> ?p ?o }` over 500 subjects; aggregate = COUNT/AVG grouped by "
        "indicator; FILTER = targets in a value range, ORDER BY value, LIMIT 50 (20 ranges); CONSTRUCT = "
        "every triple of the targets of one indicator (N-Triples).", "",
        "| graph | query | server | req/s (median) | req/s (min–max) | p50 ms | p99 ms | answers | errors "
        "| vs oxigraph |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    qps = {(g, q, k): r["qps"] for g, q, k, r in rows}
    ordered = sorted(rows, key=lambda row: (row[0] != "built", row[0], KINDS.index(row[1]), SERVERS.index(row[2])))
    for graph, query, kind, r in ordered:
        ox = qps.get((graph, query, "oxigraph"))
        low, high = r["spread"]
        name = kind + " ¹" if r["sequential"] else kind
        lines.append(f"| {graph} | {query} | {name} | {r['qps']:.1f} | {low:.1f}–{high:.1f} | {r['p50']:.1f} | "
                     f"{r['p99']:.1f} | {r['n']} | {r['errors']} | {r['qps'] / ox:.0%} |" if ox else
                     f"| {graph} | {query} | {name} | {r['qps']:.1f} | {low:.1f}–{high:.1f} | {r['p50']:.1f} | "
                     f"{r['p99']:.1f} | {r['n']} | {r['errors']} | – |")
    if any(r["sequential"] for *_, r in rows):
        lines += ["", "¹ One request takes longer than a quarter of a wrk run on one of the servers, so this "
                  "query is timed one request at a time on every server (req/s = 1 / latency)."]
    lines += ["", "Memory and start, same run: PSS summed over every process of the server "
              "(`/proc/<pid>/smaps_rollup`), idle = "
              f"{args.settle:g} s after start, after load = after all the rounds above; cold start = from "
              "starting the command to its first answer (`ASK {}`).", "",
              "| graph | server | cold start s | processes idle | idle PSS MiB | processes after load "
              "| PSS after load MiB |", "|---|---|---|---|---|---|---|"]
    for graph, kind, cold, n_idle, pss_idle, n_loaded, pss_loaded in memory:
        lines.append(f"| {graph} | {kind} | {cold:.2f} | {n_idle} | {pss_idle / MiB:.0f} | {n_loaded} "
                     f"| {pss_loaded / MiB:.0f} |")
    graphs = sorted({g for g, *_ in rows}, key=lambda g: g != "built")
    lines += ["", "Aims of issue 16 against this run:", "", "| aim | " + " | ".join(graphs) + " |",
              "|---|" + "---|" * len(graphs)]
    idle = {(g, k): p for g, k, _, _, p, _, _ in memory}
    cells = []
    for graph in graphs:
        value = idle.get((graph, "nghiquyet"))
        cells.append("–" if value is None else
                     f"{value / 1e6:.0f} MB — {'met' if value <= AIM_PSS_MB * 1e6 else '**not met**'}")
    lines.append(f"| idle PSS ≤ {AIM_PSS_MB} MB (built graph) | " + " | ".join(cells) + " |")
    for query, goal, label in AIMS:
        cells = []
        for graph in graphs:
            ours, theirs = qps.get((graph, query, "nghiquyet")), qps.get((graph, query, "oxigraph"))
            cells.append("–" if not ours or not theirs else
                         f"{ours / theirs:.0%} — {'met' if ours / theirs >= goal else '**not met**'}")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def write_report(path: Path, text: str) -> None:
    """Put ``text`` between the markers of the "Server" section of ``path``; everything else stays."""
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    block = f"{BEGIN}\n{text}{END}"
    if BEGIN in old and END in old:
        new = old[:old.index(BEGIN)] + block + old[old.index(END) + len(END):]
    else:
        new = old.rstrip("\n") + "\n\n## Server\n\n" + block + "\n"
    path.write_text(new, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--duration", type=int, default=5, help="seconds per wrk run")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds; cells are medians")
    parser.add_argument("--concurrency", type=int, default=8, help="open connections")
    defaults = Settings()
    parser.add_argument("--workers", type=int, default=defaults.workers, help="nghiquyet server worker processes")
    parser.add_argument("--threads", type=int, default=defaults.threads, help="nghiquyet threads per worker")
    parser.add_argument("--query-workers", type=int, default=defaults.query_workers,
                        help="nghiquyet query processes per worker")
    parser.add_argument("--skip-rdflib", action="store_true")
    parser.add_argument("--settle", type=float, default=3.0, help="seconds idle after start before the idle PSS")
    parser.add_argument("--graphs", choices=("both", "built", "generated"), default="both",
                        help="which datasets to run (default: both)")
    parser.add_argument("--write", type=Path, help="write the Markdown report here (e.g. docs/benchmarks.md)")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("endpoint_benchmark: needs wrk (apt-get install wrk), the load generator")
    work = Path(tempfile.mkdtemp(prefix="nq-bench-"))
    try:
        rows: list[tuple] = []
        memory: list[tuple] = []
        built = Settings.from_env().store_dir
        if (built / "CURRENT").exists() and args.graphs in ("both", "built"):
            nt = work / "built.nt"
            store = pyoxigraph.Store.read_only(str(built))
            triples = (pyoxigraph.Triple(q.subject, q.predicate, q.object) for q in store)
            pyoxigraph.serialize(triples, str(nt), pyoxigraph.RdfFormat.N_TRIPLES)
            del store
            more, mem = run_dataset("built", built, nt, work, args)
            rows, memory = rows + more, memory + mem
        if args.graphs in ("both", "generated"):
            nt = work / "generated.nt"
            generate(nt, args.triples)
            store_dir = work / "generated-store"
            store = pyoxigraph.Store(str(store_dir))
            store.bulk_load(path=str(nt), format=pyoxigraph.RdfFormat.N_TRIPLES)
            store.flush()
            del store
            more, mem = run_dataset(f"generated {args.triples // 1000}k", store_dir, nt, work, args)
            rows, memory = rows + more, memory + mem
        text = report(rows, memory, args)
        print(text)
        if args.write:
            write_report(args.write, text)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
