"""Read side of the dashboard: catalogue (tables), charts (pure figure builders), ui (Streamlit helpers)."""
