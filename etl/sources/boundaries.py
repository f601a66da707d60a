"""Boundaries: Pakistan's 7 first-level units and world countries, simplified once here to GeoParquet.

Simplification uses shapely's coverage_simplify, which keeps shared borders shared (no gaps or slivers between
neighbours), so the map never shows cracks. Tolerances are in degrees (EPSG:4326).
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import geopandas as gpd
import shapely

from etl.fingerprint import fingerprint, sha256
from etl.paths import current_build, rel
from etl.problems import Problems
from etl.reference import Reference
from etl.sources import geo_checks

if TYPE_CHECKING:
    from etl.run import Run

PK_TOLERANCE = 0.01    # ~1 km: enough for a province choropleth, ~2.5k vertices
WORLD_TOLERANCE = 0.05  # ~5 km: a world overview map


def _simplify(gdf: gpd.GeoDataFrame, tolerance: float) -> gpd.GeoDataFrame:
    gdf = gdf.copy()
    gdf["geometry"] = shapely.coverage_simplify(gdf.geometry.values, tolerance)
    gdf["geometry"] = shapely.set_precision(gdf.geometry.values, 1e-5)
    return gdf


def split_antimeridian(geom):
    """Polygons whose rings jump across the 180° meridian (Russia, Fiji) would be drawn as bands across the whole
    map; shift them east, then cut at 180° and move the eastern part back by 360°."""
    from shapely.affinity import translate
    from shapely.geometry import MultiPolygon, box

    parts = list(getattr(geom, "geoms", [geom]))
    out = []
    for poly in parts:
        minx, miny, maxx, _ = poly.bounds
        if maxx - minx <= 180 or miny < -60:  # Antarctica legitimately spans every longitude
            out.append(poly)
            continue
        shifted = shapely.make_valid(shapely.transform(poly, lambda xy: xy + [[360, 0]] * (xy[:, :1] < 0)))
        west = shifted.intersection(box(-180, -90, 180, 90))
        east = translate(shifted.intersection(box(180, -90, 540, 90)), xoff=-360)
        for g in (west, east):
            out.extend(x for x in getattr(g, "geoms", [g]) if x.geom_type == "Polygon" and not x.is_empty)
    return out[0] if len(out) == 1 else MultiPolygon(out)


def _polygonal(geom):
    """Keep only the polygon parts (make_valid can leave stray lines that map renderers reject)."""
    from shapely.geometry import MultiPolygon

    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    polys = [p for g in getattr(geom, "geoms", []) for p in getattr(g, "geoms", [g]) if p.geom_type == "Polygon"]
    return MultiPolygon(polys)


def read_geo(path: Path, problems: Problems, file: str, layer: str | None = None) -> gpd.GeoDataFrame | None:
    try:
        return gpd.read_file(path, layer=layer) if layer else gpd.read_file(path)
    except Exception as exc:  # noqa: BLE001 - GDAL/pyogrio errors of any kind: name the file, not the absolute path
        message = str(exc).replace(str(path), file).replace(str(path.resolve()), file)
        problems.add(file, None, "", f"cannot read boundaries ({type(exc).__name__}: {message})")
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
    gdf["geometry"] = [shapely.make_valid(split_antimeridian(g)) for g in gdf.geometry]
    gdf["geometry"] = shapely.set_precision(gdf.geometry.simplify(WORLD_TOLERANCE, preserve_topology=True).values, 1e-4)
    gdf["geometry"] = [_polygonal(g if g.is_valid else g.buffer(0)) for g in gdf.geometry]
    out = gpd.GeoDataFrame({"iso3": gdf["iso3"].fillna("").astype("str"), "name": gdf["name"].astype("str"),
                            "geometry": gdf.geometry}, geometry="geometry", crs="EPSG:4326")
    return out.sort_values(["iso3", "name"]).reset_index(drop=True)


TITLE = "boundaries (GeoParquet, simplified once)"
INPUTS = ("boundaries_pk", "boundaries_world")
OUTPUTS = ("boundaries_pk_adm1", "boundaries_world")
ETL_DIR = Path(__file__).resolve().parents[1]


def step(run: Run) -> None:
    """Simplifying the world map is the slowest step: when its inputs (and this code) are unchanged since the current
    build, that build's files are reused, checked by checksum."""
    pk_file, world_file = run.one("boundaries_pk"), run.one("boundaries_world")
    ref_dir = run.paths.reference
    used = [p for p in (pk_file, world_file) if p] + [ref_dir / "geographies.csv", ref_dir / "countries.csv",
                                                       ETL_DIR / "sources" / "boundaries.py", ETL_DIR / "sources" / "geo_checks.py"]
    fp = run.step_fingerprints["boundaries"] = fingerprint([p for p in used if p.exists()])
    if (earlier := _reusable(run, fp)) is not None:
        run.say("    unchanged since the last build (checksum): reusing the simplified boundaries")
        run.reused.update({f"{n}.parquet": earlier / f"{n}.parquet" for n in OUTPUTS})
        return
    if pk_file and geo_checks.check_pakistan(pk_file, run.ref, run.problems):
        g = read_geo(pk_file, run.problems, rel(pk_file))
        if g is not None:
            _guard(run, "boundaries_pk_adm1", lambda: pakistan(g, run.ref, rel(pk_file), run.problems), rel(pk_file))
    if world_file and geo_checks.check_world(world_file, run.ref, run.problems):
        g = read_geo(world_file, run.problems, rel(world_file), layer="countries")
        if g is not None:
            _guard(run, "boundaries_world", lambda: world(g, run.ref, rel(world_file), run.problems), rel(world_file))


def _reusable(run: Run, fp: str) -> Path | None:
    """The current build's folder if its boundaries were made from the same inputs and are intact, else None."""
    prev, folder = run.previous, current_build(run.paths.processed)
    if run.force or not prev or folder is None or prev.get("steps", {}).get("boundaries") != fp:
        return None
    listed = prev.get("outputs", {})
    intact = all((folder / f"{n}.parquet").is_file()
                 and sha256(folder / f"{n}.parquet") == listed.get(f"{n}.parquet", {}).get("sha256") for n in OUTPUTS)
    return folder if intact else None


def _guard(run: Run, table: str, fn, file: str) -> None:
    """Run a geometry step; an unexpected geometry error becomes a reported problem, not a traceback."""
    try:
        run.tables[table] = fn()
    except Exception as exc:  # noqa: BLE001 - any library error on malformed geometry
        run.problems.add(file, None, "geometry", f"cannot process boundaries ({type(exc).__name__}: {exc})")
