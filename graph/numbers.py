"""Numbers as people of each interface language write them (vi: 1.234,5 — en: 1,234.5)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

__all__ = ["number"]


def number(value: str | None, lang: str) -> str:
    """``value`` with the language's separators (vi: 1.234,5 — en: 1,234.5); other text unchanged."""
    if value is None:
        return ""
    try:
        parsed = Decimal(value)
    except InvalidOperation:
        return value
    text = format(parsed.normalize(), "f")
    whole, _, fraction = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    whole = whole.lstrip("-")
    groups = f"{int(whole):,}" if whole.isdigit() else whole
    if lang == "vi":
        groups = groups.replace(",", ".")
        return sign + groups + ("," + fraction if fraction else "")
    return sign + groups + ("." + fraction if fraction else "")
