"""Command line: `python -m etl [--force] [--raw DIR] [--reference DIR] [--out DIR]`.

Checks first, with the standard library only, whether the inputs changed since the last build; if not, it exits
at once without importing the data stack.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from etl.fingerprint import up_to_date
from etl.paths import PROCESSED, RAW, REFERENCE


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m etl", description="Build data/processed/ from data/raw/ and data/reference/.")
    ap.add_argument("--force", action="store_true", help="rebuild every step even if inputs are unchanged")
    ap.add_argument("--raw", type=Path, default=RAW, help="raw data folder (default data/raw)")
    ap.add_argument("--reference", type=Path, default=REFERENCE, help="reference data folder (default data/reference)")
    ap.add_argument("--out", type=Path, default=PROCESSED, help="output folder (default data/processed)")
    a = ap.parse_args(argv)
    if not a.force:
        _, prev, fresh = up_to_date(a.raw, a.reference, a.out)
        if fresh:
            print(f"[etl] inputs unchanged; {a.out.name} is up to date, data version {prev['data_version']}.")
            return 0
    from etl.pipeline import Paths, build  # the data stack is imported only when there is work to do

    return build(Paths(a.raw, a.reference, a.out), force=a.force)
