"""Reference files: every column the ETL or the read side relies on is checked, and each problem is reported on the
reference file's own line (issue 9: headline_rank "third" and event year "2018a" crashed pages; a bad month in
period_rules.csv was an "unexpected error" in other files; a geographies.csv typo was blamed on the GeoJSON)."""
import csv
import io

import pytest

from tests.etl_helpers import run_failing


def set_cell(paths, file: str, line: int, column: str, value: str) -> None:
    """Set one cell of a reference CSV (line as an editor shows it: header = 1)."""
    f = paths.reference / file
    rows = list(csv.reader(io.StringIO(f.read_text(encoding="utf-8"), newline="")))
    rows[line - 1][rows[0].index(column)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    f.write_text(out.getvalue(), encoding="utf-8")


CASES = [
    ("indicators.csv", 2, "headline_rank", "third", 'indicators.csv:2 [headline_rank]: "third" is not empty or a positive whole number'),
    ("indicators.csv", 2, "headline_rank", "0", '[headline_rank]: "0" is not empty or a positive whole number'),
    ("indicators.csv", 2, "headline_rank", "-1", '[headline_rank]: "-1" is not empty'),
    ("indicators.csv", 2, "headline_rank", "1.5", '[headline_rank]: "1.5" is not empty'),
    ("indicators.csv", 2, "label_ur", "\u200f", "indicators.csv:2 [label_ur]: label_ur holds only invisible characters"),
    ("indicators.csv", 2, "measure_type", "counts", 'indicators.csv:2 [measure_type]: "counts" is not one of'),
    ("indicators.csv", 2, "indicator_id", "Abduction!", 'indicators.csv:2 [indicator_id]: "Abduction!" is not an identifier'),
    ("events.csv", 2, "year", "2018a", 'events.csv:2 [year]: "2018a" is not a four-digit year'),
    ("events.csv", 2, "year", "18", 'events.csv:2 [year]: "18" is not a four-digit year'),
    ("events.csv", 2, "source_url", "https://example.org/a)![t](https://other.host/p.png)", "events.csv:2 [source_url]"),
    ("events.csv", 2, "label", "", "events.csv:2 [label]: label is empty"),
    ("events.csv", 2, "raw_line", "x", 'events.csv:2 [raw_line]: "x" is not a line number'),
    ("events.csv", 2, "raw_file", "../../etc/passwd", "events.csv:2 [raw_file]"),
    ("events.csv", 3, "event_id", "ptpa_2018", 'events.csv:3 [event_id]: duplicate event_id "ptpa_2018" (also on line 2)'),
    ("period_rules.csv", 3, "end_month_day", "13-30", 'period_rules.csv:3 [end_month_day]: "13-30" is not a real month and day'),
    ("period_rules.csv", 3, "end_month_day", "02-30", 'period_rules.csv:3 [end_month_day]: "02-30" is not a real month and day'),
    ("period_rules.csv", 3, "end_month_day", "02-29", 'period_rules.csv:3 [end_month_day]: "02-29" does not exist in most years'),
    ("period_rules.csv", 3, "end_month_day", "6/30", 'period_rules.csv:3 [end_month_day]: "6/30" is not a month and day'),
    ("period_rules.csv", 3, "start_month_day", "07-01", "period_rules.csv:3 [start_month_day]: the period would start (07-01"),
    ("period_rules.csv", 3, "start_year_offset", "x", 'period_rules.csv:3 [start_year_offset]: "x" is not a whole number'),
    ("period_rules.csv", 3, "is_full_year", "maybe", 'period_rules.csv:3 [is_full_year]: "maybe" is not yes or no'),
    ("geographies.csv", 3, "geo_code", "PK-PBX", 'geographies.csv:3 [geo_code]: "PK-PBX" is not a code like'),
    ("geographies.csv", 3, "geo_code", "PK-PN", 'geographies.csv:3 [iso_3166_2]: "PK-PB" differs from geo_code "PK-PN"'),
    ("geographies.csv", 3, "name_ur", "", "geographies.csv:3 [name_ur]: name_ur is empty"),
    ("geographies.csv", 3, "level", "provinces", 'geographies.csv:3 [level]: unknown level "provinces"'),
    ("geographies.csv", 3, "parent_code", "PK-SD", "geographies.csv:3 [parent_code]: a province's code is PK-XX and its parent is PK"),
    ("geographies.csv", 4, "geo_code", "PK-PB", 'geographies.csv:4 [geo_code]: duplicate geo_code "PK-PB" (also on line 3)'),
    ("countries.csv", 2, "iso3", "abw", 'countries.csv:2 [iso3]: "abw" is not three capital letters'),
    ("countries.csv", 3, "iso_numeric", "533", "countries.csv:3 [iso_numeric]: duplicate iso_numeric 533 (also on line 2)"),
    ("source_kinds.csv", 2, "label_ur", " ", "source_kinds.csv:2 [label_ur]: label_ur is empty"),
    ("sources.csv", 2, "publication_kind", "blog", "sources.csv:2 [publication_kind]: unknown publication kind"),
    ("sources.csv", 3, "data_through", "2017-12", "sources.csv:3 [data_through]: must be a full date"),
]


@pytest.mark.parametrize("file,line,column,value,expected", CASES, ids=[f"{c[0]}-{c[2]}-{c[3]!r}"[:60] for c in CASES])
def test_bad_reference_value_is_reported_on_its_own_line(project_copy, file, line, column, value, expected):
    set_cell(project_copy, file, line, column, value)
    err = run_failing(project_copy)
    assert expected in err, err
    # only reference files are blamed: nothing from data/raw
    assert "data/raw/" not in err, err


def test_duplicate_headline_rank(project_copy):
    f = project_copy.reference / "indicators.csv"
    rows = list(csv.DictReader(f.open(encoding="utf-8", newline="")))
    ranked = [i for i, r in enumerate(rows) if r["headline_rank"]]
    set_cell(project_copy, "indicators.csv", ranked[1] + 2, "headline_rank", rows[ranked[0]]["headline_rank"])
    assert f"indicators.csv:{ranked[1] + 2} [headline_rank]: rank {rows[ranked[0]]['headline_rank']} is also given on line" in run_failing(project_copy)


def test_reference_file_not_utf8_names_the_line(project_copy):
    f = project_copy.reference / "events.csv"
    lines = f.read_bytes().split(b"\n")
    lines[2] = lines[2].replace(b"2018", b"2018\xff", 1)
    f.write_bytes(b"\n".join(lines))
    assert "events.csv:3: line is not valid UTF-8 text (byte 0xff)" in run_failing(project_copy)


def test_reference_file_malformed_quote(project_copy):
    f = project_copy.reference / "source_kinds.csv"
    f.write_text(f.read_text(encoding="utf-8") + 'x,"unclosed,y\n', encoding="utf-8")
    assert "source_kinds.csv:" in run_failing(project_copy)


@pytest.mark.parametrize("make,expected", [
    (lambda f: f.write_text(""), "events.csv: reference file is empty"),
    (lambda f: (f.unlink(), f.mkdir()), "events.csv: is not a file"),
    (lambda f: f.unlink(), "events.csv: reference file is missing"),
    (lambda f: f.write_text("year,year\n"), "events.csv:1: duplicate column names in header"),
    (lambda f: f.write_text(f.read_text(encoding="utf-8").replace("label_ur", "label_urdu"), encoding="utf-8"),
     "events.csv:1 [label_ur]: required column(s) missing"),
])
def test_broken_reference_file(project_copy, make, expected):
    make(project_copy.reference / "events.csv")
    assert expected in run_failing(project_copy)


def test_every_problem_in_a_reference_file_is_listed(project_copy):
    set_cell(project_copy, "events.csv", 2, "year", "2018a")
    set_cell(project_copy, "events.csv", 3, "year", "20x8")
    set_cell(project_copy, "period_rules.csv", 4, "end_month_day", "04-31")
    err = run_failing(project_copy)
    assert "events.csv:2 [year]" in err and "events.csv:3 [year]" in err and "period_rules.csv:4 [end_month_day]" in err
