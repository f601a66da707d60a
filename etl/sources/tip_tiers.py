"""US TIP Report tier placements: one row per (country, report year), with an ordinal rank and region."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from etl.duplicates import report_duplicates
from etl.problems import Problems, suggest
from etl.readers import LINE, read_table
from etl.reference import Reference
from etl.sources.common import parse_year, source_id

REQUIRED = ["country", "iso3", "report_year", "tier", "source", "source_ref"]
# Ordinal order used for charts: 1 is best. A special case is not on the scale (rank left empty).
TIERS = {"1": ("Tier 1", 1), "2": ("Tier 2", 2), "2WL": ("Tier 2 Watch List", 3), "3": ("Tier 3", 4),
         "special_case": ("Special case", None)}
COLUMNS = ["iso3", "country", "region", "subregion", "report_year", "tier", "tier_label", "tier_rank",
           "source_id", "source_title", "source_ref", "raw_file", "raw_line"]


def read(path: Path, problems: Problems) -> pd.DataFrame:
    return read_table(path, REQUIRED, problems)


def transform(raw: pd.DataFrame, ref: Reference, file: str, problems: Problems) -> pd.DataFrame:
    countries = ref.countries.set_index("iso3")
    by_iso = countries.to_dict("index")
    out = []
    for row in raw.to_dict("records"):
        line = row[LINE]
        errs = []
        iso3 = row["iso3"].strip().upper()
        if iso3 not in countries.index:
            errs.append(("iso3", f'unknown ISO3 code "{row["iso3"]}"{suggest(iso3, countries.index)}'))
        else:
            by_name = ref.iso3(row["country"])
            if by_name is None:
                errs.append(("country", f'unknown country name "{row["country"]}"'
                                        f"{suggest(row['country'], ref.country_names())}; add it to aliases in data/reference/countries.csv"))
            elif by_name != iso3:
                errs.append(("country", f'country "{row["country"]}" is {by_name}, but iso3 says {iso3}'))
        year, why = parse_year(row["report_year"])
        if why:
            errs.append(("report_year", why))
        elif year < 2001:
            errs.append(("report_year", f"{year} is before the first TIP Report with tiers (2001)"))
        tier = row["tier"].strip()
        if tier not in TIERS:
            errs.append(("tier", f'tier "{tier}" is not one of {", ".join(TIERS)}'))
        if not row["source"].strip():
            errs.append(("source", "source is empty"))
        if errs:
            for col, reason in errs:
                problems.add(file, line, col, reason)
            continue
        c = by_iso[iso3]
        label, rank = TIERS[tier]
        out.append({"iso3": iso3, "country": c["name"], "region": c["region"], "subregion": c["subregion"],
                    "report_year": year, "tier": tier, "tier_label": label, "tier_rank": rank,
                    "source_id": source_id(row["source"], ""), "source_title": row["source"].strip(),
                    "source_ref": row["source_ref"].strip(), "raw_file": file, "raw_line": line})
    frame = pd.DataFrame(out, columns=COLUMNS)
    frame["report_year"] = frame["report_year"].astype("int64")
    frame["raw_line"] = frame["raw_line"].astype("int64")
    frame["tier_rank"] = frame["tier_rank"].astype("Int64")
    for col in ("iso3", "country", "region", "subregion", "tier", "tier_label", "source_id", "source_title", "source_ref", "raw_file"):
        frame[col] = frame[col].astype("str")
    report_duplicates(frame, ["iso3", "report_year"], problems, lambda r: f"{r['iso3']} {r['report_year']} has more than one tier row:")
    return frame.sort_values(["iso3", "report_year"]).reset_index(drop=True)

