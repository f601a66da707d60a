"""HTML/SVG components: tier strip and grids, small multiples on a true year axis, cards; every data string escaped."""
import re

import pandas as pd

from tipdash import html, svg, views
from tipdash.style import NO_DATA_COLOUR, TIER_COLOURS

EVIL = '<img src=x onerror=alert(1)>"'


def test_tier_strip_has_a_cell_per_year_and_gaps_are_visible():
    rows = [{"year": 2001, "tier": "3", "tip": "2001: Tier 3"}, {"year": 2003, "tier": "2", "tip": "2003", "secondary": True}]
    out = html.tier_strip(rows, 2001, 2003, "none found")
    assert out.count('class="td-tier"') == 3  # 2002 is an empty dashed cell, not skipped
    assert 'class="none"' in out and ">T3<" in out and 'class="tk-2 sec"' in out


def test_tier_grid_has_a_wide_and_a_tall_layout_and_escapes_names():
    rows = [{"iso3": "PAK", "year": 2020, "tier": "2WL", "tip": EVIL}]
    out = html.tier_grid(rows, [("PAK", EVIL)], [2020, 2021], "none")
    assert "td-grid-wide" in out and "td-grid-tall" in out
    assert "<img" not in out and "&lt;img" in out
    wide, tall = out.split("td-grid-tall")
    assert wide.count("title=") == 3 and 'class="tk-2WL"' in wide  # country name, the cell, the empty 2021 cell
    assert "title=" not in tall.split("td-note")[0].split("</thead>")[1]  # phones cannot hover: cells carry no tooltip
    assert 'class="tk-2WL"' in tall and 'class="none"' in tall


def test_tier_colours_come_from_one_stylesheet_rule_per_tier():
    from tipdash.style import TIER_COLOURS

    out = html.tier_strip([{"year": 2001, "tier": "3", "tip": "t"}], 2001, 2001, "none")
    assert "style=" not in out and 'class="tk-3"' in out
    for tier, colour in TIER_COLOURS.items():
        assert f".tk-{tier} {{ background: {colour};" in html.CSS


def test_head_legend_and_cards_escape_data():
    out = html.head(EVIL, EVIL, [html.LegendItem(EVIL, "#fff", "box")])
    assert "<img" not in out
    card = html.cards([{"label": EVIL, "value": "> 35 cases", "note": EVIL, "source_title": EVIL, "source_url": "javascript:alert(1)"}])
    assert "<img" not in card and "javascript:" not in card and "&gt; 35 cases" in card


def test_links_only_from_validated_urls():
    assert html.link("t", "https://example.org/a").startswith('<a href="https://example.org/a"')
    for bad in ("javascript:alert(1)", "https://example.org/a)![t](https://other.host/p.png)", "http://", "ftp://x.org/a"):
        assert "<a" not in html.link("t", bad), bad


def points():
    return [{"year": 2013, "value": 100.0, "text": "100", "full_year": True, "study": "a", "tip": "t"},
            {"year": 2017, "value": 120.0, "text": "120", "full_year": True, "study": "a", "tip": "t"},
            {"year": 2018, "value": 130.0, "text": "130", "full_year": True, "study": "a", "tip": "t"},
            {"year": 2019, "value": 900.0, "text": "900", "full_year": True, "study": "b", "tip": "t", "break_tip": "new study"},
            {"year": 2020, "value": 50.0, "text": "> 50", "full_year": False, "study": "b", "tip": "t"}]


def test_year_series_places_years_on_a_true_axis_and_joins_only_comparable_points():
    out = svg.year_series(points(), 2013, 2020, 1000)
    ticks = re.findall(r'<line x1="([\d.]+)" y1="110" x2="[\d.]+" y2="113"', out)
    assert len(ticks) == 8  # one slot per year 2013..2020, missing years included
    joins = re.findall(r'stroke="#2c7bb6" stroke-width="1.6"/>', out)  # the light theme's series colour
    assert len(joins) == 1  # only 2017-2018: not 2013-2017 (gap), not 2018-2019 (new study), not 2019-2020 (part-year)
    assert out.count('stroke-dasharray="3 3"') == 1 and "<title>new study</title>" in out
    assert 'stroke="#6cb4ee"' in svg.year_series(points(), 2013, 2020, 1000, theme="dark")
    assert 'fill="none" stroke="#2c7bb6"' in out  # the part-year point is hollow
    assert "&gt; 50" in out


def test_year_bars_leave_empty_slots_for_missing_years():
    out = svg.year_bars(points(), 2013, 2020)
    assert out.count("<rect") == 5
    slots = re.findall(r'<line x1="[\d.]+" y1="84" x2="[\d.]+" y2="87"', out)
    assert len(slots) == 8
    assert 'stroke-dasharray="3 2"' in out  # the study break


def test_multiples_escape_panel_names_and_embed_svg_as_images():
    out = html.multiples([{"name": EVIL, "svg": "<svg></svg>", "alt": EVIL, "note": EVIL}])
    assert "<img src=x" not in out and "&lt;img" in out
    assert out.count('src="data:image/svg+xml;base64,') == 1  # st.html keeps images, drops inline SVG


def test_html_table_escapes_cells_and_links_only_valid_urls():
    out = html.table([{"name": EVIL, "value": 1234.0, "source_url": "javascript:alert(1)"},
                      {"name": "Sindh", "value": 2.5, "source_url": "https://example.org/x"}],
                     [("name", EVIL), ("value", "Value"), ("source_url", "Link")])
    assert "<img" not in out and "&lt;img" in out and "javascript:" not in out
    assert ">1,234<" in out and ">2.50<" in out and '<a href="https://example.org/x"' in out


def test_html_table_reads_years_plainly_values_with_qualifier_and_links_titles():
    out = html.table([{"year": 2024, "value": 35.0, "value_qualifier": "≥", "source_title": "FIA <b>report</b>",
                       "source_url": "https://example.org/r", "source_quote": "q" * 200}],
                     [("year", "Year"), ("value", "Value"), ("source_title", "Source"), ("source_quote", "Quote")],
                     titled_links={"source_title": "source_url"}, clamp=("source_quote",))
    assert ">2024<" in out and ">≥35<" in out
    assert '<a href="https://example.org/r"' in out and "FIA &lt;b&gt;report&lt;/b&gt;</a>" in out
    assert 'class="clamp" dir="auto" title="' + "q" * 200 in out


def test_html_table_labels_every_cell_and_marks_empty_ones_for_the_phone_cards():
    out = html.table([{"place": "Sindh", "value": float("nan"), "sex": None}],
                     [("place", "Place"), ("value", "Value"), ("sex", "Sex")])
    assert '<td data-label="Place">Sindh</td>' in out
    assert '<td class="n e" data-label="Value"></td>' in out and '<td class="e" data-label="Sex"></td>' in out
    assert 'class="td-table-wrap"' in out  # three columns stay a table on a phone; five or more become cards


def test_html_table_keeps_a_few_words_per_line_for_names_and_a_readable_width_for_long_text():
    """An indicator's name beside a long quote was squeezed to one word per line (eight lines in Urdu)."""
    out = html.table([{"place": "Sindh", "indicator": "Child abuse cases (total)", "quote": "x" * (html.LONG_CELL + 1)}],
                     [("place", "Place"), ("indicator", "Indicator"), ("quote", "Quote")])
    assert '<td data-label="Place">Sindh</td>' in out
    assert '<td class="mid" data-label="Indicator">Child abuse cases (total)</td>' in out
    assert '<td class="long" data-label="Quote">' in out
    assert "td.mid { min-width:" in html.CSS

def _square(iso3: str, lon: float, lat: float, size: float) -> dict:
    ring = [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
    return {"type": "Feature", "properties": {"iso3": iso3}, "geometry": {"type": "Polygon", "coordinates": [ring]}}


def test_world_map_draws_every_named_country_in_natural_earth_with_its_fill_and_escaped_title():
    features = [_square("PAK", 61, 24, 10), _square("NOR", 5, 58, 10), _square("MDV", 73, 3, 0.1), _square("ATA", 0, -89, 10),
                _square("XXX", -60, -10, 10)]
    shapes = {"PAK": {"fill": "#abd9e9", "title": EVIL}, "NOR": {"fill": "#2c7bb6", "title": "Norway", "opacity": 0.55},
              "MDV": {"fill": "#fdae61", "title": "Maldives"}, "ATA": {"fill": "#eee", "title": "Antarctica"}}
    out = svg.world_map(features, shapes, width=1000)
    assert EVIL not in out and "&lt;img" in out
    assert out.count("<path") == 2 and "XXX" not in out  # not in shapes: not drawn
    assert "Antarctica" not in out  # south of the map's 57°S edge
    assert re.search(r'<circle [^>]*fill="#fdae61"[^>]*><title>Maldives', out)  # smaller than a pixel: a dot, still hoverable
    assert 'opacity="0.55"' in out and out.count("opacity=") == 1
    # Natural Earth: the Pacific at the edges, north up; Pakistan east of and below Norway
    (px, py), (nx, ny) = [tuple(int(v) for v in re.search(rf'<path d="M(-?\d+) (-?\d+)[^"]*"[^>]*><title>{name}', out).groups())
                          for name in ("&lt;img", "Norway")]
    assert 500 < px < 1000 and 500 < nx < 600 and py > ny
    assert svg.natural_earth(180, 0)[0] == -svg.natural_earth(-180, 0)[0] and svg.natural_earth(0, 0) == (0, 0)


def test_world_tier_shapes_colour_each_tier_mark_secondary_lists_and_grey_what_has_no_placement():
    tiers = pd.DataFrame({"iso3": ["PAK", "IND", "BGD"], "country": ["Pakistan", "India", "Bangladesh"], "tier": ["2", "2WL", "2"],
                          "publication_kind": ["compiled_dataset", "compiled_dataset", "secondary_list"], "source_title": ["s", "s", "u"]})
    shapes, legend = views.world_tier_shapes(tiers, ["IND", "NPL", "PAK", "BGD"], {"NPL": "Nepal"}, "en")
    assert shapes["PAK"]["fill"] == TIER_COLOURS["2"] and shapes["IND"]["fill"] == TIER_COLOURS["2WL"]
    assert shapes["PAK"].get("opacity", 1) == 1 and shapes["BGD"]["opacity"] < 1 and shapes["BGD"]["stroke_width"] > shapes["PAK"]["stroke_width"]
    assert shapes["NPL"]["fill"] == NO_DATA_COLOUR and shapes["NPL"]["title"] == "Nepal: No tier found for this year"
    assert shapes["BGD"]["title"].startswith("Bangladesh: Tier 2 (from an undated secondary list") and "Source: u" in shapes["BGD"]["title"]
    assert [label for label, _, _ in legend] == ["Tier 2", "Tier 2 Watch List", "No tier found for this year",
                                                "from an undated secondary list (lower confidence)"]


def test_ranked_bars_put_the_largest_first_on_a_zero_based_scale_and_escape_names():
    out = html.ranked_bars([{"name": "Sindh", "value": 5.0, "value_text": "5"},
                            {"name": EVIL, "value": 20.0, "value_text": "≥20"},
                            {"name": "Punjab", "value": 0.0, "value_text": "0"}])
    assert "<img" not in out and "&lt;img" in out
    assert out.index("&lt;img") < out.index("Sindh") < out.index("Punjab")  # largest first
    widths = re.findall(r"\* ([0-9.]+)\)", out)
    assert widths == ["1.0000", "0.2500", "0.0000"]  # a real zero is a zero-width bar, still listed with its value
    assert ">≥20</b>" in out and ">0</b>" in out
    assert html.ranked_bars([]) == '<div class="td-rank"></div>'
