"""Derived tables: rates per 100,000, the coverage matrix and the sources catalogue (sanity checks: etl/checks.py).

Denominator rule for rates (one rule for both measures; docs/METHODOLOGY.md): a figure for a period ending in year Y is
divided by a population from ONE census: the census nearest to Y (ties go to the earlier census), only if it is at most
MAX_CENSUS_DISTANCE years away. Per-100,000-population and per-100,000-children rates of the same figure therefore use
the same census; if that census has no under-18 count for the place (only Census 2023 has one), there is no per-child
rate rather than one from another census. Khyber Pakhtunkhwa's denominator is on the figure's boundary (before 2018
without FATA, from 2018 with it). National denominators are PBS census totals, which exclude AJK and Gilgit-Baltistan:
a national count whose indicator says it includes them (Sahil's) gets no national rate. Only counts of all sexes get
rates; a lower bound ("more than 35") gives a lower-bound rate.
"""
from __future__ import annotations

import pandas as pd

from etl.reference import Reference
from etl.sources.common import source_id

MAX_CENSUS_DISTANCE = 5
RATE_LEVELS = ("country", "province")
NATIONAL_DENOMINATOR_COVERAGE = "Pakistan excluding AJK and Gilgit-Baltistan (PBS census tables)"
PER = 100_000
RATE_COLUMNS = ["geo_code", "geo_level", "indicator_id", "year", "period_start", "period_end", "period_rule", "full_year",
                "measure", "value", "value_qualifier", "unit", "numerator", "denominator", "denominator_census_year",
                "denominator_source_id", "denominator_label", "sex", "age_group", "source_id", "raw_file", "raw_line",
                "base_unit", "per", "per_population",  # the unit in parts: base_unit per `per` of the population or children
                # the figure's own source and standing, carried so a reader never joins them back from indicator_values
                "source_title", "source_url", "source_quote", "unit_as_published", "publication_kind", "study_id", "preferred"]


def census_year_for(year: int, census_years) -> int | None:
    """The census a figure ending in `year` is divided by: nearest, ties to the earlier, at most 5 years away."""
    years = sorted(set(int(c) for c in census_years))
    if not years:
        return None
    best = min(years, key=lambda c: (abs(c - year), c))
    return best if abs(best - year) <= MAX_CENSUS_DISTANCE else None


def _denominator_label(geo_name: str, census: int, age: str, basis: str) -> str:
    who = "children under 18" if age == "0-17" else "population"
    where = NATIONAL_DENOMINATOR_COVERAGE if geo_name == "Pakistan" else geo_name
    if basis == "pre_2018_excluding_fata":
        where += " (excluding the former FATA)"
    elif basis == "post_2018_including_fata":
        where += " (including the former FATA)"
    return f"Census {census} {who}, {where}"


def rates(values: pd.DataFrame, pop: pd.DataFrame, ref: Reference) -> pd.DataFrame:
    """Rates per 100,000 under the module's denominator rule, as joins (linear in the number of figures)."""
    meta = ref.indicator
    counts = values[(values.indicator_id.map(meta.measure_type) == "count") & values.geo_level.isin(RATE_LEVELS)
                    & (values.sex == "all")]
    covers_more = counts.indicator_id.map(meta.national_coverage).fillna("").str.strip() != ""
    counts = counts[~((counts.geo_code == "PK") & covers_more)]  # the count covers more than the census total does
    if counts.empty or pop.empty:
        return _typed_rates(pd.DataFrame(columns=RATE_COLUMNS))
    end_year = counts.period_end.dt.year
    census_years = sorted(pop.census_year.unique())
    census = end_year.map({y: census_year_for(int(y), census_years) for y in end_year.unique()})
    basis = pd.Series("unchanged", index=counts.index).mask(counts.geo_code == "PK-KP", "pre_2018_excluding_fata")
    basis = basis.mask((counts.geo_code == "PK-KP") & (end_year >= 2018), "post_2018_including_fata")
    base = counts.assign(census_year=census, boundary_basis=basis).dropna(subset=["census_year"])
    base["census_year"] = base.census_year.astype("int64")
    totals = pop[pop.sex == "all"][["geo_code", "age_group", "census_year", "boundary_basis", "population", "source_id"]]
    totals = totals.rename(columns={"age_group": "denominator_age", "source_id": "denominator_source_id"})
    names = dict(zip(ref.geographies.geo_code, ref.geographies.name))
    parts = []
    for measure, age in (("per_100k_population", "all"), ("per_100k_children", "0-17")):
        rows = base if age == "all" else base[base.age_group == "0-17"]
        joined = rows.assign(denominator_age=age).merge(totals, on=["geo_code", "denominator_age", "census_year", "boundary_basis"],
                                                        how="inner")  # no denominator in that census: no rate
        if joined.empty:
            continue
        unit = joined.indicator_id.map(meta.unit) + (" per 100,000 population" if age == "all" else " per 100,000 children (under 18)")
        labels = {k: _denominator_label(names.get(k[0], k[0]), k[1], age, k[2])
                  for k in joined[["geo_code", "census_year", "boundary_basis"]].drop_duplicates().itertuples(index=False)}
        parts.append(joined.assign(
            measure=measure, numerator=joined.value, value=joined.value / joined.population * PER, unit=unit,
            base_unit=joined.indicator_id.map(meta.unit), per=PER, per_population="population" if age == "all" else "children",
            denominator=joined.population, denominator_census_year=joined.census_year,
            denominator_label=[labels[(g, c, b)] for g, c, b in zip(joined.geo_code, joined.census_year, joined.boundary_basis)]))
    frame = pd.concat(parts, ignore_index=True)[RATE_COLUMNS] if parts else pd.DataFrame(columns=RATE_COLUMNS)
    return _typed_rates(frame)


def _typed_rates(frame: pd.DataFrame) -> pd.DataFrame:
    for col in ("period_start", "period_end"):
        frame[col] = frame[col].astype("datetime64[ms]")
    return frame.astype({"year": "int64", "denominator": "int64", "denominator_census_year": "int64", "raw_line": "int64",
                         "value": "float64", "numerator": "float64", "full_year": "bool", "per": "int64",
                         "preferred": "bool"})


def coverage(values: pd.DataFrame) -> pd.DataFrame:
    """Which geography x indicator x year has data, how many values, over which kinds of period, and whether every
    value there covers the whole calendar year."""
    if values.empty:
        return pd.DataFrame(columns=["geo_code", "geo_level", "indicator_id", "year", "n_values", "period_rules", "full_year"])
    keys = ["geo_code", "geo_level", "indicator_id", "year"]
    n = values.groupby(keys, sort=True).size().rename("n_values")
    rules = (values[[*keys, "period_rule"]].drop_duplicates().sort_values([*keys, "period_rule"])  # joined once per group,
             .groupby(keys, sort=True).period_rule.agg("|".join).rename("period_rules"))          # not once per row
    full = values.groupby(keys, sort=True).full_year.all().rename("full_year")
    cov = pd.concat([n, rules, full], axis=1).reset_index()
    return cov.astype({"year": "int64", "n_values": "int64", "full_year": "bool"})


SOURCE_COLUMNS = ["source_id", "title", "url", "producer", "publisher", "publication_kind", "published", "data_through",
                  "study_id", "study_label", "licence", "language", "notes", "n_rows"]


def sources(frames: list[pd.DataFrame], ref: Reference) -> pd.DataFrame:
    """One row per source document cited anywhere, as described in data/reference/sources.csv or in the sidecar of the
    file that cites it (never guessed from its title), with the number of rows that cite it."""
    titles = pd.concat([f["source_title"] for f in frames if not f.empty and "source_title" in f], ignore_index=True)
    n = titles.str.strip().value_counts()
    docs = pd.DataFrame([{c: str(ref.source[t].get(c, "") or "") for c in SOURCE_COLUMNS if c not in ("source_id", "n_rows")}
                         for t in n.index if t in ref.source])
    docs["source_id"] = docs.title.map(source_id)
    docs["n_rows"] = docs.title.map(n).astype("int64")
    return docs[SOURCE_COLUMNS].sort_values("source_id").reset_index(drop=True)
