"""Launcher: `streamlit run app.py` serves dashboard.py as an st.App, with the page routes of tipdash.asgi (a deep
link such as /brief connects without first probing /brief/_stcore/health, and preloads the front-end code its first
view needs). `streamlit run dashboard.py` still works;
it only lacks those routes."""
import streamlit as st

from tipdash.asgi import page_routes
from tipdash.shell import preloads

app = st.App("dashboard.py", routes=page_routes(preloads(), st.get_option("server.baseUrlPath") or ""))
