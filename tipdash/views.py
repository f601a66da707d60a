"""What each page shows, as data: pure functions (catalogue, filter values, language) -> View. No Streamlit.

A page asks for its view and draws it (tipdash.ui); the view holds every chart, HTML component, caption and table,
so it can be cached per data version, language and filter values and a rerun costs only drawing. All wording comes
from the message catalogue; all data strings are escaped by the components that put them on the page.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from tipdash import charts, html, svg
from tipdash.catalogue import Catalogue, age_bands, children_by_sex, count_totals
from tipdash.i18n import date_text, period_kind, period_text, t, tier_label, unit_text, value_text
from tipdash.numbers import number_text
from tipdash.safe import plotly as ptext
from tipdash.style import NO_DATA_COLOUR, NO_DATA_LINE, TIER_COLOURS, TIER_ORDER


@dataclass(frozen=True)
class Block:
    """One chart or component with its words: title, subtitle (unit, period), legend, source line, text summary and
    the table behind it (shown on demand and downloadable)."""
    title: str
    subtitle: str = ""
    legend: tuple = ()
    fig: go.Figure | None = None
    geo: bool = False
    body: str = ""  # HTML component (already escaped) when there is no Plotly figure
    frame: str = ""  # or a document of its own, shown in a frame: SVG (st.html keeps HTML only)
    source: str = ""
    summary: str = ""
    table: pd.DataFrame | None = None
    name: str = "chart"

    @property
    def head_html(self) -> str:
        return html.head(self.title, self.subtitle, [html.LegendItem(*item) for item in self.legend])

    def config(self) -> dict:
        return charts.Chart(self.fig, self.title, filename=self.name, geo=self.geo).config()


@dataclass(frozen=True)
class View:
    blocks: dict[str, Block] = field(default_factory=dict)
    text: dict[str, object] = field(default_factory=dict)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)


# ---- shared wording ------------------------------------------------------------------------------------------
SOURCES_NAMED = 3  # a source line names this many documents, then says how many more


def source_line(cat: Catalogue, titles, lang: str) -> str:
    """'Source: A; B; C and 2 more' from the documents behind a view, by their short labels (full titles, links and
    quotes are in the hover text and the table)."""
    labels = list(dict.fromkeys(cat.source_label(x) for x in titles if isinstance(x, str) and x))
    if not labels:
        return ""
    more = " " + t("common.more_sources", lang, n=len(labels) - SOURCES_NAMED) if len(labels) > SOURCES_NAMED else ""
    return t("chart.source", lang, source="; ".join(labels[:SOURCES_NAMED]) + more)


def kind_text(cat: Catalogue, source_kind: str, publication_kind: str, lang: str) -> str:
    """'Media monitoring (NGO) · press report of a primary source': what kind of data, and how directly it was read."""
    parts = [cat.kind_names(lang).get(source_kind, ""), cat.publication_kind_names(lang).get(publication_kind, "")]
    return " · ".join(p for p in parts if p)


def _period(r, lang: str) -> str:
    return period_text(r["period_start"], r["period_end"], lang)


def _hover(name: str, value: str, period: str, source: str, kind: str, lang: str) -> str:
    return (f"<b>{ptext(name)}</b>: {ptext(value)}<br>{ptext(t('chart.period', lang, period=period))}<br>"
            f"{ptext(kind)}<br>{ptext(t('chart.source', lang, source=source))}")


def _tier_rows(cat: Catalogue, frame: pd.DataFrame, lang: str, with_country: bool = False) -> list[dict]:
    """Cells for the tier strip and grids, each with a tooltip naming the tier, the source (its short label, as in map
    hovers; full titles are in the table) and how directly it was read."""
    kinds = cat.publication_kind_names(lang)
    out = []
    for r in frame.itertuples():
        who = f"{r.country}, " if with_country else ""
        sec = r.publication_kind == "secondary_list"
        tip = (f"{who}{int(r.report_year)}: {tier_label(r.tier, lang)}" + (f" ({t('chart.secondary_mark', lang)})" if sec else "")
               + f" — {t('chart.source', lang, source=cat.source_label(r.source_title))} ({kinds.get(r.publication_kind, r.publication_kind)})")
        out.append({"iso3": r.iso3, "year": int(r.report_year), "tier": r.tier, "tip": tip, "secondary": sec})
    return out


def _tier_legend(tiers: pd.Series, secondary: bool, lang: str, gaps: bool = True) -> tuple:
    items = [(tier_label(x, lang), TIER_COLOURS[x], "box") for x in TIER_ORDER if (tiers == x).any()]
    if gaps:
        items.append((t("chart.no_tier_short", lang), "#9e9e9e", "empty"))
    if secondary:
        items.append((t("chart.secondary_mark", lang), "#555555", "empty"))
    return tuple(items)


# ---- Overview ------------------------------------------------------------------------------------------------
def overview(cat: Catalogue, lang: str) -> View:
    hist = cat.tier_history("PAK")
    latest = hist.iloc[-1]
    first, last = int(hist.report_year.min()), int(hist.report_year.max())
    strip = Block(
        title=t("overview.tier_strip_title", lang, start=first, end=last),
        subtitle=t("overview.tier_strip_subtitle", lang),
        legend=_tier_legend(hist.tier, (hist.publication_kind == "secondary_list").any(), lang, gaps=len(hist) < last - first + 1),
        body=html.tier_strip(_tier_rows(cat, hist, lang), first, last, t("chart.no_tier", lang)),
        source=source_line(cat, hist.source_title, lang),
        summary=t("overview.tier_summary", lang, tier=tier_label(latest.tier, lang), year=int(latest.report_year),
                  t3=", ".join(str(y) for y in hist[hist.tier == "3"].report_year) or "—",
                  wl=", ".join(str(y) for y in hist[hist.tier == "2WL"].report_year) or "—"),
        table=hist[["report_year", "tier_label", "publication_kind", "source_title", "source_url", "source_ref"]],
        name="pakistan-tip-tiers")
    head = cat.headline("PK")
    cards = []
    for r in head.to_dict("records"):
        cards.append({"label": cat.indicator_label(r["indicator_id"], lang),
                      "value": value_text(r["value"], r["value_qualifier"], r["unit"], lang),
                      "note": " · ".join([_period(r, lang) + (f" ({t('common.' + period_kind(r['period_start'], r['period_end']), lang)})"
                                                               if period_kind(r["period_start"], r["period_end"]) else ""),
                                          kind_text(cat, r["source_kind"], r["publication_kind"], lang)]),
                      "source_title": r["source_title"], "source_label": cat.source_label(r["source_title"]),
                      "source_url": r["source_url"]})
    changes = []
    for ch in cat.tier_changes("PAK")[-4:]:
        changes.append(t(f"overview.tier_change_{ch['direction']}", lang, year=ch["year"],
                         before=tier_label(ch["from_tier"], lang), after=tier_label(ch["to_tier"], lang)))
    kinds = cat.kind_names(lang)
    for ch in cat.what_changed("PK"):
        label = cat.indicator_label(ch["indicator_id"], lang)
        if ch["change_pct"] is not None:
            key = "overview.value_rose" if ch["change_pct"] > 0 else "overview.value_fell"
            changes.append(t(key, lang, year=ch["to_year"], label=label, pct=f"{abs(ch['change_pct']):.0f}",
                             before=number_text(ch["from"], lang, decimals=0), from_year=ch["from_year"],
                             after=number_text(ch["to"], lang, decimals=0),
                             kind=kinds.get(ch["source_kind"], "")))
        else:
            changes.append(t(f"overview.not_compared_{ch['reason']}", lang, label=label, from_year=ch["from_year"],
                             to_year=ch["to_year"], end=date_text(ch["period_end"], lang)))
    blocks = {"strip": strip}
    trend = _headline_trend(cat, lang)
    if trend is not None:
        blocks["trend"] = trend
    return View(blocks=blocks,
                text={"tier_now": tier_label(latest.tier, lang), "tier_year": int(latest.report_year),
                      "tier_source": latest.source_title, "tier_url": latest.source_url,
                      "tier_source_label": cat.source_label(latest.source_title),
                      "tier_kind": cat.publication_kind_names(lang).get(latest.publication_kind, ""),
                      "cards": cards, "changes": changes})


def _headline_trend(cat: Catalogue, lang: str) -> Block | None:
    """The headline series with the most complete national years, drawn with its gaps: the Overview's one trend."""
    v = cat.totals()
    v = v[(v.geo_code == "PK") & v.indicator_id.isin(cat.headline_indicators) & v.full_year
          & (v.indicator_id.map(cat.indicator_meta.measure_type) == "count")]
    if v.empty:
        return None
    n = v.groupby("indicator_id").year.nunique()
    if n.max() < 3:
        return None
    order = {i: k for k, i in enumerate(cat.headline_indicators)}
    ind = min(n[n == n.max()].index, key=order.get)
    d = v[v.indicator_id == ind].sort_values("year")
    meta = cat.indicator_meta.loc[ind]
    label = cat.indicator_label(ind, lang)
    unit = unit_text(meta.unit, lang)
    kind = cat.kind_names(lang).get(meta.source_kind, "")
    d = d.assign(key=label, hover=[_hover(label, value_text(r["value"], r["value_qualifier"], r["unit"], lang), _period(r, lang),
                                          cat.source_label(r["source_title"]), kind, lang) for r in d.to_dict("records")])
    fig, legend = charts.series(d, unit, lang, height=320)
    first, last = int(d.year.min()), int(d.year.max())
    missing = [y for y in range(first, last + 1) if y not in set(d.year)]
    return Block(title=t("overview.trend_title", lang, label=label, start=first, end=last),
                 subtitle=t("overview.trend_subtitle", lang, unit=unit, kind=kind), fig=fig, legend=(),
                 source=source_line(cat, d.source_title, lang),
                 summary=t("overview.trend_summary", lang, values="; ".join(f"{int(r.year)}: {value_text(r.value, r.value_qualifier, '', lang)}"
                                                                         for r in d.itertuples()),
                           missing=", ".join(str(y) for y in missing) or "—", caveat=t(f"caveat.{meta.source_kind}", lang)),
                 table=d[["year", "period_start", "period_end", "value", "value_qualifier", "unit", "study_id", "source_title", "source_url",
                          "source_quote"]], name=f"pakistan-{ind}-trend")


# ---- TIP tiers -----------------------------------------------------------------------------------------------
def tiers_timeline(cat: Catalogue, lang: str) -> View:
    hist = cat.tier_history("PAK")
    events = cat.events
    # hover text names each document by its short label (the table below has full titles, links and quotes): the
    # figure then carries a few bytes per mark instead of a long title repeated for every mark
    fig, legend = charts.tier_timeline(hist.assign(source_title=hist.source_title.map(cat.source_label)), events, lang)
    label = "label_ur" if lang == "ur" else "label"
    events_text = "; ".join(f"{e['year']}: {e[label]}" for e in events.to_dict("records"))
    block = Block(title=t("tiers.timeline_title", lang), subtitle=t("tiers.timeline_subtitle", lang), legend=legend, fig=fig,
                  source=source_line(cat, hist.source_title, lang),
                  summary=t("tiers.timeline_summary", lang, start=int(hist.report_year.min()), end=int(hist.report_year.max()),
                            history="; ".join(f"{int(r.report_year)} {tier_label(r.tier, lang)}" for r in hist.itertuples())),
                  table=hist[["report_year", "tier_label", "publication_kind", "source_title", "source_url", "source_ref"]],
                  name="pakistan-tier-timeline")
    return View(blocks={"timeline": block}, text={"events": events_text},
                tables={"crosscheck": cat.pakistan_tier_crosscheck.drop(columns=["raw_file", "raw_line"])})


def tiers_world(cat: Catalogue, year: int, lang: str) -> View:
    cov = cat.tier_year_coverage().set_index("report_year")
    row = cov.loc[year]
    tiers = cat.tiers_for_year(year)
    counts = ", ".join(f"{int((tiers.tier == k).sum())} {tier_label(k, lang)}" for k in TIER_ORDER if (tiers.tier == k).any())
    summary = t("tiers.world_summary", lang, year=year, counts=counts)
    # short source labels in the hover titles; full titles, links and quotes in the table
    shapes, legend = world_tier_shapes(tiers.assign(source_title=tiers.source_title.map(cat.source_label)), cat.world_iso3,
                                       dict(zip(cat.countries.iso3, cat.countries.name)), lang)
    notices = []
    if not row.complete:
        notices.append(("warning", t("tiers.incomplete", lang, year=year, n=int(row.countries), full=int(cov.countries.max()))))
    if row.secondary_list:
        notices.append(("info", t("tiers.secondary_note", lang, year=year, n=int(row.secondary_list))))
    block = Block(title=t("tiers.world_title", lang, year=year), subtitle=t("tiers.world_subtitle", lang, n=len(tiers)),
                  legend=legend, frame=svg.document(svg.world_map(cat.web_world_features, shapes, label=summary)),
                  source=source_line(cat, tiers.source_title.value_counts().index, lang), summary=summary,
                  table=tiers[["country", "iso3", "region", "tier_label", "publication_kind", "source_title", "source_url", "source_ref"]],
                  name=f"tip-tiers-world-{year}")
    return View(blocks={"world": block}, text={"notices": notices})


def world_tier_shapes(tiers: pd.DataFrame, all_iso: list[str], names: dict[str, str], lang: str) -> tuple[dict, tuple]:
    """Fill, outline and hover title per country for the world map (svg.world_map), and its legend. A placement
    from an undated secondary list is lighter with a darker outline; a country of `all_iso` without a placement is
    grey 'No tier found' (not 'unranked')."""
    shapes = {}
    for r in tiers.itertuples():
        secondary = r.publication_kind == "secondary_list"
        shapes[r.iso3] = {"fill": TIER_COLOURS[r.tier], "stroke": "#222222" if secondary else "#555555",
                          "stroke_width": 1.1 if secondary else 0.4, "opacity": 0.55 if secondary else 1,
                          "title": f"{r.country}: {tier_label(r.tier, lang)}" + (f" ({t('chart.secondary_mark', lang)})" if secondary else "")
                                   + "\n" + t("chart.source", lang, source=r.source_title)}
    legend = [(tier_label(k, lang), TIER_COLOURS[k], "box") for k in TIER_ORDER if (tiers.tier == k).any()]
    missing = [i for i in all_iso if i not in shapes]
    for iso3 in missing:
        shapes[iso3] = {"fill": NO_DATA_COLOUR, "stroke": NO_DATA_LINE, "title": f"{names.get(iso3, iso3)}: {t('chart.no_tier', lang)}"}
    if missing:
        legend.append((t("chart.no_tier", lang), NO_DATA_COLOUR, "box"))
    if (tiers.publication_kind == "secondary_list").any():
        legend.append((t("chart.secondary_mark", lang), "#bbbbbb", "box"))
    return shapes, tuple(legend)


def tier_grid_block(cat: Catalogue, iso3s: list[str], title: str, lang: str, name: str) -> Block:
    grid = cat.tier_grid(iso3s)
    years = cat.tier_years()
    names = dict(zip(cat.countries.iso3, cat.countries.name))
    present = [i for i in iso3s if i in set(grid.iso3)]
    order = ["PAK"] + sorted((i for i in present if i != "PAK"), key=lambda i: names.get(i, i)) if "PAK" in present else sorted(present, key=lambda i: names.get(i, i))
    return Block(title=title, subtitle=t("tiers.grid_subtitle", lang, start=years[0], end=years[-1]),
                 legend=_tier_legend(grid.tier, (grid.publication_kind == "secondary_list").any(), lang),
                 body=html.tier_grid(_tier_rows(cat, grid.assign(country=grid.iso3.map(names)), lang, with_country=True),
                                     [(i, names.get(i, i)) for i in order], years, t("chart.no_tier", lang)),
                 source=source_line(cat, grid.source_title.value_counts().index, lang), summary=t("tiers.strip_summary", lang),
                 table=grid, name=name)


def tiers_south_asia(cat: Catalogue, lang: str) -> Block:
    return tier_grid_block(cat, cat.south_asia, t("tiers.south_asia_title", lang), lang, "tip-tiers-south-asia")


def tiers_compare(cat: Catalogue, compare: tuple[str, ...], lang: str) -> Block:
    return tier_grid_block(cat, ["PAK", *compare], t("tiers.compare_title", lang), lang, "tip-tiers-compare")


# ---- Provinces -----------------------------------------------------------------------------------------------
def _panels(series: pd.DataFrame, unit: str, lang: str, theme: str = "light") -> tuple[str, list[str]]:
    """Small multiples for units with two or more points; 'Name: value (period)' for units with one (a single point
    is not a chart). Returns (HTML grid, single-point texts)."""
    counts = series.groupby("name").year.transform("size")
    drawn = series[counts >= 2]  # one scale for the drawn panels, so they compare with each other
    top = float(drawn.value.max()) * 1.15 if len(drawn) else 1
    first, last = (int(drawn.year.min()), int(drawn.year.max())) if len(drawn) else (0, 0)
    panels, singles = [], []
    studies = dict(zip(series.study_id, series.get("study_label", series.study_id)))
    for name, d in series.groupby("name", sort=False):
        d = d.sort_values("period_end")
        pts = [{"year": int(r["year"]), "value": float(r["value"]), "full_year": bool(r["full_year"]), "study": r["study_id"],
                "text": value_text(r["value"], r["value_qualifier"], "", lang),
                "tip": f"{name}, {_period(r, lang)}: {value_text(r['value'], r['value_qualifier'], r['unit'], lang)} — {r['source_title']}",
                "break_tip": t("chart.study_break_tip", lang, study=studies.get(r["study_id"], r["study_id"]))}
               for r in d.to_dict("records")]
        if len(pts) < 2:
            r = d.iloc[0]
            singles.append(f"{name} {value_text(r['value'], r['value_qualifier'], '', lang)} ({_period(r, lang)})")
            continue
        alt = f"{name} ({unit}): " + "; ".join(f"{p['year']} {p['text']}" for p in pts)
        panels.append({"name": name, "alt": alt, "svg": svg.year_series(pts, first, last, top, label=alt, theme=theme)})
    return (html.multiples(panels) if panels else ""), singles


def provinces(cat: Catalogue, indicator: str, year: int, measure: str, geojson_url: str | None, lang: str, theme: str = "light") -> View:
    meta = cat.indicator_meta.loc[indicator]
    snap = cat.province_snapshot(indicator, year, measure)
    notices = []
    if measure != "value" and not snap.has_data.any():
        notices.append(("info", t("provinces.no_rate", lang, measure=t(f"measure.{measure}", lang), year=year)))
        measure = "value"
        snap = cat.province_snapshot(indicator, year, measure)
    if not snap.has_data.any():
        unit = unit_text(meta.unit, lang)
    elif measure == "value":
        unit = unit_text(snap[snap.has_data].unit.iloc[0], lang)
    else:  # a rate: its unit in the parts the ETL wrote
        first = snap[snap.has_data].iloc[0]
        unit = unit_text(first.base_unit, lang, first.per_population)
    snap = snap.assign(name=[cat.geo_name(g, lang) for g in snap.geo_code])
    kinds = cat.kind_names(lang)
    pubs = cat.publication_kind_names(lang)
    periods = {_period(r, lang) for r in snap[snap.has_data].to_dict("records")}
    period_label = "; ".join(sorted(periods)) or str(year)
    snap["value_text"] = [value_text(v, q if isinstance(q, str) else "", "", lang) for v, q in zip(snap.value, snap.get("value_qualifier", ""))]
    hover = []
    for r in snap.to_dict("records"):
        if r["has_data"]:
            hover.append(_hover(r["name"], value_text(r["value"], r["value_qualifier"], unit, lang), _period(r, lang),
                                r["source_title"], " · ".join(x for x in (kinds.get(meta.source_kind, ""), pubs.get(r["publication_kind"], "")) if x), lang))
        else:
            hover.append(f"<b>{ptext(r['name'])}</b>: {ptext(t('chart.no_data', lang))}")
    snap["hover"] = hover
    label = cat.indicator_label(indicator, lang)
    missing = list(snap[~snap.has_data].name)
    with_data = ", ".join(f"{r.name} {r.value_text}" for r in snap[snap.has_data].itertuples())
    denominators = sorted(set(snap.get("denominator_label", pd.Series(dtype=str)).dropna()))
    rate_note = t("provinces.rate_denominator", lang, denominators="; ".join(denominators)) if measure != "value" and denominators else ""
    src = source_line(cat, snap.source_title, lang)
    subtitle = t("provinces.map_subtitle", lang, unit=unit, period=period_label)
    table_cols = ["name", "value", "value_qualifier", "period_start", "period_end", "publication_kind", "source_title", "source_url", "has_data"]
    if measure != "value":
        table_cols += ["numerator", "denominator", "denominator_label"]
    table = snap[[c for c in table_cols if c in snap.columns]]
    fig, legend = charts.province_map(snap, geojson_url or cat.web_geojson("pk"), unit, lang)
    map_block = Block(title=t("provinces.map_title", lang, label=label, year=year), subtitle=subtitle, legend=legend, fig=fig,
                      geo=True, source=src, name=f"{indicator}-{year}-{measure}-map",
                      summary=" ".join(x for x in (t("provinces.map_summary", lang, values=with_data or "—"),
                                                   t("chart.no_data_list", lang, places=", ".join(missing)) if missing else "",
                                                   rate_note) if x),
                      table=table)
    bar_block = Block(title=t("provinces.ranking", lang, year=year), subtitle=subtitle,
                      body=html.ranked_bars(snap[snap.has_data].to_dict("records")) if snap.has_data.any() else "", source=src,
                      summary=t("provinces.ranking_summary", lang) + (" " + t("chart.no_data_list", lang, places=", ".join(missing)) if missing else ""),
                      table=table, name=f"{indicator}-{year}-{measure}-ranking")
    series = cat.province_series(indicator, measure)
    blocks = {"map": map_block, "bar": bar_block}
    singles: list[str] = []
    if not series.empty:
        series = series.assign(name=[cat.geo_name(g, lang) for g in series.geo_code],
                               study_label=series.study_id.map(dict(zip(cat.sources.study_id, cat.sources.study_label))).fillna(series.study_id))
        body, singles = _panels(series, unit, lang, theme)
        blocks["multiples"] = Block(title=t("provinces.multiples_title", lang, label=label), subtitle=t("provinces.multiples_subtitle", lang, unit=unit),
                                    legend=((t("chart.full_year_mark", lang), "#2c7bb6", "dot"), (t("chart.part_year_mark", lang), "#2c7bb6", "hollow"),
                                            (t("chart.study_break", lang), "#777777", "dash")) if body else (),
                                    body=body, source=source_line(cat, series.source_title, lang), summary=t("provinces.multiples_summary", lang),
                                    table=series[["name", "year", "period_start", "period_end", "value", "value_qualifier", "study_id",
                                                  "source_title", "source_url"]], name=f"{indicator}-{measure}-by-province")
    sub = cat.sub_province(indicator)
    sub_table = sub.assign(name=[cat.geo_name(g, lang) for g in sub.geo_code])[
        ["name", "geo_level", "year", "period_start", "period_end", "value", "value_qualifier", "unit", "source_title", "source_url"]]
    caveat = t(f"caveat.{meta.source_kind}", lang)
    return View(blocks=blocks, tables={"sub": sub_table, "sources": pd.concat([snap.dropna(subset=["source_title"]), series, sub])[["source_title", "source_url"]]},
                text={"notices": notices, "measure": measure, "singles": singles, "unit": unit,
                      "definition": t("provinces.definition", lang, definition=cat.indicator_definition(indicator, lang),
                                      kind=kinds.get(meta.source_kind, ""), caveat=caveat),
                      "selected": {r["geo_code"]: (r["name"], r["has_data"], value_text(r["value"], r["value_qualifier"] if r["has_data"] else "", unit, lang),
                                                   _period(r, lang) if r["has_data"] else "", r["source_title"] if r["has_data"] else "")
                                   for r in snap.to_dict("records")}})


# ---- Child victims -------------------------------------------------------------------------------------------
def children(cat: Catalogue, kind: str, place: str, picked: tuple[str, ...], lang: str) -> View:
    by_kind = cat.child_indicators_by_kind()
    ids = by_kind.get(kind, [])
    data = cat.child_series(ids, [place])
    data = data.assign(label=[cat.indicator_label(i, lang) for i in data.indicator_id], name=[cat.geo_name(g, lang) for g in data.geo_code])
    kinds, pubs = cat.kind_names(lang), cat.publication_kind_names(lang)
    place_name = cat.geo_name(place, lang)

    def hover(d: pd.DataFrame, label_col: str = "label") -> list[str]:
        return [_hover(r[label_col], value_text(r["value"], r["value_qualifier"], r["unit"], lang), _period(r, lang), r["source_title"],
                       pubs.get(r["publication_kind"], ""), lang) for r in d.to_dict("records")]

    counts = count_totals(data)
    view = counts[counts.indicator_id.isin(picked)]
    blocks = {}
    if not view.empty:
        v = view.assign(key=view.label, hover=hover(view))
        fig, legend = charts.series(v, unit_text(v.unit.iloc[0], lang), lang)
        blocks["series"] = Block(title=t("children.series_title", lang, kind=kinds.get(kind, kind), place=place_name),
                                 subtitle=t("children.series_subtitle", lang, unit=unit_text(v.unit.iloc[0], lang)), legend=legend, fig=fig,
                                 source=source_line(cat, v.source_title, lang), summary=t("children.series_summary", lang),
                                 table=v[["name", "label", "year", "period_start", "period_end", "value", "value_qualifier", "unit",
                                          "publication_kind", "study_id", "source_title", "source_url"]], name=f"child-{kind}-{place}")
    # girls and boys of the categories picked above (not of every category that has a split)
    split = children_by_sex(data)
    sex_counts = split[(split.measure_type == "count") & split.indicator_id.isin(picked)]
    sex_shares = split[split.measure_type != "count"]  # percentages: a table of their own, never on a count axis
    sex_tables = {}
    if not sex_counts.empty:
        s = sex_counts.assign(key=[f"{lab} — {t(f'sex.{x}', lang)}" for lab, x in zip(sex_counts.label, sex_counts.sex)])
        s = s.assign(hover=hover(s, "key"))
        table = s[["label", "sex", "year", "period_start", "period_end", "value", "value_qualifier", "unit", "source_title", "source_url"]]
        if s.groupby("key").year.nunique().max() >= 2:  # a series of single points is a table, not a chart
            fig, legend = charts.series(s, unit_text(s.unit.iloc[0], lang), lang, height=360)
            blocks["by_sex"] = Block(title=t("children.by_sex_title", lang, kind=kinds.get(kind, kind), place=place_name),
                                     subtitle=t("children.by_sex_subtitle", lang, unit=unit_text(s.unit.iloc[0], lang)), legend=legend,
                                     fig=fig, source=source_line(cat, s.source_title, lang), summary=t("children.by_sex_summary", lang),
                                     table=table, name=f"child-sex-{kind}-{place}")
        else:
            sex_tables["counts"] = table
    if not sex_shares.empty:
        sex_tables["shares"] = sex_shares[["label", "sex", "year", "period_start", "period_end", "value", "unit", "source_title", "source_url"]]
    bands = age_bands(data)
    provs = cat.child_series(ids, cat.provinces)
    provs = count_totals(provs)
    categories = list(dict.fromkeys(i for i in picked if i in set(provs.indicator_id))) or sorted(set(provs.indicator_id), key=lambda i: -(provs.indicator_id == i).sum())
    present = sorted(set(counts.indicator_id), key=lambda i: -(counts.indicator_id == i).sum())
    return View(blocks=blocks, tables={"bands": bands[["label", "age_group", "sex", "year", "value", "value_qualifier", "unit", "source_title", "source_url"]],
                                       **{f"sex_{k}": v for k, v in sex_tables.items()}, "sources": data[["source_title", "source_url"]]},
                text={"present": present, "categories": categories})


def children_provinces(cat: Catalogue, kind: str, category: str, lang: str, theme: str = "light") -> View:
    """One child category by province: a panel per province with two or more years, the rest as labelled values."""
    p = cat.child_series(cat.child_indicators_by_kind().get(kind, []), cat.provinces)
    p = count_totals(p)
    p = p[p.indicator_id == category]
    if p.empty:
        return View(text={"singles": []})
    p = p.assign(name=[cat.geo_name(g, lang) for g in p.geo_code],
                 study_label=p.study_id.map(dict(zip(cat.sources.study_id, cat.sources.study_label))).fillna(p.study_id))
    unit = unit_text(p.unit.iloc[0], lang)
    body, singles = _panels(p, unit, lang, theme)
    block = Block(title=t("children.by_province_title", lang, label=cat.indicator_label(category, lang)),
                  subtitle=t("provinces.multiples_subtitle", lang, unit=unit),
                  legend=((t("chart.full_year_mark", lang), "#2c7bb6", "dot"), (t("chart.part_year_mark", lang), "#2c7bb6", "hollow"),
                          (t("chart.study_break", lang), "#777777", "dash")) if body else (),
                  body=body, source=source_line(cat, p.source_title, lang), summary=t("children.by_province_summary", lang),
                  table=p[["name", "label", "year", "period_start", "period_end", "value", "value_qualifier", "study_id",
                           "source_title", "source_url"]], name=f"child-province-{category}")
    return View(blocks={"by_province": block}, text={"singles": singles})


# ---- Data & sources ------------------------------------------------------------------------------------------
def coverage(cat: Catalogue, indicator: str, lang: str) -> Block:
    mat = cat.coverage_matrix(indicator)
    mat.index = [cat.geo_name(g, lang) for g in mat.index]
    return Block(title=t("data.coverage_title", lang, label=cat.indicator_label(indicator, lang)), subtitle=t("data.coverage_subtitle", lang),
                 fig=charts.coverage_heatmap(mat, lang), source=t("data.coverage_source", lang),
                 summary=t("data.coverage_summary", lang, n=int(mat.notna().sum().sum())), table=mat.reset_index(names="place"),
                 name=f"coverage-{indicator}")


# ---- Brief ---------------------------------------------------------------------------------------------------
def brief_html(cat: Catalogue, geo: str, lang: str, day: str) -> str:
    """The brief as shown in the page (fonts served by the app); `day` keys the cache so the printed date stays true."""
    from tipdash import brief

    del day
    return brief.render_html(brief.build(cat, geo, lang))
