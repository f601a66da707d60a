"""`python -m etl`: build data/processed/ from data/raw/ and data/reference/.

Order: check data/raw against the registry of inputs (etl/inputs.py) and every sidecar -> load reference -> each
source (read, transform) -> named sanity checks -> derived tables -> schemas -> write a new build folder -> make it
current (etl/builds.py). Problems from every step are collected; if there are any, nothing is written and
data/processed/ stays byte-identical. A rerun whose inputs (raw files, reference files and ETL code) are unchanged
exits at once; the boundaries step is reused by checksum when only other inputs changed.
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

from etl import builds, derive, documents, inputs, reference, schemas, web
from etl.fingerprint import MANIFEST, data_files, fingerprint, input_files, outputs_intact, previous_manifest, sha256
from etl.paths import PROCESSED, RAW, REFERENCE, SIDECAR_SUFFIX, current_build, rel
from etl.problems import Problems, reset_suggestions
from etl.sidecar import check_matches, read_sidecar
from etl.sources import boundaries, geo_checks, indicator_rows, population, tier_crosscheck, tip_tiers, unodc

ETL_DIR = Path(__file__).resolve().parent
BOUNDARY_OUTPUTS = ("boundaries_pk_adm1.parquet", "boundaries_world.parquet")


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
        self.rows.append({"file": file, "read": read, "written": written})

    def print(self, out, problems: Problems) -> None:
        """Rejected lines are counted at the end, so that duplicates and sanity checks found later count too."""
        print("\nPer-source summary:", file=out)
        print(f"  {'file':58} {'read':>9} {'written':>9} {'rejected':>9}", file=out)
        for r in self.rows:
            flag = "  (file-level problem)" if problems.has_file_problem(r["file"]) else ""
            print(f"  {r['file']:58} {r['read']:>9} {r['written']:>9} {problems.rejected_lines(r['file']):>9}{flag}", file=out)


class _Sources:
    """Runs one source (read, then transform) so that even an unexpected error becomes a reported problem
    naming the file, and the run goes on to check the other files. A reader may return one frame or an iterator
    of chunks (then the transform runs per chunk, so a big file is never held as raw strings all at once)."""

    def __init__(self, problems: Problems, summary: Summary):
        self.problems, self.summary = problems, summary

    def run(self, file: Path, read, transform, columns: list[str]) -> pd.DataFrame:
        name = rel(file)
        n_raw, parts = 0, []
        try:
            got = read(file, self.problems)
            for chunk in [got] if isinstance(got, pd.DataFrame) else got:
                n_raw += len(chunk)
                parts.append(transform(chunk, name))
            tidy = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
        except Exception as exc:  # noqa: BLE001 - anything a malformed file can trigger
            self.problems.add(name, None, "", f"unexpected error while processing this file ({type(exc).__name__}: {exc})")
            tidy = pd.DataFrame(columns=columns)
        if tidy.empty and not self.problems.has_file_problem(name) and not self.problems.rejected_lines(name):
            self.problems.add(name, None, "", "no rows were read from this file: a source that yields nothing is an error")
        self.summary.add(name, n_raw, len(tidy), self.problems)
        return tidy


def check_raw(raw: Path, problems: Problems) -> dict[Path, dict]:
    """Every file in data/raw is read by the ETL (or is documentation), and every data file has a valid sidecar
    that matches it. Returns {data file: sidecar} for the readable sidecars."""
    for path, reason in inputs.unread_problems(raw):
        problems.add(rel(raw / path), None, "", reason)
    sidecars = {}
    for p in data_files(raw):
        meta = read_sidecar(p, problems)
        if meta is not None:
            check_matches(p, meta, problems)
            sidecars[p] = meta
    return sidecars


check_sidecars = check_raw  # the former name


def _one(raw: Path, step: str) -> Path | None:
    """The single registered file of `step`, or None if it is missing (check_raw reports that)."""
    got = [p for p, _ in inputs.files(raw, step) if p.is_file()]
    return got[0] if got else None


def build(paths: Paths, out=sys.stdout, force: bool = False) -> int:
    """Run the ETL; returns the process exit code (0 ok, 1 validation failed)."""
    t0 = time.perf_counter()

    def say(msg: str) -> None:  # progress lines carry the elapsed time
        print(msg.replace("[etl ", f"[{time.perf_counter() - t0:5.1f}s etl ", 1) if msg.startswith("[etl ") else msg,
              file=out, flush=True)
    reset_suggestions()
    inputs_now = input_files(paths.raw, paths.reference)
    fp = fingerprint(inputs_now)
    prev = previous_manifest(paths.processed)
    if not force and prev and prev.get("input_fingerprint") == fp and outputs_intact(paths.processed, prev):
        say(f"[etl] inputs unchanged (fingerprint {fp[:12]}); data/processed is up to date, data version {prev['data_version']}.")
        return 0

    problems, summary = Problems(), Summary()
    steps = 8
    say(f"[etl 1/{steps}] checking data/raw against the registry of inputs and {len(data_files(paths.raw))} provenance sidecars")
    sidecars = check_raw(paths.raw, problems)

    say(f"[etl 2/{steps}] loading reference data from {rel(paths.reference)}")
    ref = reference.load(paths.reference, problems)
    if ref is None or problems.any_in(rel(paths.reference)):
        print("\n" + problems.report(), file=sys.stderr)
        return 1
    for f, meta in sidecars.items():  # documents described by a raw file's own sidecar (additions, single-document files)
        if "documents" in meta:
            ref.add_documents(meta["documents"], rel(f.with_name(f.name + SIDECAR_SUFFIX)), problems)

    say(f"[etl 3/{steps}] TIP tier placements")
    src = _Sources(problems, summary)
    # The main panel first: on a tie in publication kind, the earlier file speaks for a cell (etl.documents.choose).
    candidates = []
    for rank, (step, reader) in enumerate((("tip_tiers", tip_tiers.read), ("tip_tiers_supplement", tip_tiers.read_supplement),
                                           ("tip_tiers_singles", tip_tiers.read_singles))):
        if f := _one(paths.raw, step):
            candidates.append(src.run(f, reader, lambda raw, name, k=rank: tip_tiers.transform(raw, ref, name, problems, file_rank=k),
                                      tip_tiers.COLUMNS))
    tiers = tip_tiers.combine(candidates, ref)
    cross = pd.DataFrame(columns=tier_crosscheck.COLUMNS)
    if f := _one(paths.raw, "tier_crosscheck"):
        cross = src.run(f, tier_crosscheck.read, lambda raw, name: tier_crosscheck.transform(raw, tiers, name, problems),
                        tier_crosscheck.COLUMNS)

    say(f"[etl 4/{steps}] case counts, child-victim statistics and analysts' additions")
    parts = [src.run(f, indicator_rows.read,
                     lambda raw, name, d=e.dataset: indicator_rows.transform(raw, ref, name, d, problems), indicator_rows.COLUMNS)
             .assign(file_rank=k) for k, (f, e) in enumerate(inputs.files(paths.raw, "indicator_rows")) if f.is_file()]
    values = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=[*indicator_rows.COLUMNS, "file_rank"])
    del parts  # one copy of the rows in memory, not two
    values = values.sort_values(["indicator_id", "geo_code", "period_start", "period_end", "sex", "age_group", "source_id"],
                                kind="stable").reset_index(drop=True)
    indicator_rows.duplicate_problems(values, problems)
    values = documents.choose(values, list(indicator_rows.CELL), ref.precedence, value="value").drop(columns="file_rank")

    say(f"[etl 5/{steps}] census population")
    pops = []
    if f := _one(paths.raw, "population_totals"):
        pops.append(src.run(f, population.read_totals, lambda raw, name: population.transform_totals(raw, ref, name, problems),
                            population.COLUMNS))
    if f := _one(paths.raw, "population_children"):
        pops.append(src.run(f, population.read_children, lambda raw, name: population.transform_children(raw, ref, name, problems),
                            population.COLUMNS))
    pop = pd.concat(pops, ignore_index=True) if pops else pd.DataFrame(columns=population.COLUMNS)
    pop = pop.sort_values(["geo_code", "census_year", "age_group", "sex", "boundary_basis"]).reset_index(drop=True)
    derive.check_census_sums(pop, problems)

    say(f"[etl 6/{steps}] UNODC country data: validation, and the indicator rows that cite it")
    if f := _one(paths.raw, "unodc"):
        glotip = src.run(f, unodc.read, lambda raw, name: unodc.transform(raw, ref, name, problems), unodc.REQUIRED)
        if not glotip.empty:
            unodc.check_indicator_rows(values, glotip, problems, rel(f))

    say(f"[etl 7/{steps}] boundaries (GeoParquet, simplified once)")
    pk_file, world_file = _one(paths.raw, "boundaries_pk"), _one(paths.raw, "boundaries_world")
    boundary_inputs = [p for p in (pk_file, world_file) if p] + [paths.reference / "geographies.csv",
                                                                 paths.reference / "countries.csv", ETL_DIR / "sources" / "boundaries.py",
                                                                 ETL_DIR / "sources" / "geo_checks.py"]
    boundary_fp = fingerprint([p for p in boundary_inputs if p.exists()])
    prev_dir = current_build(paths.processed)
    reuse_boundaries = (not force and prev and prev_dir is not None and prev.get("steps", {}).get("boundaries") == boundary_fp
                        and all((prev_dir / n).is_file() and sha256(prev_dir / n) == prev.get("outputs", {}).get(n, {}).get("sha256")
                                for n in BOUNDARY_OUTPUTS))
    pk_gdf = world_gdf = None
    if reuse_boundaries:
        say("    unchanged since the last build (checksum): reusing the simplified boundaries")
    else:
        if pk_file and geo_checks.check_pakistan(pk_file, ref, problems):
            g = boundaries.read_geo(pk_file, problems, rel(pk_file))
            if g is not None:
                pk_gdf = _guard(lambda: boundaries.pakistan(g, ref, rel(pk_file), problems), rel(pk_file), problems)
        if world_file and geo_checks.check_world(world_file, ref, problems):
            g = boundaries.read_geo(world_file, problems, rel(world_file), layer="countries")
            if g is not None:
                world_gdf = _guard(lambda: boundaries.world(g, ref, rel(world_file), problems), rel(world_file), problems)

    say(f"[etl 8/{steps}] named sanity checks, derived tables (rates, coverage, sources) and schemas")
    derive.check_provinces_within_national(values, problems)
    rates = cov = srcs = None
    if not problems:  # with rejected rows the run fails anyway: the derived tables and schemas check a clean run
        try:
            rates = derive.rates(values, pop, ref)
            cov = derive.coverage(values)
            srcs = derive.sources([tiers, values, pop], ref)
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
        except Exception as exc:  # noqa: BLE001 - a derived-table bug with clean inputs: report it
            problems.add("data/processed", None, "", f"unexpected error building derived tables ({type(exc).__name__}: {exc})")
    if not reuse_boundaries and (pk_gdf is None or world_gdf is None) and not problems:
        problems.add("data/raw/boundaries", None, "", "boundaries could not be built")

    summary.print(out, problems)
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
    tmp = builds.new_tmp(paths.processed)
    try:
        for name, frame in tables.items():
            frame.to_parquet(tmp / f"{name}.parquet", index=False, compression="zstd")
        if reuse_boundaries:
            for n in BOUNDARY_OUTPUTS:
                shutil.copyfile(prev_dir / n, tmp / n)
        else:
            pk_gdf.to_parquet(tmp / BOUNDARY_OUTPUTS[0], index=False, compression="zstd")
            world_gdf.to_parquet(tmp / BOUNDARY_OUTPUTS[1], index=False, compression="zstd")
        outputs = {p.name: _describe(p) for p in sorted(tmp.glob("*.parquet"))}
        data_version = hashlib.sha256("".join(o["sha256"] for o in outputs.values()).encode()).hexdigest()[:12]
        manifest = {
            "data_version": data_version,
            "layout": "builds/<data_version>/ + CURRENT (etl/builds.py)",
            "input_fingerprint": fp,
            "steps": {"boundaries": boundary_fp},
            "inputs": {rel(p): sha256(p) for p in inputs_now if not p.is_relative_to(ETL_DIR)},
            "outputs": outputs,
            "census_rule": derive.__doc__.split("\n\n")[1].replace("\n", " "),
        }
        (tmp / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
        folder = builds.publish(tmp, paths.processed, data_version)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if pk_gdf is None or world_gdf is None:  # boundaries reused from the previous build: read them from this one
        import geopandas as gpd

        pk_gdf, world_gdf = (gpd.read_parquet(folder / n) for n in BOUNDARY_OUTPUTS)
    web.publish(paths.processed, data_version, pk_gdf, world_gdf)
    say(f"\n[etl] wrote {len(outputs)} tables to {rel(paths.processed)}/{builds.BUILDS}/{folder.name} and made it current "
        f"(data version {data_version}) in {time.perf_counter() - t0:.1f}s")
    for n, o in outputs.items():
        say(f"    {n:34} {o['rows']:>9} rows")
    return 0


def _describe(p: Path) -> dict:
    """Rows, columns, size and checksum of a written table, read from the Parquet footer (not the data)."""
    import pyarrow.parquet as pq

    meta = pq.read_metadata(p)
    return {"rows": meta.num_rows, "columns": list(meta.schema.to_arrow_schema().names), "sha256": sha256(p),
            "bytes": p.stat().st_size}


def _guard(fn, file: str, problems: Problems):
    """Run a geometry step; an unexpected geometry error becomes a reported problem, not a traceback."""
    try:
        return fn()
    except Exception as exc:  # noqa: BLE001 - any library error on malformed geometry
        problems.add(file, None, "geometry", f"cannot process boundaries ({type(exc).__name__}: {exc})")
        return None
