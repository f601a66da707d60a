"""Big-file ETL benchmark: a ~200 MB additions CSV, run through `python -m etl` in a fresh process per case.

Cases (each in its own temporary copy of data/raw and data/reference, with a build of the bundled data already in
place so the run also exercises "nothing changes on failure"):

  valid       every row valid and distinct: the whole pipeline runs and writes a new build (exit 0)
  duplicates  one valid row repeated: every row is a duplicate fact (exit 1, reports capped and grouped)
  bad         rows with misspelt places, non-numbers and bad years, a few hundred distinct typos and 1 % random
              garbage names (exit 1; spelling suggestions cached per distinct value)

For each case it prints the file size and rows, exit status, wall time, the child's CPU time and peak RSS (from
getrusage, read by the child itself; CPU time is steadier than wall time on a shared machine), the length of the problem report, and whether data/processed stayed byte-identical on failure.
The rows are synthetic, generated here; they are never committed. Usage:

    python benchmarks/bench_etl_bigfile.py [--mb 200] [--cases valid,duplicates,bad]

Run two sizes (e.g. --mb 50 and --mb 200) to see that time and memory grow linearly with the input.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEADER = ["province", "year", "indicator", "value", "unit", "source", "source_url", "quote", "age_group", "sex"]
PROVINCES = ["Punjab", "Sindh", "Khyber Pakhtunkhwa", "Balochistan", "Islamabad Capital Territory", "Gilgit-Baltistan",
             "Azad Jammu and Kashmir", "FATA"]
SEXES = ["all", "female", "male"]
# The child reports its own CPU seconds (user + system) and peak RSS (KiB on Linux) on its last stderr line.
CHILD = ("import resource, runpy, sys\n"
         "sys.argv = ['etl', *sys.argv[1:]]\n"
         "try:\n    runpy.run_module('etl', run_name='__main__')\n    code = 0\nexcept SystemExit as e:\n    code = e.code\n"
         "u = resource.getrusage(resource.RUSAGE_SELF)\n"
         "print(f'{u.ru_utime + u.ru_stime:.2f}', u.ru_maxrss, file=sys.stderr)\nsys.exit(code)\n")


def calendar_year_indicators(reference: Path) -> list[tuple[str, str]]:
    """(indicator_id, measure_type) of the catalogue's calendar-year indicators (their period needs no extra columns)."""
    with (reference / "indicators.csv").open(encoding="utf-8", newline="") as fh:
        return [(r["indicator_id"], r["measure_type"]) for r in csv.DictReader(fh) if r["period_rule"] == "calendar_year"]


def valid_rows(indicators):
    """Distinct valid rows: every (place, indicator, year, sex, age band) at most once, a hundred sources."""
    rnd = random.Random(1)
    bands = [f"{a}-{b}" for a in range(18) for b in range(a + 1, 18)]
    n = 0
    for band in bands:
        for year in range(1995, 2026):
            for ind, kind in indicators:
                for prov in PROVINCES:
                    for sex in SEXES:
                        src = n % 100
                        value = rnd.randint(1, 99) if kind in ("share", "rate") else rnd.randint(0, 5000)
                        yield [prov, str(year), ind, str(value), "cases", f"Benchmark source {src} (synthetic)",
                               f"https://example.org/bench/{src}", f"{value} cases in {year} (synthetic benchmark row)", band, sex]
                        n += 1


def duplicate_rows(indicators):
    row = ["Punjab", "2025", indicators[0][0], "12", "cases", "Benchmark source (synthetic)", "https://example.org/bench",
           "12 cases (synthetic benchmark row)", "0-17", "all"]
    while True:
        yield row


def bad_rows(indicators):
    rnd = random.Random(2)
    typos = [p[:i] + p[i + 1:] for p in PROVINCES for i in range(1, len(p))][:300]  # a few hundred distinct misspellings
    n = 0
    while True:
        kind = n % 3
        prov = "".join(rnd.choices("abcdefghijklmnopqrstuvwxyz", k=10)) if rnd.random() < 0.01 else rnd.choice(typos)
        row = [prov, "2025", indicators[n % len(indicators)][0], "12", "cases", "Benchmark source (synthetic)",
               "https://example.org/bench", "12 cases (synthetic benchmark row)", "0-17", "all"]
        if kind == 1:
            row[0], row[3] = "Punjab", rnd.choice(["<5", "n/a", "twelve", "1.2.3"])
        elif kind == 2:
            row[0], row[1] = "Sindh", rnd.choice(["20x5", "1850", "202"])
        yield row
        n += 1


def register_sources(reference: Path) -> None:
    """Add the synthetic sources the rows cite to the copy's data/reference/sources.csv (the ETL refuses a figure whose
    source is not registered there), so each case fails or passes for the reason it is about."""
    titles = ["Benchmark source (synthetic)", *(f"Benchmark source {i} (synthetic)" for i in range(100))]
    with (reference / "sources.csv").open("a", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        for i, title in enumerate(titles):
            url = "https://example.org/bench" if i == 0 else f"https://example.org/bench/{i - 1}"
            w.writerow([title, url, "Benchmark producer (synthetic)", "Benchmark publisher (synthetic)", "primary_document",
                        "", "", f"bench_{i}", f"Synthetic benchmark study {i}", "synthetic", "en", "Generated by the benchmark."])


def write_csv(path: Path, rows, target_bytes: int) -> int:
    n = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(HEADER)
        for row in rows:
            w.writerow(row)
            n += 1
            if n % 4096 == 0 and fh.tell() >= target_bytes:
                break
    return n


def tree_digest(folder: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            h.update(str(p.relative_to(folder)).encode() + b"\0" + p.read_bytes())
    return h.hexdigest()


def run_case(name: str, make_rows, target_mb: float) -> dict:
    with tempfile.TemporaryDirectory(prefix=f"bench-bigfile-{name}-") as tmp:
        tmp = Path(tmp)
        shutil.copytree(ROOT / "data" / "raw", tmp / "raw")
        shutil.copytree(ROOT / "data" / "reference", tmp / "reference")
        args = ["--raw", str(tmp / "raw"), "--reference", str(tmp / "reference"), "--out", str(tmp / "processed")]
        first = subprocess.run([sys.executable, "-m", "etl", *args], cwd=ROOT, capture_output=True, text=True)
        if first.returncode:
            sys.exit(f"baseline build failed:\n{first.stderr}")
        before = tree_digest(tmp / "processed")
        register_sources(tmp / "reference")
        add = tmp / "raw" / "additions"
        add.mkdir(exist_ok=True)
        f = add / f"bench_{name}.csv"
        t = time.perf_counter()
        rows = write_csv(f, make_rows(calendar_year_indicators(tmp / "reference")), int(target_mb * 1024 * 1024))
        gen = time.perf_counter() - t
        (add / (f.name + ".provenance.json")).write_text(json.dumps(
            {"title": "synthetic benchmark rows", "producer": "benchmarks/bench_etl_bigfile.py", "licence": "synthetic"}))
        t = time.perf_counter()
        proc = subprocess.run([sys.executable, "-c", CHILD, *args], cwd=ROOT, capture_output=True, text=True)
        wall = time.perf_counter() - t
        err = proc.stderr.strip().splitlines() or [""]
        last = err[-1].split()
        cpu, peak_mib = (float(last[0]), int(last[1]) / 1024) if len(last) == 2 and last[1].isdigit() else (float("nan"),) * 2
        report = [line for line in err[:-1] if line.startswith(("ETL validation failed", "  - ", "  ... "))]
        unchanged = tree_digest(tmp / "processed") == before
        if "Traceback" in proc.stderr:
            print(proc.stderr[-3000:], file=sys.stderr)
        return {"case": name, "mb": f.stat().st_size / 1024 / 1024, "rows": rows, "gen_s": gen, "exit": proc.returncode,
                "wall_s": wall, "cpu_s": cpu, "peak_mib": peak_mib, "report_lines": len(report), "head": report[:1],
                "processed_unchanged": unchanged, "traceback": "Traceback" in proc.stderr}


CASES = {"valid": valid_rows, "duplicates": duplicate_rows, "bad": bad_rows}


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=float, default=200, help="target size of each generated additions file (default 200)")
    ap.add_argument("--cases", default=",".join(CASES), help="comma-separated subset of " + ", ".join(CASES))
    a = ap.parse_args(argv)
    print(f"Big-file ETL benchmark (fresh process per case; peak RSS = ru_maxrss of the ETL process; python {sys.version.split()[0]})")
    print(f"  {'case':11} {'file MB':>8} {'rows':>10} {'exit':>4} {'wall s':>7} {'CPU s':>6} {'peak RSS MiB':>13} {'report lines':>13}  processed unchanged")
    for name in a.cases.split(","):
        r = run_case(name, CASES[name], a.mb)
        print(f"  {r['case']:11} {r['mb']:8.1f} {r['rows']:>10,} {r['exit']:>4} {r['wall_s']:7.1f} {r['cpu_s']:6.1f} {r['peak_mib']:13.0f} "
              f"{r['report_lines']:>13}  {r['processed_unchanged'] if r['exit'] else 'n/a (new build)'}"
              + ("  TRACEBACK" if r["traceback"] else ""), flush=True)
        if r["head"]:
            print(f"      {r['head'][0]}")


if __name__ == "__main__":
    main()
