"""Pakistan's tier placements checked against independent sources (data/raw/tip_tiers/pakistan_tier_crosscheck.csv).

Validated like every other source: one row per report year; `tier_in_tip_tiers_csv` must be a tier and equal
Pakistan's tier in tip_tiers; when an independent tier is given, it must be a tier, with a link (a valid URL), a
quote and `agree` = yes/no matching whether the two tiers are equal; when none was found, `independent_tier`,
`independent_quote` and `agree` stay empty and `independent_source` says so (a link to the page that was checked
is allowed).
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from etl.problems import Problems
from etl.readers import LINE, read_table
from etl.sources.common import parse_year
from etl.tiers import TIERS
from etl.validate import text_problem, url_problem

if TYPE_CHECKING:
    from etl.run import Run

TITLE = None  # reported under the tier placements, which it is checked against
INPUTS = ("tier_crosscheck",)
REQUIRED = ["report_year", "tier_in_tip_tiers_csv", "primary_source", "independent_tier",
            "independent_source", "independent_url", "independent_quote", "agree"]
COLUMNS = ["report_year", "independent_tier", "independent_source", "independent_url", "independent_quote",
           "agree", "raw_file", "raw_line"]


def read(path: Path, problems: Problems) -> pd.DataFrame:
    return read_table(path, REQUIRED, problems)


def transform(raw: pd.DataFrame, tiers: pd.DataFrame, file: str, problems: Problems) -> pd.DataFrame:
    pak = tiers[tiers.iso3 == "PAK"].set_index("report_year").tier
    out, seen = [], {}
    for row in raw.to_dict("records"):
        line = row[LINE]
        errs = []
        year, why = parse_year(row["report_year"])
        if why:
            errs.append(("report_year", why))
        elif year in seen:
            errs.append(("report_year", f"{year} is also on line {seen[year]}"))
        else:
            seen[year] = line
        ours = row["tier_in_tip_tiers_csv"].strip()
        if ours not in TIERS:
            errs.append(("tier_in_tip_tiers_csv", f'tier "{ours}" is not one of {", ".join(TIERS)}'))
        elif year is not None and year in pak.index and ours != pak[year]:
            errs.append(("tier_in_tip_tiers_csv", f"says {ours} but tip_tiers has {pak[year]} for {year}"))
        for col in ("primary_source", "independent_source"):
            why = text_problem(row[col], col)
            if why:
                errs.append((col, why))
        theirs, agree = row["independent_tier"].strip(), row["agree"].strip()
        url, quote = row["independent_url"].strip(), row["independent_quote"]
        if url:
            why = url_problem(url, "independent_url")
            if why:
                errs.append(("independent_url", why))
        if theirs:
            if theirs not in TIERS:
                errs.append(("independent_tier", f'tier "{theirs}" is not one of {", ".join(TIERS)}'))
            if not url:
                errs.append(("independent_url", "an independent tier needs the link it was read from"))
            why = text_problem(quote, "independent_quote")
            if why:
                errs.append(("independent_quote", why))
            if agree not in ("yes", "no"):
                errs.append(("agree", f'"{agree}" is not yes or no'))
            elif ours in TIERS and (agree == "yes") != (theirs == ours):
                errs.append(("agree", f"says {agree} but the tiers are {ours} and {theirs}"))
        elif agree or quote.strip():
            errs.append(("independent_tier", "is empty, so agree and independent_quote must be empty too"))
        if errs:
            for col, reason in errs:
                problems.add(file, line, col, reason)
            continue
        out.append({"report_year": year, "independent_tier": theirs, "independent_source": row["independent_source"].strip(),
                    "independent_url": url, "independent_quote": quote.strip(), "agree": agree,
                    "raw_file": file, "raw_line": line})
    frame = pd.DataFrame(out, columns=COLUMNS)
    return frame.astype({"report_year": "int64", "raw_line": "int64"})


def step(run: Run) -> None:
    cross = pd.DataFrame(columns=COLUMNS)
    if f := run.one("tier_crosscheck"):
        cross = run.source(f, read, lambda raw, name: transform(raw, run.tables["tip_tiers"], name, run.problems), COLUMNS)
    run.tables["pakistan_tier_crosscheck"] = cross
