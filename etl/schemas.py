"""One pandera schema per output table: closed sets, non-negative values, unique keys, sane years.

These run on the tidy frames after the source modules' row checks, as a second net: a failure here means a
transform bug or a reference-data gap, and is reported with the raw file and line where the table carries them.
"""
from __future__ import annotations

import pandera.pandas as pa
from pandera.pandas import Check, Column, DataFrameSchema

from etl.sources.tip_tiers import TIERS

YEARS = Check.in_range(1990, 2030)


def indicator_values(geo_codes, indicator_ids, period_rules) -> DataFrameSchema:
    return DataFrameSchema({
        "geo_code": Column(str, Check.isin(geo_codes)),
        "geo_level": Column(str, Check.isin(["country", "province", "zone", "city", "district", "foreign country", "world"])),
        "indicator_id": Column(str, Check.isin(indicator_ids)),
        "year": Column("int64", YEARS),
        "period_start": Column("datetime64[ms]"),
        "period_end": Column("datetime64[ms]"),
        "period_rule": Column(str, Check.isin(period_rules)),
        "value": Column("float64", Check.ge(0)),
        "unit": Column(str, Check.str_length(min_value=1)),
        "unit_as_published": Column(str),
        "sex": Column(str, Check.isin(["all", "female", "male"])),
        "age_group": Column(str),
        "source_id": Column(str, Check.str_startswith("src-")),
        "source_title": Column(str, Check.str_length(min_value=1)),
        "source_url": Column(str, Check.str_startswith("http")),
        "source_quote": Column(str, Check.str_length(min_value=1)),
        "dataset": Column(str),
        "raw_file": Column(str),
        "raw_line": Column("int64", Check.ge(2)),
    }, strict=True, unique=["geo_code", "indicator_id", "period_start", "period_end", "sex", "age_group", "source_id"],
        checks=[Check(lambda d: (d.period_start <= d.period_end).all(), error="period_start after period_end")])


def tip_tiers(iso3_codes) -> DataFrameSchema:
    return DataFrameSchema({
        "iso3": Column(str, Check.isin(iso3_codes)),
        "country": Column(str), "region": Column(str), "subregion": Column(str),
        "report_year": Column("int64", Check.in_range(2001, 2030)),
        "tier": Column(str, Check.isin(list(TIERS))),
        "tier_label": Column(str),
        "tier_rank": Column("Int64", Check.in_range(1, 4), nullable=True),
        "source_id": Column(str), "source_title": Column(str, Check.str_length(min_value=1)), "source_ref": Column(str),
        "raw_file": Column(str), "raw_line": Column("int64"),
    }, strict=True, unique=["iso3", "report_year"])


def population(geo_codes) -> DataFrameSchema:
    return DataFrameSchema({
        "geo_code": Column(str, Check.isin(geo_codes)),
        "census_year": Column("int64", Check.isin([1998, 2017, 2023])),
        "age_group": Column(str, Check.isin(["all", "0-17"])),
        "sex": Column(str, Check.isin(["all", "female", "male", "transgender"])),
        "population": Column("int64", Check.ge(0)),
        "boundary_basis": Column(str, Check.isin(["unchanged", "pre_2018_excluding_fata", "post_2018_including_fata", "former_unit"])),
        "unit_basis_as_published": Column(str),
        "source_id": Column(str), "source_title": Column(str), "source_url": Column(str),
        "raw_file": Column(str), "raw_line": Column("int64"),
    }, strict=True, unique=["geo_code", "census_year", "age_group", "sex", "boundary_basis"])


def indicator_rates() -> DataFrameSchema:
    return DataFrameSchema({
        "measure": Column(str, Check.isin(["per_100k_population", "per_100k_children"])),
        "value": Column("float64", Check.ge(0)),
        "denominator": Column("int64", Check.gt(0)),
        "denominator_census_year": Column("int64", Check.isin([1998, 2017, 2023])),
    }, strict=False, unique=["geo_code", "indicator_id", "period_start", "period_end", "sex", "age_group", "source_id", "measure"])


def coverage() -> DataFrameSchema:
    return DataFrameSchema({"n_values": Column("int64", Check.ge(1)), "year": Column("int64", YEARS)}, strict=False,
                           unique=["geo_code", "indicator_id", "year"])


def sources() -> DataFrameSchema:
    return DataFrameSchema({"source_id": Column(str, unique=True), "title": Column(str, Check.str_length(min_value=1)),
                            "publisher": Column(str), "url": Column(str), "licence": Column(str), "source_kind": Column(str),
                            "n_rows": Column("int64", Check.ge(1))}, strict=True)


def validate(schema: DataFrameSchema, frame, table: str, problems) -> None:
    """Lazy validation; each failure becomes a problem pointing at the raw row when the table carries one."""
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        fc = exc.failure_cases
        for _, f in fc.iterrows():
            idx = f.get("index")
            file, line = f"data/processed/{table}.parquet", None
            if idx is not None and idx == idx and "raw_file" in frame.columns and idx in frame.index:
                file, line = frame.at[idx, "raw_file"], int(frame.at[idx, "raw_line"])
            problems.add(file, line, str(f.get("column") or ""), f"{table} schema: {f.get('check')} failed for {f.get('failure_case')!r}")
