"""Data & sources: the analysts' explorer, coverage matrix, definitions, sources, methodology, data version."""
import streamlit as st

from tipdash import charts
from tipdash.ui import catalogue, chart_block, cite_this_view, dated, lang, show_table, tr

cat = catalogue()
L = lang()
st.title(tr("data.title"))
meta = cat.indicator_meta
vals = cat.indicator_values
kinds = cat.kind_names(L)
tab_explore, tab_cov, tab_def, tab_src, tab_method = st.tabs(
    [tr("data.tab_explorer"), tr("data.tab_coverage"), tr("data.tab_definitions"), tr("data.tab_sources"), tr("data.tab_method")])

with tab_explore:
    geo = st.session_state.get("province", "PK")
    c1, c2 = st.columns(2)
    geos = c1.multiselect(tr("data.places"), sorted(set(vals.geo_code), key=cat.geo_name), default=[geo],
                          format_func=lambda c: cat.geo_name(c, L), key="x_geo", bind="query-params")
    inds = c2.multiselect(tr("data.indicators"), sorted(set(vals.indicator_id)), format_func=lambda i: cat.indicator_label(i, L),
                          key="x_ind", bind="query-params")
    c3, c4 = st.columns(2)
    kind_sel = c3.multiselect(tr("data.kinds"), sorted(set(meta.source_kind)), format_func=lambda k: kinds.get(k, k),
                              key="x_kind", bind="query-params")
    lo, hi = int(vals.year.min()), int(vals.year.max())
    years = c4.slider(tr("data.years"), lo, hi, (lo, hi), key="x_years", bind="query-params")
    rows = dated(cat.explorer(geos, inds, kind_sel, years))
    st.caption(tr("data.rows", n=len(rows)))
    if rows.empty:
        st.info(tr("data.no_rows"))
    show_table(rows)
    st.download_button(tr("data.download"), rows.to_csv(index=False).encode("utf-8"),
                       file_name=f"pakistan-trafficking-indicators-{cat.version}.csv", mime="text/csv", key="dl-explorer")

with tab_cov:
    ind = st.selectbox(tr("common.indicator"), sorted(set(vals.indicator_id)), format_func=lambda i: cat.indicator_label(i, L), key="cov_ind")
    mat = cat.coverage_matrix(ind)
    mat.index = [cat.geo_name(g, L) if g in cat.geo_meta.index else g for g in mat.index]
    fig = charts.coverage_heatmap(mat, tr("data.coverage_title", label=cat.indicator_label(ind, L)), tr("data.coverage_source"), lang=L)
    chart_block(fig, mat.reset_index(names="place"), f"coverage-{ind}", tr("data.coverage_summary", n=int(mat.notna().sum().sum())), cat, slot="coverage")
    st.markdown(f"**{tr('data.tier_coverage')}**")
    show_table(cat.tier_year_coverage())

with tab_def:
    d = cat.indicators.assign(kind=cat.indicators.source_kind.map(kinds))
    cols = ["indicator_id", "label_ur", "summary_ur"] if L == "ur" else ["indicator_id", "label", "definition"]
    show_table(d[cols + ["unit", "kind", "caveat", "period_rule"]])
    show_table(cat.source_kinds)

with tab_src:
    st.caption(tr("data.sources_note"))
    show_table(cat.sources.assign(kind=cat.sources.source_kind.map(kinds)))

with tab_method:
    for key in ("flow", "periods", "rates", "missing", "kinds", "boundaries"):
        st.markdown(f"- {tr(f'method.{key}')}")
    st.json({"data_version": cat.version, "outputs": {k: v["rows"] for k, v in cat.manifest["outputs"].items()}})
cite_this_view(cat, "data_sources")
