"""Province brief: one printable page per unit (or Pakistan), in English or Urdu, with a server-made PDF."""
from datetime import date

import streamlit as st

from tipdash import ui


def render() -> None:
    cat, L = ui.page_start()
    geo = st.session_state.get("province", "PK")
    html = ui.view("brief_html", geo=geo, lang=L, day=date.today().isoformat())
    c1, c2 = st.columns(2)
    with c1:
        pdf_button(cat.version, geo, L)
    c2.download_button(ui.tr("brief.download_html"), data=lambda: html.encode("utf-8"), file_name=f"brief-{geo}-{L}-{cat.version}.html",
                       mime="text/html", key="dl-brief-html", on_click="ignore")
    st.iframe(html, height=1900)
    ui.cite_this_view(cat, "brief")


@st.fragment
def pdf_button(version: str, geo: str, L: str) -> None:
    """Prepare → wait in the print queue, saying where it is → download. A brief printed before (by anyone, on any
    replica) is offered for download at once. Only this fragment reruns while it waits. (Its arguments stay in
    the session: plain strings, not the catalogue.)"""
    job = ui.brief_pdf_job(version, geo, L)
    if job is None and st.button(ui.tr("brief.prepare_pdf"), key="prep-brief-pdf", type="primary"):
        job = ui.brief_pdf_job(version, geo, L, cat=ui.catalogue())
    if job is None:
        return
    note = st.empty()
    while not job.wait(0.5):  # each update is also where Streamlit can stop this run if the user moves on
        state, ahead = job.progress()
        note.info(ui.tr("brief.pdf_printing") if state == "printing" else ui.tr("brief.pdf_waiting", n=ahead), icon="⏳")
    note.empty()
    try:
        data = job.result()
    except Exception as exc:  # noqa: BLE001 - shown to the user, the page stays usable
        st.error(ui.tr("brief.pdf_failed", error=str(exc)))
        return
    st.download_button(ui.tr("brief.download_pdf"), data=data, file_name=f"brief-{geo}-{L}-{version}.pdf",
                       mime="application/pdf", key="dl-brief-pdf", on_click="ignore", type="primary")
