"""Interface languages: every UI string comes from locales/messages.csv (key, en, ur); data labels (indicators,
places, source kinds, periods, events) come from their reference tables' `*_ur` columns.

No Streamlit here, so chart builders and the PDF briefs use the same catalogue. Source titles and quotes are
never translated: they stay in the language of the source.
"""
from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

from tipdash.numbers import number_text

MESSAGES = Path(__file__).resolve().parent / "locales" / "messages.csv"
LANGUAGES = {"en": "English", "ur": "اردو"}
RTL = {"ur"}


@lru_cache(maxsize=1)
def messages() -> dict[str, dict[str, str]]:
    with MESSAGES.open(encoding="utf-8", newline="") as fh:
        return {row["key"]: row for row in csv.DictReader(fh)}


def t(key: str, lang: str = "en", **values) -> str:
    """The message `key` in `lang`, formatted with `values`. An unknown key is a bug and raises KeyError."""
    text = messages()[key].get(lang) or messages()[key]["en"]
    return text.format(**values) if values else text


def tier_label(tier: str, lang: str = "en") -> str:
    """A TIP tier's name ('Tier 2 Watch List') in `lang`."""
    return t(f"tier.{tier}", lang)


def direction(lang: str) -> str:
    return "rtl" if lang in RTL else "ltr"


def col(name: str, lang: str) -> str:
    """Column holding a reference label in `lang`: 'label' -> 'label_ur' for Urdu."""
    return f"{name}_ur" if lang == "ur" else name


def unit_text(unit: str, lang: str = "en", per_population: str | None = None) -> str:
    """A unit of measure in `lang` (units are a closed set listed in the catalogue as unit.<unit>). For a rate, pass
    the parts the ETL writes (indicator_rates: `base_unit` and `per_population`, "population" or "children"), never
    its display string: "cases per 100,000 children (under 18)" / "مقدمات، فی ایک لاکھ بچے (18 سال سے کم)"."""
    if per_population:
        base, per = unit_text(unit, lang), t(f"measure.per_100k_{per_population}", lang)
        return f"{base}، {per}" if lang == "ur" else f"{unit} {per[0].lower()}{per[1:]}"
    key = f"unit.{unit}"
    return t(key, lang) if key in messages() else unit


def period_text(start, end, lang: str = "en", iso: bool = False) -> str:
    """'2023' for a calendar year; otherwise the dates. ISO dates in Urdu (no English month names) and when `iso`."""
    import pandas as pd

    s, e = pd.Timestamp(start), pd.Timestamp(end)
    if (s.month, s.day, e.month, e.day) == (1, 1, 12, 31) and s.year == e.year:
        return str(e.year)
    if iso or lang == "ur":
        return f"{s:%Y-%m-%d} – {e:%Y-%m-%d}"
    return f"{s:%d %b %Y} – {e:%d %b %Y}"


def value_text(v, qualifier: str = "", unit: str = "", lang: str = "en") -> str:
    """A figure as a reader should take it: '> 35 cases' for a lower bound, '≈ 34,000 victims' for a rounded one,
    'No data' for a missing value (never 0)."""
    import pandas as pd

    if v is None or pd.isna(v):
        return t("chart.no_data", lang)
    text = number_text(v, lang)
    if qualifier:
        text = f"{qualifier}\u00a0{text}"
    return f"{text} {unit_text(unit, lang)}" if unit else text


def date_text(d, lang: str = "en") -> str:
    """One date: '22 Dec 2017', or ISO (2017-12-22) in Urdu."""
    import pandas as pd

    d = pd.Timestamp(d)
    return f"{d:%Y-%m-%d}" if lang == "ur" else f"{d.day} {d:%b %Y}"


def period_kind(start, end) -> str:
    """'' for a calendar year, 'part_year' for a shorter period, 'several_years' for a longer one, 'twelve_months' for
    a year that is not a calendar year (a TIP reporting period, April to March)."""
    import pandas as pd

    s, e = pd.Timestamp(start), pd.Timestamp(end)
    days = (e - s).days + 1
    if (s.month, s.day, e.month, e.day) == (1, 1, 12, 31) and s.year == e.year:
        return ""
    if days < 360:
        return "part_year"
    return "twelve_months" if days <= 366 else "several_years"
