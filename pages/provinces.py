"""Provinces: choropleth of the 7 units, ranked bars, small multiples, and sub-province figures listed apart."""
import pandas as pd
import streamlit as st

from tipdash import charts
from tipdash.catalogue import MEASURES
from tipdash.ui import (catalogue, chart_block, cite_this_view, fmt_value, geojson_url, period_label, source_line,
                        sources_list)

cat = catalogue()
st.title("Provinces and territories")
meta = cat.indicator_meta
inds = cat.province_indicators()
c1, c2, c3 = st.columns([3, 1, 2])
ind = c1.selectbox("Indicator", inds, format_func=lambda i: meta.at[i, "label"], key="indicator", bind="query-params")
years = list(reversed(cat.indicator_years(ind)))
year = c2.selectbox("Year", years, index=years.index(cat.best_year(ind)), key="year", bind="query-params",
                    help="Years with provincial figures for this indicator. Default: the latest year with the most provinces.")
measure = c3.radio("Measure", list(MEASURES), format_func=MEASURES.get, key="measure", bind="query-params", horizontal=True,
                   help="Rates use the nearest census (see Data & sources → Methodology).")
m = meta.loc[ind]
st.caption(f"**Definition.** {m.definition}  \n**Kind of source:** {cat.kind_label.get(m.source_kind)}. **Caveat:** {m.caveat}")

snap = cat.province_snapshot(ind, year, measure)
if measure != "value" and not snap.has_data.any():
    st.info(f"No {MEASURES[measure].lower()} for {year}: rates need a census within 5 years and a count measure "
            f"(the children rate exists only near the 2023 census). Showing counts instead.")
    measure = "value"
    snap = cat.province_snapshot(ind, year, measure)
unit = snap.unit.dropna().iloc[0] if snap.has_data.any() else m.unit
snap["period_label"] = [period_label(r) if r.has_data else "" for r in snap.itertuples()]
snap["value_text"] = [fmt_value(v, "") for v in snap.value]
snap["caveat"] = m.caveat
src = source_line(snap.dropna(subset=["source_title"]), cat)
title = f"{m.label}, {year}, by province ({unit})"
map_col, bar_col = st.columns([3, 2])
with map_col:
    fig = charts.province_map(snap, geojson_url(cat.version, "pk"), title, src, unit)
    table = snap[["name", "value", "period_start", "period_end", "source_title", "source_url", "has_data"]]
    with_data = ", ".join(f"{r.name} {r.value_text}" for r in snap[snap.has_data].itertuples())
    missing = ", ".join(snap[~snap.has_data].name)
    chart_block(fig, table, f"map-{ind}-{year}-{measure}", f"{title}. {with_data or 'No unit has data'}."
                + (f" No data: {missing}." if missing else ""), cat)
with bar_col:
    fig = charts.ranked_bar(snap, f"Ranking, {year}", src, unit)
    chart_block(fig, table, f"bar-{ind}-{year}-{measure}", "Units with data, highest first; units without data are named above the bars.", cat)

st.subheader("Over time, by province")
series = cat.province_series(ind, measure)
if series.empty:
    st.info("No provincial time series for this indicator.")
else:
    fig = charts.small_multiples(series, f"{m.label} by province over time ({unit})", source_line(series, cat), unit)
    chart_block(fig, series[["name", "year", "period_start", "period_end", "value", "source_title", "source_url"]],
                f"multiples-{ind}-{measure}", "One panel per unit with data; points appear only where a figure exists.", cat)

sub = cat.sub_province(ind)
st.subheader("Zones, cities and districts")
if sub.empty:
    st.caption("No sub-province figures for this indicator.")
else:
    st.caption("Figures for FIA zones, cities and districts are listed here and never painted onto the province.")
    st.dataframe(sub[["name", "geo_level", "year", "period_start", "period_end", "value", "unit", "source_title", "source_url"]],
                 hide_index=True, width="stretch", column_config={"source_url": st.column_config.LinkColumn("source_url")})

with st.expander("Sources for this view"):
    sources_list(pd.concat([snap.dropna(subset=["source_id"]), series, sub]))
cite_this_view(cat, "provinces")
