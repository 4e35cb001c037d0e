"""The national reference figures (``corpus/national/observations.csv``) → the statistics cube.

Each row is one observation of dataset ``statistics/dataset/national-observations``: the former
province it was published for (the unit valid in that year, :mod:`graph.places`), a statistical
series ``statistics/indicator/national/<id>`` that is ``skos:exactMatch`` the core indicator
``indicator/<id>`` (the file's ``indicator_id`` is a core id, so the figures are comparable with
the resolutions' quantities on that concept), the year, value, unit, SDMX ``obsStatus``, the source
page and an annotation quoting it. Rows of one province, indicator and year from different sources
stay separate observations (the source page is a dimension, and one page may quote two figures); ``nq:preferred`` marks the one chosen
by the rule in the sidecar (status, then a government source, then the URL), never an average.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, PROV, QB, RDF, RDFS, SKOS, XSD

from nghiquyet.graph.errors import DocumentError
from nghiquyet.graph.places import Places
from nghiquyet.graph.statistics.cube import NQ, OA, SDMX_ATTR, SDMX_CODE, SDMX_DIM, SDMX_MEASURE, decimal_lexical

__all__ = ["NationalObservation", "read_national", "national_graph", "national_contribution", "NATIONAL_FILE", "DATASET",
           "STATUS_RANK"]

NATIONAL_FILE = Path("national") / "observations.csv"
DATASET = "national-observations"
COLUMNS = ("province", "indicator_id", "year", "value", "unit", "status", "source_url", "source_quote")
STATUS_RANK = {"A": 0, "P": 1, "E": 2}  # final, preliminary, estimate
_URL = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")


@dataclass(frozen=True)
class NationalObservation:
    """One checked row."""

    row: int
    area: str  # place slug
    indicator: str  # core indicator id
    year: int
    value: Decimal
    unit: str
    status: str
    source_url: str
    source_quote: str
    preferred: bool = True

    @property
    def cell(self) -> tuple[str, str, int]:
        return (self.area, self.indicator, self.year)


def _fail(path: Path, row: int, column: str, message: str) -> DocumentError:
    return DocumentError(f"{path}, row {row}, column {column!r}: {message}")


def _preference(observation: NationalObservation) -> tuple:
    host = urlsplit(observation.source_url).hostname or ""
    return (STATUS_RANK[observation.status], 0 if host.endswith(".gov.vn") else 1, observation.source_url,
            observation.source_quote)


def read_national(path: Path, meta: dict[str, Any], places: Places) -> list[NationalObservation]:
    """Every row of ``path`` checked against the sidecar ``meta`` and the places; all or nothing."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                raise DocumentError(f"{path}: missing column(s) {', '.join(missing)}")
            rows = list(reader)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise DocumentError(f"{path}: cannot read ({exc})") from exc
    units, statuses, indicators = meta.get("units") or {}, meta.get("statuses") or {}, meta.get("indicators") or {}
    out: list[NationalObservation] = []
    for number, raw in enumerate(rows, start=1):
        text = {k: " ".join((raw.get(k) or "").split()) for k in COLUMNS}
        if not re.fullmatch(r"(19|20)\d\d", text["year"]):
            raise _fail(path, number, "year", f"{text['year']!r} is not a year")
        year = int(text["year"])
        unit = places.resolve(text["province"], dt.date(year, 6, 30))
        if unit is None:
            raise _fail(path, number, "province", f"{text['province']!r} is not a province of provinces.yaml")
        if text["indicator_id"] not in indicators:
            raise _fail(path, number, "indicator_id", f"{text['indicator_id']!r} is not an indicator of the sidecar "
                        f"(known: {', '.join(sorted(indicators))})")
        try:
            value = Decimal(text["value"])
        except InvalidOperation:
            raise _fail(path, number, "value", f"{text['value']!r} is not a plain decimal number") from None
        if text["unit"] not in units:
            raise _fail(path, number, "unit", f"{text['unit']!r} is not one of {', '.join(map(repr, units))}")
        if text["status"] not in statuses:
            raise _fail(path, number, "status", f"{text['status']!r} is not one of {', '.join(statuses)}")
        if not _URL.match(text["source_url"]):
            raise _fail(path, number, "source_url", f"{text['source_url']!r} is not an http(s) URL")
        if not text["source_quote"]:
            raise _fail(path, number, "source_quote", "empty; every figure needs the quote that holds it")
        out.append(NationalObservation(number, unit.slug, text["indicator_id"], year, value, str(units[text["unit"]]),
                                       str(statuses[text["status"]]), text["source_url"], text["source_quote"]))
    return _mark_preferred(out, path)


def _mark_preferred(observations: list[NationalObservation], path: Path) -> list[NationalObservation]:
    cells: dict[tuple, list[NationalObservation]] = {}
    for observation in observations:
        cells.setdefault(observation.cell, []).append(observation)
    out = []
    for group in cells.values():
        sources = [(o.source_url, o.source_quote) for o in group]
        if len(set(sources)) != len(sources):
            raise _fail(path, group[-1].row, "source_quote", f"the same source and quote twice for {group[0].cell}")
        best = min(group, key=_preference)
        out.extend(o if o is best else NationalObservation(**{**o.__dict__, "preferred": False}) for o in group)
    return sorted(out, key=lambda o: o.row)


def _iri(base: str, observation: NationalObservation, shared_cell: bool) -> URIRef:
    local = f"{observation.area}/{observation.indicator}/{observation.year}"
    if shared_cell:
        source = f"{observation.source_url} {observation.source_quote}"
        local += "/" + hashlib.sha1(source.encode("utf-8")).hexdigest()[:8]
    return URIRef(f"{base}statistics/{DATASET}/observation/{local}")


def national_graph(observations: list[NationalObservation], meta: dict[str, Any], base: str) -> Graph:
    """The dataset, its series (exact matches of the core indicators) and the observations."""
    graph = Graph()
    ds = URIRef(f"{base}statistics/dataset/{DATASET}")
    graph.add((ds, RDF.type, QB.DataSet))
    graph.add((ds, RDF.type, DCAT.Dataset))
    graph.add((ds, QB.structure, NQ.NationalIndicatorsStructure))
    for key, predicate in (("title", DCTERMS.title), ("description", DCTERMS.description), ("licence", DCTERMS.rights)):
        if meta.get(key):
            graph.add((ds, predicate, Literal(" ".join(str(meta[key]).split()), lang="en")))
    if meta.get("preference_rule"):
        graph.add((ds, RDFS.comment, Literal(" ".join(str(meta["preference_rule"]).split()), lang="en")))
    scheme = URIRef(f"{base}statistics/indicator/scheme")
    for key, entry in sorted((meta.get("indicators") or {}).items()):
        series = URIRef(f"{base}statistics/indicator/national/{key}")
        graph.add((series, RDF.type, NQ.StatisticalIndicator))
        graph.add((series, RDF.type, SKOS.Concept))
        graph.add((series, SKOS.inScheme, scheme))
        graph.add((series, SKOS.notation, Literal(f"national/{key}")))
        graph.add((series, SKOS.prefLabel, Literal(entry["label_vi"], lang="vi")))
        graph.add((series, SKOS.prefLabel, Literal(entry["label_en"], lang="en")))
        concept = URIRef(f"{base}indicator/{key}")
        graph.add((series, SKOS.exactMatch, concept))
        # the core concept itself, as the core vocabulary names it, so that no match points at nothing
        graph.add((concept, RDF.type, NQ.Indicator))
        graph.add((concept, RDF.type, SKOS.Concept))
        graph.add((concept, SKOS.inScheme, URIRef(f"{base}indicator/scheme")))
        graph.add((concept, SKOS.prefLabel, Literal(entry["label_vi"], lang="vi")))
        graph.add((series, NQ.additive, Literal(bool(entry.get("additive")))))
    counts: dict[tuple, int] = {}
    for observation in observations:
        counts[observation.cell] = counts.get(observation.cell, 0) + 1
    for observation in observations:
        obs = _iri(base, observation, counts[observation.cell] > 1)
        period = URIRef(f"{base}period/{observation.year}")
        graph.add((period, RDF.type, NQ.ReferencePeriod))
        graph.add((period, RDFS.label, Literal(str(observation.year))))
        graph.add((period, NQ.periodStart, Literal(str(observation.year), datatype=XSD.gYear)))
        graph.add((period, NQ.periodEnd, Literal(str(observation.year), datatype=XSD.gYear)))
        graph.add((obs, RDF.type, QB.Observation))
        graph.add((obs, QB.dataSet, ds))
        graph.add((obs, SDMX_DIM.refArea, URIRef(f"{base}province/{observation.area}")))
        graph.add((obs, NQ.statisticalIndicator, URIRef(f"{base}statistics/indicator/national/{observation.indicator}")))
        graph.add((obs, SDMX_DIM.refPeriod, period))
        graph.add((obs, SDMX_MEASURE.obsValue, Literal(decimal_lexical(observation.value), datatype=XSD.decimal)))
        graph.add((obs, SDMX_ATTR.unitMeasure, URIRef(f"{base}unit/{observation.unit}")))
        graph.add((obs, SDMX_ATTR.obsStatus, SDMX_CODE[f"obsStatus-{observation.status}"]))
        page = URIRef(observation.source_url)
        graph.add((obs, DCTERMS.source, page))
        graph.add((obs, NQ.sourcePage, page))
        graph.add((obs, NQ.preferred, Literal(observation.preferred)))
        source, target, quote = (URIRef(f"{obs}/source{suffix}") for suffix in ("", "/target", "/quote"))
        graph.add((obs, PROV.wasDerivedFrom, source))
        graph.add((source, RDF.type, OA.Annotation))
        graph.add((source, RDF.type, PROV.Entity))
        graph.add((source, OA.motivatedBy, OA.identifying))
        graph.add((source, OA.hasTarget, target))
        graph.add((target, RDF.type, OA.SpecificResource))
        graph.add((target, OA.hasSource, page))
        graph.add((target, OA.hasSelector, quote))
        graph.add((quote, RDF.type, OA.TextQuoteSelector))
        graph.add((quote, OA.exact, Literal(observation.source_quote)))
    return graph


def national_contribution(corpus_dir: Path, places: Places, base: str) -> Graph:
    """The graph of ``corpus_dir/national/observations.csv`` (empty when the file is absent)."""
    path = Path(corpus_dir) / NATIONAL_FILE
    if not path.is_file():
        return Graph()
    sidecar = path.with_suffix(".yaml")
    try:
        meta = yaml.safe_load(sidecar.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise DocumentError(f"{sidecar}: cannot read the metadata of {path.name} ({exc})") from exc
    return national_graph(read_national(path, meta, places), meta, base)
