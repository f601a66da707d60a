"""The app shell around every page: page config, language switch, navigation, the shared province filter and the
notice naming URL values that could not be applied. Public Streamlit API only.

Why pages call it too: page scripts live in `pages/` beside the entry script, which Streamlit treats as a legacy
multipage app until some session calls `st.navigation`. Until then, on a freshly started server, a deep link such as
/provinces?lang=ur runs pages/provinces.py alone. Each page script therefore goes through `page(render)`: inside a
run of the shell it just draws; run alone, it calls `st.navigation`, which takes the app (every later run, in every
session) out of legacy mode, and reruns: the entry script then runs the shell with the requested page inside it.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from contextvars import ContextVar
from typing import NamedTuple

import streamlit as st

from tipdash import ui, urlstate
from tipdash.catalogue import Catalogue
from tipdash.i18n import LANGUAGES
from tipdash.safe import md


class Page(NamedTuple):
    """One page of the app; the first in PAGES is the default page."""
    script: str
    path: str | None  # URL path; None for the default page (/)
    nav: str  # message keys: its name in the navigation, its title and its one-line introduction
    title: str
    intro: str
    # Streamlit front-end elements its first view draws besides the shell's, preloaded by its HTML (tipdash/asgi.py).
    # Not the selectboxes of the chart pages: their 21 files delayed the first content of Provinces and Child victims
    # by 0.04-0.11 s in fresh browsers (three A/B runs), for no gain in charts painted.
    elements: tuple[str, ...] = ()
    # Whether the sidebar draws the province switch. Data & sources does not: its explorer filters by place itself
    # (starting from the province chosen elsewhere), so a second province control there changed nothing on screen.
    province_switch: bool = True


PAGES = [Page("pages/overview.py", None, "nav.overview", "overview.title", "overview.intro"),
         Page("pages/tip_tiers.py", "tip_tiers", "nav.tiers", "tiers.title", "tiers.intro"),
         Page("pages/provinces.py", "provinces", "nav.provinces", "provinces.title", "provinces.intro"),
         Page("pages/child_victims.py", "child_victims", "nav.children", "children.title", "children.intro"),
         Page("pages/brief.py", "brief", "nav.brief", "brief.page_title", "brief.page_intro",
              ("Button", "DownloadButton", "IFrame")),
         Page("pages/data_sources.py", "data_sources", "nav.data", "data.title", "data.intro", ("Button", "DownloadButton"),
              province_switch=False)]
# What the shell draws on every page: the stylesheet (st.html) and the sidebar's radios. Plotly's chart is never
# listed: its 4.6 MB chunk would compete with the front end's own bundle (tipdash/asgi.py).
SHELL_ELEMENTS = ("Html", "Radio")


def preloads() -> dict[str, tuple[str, ...]]:
    """Per page url_path ("" for the default page): the front-end elements its HTML preloads (tipdash.asgi)."""
    return {p.path or "": SHELL_ELEMENTS + p.elements for p in PAGES}


TAB = "tab"  # the URL parameter and session key of a page's open tab (ui.tabs)
_PAGE = "_shell_page"  # the page of the previous run in this session
_LANGUAGE_LABEL = "Language / زبان"  # both languages: a reader who cannot read the current one finds the switch
_LANGUAGE_ALIASES = {label: code for code, label in LANGUAGES.items()}  # old links carry the label (?lang=اردو)
_in_shell: ContextVar[bool] = ContextVar("tipdash_in_shell", default=False)  # per script run (one thread per run)


def run() -> None:
    """The whole app for one script run: the page's title and introduction first, then the sidebar, then the page.

    The language and province are read from the URL or the session before anything is drawn, so the title is already
    in the reader's language and the page uses the filter before its radio is drawn (see _head for why the head goes
    out first)."""
    token = _in_shell.set(True)
    try:
        st.set_page_config(page_title="Pakistan Human-Trafficking Indicators", page_icon="📊", layout="wide")
        urlstate.start_run()
        urlstate.bind("lang", list(LANGUAGES), "en", _LANGUAGE_ALIASES, label=_LANGUAGE_LABEL)
        urlstate.publish("lang", "en")  # now, not when its switch is drawn: every citation link spells it out
        ui.apply_style()
        nav = _navigation()
        if st.session_state.get(_PAGE, nav.url_path) != nav.url_path:  # a page switch: what the old page kept outside widgets (its open tab) goes too
            urlstate.forget_page_scoped()
        st.session_state[_PAGE] = nav.url_path
        cat, units = _bind_province()
        url_notice = st.empty()  # above the page: what a link asked for that could not be applied
        page = next(p for p in PAGES if (p.path or "") == nav.url_path)
        _head(page)
        _sidebar(cat, units, page.province_switch)
        nav.run()
        _ignored_notice(url_notice)
    finally:
        _in_shell.reset(token)


HEAD_PAUSE_S = 0.03
_HEAD_DRAWN = "_head_drawn"


def _head(page: Page) -> None:
    """The page's title and introduction; on a session's first run, then a pause of HEAD_PAUSE_S.

    Why: Streamlit sends each element as the script reaches it, and the browser draws what has arrived in one pass.
    A whole page arrives within ~20 ms, so a fresh load drew the title together with the sidebar, controls, charts and
    tables, in one ~0.2 s pass on a 2-core machine, and the title showed up with everything else. After the pause the
    rest follows and is drawn as before; the title and introduction are drawn on their own first. Measured in fresh
    browsers (benchmarks/bench_pages.py's "first content", medians of 12 loads, bare Streamlit app 0.78 s): Provinces
    1.03 -> 0.81 s, Overview 1.01 -> 0.84 s; charts painted unchanged (2.28 -> 2.28 s, 2.10 -> 2.06 s). 15 ms was not
    enough on Overview. Later runs (a click, another page) update a page that is on screen: no pause."""
    st.title(ui.tr(page.title))
    st.caption(ui.tr(page.intro))
    if not st.session_state.get(_HEAD_DRAWN):
        st.session_state[_HEAD_DRAWN] = True
        time.sleep(HEAD_PAUSE_S)


def _navigation():
    return st.navigation([st.Page(p.script, title=ui.tr(p.nav), **({"url_path": p.path} if p.path else {"default": True}))
                          for p in PAGES])


def page(render: Callable[[], None]) -> None:
    """What pages/<name>.py calls: draw the page inside the shell; in a legacy run of this file alone, switch the app
    to st.navigation and run again from the entry script."""
    if _in_shell.get():
        render()
    else:
        # Legacy multipage run (fresh server, deep link). st.navigation takes the app out of legacy mode; the rerun then
        # runs the shell from the entry script with the page inside it. Drawing the shell here instead gave its widgets
        # this file's ids, so the first page switch reset them: the language and province fell back to their defaults.
        _navigation()
        st.rerun()


def _bind_province() -> tuple[Catalogue, list[str]]:
    """The province filter's value for this run, from the URL or the session (its radio is drawn after the head)."""
    cat = ui.catalogue(before_stop=_language_switch)  # a missing-data message keeps the switch to read it in
    units = ["PK", *cat.provinces]
    urlstate.bind("province", units, "PK", _province_aliases(cat, units), label=ui.tr("sidebar.province"))
    urlstate.publish("province", "PK")
    return cat, units


def _province_aliases(cat, units: list[str]) -> dict[str, str]:
    return {cat.geo_name(c, lang): c for c in units for lang in LANGUAGES}


def _language_switch() -> None:
    with st.sidebar:
        ui.radio(_LANGUAGE_LABEL, list(LANGUAGES), key="lang", default="en", format_func=LANGUAGES.get,
                 aliases=_LANGUAGE_ALIASES, horizontal=True)


def _sidebar(cat: Catalogue, units: list[str], province_switch: bool) -> None:
    """The language switch, the province filter and the data version. Without the province switch the sidebar names the
    province in force and where this page filters instead.

    Why a page may go without it: each kind of Streamlit widget a page draws delays its first full paint in a fresh
    browser (the widget's scripts, then one more render; ~0.05 s for a one-radio app), and the eight-option province
    radio was the largest single part of Data & sources, the page without charts nearest its 1.5x budget."""
    L = ui.lang()
    _language_switch()
    with st.sidebar:
        st.markdown(f"**{ui.tr('sidebar.filter')}**")
        if province_switch:
            ui.radio(ui.tr("sidebar.province"), units, key="province", default="PK", format_func=lambda c: cat.geo_name(c, L),
                     aliases=_province_aliases(cat, units), help=ui.tr("sidebar.province_help"))
        else:
            # Set in this run, the value outlives the undrawn radio (Streamlit forgets an undrawn widget's state), so
            # the next page opens on the same province.
            st.session_state["province"] = st.session_state["province"]
            st.caption(md(ui.tr("sidebar.province_elsewhere", province=cat.geo_name(st.session_state["province"], L))))
        st.caption(ui.tr("sidebar.version", version=cat.version))


def _ignored_notice(slot) -> None:
    ignored = urlstate.take_ignored()
    if ignored:
        shown = "; ".join(f"{label} = {value[:40]}{'…' if len(value) > 40 else ''}" for label, value in ignored)  # URL text, as text
        slot.info(md(ui.tr("common.ignored_params", items=shown)))
