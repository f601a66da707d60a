"""Overview: Pakistan at a glance — tier now and over time, headline figures, what changed."""
import streamlit as st

from tipdash import charts
from tipdash.ui import catalogue, chart_block, cite_this_view, escape_md, fmt_value, period_label

cat = catalogue()
st.title("Pakistan: human-trafficking indicators at a glance")
st.caption("Figures from different kinds of sources (police, courts, NGOs, media monitoring, international reports) "
           "measure different things and are shown side by side, never added together.")

hist = cat.tier_history("PAK")
latest = hist.iloc[-1]
c1, c2 = st.columns([1, 3])
c1.metric(f"US TIP Report {latest.report_year}", latest.tier_label)
c1.caption(f"Source: {latest.source_title}")
fig = charts.tier_strip(cat.tier_grid(["PAK"]), cat.tier_years(), f"Pakistan's TIP tier, {hist.report_year.min()}–{hist.report_year.max()}",
                        "US State Department TIP Reports (via the compilations named in each cell)")
with c2:
    chart_block(fig, hist[["report_year", "tier_label", "source_title", "source_ref"]], "overview-tiers",
                f"Pakistan was placed in {latest.tier_label} in {latest.report_year}. It was on Tier 3 in "
                f"{', '.join(str(y) for y in hist[hist.tier == '3'].report_year) or 'no year'} and on the Watch List in "
                f"{', '.join(str(y) for y in hist[hist.tier == '2WL'].report_year)}.", cat)

st.subheader("Headline figures (latest available for each)")
head = cat.headline("PK")
if head.empty:
    st.info("No national figures in the data.")
cols = st.columns(4)
for i, r in enumerate(head.itertuples()):
    with cols[i % 4]:
        st.metric(r.label, fmt_value(r.value, r.unit))
        st.caption(f"{period_label(r)} · {r.kind_label}" + ("" if r.full_year else " · part of a year or multi-year total"))
        if isinstance(r.source_url, str) and r.source_url.startswith("http"):
            st.markdown(f"[{escape_md(r.source_title)}]({r.source_url})")

st.subheader("What changed")
notes = []
for ch in cat.tier_changes("PAK")[-4:]:
    notes.append(f"**{ch['year']}**: TIP placement {ch['direction']} from {ch['from']} to {ch['to']}.")
for ch in cat.what_changed("PK"):
    notes.append(f"**{ch['to_year']}**: {escape_md(ch['label'])} {'rose' if ch['change_pct'] > 0 else 'fell'} "
                 f"{abs(ch['change_pct']):.0f}% ({ch['from']:,.0f} in {ch['from_year']} → {ch['to']:,.0f}), {ch['kind_label']}.")
for n in notes:
    st.markdown(f"- {n}")
st.caption("Changes are computed only between consecutive full years from the same indicator; years without data are not filled in.")
cite_this_view(cat, "overview")
