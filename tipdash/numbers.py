"""Numbers as the interface and the briefs print them: one formatter, given the language explicitly.

Figures keep the digits and grouping the sources print (1,234 and 2.53) in both interface languages, so a number read
on an Urdu page matches the document it cites; the per-language separators live here should that ever change."""
from __future__ import annotations

SEPARATORS = {"en": (",", "."), "ur": (",", ".")}  # (thousands, decimal) per interface language


def number_text(v: float, lang: str, decimals: int | None = None) -> str:
    """1,234 for whole numbers, 2.53 otherwise (or exactly `decimals` places)."""
    places = (0 if float(v).is_integer() else 2) if decimals is None else decimals
    thousands, point = SEPARATORS.get(lang, SEPARATORS["en"])
    text = f"{v:,.{places}f}"
    return text if (thousands, point) == (",", ".") else text.translate({ord(","): thousands, ord("."): point})
