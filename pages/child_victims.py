"""Child victims: each kind of source as its own series, by category, year, province, sex and age where present."""
import streamlit as st

from tipdash import charts
from tipdash.catalogue import PROVINCES
from tipdash.i18n import unit_text
from tipdash.ui import catalogue, chart_block, cite_this_view, lang, show_table, source_line, sources_list, tr

cat = catalogue()
L = lang()
st.title(tr("children.title"))
st.caption(tr("children.intro"))
meta = cat.indicator_meta
kinds = cat.kind_names(L)
geo = st.session_state.get("province", "PK")
by_kind = cat.child_indicators_by_kind()
kind_ids = sorted(by_kind, key=lambda k: -len(by_kind[k]))
kind = st.radio(tr("children.kind"), kind_ids, format_func=lambda k: kinds.get(k, k), key="kind", bind="query-params", horizontal=True)
ids = by_kind[kind]
place_opts = sorted(set(cat.indicator_values[cat.indicator_values.indicator_id.isin(ids)].geo_code), key=cat.geo_name)
default_place = geo if geo in place_opts else ("PK" if "PK" in place_opts else place_opts[0])
place = st.selectbox(tr("children.place"), place_opts, index=place_opts.index(default_place),
                     format_func=lambda c: cat.geo_name(c, L), key="child_place")
data = cat.child_series(ids, [place])
data["label"] = [cat.indicator_label(i, L) for i in data.indicator_id]
data["name"] = [cat.geo_name(g, L) for g in data.geo_code]
counts = data[data.indicator_id.map(meta.measure_type) == "count"]
present = sorted(set(counts.indicator_id), key=lambda i: -len(counts[counts.indicator_id == i]))
picked = st.multiselect(tr("children.categories"), present, default=present[:4], format_func=lambda i: cat.indicator_label(i, L),
                        key="categories")
view = counts[counts.indicator_id.isin(picked) & (counts.sex == "all")]
title = tr("children.series_title", kind=kinds.get(kind, kind), place=cat.geo_name(place, L))
if view.empty:
    st.info(tr("children.empty"))
else:
    fig = charts.series_by_kind(view, title, source_line(view, cat), unit_text(view.unit.iloc[0], L), lang=L)
    chart_block(fig, view[["name", "label", "year", "period_start", "period_end", "value", "unit", "source_title", "source_url"]],
                f"child-{kind}-{place}", tr("children.series_summary", title=title), cat, slot="series")

by_sex = data[data.sex != "all"]
if not by_sex.empty:
    st.subheader(tr("children.by_sex"))
    v = by_sex.assign(label=by_sex.label + " — " + by_sex.sex.map(lambda s: tr(f"sex.{s}")))
    fig = charts.series_by_kind(v, tr("children.by_sex_title", kind=kinds.get(kind), place=cat.geo_name(place, L)),
                                source_line(v, cat), tr("children.as_published"), lang=L)
    chart_block(fig, v[["label", "sex", "year", "period_start", "period_end", "value", "unit", "source_title"]],
                f"child-sex-{kind}-{place}", tr("children.by_sex_summary"), cat, slot="sex")
bands = data[~data.age_group.isin(["0-17"])]
if not bands.empty:
    st.subheader(tr("children.by_age"))
    show_table(bands[["label", "age_group", "sex", "year", "value", "unit", "source_title"]])

provs = cat.child_series(ids, PROVINCES)
provs = provs[provs.indicator_id.isin(picked) & (provs.sex == "all")]
if not provs.empty:
    st.subheader(tr("children.by_province"))
    provs = provs.assign(label=[f"{cat.geo_name(g, L)} — {cat.indicator_label(i, L)}" for g, i in zip(provs.geo_code, provs.indicator_id)],
                         name=[cat.geo_name(g, L) for g in provs.geo_code])
    fig = charts.series_by_kind(provs, tr("children.by_province_title", kind=kinds.get(kind)), source_line(provs, cat),
                                unit_text(provs.unit.iloc[0], L), lang=L)
    chart_block(fig, provs[["name", "label", "year", "period_start", "period_end", "value", "unit", "source_title"]],
                f"child-prov-{kind}", tr("children.by_province_summary"), cat, slot="province")
with st.expander(tr("common.sources_for_view")):
    sources_list(data)
cite_this_view(cat, "child_victims")
