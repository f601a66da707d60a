"""`python -m etl`: build data/processed/ from data/raw/ and data/reference/.

Order: check data/raw against the registry of inputs (etl/inputs.py) and every sidecar -> load reference -> each
source step (etl/sources STEPS: read, transform) -> named sanity checks (etl/checks.py) -> derived tables -> schemas
(etl/schemas.py SCHEMAS) -> publish a new build folder and make it current (etl/publish.py). Problems from every step
are collected; if there are any, nothing is written and data/processed/ stays byte-identical. A rerun whose inputs
(raw files, reference files and ETL code) are unchanged exits at once; the boundaries step is reused by checksum when
only other inputs changed.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

from etl import checks, derive, inputs, reference, schemas
from etl.builds import BUILDS
from etl.fingerprint import input_files, up_to_date
from etl.inputs import data_files
from etl.paths import SIDECAR_SUFFIX, rel
from etl.problems import Problems, reset_suggestions
from etl.publish import publish
from etl.run import Paths, Run
from etl.sidecar import check_matches, read_sidecar
from etl.sources import STEPS

__all__ = ["Paths", "build", "check_raw", "data_files"]
REFERENCE_TABLES = ("indicators", "geographies", "countries", "period_rules", "source_kinds", "events", "publication_kinds")


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


class Progress:
    """Progress lines on `out`, each "[etl ...]" line carrying the time since the run started."""

    def __init__(self, out):
        self.out, self.t0 = out, time.perf_counter()

    def elapsed(self) -> float:
        return time.perf_counter() - self.t0

    def __call__(self, msg: str) -> None:
        print(msg.replace("[etl ", f"[{self.elapsed():5.1f}s etl ", 1) if msg.startswith("[etl ") else msg, file=self.out, flush=True)


def build(paths: Paths, out=sys.stdout, force: bool = False) -> int:
    """Run the ETL; returns the process exit code (0 ok, 1 validation failed)."""
    say = Progress(out)
    reset_suggestions()
    fp, prev, fresh = up_to_date(paths.raw, paths.reference, paths.processed)
    if fresh and not force:
        say(f"[etl] inputs unchanged (fingerprint {fp[:12]}); data/processed is up to date, data version {prev['data_version']}.")
        return 0
    n = 3 + sum(1 for s in STEPS if s.TITLE)  # raw check, reference, the titled steps, then checks and derived tables
    problems = Problems()
    say(f"[etl 1/{n}] checking data/raw against the registry of inputs and {len(data_files(paths.raw))} provenance sidecars")
    sidecars = check_raw(paths.raw, problems)
    say(f"[etl 2/{n}] loading reference data from {rel(paths.reference)}")
    ref = _reference(paths, sidecars, problems)
    if ref is None:
        print("\n" + problems.report(), file=sys.stderr)
        return 1
    run = Run(paths, ref, problems, say, force=force, previous=prev)
    _steps(run, n)
    run.summary.print(out, problems)
    if problems:
        print("\n" + problems.report(), file=sys.stderr)
        return 1
    folder, outputs = publish(run, fp, input_files(paths.raw, paths.reference), sidecars)
    say(f"\n[etl] wrote {len(outputs)} tables to {rel(paths.processed)}/{BUILDS}/{folder.name} and made it current "
        f"(data version {folder.name}) in {say.elapsed():.1f}s")
    for name, o in outputs.items():
        say(f"    {name:34} {o['rows']:>9} rows")
    return 0


def _reference(paths: Paths, sidecars: dict[Path, dict], problems: Problems):
    """The reference data, with the documents that raw files' own sidecars describe; None if it has problems."""
    ref = reference.load(paths.reference, problems)
    if ref is None or problems.any_in(rel(paths.reference)):
        return None
    for f, meta in sidecars.items():  # additions, single-document files
        if "documents" in meta:
            ref.add_documents(meta["documents"], rel(f.with_name(f.name + SIDECAR_SUFFIX)), problems)
    return ref


def _steps(run: Run, n: int) -> None:
    """Every source step, the named sanity checks, and (for a clean run) the derived tables and schemas."""
    k = 2
    for step in STEPS:
        if step.TITLE:
            k += 1
            run.say(f"[etl {k}/{n}] {step.TITLE}")
        step.step(run)
    run.say(f"[etl {n}/{n}] named sanity checks, derived tables (rates, coverage, sources) and schemas")
    for check in checks.CHECKS:
        check(run)
    if not run.problems:  # with rejected rows the run fails anyway: the derived tables and schemas check a clean run
        _derive_and_validate(run)
    checks.boundaries_built(run)


def _derive_and_validate(run: Run) -> None:
    t, ref = run.tables, run.ref
    try:
        t["indicator_rates"] = derive.rates(t["indicator_values"], t["population"], ref)
        t["coverage"] = derive.coverage(t["indicator_values"])
        t["sources"] = derive.sources([t["tip_tiers"], t["indicator_values"], t["population"]], ref)
        t.update({name: getattr(ref, name) for name in REFERENCE_TABLES})
        schemas.validate_all(t, ref, run.problems)
    except Exception as exc:  # noqa: BLE001 - a derived-table bug with clean inputs: report it
        run.problems.add("data/processed", None, "", f"unexpected error building derived tables ({type(exc).__name__}: {exc})")
