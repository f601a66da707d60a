"""Bounded memory and time: problem reports are capped and grouped, duplicates are reported in linear time,
spelling suggestions are cached per distinct value, files are read in chunks with exact line numbers.
(benchmarks/bench_etl_bigfile.py measures the same on 200 MB files.)"""
import time

import pandas as pd

from etl import problems as problems_module
from etl.duplicates import report_duplicates
from etl.problems import PER_GROUP, Problems, kind_of, suggest
from etl.readers import iter_table
from etl.sources import indicator_rows
from tests.etl_helpers import GOOD, HEADER, add_file, run_failing


def test_problems_are_capped_per_group_and_counted():
    p = Problems()
    for line in range(2, 100_002):
        p.add("f.csv", line, "value", f'value "x{line}" is not a number')
    p.add("f.csv", 7, "province", 'unknown place "Punjb"')
    assert len(p) == 100_001 and len(p.items) == PER_GROUP + 1
    assert p.rejected_lines("f.csv") == 100_000
    report = p.report()
    assert report.count("\n") < 30
    assert '... and 99,980 more like f.csv [value]: value "x2" is not a number (lines 2-100001)' in report
    assert 'f.csv:7 [province]: unknown place "Punjb"' in report


def test_kind_blanks_particulars():
    assert kind_of('value "abc" is not a number') == kind_of('value "12x" is not a number')
    assert kind_of("row has 11 fields, header has 10") == kind_of("row has 3 fields, header has 10")


def test_number_of_groups_per_file_is_bounded():
    p = Problems()
    for i in range(10_000):
        p.add("f.csv", i + 2, f"col{i}", "bad")  # a new column each time: a new group each time
    assert len(p._groups) <= problems_module.MAX_GROUPS + 1
    assert len(p.items) <= (problems_module.MAX_GROUPS + 1) * PER_GROUP
    assert len(p) == 10_000


def test_exact_duplicates_are_one_problem():
    p = Problems()
    p.add("f.csv", 2, "x", "bad")
    p.add("f.csv", 2, "x", "bad")
    assert len(p.items) == 1


def test_suggestions_are_cached_and_budgeted(monkeypatch):
    problems_module.reset_suggestions()
    calls = []
    import difflib

    real = difflib.get_close_matches
    monkeypatch.setattr(difflib, "get_close_matches", lambda *a, **k: calls.append(1) or real(*a, **k))
    names = ["Punjab", "Sindh", "Balochistan"]
    for _ in range(10_000):
        assert suggest("Punjb", names) == ' (did you mean "Punjab"?)'
    assert len(calls) == 1
    for i in range(problems_module.SUGGESTION_BUDGET + 500):
        suggest(f"zz{i}", names)
    assert len(calls) == problems_module.SUGGESTION_BUDGET  # the rest get no suggestion, at no cost
    problems_module.reset_suggestions()


def test_duplicate_report_is_linear_and_short():
    """One group of 200,000 identical rows: one line each, each naming at most a few others (was quadratic)."""
    n = 200_000
    frame = pd.DataFrame({"k": ["a"] * n, "raw_file": ["f.csv"] * n, "raw_line": range(2, n + 2)})
    p = Problems()
    t = time.perf_counter()
    assert report_duplicates(frame, ["k"], p, lambda r: f"duplicate {r['k']}:") == n
    elapsed = time.perf_counter() - t
    assert len(p) == n and len(p.items) == PER_GROUP
    assert max(len(x.reason) for x in p.items) < 200
    assert p.items[0].reason == "duplicate a: also at f.csv:3, f.csv:4, f.csv:5, f.csv:6, f.csv:7 and 199,994 more"
    assert p.items[1].reason == "duplicate a: same as f.csv:2 (200,000 rows with this key)"
    assert elapsed < 20, elapsed  # about 1 s; the old report needed hours and gigabytes here


def test_many_small_duplicate_groups():
    n = 100_000
    frame = pd.DataFrame({"k": [i // 2 for i in range(n)], "raw_file": ["f.csv"] * n, "raw_line": range(2, n + 2)})
    p = Problems()
    report_duplicates(frame, ["k"], p, lambda r: "dup:")
    assert len(p) == n and p.rejected_lines("f.csv") == n
    assert p.items[0].reason == "dup: also at f.csv:3" and p.items[1].reason == "dup: same as f.csv:2"


def test_file_of_repeated_rows_through_the_etl(project_copy):
    add_file(project_copy, "new.csv", HEADER + GOOD * 20_000)
    err = run_failing(project_copy)
    assert "ETL validation failed: 20,000 problem(s)" in err
    assert "new.csv:2: duplicate fact (PK-PB, child_trafficking_cases_police, 2025, sex=all, age=0-17, same source): also at" in err
    assert "and 19,980 more like" in err
    assert len(err) < 20_000  # a short report, not 20,000 x 20,000 line numbers


def test_file_of_bad_rows_through_the_etl(project_copy):
    add_file(project_copy, "new.csv", HEADER + GOOD.replace("Punjab", "Punjb").replace(",12,", ",x,") * 30_000)
    err = run_failing(project_copy)
    assert 'new.csv:2 [province]: unknown province/territory or place "Punjb" (did you mean "Punjab"?)' in err
    assert "and 29,980 more like" in err and len(err.splitlines()) < 60


def test_chunks_keep_exact_line_numbers(tmp_path):
    rows = [GOOD] * 120_001
    rows[100_000] = "\n"  # a blank line in the third chunk
    f = tmp_path / "big.csv"
    f.write_text(HEADER + "".join(rows))
    p = Problems()
    chunks = list(iter_table(f, indicator_rows.REQUIRED, p, indicator_rows.OPTIONAL, chunk_rows=50_000))
    assert [len(c) for c in chunks] == [50_000, 50_000, 20_000]
    assert chunks[0]._line.iloc[0] == 2 and chunks[2]._line.iloc[-1] == 120_002
    assert 100_002 not in set(chunks[2]._line)
    assert not p


def test_bad_byte_deep_in_a_big_file_is_reported_on_its_line(tmp_path):
    data = (HEADER + GOOD * 80_000).encode()
    lines = data.split(b"\n")
    lines[70_000] = lines[70_000].replace(b"SSDO", b"SSD\xff")
    f = tmp_path / "big.csv"
    f.write_bytes(b"\n".join(lines))
    p = Problems()
    for _ in iter_table(f, indicator_rows.REQUIRED, p, indicator_rows.OPTIONAL):
        pass
    position = lines[70_000].index(b"\xff") + 1
    assert [(x.line, x.reason) for x in p.items] == [
        (70_001, f"line is not valid UTF-8 text (byte 0xff at position {position}); save the file as 'CSV UTF-8'")]


def test_oversized_field_is_a_problem_not_a_memory_hog(tmp_path):
    f = tmp_path / "big.csv"
    f.write_text(HEADER + GOOD.replace("12 cases", "x" * 200_000))
    p = Problems()
    list(iter_table(f, indicator_rows.REQUIRED, p, indicator_rows.OPTIONAL))
    assert any("field is longer than" in x.reason or "field larger than field limit" in x.reason for x in p.items), p.items
