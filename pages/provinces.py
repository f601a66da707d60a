"""Provinces: choropleth of the 7 units, ranked bars, small multiples, and sub-province figures listed apart."""
import pandas as pd
import streamlit as st

from tipdash import charts
from tipdash.catalogue import MEASURES
from tipdash.i18n import unit_text
from tipdash.ui import (
    catalogue,
    chart_block,
    cite_this_view,
    fmt_value,
    geojson_url,
    lang,
    period_label,
    show_table,
    source_line,
    sources_list,
    tr,
)

cat = catalogue()
L = lang()
st.title(tr("provinces.title"))
meta = cat.indicator_meta
inds = cat.province_indicators()
c1, c2, c3 = st.columns([3, 1, 2])
ind = c1.selectbox(tr("common.indicator"), inds, format_func=lambda i: cat.indicator_label(i, L), key="indicator", bind="query-params")
years = list(reversed(cat.indicator_years(ind)))
year = c2.selectbox(tr("common.year"), years, index=years.index(cat.best_year(ind)), key="year", bind="query-params",
                    help=tr("provinces.year_help"))
measure = c3.radio(tr("provinces.measure"), list(MEASURES), format_func=lambda m: tr(f"measure.{m}"), key="measure",
                   bind="query-params", horizontal=True, help=tr("provinces.measure_help"))
m = meta.loc[ind]
kinds = cat.kind_names(L)
caveat = tr(f"caveat.{m.source_kind}")  # reviewed text per kind of source, in the interface language
st.caption(tr("provinces.definition", definition=cat.indicator_definition(ind, L), kind=kinds.get(m.source_kind, ""), caveat=caveat))

snap = cat.province_snapshot(ind, year, measure)
if measure != "value" and not snap.has_data.any():
    st.info(tr("provinces.no_rate", measure=tr(f"measure.{measure}"), year=year))
    measure = "value"
    snap = cat.province_snapshot(ind, year, measure)
unit = unit_text(snap.unit.dropna().iloc[0] if snap.has_data.any() else m.unit, L)
snap["name"] = [cat.geo_name(g, L) for g in snap.geo_code]
snap["period_label"] = [period_label(r) if r.has_data else "" for r in snap.itertuples()]
snap["value_text"] = [fmt_value(v, "") for v in snap.value]
snap["caveat"] = caveat
src = source_line(snap.dropna(subset=["source_title"]), cat)
label = cat.indicator_label(ind, L)
title = tr("provinces.map_title", label=label, year=year, unit=unit)

selected = st.session_state.get("province", "PK")
if selected != "PK":
    row = snap[snap.geo_code == selected].iloc[0]
    with st.container(border=True):
        st.markdown(f"**{cat.geo_name(selected, L)}**: " + (
            tr("provinces.selected_value", value=fmt_value(row.value, unit), period=row.period_label, source=row.source_title)
            if row.has_data else tr("provinces.selected_no_data", year=year)))

map_col, bar_col = st.columns([3, 2])
table = snap[["name", "value", "period_start", "period_end", "source_title", "source_url", "has_data"]]
with map_col:
    fig = charts.province_map(snap, geojson_url(cat.version, "pk"), title, src, unit, lang=L)
    with_data = ", ".join(f"{r.name} {r.value_text.strip()}" for r in snap[snap.has_data].itertuples())
    missing = ", ".join(snap[~snap.has_data].name)
    chart_block(fig, table, f"map-{ind}-{year}-{measure}", tr("provinces.map_summary", title=title, values=with_data or "—")
                + (" " + tr("chart.no_data_list", places=missing) if missing else ""), cat, slot="map")
with bar_col:
    fig = charts.ranked_bar(snap, tr("provinces.ranking", year=year), src, unit, lang=L)
    chart_block(fig, table, f"bar-{ind}-{year}-{measure}", tr("provinces.ranking_summary"), cat, slot="bar")

st.subheader(tr("provinces.over_time"))
series = cat.province_series(ind, measure)
if series.empty:
    st.info(tr("provinces.no_series"))
else:
    series["name"] = [cat.geo_name(g, L) for g in series.geo_code]
    fig = charts.small_multiples(series, tr("provinces.multiples_title", label=label, unit=unit), source_line(series, cat), unit, lang=L)
    chart_block(fig, series[["name", "year", "period_start", "period_end", "value", "source_title", "source_url"]],
                f"multiples-{ind}-{measure}", tr("provinces.multiples_summary"), cat, slot="multiples")

sub = cat.sub_province(ind)
st.subheader(tr("provinces.sub_heading"))
if sub.empty:
    st.caption(tr("provinces.no_sub"))
else:
    st.caption(tr("provinces.sub_note"))
    show_table(sub[["name", "geo_level", "year", "period_start", "period_end", "value", "unit", "source_title", "source_url"]])

with st.expander(tr("common.sources_for_view")):
    sources_list(pd.concat([snap.dropna(subset=["source_id"]), series, sub]))
cite_this_view(cat, "provinces")
