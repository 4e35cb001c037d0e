"""Every quote of the real build selects exactly one span of its document (Web Annotation §4.2.4).

A TextQuoteSelector must be usable on its own: ``prefix + exact + suffix`` occurs exactly once in
the document's NFC text, and (with the position selector) at the stated offsets.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from nghiquyet.graph.extract.spans import provenance, quote_context

QUERY = """
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX nq: <https://w3id.org/nghiquyet/ontology#>
SELECT ?quote ?exact ?prefix ?suffix ?start ?end ?text WHERE {
  ?target oa:hasSource ?document ; oa:hasSelector ?quote , ?position .
  ?quote a oa:TextQuoteSelector ; oa:exact ?exact .
  OPTIONAL { ?quote oa:prefix ?prefix }
  OPTIONAL { ?quote oa:suffix ?suffix }
  ?position a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
  ?document nq:text ?text .
}
"""


def _occurrences(text: str, needle: str) -> list[int]:
    found, at = [], text.find(needle)
    while at != -1:
        found.append(at)
        at = text.find(needle, at + 1)
    return found


@pytest.fixture(scope="module")
def selectors(built_settings) -> list[dict[str, object]]:
    store = ox.Store.read_only(str(built_settings.store_dir))
    rows = []
    for row in store.query(QUERY, use_default_graph_as_union=True):
        rows.append({"quote": row["quote"].value, "exact": row["exact"].value,
                     "prefix": row["prefix"].value if row["prefix"] else "",
                     "suffix": row["suffix"].value if row["suffix"] else "",
                     "start": int(row["start"].value), "end": int(row["end"].value), "text": row["text"].value})
    return rows


def test_every_quote_is_unambiguous_in_its_source(selectors) -> None:
    assert len(selectors) > 300
    ambiguous = [s for s in selectors if len(_occurrences(s["text"], s["exact"])) > 1]
    assert ambiguous, "the corpus has quotes whose text occurs more than once"
    wrong = []
    for s in selectors:
        where = _occurrences(s["text"], s["prefix"] + s["exact"] + s["suffix"])
        if where != [s["start"] - len(s["prefix"])]:
            wrong.append(f"{s['quote']}: {s['prefix']!r}+{s['exact']!r}+{s['suffix']!r} found at {where}")
    assert not wrong, "\n".join(wrong)
    assert all(s["prefix"] or s["suffix"] for s in ambiguous)
    assert not any(s["prefix"] or s["suffix"] for s in selectors if s not in ambiguous)


@pytest.mark.parametrize("text, start, end, prefix, suffix", [
    ("đạt 54% và 54% nữa", 4, 7, "đạt ", " và 54% nữa"),          # grows until unique
    ("đạt 54% và 54% nữa", 11, 14, "đạt 54% và ", " nữa"),
    ("chỉ một lần 54%", 12, 15, "", ""),                              # unique: no context
    ("aaaa", 1, 2, "a", "aa"),                                        # overlapping repeats
])
def test_quote_context(text, start, end, prefix, suffix, monkeypatch) -> None:
    from nghiquyet.graph.extract import spans

    monkeypatch.setattr(spans, "CONTEXT_STEP", 16)
    got_prefix, got_suffix = quote_context(text, start, end)
    assert text.count(got_prefix + text[start:end] + got_suffix) == 1 or (got_prefix, got_suffix) == (text[:start], text[end:])
    assert (got_prefix, got_suffix) == (prefix, suffix)


def test_provenance_record_carries_context_only_when_needed() -> None:
    text = "GRDP tăng 7%; thu ngân sách tăng 7%."
    first = provenance("doc/t/q/1", "doc/t", text, 10, 12)["annotation_target"]["selectors"][0]
    assert first["exact"] == "7%" and first["prefix"] and first["suffix"]
    unique = provenance("doc/t/q/2", "doc/t", text, 0, 4)["annotation_target"]["selectors"][0]
    assert "prefix" not in unique and "suffix" not in unique
