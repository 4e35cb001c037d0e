"""graph/progress is computed in a child process while the build bulk-loads (graph/build_stream.py).

An error there reaches the caller as itself; a child that dies (killed, out of memory) ends the
build with a clear StoreError instead of a wait for ever; either way the published build stays.
"""

from __future__ import annotations

import os
import shutil
import signal
from pathlib import Path

import pytest

from nghiquyet.graph import build_stream
from nghiquyet.graph.build import build_dataset
from nghiquyet.graph.errors import ConfigError, StoreError
from nghiquyet.graph.settings import Settings
from repo_paths import PROJECT_ROOT

ONE = "003_c1d9fe30bffdbb0f"  # a short document of corpus/


@pytest.fixture()
def published(tmp_path: Path) -> Settings:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for suffix in (".txt", ".yaml"):
        shutil.copy(PROJECT_ROOT / "corpus" / (ONE + suffix), corpus / (ONE + suffix))
    settings = Settings.from_env(data_dir=tmp_path / "data", corpus_dir=corpus)
    build_dataset(settings, jobs=1)
    (corpus / (ONE + ".txt")).write_text((corpus / (ONE + ".txt")).read_text(encoding="utf-8") + "\nThêm một dòng.\n",
                                         encoding="utf-8")  # a change: the next build assembles again
    return settings


def _version(settings: Settings) -> str:
    return (settings.data_dir / "current" / "VERSION").read_text(encoding="utf-8")


def _killed(*_: object) -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def _refused(*_: object) -> None:
    raise ConfigError("statistics folder unusable: a test's refusal")


def test_a_killed_progress_process_is_a_clear_error_and_the_build_stays(published: Settings, monkeypatch) -> None:
    before = _version(published)
    monkeypatch.setattr(build_stream, "progress_file", _killed)
    with pytest.raises(StoreError, match="graph/progress ended abruptly"):
        build_dataset(published, jobs=1)
    assert _version(published) == before


def test_an_error_computing_progress_reaches_the_caller_as_itself(published: Settings, monkeypatch) -> None:
    before = _version(published)
    monkeypatch.setattr(build_stream, "progress_file", _refused)
    with pytest.raises(ConfigError, match="a test's refusal"):
        build_dataset(published, jobs=1)
    assert _version(published) == before
