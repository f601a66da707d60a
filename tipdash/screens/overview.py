"""Overview: Pakistan at a glance — tier now and over time, headline figures, what changed."""
import streamlit as st

from tipdash import ui
from tipdash.safe import md


def render() -> None:
    cat, L = ui.page_start()
    v = ui.view("overview", lang=L)

    ui.cards([{"label": ui.tr("overview.tip_report", year=v.text["tier_year"]), "value": v.text["tier_now"],
               "note": v.text["tier_kind"], "source_title": v.text["tier_source"], "source_label": v.text["tier_source_label"],
               "source_url": v.text["tier_url"]}])
    ui.render_block(v.blocks["strip"], "strip")

    st.subheader(ui.tr("overview.headlines"))
    if v.text["cards"]:
        ui.cards(v.text["cards"])
    else:
        st.info(ui.tr("overview.no_national"))

    if "trend" in v.blocks:
        st.subheader(ui.tr("overview.trend_heading"))
        ui.render_block(v.blocks["trend"], "trend")

    st.subheader(ui.tr("overview.what_changed"))
    st.markdown("\n".join(f"- {md(line)}" for line in v.text["changes"]))
    st.caption(ui.tr("overview.changes_note"))
    ui.cite_this_view(cat, "overview")
