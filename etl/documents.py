"""Rules that come from the source documents themselves (data/reference/sources.csv), in one place.

- A figure cannot cover days after the document that first published it: a period is cut at the document's
  `data_through` date (set where the same figures appeared earlier elsewhere) or, failing that, at its publication
  date when that date is known to the day. FIA's "during 2017" figures, published on 22 and 28 December 2017, are
  therefore 1 Jan – 22 Dec 2017, not the calendar year.
- A value the source gives as a bound or an approximation keeps that qualifier ("more than 35" is `>` 35).
- Where several sources give a value or a tier for the same cell, `choose` picks the one that speaks for it.
"""
from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

import pandas as pd

# Qualifiers, as written in the raw row's own unit annotation (e.g. "cases (source says 'more than 35')") or in an
# additions file's `value_qualifier` column. ">" is a lower bound, "≈" the source's own rounding.
QUALIFIERS = {">": "more than", "≈": "about"}
_LOWER_BOUND = re.compile(r"\b(more than|over|at least)\b", re.I)
_APPROX = re.compile(r"\b(approx\.?|approximately|around|about)\b", re.I)


@lru_cache(maxsize=4096)  # a file uses few distinct unit texts: one regex search each, not one per row
def qualifier_from_unit(unit_as_published: str) -> str:
    """'>' if the row's unit says the source gave a lower bound, '≈' if it says the source rounded, else ''."""
    text = str(unit_as_published)
    if _LOWER_BOUND.search(text):
        return ">"
    if _APPROX.search(text):
        return "≈"
    return ""


def cut_date(info: dict) -> date | None:
    """The last day a document's figures can cover: `data_through`, else a publication date known to the day."""
    return _cut(str(info.get("data_through", "") or "").strip(), str(info.get("published", "") or "").strip())


@lru_cache(maxsize=4096)
def _cut(data_through: str, published: str) -> date | None:
    for text in (data_through, published):
        if len(text) == 10:
            return date.fromisoformat(text)
    return None


def cut_period(start: date, end: date, info: dict) -> tuple[date, date]:
    """The period a figure really covers: the rule's period, ended no later than the document allows."""
    cut = cut_date(info)
    if cut is not None and start <= cut < end:
        return start, cut
    return start, end


def is_full_year(start, end) -> bool:
    """A whole calendar year (works on dates and timestamps alike, without converting either)."""
    return (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year


def choose(frame: pd.DataFrame, key: list[str], precedence: dict[str, int], value: str) -> pd.DataFrame:
    """THE precedence rule, for tiers and values alike. For each cell (`key`), the row that speaks for it is the one
    whose publication kind ranks first (data/reference/publication_kinds.csv: primary document 1 … secondary list 5);
    ties go to the earlier file in the build's order (`file_rank`, the main bundled file first), then the earlier
    line. Adds `preferred` (bool), `n_sources` (rows in the cell) and `disagrees` (other rows in the cell give a
    different `value`), so a page can show one value per cell and still say when sources differ."""
    out = frame.copy()
    if out.empty:
        out["preferred"], out["n_sources"], out["disagrees"] = pd.Series(dtype=bool), pd.Series(dtype="int64"), pd.Series(dtype=bool)
        return out
    rank = out["publication_kind"].map(precedence).fillna(99)
    order = out.assign(_rank=rank).sort_values(["_rank", "file_rank", "raw_line"], kind="stable")
    first = ~order.duplicated(key, keep="first")
    out["preferred"] = first.reindex(out.index)
    grouped = out.groupby(key, dropna=False, sort=False)[value]
    out["n_sources"] = grouped.transform("size").astype("int64")
    # vectorised: a per-group Python lambda took minutes on a million cells
    out["disagrees"] = (grouped.transform("nunique", dropna=False) > 1).astype(bool)
    return out
