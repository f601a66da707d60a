"""Case counts and child-victim statistics (and analysts' additions): raw rows -> tidy `indicator_values`.

All three share one raw shape (province, year, indicator, value, unit, source, source_url, quote, and optionally
age_group, sex, period_start, period_end, value_qualifier), so one transform serves them; each file keeps its own
name and line in `raw_file`/`raw_line` so every value can be traced back to the row it came from.

Nothing is defaulted into a claim: a row without an age group or sex takes the scope its indicator declares in
data/reference/indicators.csv (`age_scope`: "0-17" only for indicators that count children, "all ages" for counts
of everyone, "not stated" where the source names a group without an age; `sex_scope` likewise), never "0-17".
Each row's source document must be described in data/reference/sources.csv (publisher, kind, series, dates); its
period is cut at the document's date (etl/documents.py).
"""
from __future__ import annotations

from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING

import pandas as pd

from etl import documents, validate
from etl.duplicates import report_duplicates
from etl.problems import Problems, suggest
from etl.readers import CHUNK_ROWS, LINE, read_table, records
from etl.reference import Reference
from etl.sources.common import parse_number, parse_year, source_id

if TYPE_CHECKING:
    from etl.run import Run

TITLE = "case counts, child-victim statistics and analysts' additions"
INPUTS = ("indicator_rows",)  # every file registered for it: cases, children and each addition, in registry order
REQUIRED = ["province", "year", "indicator", "value", "unit", "source", "source_url", "quote"]
OPTIONAL = ("age_group", "sex", "period_start", "period_end", "value_qualifier")
SEXES = ("all", "female", "male")

# A cell: one place, indicator, period, sex and age group. Several sources may fill it; etl.documents.choose says
# which one speaks for it.
CELL = ("geo_code", "indicator_id", "period_start", "period_end", "sex", "age_group")
COLUMNS = ["geo_code", "geo_level", "indicator_id", "year", "period_start", "period_end", "period_rule", "full_year",
           "value", "value_qualifier", "unit", "unit_as_published", "sex", "age_group", "source_id", "source_title",
           "source_url", "source_quote", "publication_kind", "study_id", "dataset", "raw_file", "raw_line"]


def read(path: Path, problems: Problems) -> pd.DataFrame:
    return read_table(path, REQUIRED, problems, optional=OPTIONAL, chunk_rows=CHUNK_ROWS)  # row-local transform: chunks


def transform(raw: pd.DataFrame, ref: Reference, file: str, dataset: str, problems: Problems) -> pd.DataFrame:
    """Tidy rows of indicator_values. Every bad row is reported (file, line, column, reason) and left out."""
    out = []
    indicators = {k: SimpleNamespace(**v) for k, v in ref.indicator.to_dict("index").items()}  # plain attributes: fast per row
    for row in records(raw):
        line = row[LINE]
        errs: list[tuple[str, str]] = []
        geo = ref.geo_code(row["province"])
        if geo is None:
            errs.append(("province", ref.unknown_geo_reason(row["province"])))
        year, why = parse_year(row["year"])
        if why:
            errs.append(("year", why))
        ind_id = row["indicator"].strip()
        if ind_id not in ref.indicator.index:
            errs.append(("indicator", f'unknown indicator "{ind_id}"{suggest(ind_id, ref.indicator.index)}; '
                                      "add it to data/reference/indicators.csv with a definition first"))
        value, why = parse_number(row["value"])
        if why:
            errs.append(("value", why))
        meta = indicators.get(ind_id)
        sex = (row.get("sex") or "").strip() or (meta.sex_scope if meta is not None else "all")
        if sex not in SEXES:
            errs.append(("sex", f'sex "{sex}" is not one of {", ".join(SEXES)}'))
        age = (row.get("age_group") or "").strip() or (meta.age_scope if meta is not None else "not stated")
        if why := validate.age_band_problem(age):
            errs.append(("age_group", why))
        qualifier = (row.get("value_qualifier") or "").strip() or documents.qualifier_from_unit(row["unit"])
        if qualifier not in ("", *documents.QUALIFIERS):
            errs.append(("value_qualifier", f'"{qualifier}" is not one of {", ".join(documents.QUALIFIERS)} (or empty)'))
        info = ref.source_info(row["source"])
        if info is None and str(row["source"]).strip():
            errs.append(("source", ref.unknown_source_reason(row["source"])))
        for col in ("source", "source_url", "quote"):
            if not str(row[col]).strip():
                errs.append((col, f"{col} is empty: every figure needs its source, link and quote"))
            elif col != "source_url" and (why := validate.text_problem(row[col], col)):
                errs.append((col, why))
        url = str(row["source_url"]).strip()
        if url and (why := validate.url_problem(url, "source_url")):
            errs.append(("source_url", why))
        if why := validate.text_problem(row["unit"], "unit", max_length=200):
            errs.append(("unit", why))
        if meta is not None and value is not None and meta.measure_type in ("share", "rate") and value > 100:
            errs.append(("value", f"{value:g} is over 100 but {ind_id} is a percentage"))
        elif meta is not None and value is not None and (why := validate.value_problem(value, meta.measure_type, ref.geo_level.get(geo))):
            errs.append(("value", why))
        start = end = None
        if meta is not None and year is not None:
            start, end, why = _period(row, meta.period_rule, year, ref)
            if why:
                errs.append(("period_start", why))
            elif info is not None:
                start, end = documents.cut_period(start, end, info)
        if errs:
            for col, reason in errs:
                problems.add(file, line, col, reason)
            continue
        out.append({
            "geo_code": geo, "geo_level": ref.geo_level[geo], "indicator_id": ind_id, "year": year,
            "period_start": start, "period_end": end, "period_rule": meta.period_rule,
            "full_year": documents.is_full_year(start, end), "value": value, "value_qualifier": qualifier,
            "unit": meta.unit, "unit_as_published": row["unit"].strip(), "sex": sex, "age_group": age,
            "source_id": source_id(row["source"]), "source_title": row["source"].strip(), "source_url": url,
            "source_quote": row["quote"].strip(), "publication_kind": info["publication_kind"],
            "study_id": info["study_id"], "dataset": dataset, "raw_file": file, "raw_line": line,
        })
    frame = pd.DataFrame(out, columns=COLUMNS)
    return _typed(frame)


def _period(row: dict, rule: str, year: int, ref: Reference):
    """Period from the indicator's rule, or from explicit period_start/period_end columns (additions)."""
    ps, pe = (row.get("period_start") or "").strip(), (row.get("period_end") or "").strip()
    if ps or pe:
        try:
            start, end = date.fromisoformat(ps), date.fromisoformat(pe)
        except ValueError:
            return None, None, f'period_start/period_end "{ps}"/"{pe}" must both be dates like 2024-01-01'
        if start > end:
            return None, None, f"period_start {start} is after period_end {end}"
        if end.year != year:
            return None, None, f"period_end {end} is not in the stated year {year}"
        return start, end, None
    start, end = ref.period_bounds(rule, year)
    return start, end, None


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    frame["year"] = frame["year"].astype("int64")
    frame["raw_line"] = frame["raw_line"].astype("int64")
    frame["value"] = frame["value"].astype("float64")
    frame["full_year"] = frame["full_year"].astype("bool")
    for col in ("period_start", "period_end"):
        frame[col] = pd.to_datetime(frame[col]).astype("datetime64[ms]") if len(frame) else pd.Series([], dtype="datetime64[ms]")
    for col in COLUMNS:
        if frame[col].dtype == object:
            frame[col] = frame[col].astype("str")
    return frame


def duplicate_problems(frame: pd.DataFrame, problems: Problems) -> None:
    """Two rows with the same key (place, indicator, period, sex, age group, source) are one fact twice."""
    key = ["geo_code", "indicator_id", "period_start", "period_end", "sex", "age_group", "source_id"]
    report_duplicates(frame, key, problems, lambda r: f"duplicate fact ({r['geo_code']}, {r['indicator_id']}, {r['year']}, "
                                                      f"sex={r['sex']}, age={r['age_group']}, same source):")


def step(run: Run) -> None:
    parts = [run.source(f, read, lambda raw, name, d=e.dataset: transform(raw, run.ref, name, d, run.problems), COLUMNS)
             .assign(file_rank=k) for k, (f, e) in enumerate(run.files("indicator_rows"))]
    values = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=[*COLUMNS, "file_rank"])
    del parts  # one copy of the rows in memory, not two
    values = values.sort_values(["indicator_id", "geo_code", "period_start", "period_end", "sex", "age_group", "source_id"],
                                kind="stable").reset_index(drop=True)
    duplicate_problems(values, run.problems)
    run.tables["indicator_values"] = documents.choose(values, list(CELL), run.ref.precedence, value="value").drop(columns="file_rank")
