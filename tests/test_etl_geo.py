"""Boundary files: parse errors with file and line; swapped coordinates, duplicate features, missing or unknown
codes - each a named problem on the right file (issue 9)."""
import json

import pytest

from tests.etl_helpers import replace_raw, run_failing

PK = "boundaries/pakistan_adm1_kp_merged.geojson"
WORLD = "boundaries/world_countries_50m.topojson"


def edit_geojson(paths, fn):
    doc = json.loads((paths.raw / PK).read_text())
    fn(doc)
    replace_raw(paths, PK, json.dumps(doc))


def swap(geom):
    def walk(c):
        return [c[1], c[0]] if isinstance(c[0], (int, float)) else [walk(x) for x in c]
    geom["coordinates"] = walk(geom["coordinates"])


@pytest.mark.parametrize("fn,expected", [
    (lambda d: swap(d["features"][0]["geometry"]), "[feature 0 (PK-PB)]: longitude and latitude look swapped"),
    (lambda d: d["features"].append(d["features"][1]), "[feature 7 (PK-SD)]: iso_code PK-SD is also feature 1"),
    (lambda d: d["features"][0]["properties"].update(iso_code="PK-PX"),
     '[feature 0 (PK-PX)]: iso_code "PK-PX" is not a current province in geographies.csv'),
    (lambda d: d["features"][0]["properties"].pop("iso_code"), "[feature 0]: has no iso_code property"),
    (lambda d: d["features"][0]["properties"].update(name="Sindh"), '[feature 0 (PK-PB)]: name "Sindh" is PK-SD in geographies.csv, but iso_code says PK-PB'),
    (lambda d: d["features"][0]["geometry"].update(type="Point", coordinates=[70, 30]), "[feature 0 (PK-PB)]: geometry is not a Polygon"),
    (lambda d: d["features"][0]["geometry"]["coordinates"][0][0].__setitem__(0, "x"), "[feature 0 (PK-PB)]: coordinates are not"),
    (lambda d: d["features"][0]["geometry"]["coordinates"][0][0].__setitem__(0, 170.0), "positions lie outside Pakistan"),
    (lambda d: d.update(type="Feature"), "not a GeoJSON FeatureCollection"),
])
def test_bad_pakistan_geojson(project_copy, fn, expected):
    edit_geojson(project_copy, fn)
    err = run_failing(project_copy)
    assert f"data/raw/{PK}" in err and expected in err, err


def test_missing_unit_is_reported_on_geographies_csv(project_copy):
    edit_geojson(project_copy, lambda d: d.update(features=d["features"][1:]))
    err = run_failing(project_copy)
    assert f"data/reference/geographies.csv:3 [geo_code]: current province PK-PB has no boundary in data/raw/{PK}" in err


def test_broken_geojson_json_names_the_line(project_copy):
    lines = json.dumps(json.loads((project_copy.raw / PK).read_text()), indent=1).split("\n")
    lines[5] += ",,"
    replace_raw(project_copy, PK, "\n".join(lines))
    assert f"data/raw/{PK}:6: not valid JSON" in run_failing(project_copy)


def test_geojson_not_utf8(project_copy):
    replace_raw(project_copy, PK, b'{"type": "FeatureCollection", "features": [], "name": "\xff"}')
    assert f"data/raw/{PK}: not UTF-8 text" in run_failing(project_copy)


def edit_topo(paths, fn):
    doc = json.loads((paths.raw / WORLD).read_text())
    fn(doc)
    replace_raw(paths, WORLD, json.dumps(doc))


@pytest.mark.parametrize("fn,expected", [
    (lambda d: d["transform"].update(translate=[-89.999, -180]), "[arcs]: "),
    (lambda d: d["arcs"][0].__setitem__(0, [99999999, 5]), "[arcs]: 1 of 1,959 arcs are not numeric or fall outside"),
    (lambda d: d["objects"]["countries"]["geometries"].append(d["objects"]["countries"]["geometries"][0]),
     "[geometry 241 (Zimbabwe)]: name \"Zimbabwe\" is also geometry 0: duplicate feature"),
    (lambda d: d["objects"]["countries"]["geometries"][0].update(id="36"), "[geometry 0 (Zimbabwe)]: id '36' is not a three-digit"),
    (lambda d: d["objects"]["countries"]["geometries"][0]["properties"].pop("name"), "[geometry 0]: has no name property"),
    (lambda d: d["objects"].pop("countries"), 'not a TopoJSON Topology with an object "countries"'),
    (lambda d: d["transform"].update(scale="x"), "[transform]: transform needs numeric scale and translate pairs"),
])
def test_bad_world_topojson(project_copy, fn, expected):
    edit_topo(project_copy, fn)
    err = run_failing(project_copy)
    assert f"data/raw/{WORLD}" in err and expected in err, err


def test_gdal_errors_are_wrapped_with_the_file(project_copy):
    """JSON that passes the checks but that GDAL cannot read still names the file, with no traceback."""
    edit_geojson(project_copy, lambda d: d["features"][0]["geometry"]["coordinates"][0].__setitem__(0, [70.0, 30.0, "z"]))
    err = run_failing(project_copy)
    assert f"data/raw/{PK}" in err
