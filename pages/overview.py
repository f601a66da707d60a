"""Overview: Pakistan at a glance — tier now and over time, headline figures, what changed."""
import streamlit as st

from tipdash import charts
from tipdash.ui import catalogue, chart_block, cite_this_view, escape_md, fmt_value, lang, period_label, tr

cat = catalogue()
L = lang()
kinds = cat.kind_names(L)
st.title(tr("overview.title"))
st.caption(tr("overview.intro"))

hist = cat.tier_history("PAK")
latest = hist.iloc[-1]
c1, c2 = st.columns([1, 3])
c1.metric(tr("overview.tip_report", year=latest.report_year), charts.tier_label(latest.tier, L))
c1.caption(tr("common.source", source=latest.source_title))
fig = charts.tier_strip(cat.tier_grid(["PAK"]), cat.tier_years(),
                        tr("overview.tier_strip_title", start=hist.report_year.min(), end=hist.report_year.max()),
                        tr("overview.tier_strip_source"), lang=L)
tier3 = ", ".join(str(y) for y in hist[hist.tier == "3"].report_year)
wl = ", ".join(str(y) for y in hist[hist.tier == "2WL"].report_year)
with c2:
    chart_block(fig, hist[["report_year", "tier_label", "source_title", "source_ref"]], "overview-tiers",
                tr("overview.tier_summary", tier=charts.tier_label(latest.tier, L), year=latest.report_year, t3=tier3, wl=wl), cat)

st.subheader(tr("overview.headlines"))
head = cat.headline("PK")
if head.empty:
    st.info(tr("overview.no_national"))
cols = st.columns(4)
for i, r in enumerate(head.itertuples()):
    with cols[i % 4]:
        st.metric(cat.indicator_label(r.indicator_id, L), fmt_value(r.value, r.unit))
        st.caption(f"{period_label(r)} · {kinds.get(r.source_kind, r.source_kind)}" + ("" if r.full_year else f" · {tr('common.partial_period')}"))
        if isinstance(r.source_url, str) and r.source_url.startswith("http"):
            st.markdown(f"[{escape_md(r.source_title)}]({r.source_url})")

st.subheader(tr("overview.what_changed"))
for ch in cat.tier_changes("PAK")[-4:]:
    st.markdown("- " + tr(f"overview.tier_change_{ch['direction']}", year=ch["year"], before=charts.tier_label(ch["from_tier"], L),
                          after=charts.tier_label(ch["to_tier"], L)))
for ch in cat.what_changed("PK"):
    st.markdown("- " + tr("overview.value_rose" if ch["change_pct"] > 0 else "overview.value_fell", year=ch["to_year"],
                          label=escape_md(cat.indicator_label(ch["indicator_id"], L)), pct=f"{abs(ch['change_pct']):.0f}",
                          before=f"{ch['from']:,.0f}", from_year=ch["from_year"], after=f"{ch['to']:,.0f}",
                          kind=kinds.get(ch["source_kind"], "")))
st.caption(tr("overview.changes_note"))
cite_this_view(cat, "overview")
