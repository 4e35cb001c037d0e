"""Build time and peak memory against corpus size, incremental rebuilds; results in docs/benchmarks.md.

    python benchmarks/build_scale.py --sizes 10 100 1000 --jobs 2 --write-docs

For each size: a corpus made by benchmarks/corpus_generator.py, a clean build (fresh data folder,
empty cache) by ``nghiquyet build --quiet`` in a child process, timed by the wall clock, with the
memory of the whole process tree (the build and its workers, summed; PSS and RSS) sampled every 100 ms.
At the largest size also: the same build again (nothing changed), and the build after one
document's text is edited (one figure changed). A straight line is fitted to time and peak memory
against the number of documents; 10,000 documents are extrapolated only when the fit is linear
(R² ≥ 0.99), and the table says it is an extrapolation.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus_generator import generate  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- build-benchmark:start -->", "<!-- build-benchmark:end -->"


def _pss(pid: int) -> int:
    """Proportional set size of ``pid`` in bytes (shared pages divided among their users)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
            for line in handle:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _tree_rss(root: int) -> tuple[int, int]:
    """(resident bytes, proportional set size) of ``root`` and all its descendants, summed (from
    /proc). Workers forked from the build share its pages: RSS counts them in every process, PSS
    divides them among the processes that share them."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(entry), int(fields[1])
        children.setdefault(ppid, []).append(pid)
        rss[pid] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total, pss, stack = 0, 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        pss += _pss(pid)
        stack += children.get(pid, [])
    return total, pss


def run_build(data: Path, corpus: Path, jobs: int) -> tuple[float, int, float, int]:
    """(seconds, peak RSS of the process tree, CPU seconds of the tree, peak PSS of the tree)."""
    command = [sys.executable, "-m", "nghiquyet.graph.cli", "--data-dir", str(data), "build", "--quiet",
               "--corpus", str(corpus), "--jobs", str(jobs)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = [0, 0]

    def sample() -> None:
        while process.poll() is None:
            rss, pss = _tree_rss(process.pid)
            peak[0], peak[1] = max(peak[0], rss), max(peak[1], pss)
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = process.communicate()
    elapsed = time.perf_counter() - started
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if process.returncode != 0:
        raise SystemExit(f"build of {corpus} failed ({process.returncode}):\n{err[-3000:]}")
    print(out.strip(), file=sys.stderr)
    return elapsed, peak[0], cpu, peak[1]


def fit(xs: list[float], ys: list[float]) -> tuple[float, float, float]:
    """Least-squares line through (xs, ys): (slope, intercept, R²)."""
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx
    intercept = my - slope * mx
    total = sum((y - my) ** 2 for y in ys)
    residual = sum((y - (slope * x + intercept)) ** 2 for x, y in zip(xs, ys))
    return slope, intercept, (1 - residual / total) if total else 1.0


def edit_one(corpus: Path) -> Path:
    """Change one figure in the first generated text that has a percentage."""
    for path in sorted(corpus.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        at = text.find("%")
        if at > 0 and text[at - 1].isdigit():
            digit = text[at - 1]
            path.write_text(text[:at - 1] + ("1" if digit != "1" else "2") + text[at:], encoding="utf-8")
            return path
    raise SystemExit(f"{corpus}: no text with a percentage to edit")


def measure(sizes: list[int], jobs: int, work: Path) -> dict:
    rows, extra = [], {}
    for size in sizes:
        corpus = work / f"corpus-{size}"
        generate(corpus, size)
        data = work / f"data-{size}"
        shutil.rmtree(data, ignore_errors=True)  # a clean build: no cache, no previous build
        seconds, peak, cpu, pss = run_build(data, corpus, jobs)
        rows.append((size, seconds, peak, cpu, pss))
        print(f"{size} documents: {seconds:.1f} s, CPU {cpu:.1f} s, peak RSS {peak / 2**20:.0f} MiB, "
              f"PSS {pss / 2**20:.0f} MiB", file=sys.stderr)
        if size == max(sizes):
            extra["unchanged"] = run_build(data, corpus, jobs)
            edited = edit_one(corpus)
            extra["one change"] = run_build(data, corpus, jobs)
            extra["edited"] = edited.name
    return {"rows": rows, **extra}


def _commit() -> str:
    """The checkout's commit (``+`` when the tree has changes), or ``an unknown commit``."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                              check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "an unknown commit"
    return head + ("+" if dirty else "")


def table(result: dict, jobs: int) -> str:
    rows = result["rows"]
    lines = [f"`python benchmarks/build_scale.py --sizes {' '.join(str(r[0]) for r in rows)} --jobs {jobs}`, "
             f"{time.strftime('%Y-%m-%d')}, at {_commit()}, this 2-core machine (one run; other load on the machine "
             "is not controlled: compare only runs made side by side). Wall clock, and the CPU time of the build and its workers (on a busy machine the wall clock "
             "grows, the CPU time much less). Peak memory: of the build and its workers, summed, as PSS (shared pages divided among the processes) and as RSS (counted in each).", "",
             "| documents | build (wall) | CPU (all processes) | peak PSS | peak RSS (sum) | wall per document |",
             "|---|---|---|---|---|---|"]
    for size, seconds, peak, cpu, pss in rows:
        lines.append(f"| {size:,} | {seconds:.1f} s | {cpu:.1f} s | {pss / 2**20:.0f} MiB | {peak / 2**20:.0f} MiB "
                     f"| {seconds / size:.2f} s |")
    if len(rows) >= 3:
        xs = [float(r[0]) for r in rows]
        t_slope, t_icpt, t_r2 = fit(xs, [r[1] for r in rows])
        m_slope, m_icpt, m_r2 = fit(xs, [r[4] / 2**20 for r in rows])
        lines += ["", f"Fit, time = {t_slope:.3f} s × documents + {t_icpt:.1f} s (R² {t_r2:.4f}); "
                  f"peak PSS = {m_slope:.3f} MiB × documents + {m_icpt:.0f} MiB (R² {m_r2:.4f})."]
        if t_r2 >= 0.99:
            lines.append(f"10,000 documents, extrapolated from the fit (not measured): "
                         f"{(t_slope * 10000 + t_icpt) / 60:.1f} min.")
        else:
            lines.append("The time curve is not linear (R² < 0.99): 10,000 documents are not extrapolated.")
    size = rows[-1][0]
    for label in ("unchanged", "one change"):
        if label in result:
            seconds, peak, cpu, pss = result[label]
            what = ("rebuild, nothing changed" if label == "unchanged"
                    else f"rebuild after editing one figure of {result['edited']}")
            lines.append(f"\n{size:,} documents, {what}: {seconds:.1f} s (CPU {cpu:.1f} s), "
                         f"peak PSS {pss / 2**20:.0f} MiB (RSS {peak / 2**20:.0f} MiB).")
    return "\n".join(lines)


def write_docs(text: str) -> None:
    """Put ``text`` between the build markers of docs/benchmarks.md (a "Build" section)."""
    doc = DOCS.read_text(encoding="utf-8") if DOCS.exists() else ""
    block = f"{START}\n{text}\n{END}"
    if START in doc and END in doc:
        doc = doc[:doc.index(START)] + block + doc[doc.index(END) + len(END):]
    else:
        doc = doc.rstrip("\n") + f"\n\n# Build\n\n{block}\n"
    DOCS.write_text(doc, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--work", type=Path, help="folder for corpora and builds (default: a temporary one)")
    parser.add_argument("--write-docs", action="store_true", help="write the table into docs/benchmarks.md")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="nghiquyet-build-scale-"))
    result = measure(sorted(args.sizes), args.jobs, work)
    text = table(result, args.jobs)
    print(text)
    if args.write_docs:
        write_docs(text)


if __name__ == "__main__":
    main()
