"""Pure chart builders on tiny frames: the presentation standard (no in-figure title, legend or notes; a modebar band;
offline SVG maps), gaps and study breaks never joined, missing never zero, data text escaped."""
import pandas as pd
import plotly.graph_objects as go

from tipdash import charts

GEO_URL = "app/static/geo/pk-test.geojson"


def snapshot():
    return pd.DataFrame({"geo_code": ["PK-PB", "PK-SD", "PK-GB"], "name": ["Punjab", "Sindh", "Gilgit-Baltistan"],
                         "value": [10.0, 0.0, float("nan")], "has_data": [True, True, False],
                         "value_text": ["10", "0", "No data"], "hover": ["p", "s", "g"]})


def assert_standard(fig: go.Figure):
    """Nothing that could collide: no title, no in-figure legend, no annotations; the top margin keeps the modebar's band."""
    assert not fig.layout.title.text
    assert fig.layout.showlegend is False
    assert not fig.layout.annotations
    assert fig.layout.margin.t >= charts.MODEBAR_BAND


def test_province_map_is_svg_geo_with_no_data_apart_and_a_real_zero_kept():
    fig, legend = charts.province_map(snapshot(), GEO_URL, "cases")
    data_trace, none_trace = fig.data
    assert isinstance(data_trace, go.Choropleth)  # SVG geo trace: no WebGL, no tiles
    assert list(data_trace.locations) == ["PK-PB", "PK-SD"] and list(data_trace.z) == [10.0, 0.0]
    assert list(none_trace.locations) == ["PK-GB"] and none_trace.colorscale[0][1] == charts.NO_DATA_COLOUR
    assert data_trace.colorbar.orientation == "h"  # below the map, never over a narrow phone map
    assert fig.layout.geo.visible is False and fig.layout.geo.fitbounds == "locations"
    assert legend == (("No data", charts.NO_DATA_COLOUR, "box"),)
    assert_standard(fig)


def test_geo_charts_get_the_local_topojson_in_their_config():
    chart = charts.Chart(go.Figure(), "t", geo=True)
    assert chart.config()["topojsonURL"] == "app/static/topojson/"  # relative: see style.STATIC_URL
    assert "topojsonURL" not in charts.Chart(go.Figure(), "t").config()


def series_frame():
    # 2013, 2017, 2018 full years of study A; 2019 full year of study B; 2019 Jan-Jun part-year of study A
    return pd.DataFrame({"key": ["A"] * 5, "year": [2013, 2017, 2018, 2019, 2019], "value": [5.0, 6.0, 7.0, 20.0, 3.0],
                         "full_year": [True, True, True, True, False], "study_id": ["a", "a", "a", "b", "a"],
                         "hover": ["h"] * 5})


def test_series_joins_only_consecutive_full_years_of_one_study():
    fig, legend = charts.series(series_frame(), "cases")
    full, part = fig.data
    # 2013 | gap | 2017-2018 joined | break (new study) | 2019
    assert list(full.x) == [2013, None, 2017, 2018, None, 2019] and full.connectgaps is False
    assert part.mode == "markers" and list(part.x) == [2019] and part.marker.symbol == "diamond"
    assert [style for _, _, style in legend] == ["line", "hollow"]
    assert fig.layout.yaxis.title.text == "cases"  # one unit on the axis
    assert_standard(fig)


def test_joinable_rule():
    a = {"year": 2017, "full_year": True, "study_id": "s"}
    assert charts.joinable(a, {"year": 2018, "full_year": True, "study_id": "s"})
    assert not charts.joinable(a, {"year": 2019, "full_year": True, "study_id": "s"})  # a missing year is a gap
    assert not charts.joinable(a, {"year": 2018, "full_year": False, "study_id": "s"})  # a part-year is never joined
    assert not charts.joinable(a, {"year": 2018, "full_year": True, "study_id": "other"})  # nor a change of study


def test_tier_timeline_breaks_the_line_across_missing_years_and_marks_secondary_lists():
    h = pd.DataFrame({"report_year": [2001, 2002, 2004], "tier": ["3", "2", "2WL"], "tier_rank": pd.array([4, 2, 3], dtype="Int64"),
                      "publication_kind": ["compiled_dataset", "compiled_dataset", "secondary_list"], "source_title": ["s", "s", "u"]})
    events = pd.DataFrame({"year": [2018], "label": ["PTPA <b>2018</b>"]})
    fig, legend = charts.tier_timeline(h, events)
    step = fig.data[0]
    assert list(step.x) == [2001, 2002, None, 2004]
    assert any(t.marker.symbol == "diamond" for t in fig.data[1:] if hasattr(t.marker, "symbol"))
    assert "&lt;b&gt;" in fig.data[-1].customdata[0]  # event label escaped for Plotly
    assert not fig.layout.annotations


def test_hover_text_from_data_is_escaped():
    h = pd.DataFrame({"report_year": [2020], "tier": ["2"], "tier_rank": pd.array([2], dtype="Int64"),
                      "publication_kind": ["press_report"], "source_title": ['<a href="https://evil.example">x</a>']})
    fig, _ = charts.tier_timeline(h, pd.DataFrame(columns=["year", "label"]))
    hover = " ".join(str(c) for t in fig.data for c in (t.customdata if t.customdata is not None else []))
    assert "<a href" not in hover and "&lt;a href=" in hover


def test_coverage_heatmap_blank_is_no_data():
    m = pd.DataFrame({"2017": [1.0, None], "2018": [None, 2.0]}, index=["Punjab", "Sindh"])
    fig = charts.coverage_heatmap(m)
    assert fig.data[0].z.tolist() == [[1, 0], [0, 1]]
    assert_standard(fig)
