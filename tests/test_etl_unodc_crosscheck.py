"""The UNODC export and the tier cross-check file are validated like every other source (issue 9: neither was
validated), and every indicator row citing the UNODC country data must match the export (a named sanity check)."""
import pytest

from etl.sources import unodc
from tests.etl_helpers import edit_raw, run_failing

UNODC = "unodc/unodc_glotip_country_data.csv"
CASES_FILE = "cases/pakistan_tip_cases_by_province.csv"
CROSS = "tip_tiers/pakistan_tier_crosscheck.csv"
PAK_2007 = 'PAK,Pakistan,Asia,Southern Asia,Persons prosecuted,Total,Total,Total,Total,2007,Counts,"1,526",GLOTIP,1526.0'


def replace_line(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def test_bundled_rows_citing_unodc_are_all_checked(built):
    import pandas as pd

    from etl.paths import current_build

    vals = pd.read_parquet(current_build(built / "processed") / "indicator_values.parquet")
    cites = vals.source_title.str.startswith(unodc.GLOTIP_TITLE) | vals.source_url.str.startswith(unodc.GLOTIP_URL)
    assert cites.sum() == 55  # 12 case rows and 43 child-victim rows, all matching the export


@pytest.mark.parametrize("new,expected", [
    (PAK_2007.replace("1526.0", "1527.0"), f'{UNODC}:27836 [value_numeric]: "1527.0" does not equal txtVALUE "1,526"'),
    (PAK_2007.replace('"1,526"', "<5"), f'{UNODC}:27836 [value_numeric]: txtVALUE is "<5" but value_numeric is "1526.0"'),
    (PAK_2007.replace('"1,526"', "many"), f'{UNODC}:27836 [txtVALUE]: "many" is neither a whole number nor "<5"'),
    (PAK_2007.replace("PAK,", "PAQ,", 1), f'{UNODC}:27836 [Iso3_code]: unknown ISO3 code "PAQ"'),
    (PAK_2007.replace("2007", "2007a"), f'{UNODC}:27836 [Year]: "2007a" is not a four-digit year'),
    (PAK_2007.replace("Counts", "Rate"), f'{UNODC}:27836 [Unit of measurement]: "Rate" is not Counts'),
    (PAK_2007.replace("Southern Asia", "Western Asia"), f"{UNODC}:27836 [Region]: region Asia / Western Asia differs from countries.csv"),
    (PAK_2007.replace("Persons prosecuted", "Persons persecuted"), f'{UNODC}:27836 [Indicator]: "Persons persecuted" is not one of'),
    (PAK_2007.replace(",Total,Total,Total,Total,", ",Total,Total,Girls,Total,"), f'{UNODC}:27836 [Sex]: "Girls" is not one of'),
])
def test_bad_unodc_row(project_copy, new, expected):
    edit_raw(project_copy, UNODC, lambda t: replace_line(t, PAK_2007, new))
    err = run_failing(project_copy)
    assert expected in err, err


def test_unodc_change_is_caught_by_the_named_check(project_copy):
    """The export says 1,527 (consistently): the case row quoting 1,526 no longer matches it."""
    edit_raw(project_copy, UNODC, lambda t: replace_line(t, PAK_2007, PAK_2007.replace('"1,526"', '"1,527"').replace("1526.0", "1527.0")))
    err = run_failing(project_copy)
    assert f"{CASES_FILE}:2 [quote]: cites the UNODC country data, but the quote says 1,526 where data/raw/{UNODC}:27836 says 1,527" in err
    assert f"{CASES_FILE}:2 [value]: cites the UNODC country data, but the value 1526 differs from data/raw/{UNODC}:27836 (1,527)" in err


@pytest.mark.parametrize("old,new,expected", [
    (",1526,counts", ",1625,counts", f"{CASES_FILE}:2 [value]: cites the UNODC country data, but the value 1625 differs"),
    ("Pakistan,2007,unodc_persons_prosecuted", "Pakistan,2008,unodc_persons_prosecuted", None),  # a duplicate (2008 exists)
    ('"PAK | Persons prosecuted | Total | Total | Total | Total | 2007 | Counts | 1,526"',
     '"PAK | Persons prosecuted | Total | Total | Total | Total | 2006 | Counts | 1,526"', "has no row PAK | Persons prosecuted"),
    ('"PAK | Persons prosecuted | Total | Total | Total | Total | 2007 | Counts | 1,526"', '"1,526 persons prosecuted"',
     "the quote is not the export's row"),
])
def test_indicator_row_that_does_not_match_the_export(project_copy, old, new, expected):
    edit_raw(project_copy, CASES_FILE, lambda t: t.replace(old, new, 1))
    err = run_failing(project_copy)
    assert (expected or "pakistan_tip_cases_by_province.csv") in err, err


def test_child_row_with_wrong_sex_is_caught(project_copy):
    f = "children/child_victims.csv"
    edit_raw(project_copy, f, lambda t: replace_line(t, '1,516",0-17,female', '1,516",0-17,male'))
    err = run_failing(project_copy)
    assert "[sex]: cites the UNODC country data, but sex=male does not match Female" in err


# ---- the cross-check file -------------------------------------------------------------------------------------
ROW_2001 = "2001,3,Heiss & Kelley tip_tiers_orig.csv,3,"


@pytest.mark.parametrize("old,new,expected", [
    ("\n2001,3,", "\n2001,4,", f'{CROSS}:2 [tier_in_tip_tiers_csv]: tier "4" is not one of'),
    ("\n2001,3,", "\n2001,2,", f"{CROSS}:2 [tier_in_tip_tiers_csv]: says 2 but tip_tiers has 3 for 2001"),
    ("\n2002,2,", "\n2001,2,", f"{CROSS}:3 [report_year]: 2001 is also on line 2"),
    ("\n2001,3,Heiss & Kelley tip_tiers_orig.csv,3,", "\n2001,3,Heiss & Kelley tip_tiers_orig.csv,3WL,", f'{CROSS}:2 [independent_tier]: tier "3WL"'),
    ("https://www.refworld.org/reference/annualreport/usdos/2001/en/28047", "http://", f'{CROSS}:2 [independent_url]: independent_url "http://" has no host'),
    ("https://www.refworld.org/reference/annualreport/usdos/2001/en/28047", "", f"{CROSS}:2 [independent_url]: an independent tier needs the link"),
    ("Pakistan (Tier 3),yes", "Pakistan (Tier 3),no", f"{CROSS}:2 [agree]: says no but the tiers are 3 and 3"),
    ("Pakistan (Tier 3),yes", "Pakistan (Tier 3),", f'{CROSS}:2 [agree]: "" is not yes or no'),
    ("Pakistan (Tier 3),yes", "\u200b,yes", f"{CROSS}:2 [independent_quote]: independent_quote holds only invisible characters"),
])
def test_bad_crosscheck_row(project_copy, old, new, expected):
    edit_raw(project_copy, CROSS, lambda t: t.replace(old, new, 1))
    err = run_failing(project_copy)
    assert expected in err, err


def test_crosscheck_rows_reach_the_output(built):
    import pandas as pd

    from etl.paths import current_build

    cross = pd.read_parquet(current_build(built / "processed") / "pakistan_tier_crosscheck.parquet")
    assert len(cross) == 25 and set(cross.agree) == {"yes", ""}
