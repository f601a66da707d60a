"""Entry point: `streamlit run dashboard.py`. Navigation over pages/, the language switch and the shared filter."""
import streamlit as st

from tipdash.catalogue import PROVINCES
from tipdash.i18n import LANGUAGES
from tipdash.ui import apply_direction, catalogue, lang, tr

st.set_page_config(page_title="Pakistan Human-Trafficking Indicators", page_icon="📊", layout="wide")

with st.sidebar:
    st.radio("Language / زبان", list(LANGUAGES), format_func=LANGUAGES.get, key="lang", bind="query-params",
             persist_state="session", horizontal=True)
apply_direction()

pages = [
    st.Page("pages/overview.py", title=tr("nav.overview"), default=True),
    st.Page("pages/tip_tiers.py", title=tr("nav.tiers"), url_path="tip_tiers"),
    st.Page("pages/provinces.py", title=tr("nav.provinces"), url_path="provinces"),
    st.Page("pages/child_victims.py", title=tr("nav.children"), url_path="child_victims"),
    st.Page("pages/brief.py", title=tr("nav.brief"), url_path="brief"),
    st.Page("pages/data_sources.py", title=tr("nav.data"), url_path="data_sources"),
]
nav = st.navigation(pages)

cat = catalogue()
with st.sidebar:
    st.markdown(f"**{tr('sidebar.filter')}**")
    st.selectbox(tr("sidebar.province"), ["PK", *PROVINCES], format_func=lambda c: cat.geo_name(c, lang()), key="province",
                 bind="query-params", persist_state="session", help=tr("sidebar.province_help"))
    st.caption(tr("sidebar.version", version=cat.version))

nav.run()
