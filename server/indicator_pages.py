"""Indicator pages: /indicators/<id> — every province's latest figure and targets on one core indicator.

Rows come from the named query ``queries/indicator-figures.rq`` with the indicator bound (never
spliced). A unit established in 2025 that has no figures of its own shows its former provinces'
figures, labelled as theirs, and their sum only where the indicator is additive (a total such as
budget revenue) and every former province has a preferred figure for the same year and unit:
never an average of rates.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pyoxigraph
from flask import Blueprint, Response, url_for

from nghiquyet.graph.errors import NotFound
from nghiquyet.server.html import page_query, render, settings, term_view
from nghiquyet.server.progress_view import status_word
from nghiquyet.server.quantities import amount, period, unit_word
from nghiquyet.server.i18n import ui_language
from nghiquyet.server.store import get_store

__all__ = ["bp", "STRINGS", "indicator_rows", "province_blocks"]

bp = Blueprint("indicators", __name__)
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

#: Interface strings: key → (Vietnamese, English).
STRINGS: dict[str, tuple[str, str]] = {
    "intro": ("Số liệu mới nhất đã công bố của từng tỉnh và các chỉ tiêu đặt ra, kèm nguồn.",
              "Each province's latest published figure and the targets set, with sources."),
    "province": ("Tỉnh, thành phố", "Province"), "figure": ("Số liệu mới nhất", "Latest figure"),
    "targets": ("Chỉ tiêu", "Targets"), "former": ("đơn vị cũ, đến", "former unit, until"),
    "successor": ("nay thuộc", "now part of"), "from_former": ("Số liệu của các tỉnh cũ", "Figures of the former provinces"),
    "combined": ("Cộng các tỉnh cũ", "Sum of the former provinces"), "preferred": ("được chọn", "chosen"),
    "other_source": ("nguồn khác", "other source"), "none": ("chưa có", "none"), "source": ("nguồn", "source"),
    "index_title": ("Chỉ tiêu theo tỉnh", "Indicators by province"),
    "index_intro": ("Mọi chỉ tiêu mà nghị quyết các tỉnh đặt ra, cạnh nhau theo tỉnh; chỉ tiêu cả hai tỉnh cùng đặt đứng trước.",
                    "Every indicator the provinces' resolutions set targets on, side by side; those every province targets come first."),
    "shared_count": ("Chỉ tiêu mọi tỉnh cùng đặt", "Indicators every province targets"),
    "shared": ("mọi tỉnh", "all provinces"), "indicator": ("Chỉ tiêu", "Indicator"),
    "compare": ("so sánh các tỉnh", "compare provinces"), "stated_in": ("nêu trong", "stated in"),
    "not_additive": ("Không cộng hay lấy trung bình các tỷ lệ của tỉnh cũ.", "Rates of former provinces are neither summed nor averaged."),
}


def _s(key: str) -> str:
    vi, en = STRINGS.get(key, (key, key))
    return vi if ui_language() == "vi" else en


def _query() -> str:
    return (settings().queries_dir / "indicator-figures.rq").read_text(encoding="utf-8")


def _value(row: dict[str, Any], name: str) -> str | None:
    term = row.get(name)
    return term.value if term is not None else None


def _in_words(row: dict[str, Any], lang: str) -> None:
    """Add what people read: the amount with its unit as words, the period, the status in words."""
    row["text"] = amount(row["comparator"], row["value"], row["value_max"], row["unit"], lang)
    row["unit_word"] = unit_word(row["unit"], lang)
    row["period"] = period(None, row["period_start"], row["period_end"])
    code = (row["status"] or "").rsplit("-", 1)[-1]
    row["status_word"] = status_word(code, lang) if code else ""


def indicator_rows(indicator: str) -> list[dict[str, str | None]]:
    """The named query's rows for ``indicator`` as plain strings."""
    rows = get_store().select(_query(), bindings={"indicator": pyoxigraph.NamedNode(indicator)})
    names = ("province", "province_label", "valid_until", "successor", "kind", "item", "comparator", "value",
             "value_max", "unit", "period_start", "period_end", "status", "preferred", "source", "quote")
    return [{name: _value(row, name) for name in names} for row in rows]


def _combined(figures: list[dict[str, Any]], predecessors: list[str]) -> dict[str, Any] | None:
    """The sum of the former units' preferred figures when all have one for one year and unit."""
    chosen = {f["province"]: f for f in figures if f["preferred"] != "false"}
    if set(chosen) != set(predecessors) or len(predecessors) < 2:
        return None
    if len({(f["period_end"], f["unit"]) for f in chosen.values()}) != 1:
        return None
    first = next(iter(chosen.values()))
    total = sum(Decimal(f["value"]) for f in chosen.values())
    return {"value": format(total.normalize(), "f"), "unit": first["unit"], "period_end": first["period_end"]}


def province_blocks(rows: list[dict[str, Any]], additive: bool) -> list[dict[str, Any]]:
    """One block per provincial unit: its figures, its targets, and its former units' figures."""
    blocks: dict[str, dict[str, Any]] = {}
    for row in rows:
        block = blocks.setdefault(row["province"], {
            "province": row["province"], "label": row["province_label"] or row["province"],
            "valid_until": row["valid_until"], "successor": row["successor"],
            "figures": [], "targets": [], "former": [], "combined": None})
        block["figures" if row["kind"] == "observation" else "targets"].append(row)
    for block in blocks.values():
        block["figures"].sort(key=lambda f: f["preferred"] == "false")
    for block in blocks.values():
        if block["figures"] or block["valid_until"]:
            continue
        predecessors = [b["province"] for b in blocks.values() if b["successor"] == block["province"]]
        former = [f for p in predecessors for f in blocks[p]["figures"]]
        if former:
            block["former"] = former
            block["combined"] = _combined(former, predecessors) if additive else None
    return sorted(blocks.values(), key=lambda b: (b["valid_until"] is not None, b["label"]))


@bp.get("/indicators")
def index() -> Response:
    """Every indicator with targets, one column per province: those targeted by every province first."""
    lang = ui_language()
    rows = get_store().select(page_query("indicator-targets"), max_rows=None)
    provinces: dict[str, dict[str, Any]] = {}
    table: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for row in rows:
        province, indicator = row["province"].value, row["indicator"].value
        provinces.setdefault(province, term_view(row["province"], lang))
        value = {name: row[name].value if name in row else None
                 for name in ("comparator", "value", "value_max", "unit", "year", "period_start", "period_end")}
        table.setdefault(indicator, {}).setdefault(province, []).append({
            "href": term_view(row["target"], lang)["href"],
            "text": amount(value["comparator"], value["value"], value["value_max"], value["unit"], lang),
            "period": period(value["year"], value["period_start"], value["period_end"]),
            "document": term_view(row["document"], lang)})
    columns = sorted(provinces, key=lambda iri: provinces[iri]["label"] or iri)
    core = settings().base_iri + "indicator/"
    indicators = []
    for iri, by_province in table.items():
        view = term_view(pyoxigraph.NamedNode(iri), lang)
        compare = url_for("indicators.indicator", ident=iri[len(core):]) if iri.startswith(core) else None
        indicators.append({"view": view, "compare": compare, "shared": len(by_province) == len(columns) > 1,
                           "cells": [by_province.get(province, []) for province in columns]})
    indicators.sort(key=lambda i: (not i["shared"], (i["view"]["label"] or i["view"]["name"]).lower()))
    return render("indicators/index.html", provinces=[provinces[p] for p in columns], indicators=indicators,
                  shared=sum(1 for i in indicators if i["shared"]), s=_s)


@bp.get("/indicators/<ident>")
def indicator(ident: str) -> Response:
    """The table for one core indicator."""
    if not _ID.match(ident):
        raise NotFound("no such indicator")
    iri = f"{settings().base_iri}indicator/{ident}"
    node = pyoxigraph.NamedNode(iri)
    rows = indicator_rows(iri)
    labels = get_store().select(page_query("indicator-label"), bindings={"indicator": node})
    if not rows and not labels:
        raise NotFound("no such indicator")
    lang = ui_language()
    label = next((r["label"].value for r in labels if r["label"].language == lang), None) or \
        next((r["label"].value for r in labels), ident)
    additive = bool(get_store().select(page_query("indicator-additive"), bindings={"indicator": node}))
    for row in rows:
        _in_words(row, lang)
    blocks = province_blocks(rows, additive)
    for block in blocks:
        block["view"] = term_view(pyoxigraph.NamedNode(block["province"]), lang)
        if block["combined"]:
            combined = block["combined"]
            combined["text"] = amount(None, combined["value"], None, combined["unit"], lang)
        if block["successor"]:
            block["successor_view"] = term_view(pyoxigraph.NamedNode(block["successor"]), lang)
    return render("indicators/indicator.html", iri=iri, ident=ident, label=label, blocks=blocks,
                  additive=additive, s=_s)
