"""Checksums and fingerprints, standard library only, so an up-to-date rerun can exit before importing pandas."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from etl.paths import NON_DATA_SUFFIXES

ETL_DIR = Path(__file__).resolve().parent
MANIFEST = "manifest.json"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fingerprint(paths: list[Path]) -> str:
    """Hash of file names and contents; names are taken relative to their data folder so a copy of the
    project (or a test's copy of data/raw) gives the same fingerprint for the same content."""
    h = hashlib.sha256()
    for p in sorted(paths):
        name = "/".join(p.parts[-2:])
        h.update(name.encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


def _files(folder: Path, pattern: str = "*") -> list[Path]:
    return sorted(p for p in folder.rglob(pattern) if p.is_file() and not p.name.startswith("."))


def input_files(raw: Path, reference: Path) -> list[Path]:
    return _files(raw) + _files(reference) + _files(ETL_DIR, "*.py")


def data_files(raw: Path) -> list[Path]:
    """Raw files that hold data (so need a sidecar): everything but docs, licences and sidecars."""
    return [p for p in _files(raw) if not p.name.endswith(NON_DATA_SUFFIXES) and not p.name.startswith("LICENSE")]


def previous_manifest(processed: Path) -> dict | None:
    try:
        return json.loads((processed / MANIFEST).read_text())
    except (OSError, ValueError):
        return None


def outputs_intact(processed: Path, manifest: dict) -> bool:
    outs = manifest.get("outputs", {})
    return bool(outs) and all((processed / n).exists() and sha256(processed / n) == o["sha256"] for n, o in outs.items())
