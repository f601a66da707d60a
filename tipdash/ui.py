"""Streamlit helpers shared by the pages: the shared catalogue, cached views, drawing a Block, URL-bound widgets,
tables, downloads, sources and the citation line.

Costs, and why things are the way they are:
- The catalogue is one read-only object per data version shared by all sessions (st.cache_resource), not a copy per
  run; each page's view is built once per (data version, language, filter values) and shared the same way, so a rerun
  after a filter change costs drawing only.
- Tables behind charts and their CSV downloads are made only when asked for: the table expander renders its content
  only when open, and a download's bytes are produced when the button is clicked.
- No `st.code` (it pulls a 1.5 MB syntax highlighter into the browser for one line of text).
Strings from data or the URL reach the page only escaped (tipdash.safe); links are built from validated URLs.
"""
from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pandas as pd
import streamlit as st

from etl.paths import current_build
from etl.web import STATIC_GEO
from tipdash import html, urlstate, views
from tipdash.catalogue import Catalogue, DataMissing, data_dir
from tipdash.i18n import LANGUAGES, direction, messages, t
from tipdash.safe import csv_bytes, md_link, md, safe_url
from tipdash.style import STATIC_URL



# ---- data ----------------------------------------------------------------------------------------------------
def _data_version(directory: Path) -> str:
    """The build data/processed/CURRENT points to (a few bytes read per rerun), or "missing"."""
    folder = current_build(directory)
    return folder.name if folder is not None else "missing"


@st.cache_resource(show_spinner="Loading the processed tables…", max_entries=2)
def _load(directory: str, version: str) -> Catalogue:
    # `version` is part of the key: a rebuilt data set (new CURRENT) is read once, then shared read-only by all sessions.
    # The catalogue reads exactly that build, so a rebuild finishing mid-load cannot mix two builds.
    return Catalogue.load(Path(directory), build=None if version == "missing" else version)


def catalogue(before_stop: Callable[[], None] | None = None) -> Catalogue:
    """The catalogue for the current data version, or a helpful stop if the data is missing or damaged.
    Every page calls this first; no page ever shows a traceback or a server path for a bad build. `before_stop` draws
    what the message page still needs (the shell's language switch: the message is in the reader's language)."""
    directory = data_dir()
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
    if before_stop is not None:
        before_stop()
    st.stop()


@st.cache_resource(show_spinner=False, max_entries=256)
def _view(name: str, directory: str, version: str, args: tuple) -> views.View | views.Block:
    return getattr(views, name)(_load(directory, version), **dict(args))


def page_start() -> tuple[Catalogue, str]:
    """A page's catalogue and language (the shell has drawn its title and introduction)."""
    return catalogue(), lang()


def theme() -> str:
    """'light' or 'dark': the browser's theme, for drawings that cannot inherit the page's colours."""
    try:
        return "dark" if st.context.theme.type == "dark" else "light"
    except Exception:  # noqa: BLE001 - no browser context (AppTest)
        return "light"


def view(name: str, **kwargs):
    """tipdash.views.<name>(catalogue, **kwargs), built once per data version and arguments and shared read-only."""
    cat = catalogue()
    return _view(name, str(data_dir()), cat.version, tuple(sorted(kwargs.items())))


def geojson_url(version: str, geometry: str) -> str | None:
    """URL of the boundaries as a GeoJSON file served by Streamlit's static file server (same origin, offline), or
    None if the app's static/geo does not hold this build's file: the map then carries the GeoJSON itself.

    The ETL publishes pk-<version>.geojson (and world-<version>.geojson) with each build (etl/web.py), so the app
    never writes at run time; a URL instead of the GeoJSON itself keeps the province map's figure small, and the
    browser caches the file once per data version (the world map is drawn on the server: tipdash.svg.world_map).
    Streamlit serves only the app's own static/ folder, so a data folder elsewhere ($TIPDASH_DATA_DIR), whose build
    published its files beside it, gets maps with the GeoJSON inline (heavier pages, same drawing) and a warning in
    the log, instead of blank maps."""
    name = f"{geometry}-{version}.geojson"
    if (STATIC_GEO / name).is_file():
        return f"{STATIC_URL}/geo/{name}"
    _warn_once(f"static/geo/{name} is missing (data from {data_dir()}): maps carry their GeoJSON inline. "
               "Run python -m etl for data/processed, or copy the build's static/geo files into the app's static/geo.")
    return None


@functools.cache  # once per process and message, not on every rerun
def _warn_once(message: str) -> None:
    logging.getLogger(__name__).warning(message)


# ---- language and page chrome ---------------------------------------------------------------------------------
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
@font-face { font-family: 'Noto Nastaliq Urdu'; src: url('{static}/fonts/NotoNastaliqUrdu-Regular.ttf') format('truetype');
  font-weight: 400; font-display: swap; }
@font-face { font-family: 'Noto Nastaliq Urdu'; src: url('{static}/fonts/NotoNastaliqUrdu-Bold.ttf') format('truetype');
  font-weight: 700; font-display: swap; }
@font-face { font-family: 'Noto Naskh Arabic'; src: url('{static}/fonts/NotoNaskhArabic-Regular.ttf') format('truetype');
  font-display: swap; }
[data-testid="stMain"], [data-testid="stSidebar"] { direction: rtl; }
[data-testid="stMain"] *:not([data-testid="stIconMaterial"]), [data-testid="stSidebar"] *:not([data-testid="stIconMaterial"]) {
  font-family: 'Noto Nastaliq Urdu', 'Noto Naskh Arabic', sans-serif; }
[data-testid="stMain"] p, [data-testid="stMain"] li, [data-testid="stSidebar"] p { line-height: 2.1; text-align: right; }
/* Form controls have a fixed height that would clip Nastaliq's tall letters: use the compact Naskh style there. */
[data-baseweb="select"] *, [data-baseweb="popover"] *, [role="option"], input, textarea, .td-card .v, .td-tier *, table.td-grid * {
  font-family: 'Noto Naskh Arabic', 'Noto Sans', sans-serif !important; }
[data-testid="stMain"] .js-plotly-plot, [data-testid="stMain"] .js-plotly-plot * { direction: ltr; }
[data-testid="stMain"] code, [data-testid="stMain"] pre { direction: ltr; font-family: monospace; }
.td-head .td-t { line-height: 1.9; }
/* Nastaliq's letters rise and fall far beyond Latin ones: a page title that wraps (a phone) overlaps its own lines at
   Streamlit's heading line height. */
[data-testid="stMain"] h1, [data-testid="stMain"] h2, [data-testid="stMain"] h3 { line-height: 1.9 !important; }
@media (max-width: 700px) { [data-testid="stMain"] h1 { font-size: 2rem !important; } }
@media (max-width: 640px) { .cards table.td-table td { line-height: 2.1; padding: .12rem 0; } }
.td-rank { line-height: 2.2; row-gap: .3rem; }
</style>
""".replace("{static}", STATIC_URL)


def apply_style() -> None:
    """The components' stylesheet, plus right-to-left layout and the Nastaliq font when the interface is in Urdu."""
    st.html(html.CSS)
    if direction(lang()) == "rtl":
        st.html(_RTL_CSS)


def brief_pdf_job(version: str, geo: str, language: str, cat: Catalogue | None = None):
    """The PDF brief's job in the machine-wide print queue (tipdash.pdf_queue). Without `cat`: the job if the PDF
    is printed already (by any replica, for this data version) or in flight, else None; nothing starts. With
    `cat`: also queue it if needed (shared with every session asking for the same brief)."""
    from tipdash.pdf import brief_job
    from tipdash.pdf_queue import Key, default_queue

    if cat is None:
        return default_queue().find(Key(version, geo, language))
    return brief_job(cat, geo, language)


def notices(items) -> None:
    for kind, text in items:
        (st.warning if kind == "warning" else st.info)(text)


# ---- URL-bound widgets -----------------------------------------------------------------------------------------
def selectbox(label: str, options: list, key: str, default, format_func=str, aliases=None, container=st, **kw):
    urlstate.bind(key, options, default, aliases, label=label)
    value = container.selectbox(label, options, key=key, format_func=format_func, **kw)
    urlstate.publish(key, default)
    return value


def radio(label: str, options: list, key: str, default, format_func=str, aliases=None, container=st, **kw):
    urlstate.bind(key, options, default, aliases, label=label)
    # radio options are rendered as Markdown: labels go out escaped
    value = container.radio(label, options, key=key, format_func=lambda o: md(format_func(o)), **kw)
    urlstate.publish(key, default)
    return value


def multiselect(label: str, options: list, key: str, default: list, format_func=str, aliases=None, container=st, **kw):
    urlstate.bind(key, options, default, aliases, kind="multi", label=label)
    kw.setdefault("placeholder", tr("common.choose"))  # Streamlit's own placeholder is English only
    value = container.multiselect(label, options, key=key, format_func=format_func, **kw)
    urlstate.publish(key, default, kind="multi")
    return value


def filter_summary(filters: list[tuple[str, list[str]]], shown: int = 3) -> str:
    """One line naming the filters in force, for a reader who does not open the filter controls: "Places: Punjab ·
    Years: 2016–2024", the first `shown` values of each and how many more. An empty list (or only "") is no filter;
    with none in force the line says so. Plain text: escape it for Markdown where it is drawn."""
    sep = "، " if direction(lang()) == "rtl" else ", "  # the Urdu comma in the Urdu interface
    parts = []
    for label, values in filters:
        values = [v for v in values if v]
        if values:
            more = len(values) - shown
            parts.append(f"{label}: " + sep.join(values[:shown]) + (tr("data.filter_more", n=more) if more > 0 else ""))
    return " · ".join(parts) if parts else tr("data.no_filter")


def year_range(label: str, lo: int, hi: int, key: str, container=st) -> tuple[int, int]:
    """A range of years as two select boxes, from and to (in the URL as one value, ?key=2016-2017).

    Why not a slider: st.slider pulls ~130 KB of extra scripts (moment.js among them) that no other widget on a page
    needs, and a select box is easier to set to one exact year on a phone. Picking a start after the end (or an end
    before the start) swaps them, so the range is never empty."""
    years = list(range(lo, hi + 1))
    urlstate.bind(key, years, (lo, hi), kind="range", label=label)
    urlstate.page_scoped(key)  # not a widget's value: a page switch forgets it, as the page's widgets
    start_key, end_key = f"{key}-from", f"{key}-to"

    def picked() -> None:  # runs before the script: the two boxes -> the range
        st.session_state[key] = tuple(sorted((st.session_state[start_key], st.session_state[end_key])))

    st.session_state[start_key], st.session_state[end_key] = st.session_state[key]
    c1, c2 = container.columns(2)
    c1.selectbox(tr("common.year_from", label=label), years, key=start_key, on_change=picked)
    c2.selectbox(tr("common.year_to", label=label), list(reversed(years)), key=end_key, on_change=picked)
    urlstate.publish(key, (lo, hi), kind="range")
    return st.session_state[key]


def tabs(key: str, ids: list[str], label_prefix: str, params: dict[str, dict] | None = None) -> tuple[str, dict]:
    """Tabs whose content is built only while open, with the open tab in the URL as an id (?key=id).

    Only the open tab's elements are built and sent (a lighter first paint, and widgets on other tabs load no code);
    a click reruns the script. The tab widget holds the label the reader sees, which differs by language, so the
    URL and session state hold the id: `key` is the id, `key`-tabs the widget; the URL names every tab but the first.

    `params` gives each tab's own URL parameters with their defaults ({"world": {"tier_year": 2025}}, a list default
    for a multiselect). While a tab is closed they leave the URL (a link opens what the reader sees) and their values
    are kept for when it opens again. A link that names no tab opens the first tab whose parameter it sets to a value
    other than the default: links made before a page had tabs (which the old citation line made with every default
    spelled out) open the view they were made for. The open tab is page-scoped (urlstate.page_scoped): a page switch
    forgets it, so a page opens on its default or its URL's tab, as its filters do. Returns the open tab's id and
    {id: container}."""
    labels = {i: tr(f"{label_prefix}{i}") for i in ids}
    by_label = {t(f"{label_prefix}{i}", code): i for i in ids for code in LANGUAGES}
    widget = f"{key}-tabs"

    def clicked() -> None:  # runs before the script: the clicked label -> its id
        st.session_state[key] = by_label.get(st.session_state.get(widget), st.session_state.get(key))

    params = params or {}
    named = [i for i in ids if any(urlstate.names_other_than(name, default, "multi" if isinstance(default, list) else "single")
                                   for name, default in params.get(i, {}).items())]
    urlstate.bind(key, ids, (named or ids)[0], by_label, label=tr("common.tab"))
    urlstate.page_scoped(key)
    open_id = st.session_state[key]
    for tab_id, names in params.items():
        if tab_id != open_id:
            for name in names:
                urlstate.keep_off_url(name)
    st.session_state[widget] = labels[open_id]
    containers = st.tabs(list(labels.values()), key=widget, on_change=clicked)
    urlstate.publish(key, ids[0])
    return open_id, dict(zip(ids, containers))


# ---- tables, downloads, charts ---------------------------------------------------------------------------------
def dated(frame: pd.DataFrame) -> pd.DataFrame:
    """Period columns as plain dates (2024-01-01, not 2024-01-01 00:00:00) for tables and CSV downloads."""
    out = frame.copy()
    for col in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[col]):
            out[col] = out[col].dt.date
    return out


LINK_COLUMNS = ("source_url", "url", "independent_url")


def show_table(frame: pd.DataFrame) -> None:
    """A table with dates as dates, column headers in the interface language and clickable (validated) links.
    (Downloads keep the machine-readable column names.)"""
    data = dated(frame)
    config = {}
    for c in data.columns:
        label = tr(f"col.{c}") if f"col.{c}" in messages() else c
        if c in LINK_COLUMNS:
            data[c] = data[c].map(lambda u: safe_url(u) or "")
            config[c] = st.column_config.LinkColumn(label)
        else:
            config[c] = st.column_config.Column(label)
    st.dataframe(data, hide_index=True, width="stretch", column_config=config)


def html_table(frame: pd.DataFrame, show: list[str] | None = None, **options) -> None:
    """A small table as light HTML (headers in the interface language, dates as dates, links validated): no data-grid
    JavaScript for a few rows that need no sorting. Big, sortable tables use show_table. `show` picks and orders the
    columns (others stay available to the cells, e.g. a title's URL); `options` go to html.table."""
    data = dated(frame)
    columns = [(c, tr(f"col.{c}") if f"col.{c}" in messages() else c) for c in (show or data.columns)]
    st.html(html.table(data.to_dict("records"), columns, lang=lang(), **options))


# Rows per page of a paged table. Ten: an explorer row with its quote is ~4 lines tall, so ten rows are about two
# screens at 1400x1000 and the pager above them stays in reach; 25 were five screens. (Speed: 0.03 s sooner on Data &
# sources in one A/B run of 14 fresh loads, no difference in an earlier one.)
PAGE_ROWS = 10


def paged_table(frame: pd.DataFrame, key: str, show: list[str] | None = None, **options) -> None:
    """Many rows, one page at a time as light HTML (the data grid's JavaScript is the heaviest part of a page
    without charts, and most visits only read), turned with Previous / Next; a button opens the interactive grid (every
    column) to sort, search and resize. `show` picks the columns read on the page; the grid and the CSV keep them all.

    Why buttons and not a toggle and a page select box: Streamlit loads each kind of widget's scripts when one is first
    drawn, and buttons share theirs with every page's other buttons. In a fresh browser on Data & sources (medians of
    11-15 loads) the toggle cost ~0.06 s of a ~1.1 s first paint, and the page select box kept loading the select
    box's scripts after the filters had moved into a popover. The grid switch and the page are values kept outside
    widgets, so a page switch forgets them (urlstate.page_scoped); the page is kept with the page count, so new
    filters that change it start on page 1."""
    grid_key, page_key = f"{key}-grid", f"{key}-page"
    urlstate.page_scoped(grid_key)
    urlstate.page_scoped(page_key)

    def flip() -> None:
        st.session_state[grid_key] = not st.session_state.get(grid_key, False)

    if st.session_state.get(grid_key, False):
        st.button(tr("data.grid_close"), key=f"{grid_key}-switch", on_click=flip)
        show_table(frame)
        return
    st.button(tr("data.grid"), key=f"{grid_key}-switch", on_click=flip, help=tr("data.grid_help"))
    pages = max(1, -(-len(frame) // PAGE_ROWS))
    kept_pages, page = st.session_state.get(page_key, (pages, 1))
    page = min(max(int(page), 1), pages) if kept_pages == pages else 1
    st.session_state[page_key] = (pages, page)
    first = (page - 1) * PAGE_ROWS
    showing = tr("data.showing", first=first + 1, last=min(len(frame), first + PAGE_ROWS), n=len(frame))
    if pages > 1:
        def turn(step: int) -> None:
            count, at = st.session_state.get(page_key, (pages, page))
            st.session_state[page_key] = (count, min(max(at + step, 1), count))

        with st.container(horizontal=True, vertical_alignment="center", key=f"{key}-pager"):
            st.button(tr("data.previous"), key=f"{key}-previous", on_click=turn, args=(-1,), disabled=page == 1)
            st.button(tr("data.next"), key=f"{key}-next", on_click=turn, args=(1,), disabled=page == pages)
            st.caption(tr("data.page", page=page, pages=pages) + " · " + showing)
    else:
        st.caption(showing)
    html_table(frame.iloc[first:first + PAGE_ROWS], show, **options)


def download(frame: pd.DataFrame, file_stem: str, key: str, label: str | None = None) -> None:
    """A CSV download whose bytes are made when clicked (formula-like cells neutralised, UTF-8 for Excel)."""
    version = catalogue().version
    st.download_button(label or tr("common.download_chart"), data=lambda: csv_bytes(dated(frame), encoding="utf-8-sig"),
                       file_name=f"{file_stem}-{version}.csv", mime="text/csv", key=key, on_click="ignore")


def table_expander(frame: pd.DataFrame, file_stem: str, slot: str, label: str | None = None) -> None:
    """The table behind a chart and its download, rendered only while the expander is open."""
    exp = st.expander(label or tr("common.table_and_download"), key=f"tbl-{slot}", on_change="rerun")
    if exp.open:
        with exp:
            show_table(frame)
            download(frame, file_stem, key=f"dl-{slot}")


def render_block(block: views.Block, slot: str) -> None:
    """Title, subtitle and legend (HTML), the chart or component, its source and text summary, and the table behind it.
    `slot` is the block's stable place on the page: the same element key across filter changes lets the browser update
    a figure in place instead of rebuilding it."""
    st.html(block.head_html)
    if block.fig is not None:
        st.plotly_chart(block.fig, width="stretch", config=block.config(), key=f"chart-{slot}", theme="streamlit")
    elif block.frame:
        st.iframe(block.frame, height="content")
    elif block.body:
        st.html(block.body)
    for text in (block.source, block.summary):
        if text:
            st.caption(md(text))
    if block.table is not None and len(block.table):
        table_expander(block.table, block.name, slot)


def cards(items: list[dict]) -> None:
    """Headline figures as cards that wrap (a card never truncates its label or value)."""
    st.html(html.cards(items))


def sources_list(frame: pd.DataFrame) -> None:
    """Numbered list of the distinct sources behind a view (escaped titles, links only from validated URLs)."""
    exp = st.expander(tr("common.sources_for_view"), key="src-sources", on_change="rerun")
    if exp.open:
        docs = frame.dropna(subset=["source_title"]).drop_duplicates("source_title")
        with exp:
            st.markdown("\n".join(f"{i}. {md_link(r.source_title, r.source_url)}" for i, r in enumerate(docs.itertuples(), start=1)))


def cite_this_view(cat: Catalogue, page: str) -> None:
    """A citable line: the full link that reproduces this view and the data version. The link spells out every filter
    as an id, defaults included, so it keeps showing the same view after new data changes a default."""
    params = urlstate.current()
    path = "/" if page == "overview" else f"/{page}"
    base = ""
    try:
        parts = urlsplit(st.context.url or "")
        if parts.scheme in ("http", "https") and parts.netloc:
            base = f"{parts.scheme}://{parts.netloc}"
    except Exception:  # noqa: BLE001 - no request context (tests): cite the path alone
        base = ""
    link = base + path + (f"?{urlencode(params)}" if params else "")
    st.caption(md(tr("common.citation", page=tr(f"nav.{PAGE_KEYS.get(page, page)}"), link=link, version=cat.version)))


PAGE_KEYS = {"overview": "overview", "tip_tiers": "tiers", "provinces": "provinces", "child_victims": "children",
             "brief": "brief", "data_sources": "data"}

