"""Fuzzing the analysts' entry point: a seeded generator mutates a valid additions file (bytes, fields, lines,
encodings, hostile values) and runs the real ETL on each mutant. Properties, whatever the mutation:

* exit 0  => every non-blank data row of the file is in indicator_values (same file, same line), nothing lost;
* exit 1  => data/processed is byte-identical, the report names the file, and no problem is an "unexpected
             error" (every failure is a foreseen, named check);
* never an exception out of the ETL.

FUZZ_EXAMPLES (default 40) and FUZZ_SEED (default 9) set the number of mutants and the seed; a failure message
names the seed and the mutation so it can be replayed.
"""
from __future__ import annotations

import csv
import io
import os
import random

import pytest

from tests.etl_helpers import SIDECAR, run, snapshot, table

N = int(os.environ.get("FUZZ_EXAMPLES", "40"))
SEED = int(os.environ.get("FUZZ_SEED", "9"))
HEADER = ["province", "year", "indicator", "value", "unit", "source", "source_url", "quote", "age_group", "sex"]
ROWS = [
    ["Punjab", "2025", "child_trafficking_cases_police", "12", "cases", "SSDO test", "https://example.org/a", "12 cases", "0-17", "all"],
    ["Sindh", "2024", "child_trafficking_cases_police", "1,204", "cases", "SSDO test", "https://example.org/a", "1,204 cases", "0-17", "all"],
    ["K.P.", "2023", "child_abuse_cases_total", "7", "cases", "Sahil test", "https://example.org/b?x=1&y=2", "seven", "6-11", "female"],
    ["ICT", "2022", "child_trafficking_conviction_rate", "3.5", "percent", "SSDO test", "https://example.org/c", "3.5%", "0-17", "all"],
    ["Balochistan", "2021", "child_abuse_cases_total", "0", "cases", "پنجاب رپورٹ", "https://example.org/d", "صفر", "not stated", "male"],
]
HOSTILE = ["", " ", "\u200b", "\u200e\u200f", "\u202eevil", "9" * 401, "1e309", "NaN", "inf", "-0", "-4", "1.5", "<5",
           "17-6", "0-170", "http://", "javascript:alert(1)", "https://example.org/a)![t](https://x.y/p.png)",
           "=HYPERLINK(\"http://x\")", "+1", "@SUM(1)", "<img src=x onerror=alert(1)>", "Punjb", "2018a", "20255",
           "a\x00b", "\ufeff", "x" * 6000, "\"", ",", "\n", "\r\n", "0-17", "all", "female", "2024", "5"]
NOISE = ["\x00", "\xff", "\"", ",", "\n", "\r", "\u200b", "\u202e", "<", "=", ";", "\t"]


def render(rows, header=HEADER, newline="\n") -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator=newline).writerows([header, *rows])
    return out.getvalue()


def mutate(rnd: random.Random) -> tuple[str, bytes]:
    """(description, file bytes) of one mutant of the valid file."""
    rows = [list(r) for r in ROWS]
    kind = rnd.choice(["field", "field", "field", "bytes", "insert", "delete_char", "duplicate_line", "drop_line",
                       "swap_fields", "truncate", "bom_crlf", "blank_rows", "header", "extra_column", "latin1"])
    if kind == "field":
        r, c = rnd.randrange(len(rows)), rnd.randrange(len(HEADER))
        v = rnd.choice(HOSTILE)
        rows[r][c] = v
        return f"field row {r} [{HEADER[c]}] = {v[:40]!r}", render(rows).encode()
    text = render(rows)
    if kind == "bytes":
        data = bytearray(text.encode())
        for _ in range(rnd.randint(1, 3)):
            data[rnd.randrange(len(data))] = rnd.randrange(256)
        return "random bytes", bytes(data)
    if kind == "insert":
        i = rnd.randrange(len(text))
        ch = rnd.choice(NOISE)
        return f"insert {ch!r} at {i}", (text[:i] + ch + text[i:]).encode("utf-8", "surrogatepass") if ch != "\xff" else \
            text[:i].encode() + b"\xff" + text[i:].encode()
    if kind == "delete_char":
        i = rnd.randrange(len(text))
        return f"delete char {i}", (text[:i] + text[i + 1:]).encode()
    lines = text.splitlines(keepends=True)
    if kind == "duplicate_line":
        i = rnd.randrange(1, len(lines))
        return f"duplicate line {i + 1}", "".join(lines[:i + 1] + [lines[i]] + lines[i + 1:]).encode()
    if kind == "drop_line":
        i = rnd.randrange(len(lines))
        return f"drop line {i + 1}", "".join(lines[:i] + lines[i + 1:]).encode()
    if kind == "swap_fields":
        r = rnd.randrange(len(rows))
        a, b = rnd.sample(range(len(HEADER)), 2)
        rows[r][a], rows[r][b] = rows[r][b], rows[r][a]
        return f"swap row {r} {HEADER[a]}<->{HEADER[b]}", render(rows).encode()
    if kind == "truncate":
        i = rnd.randrange(len(text))
        return f"truncate at {i}", text[:i].encode()
    if kind == "bom_crlf":
        return "BOM and CRLF", b"\xef\xbb\xbf" + render(rows, newline="\r\n").encode()
    if kind == "blank_rows":
        return "blank rows", render(rows + [[""] * len(HEADER)] * 3).encode()
    if kind == "header":
        h = list(HEADER)
        c = rnd.randrange(len(h))
        h[c] = rnd.choice(["", h[c].upper(), h[c] + " ", "\ufeff" + h[c], "x", h[(c + 1) % len(h)]])
        return f"header {c} = {h[c]!r}", render(rows, header=h).encode()
    if kind == "extra_column":
        return "extra column", render([r + ["x"] for r in rows], header=HEADER + ["notes"]).encode()
    return "latin-1", render(rows).replace("SSDO test", "SSDO tést").encode("latin-1", "replace")


def data_rows(data: bytes) -> list[int]:
    """Line numbers of the non-blank records of a CSV, parsed independently of the ETL."""
    text = data.decode("utf-8-sig")
    reader = csv.reader(io.StringIO(text, newline=""))
    out, start = [], 1
    for values in reader:
        if start > 1 and "".join(values).strip():
            out.append(start)
        start = reader.line_num + 1
    return out


@pytest.mark.parametrize("i", range(N))
def test_mutated_addition(project_copy, i):
    rnd = random.Random(SEED * 100_003 + i)
    what, data = mutate(rnd)
    f = project_copy.additions / "fuzz.csv"
    f.write_bytes(data)
    import json

    (project_copy.additions / "fuzz.csv.provenance.json").write_text(json.dumps(SIDECAR))
    before = snapshot(project_copy.processed)
    rc, out, err = run(project_copy)
    ctx = f"seed {SEED}, example {i}: {what}\n{err[-3000:]}"
    if rc == 0:
        got = table(project_copy, "indicator_values").query("raw_file == 'data/raw/additions/fuzz.csv'")
        assert sorted(got.raw_line) == data_rows(data), ctx
    else:
        assert rc == 1, ctx
        assert snapshot(project_copy.processed) == before, ctx
        assert "data/raw/additions/fuzz.csv" in err, ctx
        assert "unexpected error" not in err, ctx


# ---- bundled files, mutated with their sidecars updated (as a tester preparing a "new release" would) -------
BUNDLED = {  # raw file -> (output table, how many output rows per input row)
    "cases/pakistan_tip_cases_by_province.csv": ("indicator_values", 1),
    "children/child_victims.csv": ("indicator_values", 1),
    "tip_tiers/pakistan_tier_crosscheck.csv": ("pakistan_tier_crosscheck", 1),
    "population/pakistan_population_by_province.csv": ("population", 1),
    "population/pakistan_children_by_province_2023.csv": ("population", 4),
}


def mutate_bundled(rnd: random.Random, text: str) -> tuple[str, str]:
    rows = list(csv.reader(io.StringIO(text, newline="")))
    kind = rnd.choice(["cell", "cell", "cell", "blank_all", "duplicate_row", "drop_row", "truncate"])
    if kind == "cell":
        r, c = rnd.randrange(1, len(rows)), rnd.randrange(len(rows[0]))
        v = rnd.choice(HOSTILE)
        rows[r][c] = v
        return f"cell line {r + 1} [{rows[0][c]}] = {v[:40]!r}", render(rows[1:], header=rows[0])
    if kind == "blank_all":
        return "all rows blank", render([[""] * len(rows[0])] * (len(rows) - 1), header=rows[0])
    if kind == "duplicate_row":
        r = rnd.randrange(1, len(rows))
        return f"duplicate line {r + 1}", render(rows[1:] + [rows[r]], header=rows[0])
    if kind == "drop_row":
        r = rnd.randrange(1, len(rows))
        return f"drop line {r + 1}", render(rows[1:r] + rows[r + 1:], header=rows[0])
    i = rnd.randrange(len(text))
    return f"truncate at {i}", text[:i]


@pytest.mark.parametrize("i", range(N // 2))
def test_mutated_bundled_file(project_copy, i):
    from tests.etl_helpers import replace_raw

    rnd = random.Random(SEED * 7_919 + i)
    relpath = rnd.choice(sorted(BUNDLED))
    what, text = mutate_bundled(rnd, (project_copy.raw / relpath).read_text(encoding="utf-8"))
    replace_raw(project_copy, relpath, text)
    before = snapshot(project_copy.processed)
    rc, out, err = run(project_copy)
    ctx = f"seed {SEED}, example {i}: {relpath}: {what}\n{err[-3000:]}"
    name = f"data/raw/{relpath}"
    if rc == 0:
        out_table, per_row = BUNDLED[relpath]
        got = table(project_copy, out_table).query("raw_file == @name")
        expected = data_rows(text.encode())
        assert len(got) == per_row * len(expected) and sorted(set(got.raw_line)) == expected, ctx
    else:
        assert rc == 1, ctx
        assert snapshot(project_copy.processed) == before, ctx
        assert "unexpected error" not in err, ctx
        assert name in err or "data/raw/" in err, ctx
