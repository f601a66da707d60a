"""Colours and fonts shared by the Plotly charts, the SVG graphics and the HTML components.

Tiers use an ordinal, colour-blind-safe palette (ColorBrewer RdYlBu, 4 classes) and every tier mark also carries a
text label, so a tier never depends on colour alone. Series colours are Okabe-Ito.
"""
TIER_ORDER = ["1", "2", "2WL", "3", "special_case"]
TIER_COLOURS = {"1": "#2c7bb6", "2": "#abd9e9", "2WL": "#fdae61", "3": "#d7191c", "special_case": "#7f7f7f"}
TIER_SHORT = {"1": "T1", "2": "T2", "2WL": "2WL", "3": "T3", "special_case": "SC"}
NO_DATA_COLOUR = "#e0e0e0"
NO_DATA_LINE = "#9e9e9e"
SEQUENTIAL = "Cividis_r"  # perceptually uniform and colour-blind safe
KIND_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442"]  # Okabe-Ito
FONT = {"en": "Noto Sans, sans-serif", "ur": "Noto Nastaliq Urdu, Noto Naskh Arabic, sans-serif"}
# This app's static/ folder as Streamlit serves it (fonts, map boundaries, topojson), relative to the page: every page
# path is one segment below the app's root (/brief, /prefix/brief, /prefix/), so "app/static/..." resolves under a
# server.baseUrlPath or a proxy's prefix too, where the root-absolute /app/static path pointed outside it (Urdu
# fonts and maps 404ed).
STATIC_URL = "app/static"


def label_colour(tier: str) -> str:
    """Text colour on a tier's fill: whichever of black or white reaches WCAG AA (4.5:1) on it."""
    return "#ffffff" if tier in ("1", "3") else "#000000"
