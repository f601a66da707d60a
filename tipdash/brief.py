"""The printable province brief: content (pure, from the catalogue) and a self-contained HTML page.

The same HTML is shown in the dashboard and printed to PDF by Chromium (tipdash.pdf), so what a parliamentarian
sees is what they print. Every figure carries a numbered reference to its source; source titles and quotes stay in
the source's language; missing figures are stated, never filled.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from html import escape
from pathlib import Path

import pandas as pd

from tipdash import svg
from tipdash.catalogue import Catalogue, all_ages
from tipdash.i18n import direction, period_text, t, tier_label, unit_text, value_text
from tipdash.safe import safe_url
from tipdash.style import STATIC_URL

FONT_DIR = Path(__file__).resolve().parents[1] / "static" / "fonts"
MAX_FIGURES = 10
MAX_TRENDS = 3


@dataclass
class Brief:
    geo: str
    lang: str
    name: str
    figures: pd.DataFrame
    trends: list[dict]
    tier_rows: list[tuple[int, str]]
    tier_now: tuple[int, str]
    sources: list[dict]
    caveats: list[str]
    gaps: list[str]
    version: str
    features: list[dict] = field(default_factory=list)
    n_more: int = 0
    denominators: list[str] = field(default_factory=list)
    tier_ref: int = 0


def units(cat: Catalogue) -> list[str]:
    """What a brief can be made for: Pakistan and each current province or territory."""
    return ["PK", *cat.provinces]


def check_unit(cat: Catalogue, geo: str) -> None:
    if geo not in units(cat):
        raise ValueError(f"unknown unit {geo!r}; one of {units(cat)}")


def build(cat: Catalogue, geo: str, lang: str = "en") -> Brief:
    check_unit(cat, geo)
    kinds = cat.kind_names(lang)
    pubs = cat.publication_kind_names(lang)
    latest = cat.latest_values(geo)
    latest = latest[latest.indicator_id.map(cat.indicator_meta.measure_type) != "change"]
    shown = _pick(latest)
    n_more = len(latest) - len(shown)

    refs: dict[str, int] = {}
    sources: list[dict] = []

    def ref(title: str, url: str, kind: str, publication_kind: str) -> int:
        if title not in refs:
            refs[title] = len(refs) + 1
            sources.append({"n": refs[title], "title": title, "url": safe_url(url) or "",
                            "kind": " · ".join(x for x in (kinds.get(kind, kind), pubs.get(publication_kind, "")) if x)})
        return refs[title]

    rates = {(r.indicator_id, r.period_end, r.measure): r for r in cat.values("per_100k_population").itertuples() if r.geo_code == geo}
    rates |= {(r.indicator_id, r.period_end, r.measure): r for r in cat.values("per_100k_children").itertuples() if r.geo_code == geo}
    denominators: list[str] = []

    def rate_text(r) -> str:
        found = [rates.get((r.indicator_id, r.period_end, m)) for m in ("per_100k_children", "per_100k_population")]
        found = [x for x in found if x is not None]
        if not found:
            return ""
        x = found[0]
        if x.denominator_label not in denominators:
            denominators.append(x.denominator_label)
        return value_text(x.value, x.value_qualifier, "", lang) + f" {chr(0x2460 + denominators.index(x.denominator_label))}"

    shown["label_text"] = [cat.indicator_label(i, lang) for i in shown.indicator_id]
    shown["period_text"] = [period_text(r.period_start, r.period_end, lang, iso=True) for r in shown.itertuples()]
    shown["value_text"] = [value_text(r.value, r.value_qualifier, "", lang) for r in shown.itertuples()]
    shown["rate_text"] = [rate_text(r) for r in shown.itertuples()]
    shown["kind_text"] = [" · ".join(x for x in (kinds.get(r.source_kind, r.source_kind), pubs.get(r.publication_kind, "")) if x)
                          for r in shown.itertuples()]
    shown["ref"] = [ref(r.source_title, r.source_url, r.source_kind, r.publication_kind) for r in shown.itertuples()]

    v = cat.totals()
    v = v[(v.geo_code == geo) & (v.indicator_id.map(cat.indicator_meta.period_rule) == "calendar_year")]
    trends = []
    for ind, g in sorted(v.groupby("indicator_id"), key=lambda kv: (-kv[1].year.nunique(), kv[0])):
        g = g.sort_values(["year", "full_year"]).drop_duplicates("year", keep="last")
        if len(g) < 2 or cat.indicator_meta.at[ind, "measure_type"] != "count":
            continue
        n = [ref(r.source_title, r.source_url, cat.indicator_meta.at[ind, "source_kind"], r.publication_kind) for r in g.itertuples()]
        points = [{"year": int(r.year), "value": float(r.value), "full_year": bool(r.full_year), "study": r.study_id,
                   "text": value_text(r.value, r.value_qualifier, "", lang),
                   "tip": f"{period_text(r.period_start, r.period_end, lang, iso=True)}: {value_text(r.value, r.value_qualifier, r.unit, lang)}"}
                  for r in g.itertuples()]
        trends.append({"label": cat.indicator_label(ind, lang), "unit": g.unit.iloc[0], "points": points, "refs": sorted(set(n)),
                       "first": int(g.year.min()), "last": int(g.year.max()),
                       "breaks": g.study_id.nunique() > 1, "part_year": not g.full_year.all()})
        if len(trends) == MAX_TRENDS:
            break

    hist = cat.tier_history("PAK")
    tier_rows = [(int(r.report_year), r.tier) for r in hist.itertuples()][-13:]
    tier_src = hist.iloc[-1]
    ref(tier_src.source_title, tier_src.source_url, "us_tip_report", tier_src.publication_kind)

    present_kinds = list(dict.fromkeys(shown.source_kind))
    caveats = [t(f"caveat.{k}", lang) for k in present_kinds]
    gaps = _gaps(cat, geo, lang, latest)
    return Brief(geo=geo, lang=lang, name=cat.geo_name(geo, lang), figures=shown, trends=trends, tier_rows=tier_rows,
                 tier_now=(int(tier_src.report_year), tier_src.tier), sources=sources, caveats=caveats, gaps=gaps,
                 version=cat.version, features=cat.pk_geojson["features"], n_more=n_more, denominators=denominators,
                 tier_ref=refs[tier_src.source_title])


def _pick(latest: pd.DataFrame) -> pd.DataFrame:
    """Up to MAX_FIGURES latest figures, taken in turn from each kind of source (most recent kinds first, full
    years before part-years), so one report with many categories cannot crowd out every other source."""
    latest = latest.sort_values(["full_year", "period_end"], ascending=[False, False])  # full years first
    queues = {k: list(g.index) for k, g in latest.groupby("source_kind", sort=False)}
    order = sorted(queues, key=lambda k: latest.loc[queues[k][0], "period_end"], reverse=True)
    picked: list = []
    while len(picked) < MAX_FIGURES and any(queues[k] for k in order):
        for k in order:
            if queues[k] and len(picked) < MAX_FIGURES:
                picked.append(queues[k].pop(0))
    return latest.loc[picked].sort_values(["source_kind", "period_end"], ascending=[True, False]).copy()


def _gaps(cat: Catalogue, geo: str, lang: str, latest: pd.DataFrame) -> list[str]:
    """Data-derived statements of what is missing for this unit."""
    out = []
    v = cat.indicator_values
    mine = v[v.geo_code == geo]
    if mine.empty:
        return [t("brief.gap_none", lang)]
    out.append(t("brief.gap_years", lang, first=int(mine.year.min()), last=int(mine.year.max()), n=mine.indicator_id.nunique()))
    partial = int((~latest.full_year).sum())
    if partial:
        out.append(t("brief.gap_partial", lang, n=partial))
    if geo != "PK":
        national = set(v[v.geo_code == "PK"].indicator_id)
        missing = len(national - set(mine.indicator_id))
        out.append(t("brief.gap_vs_national", lang, n=missing, total=len(national)))
    pop = all_ages(cat.population)
    if pop[pop.geo_code == geo].empty:
        out.append(t("brief.gap_no_population", lang))
    out.append(t("brief.gap_tip_tables", lang))
    return out


def _font_face(font_base: str) -> str:
    return "".join(
        f"@font-face {{ font-family: 'Noto Nastaliq Urdu'; src: url('{font_base}/NotoNastaliqUrdu-{w}.ttf') format('truetype'); "
        f"font-weight: {n}; }}" for w, n in (("Regular", 400), ("Bold", 700)))


CSS = """
@page { size: A4; margin: 11mm 12mm 12mm 12mm; }
* { box-sizing: border-box; }
body { font-family: 'Noto Sans', 'DejaVu Sans', sans-serif; color: #1a1a1a; font-size: 9.5pt; line-height: 1.3; margin: 0; }
body.rtl { font-family: 'Noto Nastaliq Urdu', 'Noto Sans', sans-serif; line-height: 1.75; font-size: 9.5pt; }
body.rtl h1 { line-height: 1.6; }
body.rtl table { font-size: 8pt; line-height: 1.6; }
body.rtl td, body.rtl th { padding: 1pt 4pt; }
body.rtl ul, body.rtl .small { line-height: 2.0; }
body.rtl ol.sources { line-height: 1.5; }
td.period { white-space: nowrap; font-size: 8pt; }
body.rtl bdi, body.rtl .ltr, body.rtl .url, body.rtl .num { font-family: 'Noto Sans', sans-serif; }
h1 { font-size: 19pt; margin: 0 0 2pt 0; }
h2 { font-size: 11pt; margin: 7pt 0 3pt 0; border-bottom: 1.5pt solid #0b5394; padding-bottom: 1pt; break-after: avoid; }
.meta { color: #444; font-size: 8.5pt; }
.top { display: grid; grid-template-columns: 1fr 200px; gap: 12pt; align-items: start; }
table { width: 100%; border-collapse: collapse; font-size: 9pt; }
th, td { text-align: start; padding: 3pt 4pt; border-bottom: 0.5pt solid #bbb; vertical-align: top; }
th { background: #eef2f7; }
td.num { white-space: nowrap; font-weight: 700; }
.ltr { direction: ltr; unicode-bidi: isolate; }
.trends { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 8pt; }
svg { max-width: 100%; height: auto; }  /* drawings scale to their column, on screen and on paper */
.trend p { margin: 0 0 2pt 0; font-size: 8.5pt; }
ol.sources { font-size: 8pt; padding-inline-start: 16pt; margin: 0; }
ol.sources li { margin-bottom: 2pt; }
ol.sources .url { direction: ltr; unicode-bidi: isolate; word-break: break-all; color: #0b5394; }
ul { margin: 0; padding-inline-start: 14pt; }
.small { font-size: 8.5pt; color: #333; }
.keep { break-inside: avoid; }
@media screen and (max-width: 640px) {
  body { font-size: 11pt; margin: 8px; }
  .top, .trends { display: block; }
  .top > div:last-child { max-width: 220px; }
  table { display: block; overflow-x: auto; }
  svg { max-width: 100%; height: auto; }
}
"""


def render_html(b: Brief, font_base: str = f"{STATIC_URL}/fonts") -> str:
    """A complete HTML document for the brief; `font_base` is where the Urdu font files are served from."""
    L = b.lang
    rtl = direction(L) == "rtl"
    rows = "".join(
        f"<tr><td>{escape(r.label_text)}</td><td class='num ltr'>{escape(r.value_text)}</td><td>{escape(unit_text(r.unit, L))}</td>"
        f"<td class='num ltr'>{escape(r.rate_text) or '–'}</td>"
        f"<td class='ltr period'>{escape(r.period_text)}</td><td>{escape(r.kind_text)}</td><td class='ltr'>[{r.ref}]</td></tr>"
        for r in b.figures.itertuples())
    if not rows:
        rows = f"<tr><td colspan='7'>{escape(t('brief.no_figures', L))}</td></tr>"
    rate_notes = " ".join(f"{chr(0x2460 + i)} {escape(d)}." for i, d in enumerate(b.denominators))
    rate_html = f"<p class='small'>{escape(t('brief.rate_note', L))} <span>{rate_notes}</span></p>" if rate_notes else ""
    more = f"<p class='small'>{escape(t('brief.more_figures', L, n=b.n_more))}</p>" if b.n_more else ""
    trends = "".join(
        f"<div class='trend keep'><p><b>{escape(tr['label'])}</b> ({escape(unit_text(tr['unit'], L))}) "
        f"<span class='ltr'>[{', '.join(str(n) for n in tr['refs'])}]</span></p>"
        f"{svg.year_bars(tr['points'], tr['first'], tr['last'], label=tr['label'])}"
        + (f"<p class='small'>{escape(t('brief.study_break_note', L))}</p>" if tr["breaks"] else "")
        + (f"<p class='small'>{escape(t('brief.part_year_note', L))}</p>" if tr["part_year"] else "") + "</div>" for tr in b.trends)
    trends_html = (f"<h2>{escape(t('brief.trends', L))}</h2><div class='trends'>{trends}</div>" if trends
                   else f"<h2>{escape(t('brief.trends', L))}</h2><p class='small'>{escape(t('brief.no_trends', L))}</p>")
    year, tier = b.tier_now
    tier_text = t("brief.tier_now", L, year=year, tier=tier_label(tier, L))
    sources = "".join(
        f"<li value='{s['n']}'><bdi dir='ltr'>{escape(s['title'])}</bdi> — {escape(s['kind'])}. <span class='url'>{escape(s['url'])}</span></li>"
        for s in b.sources)
    highlight = None if b.geo == "PK" else b.geo
    return f"""<!DOCTYPE html>
<html lang="{L}" dir="{'rtl' if rtl else 'ltr'}"><head><meta charset="utf-8">
<title>{escape(t('brief.title', L, name=b.name))}</title>
<style>{_font_face(font_base)}{CSS}</style></head>
<body class="{'rtl' if rtl else 'ltr'}">
<div class="top">
  <div>
    <h1>{escape(t('brief.title', L, name=b.name))}</h1>
    <p class="meta">{escape(t('brief.meta', L, version=_iso(b.version), date=_iso(date.today().isoformat())))}</p>
    <h2>{escape(t('brief.tip_context', L))}</h2>
    <p>{escape(tier_text)} <span class="ltr">[{b.tier_ref}]</span></p>
    {svg.tier_strip(b.tier_rows, label=tier_text)}
    <p class="small">{escape(t('brief.tier_note', L))}</p>
  </div>
  <div>{svg.locator_map(b.features, highlight, label=b.name)}<p class="small">{escape(t('brief.map_note', L))}</p></div>
</div>
<h2>{escape(t('brief.key_figures', L))}</h2>
<table><thead><tr><th>{escape(t('brief.col_indicator', L))}</th><th>{escape(t('brief.col_value', L))}</th>
<th>{escape(t('brief.col_unit', L))}</th><th>{escape(t('brief.col_rate', L))}</th><th>{escape(t('brief.col_period', L))}</th>
<th>{escape(t('brief.col_kind', L))}</th><th>{escape(t('brief.col_ref', L))}</th></tr></thead><tbody>{rows}</tbody></table>{more}{rate_html}
{trends_html}
<div class="keep"><h2>{escape(t('brief.caveats', L))}</h2><ul>{''.join(f'<li>{escape(c)}</li>' for c in b.caveats)}
<li>{escape(t('brief.caveat_general', L))}</li></ul></div>
<div class="keep"><h2>{escape(t('brief.gaps', L))}</h2><ul>{''.join(f'<li>{escape(g)}</li>' for g in b.gaps)}</ul></div>
<h2>{escape(t('brief.sources', L))}</h2><ol class="sources">{sources}</ol>
<p class="small">{escape(t('brief.footer', L, version=b.version))}</p>
</body></html>"""


def _iso(text: str) -> str:
    """Keep a code or date left-to-right inside Urdu text (Unicode isolate), so 2026-11-23 is not reordered."""
    return f"\u2066{text}\u2069"
