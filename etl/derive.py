"""Derived tables: rates per 100,000, the coverage matrix, the sources catalogue, and named sanity checks.

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

from etl.problems import Problems
from etl.reference import Reference
from etl.sources.common import source_id

MAX_CENSUS_DISTANCE = 5
RATE_LEVELS = ("country", "province")
NATIONAL_DENOMINATOR_COVERAGE = "Pakistan excluding AJK and Gilgit-Baltistan (PBS census tables)"
RATE_COLUMNS = ["geo_code", "geo_level", "indicator_id", "year", "period_start", "period_end", "period_rule", "full_year",
                "measure", "value", "value_qualifier", "unit", "numerator", "denominator", "denominator_census_year",
                "denominator_source_id", "denominator_label", "sex", "age_group", "source_id", "raw_file", "raw_line"]


def _basis_ok(geo: str, year: int, basis: str) -> bool:
    if geo != "PK-KP":
        return basis == "unchanged"
    return basis == ("post_2018_including_fata" if year >= 2018 else "pre_2018_excluding_fata")


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
    meta = ref.indicator
    counts = values[values.indicator_id.map(meta.measure_type) == "count"]
    counts = counts[counts.geo_level.isin(RATE_LEVELS) & (counts.sex == "all")]
    census_years = sorted(pop.census_year.unique()) if len(pop) else []
    totals = pop[pop.sex == "all"]
    candidates: dict[tuple, list[dict]] = {}
    for r in totals.to_dict("records"):
        candidates.setdefault((r["geo_code"], r["age_group"], int(r["census_year"])), []).append(r)
    names = dict(zip(ref.geographies.geo_code, ref.geographies.name))
    out = []
    for r in counts.to_dict("records"):
        geo, end_year = r["geo_code"], r["period_end"].year
        if geo == "PK" and str(meta.at[r["indicator_id"], "national_coverage"]).strip():
            continue  # the count covers more than the census total does
        census = census_year_for(end_year, census_years)
        if census is None:
            continue
        measures = [("per_100k_population", "all")]
        if r["age_group"] == "0-17":
            measures.append(("per_100k_children", "0-17"))
        for measure, age in measures:
            d = next((c for c in candidates.get((geo, age, census), []) if _basis_ok(geo, end_year, c["boundary_basis"])), None)
            if d is None:
                continue  # that census has no such denominator for this place: no rate from another census
            out.append({"geo_code": geo, "geo_level": r["geo_level"], "indicator_id": r["indicator_id"], "year": r["year"],
                        "period_start": r["period_start"], "period_end": r["period_end"], "period_rule": r["period_rule"],
                        "full_year": r["full_year"], "measure": measure, "value": r["value"] / d["population"] * 100_000,
                        "value_qualifier": r["value_qualifier"],
                        "unit": f"{meta.at[r['indicator_id'], 'unit']} per 100,000 "
                                + ("population" if measure == "per_100k_population" else "children (under 18)"),
                        "numerator": r["value"], "denominator": int(d["population"]), "denominator_census_year": census,
                        "denominator_source_id": d["source_id"],
                        "denominator_label": _denominator_label(names.get(geo, geo), census, age, d["boundary_basis"]),
                        "sex": r["sex"], "age_group": r["age_group"], "source_id": r["source_id"],
                        "raw_file": r["raw_file"], "raw_line": r["raw_line"]})
    frame = pd.DataFrame(out, columns=RATE_COLUMNS)
    for col in ("period_start", "period_end"):
        frame[col] = frame[col].astype("datetime64[ms]")
    return frame.astype({"year": "int64", "denominator": "int64", "denominator_census_year": "int64", "raw_line": "int64",
                         "value": "float64", "numerator": "float64", "full_year": "bool"})


def coverage(values: pd.DataFrame) -> pd.DataFrame:
    """Which geography x indicator x year has data, how many values, over which kinds of period, and whether every
    value there covers the whole calendar year."""
    if values.empty:
        return pd.DataFrame(columns=["geo_code", "geo_level", "indicator_id", "year", "n_values", "period_rules", "full_year"])
    g = values.groupby(["geo_code", "geo_level", "indicator_id", "year"], sort=True)
    cov = g.agg(n_values=("value", "size"), period_rules=("period_rule", lambda s: "|".join(sorted(set(s)))),
                full_year=("full_year", "all")).reset_index()
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


# ---- named sanity checks ------------------------------------------------------------------------------------
def check_census_sums(pop: pd.DataFrame, problems: Problems) -> None:
    """National census total equals the sum of its units (PBS tables exclude AJK and GB)."""
    t = pop[(pop.age_group == "all") & (pop.sex == "all")]
    for year, grp in t.groupby("census_year"):
        nat = grp[grp.geo_code == "PK"]
        if nat.empty:
            continue
        units = grp[~grp.geo_code.isin(["PK", "PK-JK", "PK-GB"])]
        if year < 2018:  # KP without FATA, plus FATA as its own unit
            units = units[units.boundary_basis != "post_2018_including_fata"]
        else:
            units = units[units.geo_code != "PK-TA"]
        if units.population.sum() != nat.population.iloc[0]:
            problems.add(nat.raw_file.iloc[0], int(nat.raw_line.iloc[0]), "population",
                         f"census {year}: units sum to {units.population.sum():,} but the national total is {nat.population.iloc[0]:,}")


def check_provinces_within_national(values: pd.DataFrame, problems: Problems) -> None:
    """A provincial count from one source never exceeds the national count of the same source and period."""
    key = ["indicator_id", "period_start", "period_end", "sex", "age_group", "source_id"]
    nat = values[values.geo_code == "PK"].set_index(key).value
    prov = values[values.geo_level == "province"]
    for r in prov.itertuples(index=False):
        k = tuple(getattr(r, c) for c in key)
        if k in nat.index and r.value > nat.loc[k].max() and not r.indicator_id.startswith("share"):
            problems.add(r.raw_file, r.raw_line, "value", f"{r.geo_code} {r.indicator_id} {r.year} = {r.value:g} exceeds the national figure {nat.loc[k].max():g} from the same source")
