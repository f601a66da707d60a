"""One strict pandera schema per Parquet table (SCHEMAS): closed sets, non-negative values, unique keys, sane years.

Strict: a table has exactly its schema's columns, so a column added or dropped by a transform fails the run instead
of reaching the read side unnoticed. Each schema is made from the reference data of the run (closed sets of codes).

These run on the tidy frames after the source modules' row checks, as a second net: a failure here means a
transform bug or a reference-data gap, and is reported with the raw file and line where the table carries them.
"""
from __future__ import annotations

import pandera.pandas as pa
from pandera.pandas import Check, Column, DataFrameSchema

from etl.tiers import TIERS

YEARS = Check.in_range(1990, 2030)


def indicator_values(geo_codes, indicator_ids, period_rules, publication_kinds) -> DataFrameSchema:
    return DataFrameSchema({
        "geo_code": Column(str, Check.isin(geo_codes)),
        "geo_level": Column(str, Check.isin(["country", "province", "zone", "city", "district", "foreign country", "world"])),
        "indicator_id": Column(str, Check.isin(indicator_ids)),
        "year": Column("int64", YEARS),
        "period_start": Column("datetime64[ms]"),
        "period_end": Column("datetime64[ms]"),
        "period_rule": Column(str, Check.isin(period_rules)),
        "full_year": Column(bool),
        "value": Column("float64", Check.ge(0)),
        "value_qualifier": Column(str, Check.isin(["", ">", "≈"])),
        "unit": Column(str, Check.str_length(min_value=1)),
        "unit_as_published": Column(str),
        "sex": Column(str, Check.isin(["all", "female", "male"])),
        # never defaulted to "0-17": a child figure is one whose row or indicator says children
        "age_group": Column(str, Check.str_matches(r"^(\d{1,2}-\d{1,2}|\d{1,2}\+|all ages|not stated)$")),
        "source_id": Column(str, Check.str_startswith("src-")),
        "source_title": Column(str, Check.str_length(min_value=1)),
        "source_url": Column(str, Check.str_startswith("http")),
        "source_quote": Column(str, Check.str_length(min_value=1)),
        "publication_kind": Column(str, Check.isin(publication_kinds)),
        "study_id": Column(str, Check.str_length(min_value=1)),
        "dataset": Column(str),
        "raw_file": Column(str),
        "raw_line": Column("int64", Check.ge(2)),
        "preferred": Column(bool),
        "n_sources": Column("int64", Check.ge(1)),
        "disagrees": Column(bool),
    }, strict=True, unique=["geo_code", "indicator_id", "period_start", "period_end", "sex", "age_group", "source_id"],
        checks=[Check(lambda d: (d.period_start <= d.period_end).all(), error="period_start after period_end"),
                Check(lambda d: d[d.preferred].duplicated(["geo_code", "indicator_id", "period_start", "period_end", "sex",
                                                           "age_group"]).sum() == 0, error="more than one preferred row in a cell")])


def tip_tiers(iso3_codes, publication_kinds) -> DataFrameSchema:
    return DataFrameSchema({
        "iso3": Column(str, Check.isin(iso3_codes)),
        "country": Column(str), "region": Column(str), "subregion": Column(str),
        "report_year": Column("int64", Check.in_range(2001, 2030)),
        "tier": Column(str, Check.isin(list(TIERS))),
        "tier_label": Column(str),
        "tier_rank": Column("Int64", Check.in_range(1, 4), nullable=True),
        "source_id": Column(str), "source_title": Column(str, Check.str_length(min_value=1)),
        "source_url": Column(str, Check.str_matches(r"^https?://[^\s|]+$")),  # a link is a URL, never "URL | quote"
        "source_quote": Column(str), "source_ref": Column(str), "source_note": Column(str),
        "publication_kind": Column(str, Check.isin(publication_kinds)),
        "n_sources": Column("int64", Check.ge(1)), "disagrees": Column(bool),
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


def indicator_rates(rate_geo_codes) -> DataFrameSchema:
    return DataFrameSchema({
        "geo_code": Column(str, Check.isin(rate_geo_codes)),  # Pakistan and the current units only: never a zone or city
        "geo_level": Column(str, Check.isin(["country", "province"])),
        "measure": Column(str, Check.isin(["per_100k_population", "per_100k_children"])),
        "value": Column("float64", Check.ge(0)),
        "value_qualifier": Column(str, Check.isin(["", ">", "≈"])),
        "denominator": Column("int64", Check.gt(0)),
        "denominator_census_year": Column("int64", Check.isin([1998, 2017, 2023])),
        "denominator_label": Column(str, Check.str_length(min_value=1)),
        "indicator_id": Column(str), "year": Column("int64", YEARS), "period_start": Column("datetime64[ms]"),
        "period_end": Column("datetime64[ms]"), "period_rule": Column(str), "full_year": Column(bool),
        "unit": Column(str, Check.str_length(min_value=1)),  # e.g. "cases per 100,000 population", for display as is
        "numerator": Column("float64", Check.ge(0)), "denominator_source_id": Column(str, Check.str_startswith("src-")),
        "sex": Column(str, Check.isin(["all"])), "age_group": Column(str), "source_id": Column(str, Check.str_startswith("src-")),
        "raw_file": Column(str), "raw_line": Column("int64", Check.ge(2)),
        # the unit in parts, so a reader never parses `unit`: base_unit per `per` of the population or the children
        "base_unit": Column(str, Check.str_length(min_value=1)), "per": Column("int64", Check.isin([100_000])),
        "per_population": Column(str, Check.isin(["population", "children"])),
        # the counted figure's source, as in indicator_values
        "source_title": Column(str, Check.str_length(min_value=1)), "source_url": Column(str, Check.str_startswith("http")),
        "source_quote": Column(str, Check.str_length(min_value=1)), "unit_as_published": Column(str),
        "publication_kind": Column(str), "study_id": Column(str, Check.str_length(min_value=1)), "preferred": Column(bool),
    }, strict=True, unique=["geo_code", "indicator_id", "period_start", "period_end", "sex", "age_group", "source_id", "measure"],
        checks=[Check(lambda d: (d.groupby(["geo_code", "indicator_id", "period_start", "period_end", "source_id"])
                                  .denominator_census_year.nunique() <= 1).all(),
                      error="the two rates of one figure use different censuses")])


def coverage() -> DataFrameSchema:
    return DataFrameSchema({"geo_code": Column(str), "geo_level": Column(str), "indicator_id": Column(str),
                            "year": Column("int64", YEARS), "n_values": Column("int64", Check.ge(1)),
                            "period_rules": Column(str, Check.str_length(min_value=1)), "full_year": Column(bool)},
                           strict=True, unique=["geo_code", "indicator_id", "year"])


def sources(publication_kinds) -> DataFrameSchema:
    text = Check.str_length(min_value=1)
    return DataFrameSchema({"source_id": Column(str, unique=True), "title": Column(str, text), "url": Column(str),
                            "producer": Column(str, text), "publisher": Column(str, text),
                            "publication_kind": Column(str, Check.isin(publication_kinds)), "published": Column(str),
                            "data_through": Column(str), "study_id": Column(str, text), "study_label": Column(str, text),
                            "licence": Column(str, text), "language": Column(str, Check.isin(["en", "ur"])),
                            "notes": Column(str), "n_rows": Column("int64", Check.ge(1))}, strict=True)


def pakistan_tier_crosscheck() -> DataFrameSchema:
    return DataFrameSchema({
        "report_year": Column("int64", Check.in_range(2001, 2030), unique=True),
        "independent_tier": Column(str, Check.isin(["", *TIERS])), "independent_source": Column(str, Check.str_length(min_value=1)),
        "independent_url": Column(str), "independent_quote": Column(str), "agree": Column(str, Check.isin(["", "yes", "no"])),
        "raw_file": Column(str), "raw_line": Column("int64", Check.ge(2)),
    }, strict=True)


def reference_table(columns: list[str], key: str) -> DataFrameSchema:
    """A reference table is published as read: text columns (checked line by line in etl/reference_checks.py)."""
    return DataFrameSchema({c: Column(str) for c in columns}, strict=True, unique=[key])


def boundaries(columns: list[str]) -> DataFrameSchema:
    """Not unique by code: a country split at the antimeridian has two rows, areas without an ISO code an empty one."""
    return DataFrameSchema({**{c: Column(str) for c in columns}, "geometry": Column(None)}, strict=True)


# Columns of the reference tables as published (data/reference/*.csv); the first is the key
REFERENCE_COLUMNS = {
    "indicators": ["indicator_id", "topic", "label", "definition", "unit", "measure_type", "source_kind", "period_rule", "caveat",
                   "headline_rank", "label_ur", "summary_ur", "age_scope", "sex_scope", "national_coverage"],
    "geographies": ["geo_code", "name", "name_ur", "level", "parent_code", "iso_3166_2", "unit_type", "status", "notes"],
    "countries": ["iso3", "name", "iso_numeric", "ne_name", "region", "subregion", "in_tip_file", "aliases"],
    "period_rules": ["period_rule", "start_year_offset", "start_month_day", "start_fixed", "end_year_offset", "end_month_day",
                     "is_full_year", "label", "label_ur"],
    "source_kinds": ["source_kind", "label", "description", "label_ur"],
    "events": ["event_id", "year", "label", "description", "raw_file", "raw_line", "source_url", "quote", "label_ur"],
    "publication_kinds": ["publication_kind", "precedence", "label", "label_ur", "description"],
}


def _kinds(ref) -> list[str]:
    return list(ref.publication_kinds.publication_kind)


# table name -> its schema, given the run's reference data
SCHEMAS = {
    "indicator_values": lambda ref: indicator_values(list(ref.geographies.geo_code), list(ref.indicators.indicator_id),
                                                     list(ref.period_rules.period_rule), _kinds(ref)),
    "tip_tiers": lambda ref: tip_tiers(list(ref.countries.iso3), _kinds(ref)),
    "pakistan_tier_crosscheck": lambda ref: pakistan_tier_crosscheck(),
    "population": lambda ref: population(list(ref.geographies.geo_code)),
    "indicator_rates": lambda ref: indicator_rates(
        ["PK", *ref.geographies.query("level == 'province' and status == 'current'").geo_code]),
    "coverage": lambda ref: coverage(),
    "sources": lambda ref: sources(_kinds(ref)),
    **{name: (lambda ref, cols=cols: reference_table(cols, cols[0])) for name, cols in REFERENCE_COLUMNS.items()},
    "boundaries_pk_adm1": lambda ref: boundaries(["geo_code", "name", "name_ur"]),
    "boundaries_world": lambda ref: boundaries(["iso3", "name"]),
}


def validate_all(tables: dict, ref, problems) -> None:
    """Every table of the run that has been made, against its schema."""
    for name, schema in SCHEMAS.items():
        if name in tables:
            validate(schema(ref), tables[name], name, problems)


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
