"""The index of a progress part's rows by subject (graph.build_check_rows.PartRows)."""

from __future__ import annotations

import pytest

from nghiquyet.graph.build_check_rows import PartRows

EX = "https://example.org/"
ROWS = [f'<{EX}doc/a> <{EX}p> "1" .', f"<{EX}doc/a/q1> <{EX}p> <{EX}doc/b/q2> .", f'<{EX}doc/a/q1/x> <{EX}p> "2" .',
        f'<{EX}doc/a-2> <{EX}p> "3" .', f'<{EX}doc/a-2/q> <{EX}p> "4" .', f'<{EX}doc/ab/q> <{EX}p> "5" .',
        f'<{EX}doc/b/q2> <{EX}p> "6" .', f'_:b0 <{EX}p> <{EX}doc/a> .', f'<{EX}doc/a0> <{EX}p> "7" .']


def scanned(rows: list[str], node: str) -> list[str]:
    """The rows a scan of the part finds: the subject is ``node`` or under ``node/``."""
    return sorted(row for row in rows if row.startswith((f"<{node}> ", f"<{node}/")))


@pytest.mark.parametrize("name", ["a", "a-2", "ab", "b", "c", "a0"])
def test_a_nodes_rows_are_those_a_scan_of_the_part_finds(name: str) -> None:
    node = f"{EX}doc/{name}"
    assert sorted(PartRows("\n".join(ROWS) + "\n").under(node)) == scanned(ROWS, node)


def test_rows_under_a_node_leave_out_its_siblings_with_longer_names() -> None:
    found = PartRows("\n".join(ROWS)).under(f"{EX}doc/a")
    assert len(found) == 3 and not any("a-2" in row or "doc/ab" in row or "doc/a0" in row for row in found)


def test_an_empty_part_has_no_rows() -> None:
    assert PartRows("").under(f"{EX}doc/a") == []
