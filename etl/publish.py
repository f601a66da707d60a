"""Publishing a clean run: every table to Parquet in a new build folder, its manifest, then make it current.

The folder and pointer handling (atomic, versioned) is etl/builds.py; the browser's map files are etl/web.py.
The manifest records what the build was made from: each input's checksum, the provenance its sidecar gives, and the
per-step fingerprints that let a later run reuse a step's outputs.
"""
from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from etl import builds, derive, web
from etl.fingerprint import ETL_DIR, sha256
from etl.paths import rel
from etl.run import Run
from etl.sources.common import source_id

# What the manifest copies from a raw file's sidecar, and from each document the sidecar describes
PROVENANCE_KEYS = ("title", "url", "producer", "publisher", "licence", "accessed")
DOCUMENT_KEYS = ("title", "url", "producer", "publisher", "publication_kind", "licence")


def provenance(sidecars: dict[Path, dict]) -> dict[str, dict]:
    """Per raw data file, its sidecar's description (source id made from the title, as for every cited document)."""
    out = {}
    for f, meta in sorted(sidecars.items()):
        entry = {k: meta[k] for k in PROVENANCE_KEYS if k in meta}
        entry["source_id"] = source_id(str(meta.get("title", "")))
        if meta.get("documents"):
            entry["documents"] = [{"source_id": source_id(str(d.get("title", ""))), **{k: d[k] for k in DOCUMENT_KEYS if k in d}}
                                  for d in meta["documents"]]
        out[rel(f)] = entry
    return out


def publish(run: Run, fp: str, inputs_now: list[Path], sidecars: dict[Path, dict]) -> tuple[Path, dict]:
    """Write the run's tables as a new build and make it current; returns (its folder, its outputs)."""
    processed = run.paths.processed
    tmp = builds.new_tmp(processed)
    try:
        for name, frame in run.tables.items():
            frame.to_parquet(tmp / f"{name}.parquet", index=False, compression="zstd")
        for name, earlier in run.reused.items():
            shutil.copyfile(earlier, tmp / name)
        outputs = {p.name: _describe(p) for p in sorted(tmp.glob("*.parquet"))}
        data_version = hashlib.sha256("".join(o["sha256"] for o in outputs.values()).encode()).hexdigest()[:12]
        manifest = {
            "data_version": data_version,
            "layout": "builds/<data_version>/ + CURRENT (etl/builds.py)",
            "input_fingerprint": fp,
            "steps": run.step_fingerprints,
            "inputs": {rel(p): sha256(p) for p in inputs_now if not p.is_relative_to(ETL_DIR)},
            "provenance": provenance(sidecars),
            "outputs": outputs,
            "census_rule": derive.__doc__.split("\n\n")[1].replace("\n", " "),
        }
        (tmp / builds.MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
        folder = builds.publish(tmp, processed, data_version)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    web.publish(processed, data_version, *_boundaries(run, folder))
    return folder, outputs


def _boundaries(run: Run, folder: Path):
    """The boundary frames for the web files: this run's, or (reused from an earlier build) read back from this one."""
    names = ("boundaries_pk_adm1", "boundaries_world")
    if all(n in run.tables for n in names):
        return [run.tables[n] for n in names]
    import geopandas as gpd

    return [gpd.read_parquet(folder / f"{n}.parquet") for n in names]


def _describe(p: Path) -> dict:
    """Rows, columns, size and checksum of a written table, read from the Parquet footer (not the data)."""
    import pyarrow.parquet as pq

    meta = pq.read_metadata(p)
    return {"rows": meta.num_rows, "columns": list(meta.schema.to_arrow_schema().names), "sha256": sha256(p),
            "bytes": p.stat().st_size}
