"""Small HTML components the pages put beside or instead of Plotly charts. Pure functions returning strings.

Why HTML: a chart's title, subtitle, legend and source line laid out by the browser wrap at any width, read right to
left in Urdu and can never sit on top of an axis or the modebar; sparse series and tier grids drawn as HTML/SVG reflow
on a phone and cost no chart library. Every data string is escaped (tipdash.safe.html_text); links are built only from
validated URLs.
"""
from __future__ import annotations

import base64
from dataclasses import dataclass
from urllib.parse import urlsplit

from tipdash.numbers import number_text
from tipdash.style import TIER_COLOURS, TIER_SHORT, label_colour
from tipdash.safe import html_text as esc
from tipdash.safe import safe_url

# One stylesheet for every component (static text, no data in it); injected once per page by tipdash.ui.
CSS = """
<style>
.td-head { margin: .2rem 0 .15rem 0; }
.td-head .td-t { font-size: 1.02rem; font-weight: 650; line-height: 1.35; margin: 0; }
.td-head .td-s { font-size: .86rem; opacity: .78; margin: .1rem 0 0 0; line-height: 1.4; }
.td-legend { display: flex; flex-wrap: wrap; gap: .2rem 1rem; font-size: .84rem; margin: .35rem 0 .1rem 0; line-height: 1.5; }
.td-legend span { display: inline-flex; align-items: center; gap: .35rem; }
.td-sw { display: inline-block; width: 14px; height: 10px; border: 1px solid rgba(0,0,0,.35); flex: none; }
.td-sw.line { height: 0; border: 0; border-top: 2.5px solid; width: 18px; }
.td-sw.hollow { width: 10px; height: 10px; border-radius: 50%; border: 2px solid; background: transparent; }
.td-sw.dot { width: 10px; height: 10px; border-radius: 50%; border: 0; }
.td-sw.dash { height: 0; border: 0; border-top: 2px dashed; width: 18px; }
.td-sw.empty { background: transparent; border: 1.5px dashed; }
.td-tiers { display: grid; grid-template-columns: repeat(auto-fill, minmax(32px, 1fr)); gap: 4px; margin: .35rem 0; direction: ltr;
  max-width: calc(44px * 26); }
.td-tier { text-align: center; font-size: .72rem; line-height: 1.2; min-width: 0; }
.td-tier b { display: block; height: 26px; line-height: 26px; border: 1px solid #333; font-weight: 650; font-size: .78rem;
  font-family: 'Noto Sans', sans-serif; }
.td-tier b.sec { border-style: dashed; border-width: 2px; line-height: 22px; }
.td-tier b.none { border: 1px dashed #9e9e9e; color: #9e9e9e; font-weight: 400; }
.td-tier i { font-style: normal; opacity: .8; font-family: 'Noto Sans', sans-serif; }
.td-grid-wrap { max-width: 100%; overflow-x: auto; margin: .35rem 0; }
table.td-grid { border-collapse: separate; border-spacing: 2px; font-size: .72rem; direction: ltr; }
table.td-grid th { font-weight: 600; text-align: start; white-space: nowrap; padding: 0 .3rem 0 0; font-size: .74rem; }
table.td-grid thead th { text-align: center; padding: 0; font-weight: 400; opacity: .8; }
table.td-grid td { width: 24px; min-width: 24px; height: 22px; text-align: center; padding: 0; border: 1px solid #333;
  font-family: 'Noto Sans', sans-serif; font-weight: 600; font-size: .66rem; }
table.td-grid td.none { border: 1px dashed rgba(128,128,128,.55); }
table.td-grid td.sec { border-style: dashed; border-width: 2px; }
.td-grid-tall { display: none; }
@media (max-width: 700px) { .td-grid-wide { display: none; } .td-grid-tall { display: block; } }
.td-multiples { display: grid; grid-template-columns: repeat(auto-fill, minmax(230px, 1fr)); gap: .4rem 1.2rem; }
.td-svgimg { width: 100%; height: auto; display: block; }
.td-panel h4 { font-size: .9rem; margin: .2rem 0 0 0; padding: 0; font-weight: 650; }
.td-panel p { font-size: .78rem; margin: 0; opacity: .8; }
.td-rank { display: grid; grid-template-columns: minmax(5.5rem, max-content) minmax(0, 1fr); gap: .3rem .7rem;
  align-items: center; font-size: .84rem; line-height: 1.3; margin: .45rem 0 .3rem 0; }
.td-rank .bar { display: flex; align-items: center; gap: .4rem; min-width: 0; }
.td-rank .bar i { display: block; height: 18px; background: #0072B2; border-radius: 2px; flex: none; }
.td-rank .bar b { font-weight: 600; white-space: nowrap; font-variant-numeric: tabular-nums; font-family: 'Noto Sans', sans-serif; }
.td-note { font-size: .84rem; opacity: .85; margin: .2rem 0; }
.td-table-wrap { max-width: 100%; overflow-x: auto; margin: .3rem 0 .6rem 0; }
table.td-table { border-collapse: collapse; font-size: .84rem; line-height: 1.4; }
table.td-table th, table.td-table td { padding: .25rem .55rem; border-bottom: 1px solid rgba(128,128,128,.3); text-align: start;
  vertical-align: top; }
table.td-table th { font-weight: 600; white-space: nowrap; }
table.td-table td.long { min-width: 14rem; max-width: 30rem; }
table.td-table td.mid { min-width: 9rem; }
table.td-table .clamp { display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 3; line-clamp: 3; overflow: hidden; }
table.td-table td.n { text-align: end; white-space: nowrap; font-variant-numeric: tabular-nums; }
@media (max-width: 640px) {
  .td-table-wrap.cards { overflow-x: visible; }
  .cards table.td-table, .cards table.td-table tbody, .cards table.td-table tr { display: block; }
  .cards table.td-table thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
  .cards table.td-table tr { padding: .45rem 0; border-bottom: 1px solid rgba(128,128,128,.3); }
  .cards table.td-table td { display: grid; grid-template-columns: minmax(5.5rem, 30%) minmax(0, 1fr); gap: .7rem; border: 0;
    padding: .06rem 0; text-align: start; white-space: normal; min-width: 0; max-width: none; overflow-wrap: anywhere; }
  .cards table.td-table td::before { content: attr(data-label); font-weight: 600; opacity: .72; }
  .cards table.td-table td.e { display: none; }
}
.td-cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(205px, 1fr)); gap: .7rem; margin: .3rem 0 .6rem 0; }
.td-card { border: 1px solid rgba(128,128,128,.35); border-radius: .5rem; padding: .55rem .7rem; min-width: 0; }
.td-card p { margin: 0; overflow-wrap: anywhere; }
.td-card .l { font-size: .86rem; line-height: 1.35; opacity: .85; }
.td-card .v { font-size: 1.45rem; font-weight: 650; line-height: 1.3; margin: .15rem 0; font-family: 'Noto Sans', sans-serif; }
.td-card .n { font-size: .76rem; opacity: .8; line-height: 1.4; }
.td-card .s { font-size: .76rem; line-height: 1.4; margin-top: .2rem; }
""" + "".join(f".tk-{tier} {{ background: {colour}; color: {label_colour(tier)}; }}\n" for tier, colour in TIER_COLOURS.items()) + """</style>
"""


@dataclass(frozen=True)
class LegendItem:
    label: str
    colour: str
    style: str = "box"  # box | line | dot | hollow | dash


def head(title: str, subtitle: str = "", legend: list[LegendItem] | tuple = ()) -> str:
    """A chart's title, its subtitle (what, unit, period) and legend, as wrapping HTML above the chart."""
    out = [f'<div class="td-head"><p class="td-t" role="heading" aria-level="3">{esc(title)}</p>']
    if subtitle:
        out.append(f'<p class="td-s">{esc(subtitle)}</p>')
    out.append("</div>")
    if legend:
        out.append(legend_html(legend))
    return "".join(out)


def legend_html(items) -> str:
    spans = []
    for it in items:
        prop = "background" if it.style in ("box", "dot") else "border-color"
        spans.append(f'<span><i class="td-sw {esc(it.style)}" style="{prop}:{esc(it.colour)}"></i>{esc(it.label)}</span>')
    return f'<div class="td-legend">{"".join(spans)}</div>'


def tier_strip(rows: list[dict], first: int, last: int, no_data: str) -> str:
    """One cell per report year from `first` to `last` (a year without a placement is an empty dashed cell), each
    with the tier's colour and short label; wraps onto several lines on a narrow screen.
    `rows`: dicts with year, tier, tip (tooltip text), secondary (placement from an undated secondary list)."""
    by_year = {int(r["year"]): r for r in rows}
    cells = []
    for y in range(first, last + 1):
        r = by_year.get(y)
        if r is None:
            cells.append(f'<div class="td-tier" title="{y}: {esc(no_data)}"><b class="none">–</b><i>{y}</i></div>')
            continue
        cells.append(f'<div class="td-tier" title="{esc(r["tip"])}"><b class="{_tier_class(r["tier"], r.get("secondary"))}">'
                     f'{TIER_SHORT[r["tier"]]}</b><i>{y}</i></div>')
    return f'<div class="td-tiers" role="list">{"".join(cells)}</div>'


def _tier_class(tier: str, secondary: bool) -> str:
    return f"tk-{tier}" + (" sec" if secondary else "")


def _grid_cell(r: dict | None, no_data: str, year: int, who: str, tooltip: bool = True) -> str:
    if r is None:
        return f'<td class="none" title="{esc(who)}, {year}: {esc(no_data)}"></td>' if tooltip else '<td class="none"></td>'
    tip = f' title="{esc(r["tip"])}"' if tooltip else ""
    return f'<td class="{_tier_class(r["tier"], r.get("secondary"))}"{tip}>{TIER_SHORT[r["tier"]]}</td>'


def tier_grid(rows: list[dict], countries: list[tuple[str, str]], years: list[int], no_data: str) -> str:
    """Countries x report years. Wide (a row per country) on a desktop; tall (a row per year, a column per country
    code) on a phone, so neither needs a page-wide horizontal scroll.
    `rows`: dicts with iso3, year, tier, tip, secondary; `countries`: (iso3, name) in display order."""
    cell = {(r["iso3"], int(r["year"])): r for r in rows}
    head_w = "".join(f"<th>{str(y)[2:] if len(years) > 14 else y}</th>" for y in years)
    body_w = "".join(f'<tr><th title="{esc(name)}">{esc(name)}</th>'
                     + "".join(_grid_cell(cell.get((iso, y)), no_data, y, name) for y in years) + "</tr>"
                     for iso, name in countries)
    head_t = "".join(f'<th title="{esc(name)}">{esc(iso)}</th>' for iso, name in countries)
    # The tall copy is for phones (no hover): no tooltips, which halves what the page carries.
    body_t = "".join(f"<tr><th>{y}</th>" + "".join(_grid_cell(cell.get((iso, y)), no_data, y, name, tooltip=False) for iso, name in countries)
                     + "</tr>" for y in years)
    key = " · ".join(f"{esc(iso)} = {esc(name)}" for iso, name in countries)
    return (f'<div class="td-grid-wrap td-grid-wide"><table class="td-grid"><thead><tr><th></th>{head_w}</tr></thead>'
            f"<tbody>{body_w}</tbody></table></div>"
            f'<div class="td-grid-wrap td-grid-tall"><table class="td-grid"><thead><tr><th></th>{head_t}</tr></thead>'
            f'<tbody>{body_t}</tbody></table><p class="td-note">{key}</p></div>')


def svg_image(svg_markup: str, alt: str) -> str:
    """An SVG drawing as an image (st.html's sanitiser allows HTML only, so inline SVG would be dropped)."""
    data = base64.b64encode(svg_markup.encode("utf-8")).decode("ascii")
    return f'<img class="td-svgimg" alt="{esc(alt)}" src="data:image/svg+xml;base64,{data}">'


def multiples(panels: list[dict]) -> str:
    """A reflowing grid of small panels: dicts with name, svg (SVG markup, data already escaped), alt and note."""
    cells = "".join(f'<div class="td-panel"><h4>{esc(p["name"])}</h4>{svg_image(p["svg"], p.get("alt", p["name"]))}'
                    + (f'<p>{esc(p["note"])}</p>' if p.get("note") else "") + "</div>" for p in panels)
    return f'<div class="td-multiples">{cells}</div>'


VALUE_ROOM = "5.5rem"  # space kept beside the longest bar for its value label ("≥12,345")


def ranked_bars(rows: list[dict]) -> str:
    """Units ranked by value, largest first: name, a bar on a zero-based scale, the value written beside it. `rows`:
    dicts with name, value (>= 0) and value_text; only units with data (the others are listed in the text below).

    Why HTML and not a Plotly bar chart: seven labelled bars need no zoom or hover, and a second Plotly chart on
    Provinces was one more figure to lay out and draw on every visit and filter change; names wrap, read right to left
    in Urdu and never clip. The bar leaves room for its value label (VALUE_ROOM)."""
    top = max((float(r["value"]) for r in rows), default=0.0)
    lines = []
    for r in sorted(rows, key=lambda r: -float(r["value"])):
        share = float(r["value"]) / top if top > 0 else 0.0
        width = f"calc((100% - {VALUE_ROOM}) * {share:.4f})"
        lines.append(f'<span>{esc(r["name"])}</span><span class="bar" title="{esc(r["name"])}: {esc(r["value_text"])}">'
                     f'<i style="width:{width}"></i><b>{esc(r["value_text"])}</b></span>')
    return f'<div class="td-rank">{"".join(lines)}</div>'


def note(text: str) -> str:
    return f'<p class="td-note">{esc(text)}</p>'


def link(text: str, url: str, tooltip: str = "") -> str:
    """An HTML link from a validated URL, or the escaped text alone."""
    target = safe_url(url)
    tip = f' title="{esc(tooltip)}"' if tooltip else ""
    return (f'<a href="{esc(target)}" target="_blank" rel="noopener noreferrer"{tip}>{esc(text)}</a>' if target
            else f"<span{tip}>{esc(text)}</span>")


def cards(items: list[dict]) -> str:
    """Headline cards in a wrapping grid: dicts with label, value, note, source_title, source_url. Text wraps instead
    of being cut off, at any width and in either language."""
    out = []
    for c in items:
        out.append(f'<div class="td-card"><p class="l">{esc(c["label"])}</p><p class="v">{esc(c["value"])}</p>'
                   f'<p class="n">{esc(c.get("note", ""))}</p><p class="s">'
                   f'{link(c.get("source_label") or c.get("source_title", ""), c.get("source_url", ""), c.get("source_title", ""))}</p></div>')
    return f'<div class="td-cards">{"".join(out)}</div>'


LONG_CELL = 60  # characters: longer text (titles, quotes) wraps in a column of readable width
# Characters: text this long (an indicator's name) keeps a column a few words wide; beside a long quote the browser
# squeezed it to one word per line, in Urdu one short word to a line over eight lines.
MID_CELL = 20
PLAIN_NUMBERS = ("year", "report_year", "raw_line")  # whole numbers shown without thousands separators


LINK_KEYS = ("source_url", "url")  # table columns shown as a link to their URL
# From this many columns a table turns into cards on a phone; fewer fit 390 px as a table (the layout checks' table
# rule holds either way).
CARD_COLUMNS = 5


def table(rows: list[dict], columns: list[tuple[str, str]], titled_links: dict[str, str] | None = None, clamp: tuple[str, ...] = (), lang: str = "en") -> str:
    """A light, scrollable HTML table: `columns` is [(key, header)], cells already formatted as text except numbers
    (right-aligned, thousands separators; a `value` carries its row's `value_qualifier`, e.g. "≥35") and link columns
    (shown as the link's host, only for validated URLs). `titled_links` maps a text column to the URL column it links
    to (a source title linked to its document); `clamp` columns show three lines, the full text on hover.

    On a phone each row becomes a card of "header: value" lines (every cell carries its header as data-label, see CSS):
    a 12-column table that scrolls sideways hides the columns past the screen edge, so a reader saw "600" for 1,600.
    Empty cells are left out of the cards; in the wide table they stay blank."""
    titled_links = titled_links or {}
    head = "".join(f"<th>{esc(h)}</th>" for _, h in columns)
    labels = [esc(h) for _, h in columns]
    body = []
    for r in rows:
        cells = []
        for (key, _), label in zip(columns, labels):
            kind, content = _cell(r, key, titled_links, clamp, lang)
            kind = f"{kind} e".strip() if content == "" else kind  # an empty cell, text or number, stays out of a card
            attrs = f' class="{kind}"' if kind else ""
            cells.append(f'<td{attrs} data-label="{label}">{content}</td>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    wrap = "td-table-wrap cards" if len(columns) >= CARD_COLUMNS else "td-table-wrap"
    return (f'<div class="{wrap}"><table class="td-table"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table></div>')


def _cell(r: dict, key: str, titled_links: dict[str, str], clamp: tuple[str, ...], lang: str) -> tuple[str, str]:
    """One table cell as (CSS class, escaped HTML)."""
    v = r.get(key)
    missing = v is None or (isinstance(v, float) and v != v)
    if key in LINK_KEYS:
        target = safe_url(v)
        return "", link(urlsplit(target).hostname, target) if target else ""
    if key in titled_links:
        return "long", link("" if missing else str(v), r.get(titled_links[key], ""))
    if isinstance(v, bool):
        return "", "✓" if v else "–"
    if isinstance(v, (int, float)):
        if missing:
            text = ""
        elif key in PLAIN_NUMBERS and float(v).is_integer():
            text = str(int(v))
        else:
            text = number_text(v, lang)
            text = (str(r.get("value_qualifier") or "") if key == "value" else "") + text
        return "n", esc(text)
    text = "" if missing else str(v)
    if key in clamp and text:
        return "long", f'<div class="clamp" dir="auto" title="{esc(text)}">{esc(text)}</div>'
    return ("long" if len(text) > LONG_CELL else "mid" if len(text) > MID_CELL else ""), esc(text)
