"""Small vector graphics for the printable brief (trend bars, a tier strip, a locator map) and the world tier map.

Plain SVG strings, built from tidy frames, with every text escaped. No JavaScript and no fonts of their own, so a
brief renders the same on screen, in Chromium's print-to-PDF and on paper, fully offline.
"""
from __future__ import annotations

import math
from html import escape

from tipdash.style import NO_DATA_COLOUR, TIER_COLOURS, TIER_SHORT, label_colour

INK = "#1a1a1a"
MUTED = "#555555"
BAR = "#0b5394"
# Numbers and years in every drawing use a Latin font: inherited Nastaliq (the Urdu page font) is much taller and
# would push labels out of the drawing.
DIGITS_FONT = "Noto Sans, DejaVu Sans, sans-serif"
# Colours of the series panels per interface theme: the panels are images, so they cannot inherit the page's text colour.
THEMES = {"light": {"ink": "#1a1a1a", "muted": "#5f6368", "series": "#2c7bb6"},
          "dark": {"ink": "#eceff4", "muted": "#aab1bb", "series": "#6cb4ee"}}


def tier_strip(rows: list[tuple[int, str]], width: int = 520, label: str = "") -> str:
    """One labelled square per report year: colour and text both carry the tier."""
    n = max(1, len(rows))
    cell = min(34.0, (width - 4) / n)
    height = cell + 18
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height:.0f}" width="{width}" height="{height:.0f}" '
             f'role="img" aria-label="{escape(label)}" direction="ltr" font-family="{DIGITS_FONT}">']
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


def natural_earth(lon: float, lat: float) -> tuple[float, float]:
    """Natural Earth projection (Šavrič et al. 2011), a compromise world projection, as the Plotly world map before
    this one used: x in [-2.73, 2.73], y in [-1.42, 1.42] (north up is positive)."""
    lam, phi = math.radians(lon), math.radians(lat)
    p2 = phi * phi
    p4 = p2 * p2
    x = lam * (0.8707 - 0.131979 * p2 + p4 * (-0.013791 + p4 * p2 * (0.003971 - 0.001529 * p2)))
    y = phi * (1.007226 + p2 * (0.015085 + p4 * (-0.044475 + 0.028874 * p2 - 0.005916 * p4)))
    return x, y


# Antarctica is left out (nothing is placed there): the map spans 57°S to 84°N, as the Plotly map before it did.
WORLD_SOUTH, WORLD_NORTH = -57.0, 84.0


def world_map(features: list[dict], shapes: dict[str, dict], width: int = 1000, label: str = "") -> str:
    """A world choropleth as one SVG: a path per country of `features` (GeoJSON, properties.iso3) that `shapes`
    names, with its fill, outline and opacity, and a <title> the browser shows on hover (and screen readers read).

    shapes: iso3 -> {"fill", "title", optional "stroke", "stroke_width", "opacity"}. Coordinates are whole pixels at
    `width` (a pixel is ~0.36° at 1,000 px, finer than the published boundaries), written as relative moves, so the
    drawing stays a few tens of KB; the SVG scales to its container's width."""
    scale = width / (2 * natural_earth(180, 0)[0])
    top = natural_earth(0, WORLD_NORTH)[1] * scale
    bottom = -natural_earth(0, WORLD_SOUTH)[1] * scale + top
    height = round(bottom)

    def pixel(lon: float, lat: float) -> tuple[int, int]:
        x, y = natural_earth(lon, lat)
        return round(x * scale + width / 2), round(top - y * scale)

    def path(geometry: dict) -> str:
        out = []
        for ring in _rings(geometry):
            pts = []
            for lon, lat in ring:
                pt = pixel(lon, lat)
                if not pts or pt != pts[-1]:
                    pts.append(pt)
            if len(pts) < 3:
                continue  # a part smaller than a pixel
            steps = " ".join(f"{b[0] - a[0]} {b[1] - a[1]}" for a, b in zip(pts, pts[1:]))
            out.append(f"M{pts[0][0]} {pts[0][1]}l{steps}z")
        return "".join(out)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
             f'style="display:block;max-width:{width}px;height:auto" role="img" aria-label="{escape(label)}">']
    for f in features:
        iso3 = f["properties"].get("iso3", "")
        shape = shapes.get(iso3)
        coords = [pt for ring in _rings(f["geometry"]) for pt in ring]
        if shape is None or not coords or max(lat for _, lat in coords) < WORLD_SOUTH:
            continue
        style = (f'fill="{shape["fill"]}" stroke="{shape.get("stroke", MUTED)}" stroke-width="{shape.get("stroke_width", 0.4)}" '
                 f'vector-effect="non-scaling-stroke"' + (f' opacity="{shape["opacity"]}"' if shape.get("opacity", 1) != 1 else ""))
        title = f"<title>{escape(shape['title'])}</title>"
        d = path(f["geometry"])
        if d:
            parts.append(f'<path d="{d}" {style}>{title}</path>')
        else:  # a country smaller than a pixel (Maldives, Macau): a dot, so its placement is still seen and hovered
            x, y = pixel(sum(c[0] for c in coords) / len(coords), sum(c[1] for c in coords) / len(coords))
            parts.append(f'<circle cx="{x}" cy="{y}" r="2.5" {style}>{title}</circle>')
    parts.append("</svg>")
    return "".join(parts)


def document(svg_text: str) -> str:
    """An SVG as a page of its own for a frame: no margin, the drawing as wide as the frame."""
    return ('<!DOCTYPE html><html><head><meta charset="utf-8"><style>html,body{margin:0;padding:0;background:transparent}'
            'svg{display:block}</style></head><body>' + svg_text + "</body></html>")


def _rings(geometry: dict):
    polys = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    for poly in polys:
        yield from poly


# ---- series on a true year axis ------------------------------------------------------------------------------
# Shared by the dashboard's small multiples and the brief's trends: every calendar year between the first and the
# last gets its own slot, so 2013 never sits next to 2017; a missing year is an empty slot with a tick. Points are
# joined only when they are consecutive full years of the same study; a change of study is drawn as a dashed break.

def _slots(first: int, last: int, x0: float, x1: float):
    n = last - first + 1
    step = (x1 - x0) / n
    return (lambda y: x0 + (y - first + 0.5) * step), step


def _year_ticks(first: int, last: int, step: float) -> list[int]:
    """Years that get a printed label: all if there is room (~26 px each), else every k-th, always first and last."""
    k = max(1, int(-(-26 // max(step, 1))))
    years = [y for y in range(first, last + 1) if (y - first) % k == 0]
    if years[-1] != last and (last - years[-1]) * step >= 26:
        years.append(last)
    elif years[-1] != last:
        years[-1] = last
    return years


def year_series(points: list[dict], first: int, last: int, top: float, width: int = 260, height: int = 132,
                label: str = "", theme: str = "light") -> str:
    """Dots (filled: full year; hollow: part of a year) on a year axis, each labelled with its value.

    `points`: dicts with year, value, text (the formatted value, qualifier included), full_year, study, tip (tooltip).
    `top` is the y-axis maximum, shared by the panels of one small-multiples grid so they compare."""
    c = THEMES.get(theme, THEMES["light"])
    ink, muted, series = c["ink"], c["muted"], c["series"]
    x_of, step = _slots(first, last, 8, width - 8)
    base, head = height - 22, 18
    top = top or 1
    y_of = lambda v: base - (base - head) * (v / top)  # noqa: E731
    pts = sorted(points, key=lambda p: p["year"])
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
             f'role="img" aria-label="{escape(label)}" font-family="{DIGITS_FONT}">']
    parts.append(f'<line x1="4" y1="{base}" x2="{width - 4}" y2="{base}" stroke="{muted}" stroke-width="0.6"/>')
    for y in range(first, last + 1):
        parts.append(f'<line x1="{x_of(y):.1f}" y1="{base}" x2="{x_of(y):.1f}" y2="{base + 3}" stroke="{muted}" stroke-width="0.6"/>')
    for y in _year_ticks(first, last, step):
        parts.append(f'<text x="{x_of(y):.1f}" y="{height - 6}" font-size="10" text-anchor="middle" fill="{muted}">{y}</text>')
    for a, b in zip(pts, pts[1:]):
        if a["study"] != b["study"]:
            xm = (x_of(a["year"]) + x_of(b["year"])) / 2
            parts.append(f'<line x1="{xm:.1f}" y1="{head - 6}" x2="{xm:.1f}" y2="{base}" stroke="{muted}" stroke-width="1" '
                         f'stroke-dasharray="3 3"><title>{escape(b.get("break_tip", ""))}</title></line>')
        elif a["full_year"] and b["full_year"] and b["year"] == a["year"] + 1:
            parts.append(f'<line x1="{x_of(a["year"]):.1f}" y1="{y_of(a["value"]):.1f}" x2="{x_of(b["year"]):.1f}" '
                         f'y2="{y_of(b["value"]):.1f}" stroke="{series}" stroke-width="1.6"/>')
    dense = step < 34
    for i, p in enumerate(pts):
        x, y = x_of(p["year"]), y_of(p["value"])
        fill = series if p["full_year"] else "none"
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.6" fill="{fill}" stroke="{series}" stroke-width="1.6">'
                     f'<title>{escape(p.get("tip", ""))}</title></circle>')
        if not dense or i in (0, len(pts) - 1) or i % 2 == 0:
            ty = y - 7 if (i % 2 == 0 or not dense) else y + 14
            parts.append(f'<text x="{x:.1f}" y="{max(ty, 11):.1f}" font-size="10" text-anchor="middle" fill="{ink}">{escape(p["text"])}</text>')
    parts.append("</svg>")
    return "".join(parts)


def year_bars(points: list[dict], first: int, last: int, width: int = 300, height: int = 104, label: str = "") -> str:
    """Bars at true year positions (an empty slot with a tick for a year without data); a dashed line where the
    study changes. `points` as for year_series."""
    x_of, step = _slots(first, last, 2, width - 2)
    rotate = step < 30  # narrow slots: value labels stand upright above the bars, so keep room for them
    longest = max((len(p["text"]) for p in points), default=1)
    base, head = height - 20, (6 + 5.2 * longest if rotate else 16)
    top = max((p["value"] for p in points), default=1) or 1
    bw = max(3.0, min(step * 0.72, 40))
    pts = sorted(points, key=lambda p: p["year"])
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
             f'role="img" aria-label="{escape(label)}" direction="ltr" font-family="{DIGITS_FONT}">']
    for y in range(first, last + 1):
        parts.append(f'<line x1="{x_of(y):.1f}" y1="{base}" x2="{x_of(y):.1f}" y2="{base + 3}" stroke="{MUTED}" stroke-width="0.6"/>')
    for y in _year_ticks(first, last, step):
        parts.append(f'<text x="{x_of(y):.1f}" y="{height - 5}" font-size="9" text-anchor="middle" fill="{MUTED}">{y}</text>')
    for p in pts:
        x, h = x_of(p["year"]), (base - head) * p["value"] / top
        fill = BAR if p["full_year"] else "#ffffff"
        parts.append(f'<rect x="{x - bw / 2:.1f}" y="{base - h:.1f}" width="{bw:.1f}" height="{h:.1f}" fill="{fill}" '
                     f'stroke="{BAR}" stroke-width="1"><title>{escape(p.get("tip", ""))}</title></rect>')
        if rotate:
            parts.append(f'<text transform="translate({x + 3:.1f},{base - h - 3:.1f}) rotate(-90)" font-size="8.5" fill="{INK}">{escape(p["text"])}</text>')
        else:
            parts.append(f'<text x="{x:.1f}" y="{base - h - 3:.1f}" font-size="9" text-anchor="middle" fill="{INK}">{escape(p["text"])}</text>')
    for a, b in zip(pts, pts[1:]):
        if a["study"] != b["study"]:
            xm = (x_of(a["year"]) + x_of(b["year"])) / 2
            parts.append(f'<line x1="{xm:.1f}" y1="{head - 8}" x2="{xm:.1f}" y2="{base}" stroke="{INK}" stroke-width="1" stroke-dasharray="3 2"/>')
    parts.append(f'<line x1="0" y1="{base}" x2="{width}" y2="{base}" stroke="{MUTED}" stroke-width="0.5"/></svg>')
    return "".join(parts)
