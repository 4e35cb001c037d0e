"""``graph/progress`` as N-Triples rows, without building an rdflib graph: the one writer of its triples.

The streamed build joins these rows by province (:mod:`.progress_parts`); the build of an
assembled dataset reads them into a graph (:func:`~nghiquyet.graph.statistics.assessment.progress_graph`).
The terms are written as rdflib's N-Triples serializer writes them (typed literals normalised by
rdflib, the same escapes), so that both builds publish the same lines. A build of 1,000 documents
makes ~290k of them; adding them to a graph and serializing it took most of the progress step
(tests/statistics/test_progress_parts.py checks the parts against the whole build in one store).
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from typing import Iterable, Iterator, Mapping

from rdflib import Literal
from rdflib.namespace import PROV, RDF, RDFS, XSD

from nghiquyet.graph.statistics.cube import NQ, SDMX_ATTR, SDMX_DIM, SDMX_MEASURE, decimal_lexical
from nghiquyet.graph.statistics.former import STRINGS as FORMER_STRINGS
from nghiquyet.graph.statistics.former import CombinedFigure
from nghiquyet.graph.statistics.links import Link
from nghiquyet.graph.statistics.progress import Progress

__all__ = ["progress_rows", "assessment_rows", "combined_rows", "link_rows"]

_STATUS = {"achieved": "Achieved", "on track": "OnTrack", "at risk": "AtRisk", "off track": "OffTrack",
           "not achieved": "NotAchieved", "no data": "NoData"}
_RULE = {"no-data": "RuleNoData", "reached": "RuleReached", "deadline": "RuleDeadline",
         "trajectory": "RuleTrajectory", "per-year-rate": "RulePerYearRate", "gap": "RuleGap",
         "at-most-zero": "RuleAtMostZero"}
_OBS_STATUS = "http://purl.org/linked-data/sdmx/2009/code#obsStatus-"
#: The label of an assessment, per language.
STRINGS = {"label": ("Đánh giá tiến độ: {label} ({period})", "Progress: {label} ({period})")}


def _iri(value: str) -> str:
    return f"<{value}>"


_TYPE, _LABEL, _COMMENT = _iri(RDF.type), _iri(RDFS.label), _iri(RDFS.comment)
_P = {name: _iri(NQ[name]) for name in (
    "assesses", "progressStatus", "progressRule", "betterDirection", "bound", "evidence", "latestActual",
    "latestValue", "baseline", "baselineValue", "expectedValue", "expectedYear", "restates", "reportsOn",
    "statisticalIndicator", "ProgressAssessment", "CombinedFigure")}
_STATUS_IRI = {status: _iri(NQ[name]) for status, name in _STATUS.items()}
_RULE_IRI = {rule: _iri(NQ[name]) for rule, name in _RULE.items()}


def _quoted(text: str) -> str:
    """A literal's lexical form quoted as rdflib's N-Triples serializer quotes it."""
    return '"%s"' % text.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"').replace("\r", "\\r")


def _text(text: str, lang: str) -> str:
    return f"{_quoted(text)}@{lang}"


@lru_cache(maxsize=65536)
def _typed(lexical: str, datatype: str) -> str:
    """A typed literal in rdflib's form: its lexical form normalised as ``Literal`` does."""
    return f"{_quoted(str(Literal(lexical, datatype=datatype)))}^^<{datatype}>"


def _decimal(value: Decimal) -> str:
    return _typed(decimal_lexical(value), str(XSD.decimal))


def _row(subject: str, predicate: str, obj: str) -> str:
    return f"{subject} {predicate} {obj} ."


def assessment_rows(progress: Progress) -> Iterator[str]:
    """The rows of one target's ``nq:ProgressAssessment``."""
    target = progress.target
    node = _iri(target.iri + "/progress")
    label = target.indicator_label or target.indicator.rsplit("/", 1)[-1]
    yield _row(node, _TYPE, _P["ProgressAssessment"])
    for lang, text in zip(("vi", "en"), STRINGS["label"]):
        yield _row(node, _LABEL, _text(text.format(label=label, period=target.period), lang))
    yield _row(node, _P["assesses"], _iri(target.iri))
    yield _row(node, _P["progressStatus"], _STATUS_IRI[progress.status])
    yield _row(node, _P["progressRule"], _RULE_IRI[progress.rule])
    yield _row(node, _P["betterDirection"], _quoted(progress.direction))
    for lang, reason in (progress.reasons or {"en": progress.reason}).items():
        yield _row(node, _COMMENT, _text(reason, lang))
    if progress.bound is not None:
        yield _row(node, _P["bound"], _decimal(progress.bound))
    for evidence in progress.evidence:
        yield _row(node, _P["evidence"], _iri(evidence.iri))
    if progress.latest is not None:
        yield _row(node, _P["latestActual"], _iri(progress.latest.iri))
        yield _row(node, _P["latestValue"], _decimal(progress.latest.value))
    if progress.baseline is not None:
        yield _row(node, _P["baseline"], _iri(progress.baseline.iri))
        yield _row(node, _P["baselineValue"], _decimal(progress.baseline.value))
    if progress.expected is not None:
        yield _row(node, _P["expectedValue"], _decimal(progress.expected.quantize(Decimal("0.01"))))
        yield _row(node, _P["expectedYear"], _typed(str(progress.expected_year), str(XSD.gYear)))


def combined_rows(figures: Iterable[CombinedFigure], names: Mapping[tuple[str, str], str]) -> Iterator[str]:
    """The rows of the combined figures (``nq:CombinedFigure``, derived from each former figure)."""
    for figure in figures:
        node = _iri(figure.iri)
        yield _row(node, _TYPE, _P["CombinedFigure"])
        for lang, text in zip(("vi", "en"), FORMER_STRINGS["label"]):
            formers = ", ".join(names.get((f, lang), f.rsplit("/", 1)[-1]) for f in figure.formers)
            yield _row(node, _LABEL, _text(text.format(formers=formers, year=figure.year), lang))
        yield _row(node, _iri(SDMX_DIM.refArea), _iri(figure.province))
        yield _row(node, _P["statisticalIndicator"], _iri(figure.series))
        yield _row(node, _iri(SDMX_DIM.refPeriod), _iri(figure.period))
        yield _row(node, _iri(SDMX_MEASURE.obsValue), _decimal(figure.value))
        yield _row(node, _iri(SDMX_ATTR.unitMeasure), _iri(figure.unit))
        yield _row(node, _iri(SDMX_ATTR.obsStatus), _iri(_OBS_STATUS + figure.status))
        for part in figure.parts:
            yield _row(node, _iri(PROV.wasDerivedFrom), _iri(part))


def link_rows(predicate: str, links: Iterable[Link]) -> Iterator[str]:
    """``nq:restates`` / ``nq:reportsOn`` rows of (subject, target) pairs."""
    p = _P[predicate]
    for subject, target in links:
        yield _row(_iri(subject), p, _iri(target))


def progress_rows(restated: Iterable[Link], reported: Iterable[Link], results: Iterable[Progress],
                  combined: Iterable[CombinedFigure] = (),
                  names: Mapping[tuple[str, str], str] | None = None) -> set[str]:
    """Every row of the graph, once each (a graph holds a triple once)."""
    rows = set(combined_rows(combined, names or {}))
    rows.update(link_rows("restates", restated))
    rows.update(link_rows("reportsOn", reported))
    for progress in results:
        rows.update(assessment_rows(progress))
    return rows
