"""TIP tiers: Pakistan's timeline with events, world map by year, South Asia grid, compare any country."""
import streamlit as st

from tipdash import charts
from tipdash.catalogue import SOUTH_ASIA
from tipdash.ui import catalogue, chart_block, cite_this_view, geojson_url, lang, show_table, tr

cat = catalogue()
L = lang()
st.title(tr("tiers.title"))
st.caption(tr("tiers.intro"))

hist = cat.tier_history("PAK")
fig = charts.tier_timeline(hist, cat.events, tr("tiers.timeline_title"), tr("tiers.timeline_source"), lang=L)
chart_block(fig, hist[["report_year", "tier_label", "source_title", "source_ref"]], "tiers-pak",
            tr("tiers.timeline_summary", start=hist.report_year.min(), end=hist.report_year.max(),
               history="; ".join(f"{r.report_year} {charts.tier_label(r.tier, L)}" for r in hist.itertuples())), cat)
with st.expander(tr("tiers.crosscheck")):
    show_table(cat.pakistan_tier_crosscheck.drop(columns=["raw_file", "raw_line"]))

st.subheader(tr("tiers.world_heading"))
years = cat.tier_years()
cov = cat.tier_year_coverage().set_index("report_year")
year = st.select_slider(tr("tiers.year"), options=years, value=years[-1], key="tier_year", bind="query-params")
row = cov.loc[year]
if not row.complete:
    st.warning(tr("tiers.incomplete", year=year, n=int(row.countries), full=int(cov.countries.max())))
t = cat.tiers_for_year(year)
publishers = "; ".join(t.source_title.str.split(" \\(").str[0].value_counts().index[:3])
fig = charts.world_tier_map(t, geojson_url(cat.version, "world"), cat.world_iso3, tr("tiers.world_title", year=year, n=len(t)),
                            tr("tiers.world_source", publishers=publishers), lang=L)
counts = ", ".join(f"{int((t.tier == k).sum())} {charts.tier_label(k, L)}" for k in charts.TIER_ORDER if (t.tier == k).any())
chart_block(fig, t[["country", "iso3", "region", "tier_label", "source_title", "source_ref"]], f"tiers-world-{year}",
            tr("tiers.world_summary", year=year, counts=counts), cat, slot="world")

st.subheader(tr("tiers.south_asia"))
grid = cat.tier_grid(SOUTH_ASIA)
fig = charts.tier_strip(grid, years, tr("tiers.south_asia_title"), tr("tiers.strip_source"), lang=L)
chart_block(fig, grid, "tiers-south-asia", tr("tiers.strip_summary"), cat)

st.subheader(tr("tiers.compare"))
names = dict(zip(cat.countries.iso3, cat.countries.name))
tier_iso = sorted(set(cat.tip_tiers.iso3), key=lambda i: names.get(i, i))
picked = st.multiselect(tr("tiers.countries"), tier_iso, default=["IND", "BGD"], format_func=lambda i: names.get(i, i), key="compare",
                        bind="query-params", max_selections=8)
grid = cat.tier_grid(["PAK", *picked])
fig = charts.tier_strip(grid, years, tr("tiers.compare_title"), tr("tiers.strip_source"), lang=L)
chart_block(fig, grid, "tiers-compare", tr("tiers.compare_summary"), cat)
cite_this_view(cat, "tip_tiers")
