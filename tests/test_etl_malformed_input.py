"""Malformed input: each kind gets a clear error naming file, line and reason; data/processed stays byte-identical."""
import io
import json

import openpyxl
import pytest

from etl.pipeline import build

HEADER = "province,year,indicator,value,unit,source,source_url,quote,age_group,sex\n"  # optional columns may be left out
GOOD = 'Punjab,2025,child_trafficking_cases_police,12,cases,"SSDO test",https://example.org/a,"12 cases",0-17,all\n'
SIDECAR = {"title": "test addition", "producer": "test", "licence": "test", "url": "https://example.org/a",
           "documents": [{"title": "SSDO test", "producer": "SSDO", "publisher": "Example Daily",
                          "publication_kind": "press_report", "licence": "quoted figures"}]}


def snapshot(folder):
    """Every file under data/processed (the pointer and every build folder), by relative path."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def add_file(paths, name, content, sidecar=True):
    f = paths.additions / name
    f.parent.mkdir(exist_ok=True)
    (f.write_bytes if isinstance(content, bytes) else f.write_text)(content)
    if sidecar:
        (paths.additions / (name + ".provenance.json")).write_text(json.dumps(SIDECAR))
    return f


def run_failing(paths, capsys):
    before = snapshot(paths.processed)
    rc = build(paths, out=io.StringIO())
    err = capsys.readouterr().err
    assert rc == 1
    assert snapshot(paths.processed) == before, "a failed run must leave data/processed byte-identical"
    return err


CASES = {
    "unknown_province": (HEADER + GOOD.replace("Punjab", "Punjb"), 'new.csv:2 [province]: unknown province/territory or place "Punjb" (did you mean "Punjab"?)'),
    "not_a_number": (HEADER + GOOD.replace(",12,", ",<5,"), 'new.csv:2 [value]: value "<5" is not a number'),
    "negative": (HEADER + GOOD.replace(",12,", ",-4,"), "new.csv:2 [value]: value -4 is negative"),
    "bad_year": (HEADER + GOOD.replace("2025", "20x5"), 'new.csv:2 [year]: year "20x5" is not a four-digit year'),
    "year_out_of_range": (HEADER + GOOD.replace("2025", "1850"), "new.csv:2 [year]: year 1850 is outside"),
    "unknown_indicator": (HEADER + GOOD.replace("child_trafficking_cases_police", "child_traficking_cases_police"),
                          'unknown indicator "child_traficking_cases_police" (did you mean "child_trafficking_cases_police"?)'),
    "missing_column": (HEADER.replace(",quote", "") + GOOD, "new.csv:1 [quote]: required column(s) missing"),
    "ragged_row": (HEADER + GOOD.replace(",all\n", ",all,extra\n"), "new.csv:2: row has 11 fields, header has 10"),
    "empty_source": (HEADER + GOOD.replace('"12 cases"', '""'), "new.csv:2 [quote]: quote is empty"),
    "share_over_100": (HEADER + GOOD.replace("child_trafficking_cases_police,12", "child_trafficking_conviction_rate,140"),
                       "is over 100 but child_trafficking_conviction_rate is a percentage"),
    "bad_sex": (HEADER + GOOD.replace(",all\n", ",girls\n"), 'sex "girls" is not one of all, female, male'),
    "duplicate_fact": (HEADER + GOOD + GOOD, "duplicate fact (PK-PB, child_trafficking_cases_police, 2025"),
    "header_only": (HEADER, "new.csv: file has a header but no data rows"),
    "empty_file": ("", "new.csv: file is empty"),
    "unclosed_quote": (HEADER + GOOD.replace('"SSDO test"', '"SSDO test'), "new.csv"),
}


@pytest.mark.parametrize("kind", sorted(CASES))
def test_malformed_addition(project_copy, capsys, kind):
    content, expected = CASES[kind]
    add_file(project_copy, "new.csv", content)
    err = run_failing(project_copy, capsys)
    assert expected in err, err
    assert "Nothing in data/processed/ was changed" in err


def test_every_bad_row_in_a_file_is_listed(project_copy, capsys):
    bad = [GOOD.replace("Punjab", "Pnjab"), GOOD.replace(",12,", ",x,").replace("2025", "2024"), GOOD.replace("2025", "2023").replace("all\n", "boys\n")]
    add_file(project_copy, "new.csv", HEADER + GOOD.replace("2025", "2022") + "".join(bad))
    err = run_failing(project_copy, capsys)
    for line in (3, 4, 5):
        assert f"new.csv:{line} " in err
    assert "new.csv:2 " not in err


def test_non_utf8_file(project_copy, capsys):
    add_file(project_copy, "new.csv", (HEADER + GOOD.replace("SSDO test", "SSDO t\xe9st")).encode("latin-1"))
    assert "is not valid UTF-8 text" in run_failing(project_copy, capsys)


def test_addition_without_sidecar(project_copy, capsys):
    add_file(project_copy, "new.csv", HEADER + GOOD, sidecar=False)
    assert "no provenance sidecar: create new.csv.provenance.json" in run_failing(project_copy, capsys)


def test_edited_raw_file_detected_by_checksum(project_copy, capsys):
    f = project_copy.raw / "children" / "child_victims.csv"
    f.write_text(f.read_text().replace("2,003 cases", "2,004 cases"))
    assert "differs from the sha256 in its provenance sidecar" in run_failing(project_copy, capsys)


def test_unknown_tier_in_tier_file(project_copy, capsys):
    f = project_copy.raw / "tip_tiers" / "tip_tiers.csv"
    lines = f.read_text().splitlines(keepends=True)
    lines[5] = lines[5].replace(",2,", ",Tier 4,", 1)
    f.write_text("".join(lines))
    side = f.with_name(f.name + ".provenance.json")
    meta = json.loads(side.read_text())
    meta.pop("sha256")
    side.write_text(json.dumps(meta))
    err = run_failing(project_copy, capsys)
    assert 'tip_tiers.csv:6 [tier]: tier "Tier 4" is not one of' in err


def test_broken_geojson(project_copy, capsys):
    f = project_copy.raw / "boundaries" / "pakistan_adm1_kp_merged.geojson"
    f.write_text('{"type": "FeatureCollection", "features": [')
    side = f.with_name(f.name + ".provenance.json")
    meta = json.loads(side.read_text())
    meta.pop("sha256")
    side.write_text(json.dumps(meta))
    assert "pakistan_adm1_kp_merged.geojson:1: not valid JSON: Expecting value (column 44)" in run_failing(project_copy, capsys)


def test_bad_reference_file(project_copy, capsys):
    f = project_copy.reference / "geo_aliases.csv"
    f.write_text(f.read_text() + "Sind,PK-PB,conflict\n")
    assert '"Sind" already means PK-SD, cannot also mean PK-PB' in run_failing(project_copy, capsys)


def test_xlsx_addition_with_bad_row(project_copy, capsys):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER.strip().split(","))
    ws.append(["Punjab", 2025, "child_trafficking_cases_police", 12, "cases", "SSDO", "https://example.org/a", "q", "0-17", "all"])
    ws.append(["Sindh", 2025, "child_trafficking_cases_police", "n/a", "cases", "SSDO", "https://example.org/a", "q", "0-17", "all"])
    f = project_copy.additions / "new.xlsx"
    f.parent.mkdir(exist_ok=True)
    wb.save(f)
    (project_copy.additions / "new.xlsx.provenance.json").write_text(json.dumps(SIDECAR))
    assert 'new.xlsx:3 [value]: value "n/a" is not a number' in run_failing(project_copy, capsys)


def test_semicolon_separated_file_gets_a_hint(project_copy, capsys):
    add_file(project_copy, "new.csv", (HEADER + GOOD).replace(",", ";"))
    assert "looks semicolon-separated" in run_failing(project_copy, capsys)


def test_unsupported_file_type_is_reported_not_ignored(project_copy, capsys):
    add_file(project_copy, "old.xls", b"\xd0\xcf\x11\xe0 not really excel")
    assert 'old.xls: unsupported file type ".xls"' in run_failing(project_copy, capsys)


def test_corrupt_xlsx(project_copy, capsys):
    add_file(project_copy, "bad.xlsx", b"PK\x03\x04 truncated zip")
    assert "bad.xlsx: cannot read file" in run_failing(project_copy, capsys)


def test_reference_file_missing_a_column(project_copy, capsys):
    f = project_copy.reference / "indicators.csv"
    lines = f.read_text().splitlines()
    f.write_text("\n".join([lines[0].replace(",caveat,", ",caveats,"), *lines[1:]]) + "\n")
    err = run_failing(project_copy, capsys)
    assert "indicators.csv:1 [caveat]: required column(s) missing" in err


def test_reference_file_with_a_short_header(project_copy, capsys):
    f = project_copy.reference / "indicators.csv"
    lines = f.read_text().splitlines()
    f.write_text("\n".join([lines[0].rsplit(",", 1)[0], *lines[1:]]) + "\n")
    n = len(lines[0].split(","))
    err = run_failing(project_copy, capsys)
    assert f"indicators.csv:2: row has {n} fields, header has {n - 1}" in err


def test_valid_rows_are_not_lost_alongside_bad_ones(project_copy, capsys):
    """A bad file blocks the build (nothing is half-written) and the report names only the bad rows."""
    add_file(project_copy, "new.csv", HEADER + GOOD + GOOD.replace("Punjab", "Sindh").replace(",12,", ",abc,"))
    err = run_failing(project_copy, capsys)
    assert "new.csv:3 [value]" in err and "new.csv:2 " not in err
