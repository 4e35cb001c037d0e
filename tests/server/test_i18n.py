"""The one table of interface strings: every key a template or page asks for is there, in both languages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from nghiquyet.server.i18n import LANGUAGES, STRINGS, scoped, translate
from repo_paths import PROJECT_ROOT

TEMPLATES = PROJECT_ROOT / "server" / "templates"


def _keys(pattern: str, folder: Path) -> set[str]:
    return {key for path in folder.rglob("*.html") for key in re.findall(pattern, path.read_text(encoding="utf-8"))}


def test_every_string_has_vietnamese_and_english() -> None:
    for key, pair in STRINGS.items():
        assert len(pair) == len(LANGUAGES) and all(text.strip() for text in pair), key


def test_every_key_the_site_templates_ask_for_exists() -> None:
    asked = _keys(r"\bt\('([^']+)'", TEMPLATES)
    assert asked and asked <= set(STRINGS), sorted(asked - set(STRINGS))


@pytest.mark.parametrize("page", ["network", "progress"])
def test_every_key_a_page_asks_for_exists_under_its_prefix(page: str) -> None:
    asked = _keys(r"\bs\('([^']+)'", TEMPLATES / page)
    missing = sorted(key for key in asked if f"{page}.{key}" not in STRINGS)
    assert asked and not missing, missing


def test_scoped_and_translate_agree_and_unknown_keys_show_themselves() -> None:
    for lang in LANGUAGES:
        assert scoped("network", lang)("role.lead") == translate("network.role.lead", lang)
    assert scoped("progress", "en")("on track") == "on track" and scoped("progress", "vi")("on track") == "đúng tiến độ"
    assert scoped("progress", "en")("no-such-key") == "no-such-key"
    assert translate("page.of", "en", page=2, pages=3, total=41) == "Page 2 of 3 (41 items)"
