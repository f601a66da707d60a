"""Child victims: each kind of source as its own series, by category, year, province, sex and age where present.

The kind, place and categories apply to the whole page; the three views of them are tabs built only while open
(the page opens on the series over time). A link made before the tabs with a province category other than the
default opens that tab."""
import streamlit as st

from tipdash import shell, ui
from tipdash.i18n import LANGUAGES
from tipdash.safe import md

TABS = ["series", "sex_age", "province"]


def render() -> None:
    cat, L = ui.page_start()
    kinds = {lang: cat.kind_names(lang) for lang in LANGUAGES}
    geo = st.session_state.get("province", "PK")
    by_kind = cat.child_indicators_by_kind()
    kind_ids = sorted(by_kind, key=lambda k: -len(by_kind[k]))
    kind = ui.radio(ui.tr("children.kind"), kind_ids, key="kind", default=kind_ids[0], format_func=lambda k: kinds[L].get(k, k),
                    aliases={kinds[lang].get(k, k): k for k in kind_ids for lang in LANGUAGES}, horizontal=True)
    ids = by_kind[kind]
    values = cat.indicator_values
    place_opts = sorted(set(values[values.indicator_id.isin(ids)].geo_code), key=cat.geo_name)
    default_place = geo if geo in place_opts else ("PK" if "PK" in place_opts else place_opts[0])
    place = ui.selectbox(ui.tr("children.place"), place_opts, key="child_place", default=default_place, format_func=lambda c: cat.geo_name(c, L),
                         aliases={cat.geo_name(c, lang): c for c in place_opts for lang in LANGUAGES})
    present = ui.view("children", kind=kind, place=place, picked=(), lang=L).text["present"]
    picked = ui.multiselect(ui.tr("children.categories"), present, key="categories", default=present[:4],
                            format_func=lambda i: cat.indicator_label(i, L), aliases={cat.indicator_label(i, lang): i for i in present for lang in LANGUAGES})
    v = ui.view("children", kind=kind, place=place, picked=tuple(picked), lang=L)

    first_category = (v.text["categories"] or [None])[0]  # the province tab's default category
    open_tab, tabs = ui.tabs(shell.TAB, TABS, "children.tab_", params={"province": {"province_category": first_category}})
    with tabs[open_tab]:
        if open_tab == "series":
            if "series" in v.blocks:
                ui.render_block(v.blocks["series"], "series")
            else:
                st.info(ui.tr("children.empty"))
        elif open_tab == "sex_age":
            _by_sex_and_age(v)
        else:
            _by_province(cat, L, kind, v.text["categories"])
    ui.sources_list(v.tables["sources"])
    ui.cite_this_view(cat, "child_victims")


def _by_sex_and_age(v) -> None:
    """Girls and boys of the picked categories (a chart, or tables for single points and shares), then age bands."""
    by_sex = "by_sex" in v.blocks or "sex_counts" in v.tables or "sex_shares" in v.tables
    if not by_sex and v.tables["bands"].empty:
        st.info(ui.tr("children.no_sex_age"))
    if by_sex:
        st.subheader(ui.tr("children.by_sex"))
        if "by_sex" in v.blocks:
            ui.render_block(v.blocks["by_sex"], "sex")
        if "sex_counts" in v.tables:
            st.caption(ui.tr("children.by_sex_counts_table"))
            ui.html_table(v.tables["sex_counts"])
        if "sex_shares" in v.tables:
            st.caption(ui.tr("children.by_sex_shares_table"))
            ui.html_table(v.tables["sex_shares"])
    if not v.tables["bands"].empty:
        st.subheader(ui.tr("children.by_age"))
        ui.html_table(v.tables["bands"])


def _by_province(cat, L: str, kind: str, categories: list[str]) -> None:
    """One category at a time as a grid of provinces, never a tangle of province-by-category lines."""
    if not categories:
        st.info(ui.tr("children.empty"))
    else:
        category = ui.selectbox(ui.tr("children.province_category"), categories, key="province_category", default=categories[0],
                                format_func=lambda i: cat.indicator_label(i, L),
                                aliases={cat.indicator_label(i, lang): i for i in categories for lang in LANGUAGES})
        pv = ui.view("children_provinces", kind=kind, category=category, lang=L, theme=ui.theme())
        block = pv.blocks.get("by_province")
        if block is not None and block.body:
            ui.render_block(block, "province")
        elif block is not None:
            st.caption(ui.tr("provinces.no_multiples"))
        if pv.text["singles"]:
            st.caption(md(ui.tr("provinces.single_points", values="; ".join(pv.text["singles"]))))
