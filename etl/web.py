"""Web assets published with each build: the map boundaries as GeoJSON files, simplified for screens.

The province map passes Plotly a URL to pk-<version>.geojson rather than the GeoJSON itself (a figure stays small and
the browser caches the file once per data version). The world tier map is drawn on the server from the same
simplified world boundaries (tipdash.catalogue.web_geojson, tipdash.svg.world_map), so browsers no longer fetch
world-<version>.geojson; it is still published beside pk, for anyone who maps the build's data elsewhere.

The files are written here, by the ETL, next to the build that made them current, so the app never writes at run
time: replicas and read-only containers serve exactly what the build published. Names carry the data version
(pk-<version>.geojson, world-<version>.geojson); versions whose build was pruned are removed.
"""
from __future__ import annotations

import json
import os
import re
import secrets
from pathlib import Path

from etl.builds import BUILDS
from etl.paths import PROCESSED, ROOT

STATIC_GEO = ROOT / "static" / "geo"
NAME = re.compile(r"^(pk|world)-([0-9a-f]{12})\.geojson$")


def static_dir(processed: Path) -> Path:
    """Where the web assets of `processed` go: the app's static/geo for the project's own data, a sibling static/geo
    for any other data folder (tests, a copy), so a build never writes outside its own tree."""
    return STATIC_GEO if Path(processed).resolve() == PROCESSED.resolve() else Path(processed).parent / "static" / "geo"


def published(processed: Path, version: str) -> bool:
    """Whether this version's web files are in place (the no-op rerun checks it: a wiped static/geo is rebuilt)."""
    folder = static_dir(processed)
    return all((folder / f"{name}-{version}.geojson").is_file() for name in ("pk", "world"))


# For the browser only (the GeoParquet keeps the ETL's own simplification): a world map on a screen never shows
# detail finer than ~0.1 degree (one pixel is ~0.4 degree at 1,400 px), so the world copy is simplified further,
# which halves its size and the browser's drawing work; coordinates are rounded to what the map can show.
WEB_SIMPLIFY = {"world": 0.2, "pk": 0.0}
WEB_GRID = {"world": 0.01, "pk": 0.001}
# Islands under 0.05 square degrees (well under one pixel on a 1,400 px world map) are left out of the world copy:
# 1,412 polygons become 534 and the browser draws 28 % fewer points. A country always keeps its largest part.
WEB_MIN_PART = {"world": 0.05, "pk": 0.0}


def _without_specks(geom, min_area: float):
    import shapely

    parts = list(getattr(geom, "geoms", [geom]))
    if len(parts) < 2 or not min_area:
        return geom
    largest = max(parts, key=lambda p: p.area)
    return shapely.MultiPolygon([p for p in parts if p is largest or p.area >= min_area])


def geojson_text(gdf, key: str, layer: str = "pk") -> str:
    """Compact GeoJSON of the features that have a `key` (the world layer has shapes without an ISO code)."""
    import shapely

    gdf = gdf[gdf[key].astype(str) != ""].copy()
    geoms = gdf.geometry.values
    lighter = geoms if not WEB_SIMPLIFY[layer] else shapely.simplify(geoms, WEB_SIMPLIFY[layer], preserve_topology=True)
    lighter = shapely.set_precision(lighter, WEB_GRID[layer])
    vanished = shapely.is_empty(lighter) | ~shapely.is_valid(lighter)
    gdf["geometry"] = [_without_specks(g if gone else s, WEB_MIN_PART[layer])  # a tiny country keeps its shape
                       for g, s, gone in zip(geoms, lighter, vanished)]
    return json.dumps(json.loads(gdf.to_json()), separators=(",", ":"))


def publish(processed: Path, version: str, pk_gdf, world_gdf) -> list[Path]:
    """Write this build's boundary files (atomically, only if their content changed) and remove files of versions no
    longer kept in builds/."""
    folder = static_dir(processed)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, gdf, key in (("pk", pk_gdf, "geo_code"), ("world", world_gdf, "iso3")):
        target = folder / f"{name}-{version}.geojson"
        text = geojson_text(gdf, key, name)
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            tmp = folder / f".{target.name}.{secrets.token_hex(6)}.tmp"
            tmp.write_text(text, encoding="utf-8")
            os.replace(tmp, target)
        written.append(target)
    kept = {p.name for p in (Path(processed) / BUILDS).iterdir() if p.is_dir()}
    for p in folder.iterdir():
        m = NAME.match(p.name)
        if m and m.group(2) not in kept:
            p.unlink(missing_ok=True)
    return written
