"""The state one ETL run shares between its steps: folders, reference, problems, progress, and the tables made so far.

A step (etl/sources/__init__.py STEPS) reads its registered raw files through `Run.source`, which turns even an
unexpected error into a reported problem naming the file, so one broken file never hides the problems of the others.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pandas as pd

from etl import inputs
from etl.paths import PROCESSED, RAW, REFERENCE, rel
from etl.problems import Problems
from etl.reference import Reference


@dataclass
class Paths:
    raw: Path = RAW
    reference: Path = REFERENCE
    processed: Path = PROCESSED

    @property
    def additions(self) -> Path:
        return self.raw / inputs.ADDITIONS


@dataclass
class Summary:
    rows: list[dict] = field(default_factory=list)

    def add(self, file: str, read: int, written: int) -> None:
        self.rows.append({"file": file, "read": read, "written": written})

    def print(self, out, problems: Problems) -> None:
        """Rejected lines are counted at the end, so that duplicates and sanity checks found later count too."""
        print("\nPer-source summary:", file=out)
        print(f"  {'file':58} {'read':>9} {'written':>9} {'rejected':>9}", file=out)
        for r in self.rows:
            flag = "  (file-level problem)" if problems.has_file_problem(r["file"]) else ""
            print(f"  {r['file']:58} {r['read']:>9} {r['written']:>9} {problems.rejected_lines(r['file']):>9}{flag}", file=out)


@dataclass
class Run:
    paths: Paths
    ref: Reference
    problems: Problems
    say: Callable[[str], None]
    force: bool = False
    previous: dict | None = None                   # manifest of the current build, if any
    summary: Summary = field(default_factory=Summary)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    step_fingerprints: dict[str, str] = field(default_factory=dict)  # manifest "steps": reuse a step's outputs by checksum
    reused: dict[str, Path] = field(default_factory=dict)            # output file name -> the earlier build's copy

    def files(self, step: str) -> list[tuple[Path, inputs.RawInput]]:
        """The existing registered files of `step` (a missing required one is reported by the raw check)."""
        return [(p, e) for p, e in inputs.files(self.paths.raw, step) if p.is_file()]

    def one(self, step: str) -> Path | None:
        got = self.files(step)
        return got[0][0] if got else None

    def source(self, file: Path, read, transform, columns: list[str]) -> pd.DataFrame:
        """Read then transform one file. A reader may return one frame or an iterator of chunks (then the transform
        runs per chunk, so a big file is never held as raw strings all at once)."""
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
        self.summary.add(name, n_raw, len(tidy))
        return tidy
