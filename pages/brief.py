"""Province brief: one printable page per unit (or Pakistan), in English or Urdu, with a server-made PDF."""
from datetime import date

import streamlit as st

from tipdash import ui

cat = ui.catalogue()
L = ui.lang()
st.title(ui.tr("brief.page_title"))
st.caption(ui.tr("brief.page_intro"))
geo = st.session_state.get("province", "PK")
html = ui.view("brief_html", geo=geo, lang=L, day=date.today().isoformat())
c1, c2 = st.columns(2)
c1.download_button(ui.tr("brief.download_pdf"), data=lambda: ui.brief_pdf_bytes(cat.version, geo, L),
                   file_name=f"brief-{geo}-{L}-{cat.version}.pdf", mime="application/pdf", key="dl-brief-pdf",
                   on_click="ignore", type="primary")
c2.download_button(ui.tr("brief.download_html"), data=lambda: html.encode("utf-8"), file_name=f"brief-{geo}-{L}-{cat.version}.html",
                   mime="text/html", key="dl-brief-html", on_click="ignore")
st.iframe(html, height=1900)
ui.cite_this_view(cat, "brief")
