"""Soak on demand (issue 15): mixed load, 12 runaway queries, query-process kills and build swaps.

For ``--duration`` seconds (default 60) a real ``nghiquyet serve`` on 127.0.0.1 (default layout)
gets, each client from its own loopback address:

* lookups (one triple pattern) from 4 clients, without pause;
* a mix of heavy-but-cheap queries (aggregates) and resource pages from 2 clients;
* 12 runaway queries at once, from 12 clients, each sent again as soon as it is answered;
* now and then a greedy query (sorted cross join) that must hit the memory limit;
* ``kill -9`` of one query process every ``--kill-every`` seconds;
* builds published all along, alternating two corpora (the full one and one without its first
  document) and sometimes two builds at once, so that every answer can be told to come from
  the build that was current or not.

It reports, per class of request: answers, refusals (429/503 with Retry-After), errors, latency
percentiles; the longest runaway; the memory of the whole process tree (largest total and largest
query process) against the documented bound; and answers that came from a build that was not
current before or after the request. Exit status 1 when a done-when condition of issue 15 fails.

    python benchmarks/soak.py --duration 60 --json /tmp/soak.json
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
NQ = "https://w3id.org/nghiquyet/ontology#"
RUNAWAY = ("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g1 { ?a ?b ?c } GRAPH ?g2 { ?d ?e ?f } GRAPH ?g3 { ?g ?h ?i } "
           "GRAPH ?g4 { ?j ?k ?l } }")
GREEDY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1"
AGGREGATE = f"SELECT ?i (COUNT(?q) AS ?n) WHERE {{ ?q a <{NQ}Target> ; <{NQ}indicator> ?i }} GROUP BY ?i"
DOCUMENTS = f"SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE {{ ?d <{NQ}sourceFile> ?f }}"  # heavy: differs per corpus
SERVER_PROCESS_BUDGET = 256 << 20  # per server process (and the supervising one): docs/reliability.md
HAS_FIRST = 'ASK {{ ?d <' + NQ + 'sourceFile> "{file}" }}'  # a lookup: true only in the full corpus


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Recorder:
    """Thread-safe tallies: per class, outcome → count, and latencies."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.outcomes: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.samples: list[str] = []
        self.by_outcome: dict[str, float] = {}

    def add(self, kind: str, outcome: str, elapsed: float, detail: str = "") -> None:
        with self.lock:
            self.outcomes[kind][outcome] += 1
            self.latency[kind].append(elapsed)
            self.by_outcome[f"{kind} {outcome}"] = max(self.by_outcome.get(f"{kind} {outcome}", 0.0), elapsed)
            if outcome == "error" and len(self.samples) < 20:
                self.samples.append(f"{kind}: {detail[:200]}")


def request(port: int, path: str, params: dict[str, str] | None, client: str, accept: str,
            timeout: float = 60) -> tuple[int, str, dict[str, str], float]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout, source_address=(client, 0))
    started = time.monotonic()
    try:
        connection.request("GET", path + ("?" + urlencode(params) if params else ""), headers={"Accept": accept})
        response = connection.getresponse()
        body = response.read().decode("utf-8", "replace")
        return response.status, body, {k.lower(): v for k, v in response.getheaders()}, time.monotonic() - started
    finally:
        connection.close()


def classify(status: int, body: str, headers: dict[str, str]) -> str:
    if status in (200, 304):
        return "ok"
    if status in (429, 503) and headers.get("retry-after"):
        if "time limit" in body:
            return "timeout"
        if "too much memory" in body:
            return "memory"
        return "refused"
    return "error"


class Builds:
    """Publishes builds of two corpora in the background and says which corpus is current."""

    def __init__(self, data: Path, corpora: dict[str, Path]) -> None:
        self.data, self.corpora = data, corpora
        self.versions: dict[str, str] = {}  # version prefix (12 chars) → corpus name
        self.done = 0
        self.failed = 0

    def build(self, name: str) -> None:
        command = ["nice", "-n", "10", sys.executable, "-m", "nghiquyet.graph.cli", "--data-dir", str(self.data),
                   "build",
                   "--corpus", str(self.corpora[name]), "--quiet"]
        code = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
        if code == 0:
            self.done += 1
        else:
            self.failed += 1

    def learn(self, name: str) -> None:
        self.versions[os.readlink(self.data / "current").split("/")[-1][:12]] = name

    def current(self) -> str | None:
        try:
            return self.versions.get(os.readlink(self.data / "current").split("/")[-1][:12])
        except OSError:
            return None


def tree(pid: int) -> list[int]:
    """``pid`` and all its descendants (from /proc)."""
    children: dict[int, list[int]] = defaultdict(list)
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as handle:
                    fields = handle.read().rsplit(b")", 1)[1].split()
                children[int(fields[1])].append(int(entry))
            except (OSError, IndexError, ValueError):
                pass
    out, stack = [], [pid]
    while stack:
        current = stack.pop()
        out.append(current)
        stack.extend(children.get(current, []))
    return out


def cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            return handle.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", "rb") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def percentiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {}
    ordered = sorted(values)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
    return {"p50": pick(0.5), "p95": pick(0.95), "p99": pick(0.99), "max": ordered[-1],
            "mean": statistics.fmean(ordered)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--timeout", type=float, default=5.0, help="query time limit of the server (s)")
    parser.add_argument("--runaways", type=int, default=12)
    parser.add_argument("--kill-every", type=float, default=10.0)
    parser.add_argument("--threads", type=int, help="request threads per server process (default: the server's)")
    parser.add_argument("--query-memory-mb", type=int, help="memory limit of a query process (default: the server's)")
    parser.add_argument("--json", help="write the report here too")
    args = parser.parse_args()

    from nghiquyet.graph.settings import Settings
    from nghiquyet.server.admission import limits_of
    from nghiquyet.server.store import memory_limit

    work = Path(tempfile.mkdtemp(prefix="nghiquyet-soak-"))
    data = work / "data"
    full = ROOT / "corpus"
    first = sorted(full.glob("*.txt"))[0]
    smaller = work / "corpus-smaller"
    shutil.copytree(full, smaller, ignore=shutil.ignore_patterns(first.name, first.with_suffix(".yaml").name))
    builds = Builds(data, {"full": full, "smaller": smaller})
    print("soak: first builds …", file=sys.stderr)
    for name in ("smaller", "full"):
        builds.build(name)
        builds.learn(name)

    settings = Settings.from_env(data_dir=data, query_timeout=args.timeout, threads=args.threads,
                                 query_memory_mb=args.query_memory_mb)
    limit = memory_limit(settings)
    total, per_client, per_process = limits_of(settings)
    port = free_port()
    env = dict(os.environ, NGHIQUYET_QUERIES_DIR=str(ROOT / "queries"))
    server = subprocess.Popen([sys.executable, "-m", "nghiquyet.server.command", "--data-dir", str(data),
                               "--port", str(port), "--timeout", str(args.timeout),
                               "--threads", str(settings.threads), "--query-memory-mb", str(limit >> 20)],
                              cwd=work, env=env,
                              stdout=subprocess.DEVNULL, stderr=open(work / "server.log", "wb"))
    deadline = time.monotonic() + 60
    while True:
        try:
            if request(port, "/sparql", None, "127.0.0.1", "text/turtle", timeout=2)[0] == 200:
                break
        except OSError:
            pass
        if time.monotonic() > deadline or server.poll() is not None:
            print("soak: the server did not start; see", work / "server.log", file=sys.stderr)
            return 2
        time.sleep(0.2)
    time.sleep(2)  # query processes start in the background

    record = Recorder()
    stale = {"checked": 0, "stale": 0, "ambiguous": 0}
    stop = threading.Event()
    memory = {"total": 0, "query_process": 0, "server_processes": 0, "samples": 0}
    kills = [0]

    def lookups(client: str) -> None:
        subjects = [f"https://w3id.org/nghiquyet/id/province/{p}" for p in ("lai-chau", "lang-son", "dien-bien")]
        while not stop.is_set():
            if random.random() < 0.3:
                check_build(client, HAS_FIRST.format(file=first.name), "lookup")
                continue
            query = f"SELECT ?p ?o WHERE {{ <{random.choice(subjects)}> ?p ?o }}"
            status, body, headers, elapsed = request(port, "/sparql", {"query": query}, client,
                                                     "application/sparql-results+json")
            record.add("lookup", classify(status, body, headers), elapsed, f"{status} {body}")

    def check_build(client: str, query: str, kind: str) -> None:
        before = builds.current()
        accept = "application/sparql-results+json" if kind == "lookup" else "text/csv"
        status, body, headers, elapsed = request(port, "/sparql", {"query": query}, client, accept)
        after = builds.current()
        outcome = classify(status, body, headers)
        record.add(kind, outcome, elapsed, f"{status} {body}")
        if outcome != "ok":
            return
        if kind == "lookup":
            answer = "full" if '"boolean":true' in body.replace(" ", "") else "smaller"
        else:
            count = int(body.split()[1])
            answer = "full" if count == documents["full"] else "smaller" if count == documents["smaller"] else "?"
        with record.lock:
            stale["checked"] += 1
            if before != after:
                stale["ambiguous"] += 1
            elif answer != before:
                stale["stale"] += 1

    def mixed(client: str) -> None:
        pages = ["/", "/id/province/lai-chau", "/api", "/ontology"]
        while not stop.is_set():
            pick = random.random()
            if pick < 0.4:
                check_build(client, DOCUMENTS, "heavy")
            elif pick < 0.7:
                status, body, headers, elapsed = request(port, "/sparql", {"query": AGGREGATE}, client, "text/csv")
                record.add("heavy", classify(status, body, headers), elapsed, f"{status} {body}")
            else:
                status, body, headers, elapsed = request(port, random.choice(pages), None, client, "text/html")
                record.add("page", classify(status, body, headers), elapsed, f"{status} {body}")
            time.sleep(0.05)

    def runaway(client: str) -> None:
        while not stop.is_set():
            status, body, headers, elapsed = request(port, "/sparql", {"query": RUNAWAY}, client, "text/csv")
            outcome = classify(status, body, headers)
            record.add("runaway", outcome, elapsed, f"{status} {body}")
            if outcome == "refused":
                time.sleep(float(headers.get("retry-after", "1")) / 4)

    def greedy(client: str) -> None:
        while not stop.is_set():
            status, body, headers, elapsed = request(port, "/sparql", {"query": GREEDY}, client, "text/csv")
            outcome = classify(status, body, headers)
            record.add("greedy", outcome, elapsed, f"{status} {body}")
            stop.wait(0.25 if outcome == "refused" else 8)

    def killer() -> None:
        while not stop.wait(args.kill_every):
            workers = [p for p in tree(server.pid) if "nghiquyet.server.workers" in cmdline(p)]
            if workers:
                os.kill(random.choice(workers), signal.SIGKILL)
                kills[0] += 1

    def builder() -> None:
        names = ["smaller", "full"]
        n = 0
        while not stop.is_set():
            n += 1
            if n % 3 == 0:  # two builds at once: serialised by the build lock
                pair = [threading.Thread(target=builds.build, args=(name,)) for name in names]
                for thread in pair:
                    thread.start()
                for thread in pair:
                    thread.join()
            else:
                builds.build(names[n % 2])

    def sampler() -> None:
        while not stop.wait(0.5):
            pids = tree(server.pid)
            sizes = {p: rss(p) for p in pids}
            workers = [sizes[p] for p in pids if "nghiquyet.server.workers" in cmdline(p)]
            memory["total"] = max(memory["total"], sum(sizes.values()))
            memory["query_process"] = max([memory["query_process"], *workers])
            memory["server_processes"] = max(memory["server_processes"], sum(sizes.values()) - sum(workers))
            memory["samples"] += 1

    documents = {}
    for name in ("full", "smaller"):
        documents[name] = len(list(builds.corpora[name].glob("*.txt")))
    threads = [threading.Thread(target=lookups, args=(f"127.0.0.{2 + i}",)) for i in range(4)]
    threads += [threading.Thread(target=mixed, args=(f"127.0.0.{6 + i}",)) for i in range(2)]
    threads += [threading.Thread(target=runaway, args=(f"127.0.1.{1 + i}",)) for i in range(args.runaways)]
    threads += [threading.Thread(target=greedy, args=("127.0.2.1",)), threading.Thread(target=killer),
                threading.Thread(target=builder), threading.Thread(target=sampler)]
    started = time.monotonic()
    for thread in threads:
        thread.daemon = True
        thread.start()
    stop.wait(args.duration)
    stop.set()
    for thread in threads:
        thread.join(timeout=args.timeout + 120)
    elapsed = time.monotonic() - started
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()

    processes = max(1, settings.workers) * max(1, settings.query_workers)
    bound = processes * limit + (settings.workers + 1) * SERVER_PROCESS_BUDGET  # docs/reliability.md
    report = {
        "duration_s": round(elapsed, 1),
        "layout": {"server_processes": settings.workers, "threads": settings.threads,
                   "query_processes": processes, "timeout_s": args.timeout, "memory_limit_mib": limit >> 20,
                   "heavy_total": total, "heavy_per_client": per_client, "heavy_per_process": per_process},
        "requests": {kind: dict(outcomes) for kind, outcomes in record.outcomes.items()},
        "latency_s": {kind: {k: round(v, 4) for k, v in percentiles(values).items()}
                      for kind, values in record.latency.items()},
        "runaway_max_s": round(max(record.latency.get("runaway", [0.0])), 3),
        "longest_by_outcome_s": {k: round(v, 3) for k, v in sorted(record.by_outcome.items())},
        "memory_mib": {"largest_total": memory["total"] >> 20, "largest_query_process": memory["query_process"] >> 20,
                       "largest_server_processes": memory["server_processes"] >> 20,
                       "bound_total": bound >> 20, "samples": memory["samples"]},
        "builds": {"published": builds.done, "failed": builds.failed},
        "kills": kills[0],
        "build_check": stale,
        "error_samples": record.samples,
    }
    failed_lookups = record.outcomes["lookup"].get("error", 0) + record.outcomes["lookup"].get("refused", 0) \
        + record.outcomes["lookup"].get("timeout", 0)
    verdict = {
        "0 failed lookups": failed_lookups == 0,
        "every runaway ended within timeout + 1 s": report["runaway_max_s"] <= args.timeout + 1,
        "query processes within the memory limit": memory["query_process"] <= limit * 1.05,
        "total memory within the documented bound": memory["total"] <= bound,
        "0 answers from a non-current build": stale["stale"] == 0,
    }
    report["verdict"] = verdict
    text = json.dumps(report, indent=2)
    print(text)
    if args.json:
        Path(args.json).write_text(text + "\n", encoding="utf-8")
    shutil.rmtree(work, ignore_errors=True)
    return 0 if all(verdict.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
