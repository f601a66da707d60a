"""Provinces: choropleth of the 7 units with a ranking, small multiples over time, and sub-province figures listed
apart, each on its own tab below the page's controls (the indicator applies to every tab, the measure to the map,
ranking and series, the year to the map, ranking and the selected unit's figure)."""
import streamlit as st

from tipdash import shell, ui
from tipdash.catalogue import MEASURES
from tipdash.i18n import LANGUAGES, t
from tipdash.safe import md


def render() -> None:
    cat, L = ui.page_start()
    inds = cat.province_indicators()
    c1, c2, c3 = st.columns([3, 1, 2])
    ind = ui.selectbox(ui.tr("common.indicator"), inds, key="indicator", default=inds[0], container=c1,
                       format_func=lambda i: cat.indicator_label(i, L),
                       aliases={cat.indicator_label(i, lang): i for i in inds for lang in LANGUAGES})
    years = list(reversed(cat.indicator_years(ind)))
    year = ui.selectbox(ui.tr("common.year"), years, key="year", default=cat.best_year(ind), container=c2, help=ui.tr("provinces.year_help"))
    measure = ui.radio(ui.tr("provinces.measure"), list(MEASURES), key="measure", default="value", container=c3, horizontal=True,
                       format_func=lambda m: ui.tr(f"measure.{m}"), aliases={t(f"measure.{m}", lang): m for m in MEASURES for lang in LANGUAGES},
                       help=ui.tr("provinces.measure_help"))
    v = ui.view("provinces", indicator=ind, year=year, measure=measure, geojson_url=ui.geojson_url(cat.version, "pk"), lang=L, theme=ui.theme())
    ui.notices(v.text["notices"])
    st.caption(md(v.text["definition"]))

    selected = st.session_state.get("province", "PK")
    if selected in v.text["selected"]:
        name, has, value, period, source = v.text["selected"][selected]
        with st.container(border=True):
            st.markdown(f"**{md(name)}**: " + md(ui.tr("provinces.selected_value", value=value, period=period, source=source)
                                                            if has else ui.tr("provinces.selected_no_data", year=year)))

    open_tab, tabs = ui.tabs(shell.TAB, TABS, "provinces.tab_")
    with tabs[open_tab]:
        TAB_VIEWS[open_tab](v)
    ui.sources_list(v.tables["sources"])
    ui.cite_this_view(cat, "provinces")


def _map_and_ranking(v) -> None:
    map_col, bar_col = st.columns([3, 2])
    with map_col:
        ui.render_block(v.blocks["map"], "map")
    with bar_col:
        ui.render_block(v.blocks["bar"], "bar")


def _over_time(v) -> None:
    if "multiples" not in v.blocks:
        st.info(ui.tr("provinces.no_series"))
        return
    block = v.blocks["multiples"]
    if block.body:
        ui.render_block(block, "multiples")
    else:
        st.caption(ui.tr("provinces.no_multiples"))
    if v.text["singles"]:
        st.caption(md(ui.tr("provinces.single_points", values="; ".join(v.text["singles"]))))


def _within_provinces(v) -> None:
    if v.tables["sub"].empty:
        st.caption(ui.tr("provinces.no_sub"))
    else:
        st.caption(ui.tr("provinces.sub_note"))
        ui.html_table(v.tables["sub"])


# The page opens on the map and ranking of the chosen year; the series over time and the sub-province figures are built
# only when their tab is opened.
TAB_VIEWS = {"map": _map_and_ranking, "over_time": _over_time, "sub": _within_provinces}
TABS = list(TAB_VIEWS)
