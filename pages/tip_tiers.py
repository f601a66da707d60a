"""TIP tiers: Pakistan's timeline with events, world map by year, South Asia grid, compare any country."""
import streamlit as st

from tipdash import charts
from tipdash.catalogue import SOUTH_ASIA
from tipdash.ui import catalogue, chart_block, cite_this_view, geojson_url

cat = catalogue()
st.title("US TIP Report tier placements")
st.caption("Tier 1 is best; Tier 2 Watch List and Tier 3 are the lowest placements. The report year is the year the "
           "report was published (it covers roughly April of the year before to March).")

hist = cat.tier_history("PAK")
fig = charts.tier_timeline(hist, cat.events, "Pakistan's tier by TIP Report year, with events named in the sources",
                           "US State Department TIP Reports (Heiss & Kelley 2001–2015; Heiss 2017; later years as cited per row)")
chart_block(fig, hist[["report_year", "tier_label", "source_title", "source_ref"]], "tiers-pak",
            f"Pakistan's placement from {hist.report_year.min()} to {hist.report_year.max()}: "
            + "; ".join(f"{r.report_year} {r.tier_label}" for r in hist.itertuples()) + ".", cat)
with st.expander("Independent cross-check of Pakistan's tiers"):
    st.dataframe(cat.pakistan_tier_crosscheck.drop(columns=["raw_file", "raw_line"]), hide_index=True, width="stretch",
                 column_config={"independent_url": st.column_config.LinkColumn("independent_url")})

st.subheader("World map for one year")
years = cat.tier_years()
cov = cat.tier_year_coverage().set_index("report_year")
year = st.select_slider("TIP Report year", options=years, value=years[-1], key="tier_year", bind="query-params")
row = cov.loc[year]
if not row.complete:
    st.warning(f"{year}: the sources give tiers for only {int(row.countries)} countries (a full year has about "
               f"{int(cov.countries.max())}). Grey countries are not 'unranked': their tier was not found.")
t = cat.tiers_for_year(year)
fig = charts.world_tier_map(t, geojson_url(cat.version, "world"), cat.world_iso3, f"TIP tier placements, {year} report ({len(t)} countries with a tier in the sources)",
                            "US State Department TIP Report via " + "; ".join(t.source_title.str.split(" \\(").str[0].value_counts().index[:3]))
chart_block(fig, t[["country", "iso3", "region", "tier_label", "source_title", "source_ref"]], f"tiers-world-{year}",
            f"In {year}: " + ", ".join(f"{int((t.tier == k).sum())} {v}" for k, v in charts.TIER_LABELS.items() if (t.tier == k).any()) + ".", cat)

st.subheader("South Asia")
grid = cat.tier_grid(SOUTH_ASIA)
fig = charts.tier_strip(grid, years, "Tier placements in South Asia by TIP Report year (blank = not found in the sources)",
                        "US State Department TIP Reports (as compiled per cell)")
chart_block(fig, grid, "tiers-south-asia", "Each row is a country, each column a report year; the label in each cell is the tier.", cat)

st.subheader("Compare countries with Pakistan")
names = dict(zip(cat.countries.iso3, cat.countries.name))
tier_iso = sorted(set(cat.tip_tiers.iso3), key=lambda i: names.get(i, i))
picked = st.multiselect("Countries", tier_iso, default=["IND", "BGD"], format_func=lambda i: names.get(i, i), key="compare",
                        bind="query-params", max_selections=8)
grid = cat.tier_grid(["PAK", *picked])
fig = charts.tier_strip(grid, years, "Tier history: Pakistan and selected countries", "US State Department TIP Reports")
chart_block(fig, grid, "tiers-compare", "Pakistan and the selected countries, one row each.", cat)
cite_this_view(cat, "tip_tiers")
