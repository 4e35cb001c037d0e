"""Helpers of the network tests: find bodies, programmes and edges by what the text says."""

from __future__ import annotations

import re

import networkx as nx

from nghiquyet.graph.text import fold

LANG_SON_AP = "doc/lang-son-2020-chuong-trinh-hanh-dong-xvii"
LAI_CHAU_RESOLUTION = "doc/lai-chau-2020-nghi-quyet-dai-hoi-xiv"


def _key(text: str) -> str:
    return re.sub(r"[\W_]+", " ", fold(text)).strip()


def names(data: dict) -> set[str]:
    """Folded, punctuation-free names of a node: its labels and its other names."""
    labels = [data.get("label", ""), data.get("label_vi", ""), *data.get("alt_labels", "").split("; ")]
    return {_key(label) for label in labels if label}


def body(G: nx.MultiDiGraph, label: str, province: str | None = None) -> str:
    """The one body called ``label`` (label or other name; case, tone marks, dashes ignored).

    ``province`` (a slug such as ``lang-son``) picks among same-named bodies of several provinces.
    """
    wanted = _key(label)
    found = [n for n, d in G.nodes(data=True) if d.get("category") == "body" and wanted in names(d)
             and (province is None or d.get("province") == f"province/{province}")]
    assert len(found) == 1, f"expected one body labelled {label!r}, found {found}"
    return found[0]


def programme(G: nx.MultiDiGraph, document: str, number: str) -> str:
    """The programme node ``number`` stated in ``document``."""
    found = [n for n, d in G.nodes(data=True)
             if d.get("category") == "programme" and d.get("number") == number and n.startswith(document + "/")]
    assert len(found) == 1, f"expected programme {number} of {document}, found {found}"
    return found[0]


def edges(G: nx.MultiDiGraph, source: str, target: str | None = None, role: str | None = None) -> list[dict]:
    """Attribute dicts of the edges from ``source`` (to ``target``, in ``role``)."""
    return [d for _, v, d in G.out_edges(source, data=True)
            if (target is None or v == target) and (role is None or d.get("role") == role)]
