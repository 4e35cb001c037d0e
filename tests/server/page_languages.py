"""Both languages complete: the interface strings of the other language on a page (its text, SVG and
``title`` / ``placeholder`` / ``aria-label`` attributes), read in Chromium after scripts ran.

The interface strings are the project's translation tables; text inside an element marked with the
other language (a data label, a quote) is data and is left out. The named queries' English summaries
never show on a Vietnamese page (their Vietnamese wording is queries/api-vi.yaml).
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["VISIBLE", "leaks"]

#: Text nodes and labelling attributes of the page, outside code, scripts, the editor, the result
#: table's column names (the query's variables), and elements
#: in another language than the page's.
VISIBLE = """(lang) => {
  const out = [];
  const foreign = (el) => { const l = el.closest('[lang]'); return l && l !== document.documentElement && l.getAttribute('lang') !== lang; };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    const text = node.textContent.trim(), el = node.parentElement;
    if (!text || el.closest('script, style, code, pre, textarea, .cm-editor, option, table.results th') || foreign(el)) continue;
    out.push(text);
  }
  for (const el of document.querySelectorAll('[title], [placeholder], [aria-label]'))
    if (!foreign(el)) for (const a of ['title', 'placeholder', 'aria-label']) if (el.getAttribute(a)) out.push(el.getAttribute(a).trim());
  return out;
}"""


def _tables() -> list[tuple[str, str]]:
    from nghiquyet.server.i18n import STRINGS
    from nghiquyet.server.indicator_pages import STRINGS as INDICATOR_STRINGS

    pairs = list(STRINGS.values()) + list(INDICATOR_STRINGS.values())
    return [(vi, en) for vi, en in pairs if vi != en and "{" not in vi + en]


def _summaries() -> list[str]:
    from nghiquyet.graph.named_queries.loader import load_queries
    from repo_paths import PROJECT_ROOT

    return [q.summary for q in load_queries(Path(PROJECT_ROOT / "queries")).values()]


def leaks(texts: list[str], lang: str) -> set[str]:
    """The interface strings of the other language among ``texts`` (whole, or inside a long text)."""
    other = {en if lang == "vi" else vi for vi, en in _tables()}
    own = {vi if lang == "vi" else en for vi, en in _tables()}
    wrong = other - own
    if lang == "vi":
        wrong |= set(_summaries())
    found = set()
    for text in texts:
        bare = text.rstrip(":").strip()
        if bare in wrong:
            found.add(bare)
        found |= {w for w in wrong if len(w) >= 24 and w in text}
    return found
