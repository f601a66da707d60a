"""Province brief: one printable page per unit (or Pakistan), in English or Urdu, with a server-made PDF."""
import streamlit as st

from tipdash import brief
from tipdash.ui import brief_pdf_job, catalogue, cite_this_view, lang, tr

cat = catalogue()
L = lang()
st.title(tr("brief.page_title"))
st.caption(tr("brief.page_intro"))
geo = st.session_state.get("province", "PK")
b = brief.build(cat, geo, L)
html = brief.render_html(b)


@st.fragment
def pdf_button(version: str, geo: str, L: str) -> None:
    """Prepare → wait in the print queue, saying where it is → download. A brief printed before (by anyone, on any
    replica) is offered for download at once. Only this fragment reruns while it waits. (Its arguments stay in
    the session: plain strings, not the catalogue.)"""
    job = brief_pdf_job(version, geo, L)
    if job is None and st.button(tr("brief.prepare_pdf"), key="prep-brief-pdf", type="primary"):
        job = brief_pdf_job(version, geo, L, cat=catalogue())
    if job is None:
        return
    note = st.empty()
    while not job.wait(0.5):  # each update is also where Streamlit can stop this run if the user moves on
        state, ahead = job.progress()
        note.info(tr("brief.pdf_printing") if state == "printing" else tr("brief.pdf_waiting", n=ahead), icon="⏳")
    note.empty()
    try:
        data = job.result()
    except Exception as exc:  # noqa: BLE001 - shown to the user, the page stays usable
        st.error(tr("brief.pdf_failed", error=str(exc)))
        return
    st.download_button(tr("brief.download_pdf"), data=data, file_name=f"brief-{geo}-{L}-{version}.pdf",
                       mime="application/pdf", key="dl-brief-pdf", on_click="ignore", type="primary")


c1, c2 = st.columns(2)
with c1:
    pdf_button(cat.version, geo, L)
c2.download_button(tr("brief.download_html"), data=html.encode("utf-8"), file_name=f"brief-{geo}-{L}-{cat.version}.html",
                   mime="text/html", key="dl-brief-html", on_click="ignore")
st.iframe(html, height=1900)
cite_this_view(cat, "brief")
