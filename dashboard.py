"""Entry point: `streamlit run dashboard.py`. Navigation over pages/ and the shared sidebar filter."""
import streamlit as st

from tipdash.catalogue import PROVINCES
from tipdash.ui import catalogue

st.set_page_config(page_title="Pakistan Human-Trafficking Indicators", page_icon="📊", layout="wide")

pages = [
    st.Page("pages/overview.py", title="Overview", default=True),
    st.Page("pages/tip_tiers.py", title="TIP tiers", url_path="tip_tiers"),
    st.Page("pages/provinces.py", title="Provinces", url_path="provinces"),
    st.Page("pages/child_victims.py", title="Child victims", url_path="child_victims"),
    st.Page("pages/data_sources.py", title="Data & sources", url_path="data_sources"),
]
nav = st.navigation(pages)

cat = catalogue()
with st.sidebar:
    st.markdown("**Filter**")
    st.selectbox("Province or territory", ["PK", *PROVINCES], format_func=cat.geo_name, key="province",
                 bind="query-params", persist_state="session",
                 help="Used by the Provinces, Child victims and Data pages. 'Pakistan' shows national figures.")
    st.caption(f"Data version {cat.version}. Works offline: no maps tiles, fonts or scripts are fetched from the internet.")

nav.run()
