"""The registry of raw inputs (etl/inputs.py): every file in data/raw is read or is documentation; nothing is
silently ignored; a source that yields no rows is an error."""
import inspect
import json

import pytest

from etl import inputs
from etl.paths import RAW
from etl.sources import STEPS
from tests.etl_helpers import GOOD, HEADER, add_file, edit_raw, replace_raw, run, run_failing, table


def test_registry_covers_every_bundled_file():
    assert inputs.unread_problems(RAW) == []
    registered = {p.relative_to(RAW).as_posix() for p in inputs.data_files(RAW)}
    assert registered == {"tip_tiers/tip_tiers.csv", "tip_tiers/pakistan_tier_crosscheck.csv",
                          "tip_tiers/tip_tiers_supplement_2024_2025.csv", "tip_tiers/tip_tiers_partial_2016_2022_individual.csv",
                          "cases/pakistan_tip_cases_by_province.csv", "children/child_victims.csv",
                          "population/pakistan_population_by_province.csv", "population/pakistan_children_by_province_2023.csv",
                          "unodc/unodc_glotip_country_data.csv", "boundaries/pakistan_adm1_kp_merged.geojson",
                          "boundaries/world_countries_50m.topojson"}


def test_every_registered_input_is_read_by_exactly_one_source_step():
    named = [name for module in STEPS for name in module.INPUTS]
    assert sorted(named) == sorted({e.step for e in inputs.RAW_INPUTS}), "a registered input no step reads, or one read twice"
    for module in STEPS:
        text = inspect.getsource(module)
        assert "def step(run" in text, module.__name__


@pytest.mark.parametrize("name,expected", [
    ("2025/new.csv", "additions/2025/new.csv: is in a sub-folder of data/raw/additions/"),
    ("deep/er/new.csv", "additions/deep/er/new.csv: is in a sub-folder of data/raw/additions/"),
    ("new.txt", 'additions/new.txt: unsupported file type ".txt"'),
    ("new.tsv", 'additions/new.tsv: unsupported file type ".tsv"'),
    ("new.json", 'additions/new.json: unsupported file type ".json"'),
    ("new", 'additions/new: unsupported file type ""'),
    (".new.csv", "additions/.new.csv: hidden file in data/raw"),
    ("~$new.xlsx", "additions/~$new.xlsx: looks like an editor's lock or temporary file"),
])
def test_addition_that_would_be_ignored_is_an_error(project_copy, name, expected):
    add_file(project_copy, name, HEADER + GOOD)
    assert expected in run_failing(project_copy)


def test_upper_case_extension_is_read(project_copy):
    add_file(project_copy, "NEW.CSV", HEADER + GOOD)
    rc, out, err = run(project_copy)
    assert rc == 0, err
    assert (table(project_copy, "indicator_values").raw_file == "data/raw/additions/NEW.CSV").sum() == 1


@pytest.mark.parametrize("relpath,expected", [
    ("cases/extra.csv", "cases/extra.csv: not read by the ETL: every data file in data/raw must be listed in RAW_INPUTS"),
    ("unodc/notes.txt", "unodc/notes.txt: not read by the ETL"),
    ("newsource/data.csv", "newsource/data.csv: not read by the ETL"),
    ("stray.parquet", "stray.parquet: not read by the ETL"),
])
def test_stray_file_anywhere_in_raw_is_an_error(project_copy, relpath, expected):
    f = project_copy.raw / relpath
    f.parent.mkdir(parents=True, exist_ok=True)
    f.write_text("x,y\n1,2\n")
    assert expected in run_failing(project_copy)


def test_documentation_files_are_allowed(project_copy):
    (project_copy.raw / "cases" / "README.md").write_text("# notes\n")
    (project_copy.raw / "cases" / "LICENSE_x.txt").write_text("licence text\n")
    rc, _, err = run(project_copy)
    assert rc == 0, err


def test_orphan_sidecar_is_an_error(project_copy):
    (project_copy.additions / "gone.csv.provenance.json").write_text(json.dumps({"title": "t", "producer": "p", "licence": "l"}))
    assert "additions/gone.csv.provenance.json: provenance sidecar for gone.csv, which is not a data file" in run_failing(project_copy)


def test_missing_required_input_is_an_error(project_copy):
    (project_copy.raw / "unodc" / "unodc_glotip_country_data.csv").unlink()
    err = run_failing(project_copy)
    assert "unodc/unodc_glotip_country_data.csv: required input is missing" in err


def test_source_whose_rows_are_all_blank_is_an_error(project_copy):
    """Issue 9: all 94 rows of the cases file blanked (sidecar updated) vanished with exit 0."""
    f = "cases/pakistan_tip_cases_by_province.csv"
    text = (project_copy.raw / f).read_text()
    n = len(text.splitlines()) - 1
    edit_raw(project_copy, f, lambda t: t.splitlines()[0] + "\n" + ",,,,,,,\n" * n)
    err = run_failing(project_copy)
    assert f"pakistan_tip_cases_by_province.csv: file has no data rows: all {n} rows below the header are blank" in err


def test_source_that_yields_no_rows_after_its_header_is_an_error(project_copy):
    edit_raw(project_copy, "population/pakistan_children_by_province_2023.csv", lambda t: t.splitlines()[0] + "\n\n\n")
    assert "pakistan_children_by_province_2023.csv: file has no data rows" in run_failing(project_copy)


def test_blank_lines_between_rows_are_not_rows(project_copy):
    add_file(project_copy, "new.csv", HEADER + "\n" + GOOD + ",,,,,,,,,\n\n")
    rc, out, err = run(project_copy)
    assert rc == 0, err
    new = table(project_copy, "indicator_values").query("raw_file == 'data/raw/additions/new.csv'")
    assert list(new.raw_line) == [3]


def test_edited_bundled_file_with_updated_sidecar_is_validated_like_any_other(project_copy):
    replace_raw(project_copy, "cases/pakistan_tip_cases_by_province.csv",
                (project_copy.raw / "cases/pakistan_tip_cases_by_province.csv").read_text().replace(",1526,", ",15x6,"))
    assert 'pakistan_tip_cases_by_province.csv:2 [value]: value "15x6" is not a number' in run_failing(project_copy)
