"""TIP tiers: Pakistan's timeline with events, world map by year, South Asia grid, compare any country."""
import streamlit as st

from tipdash import ui


def render() -> None:
    cat, L = ui.page_start("tiers.title", "tiers.intro")

    timeline = ui.view("tiers_timeline", lang=L)
    ui.render_block(timeline.blocks["timeline"], "timeline")
    if timeline.text["events"]:
        st.caption(ui.tr("tiers.events", events=timeline.text["events"]))
    ui.table_expander(timeline.tables["crosscheck"], "pakistan-tier-crosscheck", "crosscheck", label=ui.tr("tiers.crosscheck"))

    st.subheader(ui.tr("tiers.world_heading"))
    # A select box, newest first, as the year on Provinces: its code mostly shared with the countries' multiselect below
    # (a slider pulls ~130 KB of extra scripts into the first visit of this page), and it is easier on a phone.
    c1, _ = st.columns([1, 3])
    year = ui.selectbox(ui.tr("tiers.year"), list(reversed(cat.tier_years())), key="tier_year", default=cat.default_tier_year(),
                        container=c1, help=ui.tr("tiers.year_help"))
    world = ui.view("tiers_world", year=year, lang=L)
    ui.notices(world.text["notices"])
    ui.render_block(world.blocks["world"], "world")

    st.subheader(ui.tr("tiers.south_asia"))
    names = dict(zip(cat.countries.iso3, cat.countries.name))
    tier_iso = sorted(set(cat.tip_tiers.iso3), key=lambda i: names.get(i, i))
    ui.render_block(ui.view("tiers_south_asia", lang=L), "south_asia")

    st.subheader(ui.tr("tiers.compare"))
    picked = ui.multiselect(ui.tr("tiers.countries"), [i for i in tier_iso if i != "PAK"], key="compare", default=["IND", "BGD"],
                            format_func=lambda i: names.get(i, i), aliases={n: i for i, n in names.items()}, max_selections=8)
    ui.render_block(ui.view("tiers_compare", compare=tuple(picked), lang=L), "compare")
    ui.cite_this_view(cat, "tip_tiers")
