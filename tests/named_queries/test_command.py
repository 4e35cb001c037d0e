"""``nghiquyet query``: list, run against the on-disk store, csv/json/records/table output."""

from __future__ import annotations

import argparse
import csv
import io
import json
from pathlib import Path

import pyoxigraph
import pytest
from support import FIXTURE_TRIG

from nghiquyet.graph.errors import BadParameter, NotFound, StoreError
from nghiquyet.graph.named_queries import command
from nghiquyet.graph.settings import Settings


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    settings = Settings.from_env(data_dir=tmp_path_factory.mktemp("cli"))
    settings.store_dir.mkdir(parents=True)
    store = pyoxigraph.Store(str(settings.store_dir))
    store.load(path=str(FIXTURE_TRIG), format=pyoxigraph.RdfFormat.TRIG)
    store.flush()
    del store
    return settings


def run(settings: Settings, capsys, *argv: str) -> str:
    parser = argparse.ArgumentParser()
    command.add_arguments(parser)
    assert command.run(parser.parse_args(list(argv)), settings) == 0
    return capsys.readouterr().out


def test_list_shows_queries_and_parameters(settings, capsys) -> None:
    out = run(settings, capsys, "--list")
    assert "indicator-comparison:" in out and "--param indicator=<iri> (required)" in out
    assert "kind=<enum target|plan|actual>" in out


def test_csv_output_for_pandas(settings, capsys) -> None:
    out = run(settings, capsys, "indicator-comparison", "-p", "indicator=indicator/forest-cover",
              "-p", "kind=target", "--format", "csv")
    table = list(csv.DictReader(io.StringIO(out)))
    assert {(r["province_name"], float(r["value"]), r["year"]) for r in table} >= {("Lai Châu", 54.0, "2025"),
                                                                                  ("Lạng Sơn", 65.0, "2025")}


def test_json_records_and_table(settings, capsys) -> None:
    results = json.loads(run(settings, capsys, "documents", "--format", "json"))
    assert results["head"]["vars"][0] == "document" and results["results"]["bindings"]
    records = json.loads(run(settings, capsys, "documents", "-f", "records", "-p", "province=province/lang-son"))
    assert {r["kind"] for r in records} == {"CongressResolution", "ActionProgramme"}
    assert "(4 rows)" in run(settings, capsys, "documents")


def test_errors(settings, tmp_path: Path) -> None:
    parser = argparse.ArgumentParser()
    command.add_arguments(parser)
    with pytest.raises(NotFound):
        command.run(parser.parse_args(["nope"]), settings)
    with pytest.raises(BadParameter, match="'indicator'"):
        command.run(parser.parse_args(["indicator-comparison", "-p", "indicator=a b"]), settings)
    with pytest.raises(BadParameter, match="KEY=VALUE"):
        command.run(parser.parse_args(["documents", "-p", "province"]), settings)
    with pytest.raises(StoreError, match="nghiquyet build"):
        command.run(parser.parse_args(["documents"]), Settings.from_env(data_dir=tmp_path))
