"""The server loads neither rdflib nor networkx until a page needs them, and ``nghiquyet --help``
imports no command: what a server process costs at start is what serving SPARQL needs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from server_fixtures import EX, disk_store, example_quads

from repo_paths import PROJECT_ROOT

HEAVY = ("rdflib", "networkx", "pyshacl", "pandas", "pylode")

PROBE = r"""
import json, sys
from nghiquyet.graph.settings import Settings
from nghiquyet.server.app import create_app
from nghiquyet.server.store import OxigraphStore

settings = Settings.from_env(data_dir=sys.argv[2])
store = OxigraphStore.open(sys.argv[1], settings)
app = create_app(settings, store=store)
heavy = json.loads(sys.argv[3])
loaded = lambda: sorted(m for m in heavy if m in sys.modules)
steps = {"app": loaded()}
client = app.test_client()
for name, path, accept in json.loads(sys.argv[4]):
    response = client.get(path, headers={"Accept": accept})
    steps[name] = [response.status_code, loaded()]
store.close()
print(json.dumps(steps))
"""


def _steps(store_dir: Path, requests: list[tuple[str, str, str]]) -> dict[str, list]:
    done = subprocess.run([sys.executable, "-c", PROBE, str(store_dir), str(store_dir.parent), json.dumps(HEAVY),
                           json.dumps(requests)], capture_output=True, text=True, timeout=120, cwd=PROJECT_ROOT)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return disk_store(tmp_path_factory.mktemp("lean") / "store", example_quads())


def test_the_app_and_the_endpoint_load_no_rdflib_or_networkx(store_dir: Path) -> None:
    lookup = f"/sparql?query=SELECT%20%3Fp%20%3Fo%20%7B%20%3C{EX}item%2F1%3E%20%3Fp%20%3Fo%20%7D"
    count = "/sparql?query=SELECT%20(COUNT(*)%20AS%20%3Fn)%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D"
    steps = _steps(store_dir, [("lookup", lookup, "application/sparql-results+json"),
                               ("count", count, "text/csv"),
                               ("home", "/", "text/html")])
    assert steps["app"] == []
    for name in ("lookup", "count", "home"):
        status, loaded = steps[name]
        assert status == 200, name
        assert loaded == [], f"{name} loaded {loaded}"


def test_rdflib_and_networkx_come_with_the_pages_that_use_them(store_dir: Path) -> None:
    steps = _steps(store_dir, [("network", "/network/data.json", "application/json"),
                               ("jsonld", f"/id/item/1", "application/ld+json")])
    assert steps["app"] == []
    assert "networkx" in steps["network"][1] and steps["network"][0] == 200


def test_help_imports_no_command(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "nghiquyet.graph.cli", "--help"],
                          capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert done.returncode == 0 and "serve" in done.stdout
    imported = {line.split("|")[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}
    assert not imported & {"flask", "granian", "pyoxigraph", *HEAVY}, sorted(imported & {"flask", "granian", *HEAVY})
    assert not any(name.startswith("nghiquyet.server") for name in imported)


def test_serve_imports_only_its_own_command(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "nghiquyet.graph.cli", "serve", "--help"],
                          capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert done.returncode == 0 and "--query-workers" in done.stdout
    imported = {line.split("|")[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}
    assert not imported & {"flask", *HEAVY}
    assert not any(name.startswith(("nghiquyet.graph.build", "nghiquyet.graph.extract")) for name in imported)
