"""Compare /sparql (gunicorn) with ``oxigraph serve-read-only`` and ``rdflib-endpoint``; run on demand.

Same data, same queries, one run: throughput at a fixed concurrency and p50/p99 latency for
single-resource lookups and for an aggregate, on the built graph (var/current/store, if present) and on a
generated graph. Everything listens on 127.0.0.1; every loop is bounded by time and count.

    python benchmarks/endpoint_benchmark.py --triples 1000000 --duration 10 --write docs/benchmarks.md
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pyoxigraph

from graph.settings import Settings
import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
from generate_graph import BASE, NQ, generate  # noqa: E402

AGGREGATE = (f"SELECT ?indicator (COUNT(?q) AS ?n) (AVG(?v) AS ?mean) WHERE {{ ?q a <{NQ}Target> ; "
             f"<{NQ}indicator> ?indicator ; <{NQ}value> ?v }} GROUP BY ?indicator")
LOOKUP = "SELECT ?p ?o WHERE {{ <{iri}> ?p ?o }}"
MAX_REQUESTS = 100_000


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
            requests.get(url, params={"query": "ASK {}"}, timeout=5)
            return
        except requests.RequestException:
            time.sleep(0.5)
    raise RuntimeError(f"{url} did not come up")


@contextmanager
def server(kind: str, store_dir: Path, nt_file: Path | None) -> Iterator[str]:
    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    if kind == "nghiquyet":
        command = [sys.executable, "-m", "server.command", "--store", str(store_dir), "--port", str(port),
                   "--host", "127.0.0.1", "--workers", "2", "--threads", "4", "--query-workers", "2"]
        empty = Path(tempfile.mkdtemp())
        env["NGHIQUYET_QUERIES_DIR"] = str(empty)
        url = f"http://127.0.0.1:{port}/sparql"
    elif kind == "oxigraph":
        command = ["oxigraph", "serve-read-only", "--location", str(store_dir), "--bind", f"127.0.0.1:{port}",
                   "--union-default-graph"]
        url = f"http://127.0.0.1:{port}/query"
    else:
        command = ["rdflib-endpoint", "serve", "--host", "127.0.0.1", "--port", str(port), str(nt_file)]
        url = f"http://127.0.0.1:{port}/"
    process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_up(url, process)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def load(url: str, queries: list[str], concurrency: int, duration: float) -> dict[str, float]:
    """Closed-loop load: ``concurrency`` threads for ``duration`` s; returns qps and latencies."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop_at = time.monotonic() + duration

    def worker(offset: int) -> None:
        session = requests.Session()
        i = offset
        while time.monotonic() < stop_at and len(latencies) < MAX_REQUESTS:
            started = time.monotonic()
            try:
                response = session.get(url, params={"query": queries[i % len(queries)]},
                                       headers={"Accept": "application/sparql-results+json"}, timeout=duration + 30)
                ok = response.status_code == 200
            except requests.RequestException:
                ok = False
            with lock:
                if ok:
                    latencies.append(time.monotonic() - started)
                else:
                    errors[0] += 1
            i += concurrency

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(n,)) for n in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    latencies.sort()
    pick = (lambda f: latencies[min(len(latencies) - 1, int(f * len(latencies)))] * 1000) if latencies else (lambda f: float("nan"))
    return {"qps": len(latencies) / elapsed, "p50": pick(0.5), "p99": pick(0.99), "n": len(latencies),
            "errors": errors[0]}


def lookup_queries(store_dir: Path, count: int = 500) -> list[str]:
    store = pyoxigraph.Store.read_only(str(store_dir))
    query = "SELECT DISTINCT ?s WHERE { ?s ?p ?o } LIMIT 20000"
    subjects = [row["s"].value for row in store.query(query, use_default_graph_as_union=True)]
    del store
    random.Random(1).shuffle(subjects)
    return [LOOKUP.format(iri=s) for s in subjects[:count]]


def run_dataset(label: str, store_dir: Path, nt_file: Path, args: argparse.Namespace) -> list[tuple]:
    rows = []
    lookups = lookup_queries(store_dir)
    kinds = ["nghiquyet", "oxigraph"] + ([] if args.skip_rdflib else ["rdflib-endpoint"])
    for kind in kinds:
        print(f"[{label}] starting {kind}", file=sys.stderr)
        with server(kind, store_dir, nt_file) as url:
            load(url, lookups[:20], 2, 1.0)  # warm-up
            for name, queries in (("lookup", lookups), ("aggregate", [AGGREGATE])):
                result = load(url, queries, args.concurrency, args.duration)
                print(f"[{label}] {kind} {name}: {result}", file=sys.stderr)
                rows.append((label, name, kind, result))
    return rows


def report(rows: list[tuple], args: argparse.Namespace) -> str:
    lines = [
        "# Endpoint benchmark", "",
        f"`python benchmarks/endpoint_benchmark.py --triples {args.triples} --duration {args.duration} "
        f"--concurrency {args.concurrency}` on 127.0.0.1 (2 shared vCPUs; the load generator runs on the same "
        "machine). Closed loop, JSON results; lookup = `SELECT ?p ?o { <iri> ?p ?o }` over 500 subjects, "
        "aggregate = COUNT/AVG grouped by indicator.", "",
        "| graph | query | server | req/s | p50 ms | p99 ms | ok | errors | vs oxigraph |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    base = {(g, q): r["qps"] for g, q, k, r in rows if k == "oxigraph"}
    for graph, query, kind, r in rows:
        ratio = r["qps"] / base[(graph, query)] if base.get((graph, query)) else float("nan")
        lines.append(f"| {graph} | {query} | {kind} | {r['qps']:.1f} | {r['p50']:.1f} | {r['p99']:.1f} | "
                     f"{r['n']} | {r['errors']} | {ratio:.0%} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per (server, query) cell")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--skip-rdflib", action="store_true")
    parser.add_argument("--write", type=Path, help="write the Markdown table here (e.g. docs/benchmarks.md)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="nq-bench-"))
    try:
        rows = []
        built = Settings.from_env().store_dir.resolve()  # the published build (var/current/store)
        if (built / "CURRENT").exists():
            nt = work / "built.nt"
            store = pyoxigraph.Store.read_only(str(built))
            triples = (pyoxigraph.Triple(q.subject, q.predicate, q.object) for q in store)
            pyoxigraph.serialize(triples, str(nt), pyoxigraph.RdfFormat.N_TRIPLES)
            del store
            rows += run_dataset("built", built, nt, args)
        nt = work / "generated.nt"
        generate(nt, args.triples)
        store_dir = work / "generated-store"
        store = pyoxigraph.Store(str(store_dir))
        store.bulk_load(path=str(nt), format=pyoxigraph.RdfFormat.N_TRIPLES)
        store.flush()
        del store
        rows += run_dataset(f"generated {args.triples // 1000}k", store_dir, nt, args)
        text = report(rows, args)
        print(text)
        if args.write:
            args.write.write_text(text, encoding="utf-8")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
