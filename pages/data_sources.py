"""Data & sources: the analysts' explorer, coverage matrix, definitions, sources, methodology, data version."""
import streamlit as st

from tipdash import charts
from tipdash.ui import catalogue, chart_block, cite_this_view

cat = catalogue()
st.title("Data & sources")
meta = cat.indicator_meta
vals = cat.indicator_values
tab_explore, tab_cov, tab_def, tab_src, tab_method = st.tabs(
    ["Explorer", "Coverage", "Indicator definitions", "Sources", "Methodology & version"])

with tab_explore:
    geo = st.session_state.get("province", "PK")
    c1, c2 = st.columns(2)
    geos = c1.multiselect("Places", sorted(set(vals.geo_code), key=cat.geo_name), default=[geo], format_func=cat.geo_name,
                          key="x_geo", bind="query-params")
    inds = c2.multiselect("Indicators", sorted(set(vals.indicator_id)), format_func=lambda i: meta.at[i, "label"], key="x_ind",
                          bind="query-params")
    c3, c4 = st.columns(2)
    kinds = c3.multiselect("Kinds of source", sorted(set(meta.source_kind)), format_func=lambda k: cat.kind_label.get(k, k),
                           key="x_kind", bind="query-params")
    lo, hi = int(vals.year.min()), int(vals.year.max())
    years = c4.slider("Years", lo, hi, (lo, hi), key="x_years", bind="query-params")
    rows = cat.explorer(geos, inds, kinds, years)
    st.caption(f"{len(rows)} rows. Click a column header to sort. Every row names its source and the raw file and line it came from.")
    if rows.empty:
        st.info("No rows match these filters.")
    st.dataframe(rows, hide_index=True, width="stretch", column_config={"source_url": st.column_config.LinkColumn("source_url")})
    st.download_button("Download these rows (CSV)", rows.to_csv(index=False).encode("utf-8"),
                       file_name=f"pakistan-trafficking-indicators-{cat.version}.csv", mime="text/csv", key="dl-explorer")

with tab_cov:
    ind = st.selectbox("Indicator", sorted(set(vals.indicator_id)), format_func=lambda i: meta.at[i, "label"], key="cov_ind")
    mat = cat.coverage_matrix(ind)
    fig = charts.coverage_heatmap(mat, f"Where and when '{meta.at[ind, 'label']}' has data (number of values per cell)",
                                  "data/processed/coverage.parquet (built from the raw files)")
    chart_block(fig, mat.reset_index(names="place"), f"coverage-{ind}",
                f"Blue cells have at least one value; blank cells have none. {mat.notna().sum().sum()} place-years with data.", cat)
    st.markdown("**TIP tier coverage by report year**")
    st.dataframe(cat.tier_year_coverage(), hide_index=True, width="stretch")

with tab_def:
    d = cat.indicators.assign(kind=cat.indicators.source_kind.map(cat.kind_label))
    st.dataframe(d[["indicator_id", "label", "definition", "unit", "kind", "caveat", "period_rule"]], hide_index=True, width="stretch")
    st.dataframe(cat.source_kinds, hide_index=True, width="stretch")

with tab_src:
    st.dataframe(cat.sources.assign(kind=cat.sources.source_kind.map(cat.kind_label)), hide_index=True, width="stretch",
                 column_config={"url": st.column_config.LinkColumn("url")})

with tab_method:
    st.markdown(
        "- **One way.** Raw files (`data/raw`, never edited, each with a provenance sidecar) → ETL (`python -m etl`) → "
        "validated Parquet (`data/processed`) → this dashboard.\n"
        "- **Periods.** Every figure has a start and end date. Half-years (Jan–Jun), four-month, 40-day and multi-year "
        "totals are labelled as such and never shown as full years.\n"
        "- **Rates.** Per 100,000 population uses the census nearest to the end of the period (ties → the earlier census), "
        "only if within 5 years; KP figures before 2018 are divided by KP without FATA, later ones by KP including FATA. "
        "Per 100,000 children uses the 2023 under-18 population (a secondary source reproducing PBS tables). PBS national "
        "totals exclude AJK and Gilgit-Baltistan; Gilgit-Baltistan has no census figure here, so it never has a rate.\n"
        "- **Missing is not zero.** Units without data are grey and labelled 'No data'.\n"
        "- **Different sources, different things.** Media-monitoring counts (Sahil), police registrations (SSDO via RTI), "
        "FIA case counts (mostly migrant smuggling) and UNODC detections are separate series.\n"
        "- **Boundaries.** Natural Earth (public domain), de facto lines; Kashmir boundaries are disputed.")
    st.json({"data_version": cat.version, "outputs": {k: v["rows"] for k, v in cat.manifest["outputs"].items()}})
cite_this_view(cat, "data_sources")
