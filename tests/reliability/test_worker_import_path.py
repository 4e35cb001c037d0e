"""Finding 10: query processes import only installed packages, never a stray module of the folder
where ``nghiquyet serve`` was started."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from server_fixtures import EX, LiveServer, _wait_until_up, disk_store, example_quads, free_port

STRAY = """\
import pathlib
pathlib.Path(__file__).with_name("{marker}").write_text("imported")
raise RuntimeError("a stray module of the working directory was imported")
"""


def _console_script() -> str:
    script = Path(sys.executable).with_name("nghiquyet")
    found = str(script) if script.exists() else shutil.which("nghiquyet")
    if not found:
        pytest.fail("the nghiquyet console script is not installed next to the Python running the tests")
    return found


def test_a_stray_module_in_the_serving_folder_is_never_imported(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    store = disk_store(tmp_path / "data" / "store", example_quads())
    folder = tmp_path / "where-serve-starts"
    folder.mkdir()
    for name in ("inspect", "socket", "pyoxigraph", "nghiquyet"):  # what a query process imports first
        (folder / f"{name}.py").write_text(STRAY.format(marker=f"{name}.imported"), encoding="utf-8")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env.update(NGHIQUYET_DATA_DIR=str(tmp_path / "data"), NGHIQUYET_QUERIES_DIR=str(tmp_path / "no-queries"))
    (tmp_path / "no-queries").mkdir()
    process = subprocess.Popen([_console_script(), "serve", "--store", str(store), "--host", "127.0.0.1",
                                "--port", str(port), "--workers", "1", "--query-workers", "1"],
                               cwd=folder, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    server = LiveServer(f"http://127.0.0.1:{port}", process)
    try:
        _wait_until_up(server)
        heavy = requests.get(server.sparql, params={"query": f"SELECT (COUNT(*) AS ?n) {{ ?s a <{EX}Item> }}"},
                             headers={"Accept": "text/csv"}, timeout=30)
        assert heavy.status_code == 200, heavy.text
        assert heavy.text.split() == ["n", "20"]
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        if process.stderr:
            process.stderr.close()
    assert not list(folder.glob("*.imported"))
