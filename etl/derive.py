"""Derived tables: rates per 100,000, the coverage matrix, the sources catalogue, and named sanity checks.

Census-year rule for rates (documented in docs/METHODOLOGY.md): a figure for a period ending in year Y is divided by
the population of the census nearest to Y (ties go to the earlier census), only if that census is at most
MAX_CENSUS_DISTANCE years away; otherwise no rate is computed. For Khyber Pakhtunkhwa the denominator must be on the
same boundary as the figure: periods ending before 2018 use KP without FATA, later periods KP including FATA.
Only counts get rates; shares and changes do not.
"""
from __future__ import annotations

import re

import pandas as pd

from etl.problems import Problems
from etl.readers import records
from etl.reference import Reference

MAX_CENSUS_DISTANCE = 5
RATE_LEVELS = ("country", "province")
RATE_COLUMNS = ["geo_code", "geo_level", "indicator_id", "year", "period_start", "period_end", "period_rule", "measure",
                "value", "unit", "numerator", "denominator", "denominator_census_year", "denominator_source_id",
                "sex", "age_group", "source_id", "raw_file", "raw_line"]


def _basis_ok(geo: str, year: int, basis: str) -> bool:
    if geo != "PK-KP":
        return basis == "unchanged"
    return basis == ("post_2018_including_fata" if year >= 2018 else "pre_2018_excluding_fata")


def _denominators(pop: pd.DataFrame) -> dict[tuple[str, str], list[dict]]:
    """Census rows by (geo_code, age_group), all sexes only: the candidates for a rate's denominator."""
    out: dict[tuple[str, str], list[dict]] = {}
    for r in pop[pop.sex == "all"].to_dict("records"):
        out.setdefault((r["geo_code"], r["age_group"]), []).append(r)
    return out


def _denominator(cands: list[dict], geo: str, year: int):
    cands = [c for c in cands if _basis_ok(geo, year, c["boundary_basis"])]
    if not cands:
        return None
    best = min(cands, key=lambda c: (abs(c["census_year"] - year), c["census_year"]))  # ties -> earlier census
    return None if abs(best["census_year"] - year) > MAX_CENSUS_DISTANCE else best


def rates(values: pd.DataFrame, pop: pd.DataFrame, ref: Reference) -> pd.DataFrame:
    measure_type = ref.indicator.measure_type.to_dict()
    topic = ref.indicator.topic.to_dict()
    unit = ref.indicator.unit.to_dict()
    counts = values[values.indicator_id.map(measure_type) == "count"]
    counts = counts[counts.geo_level.isin(RATE_LEVELS) & (counts.sex == "all")]
    denominators = _denominators(pop)
    out = []
    for r in records(counts):
        year = r["period_end"].year
        measures = [("per_100k_population", "all")]
        if topic[r["indicator_id"]] == "children" and r["age_group"] == "0-17":
            measures.append(("per_100k_children", "0-17"))
        for measure, age in measures:
            d = _denominator(denominators.get((r["geo_code"], age), []), r["geo_code"], year)
            if d is None:
                continue
            out.append({"geo_code": r["geo_code"], "geo_level": r["geo_level"], "indicator_id": r["indicator_id"], "year": r["year"],
                        "period_start": r["period_start"], "period_end": r["period_end"], "period_rule": r["period_rule"],
                        "measure": measure, "value": r["value"] / d["population"] * 100_000,
                        "unit": f"{unit[r['indicator_id']]} per 100,000 "
                                + ("population" if measure == "per_100k_population" else "children (under 18)"),
                        "numerator": r["value"], "denominator": int(d["population"]), "denominator_census_year": int(d["census_year"]),
                        "denominator_source_id": d["source_id"], "sex": r["sex"], "age_group": r["age_group"],
                        "source_id": r["source_id"], "raw_file": r["raw_file"], "raw_line": r["raw_line"]})
    frame = pd.DataFrame(out, columns=RATE_COLUMNS)
    for col in ("period_start", "period_end"):
        frame[col] = frame[col].astype("datetime64[ms]")
    return frame.astype({"year": "int64", "denominator": "int64", "denominator_census_year": "int64", "raw_line": "int64",
                         "value": "float64", "numerator": "float64"})


def coverage(values: pd.DataFrame) -> pd.DataFrame:
    """Which geography x indicator x year has data, how many values, and over which kinds of period."""
    if values.empty:
        return pd.DataFrame(columns=["geo_code", "geo_level", "indicator_id", "year", "n_values", "period_rules", "full_year"])
    keys = ["geo_code", "geo_level", "indicator_id", "year"]
    n = values.groupby(keys, sort=True).size().rename("n_values")
    rules = (values[[*keys, "period_rule"]].drop_duplicates().sort_values([*keys, "period_rule"])  # joined once per group,
             .groupby(keys, sort=True).period_rule.agg("|".join).rename("period_rules"))          # not once per row
    cov = pd.concat([n, rules], axis=1).reset_index()
    cov["full_year"] = cov.period_rules == "calendar_year"
    return cov.astype({"year": "int64", "n_values": "int64"})


def sources(frames: list[pd.DataFrame], ref: Reference) -> pd.DataFrame:
    """One row per source document cited anywhere, with publisher, kind and licence from publishers.csv."""
    cols = ["source_id", "source_title", "source_url"]
    parts = [f[[c for c in cols if c in f.columns]] for f in frames if not f.empty]
    docs = pd.concat(parts, ignore_index=True)
    if "source_url" not in docs:
        docs["source_url"] = ""
    docs["source_url"] = docs["source_url"].fillna("")
    n = docs.groupby("source_id").size().rename("n_rows")
    docs = docs.drop_duplicates("source_id").set_index("source_id").join(n).reset_index()
    pubs = list(ref.publishers.itertuples(index=False))

    def classify(title: str):
        for p in pubs:
            if re.search(p.pattern, title):
                return p.publisher, p.source_kind, p.licence
        return "Other (see title)", "secondary_compilation", "See the source"
    info = docs.source_title.map(classify)
    docs["publisher"] = [i[0] for i in info]
    docs["source_kind"] = [i[1] for i in info]
    docs["licence"] = [i[2] for i in info]
    docs = docs.rename(columns={"source_title": "title", "source_url": "url"})
    return docs[["source_id", "title", "publisher", "url", "licence", "source_kind", "n_rows"]].sort_values("source_id").reset_index(drop=True).astype({"n_rows": "int64"})


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
    nat = values[values.geo_code == "PK"].groupby(key, dropna=False).value.max().rename("national")
    prov = values[(values.geo_level == "province") & ~values.indicator_id.str.startswith("share")]
    both = prov.join(nat, on=key, how="inner")  # one vectorised join: linear in rows, not a lookup per row
    for r in both[both.value > both.national].itertuples(index=False):
        problems.add(r.raw_file, r.raw_line, "value", f"{r.geo_code} {r.indicator_id} {r.year} = {r.value:g} exceeds the national figure {r.national:g} from the same source")
