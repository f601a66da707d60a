"""Helpers for the malformed-input tests: change a project copy the way a careful tester would, run the ETL, and
check that a failed run names the file and leaves data/processed byte-identical."""
from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

from etl.paths import current_build
from etl.pipeline import Paths, build

HEADER = "province,year,indicator,value,unit,source,source_url,quote,age_group,sex\n"
GOOD = 'Punjab,2025,child_trafficking_cases_police,12,cases,"SSDO test",https://example.org/a,"12 cases",0-17,all\n'
SIDECAR = {"title": "test addition", "producer": "test", "licence": "test", "url": "https://example.org/a",
           "documents": [{"title": "SSDO test", "producer": "SSDO", "publisher": "Example Daily",
                          "publication_kind": "press_report", "licence": "quoted figures"}]}


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under data/processed (the pointer and every build folder), by relative path."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def add_file(paths: Paths, name: str, content, sidecar=True) -> Path:
    """A file in data/raw/additions/ (name may include a sub-folder), with a valid sidecar unless told otherwise."""
    f = paths.additions / name
    f.parent.mkdir(parents=True, exist_ok=True)
    (f.write_bytes if isinstance(content, bytes) else f.write_text)(content)
    if sidecar:
        f.with_name(f.name + ".provenance.json").write_text(json.dumps(SIDECAR))
    return f


def replace_raw(paths: Paths, relpath: str, content) -> Path:
    """Replace a bundled raw file and update its sidecar (sha256 and bytes), as for a new release of the file."""
    f = paths.raw / relpath
    data = content if isinstance(content, bytes) else content.encode("utf-8")
    f.write_bytes(data)
    side = f.with_name(f.name + ".provenance.json")
    meta = json.loads(side.read_text())
    meta.update(sha256=hashlib.sha256(data).hexdigest(), bytes=len(data))
    side.write_text(json.dumps(meta))
    return f


def edit_raw(paths: Paths, relpath: str, fn) -> Path:
    """Replace a bundled raw text file with fn(its text), updating its sidecar."""
    return replace_raw(paths, relpath, fn((paths.raw / relpath).read_text(encoding="utf-8")))


def run(paths: Paths) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    import contextlib

    with contextlib.redirect_stderr(err):
        rc = build(paths, out=out)
    return rc, out.getvalue(), err.getvalue()


def run_failing(paths: Paths, capsys=None) -> str:
    """Run the ETL expecting failure; returns the report. Asserts exit 1, data/processed byte-identical, no
    unexpected-error problem (every failure must be a named, foreseen problem)."""
    before = snapshot(paths.processed)
    rc, _, err = run(paths)
    assert rc == 1, err
    assert snapshot(paths.processed) == before, "a failed run must leave data/processed byte-identical"
    assert "Nothing in data/processed/ was changed" in err
    assert "unexpected error" not in err, err
    return err


def table(paths: Paths, name: str):
    import pandas as pd

    return pd.read_parquet(current_build(paths.processed) / f"{name}.parquet")
