"""Launcher: `streamlit run app.py` serves dashboard.py as an st.App, with the page routes of tipdash.asgi (a deep
link such as /brief connects without first probing /brief/_stcore/health). `streamlit run dashboard.py` still works;
it only lacks those routes."""
import streamlit as st

from tipdash.asgi import page_routes
from tipdash.shell import PAGES

app = st.App("dashboard.py", routes=page_routes([p.path for p in PAGES if p.path], st.get_option("server.baseUrlPath") or ""))
