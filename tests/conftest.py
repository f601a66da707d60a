"""Shared fixtures: one real ETL build of the bundled data per test session, in a temporary folder."""
from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pytest

from etl.paths import PROCESSED, RAW, REFERENCE, current_build
from etl.pipeline import Paths, build
from tipdash.catalogue import DATA_DIR_VARIABLE

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """data/processed built from a copy of the bundled raw data (the real ETL, end to end)."""
    base = tmp_path_factory.mktemp("built")
    shutil.copytree(RAW, base / "raw")
    shutil.copytree(REFERENCE, base / "reference")
    rc = build(Paths(base / "raw", base / "reference", base / "processed"), out=io.StringIO())
    assert rc == 0
    return base


@pytest.fixture
def project_copy(built, tmp_path) -> Paths:
    """A fresh copy of raw, reference and an already-built processed folder, for tests that break things."""
    for name in ("raw", "reference", "processed"):
        shutil.copytree(built / name, tmp_path / name)
    return Paths(tmp_path / "raw", tmp_path / "reference", tmp_path / "processed")


@pytest.fixture(scope="session")
def processed_dir() -> Path:
    """The project's own data/processed, built if missing (what the dashboard reads)."""
    folder = current_build(PROCESSED)
    if folder is None or not (folder / "manifest.json").exists():
        assert build(Paths(), out=io.StringIO()) == 0
    return PROCESSED


@pytest.fixture
def data_dir(built, monkeypatch) -> Path:
    """The read side pointed at the session's temporary build through its configuration ($TIPDASH_DATA_DIR), so page
    tests never build into or read the repository's own data/processed."""
    folder = built / "processed"
    monkeypatch.setenv(DATA_DIR_VARIABLE, str(folder))
    return folder


@pytest.fixture(scope="session", autouse=True)
def pdf_runtime(tmp_path_factory) -> Path:
    """The PDF print queue's slots and cache in a folder of this test run, not the machine's shared one (servers
    started by tests inherit it)."""
    path = tmp_path_factory.mktemp("pdf-run")
    os.environ["BRIEF_PDF_DIR"] = str(path)
    return path
