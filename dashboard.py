"""Entry point: `streamlit run dashboard.py`. The app shell (tipdash.shell) with the page the URL asks for."""
from tipdash import shell

shell.run()
