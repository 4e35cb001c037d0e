"""Exit codes of ``nghiquyet``, run as a user runs it (a subprocess): 0 success, 1 validation
failed, 2 anything else with one clear line on stderr (a traceback only with ``--debug``)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pyoxigraph
import pytest

from repo_paths import PROJECT_ROOT

CORPUS = PROJECT_ROOT / "corpus"
CONFERENCE = "003_c1d9fe30bffdbb0f"  # the shortest corpus text


def nghiquyet(*argv: str, env: dict[str, str] | None = None, cwd: Path | None = None,
              timeout: float = 300) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("NGHIQUYET_")}
    environment.update(env or {})
    return subprocess.run([sys.executable, "-m", "nghiquyet.graph.cli", *argv], capture_output=True, text=True,
                          env=environment, cwd=cwd, timeout=timeout)


def one_clear_line(done: subprocess.CompletedProcess[str], *needles: str) -> str:
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "Traceback" not in done.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


@pytest.fixture()
def one_document(tmp_path: Path) -> Path:
    """A corpus folder holding a copy of one corpus text and its metadata."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for suffix in (".txt", ".yaml"):
        shutil.copy(CORPUS / f"{CONFERENCE}{suffix}", folder / f"{CONFERENCE}{suffix}")
    return folder


def test_empty_corpus_is_an_error_for_validate(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    done = nghiquyet("--data-dir", str(tmp_path / "data"), "validate", "--corpus", str(tmp_path / "empty"))
    assert done.returncode == 2
    one_clear_line(done, "no documents", "empty")
    assert "conforms" not in done.stdout


def test_empty_corpus_is_an_error_for_build_and_the_published_build_stays(tmp_path: Path, built_settings) -> None:
    data = tmp_path / "data"
    shutil.copytree(built_settings.data_dir, data, symlinks=True)
    before = os.readlink(data / "current")
    quads = len(pyoxigraph.Store.read_only(str(data / "current" / "store")))
    (tmp_path / "empty").mkdir()
    done = nghiquyet("--data-dir", str(data), "build", "--corpus", str(tmp_path / "empty"))
    assert done.returncode == 2
    one_clear_line(done, "no documents")
    assert os.readlink(data / "current") == before
    assert len(pyoxigraph.Store.read_only(str(data / "current" / "store"))) == quads > 10_000


def test_empty_ontology_folder_is_exit_2_with_a_clear_line(tmp_path: Path, one_document: Path) -> None:
    (tmp_path / "ontology").mkdir()
    done = nghiquyet("--data-dir", str(tmp_path / "data"), "validate", "--corpus", str(one_document),
                     env={"NGHIQUYET_ONTOLOGY_DIR": str(tmp_path / "ontology")})
    assert done.returncode == 2
    one_clear_line(done, str(tmp_path / "ontology"), "not an ontology folder")


def test_validation_failed_is_exit_1(tmp_path: Path, one_document: Path) -> None:
    """A shape every document breaks: the graph does not conform, which is exit 1, not 2."""
    ontology = tmp_path / "ontology"
    shutil.copytree(PROJECT_ROOT / "ontology", ontology, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    (ontology / "shapes" / "zz-impossible.ttl").write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix nq: <https://w3id.org/nghiquyet/ontology#> .\n"
        "<urn:x:shape> a sh:NodeShape ; sh:targetClass nq:ConferenceReport ;\n"
        "  sh:property [ sh:path nq:neverThere ; sh:minCount 1 ] .\n", encoding="utf-8")
    done = nghiquyet("--data-dir", str(tmp_path / "data"), "validate", "--quiet", "--corpus", str(one_document),
                     env={"NGHIQUYET_ONTOLOGY_DIR": str(ontology)})
    assert done.returncode == 1, done.stderr
    assert "neverThere" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize(("argv", "env", "needles"), [
    (["serve", "--port", "99999"], {}, ["port", "99999", "65535"]),
    (["serve"], {"NGHIQUYET_PORT": "abc"}, ["NGHIQUYET_PORT", "'abc'"]),
    (["serve", "--timeout", "-3"], {}, ["query_timeout", "-3"]),
    (["query", "documents"], {"NGHIQUYET_MAX_ROWS": "lots"}, ["NGHIQUYET_MAX_ROWS", "'lots'"]),
    (["query", "documents"], {"NGHIQUYET_UNION_DEFAULT_GRAPH": "maybe"}, ["NGHIQUYET_UNION_DEFAULT_GRAPH", "'maybe'"]),
    (["--base-iri", "not an iri", "query", "documents"], {}, ["base_iri", "'not an iri'"]),
])
def test_bad_settings_are_exit_2_naming_the_setting(tmp_path: Path, argv: list[str], env: dict[str, str],
                                                    needles: list[str]) -> None:
    done = nghiquyet("--data-dir", str(tmp_path / "data"), *argv, env=env, timeout=60)
    assert done.returncode == 2
    one_clear_line(done, *needles)


def test_unexpected_error_is_exit_2_one_line_and_a_traceback_only_with_debug(tmp_path: Path, one_document: Path) -> None:
    mappings = tmp_path / "mappings"
    shutil.copytree(PROJECT_ROOT / "mappings", mappings, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    (mappings / "context.jsonld").write_text("{ not json", encoding="utf-8")
    env = {"NGHIQUYET_MAPPINGS_DIR": str(mappings)}
    argv = ["--data-dir", str(tmp_path / "data"), "validate", "--quiet", "--corpus", str(one_document)]
    done = nghiquyet(*argv, env=env)
    assert done.returncode == 2
    one_clear_line(done, "nghiquyet validate:")
    debug = nghiquyet("--debug", *argv, env=env)
    assert debug.returncode == 2 and "Traceback" in debug.stderr
    assert "--debug" in done.stderr and debug.stderr.strip().splitlines()[-1] in done.stderr


def test_a_reader_that_stops_early_is_not_an_error(tmp_path: Path) -> None:
    """``nghiquyet extract … | head``: no BrokenPipe traceback, exit 0."""
    command = [sys.executable, "-m", "nghiquyet.graph.cli", "extract", *map(str, sorted(CORPUS.glob("*.txt"))),
               "--format", "json"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path)
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.read(200)
    process.stdout.close()  # what `head` does once it has its lines
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=300) == 0, stderr
    assert "Traceback" not in stderr and "BrokenPipe" not in stderr and "Exception ignored" not in stderr


def test_serve_refuses_a_port_already_in_use(tmp_path: Path, built_settings) -> None:
    """Even one shared with SO_REUSEPORT, as granian listens: two servers must not split requests."""
    with socket.socket() as taken:
        taken.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = nghiquyet("serve", "--port", str(port), "--store", str(built_settings.store_dir), "--workers", "1",
                         cwd=tmp_path, timeout=60)
    assert done.returncode == 2
    one_clear_line(done, f"127.0.0.1:{port}", "--port")


@pytest.mark.parametrize(("field", "value", "shown"), [
    ("adopted", "2021-02-30", "'2021-02-30'"),
    ("published", "not-a-date", "'not-a-date'"),
    ("congress", "{ordinal: -4, term: [2020, 2025]}", "-4"),
    ("document_type", "Poem", "'Poem'"),
])
def test_bad_metadata_is_exit_2_naming_file_field_and_value(tmp_path: Path, one_document: Path, field: str,
                                                             value: str, shown: str) -> None:
    meta = one_document / f"{CONFERENCE}.yaml"
    lines = [line for line in meta.read_text(encoding="utf-8").splitlines()
             if not line.startswith(f"{field}:") and not (field == "congress" and line.startswith("  "))]
    meta.write_text("\n".join([*lines, f"{field}: {value}"]) + "\n", encoding="utf-8")
    for argv in (["extract", str(one_document / f"{CONFERENCE}.txt")], ["validate", "--corpus", str(one_document)]):
        done = nghiquyet("--data-dir", str(tmp_path / "data"), *argv)
        assert done.returncode == 2
        one_clear_line(done, f"{CONFERENCE}.yaml", field, shown)
