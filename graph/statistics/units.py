"""Unit compatibility for links and progress, read from the unit vocabulary (ontology/vocab/units.ttl).

Two units are *convertible* when one is a multiple of the other: both carry a
``qudt:conversionMultiplier`` and the same ``skos:closeMatch`` QUDT unit (tỷ đồng, nghìn tỷ đồng,
triệu đồng; USD, triệu USD). A unit is the *yearly form* of a per-year unit when the per-year unit
says ``nq:perYearOf`` it (percent → percent_per_year): a single-year value in it is one year of a
per-year target.

>>> table = UnitTable({"vnd_billion": UnitInfo(Decimal(10**9), "CCY_VND"),
...                    "vnd_thousand_billion": UnitInfo(Decimal(10**12), "CCY_VND")})
>>> table.convert(Decimal("2.236"), "vnd_thousand_billion", "vnd_billion")
Decimal('2236')
>>> table.convert(Decimal(1), "vnd_billion", "usd") is None
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Namespace
from rdflib.namespace import SKOS

from nghiquyet.graph.settings import ONTOLOGY_NS

__all__ = ["UnitInfo", "UnitTable", "load_units"]

NQ = Namespace(ONTOLOGY_NS)
QUDT = Namespace("http://qudt.org/schema/qudt/")


@dataclass(frozen=True)
class UnitInfo:
    """What conversion needs to know about one unit (by its notation)."""

    multiplier: Decimal | None = None
    base: str | None = None  # the QUDT unit it is a close match of (local name)
    per_year_of: str | None = None  # for a per-year unit: the notation of its single-year form


@dataclass(frozen=True)
class UnitTable:
    """Units by notation, with conversion between multiples."""

    units: dict[str, UnitInfo] = field(default_factory=dict)

    def factor(self, source: str, target: str) -> Decimal | None:
        """The multiplier from ``source`` to ``target`` (1 for the same unit), or None."""
        if source == target:
            return Decimal(1)
        a, b = self.units.get(source), self.units.get(target)
        if not a or not b or a.multiplier is None or b.multiplier is None or not a.base or a.base != b.base:
            return None
        return a.multiplier / b.multiplier

    def convert(self, value: Decimal, source: str, target: str) -> Decimal | None:
        """``value`` in ``source`` expressed in ``target``, or None when they are not multiples."""
        factor = self.factor(source, target)
        if factor is None:
            return None
        if factor == 1:
            return value
        result = (value * factor).normalize()
        return result.quantize(Decimal(1)) if result.as_tuple().exponent > 0 else result

    def yearly_form(self, per_year_unit: str) -> str | None:
        """The single-year unit of a per-year unit (percent for percent_per_year), or None."""
        info = self.units.get(per_year_unit)
        return info.per_year_of if info else None


def _local(iri: object) -> str:
    return str(iri).rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def table_from_graph(graph: Graph) -> UnitTable:
    """The unit table of any graph holding the unit vocabulary."""
    units: dict[str, UnitInfo] = {}
    for unit in set(graph.subjects(SKOS.inScheme, NQ.UnitScheme)):
        notation = graph.value(unit, SKOS.notation)
        if notation is None:
            continue
        multiplier = graph.value(unit, QUDT.conversionMultiplier)
        base = graph.value(unit, SKOS.closeMatch)
        per_year_of = graph.value(unit, NQ.perYearOf)
        units[str(notation)] = UnitInfo(
            Decimal(str(multiplier)) if multiplier is not None else None,
            _local(base) if base is not None else None,
            str(graph.value(per_year_of, SKOS.notation) or _local(per_year_of)) if per_year_of is not None else None)
    return UnitTable(units)


@lru_cache(maxsize=4)
def load_units(ontology_dir: Path) -> UnitTable:
    """The unit table of ``ontology_dir/vocab/units.ttl``."""
    return table_from_graph(Graph().parse(Path(ontology_dir) / "vocab" / "units.ttl", format="turtle"))
