"""Progress pages: /progress (provinces), /progress/<province-slug> (table + charts), and CSV.

Statuses are read from the graph as the build published them (``queries/progress-status.rq``),
with the linked plan values (``queries/target-links.rq``) and the quantities drawn in the charts
(``queries/progress.rq``); the province is bound, never spliced. Nothing is assessed here.
Charts are inline SVG drawn on the server.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pyoxigraph
from flask import Blueprint, Response
from markupsafe import Markup

from nghiquyet.graph.errors import NotFound
from nghiquyet.graph.named_queries.loader import query_text
from nghiquyet.server.html import page_query, render, settings
from nghiquyet.server.i18n import scoped, ui_language
from nghiquyet.server.store import get_store

if TYPE_CHECKING:  # the statistics modules (and rdflib) are imported by the pages, not with the app
    from nghiquyet.graph.statistics.progress import Progress

__all__ = ["bp", "province_progress", "progress_provinces", "target_anchor", "chart", "province_slug"]

bp = Blueprint("progress", __name__)
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

def _s(key: str) -> str:
    return scoped("progress", ui_language())(key)


def _query(name: str) -> str:
    return query_text(name, settings().queries_dir)


def province_progress(slug: str) -> tuple[str, list[Progress]]:
    """The province IRI and its assessed targets (404 for an unknown slug)."""
    from nghiquyet.graph.statistics.assessment import quantities_from_rows
    from nghiquyet.graph.statistics.published import published_progress
    from nghiquyet.graph.statistics.units import load_units

    if not _SLUG.match(slug):
        raise NotFound(f"no province {slug!r}")
    iri = f"{settings().base_iri}province/{slug}"
    bindings = {"province": pyoxigraph.NamedNode(iri)}
    store = get_store()
    quantities = quantities_from_rows(store.select(_query("progress"), bindings=bindings))
    results = published_progress(quantities, store.select(_query("progress-status"), bindings=bindings),
                                 store.select(_query("target-links"), bindings=bindings),
                                 load_units(settings().ontology_dir))
    if not results:
        exists = get_store().select(page_query("resource-any"), bindings={"province": pyoxigraph.NamedNode(iri)})
        if not exists:
            raise NotFound(f"no province {slug!r}")
    return iri, results


def province_slug(province: str) -> str | None:
    """The /progress slug of a province IRI of this dataset, else None."""
    prefix = settings().base_iri + "province/"
    slug = province[len(prefix):] if province.startswith(prefix) else ""
    return slug if _SLUG.match(slug) else None


def target_anchor(target: str) -> str:
    """The id of a target's row on its province's progress page (stable across builds)."""
    path = target[len(settings().base_iri):] if target.startswith(settings().base_iri) else target
    return "t-" + re.sub(r"[^A-Za-z0-9]+", "-", path).strip("-")


def has_data(progress: Progress) -> bool:
    """Whether there is anything besides the target to draw (a plan, an actual or a baseline)."""
    return bool(progress.actuals or progress.plans or progress.baseline)


def chart(progress: Progress, lang: str) -> Markup:
    """The target's SVG chart with tooltips and numbers in ``lang``."""
    from nghiquyet.graph.statistics.chart import WORDS, progress_svg
    from nghiquyet.server.i18n import translate
    from nghiquyet.server.quantities import number

    words = {key: translate("chart." + key, lang) for key in WORDS}
    title = f"{progress.target.indicator_label or progress.target.indicator} — {progress.target.period}"
    return Markup(progress_svg(progress, title, words, lambda value: number(str(value), lang)))


def _rule_iri(notation: str) -> str:
    """The rule concept (ontology/vocab/progress.ttl) of a rule notation."""
    from nghiquyet.graph.statistics.assessment import RULE_CONCEPTS

    return str(RULE_CONCEPTS.get(notation, ""))


def progress_provinces() -> list[dict[str, str]]:
    """``[{slug, label}]`` of the provinces with targets (the /progress pages there are)."""
    return [{"slug": str(row["province"].value).rsplit("/", 1)[-1],
             "label": row["label"].value if row.get("label") else str(row["province"].value)}
            for row in get_store().select(page_query("progress-provinces"))]


@bp.get("/progress")
def index() -> Response:
    """Provinces with targets."""
    provinces = progress_provinces()
    return render("progress/index.html", provinces=provinces, s=_s)


@bp.get("/progress/<slug>")
def province(slug: str) -> Response:
    """Table, legend, one chart per target with data, and the source documents."""
    from nghiquyet.graph.statistics.progress import STATUSES
    from nghiquyet.server.html import label_of, local_url
    from nghiquyet.server.progress_view import document_sources, documents_of, obs_statuses, rows_for

    lang = ui_language()
    iri, results = province_progress(slug)
    rows = rows_for(results, lang)
    counts = {status: sum(1 for p in results if p.status == status) for status in STATUSES}
    return render("progress/province.html", slug=slug, iri=iri, href=local_url(iri), label=label_of(iri, lang) or slug,
                  rows=rows, counts=counts, s=_s, rule_href=lambda rule: local_url(_rule_iri(rule)),
                  no_chart=sum(1 for row in rows if row["chart"] is None), codes=obs_statuses(rows, lang),
                  documents=documents_of(results, lang, document_sources(iri)))


@bp.get("/progress/<slug>.csv")
def province_csv(slug: str) -> Response:
    """The table as CSV."""
    from nghiquyet.graph.statistics.export import progress_csv

    _, results = province_progress(slug)
    response = Response(progress_csv(results), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="progress-{slug}.csv"'
    return response
