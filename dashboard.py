"""Entry point: `streamlit run dashboard.py`. Navigation over pages/, the language switch and the shared filter."""
import streamlit as st

from tipdash import ui, urlstate
from tipdash.i18n import LANGUAGES
from tipdash.safe import md

st.set_page_config(page_title="Pakistan Human-Trafficking Indicators", page_icon="📊", layout="wide")
urlstate.start_run()

with st.sidebar:
    ui.radio("Language / زبان", list(LANGUAGES), key="lang", default="en", format_func=LANGUAGES.get,
             aliases={label: code for code, label in LANGUAGES.items()}, horizontal=True)
ui.apply_style()

pages = [
    st.Page("pages/overview.py", title=ui.tr("nav.overview"), default=True),
    st.Page("pages/tip_tiers.py", title=ui.tr("nav.tiers"), url_path="tip_tiers"),
    st.Page("pages/provinces.py", title=ui.tr("nav.provinces"), url_path="provinces"),
    st.Page("pages/child_victims.py", title=ui.tr("nav.children"), url_path="child_victims"),
    st.Page("pages/brief.py", title=ui.tr("nav.brief"), url_path="brief"),
    st.Page("pages/data_sources.py", title=ui.tr("nav.data"), url_path="data_sources"),
]
nav = st.navigation(pages)

cat = ui.catalogue()
L = ui.lang()
units = ["PK", *cat.provinces]
with st.sidebar:
    st.markdown(f"**{ui.tr('sidebar.filter')}**")
    ui.selectbox(ui.tr("sidebar.province"), units, key="province", default="PK", format_func=lambda c: cat.geo_name(c, L),
                 aliases={cat.geo_name(c, lang): c for c in units for lang in LANGUAGES}, help=ui.tr("sidebar.province_help"))
    st.caption(ui.tr("sidebar.version", version=cat.version))

url_notice = st.empty()  # above the page: what a link asked for that could not be applied
nav.run()
ignored = urlstate.take_ignored()
if ignored:
    shown = "; ".join(f"{label} = {value[:40]}{'…' if len(value) > 40 else ''}" for label, value in ignored)  # URL text, as text
    url_notice.info(md(ui.tr("common.ignored_params", items=shown)))
