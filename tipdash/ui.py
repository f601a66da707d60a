"""Streamlit helpers shared by the pages: cached catalogue, chart blocks with sources and downloads, citation.

Strings from data or the URL are only ever passed to Streamlit as plain text or markdown link targets built here,
never with unsafe_allow_html.
"""
from __future__ import annotations

import json
import logging
from pathlib import Path
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from etl.paths import current_build
from tipdash.catalogue import DEFAULT_DIR, Catalogue, DataMissing
from tipdash.i18n import LANGUAGES, direction, period_text, t, unit_text

PLOTLY_CONFIG = {"displaylogo": False, "toImageButtonOptions": {"format": "png", "scale": 2}}


def _data_version(directory: Path) -> str:
    """The build data/processed/CURRENT points to (a few bytes read per rerun), or "missing"."""
    folder = current_build(directory)
    return folder.name if folder is not None else "missing"


@st.cache_data(show_spinner="Loading the processed tables…", max_entries=2)
def _load(directory: str, version: str) -> Catalogue:
    # `version` is part of the cache key: a rebuilt data set (new CURRENT) is read once, then served from cache.
    # The catalogue reads exactly that build, so a rebuild finishing mid-load cannot mix two builds.
    return Catalogue.load(Path(directory), build=None if version == "missing" else version)


def _ensure_navigation() -> None:
    """Make a direct link to a page run through dashboard.py's st.navigation.

    Streamlit treats a `pages/` folder beside the entry script as a legacy multipage app until some session calls
    st.navigation; until then a deep link (/provinces?...) runs the page file alone: no shared sidebar, no page
    config. When that happens, switch the legacy mode off and rerun, which runs dashboard.py and then this page.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def catalogue() -> Catalogue:
    """The catalogue for the current data version, or a helpful stop if the data is missing or damaged.
    Every page calls this first; no page ever shows a traceback or a server path for a bad build."""
    _ensure_navigation()
    directory = Path(st.session_state.get("_data_dir", DEFAULT_DIR))
    try:
        try:
            return _load(str(directory), _data_version(directory))
        except DataMissing:
            # CURRENT may have moved on (and the build we resolved been pruned) between resolving and reading: once more
            return _load(str(directory), _data_version(directory))
    except DataMissing as exc:
        message = str(exc)
    except Exception:  # noqa: BLE001 - a bug must not show a traceback with server paths; the log keeps it
        logging.getLogger(__name__).exception("loading the processed data failed")
        message = "The processed data could not be loaded. Rebuild it with: python -m etl --force"
    st.error(tr("common.data_missing", error=message))
    st.info(tr("common.data_missing_fix"))
    st.stop()


STATIC = Path(__file__).resolve().parents[1] / "static"


@st.cache_data(show_spinner=False, max_entries=4)
def geojson_url(version: str, geometry: str) -> str:
    """URL of the boundaries as a GeoJSON file served by Streamlit's static file server (same origin, offline).

    Passing a URL instead of the GeoJSON itself keeps each map trace small: Plotly validates an inline GeoJSON
    on every figure build (~0.1 s per trace) and Streamlit would resend it on every rerun; the browser fetches
    and caches the file once per data version. Written from the processed GeoParquet, once per data version."""
    cat = catalogue()
    data = cat.pk_geojson if geometry == "pk" else cat.world_geojson
    folder = STATIC / "geo"
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{geometry}-{version}.geojson"
    target = folder / name
    if not target.exists():
        tmp = folder / f".{name}.tmp"
        tmp.write_text(json.dumps(data, separators=(",", ":")))
        tmp.replace(target)
    return f"/app/static/geo/{name}"


def lang() -> str:
    """Current interface language ('en' or 'ur'), from the sidebar switch (kept in the URL as ?lang=)."""
    value = st.session_state.get("lang", "en")
    return value if value in LANGUAGES else "en"


def tr(key: str, **values) -> str:
    return t(key, lang(), **values)


# Our own static CSS (no data or URL text in it): the Urdu font served from this app's static folder, and
# right-to-left layout for the Urdu interface. Nastaliq needs a taller line height to stay legible.
_RTL_CSS = """
<style>
@font-face { font-family: 'Noto Nastaliq Urdu'; src: url('/app/static/fonts/NotoNastaliqUrdu-Regular.ttf') format('truetype');
  font-weight: 400; font-display: swap; }
@font-face { font-family: 'Noto Nastaliq Urdu'; src: url('/app/static/fonts/NotoNastaliqUrdu-Bold.ttf') format('truetype');
  font-weight: 700; font-display: swap; }
@font-face { font-family: 'Noto Naskh Arabic'; src: url('/app/static/fonts/NotoNaskhArabic-Regular.ttf') format('truetype');
  font-display: swap; }
[data-testid="stMain"], [data-testid="stSidebar"] { direction: rtl; }
[data-testid="stMain"] *:not([data-testid="stIconMaterial"]), [data-testid="stSidebar"] *:not([data-testid="stIconMaterial"]) {
  font-family: 'Noto Nastaliq Urdu', 'Noto Naskh Arabic', sans-serif; }
[data-testid="stMain"] p, [data-testid="stMain"] li, [data-testid="stSidebar"] p { line-height: 2.1; text-align: right; }
/* Form controls have a fixed height that would clip Nastaliq's tall letters: use the compact Naskh style there. */
[data-baseweb="select"] *, [data-baseweb="popover"] *, [role="option"], input, textarea, [data-testid="stMetricValue"] * {
  font-family: 'Noto Naskh Arabic', 'Noto Sans', sans-serif !important; }
[data-testid="stMain"] .js-plotly-plot, [data-testid="stMain"] .js-plotly-plot * { direction: ltr; }
[data-testid="stMain"] code, [data-testid="stMain"] pre { direction: ltr; font-family: monospace; }
</style>
"""


def apply_direction() -> None:
    """Right-to-left layout and the Nastaliq font when the interface is in Urdu."""
    if direction(lang()) == "rtl":
        st.html(_RTL_CSS)


@st.cache_data(show_spinner=False, max_entries=32)
def brief_pdf_bytes(version: str, geo: str, language: str) -> bytes:
    """The PDF brief for a unit and language, made once per data version (Chromium takes a few seconds)."""
    from tipdash.pdf import brief_pdf

    return brief_pdf(catalogue(), geo, language)


def source_line(frame: pd.DataFrame, cat: Catalogue, limit: int = 3) -> str:
    """Short 'Source:' text naming the distinct sources behind a chart's rows."""
    if frame.empty or "source_title" not in frame:
        return "—"
    titles = list(dict.fromkeys(frame.source_title.dropna()))
    more = " " + tr("common.more_sources", n=len(titles) - limit) if len(titles) > limit else ""
    return "; ".join(titles[:limit]) + more


def dated(frame: pd.DataFrame) -> pd.DataFrame:
    """Period columns as plain dates (2024-01-01, not 2024-01-01 00:00:00) for tables and CSV downloads."""
    out = frame.copy()
    for col in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[col]):
            out[col] = out[col].dt.date
    return out


def show_table(frame: pd.DataFrame) -> None:
    """A table with dates as dates, column headers in the interface language and clickable links.
    (Downloads keep the machine-readable column names.)"""
    from tipdash.i18n import messages

    data = dated(frame)
    config = {}
    for c in data.columns:
        label = tr(f"col.{c}") if f"col.{c}" in messages() else c
        config[c] = st.column_config.LinkColumn(label) if c in ("source_url", "url", "independent_url") else st.column_config.Column(label)
    st.dataframe(data, hide_index=True, width="stretch", column_config=config)


def chart_block(fig, data: pd.DataFrame, key: str, summary: str, cat: Catalogue, caption: str = "", slot: str | None = None) -> None:
    """A chart with its text summary, source caption, table alternative and CSV download of its data.

    `key` names the downloaded file; `slot` is the chart's stable place on the page: keeping the element key the
    same across filter changes lets the browser update the figure in place instead of rebuilding it (a map's
    WebGL context is costly to recreate)."""
    st.plotly_chart(fig, width="stretch", config=PLOTLY_CONFIG, key=f"chart-{slot or key}")
    st.caption(summary)
    if caption:
        st.caption(caption)
    data = dated(data)
    with st.expander(tr("common.table_and_download")):
        show_table(data)
        st.download_button(tr("common.download_chart"), data.to_csv(index=False).encode("utf-8"),
                           file_name=f"{key}-{cat.version}.csv", mime="text/csv", key=f"dl-{slot or key}")


def sources_list(frame: pd.DataFrame) -> None:
    """Numbered, clickable list of the sources behind a view (plain markdown links, escaped titles)."""
    docs = frame.drop_duplicates("source_id")[["source_title", "source_url"]] if "source_id" in frame else pd.DataFrame()
    for i, r in enumerate(docs.itertuples(), start=1):
        title = escape_md(r.source_title)
        url = r.source_url if isinstance(r.source_url, str) and r.source_url.startswith(("http://", "https://")) else ""
        st.markdown(f"{i}. [{title}]({url})" if url else f"{i}. {title}")


def escape_md(text: str) -> str:
    out = str(text)
    for ch in "\\`*_{}[]<>()#+!|$~":
        out = out.replace(ch, "\\" + ch)
    return out


def cite_this_view(cat: Catalogue, page: str) -> None:
    """A citable line: the link that reproduces this view, plus the data version."""
    params = {k: v for k, v in st.query_params.to_dict().items()}
    query = urlencode(params)
    link = ("/" if page == "overview" else f"/{page}") + (f"?{query}" if query else "")  # the default page lives at /
    st.caption(tr("common.cite"))
    st.code(tr("common.citation", page=page, link=link, version=cat.version), language=None)


def period_label(row) -> str:
    return period_text(row.period_start, row.period_end, lang())


def fmt_value(v: float, unit: str) -> str:
    if pd.isna(v):
        return tr("chart.no_data")
    text = f"{v:,.0f}" if float(v).is_integer() else f"{v:,.2f}"
    return f"{text} {unit_text(unit, lang())}" if unit else text
