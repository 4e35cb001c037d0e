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


@pytest.mark.parametrize("replacement, error, message", [
    (_killed, StoreError, "graph/progress ended abruptly"),  # killed: a clear error, not a wait for ever
    (_refused, ConfigError, "a test's refusal"),  # an error there: raised here as itself
])
def test_a_failure_computing_progress_is_a_clear_error_and_the_build_stays(
        published: Settings, monkeypatch, replacement, error, message) -> None:
    before = _version(published)
    monkeypatch.setattr(build_stream, "progress_file", replacement)
    with pytest.raises(error, match=message):
        build_dataset(published, jobs=1)
    assert _version(published) == before
