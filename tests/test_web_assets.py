"""The ETL publishes the maps' GeoJSON with each build, so the app never writes at run time."""
import io
import json
import shutil

from etl import web
from etl.paths import current_build
from etl.pipeline import Paths, build


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
