"""Provenance sidecars of every shape give a problem naming the sidecar, never a traceback (issue 9: [], null, a
string, a directory or deep nesting crashed the ETL)."""
import json
import shutil

import pytest

from tests.etl_helpers import GOOD, HEADER, add_file, run_failing

BUNDLED = "cases/pakistan_tip_cases_by_province.csv.provenance.json"


@pytest.mark.parametrize("content,expected", [
    ("[]", "sidecar must hold a JSON object {...} with title, producer and licence, not a list"),
    ("null", "sidecar must hold a JSON object {...} with title, producer and licence, not null"),
    ('"just a string"', "not a string"),
    ("42", "not a number"),
    ("true", "not true/false"),
    ("", "sidecar is not valid JSON: Expecting value (column 1)"),
    ("{", "sidecar is not valid JSON: Expecting property name enclosed in double quotes"),
    ('{"title": "t",\n "producer": "p",\n "licence": }', ".provenance.json:3: sidecar is not valid JSON: Expecting value"),
    ("[" * 100_000 + "]" * 100_000, "sidecar nests deeper than"),
    ('{"title": ' + "[" * 50 + "]" * 50 + ', "producer": "p", "licence": "l"}', "[title]: sidecar fields hold text, numbers or true/false"),
    ('{"title": {"en": "t"}, "producer": "p", "licence": "l"}', "[title]: sidecar fields hold text"),
    ('{"producer": "p", "licence": "l"}', "[title]: sidecar field is missing"),
    ('{"title": "", "producer": "p", "licence": "l"}', "[title]: sidecar field title is empty"),
    ('{"title": "\\u200b\\u200e", "producer": "p", "licence": "l"}', "[title]: sidecar field title holds only invisible characters"),
    ('{"title": 5, "producer": "p", "licence": "l"}', "[title]: sidecar field title must be text"),
    ('{"title": "t", "producer": "p", "licence": "l", "url": "javascript:alert(1)"}', "[url]: url"),
    ('{"title": "t", "producer": "p", "licence": "l", "sha256": "abc"}', "[sha256]: must be 64 lowercase hexadecimal digits"),
    ('{"title": "t", "producer": "p", "licence": "l", "bytes": "12"}', "[bytes]: must be a whole number of bytes"),
    ('{"title": "t", "producer": "p", "licence": "l", "file": "other.csv"}', '[file]: says "other.csv" but the sidecar belongs to new.csv'),
    ('{"title": "t", "producer": "p", "licence": "l", "notes": ["a"]}', "[notes]: sidecar fields hold text"),
])
def test_bad_sidecar_of_an_addition(project_copy, content, expected):
    add_file(project_copy, "new.csv", HEADER + GOOD, sidecar=False)
    (project_copy.additions / "new.csv.provenance.json").write_text(content)
    err = run_failing(project_copy)
    assert "additions/new.csv.provenance.json" in err
    assert expected in err, err


def test_sidecar_that_is_a_directory(project_copy):
    add_file(project_copy, "new.csv", HEADER + GOOD, sidecar=False)
    (project_copy.additions / "new.csv.provenance.json").mkdir()
    assert "additions/new.csv.provenance.json: sidecar is a folder, not a JSON file" in run_failing(project_copy)


def test_huge_sidecar(project_copy):
    add_file(project_copy, "new.csv", HEADER + GOOD, sidecar=False)
    (project_copy.additions / "new.csv.provenance.json").write_text(json.dumps({"title": "t", "producer": "p", "licence": "l",
                                                                                "notes": "x" * 10_000_000}))
    assert "new.csv.provenance.json: sidecar is larger than 256 KiB" in run_failing(project_copy)


def test_sidecar_not_utf8(project_copy):
    add_file(project_copy, "new.csv", HEADER + GOOD, sidecar=False)
    (project_copy.additions / "new.csv.provenance.json").write_bytes(b'{"title": "t\xe9", "producer": "p", "licence": "l"}')
    assert "new.csv.provenance.json: sidecar is not UTF-8 text" in run_failing(project_copy)


@pytest.mark.parametrize("content", ["[]", "null", '"x"', "{"])
def test_bad_sidecar_of_a_bundled_file(project_copy, content):
    (project_copy.raw / BUNDLED).write_text(content)
    err = run_failing(project_copy)
    assert "data/raw/" + BUNDLED in err


def test_bundled_sidecar_replaced_by_a_directory(project_copy):
    side = project_copy.raw / BUNDLED
    side.unlink()
    side.mkdir()
    assert BUNDLED + ": sidecar is a folder" in run_failing(project_copy)


def test_missing_bundled_sidecar(project_copy):
    (project_copy.raw / BUNDLED).unlink()
    assert "pakistan_tip_cases_by_province.csv: no provenance sidecar" in run_failing(project_copy)


def test_size_in_sidecar_must_match(project_copy):
    side = project_copy.raw / BUNDLED
    meta = json.loads(side.read_text())
    meta["bytes"] += 1
    side.write_text(json.dumps(meta))
    assert "bytes but its provenance sidecar says" in run_failing(project_copy)


def test_sidecar_problems_do_not_hide_other_problems(project_copy):
    """A bad sidecar and a bad row in another file are both reported in the same run."""
    add_file(project_copy, "a.csv", HEADER + GOOD, sidecar=False)
    (project_copy.additions / "a.csv.provenance.json").write_text("[]")
    add_file(project_copy, "b.csv", HEADER + GOOD.replace(",12,", ",x,"))
    err = run_failing(project_copy)
    assert "a.csv.provenance.json" in err and 'b.csv:2 [value]: value "x" is not a number' in err


def test_copy_of_a_whole_source_folder_without_sidecars(project_copy):
    shutil.copytree(project_copy.raw / "children", project_copy.additions / "children")
    assert "is in a sub-folder of data/raw/additions/" in run_failing(project_copy)
