"""Publishing a build so that readers always see one complete build (standard library only).

Layout (see etl.paths): data/processed/builds/<data_version>/ holds one build's tables and manifest.json;
data/processed/CURRENT holds the data_version to read. A build is written into builds/.tmp-<random>/, renamed to
builds/<data_version>/ (one rename, atomic on the same file system), and only then is CURRENT replaced with
os.replace (atomic too). A reader that resolved CURRENT a moment earlier keeps reading the previous folder, which
stays: the last KEEP builds are kept, so a reader would need KEEP-1 further builds to finish during its load to lose
its folder. A failed run never gets this far, so data/processed stays byte-identical.

The build id is the data_version (a hash of the output checksums), so rebuilding identical outputs reuses the same
folder: its manifest is refreshed (inputs may differ while outputs do not) by an atomic replace.
"""
from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import time
from pathlib import Path

from etl.paths import BUILD_ID, BUILDS, CURRENT, current_build

KEEP = 3
STALE_SECONDS = 3600  # leftovers of a crashed run (.tmp-*, .old-*) older than this are removed
MANIFEST = "manifest.json"


def new_tmp(processed: Path) -> Path:
    """An empty private folder inside builds/ to write a build into (same file system as its final place)."""
    builds = processed / BUILDS
    builds.mkdir(parents=True, exist_ok=True)
    tmp = builds / f".tmp-{secrets.token_hex(6)}"
    tmp.mkdir()
    return tmp


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def intact(folder: Path, manifest: dict | None = None) -> bool:
    """Every output the manifest lists is in `folder` with its recorded size and checksum."""
    try:
        manifest = manifest if manifest is not None else json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        outs = manifest["outputs"]
        return bool(outs) and all((folder / n).is_file() and (folder / n).stat().st_size == o["bytes"]
                                  and sha256(folder / n) == o["sha256"] for n, o in outs.items())
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False


def publish(tmp: Path, processed: Path, version: str, keep: int = KEEP) -> Path:
    """Make the finished build in `tmp` (with its manifest.json) the current one; returns its folder."""
    if not BUILD_ID.fullmatch(version):
        raise ValueError(f"bad build id {version!r}")
    builds = processed / BUILDS
    target = builds / version
    if target.is_dir() and intact(target, json.loads((tmp / MANIFEST).read_text(encoding="utf-8"))):
        os.replace(tmp / MANIFEST, target / MANIFEST)  # same outputs: only the manifest (inputs) may differ
        shutil.rmtree(tmp, ignore_errors=True)
    else:
        old = None
        if target.exists():  # a damaged folder of the same version: move it aside, then replace it
            old = builds / f".old-{secrets.token_hex(6)}"
            target.rename(old)
        tmp.rename(target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    _fsync_dir(target)
    write_pointer(processed, version)
    now = time.time()
    os.utime(target, (now, now))  # most recently published first when pruning
    prune(processed, keep)
    _remove_legacy_flat_layout(processed)
    return target


def write_pointer(processed: Path, version: str) -> None:
    tmp = processed / f".{CURRENT}.tmp-{secrets.token_hex(6)}"
    with open(tmp, "w", encoding="ascii") as fh:
        fh.write(version + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, processed / CURRENT)
    _fsync_dir(processed)


def prune(processed: Path, keep: int = KEEP) -> None:
    """Keep the current build and the most recently published others, `keep` in all; remove stale leftovers."""
    builds = processed / BUILDS
    current = current_build(processed)
    done = [p for p in builds.iterdir() if p.is_dir() and BUILD_ID.fullmatch(p.name)]
    done.sort(key=lambda p: (p != current, -p.stat().st_mtime))
    for p in done[keep:]:
        shutil.rmtree(p, ignore_errors=True)
    cutoff = time.time() - STALE_SECONDS
    for p in builds.iterdir():
        if p.name.startswith((".tmp-", ".old-")) and p.stat().st_mtime < cutoff:
            shutil.rmtree(p, ignore_errors=True)


def _remove_legacy_flat_layout(processed: Path) -> None:
    """Tables and a manifest written straight into data/processed by the ETL before builds/ existed."""
    for p in list(processed.glob("*.parquet")) + [processed / MANIFEST]:
        if p.is_file():
            p.unlink()


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
