"""The app shell around every page: page config, language switch, navigation, the shared province filter and the
notice naming URL values that could not be applied. Public Streamlit API only.

Why pages call it too: page scripts live in `pages/` beside the entry script, which Streamlit treats as a legacy
multipage app until some session calls `st.navigation`. Until then, on a freshly started server, a deep link such as
/provinces?lang=ur runs pages/provinces.py alone. Each page script therefore goes through `page(render)`: inside a
run of the shell it just draws; run alone, it calls `st.navigation`, which takes the app (every later run, in every
session) out of legacy mode, and reruns: the entry script then runs the shell with the requested page inside it.
"""
from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar

import streamlit as st

from tipdash import ui, urlstate
from tipdash.i18n import LANGUAGES
from tipdash.safe import md

# (script, url path, message key of the title); the first is the default page
PAGES = [("pages/overview.py", None, "nav.overview"), ("pages/tip_tiers.py", "tip_tiers", "nav.tiers"),
         ("pages/provinces.py", "provinces", "nav.provinces"), ("pages/child_victims.py", "child_victims", "nav.children"),
         ("pages/brief.py", "brief", "nav.brief"), ("pages/data_sources.py", "data_sources", "nav.data")]

TAB = "tab"  # the URL parameter and session key of a page's open tab (ui.tabs)
_PAGE = "_shell_page"  # the page of the previous run in this session
_LANGUAGE_LABEL = "Language / زبان"  # both languages: a reader who cannot read the current one finds the switch
_LANGUAGE_ALIASES = {label: code for code, label in LANGUAGES.items()}  # old links carry the label (?lang=اردو)
_in_shell: ContextVar[bool] = ContextVar("tipdash_in_shell", default=False)  # per script run (one thread per run)


def run() -> None:
    """The whole app for one script run: the shell, with the page the URL asks for inside it.

    The sidebar (language switch, province filter) is drawn after the page: its values are read from the URL and
    session state first, so the page already uses them, and the first elements the browser gets are the page's title
    and introduction (see ui.page_start). Drawn first, the sidebar went into the browser's first drawing pass with them."""
    token = _in_shell.set(True)
    try:
        st.set_page_config(page_title="Pakistan Human-Trafficking Indicators", page_icon="📊", layout="wide")
        urlstate.start_run()
        urlstate.bind("lang", list(LANGUAGES), "en", _LANGUAGE_ALIASES, label=_LANGUAGE_LABEL)
        urlstate.publish("lang", "en")  # now, not when its switch is drawn: the page's citation spells it out
        ui.apply_style()
        nav = _navigation()
        if st.session_state.get(_PAGE, nav.url_path) != nav.url_path:  # a page switch: what the old page kept outside widgets (its open tab) goes too
            urlstate.forget_page_scoped()
        st.session_state[_PAGE] = nav.url_path
        units = _bind_province()
        url_notice = st.empty()  # above the page: what a link asked for that could not be applied
        try:
            nav.run()
        finally:  # also when the page stops early: the controls and their values stay
            _sidebar(units)
        _ignored_notice(url_notice)
    finally:
        _in_shell.reset(token)


def _navigation():
    return st.navigation([st.Page(script, title=ui.tr(title), **({"url_path": path} if path else {"default": True}))
                          for script, path, title in PAGES])


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


def _bind_province() -> list[str]:
    """The province filter's value for this run, from the URL or the session (its radio is drawn after the page)."""
    cat = ui.catalogue()
    units = ["PK", *cat.provinces]
    urlstate.bind("province", units, "PK", _province_aliases(cat, units), label=ui.tr("sidebar.province"))
    urlstate.publish("province", "PK")
    return units


def _province_aliases(cat, units: list[str]) -> dict[str, str]:
    return {cat.geo_name(c, lang): c for c in units for lang in LANGUAGES}


def _sidebar(units: list[str]) -> None:
    cat = ui.catalogue()
    L = ui.lang()
    with st.sidebar:
        ui.radio(_LANGUAGE_LABEL, list(LANGUAGES), key="lang", default="en", format_func=LANGUAGES.get,
                 aliases=_LANGUAGE_ALIASES, horizontal=True)
        st.markdown(f"**{ui.tr('sidebar.filter')}**")
        ui.radio(ui.tr("sidebar.province"), units, key="province", default="PK", format_func=lambda c: cat.geo_name(c, L),
                 aliases=_province_aliases(cat, units), help=ui.tr("sidebar.province_help"))
        st.caption(ui.tr("sidebar.version", version=cat.version))


def _ignored_notice(slot) -> None:
    ignored = urlstate.take_ignored()
    if ignored:
        shown = "; ".join(f"{label} = {value[:40]}{'…' if len(value) > 40 else ''}" for label, value in ignored)  # URL text, as text
        slot.info(md(ui.tr("common.ignored_params", items=shown)))
