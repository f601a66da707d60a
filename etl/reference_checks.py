"""Checks of the reference files, column by column, each problem reported on the reference file's own line.

Every column the ETL or the read side relies on is checked here, so that a bad value is blamed on the file that
holds it (a typo in geographies.csv is reported on geographies.csv, not on the GeoJSON; a bad month in
period_rules.csv on period_rules.csv, not as an error in every data file that uses the rule) and so that no
accepted value can crash a page later (headline_rank "third", an event year "2018a").
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from etl.paths import rel
from etl.problems import Problems
from etl.reference import AGE_SCOPES, GEO_LEVELS, MEASURE_TYPES, SEX_SCOPES, normalise_name, partial_date
from etl.sources.common import YEAR_MAX, YEAR_MIN
from etl.validate import text_problem, url_problem

# PK, PK-PB, PK-PB~LAHORE, PK~FIA-ISB-ZONE (a zone spanning provinces hangs from the country), or a country code
GEO_CODE = re.compile(r"^(?:PK(?:-[A-Z]{2})?(?:~[A-Z0-9]+(?:-[A-Z0-9]+)*)?|[A-Z]{3})$")
IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]*$")
MONTH_DAY = re.compile(r"^(\d{2})-(\d{2})$")
SAMPLE_YEAR = 2021  # a non-leap year in the middle of the data, to check that a rule's start is before its end


@dataclass
class _Context:
    """The reference frames, their line numbers, and the problem helpers every named check uses."""
    frames: dict[str, pd.DataFrame]
    lines: dict[str, list[int]]
    directory: Path
    problems: Problems

    def bad(self, file: str, i: int, col: str, reason: str) -> None:
        self.problems.add(rel(self.directory / file), self.lines[file][i], col, reason)

    def texts(self, file: str, frame: pd.DataFrame, cols, optional=()) -> None:
        for col in cols:
            for i, v in enumerate(frame[col]):
                if v.strip() == "" and col in optional:
                    continue
                why = text_problem(v, col)
                if why:
                    self.bad(file, i, col, why)

    def unique(self, file: str, frame: pd.DataFrame, col: str) -> None:
        seen: dict[str, int] = {}
        for i, v in enumerate(frame[col]):
            if v in seen:
                self.bad(file, i, col, f'duplicate {col} "{v}" (also on line {self.lines[file][seen[v]]})')
            else:
                seen[v] = i


def geographies(ctx: _Context) -> None:
    """Codes, levels and parents of geographies.csv: a province hangs from PK, a zone/city/district from its province."""
    f = "geographies.csv"
    iso3s = set(ctx.frames["countries.csv"].iso3)
    g = ctx.frames[f]
    codes = set(g.geo_code)
    levels = dict(zip(g.geo_code, g.level))
    ctx.texts(f, g, ["name", "name_ur"])
    ctx.unique(f, g, "geo_code")
    for i, r in enumerate(g.itertuples(index=False)):
        if not GEO_CODE.match(r.geo_code):
            ctx.bad(f, i, "geo_code", f'"{r.geo_code}" is not a code like PK, PK-PB, PK-PB~LAHORE or a 3-letter country code')
        if r.level not in GEO_LEVELS:
            ctx.bad(f, i, "level", f'unknown level "{r.level}"; one of {", ".join(GEO_LEVELS)}')
        if r.parent_code and r.parent_code not in codes:
            ctx.bad(f, i, "parent_code", f'parent "{r.parent_code}" is not a geo_code in this file')
        elif r.level == "province" and (r.parent_code != "PK" or not r.geo_code.startswith("PK-") or "~" in r.geo_code):
            ctx.bad(f, i, "parent_code", f"a province's code is PK-XX and its parent is PK (got {r.geo_code}, parent {r.parent_code or 'none'})")
        elif r.level in ("zone", "city", "district") and (levels.get(r.parent_code) not in ("province", "country")
                                                        or (levels.get(r.parent_code) == "country" and r.level != "zone")
                                                        or not r.geo_code.startswith(r.parent_code + "~")):
            ctx.bad(f, i, "parent_code", f"a {r.level}'s parent is its province (or, for an agency zone spanning provinces, PK) and "
                                     f'its code starts with the parent\'s code and "~" (got {r.geo_code}, parent {r.parent_code or "none"})')
        if r.level == "foreign country" and r.geo_code not in iso3s:
            ctx.bad(f, i, "geo_code", f'"{r.geo_code}" is not an iso3 code in countries.csv')
        if r.iso_3166_2 and r.iso_3166_2 != r.geo_code:
            ctx.bad(f, i, "iso_3166_2", f'"{r.iso_3166_2}" differs from geo_code "{r.geo_code}"')
        if r.status != "current" and not r.status.startswith("former"):
            ctx.bad(f, i, "status", f'"{r.status}" is neither "current" nor "former: ..."')


def geo_aliases(ctx: _Context) -> None:
    """Every alias names a known geography and means only one of them."""
    f = "geo_aliases.csv"
    g = ctx.frames["geographies.csv"]
    codes = set(g.geo_code)
    a = ctx.frames[f]
    ctx.texts(f, a, ["alias"])
    seen = {normalise_name(n): c for n, c in zip(g.name, g.geo_code)}
    for i, r in enumerate(a.itertuples(index=False)):
        if r.geo_code not in codes:
            ctx.bad(f, i, "geo_code", f'"{r.geo_code}" is not in geographies.csv')
            continue
        key = normalise_name(r.alias)
        if seen.setdefault(key, r.geo_code) != r.geo_code:
            ctx.bad(f, i, "alias", f'"{r.alias}" already means {seen[key]}, cannot also mean {r.geo_code}')


def countries(ctx: _Context) -> None:
    """ISO codes of countries.csv are well formed and unique."""
    f = "countries.csv"
    c = ctx.frames[f]
    ctx.texts(f, c, ["name", "region", "subregion"])
    ctx.unique(f, c, "iso3")
    numerics: dict[str, int] = {}
    for i, r in enumerate(c.itertuples(index=False)):
        if not re.fullmatch(r"[A-Z]{3}", r.iso3):
            ctx.bad(f, i, "iso3", f'"{r.iso3}" is not three capital letters')
        if r.iso_numeric:
            if not re.fullmatch(r"\d{3}", r.iso_numeric):
                ctx.bad(f, i, "iso_numeric", f'"{r.iso_numeric}" is not a three-digit ISO 3166-1 numeric code')
            elif r.iso_numeric in numerics:
                ctx.bad(f, i, "iso_numeric", f"duplicate iso_numeric {r.iso_numeric} (also on line {ctx.lines[f][numerics[r.iso_numeric]]})")
            else:
                numerics[r.iso_numeric] = i
        if any(not x.strip() for x in r.aliases.split("|")) and r.aliases:
            ctx.bad(f, i, "aliases", "an empty alias between '|' separators")
        if "in_tip_file" in c.columns and r.in_tip_file not in ("yes", "no"):
            ctx.bad(f, i, "in_tip_file", f'"{r.in_tip_file}" is not yes or no')


def source_kinds(ctx: _Context) -> None:
    """Source kinds are unique identifiers with labels in both languages."""
    f = "source_kinds.csv"
    k = ctx.frames[f]
    ctx.texts(f, k, ["label", "description", "label_ur"])
    ctx.unique(f, k, "source_kind")
    for i, v in enumerate(k.source_kind):
        if not IDENTIFIER.match(v):
            ctx.bad(f, i, "source_kind", f'"{v}" is not an identifier (lower-case letters, digits, _)')


def period_rules(ctx: _Context) -> None:
    """Each period rule gives real month-days and year offsets, and starts before it ends."""
    f = "period_rules.csv"
    p = ctx.frames[f]
    ctx.texts(f, p, ["label", "label_ur"])
    ctx.unique(f, p, "period_rule")
    for i, r in enumerate(p.itertuples(index=False)):
        if not IDENTIFIER.match(r.period_rule):
            ctx.bad(f, i, "period_rule", f'"{r.period_rule}" is not an identifier (lower-case letters, digits, _)')
        ok = True
        for col in ("start_month_day", "end_month_day"):
            why = _month_day_problem(getattr(r, col))
            if why:
                ctx.bad(f, i, col, why)
                ok = False
        if r.start_fixed:
            try:
                date.fromisoformat(r.start_fixed)
            except ValueError:
                ctx.bad(f, i, "start_fixed", f'"{r.start_fixed}" is not a date like 2020-01-01')
                ok = False
        elif not re.fullmatch(r"-?\d{1,2}", r.start_year_offset):
            ctx.bad(f, i, "start_year_offset", f'"{r.start_year_offset}" is not a whole number of years (e.g. 0 or -1); '
                                           "leave it empty only when start_fixed is given")
            ok = False
        if not re.fullmatch(r"-?\d{1,2}", r.end_year_offset):
            ctx.bad(f, i, "end_year_offset", f'"{r.end_year_offset}" is not a whole number of years (e.g. 0)')
            ok = False
        if r.is_full_year not in ("yes", "no"):
            ctx.bad(f, i, "is_full_year", f'"{r.is_full_year}" is not yes or no')
        if ok and not r.start_fixed:
            sm, sd = (int(x) for x in r.start_month_day.split("-"))
            em, ed = (int(x) for x in r.end_month_day.split("-"))
            start = date(SAMPLE_YEAR + int(r.start_year_offset), sm, sd)
            end = date(SAMPLE_YEAR + int(r.end_year_offset), em, ed)
            if start > end:
                ctx.bad(f, i, "start_month_day", f"the period would start ({start:%m-%d}, year offset {r.start_year_offset}) "
                                             f"after it ends ({end:%m-%d}, year offset {r.end_year_offset})")


def indicators(ctx: _Context) -> None:
    """Each indicator is an identifier with a known period rule, source kind and measure type; headline ranks are unique."""
    f = "indicators.csv"
    rules = set(ctx.frames["period_rules.csv"].period_rule)
    kinds = set(ctx.frames["source_kinds.csv"].source_kind)
    ind = ctx.frames[f]
    ctx.texts(f, ind, ["topic", "label", "definition", "unit", "caveat", "label_ur", "summary_ur"])
    ctx.unique(f, ind, "indicator_id")
    ranks: dict[int, int] = {}
    for i, r in enumerate(ind.itertuples(index=False)):
        if not IDENTIFIER.match(r.indicator_id):
            ctx.bad(f, i, "indicator_id", f'"{r.indicator_id}" is not an identifier (lower-case letters, digits, _)')
        if r.period_rule not in rules:
            ctx.bad(f, i, "period_rule", f'unknown period rule "{r.period_rule}" (not in period_rules.csv)')
        if r.source_kind not in kinds:
            ctx.bad(f, i, "source_kind", f'unknown source kind "{r.source_kind}" (not in source_kinds.csv)')
        if r.measure_type not in MEASURE_TYPES:
            ctx.bad(f, i, "measure_type", f'"{r.measure_type}" is not one of {", ".join(MEASURE_TYPES)}')
        rank = r.headline_rank.strip()
        if rank:
            if not re.fullmatch(r"[1-9]\d{0,2}", rank):
                ctx.bad(f, i, "headline_rank", f'"{rank}" is not empty or a positive whole number (1 = first headline)')
            elif int(rank) in ranks:
                ctx.bad(f, i, "headline_rank", f"rank {rank} is also given on line {ctx.lines[f][ranks[int(rank)]]}")
            else:
                ranks[int(rank)] = i


def indicator_scopes(ctx: _Context) -> None:
    """Each indicator's age and sex scope is one the read side knows."""
    f = "indicators.csv"
    ind = ctx.frames[f]
    for i, r in enumerate(ind.itertuples(index=False)):
        if r.age_scope not in AGE_SCOPES:
            ctx.bad(f, i, "age_scope", f'"{r.age_scope}" is not one of {", ".join(AGE_SCOPES)}')
        if r.sex_scope not in SEX_SCOPES:
            ctx.bad(f, i, "sex_scope", f'"{r.sex_scope}" is not one of {", ".join(SEX_SCOPES)}')


def publication_kinds(ctx: _Context) -> None:
    """Publication kinds are unique identifiers with a precedence (1 ranks first)."""
    f = "publication_kinds.csv"
    pk = ctx.frames[f]
    ctx.texts(f, pk, ["label", "label_ur", "description"])
    ctx.unique(f, pk, "publication_kind")
    for i, r in enumerate(pk.itertuples(index=False)):
        if not IDENTIFIER.match(r.publication_kind):
            ctx.bad(f, i, "publication_kind", f'"{r.publication_kind}" is not an identifier (lower-case letters, digits, _)')
        if not re.fullmatch(r"[1-9]\d?", r.precedence):
            ctx.bad(f, i, "precedence", f'"{r.precedence}" is not a whole number from 1 (ranks first)')


def sources(ctx: _Context) -> None:
    """Each described document has its texts, a valid link, a known publication kind and real dates."""
    f = "sources.csv"
    pub_kinds = set(ctx.frames["publication_kinds.csv"].publication_kind)
    src = ctx.frames[f]
    ctx.texts(f, src, ["title", "producer", "publisher", "licence", "study_id", "study_label"])
    ctx.texts(f, src, ["notes"], optional=("notes",))
    ctx.unique(f, src, "title")
    for i, r in enumerate(src.itertuples(index=False)):
        if r.url.strip() and (why := url_problem(r.url, "url")):
            ctx.bad(f, i, "url", why)
        if r.publication_kind not in pub_kinds:
            ctx.bad(f, i, "publication_kind", f'unknown publication kind "{r.publication_kind}" (not in publication_kinds.csv)')
        for col in ("published", "data_through"):
            v = getattr(r, col).strip()
            if v and not partial_date(v):
                ctx.bad(f, i, col, f'"{v}" is not a date like 2017-12-28, 2017-12 or 2017')
        if r.data_through.strip() and len(r.data_through.strip()) != 10:
            ctx.bad(f, i, "data_through", "must be a full date (YYYY-MM-DD): it cuts a period short")
        if r.language not in ("en", "ur"):
            ctx.bad(f, i, "language", f'"{r.language}" is not en or ur')


def events(ctx: _Context) -> None:
    """Each event has a real year, a valid link and a pointer to a data row in data/raw."""
    f = "events.csv"
    ev = ctx.frames[f]
    ctx.texts(f, ev, ["label", "description", "quote", "label_ur"])
    ctx.unique(f, ev, "event_id")
    for i, r in enumerate(ev.itertuples(index=False)):
        if not re.fullmatch(r"\d{4}", r.year) or not YEAR_MIN <= int(r.year) <= YEAR_MAX:
            ctx.bad(f, i, "year", f'"{r.year}" is not a four-digit year between {YEAR_MIN} and {YEAR_MAX}')
        if not IDENTIFIER.match(r.event_id):
            ctx.bad(f, i, "event_id", f'"{r.event_id}" is not an identifier (lower-case letters, digits, _)')
        why = url_problem(r.source_url, "source_url")
        if why:
            ctx.bad(f, i, "source_url", why)
        if not re.fullmatch(r"[a-z0-9_]+(/[a-z0-9_][a-z0-9_.-]*)+", r.raw_file) or ".." in r.raw_file:
            ctx.bad(f, i, "raw_file", f'"{r.raw_file}" is not a path under data/raw like cases/file.csv')
        if not re.fullmatch(r"[1-9]\d{0,6}", r.raw_line) or int(r.raw_line) < 2:
            ctx.bad(f, i, "raw_line", f'"{r.raw_line}" is not a line number of a data row (2 or more)')

# In file order, so a report lists a file's problems together; each check reads only the frames it names.
CHECKS = (geographies, geo_aliases, countries, source_kinds, period_rules, indicators, indicator_scopes, publication_kinds,
          sources, events)


def check(frames: dict[str, pd.DataFrame], lines: dict[str, list[int]], directory: Path, problems: Problems) -> None:
    ctx = _Context(frames, lines, directory, problems)
    for named_check in CHECKS:
        named_check(ctx)


def _month_day_problem(text: str) -> str | None:
    m = MONTH_DAY.match(text)
    if not m:
        return f'"{text}" is not a month and day like 01-31'
    month, day = int(m.group(1)), int(m.group(2))
    if (month, day) == (2, 29):
        return '"02-29" does not exist in most years; use 02-28 or 03-01'
    try:
        date(SAMPLE_YEAR, month, day)
    except ValueError:
        return f'"{text}" is not a real month and day'
    return None
