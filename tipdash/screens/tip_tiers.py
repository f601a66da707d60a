"""TIP tiers: Pakistan's timeline with events, world map by year, South Asia grid, compare any country.

One tab per view, built only while open: the page opens on Pakistan's history, and the world map, the South Asia
grid and the comparison (with their select boxes) cost nothing until asked for. Links made before the tabs still
open the right view: a year other than the default (?tier_year=2013) opens the map, a list of countries other than
the default (?compare=NPL) the comparison.
"""
import streamlit as st

from tipdash import shell, ui

TABS = ["pakistan", "world", "south_asia", "compare"]
COMPARE_DEFAULT = ["IND", "BGD"]


def render() -> None:
    cat, L = ui.page_start()
    open_tab, tabs = ui.tabs(shell.TAB, TABS, "tiers.tab_", params={"world": {"tier_year": cat.default_tier_year()},
                                                                  "compare": {"compare": COMPARE_DEFAULT}})
    with tabs[open_tab]:
        {"pakistan": _pakistan, "world": _world, "south_asia": _south_asia, "compare": _compare}[open_tab](cat, L)
    ui.cite_this_view(cat, "tip_tiers")


def _pakistan(cat, L: str) -> None:
    timeline = ui.view("tiers_timeline", lang=L)
    ui.render_block(timeline.blocks["timeline"], "timeline")
    if timeline.text["events"]:
        st.caption(ui.tr("tiers.events", events=timeline.text["events"]))
    ui.table_expander(timeline.tables["crosscheck"], "pakistan-tier-crosscheck", "crosscheck", label=ui.tr("tiers.crosscheck"))


def _world(cat, L: str) -> None:
    # A select box, newest first, as the year on Provinces: its code is shared with the countries' multiselect of the
    # comparison (a slider would pull ~130 KB of extra scripts), and it is easier on a phone.
    c1, _ = st.columns([1, 3])
    year = ui.selectbox(ui.tr("tiers.year"), list(reversed(cat.tier_years())), key="tier_year", default=cat.default_tier_year(),
                        container=c1, help=ui.tr("tiers.year_help"))
    world = ui.view("tiers_world", year=year, lang=L)
    ui.notices(world.text["notices"])
    ui.render_block(world.blocks["world"], "world")


def _south_asia(cat, L: str) -> None:
    ui.render_block(ui.view("tiers_south_asia", lang=L), "south_asia")


def _compare(cat, L: str) -> None:
    names = dict(zip(cat.countries.iso3, cat.countries.name))
    tier_iso = sorted(set(cat.tip_tiers.iso3), key=lambda i: names.get(i, i))
    picked = ui.multiselect(ui.tr("tiers.countries"), [i for i in tier_iso if i != "PAK"], key="compare", default=COMPARE_DEFAULT,
                            format_func=lambda i: names.get(i, i), aliases={n: i for i, n in names.items()}, max_selections=8)
    ui.render_block(ui.view("tiers_compare", compare=tuple(picked), lang=L), "compare")
