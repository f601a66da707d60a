"""Data truth (how rows are labelled, joined and credited), pinned on the real build and on tiny frames:
FIA zones are never provinces, ages are never defaulted to children, studies are not joined into one trend,
part-years are not years, publishers come from explicit data, links are links, and tiers are complete where the
sources are."""
import re
from datetime import date
from html import escape

import pandas as pd
import pytest

from etl import derive, documents
from tipdash import charts, svg, views
from tipdash.catalogue import Catalogue
from tipdash.style import NO_DATA_COLOUR


@pytest.fixture(scope="module")
def cat(built) -> Catalogue:
    return Catalogue.load(built / "processed")


def test_fia_zones_are_never_painted_or_rated(cat):
    v = cat.indicator_values
    zones = v[v.indicator_id == "fia_complaints_actioned"]
    assert set(zones.geo_level) == {"country", "zone"}
    assert "PK-IS" not in set(zones.geo_code)  # "from Islamabad" is FIA's Islamabad zone, not the capital territory
    assert "fia_complaints_actioned" not in cat.province_indicators()
    assert cat.indicator_rates[cat.indicator_rates.indicator_id == "fia_complaints_actioned"].geo_code.tolist() == ["PK"]
    snap = cat.province_snapshot("fia_complaints_actioned", 2020)
    assert not snap.has_data.any()
    assert set(cat.sub_province("fia_complaints_actioned").geo_code) == {"PK~FIA-ISB-ZONE", "PK-KP~FIA-ZONE", "PK-SD~FIA-ZONE"}


def test_the_province_gate_cannot_be_bypassed_by_a_zone_row(cat):
    """Even a zone row carrying a province's code prefix is kept off the map: the gate checks level and code."""
    v = cat.tables["indicator_values"]
    forged = v[v.geo_level == "zone"].head(1).assign(geo_code="PK-IS")
    assert cat._province_rows(forged).empty


def test_no_child_age_group_on_rows_whose_source_does_not_say_children(cat):
    v = cat.indicator_values
    cases = v[v.dataset == "cases"]
    assert len(cases) == 94
    assert set(cases.age_group) == {"all ages", "not stated"}  # no case row is a child figure
    seven_thousand = v[v.indicator_id == "trafficking_victims_identified_children_approx"]  # "around 7,000 were children"
    assert seven_thousand.age_group.tolist() == ["0-17"] and seven_thousand.value_qualifier.tolist() == ["≈"]
    women = cases[cases.indicator_id.isin(["human_trafficking_cases_women_police_jan_apr", "trafficking_victims_women_approx"])]
    assert set(women.sex) == {"female"} and set(women.age_group) == {"not stated"}
    explorer = cat.explorer(indicator_ids=["fia_persons_arrested_human_trafficking"])
    assert "0-17" not in set(explorer.age_group)


def test_ssdo_study_break_is_data_and_is_never_joined(cat):
    s = cat.province_series("child_sexual_abuse_police")
    punjab = s[s.geo_code == "PK-PB"].sort_values("year")
    assert punjab.year.tolist() == [2022, 2023, 2024]
    assert punjab.study_id.tolist() == ["ssdo_punjab_police_2022_2023"] * 2 + ["ssdo_mapping_study_2024"]
    rows = punjab.to_dict("records")
    assert charts.joinable(rows[0], rows[1]) and not charts.joinable(rows[1], rows[2])
    pts = [{"year": r["year"], "value": r["value"], "text": str(r["value"]), "full_year": r["full_year"], "study": r["study_id"]}
           for r in rows]
    drawn = svg.year_series(pts, 2022, 2024, 3000)
    assert len(re.findall(r'stroke="#2c7bb6" stroke-width="1.6"/>', drawn)) == 1 and "stroke-dasharray" in drawn


def test_fia_2017_is_a_part_year_and_its_change_is_not_computed(cat):
    v = cat.indicator_values
    fia = v[(v.indicator_id == "fia_human_trafficking_cases_registered") & (v.geo_code == "PK")].set_index("year")
    assert fia.at[2017, "period_end"].date() == date(2017, 12, 22) and not fia.at[2017, "full_year"]
    assert fia.at[2016, "full_year"]
    change = [c for c in cat.what_changed("PK") if c["indicator_id"] == "fia_human_trafficking_cases_registered"]
    assert change and change[0]["change_pct"] is None and change[0]["reason"] == "part_year"


def test_lower_bound_keeps_its_qualifier_everywhere(cat):
    v = cat.indicator_values
    ict = v[(v.geo_code == "PK-IS") & (v.indicator_id == "child_sexual_abuse_cases_total_jan_jun") & (v.year == 2020)]
    assert ict.value.tolist() == [35.0] and ict.value_qualifier.tolist() == [">"]
    snap = cat.province_snapshot("child_sexual_abuse_cases_total_jan_jun", 2020)
    assert snap.set_index("geo_code").at["PK-IS", "value_qualifier"] == ">"


def test_every_link_is_a_url(cat):
    url = re.compile(r"^https?://[^\s|]+$")
    assert cat.tip_tiers.source_url.map(lambda u: bool(url.match(u))).all()
    assert cat.indicator_values.source_url.map(lambda u: bool(url.match(u))).all()
    pak = cat.tier_history("PAK").set_index("report_year")
    assert pak.at[2025, "source_url"].startswith("https://") and " | " not in pak.at[2025, "source_url"]
    assert pak.at[2016, "source_quote"] == "PAKISTAN: Tier 2 Watch List"  # the quote moved out of the link


def test_tier_supplement_completes_2025_and_marks_the_secondary_list(cat):
    cov = cat.tier_year_coverage().set_index("report_year")
    assert cov.at[2025, "countries"] == 188 and cov.at[2025, "complete"]
    assert cov.at[2024, "countries"] == 176 and not cov.at[2024, "complete"]
    assert cov.at[2024, "secondary_list"] == 119 and cov.at[2025, "secondary_list"] == 0
    assert cat.default_tier_year() == 2025
    shapes, _ = views.world_tier_shapes(cat.tiers_for_year(2025), cat.world_iso3, {}, "en")
    painted = {i for i, shape in shapes.items() if shape["fill"] != NO_DATA_COLOUR}
    assert len(painted) == 188
    drawn = svg.world_map(cat.web_world_features, shapes)
    assert all(f"<title>{escape(shapes[i]['title'])}</title>" in drawn for i in painted)  # every placement is on the map


def test_one_census_for_both_rates_of_a_figure(cat):
    r = cat.indicator_rates
    assert (r.groupby(["geo_code", "indicator_id", "period_start", "period_end", "source_id"]).denominator_census_year.nunique() == 1).all()
    assert set(r[r.measure == "per_100k_children"].denominator_census_year) == {2023}
    assert r.denominator_label.str.startswith("Census ").all()
    national = r[r.geo_code == "PK"]
    assert national.denominator_label.str.contains("excluding AJK and Gilgit-Baltistan").all()
    sahil = cat.indicator_meta[cat.indicator_meta.source_kind == "media_monitoring"].index
    assert national[national.indicator_id.isin(sahil)].empty  # its national counts include AJK and GB; the census total does not


def test_census_rule_on_tiny_numbers():
    assert derive.census_year_for(2019, [1998, 2017, 2023]) == 2017
    assert derive.census_year_for(2020, [1998, 2017, 2023]) == 2017  # tie -> the earlier census
    assert derive.census_year_for(2021, [1998, 2017, 2023]) == 2023
    assert derive.census_year_for(2010, [1998, 2017, 2023]) is None  # 7 and 12 years away: no rate


def test_precedence_rule_picks_by_publication_kind_then_file_then_line():
    rows = pd.DataFrame({"cell": ["a", "a", "a", "b", "b"], "value": [1, 1, 2, 5, 5],
                         "publication_kind": ["press_report", "primary_document", "secondary_list", "press_report", "press_report"],
                         "file_rank": [0, 1, 0, 1, 0], "raw_line": [2, 9, 3, 4, 7]})
    out = documents.choose(rows, ["cell"], {"primary_document": 1, "press_report": 4, "secondary_list": 5}, value="value")
    assert out.preferred.tolist() == [False, True, False, False, True]
    assert out.n_sources.tolist() == [3, 3, 3, 2, 2] and out.disagrees.tolist() == [True, True, True, False, False]


def test_period_is_cut_at_the_document_date():
    info = {"published": "2017-12-28", "data_through": "2017-12-22"}
    assert documents.cut_period(date(2017, 1, 1), date(2017, 12, 31), info) == (date(2017, 1, 1), date(2017, 12, 22))
    assert documents.cut_period(date(2016, 1, 1), date(2016, 12, 31), info) == (date(2016, 1, 1), date(2016, 12, 31))
    assert documents.cut_period(date(2020, 1, 1), date(2020, 12, 31), {"published": "2020-12"}) == (date(2020, 1, 1), date(2020, 12, 31))
    assert documents.qualifier_from_unit("cases (source says 'more than 35')") == ">"
    assert documents.qualifier_from_unit("victims (approx., as stated)") == "≈"
    assert documents.qualifier_from_unit("cases") == ""
