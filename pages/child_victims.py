"""Child victims: each kind of source as its own series, by category, year, province, sex and age where present."""
import streamlit as st

from tipdash import charts
from tipdash.ui import catalogue, chart_block, cite_this_view, source_line, sources_list

cat = catalogue()
st.title("Child victims")
st.caption("Media-monitoring counts (Sahil), police data (SSDO via RTI, provincial police), missing-children data and "
           "UNODC figures measure different things. They are shown as separate series with their kind, never summed.")
meta = cat.indicator_meta
geo = st.session_state.get("province", "PK")
by_kind = cat.child_indicators_by_kind()
kinds = sorted(by_kind, key=lambda k: -len(by_kind[k]))
kind = st.radio("Kind of source", kinds, format_func=lambda k: cat.kind_label.get(k, k), key="kind", bind="query-params",
                horizontal=True)
ids = by_kind[kind]
place_opts = sorted(set(cat.indicator_values[cat.indicator_values.indicator_id.isin(ids)].geo_code), key=cat.geo_name)
default_place = geo if geo in place_opts else ("PK" if "PK" in place_opts else place_opts[0])
place = st.selectbox("Place", place_opts, index=place_opts.index(default_place), format_func=cat.geo_name, key="child_place")
data = cat.child_series(ids, [place])
counts = data[data.indicator_id.map(meta.measure_type) == "count"]
present = sorted(set(counts.indicator_id), key=lambda i: -len(counts[counts.indicator_id == i]))
picked = st.multiselect("Categories", present, default=present[:4], format_func=lambda i: meta.at[i, "label"], key="categories")
view = counts[counts.indicator_id.isin(picked) & (counts.sex == "all")]
title = f"{cat.kind_label.get(kind, kind)}: child-victim counts, {cat.geo_name(place)}"
if view.empty:
    st.info("No counts for this selection. Try another place or category.")
else:
    unit = view.unit.iloc[0]
    fig = charts.series_by_kind(view, title, source_line(view, cat), unit)
    chart_block(fig, view[["name", "label", "year", "period_start", "period_end", "value", "unit", "source_title", "source_url"]],
                f"child-{kind}-{place}", f"{title}. Hollow diamonds are part-year figures (e.g. January–June), which are not "
                "comparable with full-year points.", cat)

by_sex = data[data.sex != "all"]
if not by_sex.empty:
    st.subheader("By sex")
    v = by_sex.assign(label=by_sex.label + " — " + by_sex.sex)
    fig = charts.series_by_kind(v, f"{cat.kind_label.get(kind)}: by sex, {cat.geo_name(place)}", source_line(v, cat), "as published")
    chart_block(fig, v[["label", "sex", "year", "period_start", "period_end", "value", "unit", "source_title"]],
                f"child-sex-{kind}-{place}", "Girls and boys as reported by the source; units as published.", cat)
bands = data[~data.age_group.isin(["0-17"])]
if not bands.empty:
    st.subheader("By age group (as published; bands may overlap)")
    st.dataframe(bands[["label", "age_group", "sex", "year", "value", "unit", "source_title"]], hide_index=True, width="stretch")

provs = cat.child_series(ids, ["PK-PB", "PK-SD", "PK-KP", "PK-BA", "PK-IS", "PK-GB", "PK-JK"])
provs = provs[provs.indicator_id.isin(picked) & (provs.sex == "all")]
if not provs.empty:
    st.subheader("By province")
    fig = charts.series_by_kind(provs.assign(label=provs.name + " — " + provs.label), f"{cat.kind_label.get(kind)}: by province",
                                source_line(provs, cat), provs.unit.iloc[0])
    chart_block(fig, provs[["name", "label", "year", "period_start", "period_end", "value", "unit", "source_title"]],
                f"child-prov-{kind}", "Each line is one province and category.", cat)
with st.expander("Sources for this view"):
    sources_list(data)
cite_this_view(cat, "child_victims")
