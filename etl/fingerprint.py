"""Checksums and fingerprints, standard library only, so an up-to-date rerun can exit before importing pandas."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from etl.builds import MANIFEST, intact
from etl.builds import sha256 as sha256  # noqa: PLC0414 - re-exported
from etl.paths import current_build

ETL_DIR = Path(__file__).resolve().parent


def fingerprint(paths: list[Path]) -> str:
    """Hash of file names and contents; names are taken relative to their data folder so a copy of the
    project (or a test's copy of data/raw) gives the same fingerprint for the same content."""
    h = hashlib.sha256()
    for p in sorted(paths):
        name = "/".join(p.parts[-2:])
        h.update(name.encode() + b"\0")
        with open(p, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
        h.update(b"\0")
    return h.hexdigest()


def _files(folder: Path, pattern: str = "*") -> list[Path]:
    """Every file (hidden ones included: a stray hidden file in data/raw is an error, so it must trigger a run)."""
    return sorted(p for p in folder.rglob(pattern) if p.is_file() and "__pycache__" not in p.parts)


def input_files(raw: Path, reference: Path) -> list[Path]:
    return _files(raw) + _files(reference) + _files(ETL_DIR, "*.py")


def previous_manifest(processed: Path) -> dict | None:
    """The manifest of the current build, or None if there is none (or it is unreadable)."""
    folder = current_build(processed)
    if folder is None:
        return None
    try:
        m = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return m if isinstance(m, dict) else None


def outputs_intact(processed: Path, manifest: dict) -> bool:
    """The current build matches its manifest and its web files (etl/web.py) are published."""
    from etl.web import published

    folder = current_build(processed)
    return folder is not None and intact(folder, manifest) and published(processed, folder.name)


def up_to_date(raw: Path, reference: Path, processed: Path) -> tuple[str, dict | None, bool]:
    """The one up-to-date check: (fingerprint of the inputs, the current build's manifest or None, whether that build
    was made from exactly these inputs and is intact)."""
    fp = fingerprint(input_files(raw, reference))
    prev = previous_manifest(processed)
    return fp, prev, bool(prev and prev.get("input_fingerprint") == fp and outputs_intact(processed, prev))
