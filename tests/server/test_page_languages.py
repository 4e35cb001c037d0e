"""The check of both languages (tests/server/page_languages.py) finds what it should; the pages are
checked with it in tests/server/test_page_widths.py."""

from __future__ import annotations

from page_languages import leaks


def test_the_check_finds_a_leak() -> None:
    english, vietnamese = "Download the network", "Tải mạng lưới"
    assert leaks(["x", english], "vi") == {english} and leaks([vietnamese + ":"], "en") == {vietnamese}
    assert leaks([english, "Lai Châu"], "en") == set() and leaks([vietnamese], "vi") == set()
    assert leaks(["The published documents"], "vi") == {"The published documents"}  # a named query's summary
