"""Query files load strictly: every shipped file parses; each defect names the file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from nghiquyet.graph.errors import QueryError
from nghiquyet.graph.named_queries.loader import load_queries, load_query
from repo_paths import PROJECT_ROOT

SHIPPED = sorted((PROJECT_ROOT / "queries").glob("*.rq"))
OURS = {"quantities", "indicator-comparison", "programmes", "body-responsibilities", "programme-bodies",
        "target-progress", "indicators", "search", "documents"}

GOOD = """#+ summary: Labels
#+ parameters:
#+   - name: thing
#+     type: iri
#+     example: https://example.org/a
#+ columns:
#+   - {name: thing, description: the thing}
#+   - {name: label, description: its label}
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?thing ?label WHERE { ?thing rdfs:label ?label }
"""


def write(tmp_path: Path, text: str, name: str = "sample.rq") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_every_shipped_query_file_loads(path: Path) -> None:
    query = load_query(path)
    assert query.summary and query.columns
    assert all(p.name in query.variables for p in query.parameters)


def test_the_issue_queries_are_all_shipped() -> None:
    assert OURS <= set(load_queries(PROJECT_ROOT / "queries"))


def test_sub_folders_are_not_named_queries() -> None:
    assert not any(q.path.parent.name == "pages" for q in load_queries(PROJECT_ROOT / "queries").values())


def test_a_good_file_loads_into_frozen_dataclasses(tmp_path: Path) -> None:
    query = load_query(write(tmp_path, GOOD))
    assert query.name == "sample" and query.variables == ("thing", "label")
    assert query.parameters[0].type == "iri" and not query.parameters[0].required
    with pytest.raises(AttributeError):
        query.summary = "changed"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("change", "line", "words"),
    [
        (("#+ summary: Labels", "#+ summary: Labels\n#+ method: POST"), 2, "unknown key 'method'"),
        (("#+     type: iri", "#+     type: iri\n#+     colour: red"), 5, "unknown key 'colour'"),
        (("#+ summary: Labels", "#+ summary: [unclosed"), 2, "invalid YAML"),
        (("#+     type: iri", "#+     type: uri"), 3, "not one of"),
        (("?thing ?label WHERE", "?label ?thing WHERE"), 6, "projected variables in order"),
        (("{ ?thing rdfs:label ?label }", "{ ?thing rdfs:label ?label"), 10, "does not parse"),
        (("SELECT ?thing ?label WHERE { ?thing rdfs:label ?label }", "ASK { ?thing ?y ?z }"), 9, "SELECT"),
        (("https://example.org/a", "not an iri"), 3, "example of 'thing' is invalid"),
    ],
    ids=["unknown-key", "unknown-param-key", "bad-yaml", "bad-type", "columns", "syntax", "not-select", "bad-example"],
)
def test_defects_stop_loading_with_file_and_line(tmp_path: Path, change: tuple[str, str], line: int, words: str) -> None:
    path = write(tmp_path, GOOD.replace(*change))
    with pytest.raises(QueryError) as info:
        load_query(path)
    message = str(info.value)
    assert message.startswith(f"{path}:{line}:"), message
    assert words in message


def test_a_declared_parameter_must_be_used(tmp_path: Path) -> None:
    text = GOOD.replace("SELECT ?thing ?label WHERE { ?thing rdfs:label ?label }",
                        "SELECT ?x ?label WHERE { ?x rdfs:label ?label }").replace("{name: thing,", "{name: x,")
    with pytest.raises(QueryError, match=r"sample\.rq:3: parameter 'thing' is declared but the query never uses"):
        load_query(write(tmp_path, text))


def test_a_parameter_must_be_projected(tmp_path: Path) -> None:
    text = GOOD.replace("SELECT ?thing ?label", "SELECT ?label").replace("#+   - {name: thing, description: the thing}\n", "")
    with pytest.raises(QueryError, match=r"sample\.rq:3: parameter 'thing' must be a projected variable"):
        load_query(write(tmp_path, text))


def test_bound_on_a_parameter_is_refused(tmp_path: Path) -> None:
    text = GOOD.replace("?label }", "?label FILTER(!BOUND(?thing)) }")
    with pytest.raises(QueryError, match=r"sample\.rq:10: BOUND\(\?thing\)"):
        load_query(write(tmp_path, text))


def test_header_lines_must_come_first(tmp_path: Path) -> None:
    with pytest.raises(QueryError, match=r"sample\.rq:11: '#\+' header lines must all come first"):
        load_query(write(tmp_path, GOOD + "#+ tags: [late]\n"))


def test_required_with_default_is_contradictory(tmp_path: Path) -> None:
    text = GOOD.replace("#+     type: iri", "#+     type: iri\n#+     required: true\n#+     default: https://example.org/b")
    with pytest.raises(QueryError, match="cannot have a default"):
        load_query(write(tmp_path, text))


def test_enum_needs_values(tmp_path: Path) -> None:
    with pytest.raises(QueryError, match="'values'"):
        load_query(write(tmp_path, GOOD.replace("type: iri", "type: enum").replace("https://example.org/a", "x")))


def test_the_one_reader_of_query_files_names_a_missing_file(tmp_path) -> None:
    from nghiquyet.graph.errors import NotFound
    from nghiquyet.graph.named_queries.loader import query_text

    assert "SELECT" in query_text("pages/labels", PROJECT_ROOT / "queries")
    with pytest.raises(NotFound, match="nope.rq"):
        query_text("nope", tmp_path)
