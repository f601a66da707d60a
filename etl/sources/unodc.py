"""UNODC Global Report on Trafficking in Persons country data (data/raw/unodc/unodc_glotip_country_data.csv).

The export is validated row by row: its 14 columns, an ISO3 code known to data/reference/countries.csv (or one of
the few non-country codes the export uses, listed below), a country name and region that agree with countries.csv,
each dimension from UNODC's closed lists, a four-digit year, "Counts" as the unit, and `value_numeric` consistent
with `txtVALUE` (UNODC prints "<5" for small numbers and leaves value_numeric empty; otherwise both give the same
whole number, txtVALUE with thousands separators).

It is not a table of its own in data/processed: it is the authority against which the named sanity check
`check_indicator_rows` verifies every indicator row that cites it. Those rows quote the export's row as
"ISO3 | Indicator | Dimension | Category | Sex | Age | Year | Unit | txtVALUE"; the check finds that row and
compares the value, year, place, sex and age band.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from etl.problems import Problems, suggest
from etl.readers import LINE, read_table
from etl.reference import Reference
from etl.paths import rel
from etl.sources.common import YEAR_MAX, YEAR_MIN

if TYPE_CHECKING:
    from etl.run import Run

TITLE = "UNODC country data: validation, and the indicator rows that cite it"
INPUTS = ("unodc",)
REQUIRED = ["Iso3_code", "Country", "Region", "Subregion", "Indicator", "Dimension", "Category", "Sex", "Age", "Year",
            "Unit of measurement", "txtVALUE", "Source", "value_numeric"]
KEY = ["Iso3_code", "Indicator", "Dimension", "Category", "Sex", "Age", "Year", "Unit of measurement"]
INDICATORS = ("Detected trafficking victims", "Persons convicted", "Persons prosecuted",
              "Persons brought into formal contact", "Offences of trafficking in persons")
DIMENSIONS = ("Total", "by form of exploitation", "by citizenship", "by country of repatriation")
SEXES = {"Total": "all", "Female": "female", "Male": "male", "Other": None, "Unknown": None}
AGES = {"Total": "all ages", "0 to 17 years": "0-17", "18 years or over": "18+", "Unknown": "not stated"}
# Codes in the export that are not ISO 3166 countries: UNODC's regional aggregates (the export gives no name or
# region for them and does not say what they stand for), and two rows without an ISO code.
AREA_CODES = ("CAR", "CAS", "EEU", "MCA", "MCN", "SAF", "SAM")
NO_ISO_CODE = (("", "Sark"), ("Aruba/Curacao", ""))
SMALL = "<5"
GLOTIP_URL = "https://dataunodc.un.org/"
GLOTIP_TITLE = "UNODC Global Report on Trafficking in Persons country data"
_TXT_NUMBER = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)$")
_NUMERIC = re.compile(r"^\d+(?:\.0+)?$")


def read(path: Path, problems: Problems) -> pd.DataFrame:
    return read_table(path, REQUIRED, problems)


def transform(raw: pd.DataFrame, ref: Reference, file: str, problems: Problems) -> pd.DataFrame:
    """The export's rows that pass every check (with raw_line), for the named sanity check."""
    d = raw
    bad = pd.Series(False, index=d.index)

    def report(mask: pd.Series, column: str, reason) -> None:
        nonlocal bad
        for i in d.index[mask]:
            problems.add(file, int(d.at[i, LINE]), column, reason(d.loc[i]) if callable(reason) else reason)
        bad = bad | mask

    countries = ref.countries.set_index("iso3")
    known = d.Iso3_code.isin(countries.index)
    area = d.Iso3_code.isin(AREA_CODES) & (d.Country == "") & (d.Region == "")
    no_iso = pd.Series([(c, n) in NO_ISO_CODE for c, n in zip(d.Iso3_code, d.Country)], index=d.index)
    report(~(known | area | no_iso), "Iso3_code", lambda r: f'unknown ISO3 code "{r.Iso3_code}"'
           f"{suggest(r.Iso3_code, countries.index)}; not in data/reference/countries.csv nor a UNODC regional code "
           f"({', '.join(AREA_CODES)})")
    names = d.Iso3_code.map(countries["region"])
    report(known & ((names != d.Region) | (d.Iso3_code.map(countries["subregion"]) != d.Subregion)), "Region",
           lambda r: f"region {r.Region} / {r.Subregion} differs from countries.csv "
                     f"({countries.at[r.Iso3_code, 'region']} / {countries.at[r.Iso3_code, 'subregion']})")
    names_per_code = d.groupby("Iso3_code").Country.nunique()
    report(d.Iso3_code.isin(names_per_code.index[names_per_code > 1]), "Country", lambda r: f'ISO3 code {r.Iso3_code} appears with more than one country name')
    for col, allowed in (("Indicator", INDICATORS), ("Dimension", DIMENSIONS), ("Sex", tuple(SEXES)), ("Age", tuple(AGES))):
        report(~d[col].isin(allowed), col, lambda r, col=col, allowed=allowed: f'"{r[col]}" is not one of {", ".join(allowed)}')
    # Category is the breakdown within a dimension; UNODC leaves it empty for some citizenship/repatriation rows
    report((d.Dimension == "Total") & (d.Category != "Total"), "Category", lambda r: f'"{r.Category}" should be Total when Dimension is Total')
    report((d.Dimension == "by form of exploitation") & (d.Category == ""), "Category", "Category is empty")
    year = pd.to_numeric(d.Year.where(d.Year.str.fullmatch(r"\d{4}"), None), errors="coerce")
    report(year.isna() | (year < YEAR_MIN) | (year > YEAR_MAX), "Year",
           lambda r: f'"{r.Year}" is not a four-digit year between {YEAR_MIN} and {YEAR_MAX}')
    report(d["Unit of measurement"] != "Counts", "Unit of measurement", lambda r: f'"{r["Unit of measurement"]}" is not Counts')
    report(d.Source != "GLOTIP", "Source", lambda r: f'"{r.Source}" is not GLOTIP')
    small = d.txtVALUE == SMALL
    report(small & (d.value_numeric != ""), "value_numeric", lambda r: f'txtVALUE is "<5" but value_numeric is "{r.value_numeric}"')
    number = d.txtVALUE.str.fullmatch(_TXT_NUMBER.pattern)
    report(~small & ~number, "txtVALUE", lambda r: f'"{r.txtVALUE}" is neither a whole number nor "<5"')
    numeric_ok = d.value_numeric.str.fullmatch(_NUMERIC.pattern)
    txt_value = pd.to_numeric(d.txtVALUE.str.replace(",", "", regex=False).where(number, None), errors="coerce")
    num_value = pd.to_numeric(d.value_numeric.where(numeric_ok, None), errors="coerce")
    report(number & (~numeric_ok | (txt_value != num_value)), "value_numeric",
           lambda r: f'"{r.value_numeric}" does not equal txtVALUE "{r.txtVALUE}"')
    out = d[~bad].assign(raw_file=file, raw_line=d.loc[~bad, LINE], value=num_value[~bad]).drop(columns=[LINE])
    if out.empty:
        problems.add(file, None, "", "no valid rows in the UNODC export")
    return out.reset_index(drop=True)


def check_indicator_rows(values: pd.DataFrame, unodc: pd.DataFrame, problems: Problems, unodc_file: str) -> int:
    """Every indicator row that cites the UNODC GLOTIP country data matches the export's row that its quote names:
    same value, year, country, sex and age band. Returns the number of rows checked."""
    cites = values.source_title.str.startswith(GLOTIP_TITLE) | values.source_url.str.startswith(GLOTIP_URL)
    rows = values[cites]
    if rows.empty:
        return 0
    index = {}
    for r in unodc[KEY + ["txtVALUE", "value", "raw_line"]].itertuples(index=False):
        index.setdefault(tuple(r[:len(KEY)]), []).append(r)
    for r in rows.itertuples(index=False):
        def bad(column: str, reason: str, r=r) -> None:
            problems.add(r.raw_file, int(r.raw_line), column, f"cites the UNODC country data, but {reason}")

        parts = [p.strip() for p in r.source_quote.split("|")]
        if len(parts) != len(KEY) + 1:
            bad("quote", f"the quote is not the export's row as \"ISO3 | Indicator | Dimension | Category | Sex | Age | Year | "
                         f'Unit | txtVALUE" (see {unodc_file})')
            continue
        key, quoted = tuple(parts[:-1]), parts[-1]
        found = index.get(key, [])
        if not found:
            bad("quote", f"{unodc_file} has no row {' | '.join(key)}")
            continue
        if len({f.txtVALUE for f in found}) > 1:
            lines = ", ".join(str(f.raw_line) for f in found[:5])
            bad("quote", f"{unodc_file} has {len(found)} rows {' | '.join(key)} with different values (lines {lines}); "
                         "cite one that is unique")
            continue
        u = found[0]
        if quoted != u.txtVALUE:
            bad("quote", f'the quote says {quoted} where {unodc_file}:{u.raw_line} says {u.txtVALUE}')
        if u.txtVALUE == SMALL or u.value != r.value:
            bad("value", f"the value {r.value:g} differs from {unodc_file}:{u.raw_line} ({u.txtVALUE})")
        if int(key[6]) != r.year:
            bad("year", f"the year {r.year} differs from {unodc_file}:{u.raw_line} ({key[6]})")
        iso = "PAK" if r.geo_code == "PK" else r.geo_code
        if r.geo_level not in ("country", "foreign country") or iso != key[0]:
            bad("province", f"the place {r.geo_code} is not {key[0]} ({unodc_file}:{u.raw_line})")
        if SEXES.get(key[4], "?") != r.sex:
            bad("sex", f"sex={r.sex} does not match {key[4]} ({unodc_file}:{u.raw_line})")
        if AGES.get(key[5]) is not None and AGES[key[5]] != r.age_group:
            bad("age_group", f"age group {r.age_group} does not match {key[5]} ({unodc_file}:{u.raw_line})")
    return len(rows)


def step(run: Run) -> None:
    """Validated like every source, but not published: it checks the indicator rows that cite UNODC."""
    if f := run.one("unodc"):
        glotip = run.source(f, read, lambda raw, name: transform(raw, run.ref, name, run.problems), REQUIRED)
        if not glotip.empty:
            check_indicator_rows(run.tables["indicator_values"], glotip, run.problems, rel(f))
