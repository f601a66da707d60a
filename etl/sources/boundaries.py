"""Boundaries: Pakistan's 7 first-level units and world countries, simplified once here to GeoParquet.

Simplification uses shapely's coverage_simplify, which keeps shared borders shared (no gaps or slivers between
neighbours), so the map never shows cracks. Tolerances are in degrees (EPSG:4326).
"""
from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from etl.problems import Problems
from etl.reference import Reference

PK_TOLERANCE = 0.01    # ~1 km: enough for a province choropleth, ~2.5k vertices
WORLD_TOLERANCE = 0.05  # ~5 km: a world overview map


def _simplify(gdf: gpd.GeoDataFrame, tolerance: float) -> gpd.GeoDataFrame:
    gdf = gdf.copy()
    gdf["geometry"] = shapely.coverage_simplify(gdf.geometry.values, tolerance)
    gdf["geometry"] = shapely.set_precision(gdf.geometry.values, 1e-5)
    return gdf


def read_geo(path: Path, problems: Problems, file: str, layer: str | None = None) -> gpd.GeoDataFrame | None:
    try:
        return gpd.read_file(path, layer=layer) if layer else gpd.read_file(path)
    except Exception as exc:
        problems.add(file, None, "", f"cannot read boundaries: {exc}")
        return None


def pakistan(gdf: gpd.GeoDataFrame, ref: Reference, file: str, problems: Problems) -> gpd.GeoDataFrame:
    expected = set(ref.geographies.query("level == 'province' and status == 'current'").geo_code)
    for col in ("iso_code", "name"):
        if col not in gdf.columns:
            problems.add(file, None, col, "boundary property missing")
            return gpd.GeoDataFrame()
    codes = set(gdf.iso_code)
    if codes != expected:
        problems.add(file, None, "iso_code", f"expected units {sorted(expected)}, found {sorted(codes)}")
    invalid = gdf[~gdf.geometry.is_valid]
    for _, r in invalid.iterrows():
        problems.add(file, None, "geometry", f"invalid geometry for {r.iso_code}")
    out = gdf[["iso_code", "geometry"]].rename(columns={"iso_code": "geo_code"})
    out = _simplify(out, PK_TOLERANCE)
    names = ref.geographies.set_index("geo_code")
    out["name"] = out.geo_code.map(names["name"])
    out["name_ur"] = out.geo_code.map(names["name_ur"])
    out = out.sort_values("geo_code").reset_index(drop=True)
    return gpd.GeoDataFrame(out[["geo_code", "name", "name_ur", "geometry"]], geometry="geometry", crs="EPSG:4326")


def world(gdf: gpd.GeoDataFrame, ref: Reference, file: str, problems: Problems) -> gpd.GeoDataFrame:
    """World countries with ISO3 joined from the numeric id (Kosovo by name, as it has no numeric id)."""
    c = ref.countries
    by_numeric = dict(zip(c.iso_numeric.str.zfill(3), c.iso3))
    gdf = gdf.copy()
    gdf["iso3"] = gdf["id"].fillna("").map(lambda i: by_numeric.get(str(i).zfill(3)) if i else None)
    gdf.loc[gdf["name"] == "Kosovo", "iso3"] = "XKX"
    gdf = gdf[gdf.geometry.notna()].reset_index(drop=True)
    # The world layer is not a clean coverage everywhere (coverage_simplify rejects it); at world scale a plain
    # topology-preserving simplification per country is visually the same.
    gdf["geometry"] = shapely.set_precision(gdf.geometry.simplify(WORLD_TOLERANCE, preserve_topology=True).make_valid().values, 1e-4)
    out = gpd.GeoDataFrame({"iso3": gdf["iso3"].fillna("").astype("str"), "name": gdf["name"].astype("str"),
                            "geometry": gdf.geometry}, geometry="geometry", crs="EPSG:4326")
    return out.sort_values(["iso3", "name"]).reset_index(drop=True)
