"""Pure transforms on tiny frames: names, periods, numbers, tiers, rates."""
from datetime import date

import pandas as pd
import pytest

from etl import derive, documents, reference
from etl.problems import Problems
from etl.readers import LINE
from etl.sources import indicator_rows, tip_tiers
from etl.sources.common import parse_number, parse_year


@pytest.fixture(scope="module")
def ref():
    r = reference.load()
    # the tiny frames below cite documents "S" and "s"; describe them as an analyst's sidecar would
    r.add_documents([{"title": t, "url": "https://example.org/doc", "producer": "P", "publisher": "Pub",
                      "publication_kind": "press_report", "licence": "L"} for t in ("S", "s")], "test sidecar", Problems())
    return r


def rows(**cols):
    n = len(next(iter(cols.values())))
    base = {"province": ["Punjab"] * n, "year": ["2022"] * n, "indicator": ["child_abuse_cases_total"] * n, "value": ["10"] * n,
            "unit": ["cases"] * n, "source": ["S"] * n, "source_url": ["https://x.org"] * n, "quote": ["q"] * n,
            "age_group": ["0-17"] * n, "sex": ["all"] * n, "period_start": [""] * n, "period_end": [""] * n}
    base.update(cols)
    frame = pd.DataFrame(base)
    frame[LINE] = range(2, n + 2)
    return frame


@pytest.mark.parametrize("alias,code", [("NWFP", "PK-KP"), ("K.P.", "PK-KP"), ("Sind", "PK-SD"), ("Baluchistan", "PK-BA"),
                                        ("F.C.T.", "PK-IS"), ("Northern Areas", "PK-GB"), ("Azad Kashmir", "PK-JK"),
                                        ("ICT", "PK-IS"), ("FATA", "PK-TA"), ("Punjab (FIA Lahore Zone)", "PK-PB~FIA-LHR-ZONE")])
def test_aliases_resolve(ref, alias, code):
    assert ref.geo_code(alias) == code


def test_zone_is_its_own_level_not_a_province(ref):
    assert ref.geo_level[ref.geo_code("Punjab (FIA Lahore Zone)")] == "zone"
    assert ref.geo_level[ref.geo_code("Sindh (Karachi)")] == "city"


def test_unknown_name_suggests_nearest(ref):
    assert 'did you mean "Punjab"' in ref.unknown_geo_reason("Punjb")
    assert 'did you mean "Balochistan"' in ref.unknown_geo_reason("Balochstan")


def test_half_year_indicator_gets_half_year_period(ref):
    p = Problems()
    out = indicator_rows.transform(rows(indicator=["child_abuse_cases_total_jan_jun"]), ref, "f.csv", "t", p)
    assert not p
    assert out.period_start.iloc[0].date() == date(2022, 1, 1) and out.period_end.iloc[0].date() == date(2022, 6, 30)
    assert out.period_rule.iloc[0] == "jan_jun"


def test_multi_year_total_spans_its_years(ref):
    p = Problems()
    out = indicator_rows.transform(rows(indicator=["child_sexual_abuse_cases_cumulative_2019_2023"], year=["2023"]), ref, "f.csv", "t", p)
    assert (out.period_start.iloc[0].date(), out.period_end.iloc[0].date()) == (date(2019, 1, 1), date(2023, 12, 31))


def test_explicit_period_columns_override_rule(ref):
    p = Problems()
    out = indicator_rows.transform(rows(period_start=["2022-03-01"], period_end=["2022-05-31"]), ref, "f.csv", "t", p)
    assert not p and out.period_end.iloc[0].date() == date(2022, 5, 31)


def test_every_bad_row_reported_with_line_and_column(ref):
    p = Problems()
    out = indicator_rows.transform(rows(value=["5", "<5", "-3", "abc"], year=["2022", "2022", "1890", "2022"]), ref, "f.csv", "t", p)
    assert len(out) == 1
    lines = sorted({(x.line, x.column) for x in p.items})
    assert lines == [(3, "value"), (4, "value"), (4, "year"), (5, "value")]


def test_numbers_and_years():
    assert parse_number("1,526") == (1526.0, None)
    assert parse_number("")[1].startswith("value is empty")
    assert parse_year("2019") == (2019, None)
    assert parse_year("19")[1] is not None


def test_tiers_ranked_ordinally(ref):
    raw = pd.DataFrame({"country": ["Pakistan"] * 5, "iso3": ["PAK"] * 5, "report_year": ["2001", "2002", "2003", "2004", "2005"],
                        "tier": ["1", "2", "2WL", "3", "special_case"], "source": ["s"] * 5, "source_ref": ["r"] * 5})
    raw[LINE] = range(2, 7)
    p = Problems()
    out = tip_tiers.transform(raw, ref, "t.csv", p)
    assert not p
    assert out.tier_rank.tolist()[:4] == [1, 2, 3, 4] and pd.isna(out.tier_rank.iloc[4])


def test_tier_country_must_match_iso3(ref):
    raw = pd.DataFrame({"country": ["India"], "iso3": ["PAK"], "report_year": ["2010"], "tier": ["2"], "source": ["s"], "source_ref": ["r"]})
    raw[LINE] = [2]
    p = Problems()
    tip_tiers.transform(raw, ref, "t.csv", p)
    assert any("is IND, but iso3 says PAK" in x.reason for x in p.items)


def test_rate_uses_nearest_census_and_kp_boundary_rule(ref):
    pop = pd.DataFrame({"geo_code": ["PK-KP"] * 3, "census_year": [2017, 2017, 2023], "age_group": ["all"] * 3, "sex": ["all"] * 3,
                        "population": [30_000_000, 35_000_000, 40_000_000],
                        "boundary_basis": ["pre_2018_excluding_fata", "post_2018_including_fata", "post_2018_including_fata"],
                        "source_id": ["a", "b", "c"]})
    vals = indicator_rows.transform(rows(province=["KP", "KP", "KP"], year=["2016", "2019", "2022"],
                                         indicator=["child_sexual_abuse_police"] * 3), ref, "f.csv", "t", Problems())
    vals = documents.choose(vals.assign(file_rank=0), list(indicator_rows.CELL), ref.precedence, value="value")  # as the step does
    r = derive.rates(vals.drop(columns="file_rank"), pop, ref).set_index("year")
    assert r.source_title.notna().all() and r.preferred.all()  # each rate carries its figure's source
    assert r.loc[2016, "denominator"] == 30_000_000  # pre-merger figure, pre-merger boundary
    assert r.loc[2019, "denominator"] == 35_000_000  # nearest census 2017, on the post-2018 boundary
    assert r.loc[2022, "denominator"] == 40_000_000
    assert r.loc[2022, "value"] == pytest.approx(10 / 40_000_000 * 100_000)


def test_no_rate_when_census_too_far(ref):
    pop = pd.DataFrame({"geo_code": ["PK-PB"], "census_year": [2023], "age_group": ["all"], "sex": ["all"], "population": [1000],
                        "boundary_basis": ["unchanged"], "source_id": ["a"]})
    vals = indicator_rows.transform(rows(year=["2013"], indicator=["child_sexual_abuse_police"]), ref, "f.csv", "t", Problems())
    assert derive.rates(vals, pop, ref).empty
