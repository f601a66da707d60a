"""US TIP Report tier placements: one row per (country, report year), with an ordinal rank, region and the source
that speaks for it.

Three raw files feed it: the main panel (tip_tiers.csv), the 2024/2025 supplement (same columns plus a confidence
note) and a file of single placements from chapter copies and news reports (its own column names, tiers spelled
out). Where several give a tier for the same country and year, `etl.documents.choose` picks one by the documents'
publication kind (primary document before secondary list) and records how many sources agree or differ.
A row's `source_ref` is either a pointer to an upstream file row ("raw/tip_tiers_orig.csv row …") or
"URL | 'quote'"; it is split here so a link is always a URL and a quote is always a quote.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from etl import documents, validate
from etl.duplicates import report_duplicates
from etl.problems import Problems, suggest
from etl.readers import LINE, read_table
from etl.reference import Reference
from etl.sources.common import parse_year, source_id
from etl.tiers import TIERS

if TYPE_CHECKING:
    from etl.run import Run

TITLE = "TIP tier placements"
# The registered inputs (etl/inputs.py) this step reads. The main panel first: on a tie in publication kind, the
# earlier file speaks for a cell (etl.documents.choose).
INPUTS = ("tip_tiers", "tip_tiers_supplement", "tip_tiers_singles")
REQUIRED = ["country", "iso3", "report_year", "tier", "source", "source_ref"]
SUPPLEMENT_REQUIRED = [*REQUIRED, "confidence"]
SINGLES_REQUIRED = ["country", "iso3", "year", "tier", "source", "source_url"]
SPELLED_OUT = {"Tier 1": "1", "Tier 2": "2", "Tier 2 Watch List": "2WL", "Tier 3": "3", "Special Case": "special_case"}
COLUMNS = ["iso3", "country", "region", "subregion", "report_year", "tier", "tier_label", "tier_rank",
           "source_id", "source_title", "source_url", "source_quote", "source_ref", "source_note", "publication_kind",
           "n_sources", "disagrees", "raw_file", "raw_line"]


def read(path: Path, problems: Problems) -> pd.DataFrame:
    return read_table(path, REQUIRED, problems)


def read_supplement(path: Path, problems: Problems) -> pd.DataFrame:
    return read_table(path, SUPPLEMENT_REQUIRED, problems)


def read_singles(path: Path, problems: Problems) -> pd.DataFrame:
    """The single-placements file, renamed to the main shape (its `source_url` is the row's link)."""
    frame = read_table(path, SINGLES_REQUIRED, problems)
    return frame.rename(columns={"year": "report_year", "source_url": "source_ref"})


def split_ref(source_ref: str, document_url: str) -> tuple[str, str]:
    """(link, quote) from a source_ref: 'URL | quote' -> both; a bare URL -> link only; a pointer to an upstream
    file row -> the document's own URL, no quote (the pointer stays in `source_ref`)."""
    text = str(source_ref).strip()
    if text.startswith(("http://", "https://")):
        url, _, quote = text.partition(" | ")
        return url.strip(), quote.strip().strip("'\"").strip()
    return document_url, ""


def transform(raw: pd.DataFrame, ref: Reference, file: str, problems: Problems, file_rank: int = 0) -> pd.DataFrame:
    """Candidate placements of one file (all valid rows, before the sources are reconciled by `combine`)."""
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
        tier = SPELLED_OUT.get(row["tier"].strip(), row["tier"].strip())
        if tier not in TIERS:
            errs.append(("tier", f'tier "{row["tier"].strip()}" is not one of {", ".join(TIERS)}'))
        info = ref.source_info(row["source"])
        if not row["source"].strip():
            errs.append(("source", "source is empty"))
        elif info is None:
            errs.append(("source", ref.unknown_source_reason(row["source"])))
        url, quote = split_ref(row["source_ref"], info["url"] if info else "")
        if info is not None and not url:
            errs.append(("source_ref", "no link: source_ref is neither a URL nor a row pointer of a source whose "
                                       "data/reference/sources.csv entry has a url"))
        elif info is not None and (why := validate.url_problem(url, "source_ref")):
            errs.append(("source_ref", why))
        if quote and (why := validate.text_problem(quote, "source_ref")):
            errs.append(("source_ref", why))
        if errs:
            for col, reason in errs:
                problems.add(file, line, col, reason)
            continue
        c = by_iso[iso3]
        label, rank = TIERS[tier]
        out.append({"iso3": iso3, "country": c["name"], "region": c["region"], "subregion": c["subregion"],
                    "report_year": year, "tier": tier, "tier_label": label, "tier_rank": rank,
                    "source_id": source_id(row["source"]), "source_title": row["source"].strip(), "source_url": url,
                    "source_quote": quote, "source_ref": row["source_ref"].strip(),
                    "source_note": str(row.get("confidence", "") or "").strip(),
                    "publication_kind": info["publication_kind"], "file_rank": file_rank, "raw_file": file, "raw_line": line})
    frame = pd.DataFrame(out, columns=[c for c in COLUMNS if c not in ("n_sources", "disagrees")] + ["file_rank"])
    report_duplicates(frame, ["iso3", "report_year"], problems,
                      lambda r: f"{r['iso3']} {r['report_year']} has more than one tier row in this file:")
    return frame


def combine(candidates: list[pd.DataFrame], ref: Reference) -> pd.DataFrame:
    """One placement per (country, report year) from all files, chosen by the one precedence rule."""
    parts = [c for c in candidates if not c.empty]
    if not parts:
        return _typed(pd.DataFrame(columns=COLUMNS))
    allrows = pd.concat(parts, ignore_index=True)
    chosen = documents.choose(allrows, ["iso3", "report_year"], ref.precedence, value="tier")
    frame = chosen[chosen.preferred].drop(columns=["preferred", "file_rank"])
    return _typed(frame[COLUMNS]).sort_values(["iso3", "report_year"]).reset_index(drop=True)


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    frame["report_year"] = frame["report_year"].astype("int64")
    frame["raw_line"] = frame["raw_line"].astype("int64")
    frame["tier_rank"] = frame["tier_rank"].astype("Int64")
    frame["n_sources"] = frame["n_sources"].astype("int64")
    frame["disagrees"] = frame["disagrees"].astype("bool")
    for col in ("iso3", "country", "region", "subregion", "tier", "tier_label", "source_id", "source_title", "source_url",
                "source_quote", "source_ref", "source_note", "publication_kind", "raw_file"):
        frame[col] = frame[col].astype("str")
    return frame



def step(run: Run) -> None:
    readers = dict(zip(INPUTS, (read, read_supplement, read_singles)))
    candidates = []
    for rank, name in enumerate(INPUTS):
        if f := run.one(name):
            candidates.append(run.source(f, readers[name], lambda raw, file, k=rank: transform(raw, run.ref, file, run.problems,
                                                                                                file_rank=k), COLUMNS))
    run.tables["tip_tiers"] = combine(candidates, run.ref)
