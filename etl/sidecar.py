"""Provenance sidecars (`<file>.provenance.json`): read and check them without ever raising.

A sidecar must be a regular file of at most MAX_BYTES, hold a JSON object (not a list, string, number or null),
nest no deeper than MAX_DEPTH, and give `title`, `producer` and `licence` as non-empty text. Optional fields are
checked when present: `sha256` (64 hexadecimal digits, and the data file must match it), `bytes` (the data file's
size), `file` (the data file's name), `url` (a link that passes etl.validate.url_problem, or empty), and `accessed`
and `notes` (text), and `documents` (a list describing the file's source documents, checked by
etl.reference.Reference.add_documents). Any other key is allowed but must hold text, a number, true/false or null, so
that nothing unexpected is nested inside. Every problem names the sidecar.
"""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from etl.paths import SIDECAR_SUFFIX, rel
from etl.problems import Problems
from etl.validate import text_problem, url_problem

MAX_BYTES = 256 * 1024  # the bundled sidecars are about 1 KB
MAX_DEPTH = 4
REQUIRED_TEXT = ("title", "producer", "licence")
OPTIONAL_TEXT = ("accessed", "notes")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def sidecar_path(data_file: Path) -> Path:
    return data_file.with_name(data_file.name + SIDECAR_SUFFIX)


def read_sidecar(path: Path, problems: Problems) -> dict | None:
    """The checked provenance sidecar of raw file `path`, or None (with problems added) if it is unusable."""
    side = sidecar_path(path)
    name = rel(side)
    if not side.exists() and not side.is_symlink():
        problems.add(rel(path), None, "", f"no provenance sidecar: create {side.name} (see docs/ADDING_DATA.md)")
        return None
    if side.is_dir():
        problems.add(name, None, "", "sidecar is a folder, not a JSON file")
        return None
    if not side.is_file():
        problems.add(name, None, "", "sidecar is not a regular file")
        return None
    try:
        with side.open("rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        problems.add(name, None, "", f"cannot read sidecar ({exc.strerror or type(exc).__name__})")
        return None
    if len(data) > MAX_BYTES:
        problems.add(name, None, "", f"sidecar is larger than {MAX_BYTES // 1024} KiB; it should hold a few lines of provenance")
        return None
    try:
        meta = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        problems.add(name, None, "", f"sidecar is not UTF-8 text (byte {exc.start + 1})")
        return None
    except json.JSONDecodeError as exc:
        problems.add(name, exc.lineno, "", f"sidecar is not valid JSON: {exc.msg} (column {exc.colno})")
        return None
    except RecursionError:
        problems.add(name, None, "", f"sidecar nests deeper than {MAX_DEPTH} levels")
        return None
    if not isinstance(meta, dict):
        problems.add(name, None, "", f"sidecar must hold a JSON object {{...}} with title, producer and licence, not {_json_kind(meta)}")
        return None
    ok = True
    for key, value in meta.items():
        if key == "documents" and isinstance(value, list) and all(isinstance(d, dict) and _depth(d) == 1 for d in value):
            continue  # one flat object per source document
        if _depth(value) > 0:
            problems.add(name, None, str(key)[:60], "sidecar fields hold text, numbers or true/false, not lists or objects")
            ok = False
    for key in REQUIRED_TEXT:
        why = text_problem(meta.get(key, ""), f"sidecar field {key}", max_length=5000)
        if key not in meta:
            why = "sidecar field is missing"
        if why:
            problems.add(name, None, key, why)
            ok = False
    for key in OPTIONAL_TEXT:
        if key in meta and not isinstance(meta[key], str):
            problems.add(name, None, key, "must be text")
            ok = False
    if meta.get("url"):
        why = url_problem(meta["url"], "url")
        if why:
            problems.add(name, None, "url", why)
            ok = False
    sha = meta.get("sha256")
    if sha not in (None, "") and not (isinstance(sha, str) and _SHA256.match(sha)):
        problems.add(name, None, "sha256", "must be 64 lowercase hexadecimal digits (the file's SHA-256)")
        ok = False
    if "file" in meta and meta["file"] != path.name:
        problems.add(name, None, "file", f'says "{str(meta["file"])[:80]}" but the sidecar belongs to {path.name}')
        ok = False
    if "bytes" in meta and not (isinstance(meta["bytes"], int) and not isinstance(meta["bytes"], bool) and meta["bytes"] >= 0):
        problems.add(name, None, "bytes", "must be a whole number of bytes")
        ok = False
    return meta if ok else None


def check_matches(path: Path, meta: dict, problems: Problems) -> None:
    """The data file is the one the sidecar describes: same size (if given) and same SHA-256 (if given)."""
    size = path.stat().st_size
    if isinstance(meta.get("bytes"), int) and meta["bytes"] != size:
        problems.add(rel(path), None, "", f"file is {size:,} bytes but its provenance sidecar says {meta['bytes']:,}: raw files are "
                                          "never edited; if this is a new release, update the sidecar (sha256, bytes, accessed, notes)")
        return
    if meta.get("sha256") and meta["sha256"] != file_sha256(path):
        problems.add(rel(path), None, "", "file differs from the sha256 in its provenance sidecar: raw files are never "
                                          "edited; if this is a new release, update the sidecar (sha256, accessed, notes)")


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _depth(value, limit: int = MAX_DEPTH) -> int:
    if isinstance(value, (dict, list)):
        items = value.values() if isinstance(value, dict) else value
        return 1 + max((_depth(v, limit - 1) for v in items), default=0) if limit > 0 else 1
    return 0


def _json_kind(value) -> str:
    return {list: "a list", str: "a string", type(None): "null", bool: "true/false"}.get(type(value), "a number")
