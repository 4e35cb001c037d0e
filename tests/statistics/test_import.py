"""Importers: CSV, PC-Axis and SDMX-CSV give the same cube; bad input names file, row and field."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from rdflib.compare import isomorphic

from nghiquyet.graph.errors import InputError
from nghiquyet.graph.statistics.importer import import_files
from nghiquyet.graph.statistics.records import StatisticsInputError
from tests.statistics.conftest import FIGURES

TIDY = ("province", "gso_code", "indicator", "period", "value", "unit", "status", "note", "source_url", "source_quote")


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=TIDY, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows({k: row.get(k, "") for k in TIDY} for row in rows)
    return path


def write_px(path: Path, rows: list[dict[str, str]]) -> Path:
    """A PC-Axis table (UTF-8) as PX-Web exports them, following graph/statistics/px.py."""
    keys = sorted({r["indicator"] for r in rows})
    labels = {"grdp_per_capita": "GRDP bình quân đầu người", "grdp_per_capita_usd": "GRDP bình quân đầu người (USD)",
              "grdp_growth_avg": "Tốc độ tăng trưởng GRDP bình quân"}
    periods = sorted({r["period"] for r in rows})
    cells = {(r["indicator"], r["period"]): r for r in rows}
    q = lambda items: ",".join(f'"{item}"' for item in items)  # noqa: E731
    lines = ['CHARSET="ANSI";', 'CODEPAGE="utf-8";', 'LANGUAGE="vi";', 'MATRIX="LS01";',
             'SUBJECT-AREA="Tài khoản quốc gia";', 'SUBJECT-CODE="V03";', 'TITLE="Chỉ tiêu kinh tế tỉnh Lạng Sơn";',
             'CONTENTS="Chỉ tiêu kinh tế";', 'UNITS="vnd_million";', 'STUB="Tỉnh","Chỉ tiêu";', 'HEADING="Năm";',
             'CONTVARIABLE="Chỉ tiêu";', 'VALUES("Tỉnh")="Lạng Sơn";', 'CODES("Tỉnh")="20";',
             f'VALUES("Chỉ tiêu")={q(labels[k] for k in keys)};', f'CODES("Chỉ tiêu")={q(keys)};',
             f'VALUES("Năm")={q(periods)};']
    for key in keys:
        unit = next(r["unit"] for r in rows if r["indicator"] == key)
        source = next(r["source_url"] for r in rows if r["indicator"] == key)
        lines += [f'UNITS("{labels[key]}")="{unit}";', f'SOURCE("{labels[key]}")="{source}";']
    data = []
    for key in keys:
        for period in periods:
            row = cells.get((key, period))
            if row is None:
                data.append('".."')
                continue
            data.append(row["value"])
            lines.append(f'CELLNOTE("Lạng Sơn","{labels[key]}","{period}")="{row["source_quote"]}";')
            if row["status"] != "A":
                lines.append(f'DATANOTECELL("Lạng Sơn","{labels[key]}","{period}")="{row["status"]}";')
    lines += ["DATA=", " ".join(data) + ";"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_sdmx(path: Path, rows: list[dict[str, str]]) -> Path:
    """SDMX-CSV 1.0 (DATAFLOW first; ``code: label`` values; time ranges for spans)."""
    columns = ["DATAFLOW", "REF_AREA", "INDICATOR", "TIME_PERIOD", "OBS_VALUE", "UNIT_MEASURE", "OBS_STATUS",
               "OBS_COMMENT", "SOURCE_URL", "SOURCE_QUOTE"]
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(columns)
        for r in rows:
            start, _, end = r["period"].partition("-")
            period = f"{start}-01-01/P{int(end) - int(start) + 1}Y" if end else f"{start}-A1"
            writer.writerow(["NQ:PROVINCIAL_FIGURES(1.0)", f"{r['gso_code']}: {r['province']}", r["indicator"], period,
                             r["value"], r["unit"], r["status"], "", r["source_url"], r["source_quote"]])
    return path


def test_corpus_figures_import_and_conform(stats_settings):
    result = import_files([FIGURES], stats_settings)
    assert len(result.observations) == 27
    assert {o.gso_code for o in result.observations} == {"12", "20"}
    assert "27 observations" in result.summary()


@pytest.mark.parametrize("writer,name", [(write_px, "figures.px"), (write_sdmx, "figures.sdmx.csv")])
def test_px_and_sdmx_give_the_same_cube_as_csv(tmp_path, stats_settings, nhandan_rows, writer, name):
    (tmp_path / "csv").mkdir()
    (tmp_path / "other").mkdir()
    expected = import_files([write_csv(tmp_path / "csv" / "figures.csv", nhandan_rows)], stats_settings)
    got = import_files([writer(tmp_path / "other" / name, nhandan_rows)], stats_settings)
    assert sorted(got.observations) == sorted(expected.observations)
    for key, graph in expected.graphs.items():
        assert isomorphic(graph, got.graphs[key]), key


def _bad(rows, **change):
    bad = [dict(row) for row in rows]
    bad[2].update(change)
    return bad


@pytest.mark.parametrize("change,field,words", [
    ({"value": "7,22"}, "value", "decimal"),
    ({"indicator": "income_per_capita"}, "indicator", "unknown indicator"),
    ({"gso_code": "99"}, "area", "unknown province"),
    ({"province": "Lai Châu"}, "province", "does not name"),
    ({"period": "2024-2020"}, "period", "must end after"),
    ({"status": "X"}, "status", "SDMX"),
    ({"source_quote": " "}, "source_quote", "quote"),
    ({"source_url": "nhandan.vn"}, "source_url", "URL"),
])
def test_bad_csv_names_file_row_and_field(tmp_path, stats_settings, nhandan_rows, change, field, words):
    path = write_csv(tmp_path / "bad.csv", _bad(nhandan_rows, **change))
    with pytest.raises(StatisticsInputError) as caught:
        import_files([path], stats_settings)
    error = caught.value
    assert isinstance(error, InputError)
    assert (error.file, error.row, error.field) == (str(path), 3, field)
    assert str(path) in str(error) and "row 3" in str(error) and words in str(error)


def test_duplicate_cell_is_refused(tmp_path, stats_settings, nhandan_rows):
    path = write_csv(tmp_path / "dup.csv", [*nhandan_rows, nhandan_rows[0]])
    with pytest.raises(StatisticsInputError, match=r"row 6, field 'period': duplicate of row 1"):
        import_files([path], stats_settings)


def test_bad_sdmx_names_the_sdmx_column(tmp_path, stats_settings, nhandan_rows):
    path = write_sdmx(tmp_path / "bad.sdmx.csv", _bad(nhandan_rows, value="about 2900"))
    with pytest.raises(StatisticsInputError, match=r"bad\.sdmx\.csv, row 3, field 'OBS_VALUE'"):
        import_files([path], stats_settings)


def test_bad_px_cell_is_named(tmp_path, stats_settings, nhandan_rows):
    path = write_px(tmp_path / "bad.px", nhandan_rows)
    path.write_text(path.read_text(encoding="utf-8").replace("71.1", "7l.1"), encoding="utf-8")
    with pytest.raises(StatisticsInputError) as caught:
        import_files([path], stats_settings)
    assert caught.value.field == "value" and "GRDP bình quân đầu người" in str(caught.value.row)


def test_nothing_is_returned_when_one_file_is_bad(tmp_path, stats_settings, nhandan_rows):
    good = write_csv(tmp_path / "good.csv", nhandan_rows)
    bad = write_csv(tmp_path / "bad.csv", _bad(nhandan_rows, unit="Percent!"))
    with pytest.raises(StatisticsInputError, match="field 'unit'"):
        import_files([good, bad], stats_settings)
