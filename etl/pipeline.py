"""`python -m etl`: build data/processed/ from data/raw/ and data/reference/.

Order: check raw sidecars -> load reference -> each source (read, transform) -> derived tables -> schemas ->
write everything to a temporary folder -> swap it in. Problems from every step are collected; if there are any,
nothing is written and the previous data/processed/ stays byte-identical. A rerun whose inputs (raw files,
reference files and ETL code) are unchanged exits at once; the boundaries step is reused by checksum when only
other inputs changed.
"""
from __future__ import annotations

import hashlib
import json
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from etl import derive, documents, reference, schemas
from etl.fingerprint import (MANIFEST, data_files, fingerprint, input_files, outputs_intact, previous_manifest,
                             sha256)
from etl.paths import NON_DATA_SUFFIXES, PROCESSED, RAW, REFERENCE, SIDECAR_SUFFIX, rel
from etl.problems import Problems
from etl.readers import read_sidecar
from etl.sources import boundaries, indicator_rows, population, tip_tiers

ETL_DIR = Path(__file__).resolve().parent
BOUNDARY_OUTPUTS = ("boundaries_pk_adm1.parquet", "boundaries_world.parquet")
BUNDLED_INDICATOR_FILES = {"cases/pakistan_tip_cases_by_province.csv": "cases",
                           "children/child_victims.csv": "children"}


@dataclass
class Paths:
    raw: Path = RAW
    reference: Path = REFERENCE
    processed: Path = PROCESSED

    @property
    def additions(self) -> Path:
        return self.raw / "additions"


@dataclass
class Summary:
    rows: list[dict] = field(default_factory=list)

    def add(self, file: str, read: int, written: int, problems: Problems) -> None:
        rejected = len({p.line for p in problems.items if p.file == file and p.line is not None})
        whole = any(p.file == file and p.line is None for p in problems.items)
        self.rows.append({"file": file, "read": read, "written": written, "rejected": rejected, "file_error": whole})

    def print(self, out) -> None:
        print("\nPer-source summary:", file=out)
        print(f"  {'file':58} {'read':>6} {'written':>8} {'rejected':>9}", file=out)
        for r in self.rows:
            flag = "  (file-level problem)" if r["file_error"] else ""
            print(f"  {r['file']:58} {r['read']:>6} {r['written']:>8} {r['rejected']:>9}{flag}", file=out)


class _Sources:
    """Runs one source (read, then transform) so that even an unexpected error becomes a reported problem
    naming the file, and the run goes on to check the other files."""

    def __init__(self, problems: Problems, summary: Summary):
        self.problems, self.summary = problems, summary

    def run(self, file: Path, read, transform, columns: list[str]) -> pd.DataFrame:
        name = rel(file)
        raw = None
        try:
            raw = read(file, self.problems)
            tidy = transform(raw, name)
        except Exception as exc:  # noqa: BLE001 - anything a malformed file can trigger
            self.problems.add(name, None, "", f"unexpected error while processing this file ({type(exc).__name__}: {exc})")
            tidy = pd.DataFrame(columns=columns)
        self.summary.add(name, 0 if raw is None else len(raw), len(tidy), self.problems)
        return tidy


def check_sidecars(raw: Path, problems: Problems) -> dict[Path, dict]:
    """Every raw data file's sidecar, checked against the file's checksum; returns {file: sidecar} for the readable ones."""
    sidecars = {}
    for p in data_files(raw):
        meta = read_sidecar(p, problems)
        if meta and meta.get("sha256") and meta["sha256"] != sha256(p):
            problems.add(rel(p), None, "", "file differs from the sha256 in its provenance sidecar: raw files are never "
                                           "edited; if this is a new release, update the sidecar (sha256, accessed, notes)")
        if meta:
            sidecars[p] = meta
    return sidecars


def build(paths: Paths, out=sys.stdout, force: bool = False) -> int:
    """Run the ETL; returns the process exit code (0 ok, 1 validation failed)."""
    t0 = time.perf_counter()
    say = lambda msg: print(msg, file=out, flush=True)  # noqa: E731
    inputs = input_files(paths.raw, paths.reference)
    fp = fingerprint(inputs)
    prev = previous_manifest(paths.processed)
    if not force and prev and prev.get("input_fingerprint") == fp and outputs_intact(paths.processed, prev):
        say(f"[etl] inputs unchanged (fingerprint {fp[:12]}); data/processed is up to date, data version {prev['data_version']}.")
        return 0

    problems, summary = Problems(), Summary()
    steps = 7
    say(f"[etl 1/{steps}] checking provenance sidecars of {len(data_files(paths.raw))} raw files")
    sidecars = check_sidecars(paths.raw, problems)

    say(f"[etl 2/{steps}] loading reference data from {rel(paths.reference)}")
    ref = reference.load(paths.reference, problems)
    if ref is None or problems.items and any(p.file.startswith(rel(paths.reference)) for p in problems.items):
        print("\n" + problems.report(), file=sys.stderr)
        return 1
    for f, meta in sidecars.items():  # documents described by a raw file's own sidecar (additions, single-document files)
        if "documents" in meta:
            ref.add_documents(meta["documents"], rel(f.with_name(f.name + SIDECAR_SUFFIX)), problems)

    say(f"[etl 3/{steps}] TIP tier placements")
    src = _Sources(problems, summary)
    # The main panel first: on a tie in publication kind, the earlier file speaks for a cell (etl.documents.choose).
    tier_files = [(paths.raw / "tip_tiers" / "tip_tiers.csv", tip_tiers.read),
                  (paths.raw / "tip_tiers" / "tip_tiers_supplement_2024_2025.csv", tip_tiers.read_supplement),
                  (paths.raw / "tip_tiers" / "tip_tiers_partial_2016_2022_individual.csv", tip_tiers.read_singles)]
    candidates = [src.run(f, reader, lambda raw, name, k=k: tip_tiers.transform(raw, ref, name, problems, file_rank=k),
                          tip_tiers.COLUMNS) for k, (f, reader) in enumerate(tier_files)]
    tiers = tip_tiers.combine(candidates, ref)
    f = paths.raw / "tip_tiers" / "pakistan_tier_crosscheck.csv"
    cross = src.run(f, tip_tiers.read_table_crosscheck, lambda raw, name: tip_tiers.crosscheck(raw, tiers, name, problems),
                    tip_tiers.CROSSCHECK_COLUMNS)

    say(f"[etl 4/{steps}] case counts, child-victim statistics and analysts' additions")
    indicator_sources = [(paths.raw / k, v) for k, v in BUNDLED_INDICATOR_FILES.items()]
    for p in sorted(paths.additions.glob("*")) if paths.additions.exists() else []:
        if p.name.startswith(("~", ".")) or p.name.endswith(NON_DATA_SUFFIXES) or p.is_dir():
            continue
        if p.suffix.lower() in (".csv", ".xlsx"):
            indicator_sources.append((p, "additions"))
        else:
            problems.add(rel(p), None, "", f'unsupported file type "{p.suffix}": save it as CSV (UTF-8) or .xlsx')
    parts = [src.run(f, indicator_rows.read, lambda raw, name, d=dataset: indicator_rows.transform(raw, ref, name, d, problems),
                     indicator_rows.COLUMNS).assign(file_rank=k) for k, (f, dataset) in enumerate(indicator_sources)]
    values = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=[*indicator_rows.COLUMNS, "file_rank"])
    values = values.sort_values(["indicator_id", "geo_code", "period_start", "period_end", "sex", "age_group", "source_id"],
                                kind="stable").reset_index(drop=True)
    indicator_rows.duplicate_problems(values, problems)
    values = documents.choose(values, list(indicator_rows.CELL), ref.precedence, value="value").drop(columns="file_rank")

    say(f"[etl 5/{steps}] census population")
    f = paths.raw / "population" / "pakistan_population_by_province.csv"
    pop_total = src.run(f, population.read_totals, lambda raw, name: population.transform_totals(raw, ref, name, problems),
                        population.COLUMNS)
    f = paths.raw / "population" / "pakistan_children_by_province_2023.csv"
    pop_child = src.run(f, population.read_children, lambda raw, name: population.transform_children(raw, ref, name, problems),
                        population.COLUMNS)
    pop = pd.concat([pop_total, pop_child], ignore_index=True).sort_values(
        ["geo_code", "census_year", "age_group", "sex", "boundary_basis"]).reset_index(drop=True)
    derive.check_census_sums(pop, problems)

    say(f"[etl 6/{steps}] boundaries (GeoParquet, simplified once)")
    boundary_inputs = [paths.raw / "boundaries" / "pakistan_adm1_kp_merged.geojson",
                       paths.raw / "boundaries" / "world_countries_50m.topojson",
                       paths.reference / "geographies.csv", paths.reference / "countries.csv", ETL_DIR / "sources" / "boundaries.py"]
    boundary_fp = fingerprint([p for p in boundary_inputs if p.exists()])
    reuse_boundaries = (not force and prev and prev.get("steps", {}).get("boundaries") == boundary_fp
                        and all((paths.processed / n).exists() and sha256(paths.processed / n) == prev["outputs"].get(n, {}).get("sha256")
                                for n in BOUNDARY_OUTPUTS))
    pk_gdf = world_gdf = None
    if reuse_boundaries:
        say("    unchanged since the last build (checksum): reusing the simplified boundaries")
    else:
        f = boundary_inputs[0]
        g = boundaries.read_geo(f, problems, rel(f))
        if g is not None:
            pk_gdf = _guard(lambda: boundaries.pakistan(g, ref, rel(f), problems), rel(f), problems)
        f = boundary_inputs[1]
        g = boundaries.read_geo(f, problems, rel(f), layer="countries")
        if g is not None:
            world_gdf = _guard(lambda: boundaries.world(g, ref, rel(f), problems), rel(f), problems)

    say(f"[etl 7/{steps}] derived tables (rates, coverage, sources) and schemas")
    try:
        rates = derive.rates(values, pop, ref)
        cov = derive.coverage(values)
        srcs = derive.sources([tiers, values, pop], ref)
        derive.check_provinces_within_national(values, problems)
        geo_codes = list(ref.geographies.geo_code)
        kinds = list(ref.publication_kinds.publication_kind)
        rate_geos = ["PK", *ref.geographies.query("level == 'province' and status == 'current'").geo_code]
        schemas.validate(schemas.indicator_values(geo_codes, list(ref.indicators.indicator_id), list(ref.period_rules.period_rule),
                                                  kinds), values, "indicator_values", problems)
        schemas.validate(schemas.tip_tiers(list(ref.countries.iso3), kinds), tiers, "tip_tiers", problems)
        schemas.validate(schemas.population(geo_codes), pop, "population", problems)
        schemas.validate(schemas.indicator_rates(rate_geos), rates, "indicator_rates", problems)
        schemas.validate(schemas.coverage(), cov, "coverage", problems)
        schemas.validate(schemas.sources(kinds), srcs, "sources", problems)
    except Exception as exc:  # noqa: BLE001
        if not problems:  # a derived-table bug with clean inputs: report it; with bad inputs, those are the cause
            problems.add("data/processed", None, "", f"unexpected error building derived tables ({type(exc).__name__}: {exc})")

    summary.print(out)
    if problems:
        print("\n" + problems.report(), file=sys.stderr)
        return 1

    tables = {
        "tip_tiers": tiers, "pakistan_tier_crosscheck": cross, "indicator_values": values, "indicator_rates": rates,
        "population": pop, "coverage": cov, "sources": srcs,
        "indicators": ref.indicators, "geographies": ref.geographies, "countries": ref.countries,
        "period_rules": ref.period_rules, "source_kinds": ref.source_kinds, "events": ref.events,
        "publication_kinds": ref.publication_kinds,
    }
    tmp = paths.processed.with_name(f".{paths.processed.name}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    try:
        for name, frame in tables.items():
            frame.to_parquet(tmp / f"{name}.parquet", index=False, compression="zstd")
        if reuse_boundaries:
            for n in BOUNDARY_OUTPUTS:
                shutil.copyfile(paths.processed / n, tmp / n)
        else:
            pk_gdf.to_parquet(tmp / BOUNDARY_OUTPUTS[0], index=False, compression="zstd")
            world_gdf.to_parquet(tmp / BOUNDARY_OUTPUTS[1], index=False, compression="zstd")
        outputs = {}
        for p in sorted(tmp.glob("*.parquet")):
            rows = len(pd.read_parquet(p, columns=[])) if p.name not in BOUNDARY_OUTPUTS else len(pd.read_parquet(p, columns=["geo_code" if "pk" in p.name else "iso3"]))
            outputs[p.name] = {"rows": rows, "sha256": sha256(p), "bytes": p.stat().st_size}
        data_version = hashlib.sha256("".join(o["sha256"] for o in outputs.values()).encode()).hexdigest()[:12]
        manifest = {
            "data_version": data_version,
            "input_fingerprint": fp,
            "steps": {"boundaries": boundary_fp},
            "inputs": {rel(p): sha256(p) for p in inputs if not p.is_relative_to(ETL_DIR)},
            "outputs": outputs,
            "census_rule": derive.__doc__.split("\n\n")[1].replace("\n", " "),
        }
        (tmp / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
        _swap(tmp, paths.processed)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    say(f"\n[etl] wrote {len(outputs)} tables to {rel(paths.processed)} (data version {data_version}) in {time.perf_counter() - t0:.1f}s")
    for n, o in outputs.items():
        say(f"    {n:34} {o['rows']:>7} rows")
    return 0


def _guard(fn, file: str, problems: Problems):
    """Run a geometry step; an unexpected geometry error becomes a reported problem, not a traceback."""
    try:
        return fn()
    except Exception as exc:  # noqa: BLE001 - any library error on malformed geometry
        problems.add(file, None, "geometry", f"cannot process boundaries: {exc}")
        return None


def _swap(new: Path, target: Path) -> None:
    """Replace target with new in two renames, so readers never see a half-written folder."""
    old = target.with_name(f".{target.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)
