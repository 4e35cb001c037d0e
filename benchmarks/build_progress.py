"""Time of the build's progress step (``graph/progress``, issue 16): clean, unchanged, one document edited.

    python benchmarks/build_progress.py --corpus /tmp/bs/corpus-1000 --work /tmp/progress-bench [--jobs 2]

Runs the streamed build's extraction (cached in ``<work>/data``) and shared graphs, then times the
call the build makes for ``graph/progress`` (``build_graphs.progress_file``) three times: with no
progress entries in the cache ("clean"), again with nothing changed ("unchanged"), and after one
figure of one document of the copy of the corpus it works on is changed ("one-document edit"; that
document is extracted again first, not timed). Prints one JSON line per step with the seconds and the SHA-256
of the N-Quads written, so two checkouts run one after the other compare time and bytes.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_scale import edit_one  # noqa: E402

from nghiquyet.graph import build_graphs, build_stream  # noqa: E402
from nghiquyet.graph.build_cache import BuildCache  # noqa: E402
from nghiquyet.graph.corpus import iter_corpus  # noqa: E402
from nghiquyet.graph.settings import Settings  # noqa: E402


def _quiet(_: str) -> None:
    pass


def step(settings: Settings, jobs: int, name: str) -> dict:
    """Extract (cached), shared graphs, then the timed progress call; its time and digest."""
    cache = BuildCache(settings.data_dir / "cache")
    summaries, merged = build_stream._extract(settings, iter_corpus(settings.corpus_dir), jobs, _quiet, cache)
    with tempfile.TemporaryDirectory(prefix="progress-bench-") as scratch:
        common = build_graphs.common_files(settings, merged, Path(scratch), cache)
        documents = {s["graph"]: cache.entry(s["key"]).nquads_path for s in summaries}
        started = time.perf_counter()
        derived = build_graphs.progress_file(settings, common, summaries, documents, Path(scratch))
        seconds = time.perf_counter() - started
        data = b"".join(path.read_bytes() for path in derived.values())
    return {"step": name, "documents": len(summaries), "seconds": round(seconds, 2),
            "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--work", type=Path, required=True, help="folder for the data (cache) and the corpus copy")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    data, corpus = args.work / "data", args.work / "corpus"  # a copy, edited in place as a user would
    shutil.rmtree(data / "cache" / "parts", ignore_errors=True)  # no cached progress: a clean step
    shutil.rmtree(corpus, ignore_errors=True)
    shutil.copytree(args.corpus, corpus)
    settings = Settings.from_env(corpus_dir=corpus, data_dir=data)
    for name in ("clean", "unchanged"):
        print(json.dumps(step(settings, args.jobs, name)), flush=True)
    changed = edit_one(corpus)
    print(json.dumps({**step(settings, args.jobs, "one-document edit"), "edited": changed.name}), flush=True)


if __name__ == "__main__":
    main()
