"""Data & sources: the analysts' explorer, coverage matrix, definitions, sources, methodology, data version."""
import streamlit as st

from tipdash import shell, ui
from tipdash.i18n import LANGUAGES, tier_label
from tipdash.safe import md
from tipdash.style import TIER_ORDER

# What a reader needs per row on the page; ids, flags and periods stay in the interactive grid and the CSV.
EXPLORER_READING = ["place", "indicator", "year", "value", "unit", "sex", "age_group", "publication_kind", "source_title",
                    "source_quote", "raw_file", "raw_line"]


def render() -> None:
    cat, L = ui.page_start()
    # Only the open tab is built and sent: the coverage chart and the big tables cost nothing until asked for.
    # A tab's own parameters leave the URL while it is closed; a link naming no tab but a coverage indicator (?cov_ind=,
    # as made before the tab was in the URL) opens the coverage tab.
    open_tab, tabs = ui.tabs(shell.TAB, list(TABS), "data.tab_", params={"explorer": dict.fromkeys(["x_geo", "x_ind", "x_kind", "x_years"]),
                                                                    "coverage": dict.fromkeys(["cov_ind"])})
    with tabs[open_tab]:
        TABS[open_tab](cat, L)
    ui.cite_this_view(cat, "data_sources")


def _explorer(cat, L: str) -> None:
    """Every row, filtered by place, indicator, kind and years: ui.PAGE_ROWS rows a page, the grid on request, a CSV.

    The four filters sit in a popover, with the filters in force named beside it. Its widgets load their scripts only
    when it opens: on the first paint they cost ~0.15 s in a fresh browser (multi-select and select boxes), more than
    any other part of the page, and most visits read the rows before they narrow them."""
    vals = cat.indicator_values
    kinds = cat.kind_names(L)
    geo = st.session_state.get("province", "PK")
    places = sorted(set(vals.geo_code), key=cat.geo_name)
    ind_ids = sorted(set(vals.indicator_id))
    kind_ids = sorted(set(cat.indicator_meta.source_kind))
    lo, hi = int(vals.year.min()), int(vals.year.max())
    with st.container(horizontal=True, vertical_alignment="center", key="x-filters"):
        box = st.popover(ui.tr("data.filter"), icon=":material/filter_list:")
        summary = st.empty()
    geos = ui.multiselect(ui.tr("data.places"), places, key="x_geo", default=[geo] if geo in places else [], container=box,
                          format_func=lambda c: cat.geo_name(c, L), aliases={cat.geo_name(c, lang): c for c in places for lang in LANGUAGES})
    inds = ui.multiselect(ui.tr("data.indicators"), ind_ids, key="x_ind", default=[], container=box,
                          format_func=lambda i: cat.indicator_label(i, L), aliases={cat.indicator_label(i, lang): i for i in ind_ids for lang in LANGUAGES})
    kind_sel = ui.multiselect(ui.tr("data.kinds"), kind_ids, key="x_kind", default=[], container=box, format_func=lambda k: kinds.get(k, k))
    years = ui.year_range(ui.tr("data.years"), lo, hi, key="x_years", container=box)
    summary.caption(md(ui.filter_summary([(ui.tr("data.places"), [cat.geo_name(c, L) for c in geos]),
                                          (ui.tr("data.indicators"), [cat.indicator_label(i, L) for i in inds]),
                                          (ui.tr("data.kinds"), [kinds.get(k, k) for k in kind_sel]),
                                          (ui.tr("data.years"), [f"{years[0]}–{years[1]}" if years != (lo, hi) else ""])])))
    rows = cat.explorer(geos, inds, kind_sel, years, lang=L)
    st.caption(ui.tr("data.rows", n=len(rows)))
    if rows.empty:
        st.info(ui.tr("data.no_rows"))
    else:
        ui.paged_table(rows, key="x_rows", show=EXPLORER_READING, titled_links={"source_title": "source_url"},
                       clamp=("source_quote",))
        ui.download(rows, "pakistan-trafficking-indicators", key="dl-explorer", label=ui.tr("data.download"))


def _coverage(cat, L: str) -> None:
    """Which places have values in which years for one indicator, and the TIP list's coverage per year."""
    ind_ids = sorted(set(cat.indicator_values.indicator_id))
    ind = ui.selectbox(ui.tr("common.indicator"), ind_ids, key="cov_ind", default=ind_ids[0], format_func=lambda i: cat.indicator_label(i, L),
                       aliases={cat.indicator_label(i, lang): i for i in ind_ids for lang in LANGUAGES})
    ui.render_block(ui.view("coverage", indicator=ind, lang=L), "coverage")
    st.markdown(f"**{ui.tr('data.tier_coverage')}**")
    ui.show_table(cat.tier_year_coverage().rename(columns=lambda c: tier_label(c, L) if c in TIER_ORDER else c))  # "2WL" -> its name


def _definitions(cat, L: str) -> None:
    """Indicator definitions with their scope and caveats; the kinds of source and of publication."""
    d = cat.indicators.assign(kind=cat.indicators.source_kind.map(cat.kind_names(L)))
    cols = ["indicator_id", "label_ur", "summary_ur"] if L == "ur" else ["indicator_id", "label", "definition"]
    ui.show_table(d[cols + ["unit", "kind", "age_scope", "sex_scope", "caveat", "period_rule"]])
    ui.show_table(cat.source_kinds)
    ui.show_table(cat.publication_kinds)


def _sources(cat, L: str) -> None:
    """Every document behind the data, with a CSV of the list."""
    st.caption(ui.tr("data.sources_note"))
    src = cat.sources.assign(publication_kind=cat.sources.publication_kind.map(cat.publication_kind_names(L)))
    ui.show_table(src[["title", "producer", "publisher", "publication_kind", "published", "data_through", "study_label",
                       "licence", "url", "n_rows"]])
    ui.download(cat.sources, "sources", key="dl-sources", label=ui.tr("data.download_sources"))


def _method(cat, _lang: str) -> None:
    """How the data is made, and the data version with each table's row count."""
    for key in ("flow", "periods", "rates", "missing", "kinds", "sources", "boundaries"):
        st.markdown(f"- {ui.tr(f'method.{key}')}")
    st.json({"data_version": cat.version, "outputs": {k: v["rows"] for k, v in cat.manifest["outputs"].items()}})


TABS = {"explorer": _explorer, "coverage": _coverage, "definitions": _definitions, "sources": _sources, "method": _method}
