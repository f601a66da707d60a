"""The ETL publishes the maps' GeoJSON with each build, so the app never writes at run time."""
import io
import json
import shutil

from etl import web
from etl.paths import current_build
from etl.pipeline import Paths, build
from tipdash import ui, views
from tipdash.catalogue import Catalogue


def test_build_publishes_boundaries_for_its_version_and_a_rerun_restores_them(built, tmp_path):
    for name in ("raw", "reference", "processed"):
        shutil.copytree(built / name, tmp_path / name)
    shutil.copytree(built / "static", tmp_path / "static")
    paths = Paths(tmp_path / "raw", tmp_path / "reference", tmp_path / "processed")
    version = current_build(paths.processed).name
    folder = web.static_dir(paths.processed)
    assert folder == tmp_path / "static" / "geo"  # beside the data it came from, never the project's static/
    pk = json.loads((folder / f"pk-{version}.geojson").read_text())
    assert sorted(f["properties"]["geo_code"] for f in pk["features"]) == ["PK-BA", "PK-GB", "PK-IS", "PK-JK", "PK-KP", "PK-PB", "PK-SD"]
    world = json.loads((folder / f"world-{version}.geojson").read_text())
    assert {"PAK", "IND", "XKX"} <= {f["properties"]["iso3"] for f in world["features"]}
    assert all(f["properties"]["iso3"] for f in world["features"])

    (folder / f"world-{version}.geojson").unlink()
    out = io.StringIO()
    assert build(paths, out=out) == 0 and "up to date" not in out.getvalue()  # a missing web file is not "up to date"
    assert (folder / f"world-{version}.geojson").is_file()
    out = io.StringIO()
    assert build(paths, out=out) == 0 and "up to date" in out.getvalue()


def test_catalogue_gives_the_published_boundaries_for_maps_that_cannot_fetch_them(built):
    cat = Catalogue.load(built / "processed")
    folder = web.static_dir(built / "processed")
    for geometry in ("pk", "world"):
        assert cat.web_geojson(geometry) == json.loads((folder / f"{geometry}-{cat.version}.geojson").read_text())


def test_maps_fetch_the_served_file_or_carry_the_boundaries_when_the_app_cannot_serve_it(built, tmp_path, monkeypatch):
    cat = Catalogue.load(built / "processed")
    indicator = "fia_human_trafficking_cases_registered"
    year = cat.best_year(indicator)
    monkeypatch.setattr(ui, "STATIC_GEO", tmp_path)  # the app's static/geo
    assert ui.geojson_url(cat.version, "pk") is None  # this build's files are not there: data from elsewhere
    inline = views.provinces(cat, indicator, year, "value", None, "en").blocks["map"].fig
    assert {code for tr in inline.data for code in tr.locations} == {f["properties"]["geo_code"] for f in cat.web_geojson("pk")["features"]}
    assert all(tr.geojson == cat.web_geojson("pk") for tr in inline.data)
    world = views.tiers_world(cat, cat.default_tier_year(), "en").blocks["world"]  # drawn on the server, no file to fetch
    assert world.fig is None and world.frame.count("<path") + world.frame.count("<circle") == len(cat.web_world_features)

    shutil.copyfile(web.static_dir(built / "processed") / f"pk-{cat.version}.geojson", tmp_path / f"pk-{cat.version}.geojson")
    url = ui.geojson_url(cat.version, "pk")
    assert url == f"app/static/geo/pk-{cat.version}.geojson"
    assert all(tr.geojson == url for tr in views.provinces(cat, indicator, year, "value", url, "en").blocks["map"].fig.data)


def test_the_world_copy_leaves_out_specks_but_never_a_country(built):
    import shapely
    from shapely.geometry import shape

    cat = Catalogue.load(built / "processed")
    world = cat.web_geojson("world")["features"]
    assert {f["properties"]["iso3"] for f in world} == set(cat.boundaries_world.iso3) - {""}  # every country keeps a shape
    for f in world:
        parts = list(getattr(shape(f["geometry"]), "geoms", [shape(f["geometry"])]))
        largest = max(parts, key=lambda p: p.area)
        assert all(p is largest for p in parts if p.area < web.WEB_MIN_PART["world"]), f["properties"]["iso3"]  # kept: the largest part
    source_parts = sum(shapely.get_num_geometries(g) for g in cat.boundaries_world.geometry)
    assert sum(len(getattr(shape(f["geometry"]), "geoms", [1])) for f in world) < source_parts / 2
