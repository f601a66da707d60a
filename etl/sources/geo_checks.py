"""Checks of the boundary files before GDAL reads them, so that each problem names the file and the feature.

Pakistan's units (GeoJSON FeatureCollection): valid JSON (a parse error names the line and column); every feature a
Polygon or MultiPolygon with finite numeric coordinates inside Pakistan's bounding box (PK_BOX; coordinates that fit
only when swapped are reported as swapped longitude/latitude); an `iso_code` and a `name` property; no code twice;
every code a current province in geographies.csv and every current province present (a missing one is reported on
geographies.csv's own line); the `name` must not name a different unit than the `iso_code`.

World countries (TopoJSON Topology with a `countries` object): valid JSON; quantized arcs that decode inside
±180°/±90°; every geometry with a `name` property, no name twice; `id`, when present, a three-digit ISO 3166-1 numeric
code. Ids that are not in countries.csv (territories such as Guam) are allowed: they are drawn, never coloured. Two
features may share an id (Australia and Ashmore and Cartier Is. are both 036).
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np

from etl.paths import rel
from etl.problems import Problems, suggest
from etl.reference import Reference

PK_BOX = (60.0, 23.0, 78.5, 37.6)  # lon min, lat min, lon max, lat max: Pakistan (60.9-77.8 E, 23.7-37.1 N) plus a margin
MAX_BYTES = 64 * 1024 * 1024


def _load(path: Path, problems: Problems):
    name = rel(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            problems.add(name, None, "", f"boundary file is larger than {MAX_BYTES >> 20} MiB")
            return None
        return json.loads(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        problems.add(name, None, "", f"not UTF-8 text (byte {exc.start + 1})")
    except json.JSONDecodeError as exc:
        problems.add(name, exc.lineno, "", f"not valid JSON: {exc.msg} (column {exc.colno})")
    except RecursionError:
        problems.add(name, None, "", "JSON nests too deeply")
    except OSError as exc:
        problems.add(name, None, "", f"cannot read boundaries ({exc.strerror or type(exc).__name__})")
    return None


def _points(geometry) -> np.ndarray | None:
    """All positions of a (Multi)Polygon as an (n, 2) float array, or None if they are not numeric pairs."""
    try:
        coords = geometry["coordinates"]
        polys = coords if geometry["type"] == "MultiPolygon" else [coords]
        pts = [p[:2] for poly in polys for ring in poly for p in ring]
        arr = np.array(pts, dtype="float64")
    except (TypeError, KeyError, ValueError, IndexError):
        return None
    return arr if arr.ndim == 2 and arr.shape[1] == 2 and len(arr) >= 4 else None


def check_pakistan(path: Path, ref: Reference, problems: Problems) -> bool:
    """True if the GeoJSON of Pakistan's units passes every check."""
    name = rel(path)
    before = len(problems)
    doc = _load(path, problems)
    if doc is None:
        return False
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection" or not isinstance(doc.get("features"), list):
        problems.add(name, None, "", "not a GeoJSON FeatureCollection")
        return False
    g = ref.geographies
    expected = list(g[(g.level == "province") & (g.status == "current")].geo_code)
    seen: dict[str, int] = {}
    lo_x, lo_y, hi_x, hi_y = PK_BOX
    for i, f in enumerate(doc["features"]):
        props = f.get("properties") if isinstance(f, dict) else None
        code = props.get("iso_code") if isinstance(props, dict) else None
        where = f"feature {i}" + (f" ({code})" if isinstance(code, str) else "")
        if not isinstance(f, dict) or f.get("type") != "Feature" or not isinstance(props, dict):
            problems.add(name, None, where, "not a GeoJSON Feature with properties")
            continue
        if not isinstance(code, str) or not code:
            problems.add(name, None, where, "has no iso_code property")
        elif code not in expected:
            problems.add(name, None, where, f'iso_code "{code}" is not a current province in geographies.csv'
                                            f"{suggest(code, expected)}")
        elif code in seen:
            problems.add(name, None, where, f"iso_code {code} is also feature {seen[code]}: one feature per unit")
        else:
            seen[code] = i
        label = props.get("name")
        if not isinstance(label, str) or not label.strip():
            problems.add(name, None, where, "has no name property")
        elif isinstance(code, str) and ref.geo_code(label) not in (None, code):
            problems.add(name, None, where, f'name "{label}" is {ref.geo_code(label)} in geographies.csv, but iso_code says {code}')
        geom = f.get("geometry")
        if not isinstance(geom, dict) or geom.get("type") not in ("Polygon", "MultiPolygon"):
            problems.add(name, None, where, "geometry is not a Polygon or MultiPolygon")
            continue
        pts = _points(geom)
        if pts is None or not np.isfinite(pts).all():
            problems.add(name, None, where, "coordinates are not [longitude, latitude] number pairs forming rings")
            continue
        x, y = pts[:, 0], pts[:, 1]
        inside = (x >= lo_x) & (x <= hi_x) & (y >= lo_y) & (y <= hi_y)
        if not inside.all():
            swapped = ((y >= lo_x) & (y <= hi_x) & (x >= lo_y) & (x <= hi_y)).all()
            problems.add(name, None, where, "longitude and latitude look swapped ([lat, lon] instead of [lon, lat])" if swapped
                         else f"{int((~inside).sum()):,} of {len(pts):,} positions lie outside Pakistan "
                              f"({lo_x}-{hi_x}°E, {lo_y}-{hi_y}°N), e.g. [{x[~inside][0]:g}, {y[~inside][0]:g}]")
    lines = getattr(ref, "lines", {}).get("geographies.csv")
    for code in expected:
        if code not in seen:
            i = int(np.flatnonzero(g.geo_code.to_numpy() == code)[0])
            line = lines[i] if lines else i + 2
            problems.add(rel(ref_dir(ref) / "geographies.csv"), line, "geo_code",
                         f"current province {code} has no boundary in {name}")
    return len(problems) == before


def check_world(path: Path, ref: Reference, problems: Problems) -> bool:
    """True if the world TopoJSON passes every check."""
    name = rel(path)
    before = len(problems)
    doc = _load(path, problems)
    if doc is None:
        return False
    try:
        geoms = doc["objects"]["countries"]["geometries"]
        arcs = doc["arcs"]
        assert doc.get("type") == "Topology" and isinstance(geoms, list) and isinstance(arcs, list)
    except (KeyError, TypeError, AssertionError):
        problems.add(name, None, "", 'not a TopoJSON Topology with an object "countries" and arcs')
        return False
    tr = doc.get("transform")
    try:
        scale, shift = (np.array(tr["scale"], dtype="float64"), np.array(tr["translate"], dtype="float64")) if tr else (None, None)
        bad_arcs = 0
        for a in arcs:
            arr = np.array(a, dtype="float64")
            if arr.ndim != 2 or arr.shape[1] < 2 or not np.isfinite(arr).all():
                bad_arcs += 1
                continue
            xy = np.cumsum(arr[:, :2], axis=0) * scale + shift if tr else arr[:, :2]
            if (np.abs(xy[:, 0]) > 180 + 1e-6).any() or (np.abs(xy[:, 1]) > 90 + 1e-6).any():
                bad_arcs += 1
    except (KeyError, TypeError, ValueError):
        problems.add(name, None, "transform", "transform needs numeric scale and translate pairs")
        return False
    if bad_arcs:
        problems.add(name, None, "arcs", f"{bad_arcs:,} of {len(arcs):,} arcs are not numeric or fall outside ±180° longitude / "
                                         "±90° latitude (swapped coordinates or a wrong transform?)")
    names: dict[str, int] = {}
    for i, gm in enumerate(geoms):
        props = gm.get("properties") if isinstance(gm, dict) else None
        label = props.get("name") if isinstance(props, dict) else None
        where = f"geometry {i}" + (f" ({label})" if isinstance(label, str) else "")
        if not isinstance(label, str) or not label.strip():
            problems.add(name, None, where, "has no name property")
        elif label in names:
            problems.add(name, None, where, f'name "{label}" is also geometry {names[label]}: duplicate feature')
        else:
            names[label] = i
        gid = gm.get("id") if isinstance(gm, dict) else None
        if gid is not None and not (isinstance(gid, str) and re.fullmatch(r"\d{3}", gid)):
            problems.add(name, None, where, f"id {gid!r} is not a three-digit ISO 3166-1 numeric code")
        if isinstance(gm, dict) and gm.get("type") not in ("Polygon", "MultiPolygon", None):
            problems.add(name, None, where, f"geometry type {gm.get('type')!r} is not a Polygon or MultiPolygon")
    return len(problems) == before


def ref_dir(ref: Reference) -> Path:
    return getattr(ref, "directory", Path("data/reference"))
