"""Province brief: one printable page per unit (or Pakistan), in English or Urdu, with a server-made PDF."""
import streamlit as st

from tipdash import brief
from tipdash.ui import brief_pdf_bytes, catalogue, cite_this_view, lang, tr

cat = catalogue()
L = lang()
st.title(tr("brief.page_title"))
st.caption(tr("brief.page_intro"))
geo = st.session_state.get("province", "PK")
b = brief.build(cat, geo, L)
html = brief.render_html(b)
c1, c2 = st.columns(2)
c1.download_button(tr("brief.download_pdf"), data=lambda: brief_pdf_bytes(cat.version, geo, L),
                   file_name=f"brief-{geo}-{L}-{cat.version}.pdf", mime="application/pdf", key="dl-brief-pdf",
                   on_click="ignore", type="primary")
c2.download_button(tr("brief.download_html"), data=html.encode("utf-8"), file_name=f"brief-{geo}-{L}-{cat.version}.html",
                   mime="text/html", key="dl-brief-html", on_click="ignore")
st.iframe(html, height=1900)
cite_this_view(cat, "brief")
