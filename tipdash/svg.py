"""Small vector graphics for the printable brief: trend bars, a tier strip and a locator map.

Plain SVG strings, built from tidy frames, with every text escaped. No JavaScript and no fonts of their own, so a
brief renders the same on screen, in Chromium's print-to-PDF and on paper, fully offline.
"""
from __future__ import annotations

import math
from html import escape

from tipdash.charts import NO_DATA_COLOUR, TIER_COLOURS, TIER_SHORT, label_colour

INK = "#1a1a1a"
MUTED = "#555555"
BAR = "#0b5394"


def _fmt(v: float) -> str:
    return f"{v:,.0f}" if float(v).is_integer() else f"{v:,.1f}"


def trend_bars(points: list[tuple[str, float]], width: int = 300, height: int = 96, label: str = "") -> str:
    """Bars for (period label, value) pairs, value printed on each bar (no axis needed to read it)."""
    n = max(1, len(points))
    top = max((v for _, v in points), default=1) or 1
    gap, base, head = 6, height - 22, 16
    bw = (width - gap * (n + 1)) / n
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
             f'role="img" aria-label="{escape(label)}">']
    for i, (period, value) in enumerate(points):
        x = gap + i * (bw + gap)
        h = (base - head) * value / top
        parts.append(f'<rect x="{x:.1f}" y="{base - h:.1f}" width="{bw:.1f}" height="{h:.1f}" fill="{BAR}"/>')
        parts.append(f'<text x="{x + bw / 2:.1f}" y="{base - h - 3:.1f}" font-size="10" text-anchor="middle" fill="{INK}">{escape(_fmt(value))}</text>')
        parts.append(f'<text x="{x + bw / 2:.1f}" y="{height - 6}" font-size="10" text-anchor="middle" fill="{MUTED}" direction="ltr">{escape(period)}</text>')
    parts.append(f'<line x1="0" y1="{base}" x2="{width}" y2="{base}" stroke="{MUTED}" stroke-width="0.5"/></svg>')
    return "".join(parts)


def tier_strip(rows: list[tuple[int, str]], width: int = 520, label: str = "") -> str:
    """One labelled square per report year: colour and text both carry the tier."""
    n = max(1, len(rows))
    cell = min(34.0, (width - 4) / n)
    height = cell + 18
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height:.0f}" width="{width}" height="{height:.0f}" '
             f'role="img" aria-label="{escape(label)}" direction="ltr">']
    for i, (year, tier) in enumerate(rows):
        x = 2 + i * cell
        text_colour = label_colour(tier)
        parts.append(f'<rect x="{x:.1f}" y="2" width="{cell - 2:.1f}" height="{cell - 2:.1f}" fill="{TIER_COLOURS[tier]}" stroke="#333" stroke-width="0.5"/>')
        parts.append(f'<text x="{x + (cell - 2) / 2:.1f}" y="{cell / 2 + 5:.1f}" font-size="{min(11, cell / 3):.1f}" text-anchor="middle" fill="{text_colour}">{TIER_SHORT[tier]}</text>')
        parts.append(f'<text x="{x + (cell - 2) / 2:.1f}" y="{height - 3:.1f}" font-size="8" text-anchor="middle" fill="{MUTED}">{year}</text>')
    parts.append("</svg>")
    return "".join(parts)


def locator_map(features: list[dict], highlight: str | None, width: int = 220, label: str = "") -> str:
    """The 7 units, the chosen one filled (all of them for Pakistan as a whole); equirectangular with cos(lat)."""
    coords = [pt for f in features for ring in _rings(f["geometry"]) for pt in ring]
    xs, ys = [c[0] for c in coords], [c[1] for c in coords]
    k = math.cos(math.radians((min(ys) + max(ys)) / 2))
    w, h = (max(xs) - min(xs)) * k, max(ys) - min(ys)
    scale = (width - 4) / w
    height = h * scale + 4

    def pt(x, y):
        return f"{(x - min(xs)) * k * scale + 2:.1f},{(max(ys) - y) * scale + 2:.1f}"
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height:.0f}" width="{width}" height="{height:.0f}" '
             f'role="img" aria-label="{escape(label)}">']
    for f in features:
        code = f["properties"]["geo_code"]
        fill = BAR if highlight in (None, code) else NO_DATA_COLOUR
        d = " ".join("M" + " L".join(pt(x, y) for x, y in ring) + " Z" for ring in _rings(f["geometry"]))
        parts.append(f'<path d="{d}" fill="{fill}" stroke="#fff" stroke-width="0.8"><title>{escape(f["properties"]["name"])}</title></path>')
    parts.append("</svg>")
    return "".join(parts)


def _rings(geometry: dict):
    polys = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    for poly in polys:
        yield from poly
