"""Census population by unit (1998, 2017, 2023) and the 2023 under-18 population, as one long table."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from etl.problems import Problems
from etl.readers import LINE, read_table
from etl.reference import Reference
from etl.sources.common import parse_year, source_id
from etl.validate import text_problem, url_problem

if TYPE_CHECKING:
    from etl.run import Run

TITLE = "census population"
INPUTS = ("population_totals", "population_children")
TOTAL_REQUIRED = ["province", "iso_code", "census_year", "population", "unit_basis", "source", "source_url", "notes"]
CHILD_REQUIRED = ["province", "iso_code", "census_year", "population_under18", "under18_male", "under18_female",
                  "under18_transgender", "source", "source_url", "notes"]
CHILD_OPTIONAL = ("literacy_rate_pct", "literacy_rate_male_pct", "literacy_rate_female_pct", "literacy_rate_transgender_pct",
                  "population_age5_16", "out_of_school_age5_16", "out_of_school_male", "out_of_school_female",
                  "out_of_school_transgender")
COLUMNS = ["geo_code", "census_year", "age_group", "sex", "population", "boundary_basis", "unit_basis_as_published",
           "source_id", "source_title", "source_url", "raw_file", "raw_line"]


def boundary_basis(unit_basis: str) -> str:
    """Which boundary a figure refers to: KP changed meaning when FATA merged into it in 2018."""
    text = unit_basis.lower()
    if "excludes fata" in text:
        return "pre_2018_excluding_fata"
    if "includes former fata" in text:
        return "post_2018_including_fata"
    if "fata" in text:
        return "former_unit"
    return "unchanged"


def read_totals(path: Path, problems: Problems) -> pd.DataFrame:
    return read_table(path, TOTAL_REQUIRED, problems)


def read_children(path: Path, problems: Problems) -> pd.DataFrame:
    return read_table(path, CHILD_REQUIRED, problems, optional=CHILD_OPTIONAL)


POPULATION_CEILING = 300_000_000  # Pakistan counted 241.5 million people in 2023: a larger figure is a typo


def _count(text: str) -> tuple[int | None, str | None]:
    t = str(text).strip().replace(",", "")
    if not (t.isascii() and t.isdigit()):
        return None, f'population "{str(text)[:40]}" is not a whole non-negative number'
    if len(t) > 12 or int(t) > POPULATION_CEILING:
        return None, f"population {t[:20]}{'…' if len(t) > 20 else ''} is larger than Pakistan's ({POPULATION_CEILING:,} at most)"
    return int(t), None


def _resolve(row, ref: Reference, file: str, problems: Problems):
    geo = ref.geo_code(row["iso_code"]) or ref.geo_code(row["province"])
    errs = []
    if geo is None:
        errs.append(("province", ref.unknown_geo_reason(row["province"])))
    elif ref.geo_code(row["iso_code"]) not in (None, geo):
        errs.append(("iso_code", f'iso_code {row["iso_code"]} does not match "{row["province"]}"'))
    year, why = parse_year(row["census_year"])
    if why:
        errs.append(("census_year", why))
    if not row["source"].strip():
        errs.append(("source", "source is empty"))
    elif why := text_problem(row["source"], "source"):
        errs.append(("source", why))
    elif ref.source_info(row["source"]) is None:
        errs.append(("source", ref.unknown_source_reason(row["source"])))
    if row["source_url"].strip() and (why := url_problem(row["source_url"].strip(), "source_url")):
        errs.append(("source_url", why))
    return geo, year, errs


def transform_totals(raw: pd.DataFrame, ref: Reference, file: str, problems: Problems) -> pd.DataFrame:
    out = []
    for row in raw.to_dict("records"):
        geo, year, errs = _resolve(row, ref, file, problems)
        pop, why = _count(row["population"])
        if why:
            errs.append(("population", why))
        if errs:
            for col, reason in errs:
                problems.add(file, row[LINE], col, reason)
            continue
        out.append({"geo_code": geo, "census_year": year, "age_group": "all", "sex": "all", "population": pop,
                    "boundary_basis": boundary_basis(row["unit_basis"]), "unit_basis_as_published": row["unit_basis"],
                    "source_id": source_id(row["source"]), "source_title": row["source"].strip(),
                    "source_url": row["source_url"].strip(), "raw_file": file, "raw_line": row[LINE]})
    return _typed(pd.DataFrame(out, columns=COLUMNS))


def transform_children(raw: pd.DataFrame, ref: Reference, file: str, problems: Problems) -> pd.DataFrame:
    out = []
    sexes = {"population_under18": "all", "under18_male": "male", "under18_female": "female",
             "under18_transgender": "transgender"}
    for row in raw.to_dict("records"):
        geo, year, errs = _resolve(row, ref, file, problems)
        values = {}
        for col, sex in sexes.items():
            v, why = _count(row[col])
            if why:
                errs.append((col, why))
            values[sex] = v
        if not errs and values["male"] + values["female"] + values["transgender"] != values["all"]:
            errs.append(("population_under18", "male + female + transgender does not equal the total"))
        if errs:
            for col, reason in errs:
                problems.add(file, row[LINE], col, reason)
            continue
        for sex, v in values.items():
            out.append({"geo_code": geo, "census_year": year, "age_group": "0-17", "sex": sex, "population": v,
                        "boundary_basis": "post_2018_including_fata" if geo == "PK-KP" else "unchanged",
                        "unit_basis_as_published": "", "source_id": source_id(row["source"]),
                        "source_title": row["source"].strip(), "source_url": row["source_url"].strip(),
                        "raw_file": file, "raw_line": row[LINE]})
    return _typed(pd.DataFrame(out, columns=COLUMNS))


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.astype({"census_year": "int64", "population": "int64", "raw_line": "int64"})


def step(run: Run) -> None:
    readers = {"population_totals": (read_totals, transform_totals), "population_children": (read_children, transform_children)}
    pops = []
    for name in INPUTS:
        reader, fn = readers[name]
        if f := run.one(name):
            pops.append(run.source(f, reader, lambda raw, file, fn=fn: fn(raw, run.ref, file, run.problems), COLUMNS))
    pop = pd.concat(pops, ignore_index=True) if pops else pd.DataFrame(columns=COLUMNS)
    run.tables["population"] = pop.sort_values(["geo_code", "census_year", "age_group", "sex", "boundary_basis"]).reset_index(drop=True)
