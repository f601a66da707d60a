"""ETL benchmark: full build, no-op rebuild, and rebuild after one raw change, each in a fresh process.

Prints wall time and peak resident memory (ru_maxrss of the child) for each, and the ratios measured in this run.
Usage: python benchmarks/bench_etl.py [repeats]
"""
from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


# Runs `python -m etl` in a child that reports its own peak RSS (ru_maxrss, KiB on Linux) on its last stderr line.
CHILD = ("import resource, runpy, sys\n"
         "sys.argv = ['etl', *sys.argv[1:]]\n"
         "try:\n    runpy.run_module('etl', run_name='__main__')\nexcept SystemExit as e:\n    code = e.code\n"
         "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\nsys.exit(code)\n")


def run(args: list[str]) -> tuple[float, float]:
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", CHILD, *args], cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - t
    if proc.returncode:
        sys.exit(proc.stderr)
    return wall, int(proc.stderr.strip().splitlines()[-1]) / 1024


def main(repeats: int = 3) -> None:
    rows = {"full build": [], "no-op rebuild": [], "one raw file changed": []}
    peaks = {k: 0.0 for k in rows}
    for _ in range(repeats):
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            shutil.copytree(ROOT / "data" / "raw", tmp / "raw")
            shutil.copytree(ROOT / "data" / "reference", tmp / "reference")
            args = ["--raw", str(tmp / "raw"), "--reference", str(tmp / "reference"), "--out", str(tmp / "processed")]
            for name, prep in (("full build", None), ("no-op rebuild", None), ("one raw file changed", "touch")):
                if prep:  # a new additions file: every step but the boundaries reruns
                    add = tmp / "raw" / "additions"
                    add.mkdir(exist_ok=True)
                    (add / "b.csv").write_text("province,year,indicator,value,unit,source,source_url,quote\n"
                                               "Punjab,2025,child_trafficking_cases_police,1,cases,bench,https://example.org,q\n")
                    (add / "b.csv.provenance.json").write_text('{"title":"bench","producer":"bench","licence":"bench"}')
                wall, peak = run(args)
                rows[name].append(wall)
                peaks[name] = max(peaks[name], peak)
    print(f"ETL benchmark ({repeats} runs each, fresh process per run, median wall time)")
    full = statistics.median(rows["full build"])
    for name, walls in rows.items():
        med = statistics.median(walls)
        print(f"  {name:22} {med:6.2f} s   peak RSS {peaks[name]:7.1f} MiB   ratio to full build {med / full:5.2f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
