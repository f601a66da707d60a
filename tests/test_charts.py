"""Pure chart builders on tiny frames: values, no-data colouring, titles and sources present, offline map style."""
import pandas as pd
import plotly.graph_objects as go
import pytest

from tipdash import charts

GEOJSON = {"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"geo_code": c, "iso3": i}, "geometry": {"type": "Polygon", "coordinates": [[[x, 0], [x + 1, 0], [x + 1, 1], [x, 0]]]}}
    for x, (c, i) in enumerate([("PK-PB", "PAK"), ("PK-SD", "IND"), ("PK-GB", "NPL")])]}


def snapshot():
    return pd.DataFrame({"geo_code": ["PK-PB", "PK-SD", "PK-GB"], "name": ["Punjab", "Sindh", "Gilgit-Baltistan"],
                         "value": [10.0, 0.0, float("nan")], "has_data": [True, True, False],
                         "period_label": ["2017", "2017", ""], "source_title": ["S", "S", None], "caveat": ["c"] * 3,
                         "value_text": ["10", "0", "no data"]})


def source_text(fig: go.Figure) -> str:
    return " ".join(a.text for a in fig.layout.annotations)


def test_province_map_draws_no_data_separately_and_keeps_real_zero():
    fig = charts.province_map(snapshot(), GEOJSON, "Title 2017 (cases)", "Sahil", "cases")
    data_trace, none_trace = fig.data
    assert list(data_trace.locations) == ["PK-PB", "PK-SD"] and list(data_trace.z) == [10.0, 0.0]  # a real 0 stays a value
    assert list(none_trace.locations) == ["PK-GB"] and none_trace.name == "No data"
    assert none_trace.colorscale[0][1] == charts.NO_DATA_COLOUR and not none_trace.showscale
    assert fig.layout.map.style == "white-bg"  # no tiles: renders offline
    assert "Title 2017" in fig.layout.title.text and "Source: Sahil" in source_text(fig)


def test_ranked_bar_names_no_data_units_and_orders_by_value():
    fig = charts.ranked_bar(snapshot(), "Ranking", "Sahil", "cases")
    assert list(fig.data[0].y) == ["Sindh", "Punjab"]
    assert "No data: Gilgit-Baltistan" in source_text(fig)


def test_world_map_one_trace_per_tier_plus_no_data():
    tiers = pd.DataFrame({"iso3": ["PAK", "IND"], "country": ["Pakistan", "India"], "tier": ["2", "2WL"],
                          "tier_label": ["Tier 2", "Tier 2 Watch List"], "source_title": ["s", "s"]})
    fig = charts.world_tier_map(tiers, "/app/static/geo/world.geojson", ["IND", "NPL", "PAK"], "Tiers 2025", "TIP")
    names = [t.name for t in fig.data]
    assert names == ["Tier 2", "Tier 2 Watch List", "No tier found for this year"]
    assert list(fig.data[-1].locations) == ["NPL"]
    assert fig.data[0].colorscale[0][1] == charts.TIER_COLOURS["2"]


def test_tier_strip_labels_every_cell_so_colour_is_not_needed():
    grid = pd.DataFrame({"country": ["Pakistan"] * 3, "report_year": [2001, 2002, 2004], "tier": ["3", "2", "2WL"],
                         "tier_label": ["Tier 3", "Tier 2", "Tier 2 Watch List"], "source_title": ["s"] * 3})
    fig = charts.tier_strip(grid, [2001, 2002, 2003, 2004], "Pakistan", "TIP")
    cells = {x: t.text[0] for t in fig.data for x in t.x}
    assert cells == {2001: "T3", 2002: "T2", 2004: "2WL"}  # 2003 absent: a gap is drawn as a gap


def test_series_partial_years_not_joined_to_full_years():
    d = pd.DataFrame({"label": ["A"] * 3, "year": [2017, 2018, 2018], "value": [5.0, 6.0, 3.0],
                      "period_rule": ["calendar_year", "calendar_year", "jan_jun"], "period_end": pd.to_datetime(["2017-12-31", "2018-12-31", "2018-06-30"]),
                      "source_title": ["s"] * 3, "name": ["Pakistan"] * 3})
    fig = charts.series_by_kind(d, "T", "S", "cases")
    full, part = fig.data
    assert full.mode == "lines+markers" and list(full.y) == [5.0, 6.0]
    assert part.mode == "markers" and list(part.y) == [3.0] and "part of year" in part.name


@pytest.mark.parametrize("builder", ["coverage_heatmap"])
def test_coverage_heatmap_blank_is_no_data(builder):
    m = pd.DataFrame({"2017": [1.0, None], "2018": [None, 2.0]}, index=["Punjab", "Sindh"])
    fig = charts.coverage_heatmap(m, "Coverage", "src")
    assert fig.data[0].z.tolist() == [[1, 0], [0, 1]]
