"""Web assets published with each build: the map boundaries as GeoJSON files the dashboard's browser fetches.

The maps pass Plotly a URL rather than the GeoJSON itself (a figure stays small and the browser caches the file once
per data version). The files are written here, by the ETL, next to the build that made them current, so the app
never writes at run time: replicas and read-only containers serve exactly what the build published. Names carry the
data version (pk-<version>.geojson, world-<version>.geojson); versions whose build was pruned are removed.
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


def geojson_text(gdf, key: str) -> str:
    """Compact GeoJSON of the features that have a `key` (the world layer has shapes without an ISO code)."""
    gdf = gdf[gdf[key].astype(str) != ""]
    return json.dumps(json.loads(gdf.to_json()), separators=(",", ":"))


def publish(processed: Path, version: str, pk_gdf, world_gdf) -> list[Path]:
    """Write this build's boundary files (atomically; an existing file of the same version is left alone) and remove
    files of versions no longer kept in builds/."""
    folder = static_dir(processed)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, gdf, key in (("pk", pk_gdf, "geo_code"), ("world", world_gdf, "iso3")):
        target = folder / f"{name}-{version}.geojson"
        if not target.exists():
            tmp = folder / f".{target.name}.{secrets.token_hex(6)}.tmp"
            tmp.write_text(geojson_text(gdf, key), encoding="utf-8")
            os.replace(tmp, target)
        written.append(target)
    kept = {p.name for p in (Path(processed) / BUILDS).iterdir() if p.is_dir()}
    for p in folder.iterdir():
        m = NAME.match(p.name)
        if m and m.group(2) not in kept:
            p.unlink(missing_ok=True)
    return written
