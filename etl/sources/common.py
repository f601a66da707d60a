"""Small parsing helpers shared by the source modules; each returns (value, reason-or-None)."""
from __future__ import annotations

import hashlib
import re
from functools import lru_cache

YEAR_MIN, YEAR_MAX = 1990, 2030
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_YEAR = re.compile(r"\d{4}")


@lru_cache(maxsize=4096)  # years repeat: a cache hit per row instead of a regex
def parse_year(text: str) -> tuple[int | None, str | None]:
    t = str(text).strip()
    if not _YEAR.fullmatch(t):
        return None, f'year "{t}" is not a four-digit year'
    y = int(t)
    if not YEAR_MIN <= y <= YEAR_MAX:
        return None, f"year {y} is outside {YEAR_MIN}–{YEAR_MAX}"
    return y, None


def parse_number(text: str) -> tuple[float | None, str | None]:
    """A plain number. Thousands separators are accepted ("1,526"); "<5", "n/a", "" and words are not."""
    t = str(text).strip().replace(",", "")
    if t == "":
        return None, "value is empty (leave a missing figure out; never enter it as blank or 0)"
    if not _NUMBER.match(t):
        return None, f'value "{text}" is not a number'
    v = float(t)
    if v < 0:
        return None, f"value {text} is negative; counts and shares cannot be negative"
    return v, None


@lru_cache(maxsize=65536)  # a file cites few sources: hash each once
def source_id(title: str) -> str:
    """Stable id of a source document (one row of data/reference/sources.csv): the same title always gives the same id.
    Row-level links (a country chapter's own URL) stay on the rows; the document is the title."""
    return "src-" + hashlib.sha1(title.strip().encode()).hexdigest()[:10]
