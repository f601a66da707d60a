"""Pure chart builders: (tidy frame, options) -> plotly Figure. No Streamlit, no data loading.

Every figure gets a title that states what, where, unit and period, and a source line inside the figure so an
exported PNG still carries it. Maps use MapLibre traces with the blank 'white-bg' style: no tiles, no CDN.
Missing data is drawn in its own grey trace labelled "No data" and never coloured as zero.
"""
from __future__ import annotations

import textwrap

import pandas as pd
import plotly.graph_objects as go

from tipdash.i18n import t

# Ordinal, colour-blind-safe tier palette (ColorBrewer RdYlBu, 4 classes, marked colour-blind safe), plus text
# labels on every mark so tiers never depend on colour alone.
TIER_ORDER = ["1", "2", "2WL", "3", "special_case"]
TIER_COLOURS = {"1": "#2c7bb6", "2": "#abd9e9", "2WL": "#fdae61", "3": "#d7191c", "special_case": "#7f7f7f"}
TIER_SHORT = {"1": "T1", "2": "T2", "2WL": "2WL", "3": "T3", "special_case": "SC"}
NO_DATA_COLOUR = "#e0e0e0"
NO_DATA_LINE = "#9e9e9e"
SEQUENTIAL = "Cividis_r"  # perceptually uniform and colour-blind safe
KIND_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]  # Okabe-Ito
FONT = {"en": "Noto Sans, sans-serif", "ur": "Noto Nastaliq Urdu, Noto Naskh Arabic, sans-serif"}


def label_colour(tier: str) -> str:
    """Text colour on a tier's fill: whichever of black or white reaches WCAG AA (4.5:1) on it."""
    return "#ffffff" if tier in ("1", "3") else "#000000"


def tier_label(tier: str, lang: str = "en") -> str:
    return t(f"tier.{tier}", lang)


def wrap(text: str, width: int = 110) -> str:
    return "<br>".join(textwrap.wrap(text, width)) if text else ""


def finish(fig: go.Figure, title: str, source: str, height: int = 420, legend: bool = True, lang: str = "en") -> go.Figure:
    """Common layout: title, source line under the plot (kept in image exports), readable fonts.
    Text colours are left to the theme so they keep their contrast in light and dark mode."""
    rtl = lang == "ur"
    fig.update_layout(
        title={"text": wrap(title, 90), "x": 1 if rtl else 0, "xanchor": "right" if rtl else "left", "font": {"size": 16}},
        height=height, margin={"l": 10, "r": 10, "t": 70 if len(title) > 90 else 50, "b": 120},
        font={"family": FONT.get(lang, FONT["en"]), "size": 13}, showlegend=legend)
    # add_annotation appends; re-assigning the whole annotations list would re-validate every existing one
    fig.add_annotation(text=wrap(t("chart.source", lang, source=source), 140), xref="paper", yref="paper", x=1 if rtl else 0,
                       y=0, yanchor="top", xanchor="right" if rtl else "left", showarrow=False, align="right" if rtl else "left",
                       font={"size": 11}, yshift=-85)
    return fig


# ---- TIP tiers ---------------------------------------------------------------------------------------------
def tier_strip(grid: pd.DataFrame, years: list[int], title: str, source: str, lang: str = "en") -> go.Figure:
    """Countries x years, each cell a tier with its label; empty cells are years with no tier found."""
    countries = list(dict.fromkeys(grid.sort_values("country").country))
    if "Pakistan" in countries:
        countries.remove("Pakistan")
        countries.insert(0, "Pakistan")
    fig = go.Figure()
    for tier in TIER_ORDER:
        d = grid[grid.tier == tier]
        if d.empty:
            continue
        fig.add_trace(go.Scatter(
            x=d.report_year, y=d.country, mode="markers+text", name=tier_label(tier, lang),
            marker={"symbol": "square", "size": 26, "color": TIER_COLOURS[tier], "line": {"color": "#333", "width": 0.5}},
            text=[TIER_SHORT[tier]] * len(d), textfont={"size": 9, "color": label_colour(tier)},
            customdata=[[tier_label(tier, lang), s] for s in d.source_title],
            hovertemplate="%{y}, %{x}: %{customdata[0]}<br>" + t("chart.source", lang, source="%{customdata[1]}") + "<extra></extra>"))
    fig.update_yaxes(categoryorder="array", categoryarray=list(reversed(countries)), title=None)
    fig.update_xaxes(range=[min(years) - 0.6, max(years) + 0.6], dtick=1, tickangle=-90, title=t("chart.tip_year", lang))
    return finish(fig, title, source, height=max(220, 90 + 34 * len(countries)), lang=lang)


def tier_timeline(history: pd.DataFrame, events: pd.DataFrame, title: str, source: str, lang: str = "en") -> go.Figure:
    """One country's tier by report year (Tier 1 at top), with events from the sources marked."""
    h = history.dropna(subset=["tier_rank"])
    fig = go.Figure(go.Scatter(
        x=h.report_year, y=h.tier_rank.astype(float), mode="lines+markers+text", line={"shape": "hv", "color": "#555"},
        marker={"size": 14, "color": [TIER_COLOURS[t] for t in h.tier], "line": {"color": "#333", "width": 1}},
        text=[TIER_SHORT[x] for x in h.tier], textposition="top center", name=t("chart.tier", lang),
        customdata=[[tier_label(x, lang), s] for x, s in zip(h.tier, h.source_title)],
        hovertemplate="%{x}: %{customdata[0]}<br>" + t("chart.source", lang, source="%{customdata[1]}") + "<extra></extra>"))
    label = "label_ur" if lang == "ur" and "label_ur" in events else "label"
    for i, e in enumerate(events.to_dict("records")):
        fig.add_vline(x=int(e["year"]), line_dash="dot", line_color="#888")
        fig.add_annotation(x=int(e["year"]), y=0.15 + 0.28 * i, text=f"{e['year']}: {e[label]}", showarrow=False,
                           xanchor="left", font={"size": 11})
    fig.update_yaxes(range=[4.6, 0], tickvals=[1, 2, 3, 4], ticktext=[tier_label(x, lang) for x in ("1", "2", "2WL", "3")], title=None)
    fig.update_xaxes(dtick=2, title=t("chart.tip_year", lang))
    return finish(fig, title, source, height=380, legend=False, lang=lang)


def world_tier_map(tiers: pd.DataFrame, geojson, all_iso: list[str], title: str, source: str, lang: str = "en") -> go.Figure:
    """World choropleth of tiers for one year, one trace per tier; the countries of `all_iso` without a tier are
    drawn as 'No tier found'. `geojson` is a GeoJSON dict or the URL of one (features keyed by properties.iso3)."""
    fig = go.Figure()
    present = set(tiers.iso3)
    for tier in TIER_ORDER:
        d = tiers[tiers.tier == tier]
        if d.empty:
            continue
        fig.add_trace(go.Choroplethmap(
            geojson=geojson, featureidkey="properties.iso3", locations=d.iso3, z=[1] * len(d),
            colorscale=[[0, TIER_COLOURS[tier]], [1, TIER_COLOURS[tier]]], showscale=False, name=tier_label(tier, lang),
            showlegend=True, marker={"line": {"color": "#444", "width": 0.4}},
            customdata=[[c, tier_label(tier, lang), s] for c, s in zip(d.country, d.source_title)],
            hovertemplate="%{customdata[0]}: %{customdata[1]}<br>" + t("chart.source", lang, source="%{customdata[2]}") + "<extra></extra>"))
    missing = [i for i in all_iso if i not in present]
    if missing:
        fig.add_trace(go.Choroplethmap(
            geojson=geojson, featureidkey="properties.iso3", locations=missing, z=[1] * len(missing),
            colorscale=[[0, NO_DATA_COLOUR], [1, NO_DATA_COLOUR]], showscale=False, name=t("chart.no_tier", lang),
            showlegend=True, marker={"line": {"color": NO_DATA_LINE, "width": 0.4}},
            hovertemplate="%{location}: " + t("chart.no_tier", lang) + "<extra></extra>"))
    fig.update_layout(map={"style": "white-bg", "center": {"lat": 20, "lon": 40}, "zoom": 0.4},
                      legend={"orientation": "h", "y": -0.02, "yanchor": "top"})
    return finish(fig, title, source, height=520, lang=lang)


# ---- provinces ---------------------------------------------------------------------------------------------
def province_map(snapshot: pd.DataFrame, geojson, title: str, source: str, unit: str, lang: str = "en") -> go.Figure:
    """Choropleth of the 7 units; units without data get a grey 'No data' trace, never a zero colour."""
    has = snapshot[snapshot.has_data]
    none = snapshot[~snapshot.has_data]
    fig = go.Figure()
    if not has.empty:
        custom = has[["name", "period_label", "source_title", "caveat", "value_text"]].values
        fig.add_trace(go.Choroplethmap(
            geojson=geojson, featureidkey="properties.geo_code", locations=has.geo_code, z=has.value,
            colorscale=SEQUENTIAL, zmin=0, marker={"line": {"color": "#333", "width": 0.8}}, name=unit,
            colorbar={"title": {"text": wrap(unit, 18)}, "thickness": 14}, customdata=custom,
            hovertemplate="<b>%{customdata[0]}</b>: %{customdata[4]}<br>" + t("chart.period", lang, period="%{customdata[1]}")
                          + "<br>" + t("chart.source", lang, source="%{customdata[2]}") + "<br>%{customdata[3]}<extra></extra>"))
    if not none.empty:
        fig.add_trace(go.Choroplethmap(
            geojson=geojson, featureidkey="properties.geo_code", locations=none.geo_code, z=[0] * len(none),
            colorscale=[[0, NO_DATA_COLOUR], [1, NO_DATA_COLOUR]], showscale=False, name=t("chart.no_data", lang),
            showlegend=True, marker={"line": {"color": NO_DATA_LINE, "width": 0.8}}, customdata=none[["name"]].values,
            hovertemplate="<b>%{customdata[0]}</b>: " + t("chart.no_data", lang) + "<extra></extra>"))
    fig.update_layout(map={"style": "white-bg", "center": {"lat": 30.2, "lon": 69.4}, "zoom": 3.9},
                      legend={"orientation": "h", "y": -0.02, "yanchor": "top"})
    return finish(fig, title, source, height=520, lang=lang)


def ranked_bar(snapshot: pd.DataFrame, title: str, source: str, unit: str, lang: str = "en") -> go.Figure:
    has = snapshot[snapshot.has_data].sort_values("value")
    none = snapshot[~snapshot.has_data]
    fig = go.Figure(go.Bar(x=has.value, y=has.name, orientation="h", marker_color="#0072B2", text=has.value_text,
                           textposition="auto", customdata=has[["period_label", "source_title"]].values,
                           hovertemplate="%{y}: %{text}<br>" + t("chart.period", lang, period="%{customdata[0]}") + "<br>"
                                         + t("chart.source", lang, source="%{customdata[1]}") + "<extra></extra>",
                           name=unit))
    if not none.empty:
        fig.add_annotation(text=wrap(t("chart.no_data_list", lang, places="، ".join(none.name) if lang == "ur" else ", ".join(none.name)), 45),
                           xref="paper", yref="paper", x=0, y=1.02, xanchor="left", yanchor="bottom", showarrow=False, font={"size": 12})
    fig.update_xaxes(title=unit, rangemode="tozero")
    fig.update_yaxes(title=None)
    return finish(fig, title, source, height=max(300, 140 + 40 * len(has)), legend=False, lang=lang)


def small_multiples(series: pd.DataFrame, title: str, source: str, unit: str, lang: str = "en") -> go.Figure:
    """One panel per unit; points only where a value exists (no lines drawn across missing years).

    Panels are laid out by hand (axis domains) rather than with make_subplots, which costs ~0.4 s per build and
    would dominate a rerun."""
    names = list(dict.fromkeys(series.sort_values("geo_code").name))
    cols = min(4, max(1, len(names)))
    rows = -(-len(names) // cols) if names else 1
    top = series.value.max() if len(series) else 1
    traces, layout, titles = [], {}, []
    w, h = 1 / cols, 1 / rows
    for i, name in enumerate(names):
        r, c = divmod(i, cols)
        ax = "" if i == 0 else str(i + 1)
        d = series[series.name == name].sort_values("period_end")
        full = d.year.diff().fillna(1).eq(1).all()
        traces.append({"type": "scatter", "x": d.year.tolist(), "y": d.value.tolist(), "xaxis": f"x{ax}", "yaxis": f"y{ax}",
                       "mode": "lines+markers" if full else "markers", "name": name, "showlegend": False,
                       "marker": {"size": 8, "color": "#0072B2"}, "line": {"color": "#0072B2"},
                       "customdata": d[["source_title"]].values.tolist(),
                       "hovertemplate": "%{x}: %{y:,.4g}<br>" + t("chart.source", lang, source="%{customdata[0]}") + "<extra></extra>"})
        x0, x1 = c * w + 0.04, (c + 1) * w - 0.01
        y0, y1 = 1 - (r + 1) * h + (0.30 if rows > 1 else 0.16) / rows, 1 - r * h - 0.10 / rows
        layout[f"xaxis{ax}"] = {"domain": [x0, x1], "anchor": f"y{ax}", "dtick": 1, "tickformat": "d"}
        layout[f"yaxis{ax}"] = {"domain": [y0, y1], "anchor": f"x{ax}", "range": [0, top * 1.1],
                                "showticklabels": c == 0, "title": {"text": unit if c == 0 else ""}}
        titles.append({"text": name, "x": (x0 + x1) / 2, "y": y1, "xref": "paper", "yref": "paper", "xanchor": "center",
                       "yanchor": "bottom", "showarrow": False, "font": {"size": 13}})
    fig = go.Figure(data=traces, layout={**layout, "annotations": titles})
    return finish(fig, title, source, height=max(300, 270 * rows), legend=False, lang=lang)


def series_by_kind(data: pd.DataFrame, title: str, source: str, unit: str, colour_by: str = "label", lang: str = "en") -> go.Figure:
    """Lines per indicator/place; half-year and other partial periods drawn as hollow markers, never joined to years."""
    fig = go.Figure()
    for i, (key, d) in enumerate(data.groupby(colour_by, sort=True)):
        d = d.sort_values("period_end")
        colour = KIND_COLOURS[i % len(KIND_COLOURS)]
        full = d[d.period_rule == "calendar_year"]
        part = d[d.period_rule != "calendar_year"]
        if not full.empty:
            fig.add_trace(go.Scatter(x=full.year, y=full.value, mode="lines+markers", name=str(key),
                                     line={"color": colour}, marker={"color": colour, "size": 8},
                                     customdata=full[["source_title", "name"]].values,
                                     hovertemplate="%{customdata[1]}, %{x}: %{y:,.4g}<br>" + t("chart.source", lang, source="%{customdata[0]}") + "<extra></extra>"))
        if not part.empty:
            fig.add_trace(go.Scatter(x=part.year, y=part.value, mode="markers", name=f"{key} ({t('chart.part_year', lang)})",
                                     marker={"color": "white", "size": 9, "line": {"color": colour, "width": 2}, "symbol": "diamond"},
                                     customdata=part[["source_title", "name", "period_rule"]].values,
                                     hovertemplate="%{customdata[1]}, %{x} (%{customdata[2]}): %{y:,.4g}<br>" + t("chart.source", lang, source="%{customdata[0]}") + "<extra></extra>"))
    fig.update_xaxes(dtick=1, tickformat="d", title=t("chart.year", lang))
    fig.update_yaxes(title=unit, rangemode="tozero")
    fig.update_layout(legend={"orientation": "h", "y": -0.15, "yanchor": "top"})
    return finish(fig, title, source, height=460, lang=lang)


def coverage_heatmap(matrix: pd.DataFrame, title: str, source: str, lang: str = "en") -> go.Figure:
    z = matrix.notna().astype(int).values
    text = matrix.fillna(0).astype(int).astype(str).replace("0", "").values
    fig = go.Figure(go.Heatmap(z=z, x=[str(c) for c in matrix.columns], y=list(matrix.index), text=text, texttemplate="%{text}",
                               colorscale=[[0, "#f7f7f7"], [1, "#0072B2"]], showscale=False, xgap=2, ygap=2,
                               hovertemplate="%{y}, %{x}: %{text}<extra></extra>"))
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(type="category")
    return finish(fig, title, source, height=max(220, 90 + 30 * len(matrix)), legend=False, lang=lang)
