"""Score extracted assignments against a gold list (``doc,body,role,assigned_to,assigned_by,quote``).

A gold row and an extracted assignment of the same document match when they name the same body
(the gold name resolved to its id like any name in a text), the same role, and the same object:
an empty gold ``assigned_to`` is the document itself; otherwise its words (a parenthetical gloss
left out) must be those of the extracted object or stand in the clause it was read from (or that
clause is the gold row's quote, as when the page cuts the object's name short). Matching
is one-to-one per document, micro-averaged like :mod:`graph.extract.scoring`.
"""

from __future__ import annotations

import re
from typing import Any, Iterable

from nghiquyet.graph.extract.bodies import body_record
from nghiquyet.graph.extract.lexicon import Lexicons
from nghiquyet.graph.extract.scoring import Score
from nghiquyet.graph.text import fold

__all__ = ["assignment_rows", "gold_assignment_rows", "score_assignments"]


def _words(text: str, *, gloss: bool = True) -> str:
    if not gloss:
        text = re.sub(r"\([^)]*\)", " ", text)
    return " ".join(re.findall(r"\w+", fold(text)))


def assignment_rows(records: dict[str, Any]) -> list[dict[str, str]]:
    """One row per extracted assignment: doc (file), body id, role, object label ("" = the document), quote."""
    document = records["document"]
    labels = {r["id"]: r.get("label") or r.get("statement") or ""
              for key in ("programmes", "objectives", "tasks") for r in records.get(key, [])}
    rows = []
    for a in records["assignments"]:
        target = "" if a["assigned_to"] == document["id"] else labels.get(a["assigned_to"], a["assigned_to"])
        quote = a.get("derived_from", {}).get("annotation_target", {}).get("selectors", [{}])
        exact = next((s.get("exact", "") for s in quote if s.get("exact")), "")
        rows.append({"doc": document["file"], "body": a["body"], "role": a["role"], "assigned_to": target,
                     "quote": exact, "delegated_by": a.get("delegated_by", "")})
    return rows


def gold_assignment_rows(rows: Iterable[dict[str, str]], province_slugs: dict[str, str],
                         lexicon: Lexicons | None = None) -> list[dict[str, str]]:
    """Gold rows with ``body`` resolved to a body id in the document's province (``province_slugs[doc]``)."""
    out = []
    for row in rows:
        body = body_record(row["body"], province_slugs[row["doc"]], lexicon=lexicon)["id"]
        out.append({**row, "body_label": row["body"], "body": body})
    return out


def _same_object(gold: dict[str, str], predicted: dict[str, str]) -> bool:
    wanted = _words(gold.get("assigned_to", ""), gloss=False)
    if not wanted:
        return predicted["assigned_to"] == ""
    if wanted in _words(predicted["assigned_to"]) or wanted in _words(predicted["quote"]):
        return True
    quote, evidence = _words(gold.get("quote", "")), _words(predicted["quote"])
    return bool(quote and evidence) and (quote in evidence or evidence in quote)  # the same clause


def _match(predicted: list[dict[str, str]], gold: list[dict[str, str]]) -> Score:
    pool = list(predicted)
    result = Score(predicted=len(predicted), gold=len(gold))
    for row in gold:
        found = next((p for p in pool if p["body"] == row["body"] and p["role"] == row["role"]
                      and _same_object(row, p)), None)
        if found is None:
            result.missed.append(row)
        else:
            pool.remove(found)
            result.matched += 1
    result.spurious = pool
    return result


def score_assignments(predicted: Iterable[dict[str, str]],
                      gold: Iterable[dict[str, str]]) -> tuple[Score, dict[str, Score]]:
    """Overall (micro) and per-document scores of (body, role, assigned_to)."""
    by_doc: dict[str, tuple[list[dict[str, str]], list[dict[str, str]]]] = {}
    for row in predicted:
        by_doc.setdefault(row["doc"], ([], []))[0].append(row)
    for row in gold:
        by_doc.setdefault(row["doc"], ([], []))[1].append(row)
    total, per_doc = Score(), {}
    for doc in sorted(by_doc):
        per_doc[doc] = _match(*by_doc[doc])
        total.add(per_doc[doc])
    return total, per_doc
