"""The real ETL on the bundled data: known facts, provenance on every value, determinism, no-op reruns."""
import io
import json
import shutil

import pandas as pd

from etl.paths import current_build
from etl.pipeline import Paths, build


def read(base, table):
    return pd.read_parquet(current_build(base / "processed") / f"{table}.parquet")


def tree(folder):
    """Every file under folder (the pointer and the build folders), by relative path."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def raw_csv(base, rel):
    return pd.read_csv(base / "raw" / rel, dtype=str, keep_default_na=False)


def test_pakistan_tier_history_matches_raw_source(built):
    tiers = read(built, "tip_tiers")
    pak = tiers[tiers.iso3 == "PAK"].set_index("report_year").tier
    raw = raw_csv(built, "tip_tiers/tip_tiers.csv").query("iso3 == 'PAK'").set_index("report_year").tier
    assert sorted(pak.index) == list(range(2001, 2026))  # complete 2001-2025
    assert {int(k): v for k, v in raw.items()} == pak.to_dict()
    assert pak[2001] == "3" and pak[2018] == "2" and pak[2020] == "2WL"


def test_census_2023_totals(built):
    pop = read(built, "population").query("census_year == 2023 and age_group == 'all'").set_index("geo_code").population
    raw = raw_csv(built, "population/pakistan_population_by_province.csv").query("census_year == '2023'")
    for _, r in raw.iterrows():
        assert pop[r.iso_code] == int(r.population)
    assert pop["PK"] == sum(pop[c] for c in ["PK-PB", "PK-SD", "PK-KP", "PK-BA", "PK-IS"])


def test_every_value_carries_a_source(built):
    vals = read(built, "indicator_values")
    assert len(vals) == len(raw_csv(built, "cases/pakistan_tip_cases_by_province.csv")) + len(raw_csv(built, "children/child_victims.csv"))
    for col in ("source_id", "source_title", "source_url", "source_quote", "raw_file"):
        assert (vals[col].str.len() > 0).all(), col
    srcs = set(read(built, "sources").source_id)
    assert set(vals.source_id) <= srcs and set(read(built, "tip_tiers").source_id) <= srcs
    # the row pointer leads back to the raw row with the same value
    r = vals.sample(1, random_state=3).iloc[0]
    raw = raw_csv(built, r.raw_file.split("data/raw/")[1])
    assert float(raw.iloc[r.raw_line - 2].value) == r.value


def test_half_years_are_not_years(built):
    vals = read(built, "indicator_values")
    half = vals[vals.indicator_id.str.endswith("_jan_jun")]
    assert len(half) > 0 and (half.period_end.dt.month == 6).all()
    assert not (read(built, "coverage").query("period_rules == 'jan_jun'").full_year).any()


def test_zones_are_not_provinces(built):
    vals = read(built, "indicator_values")
    z = vals[vals.geo_code.str.contains("~")]
    assert len(z) > 0 and set(z.geo_level) <= {"zone", "city", "district"}


def test_boundaries_are_geoparquet_and_simplified(built):
    import geopandas as gpd

    pk = gpd.read_parquet(current_build(built / "processed") / "boundaries_pk_adm1.parquet")
    assert sorted(pk.geo_code) == ["PK-BA", "PK-GB", "PK-IS", "PK-JK", "PK-KP", "PK-PB", "PK-SD"]
    assert pk.geometry.is_valid.all()
    raw = gpd.read_file(built / "raw" / "boundaries" / "pakistan_adm1_kp_merged.geojson")
    n = lambda g: int(sum(len(p.exterior.coords) for geom in g.geometry for p in getattr(geom, "geoms", [geom])))  # noqa: E731
    assert n(pk) < n(raw) / 2
    world = gpd.read_parquet(current_build(built / "processed") / "boundaries_world.parquet")
    assert {"PAK", "IND", "XKX"} <= set(world.iso3)
    assert set(world.geom_type) <= {"Polygon", "MultiPolygon"} and world.is_valid.all()
    # no polygon jumps across the antimeridian (it would draw a band across the map); Antarctica spans it legitimately
    spans = {r.name: max(p.bounds[2] - p.bounds[0] for p in getattr(r.geometry, "geoms", [r.geometry])) for r in world.itertuples()}
    assert all(s < 180 for n, s in spans.items() if n != "Antarctica"), {n: s for n, s in spans.items() if s >= 180}


def test_manifest_lists_every_output_with_checksum(built):
    folder = current_build(built / "processed")
    m = json.loads((folder / "manifest.json").read_text())
    assert m["data_version"] == folder.name
    files = {p.name for p in folder.glob("*.parquet")}
    assert set(m["outputs"]) == files and len(m["data_version"]) == 12
    # 3,250 placements in tip_tiers.csv + 265 cells only the 2024/2025 supplement and the single placements fill
    assert m["outputs"]["tip_tiers.parquet"]["rows"] == 3515


def test_manifest_copies_each_raw_files_sidecar_provenance(built):
    m = json.loads((current_build(built / "processed") / "manifest.json").read_text())
    raw = built / "raw"
    files = {f"data/raw/{p.relative_to(raw).as_posix()}" for p in raw.rglob("*") if p.name.endswith(".provenance.json")}
    assert set(m["provenance"]) == {f.removesuffix(".provenance.json") for f in files}
    for f, entry in m["provenance"].items():
        side = json.loads((raw / f.removeprefix("data/raw/")).with_name(f.split("/")[-1] + ".provenance.json").read_text())
        for key in ("title", "licence", "producer"):
            assert entry[key] == side[key], (f, key)
        assert entry["source_id"].startswith("src-")
        for doc, described in zip(entry.get("documents", []), side.get("documents", [])):
            assert (doc["title"], doc["publisher"], doc["licence"]) == (described["title"], described["publisher"], described["licence"])


def test_rates_carry_their_unit_in_parts(built):
    """The unit string is for display; base_unit, per and per_population say the same for code that must not parse it."""
    r = read(built, "indicator_rates")
    assert len(r) and (r.per == 100_000).all()
    assert set(r.per_population) == {"population", "children"}
    assert (r.per_population == r.measure.str.removeprefix("per_100k_")).all()
    said = {"population": " per 100,000 population", "children": " per 100,000 children (under 18)"}
    assert (r.base_unit + r.per_population.map(said) == r.unit).all()


def test_rerun_is_noop_and_force_rebuild_is_byte_identical(built, tmp_path):
    for name in ("raw", "reference", "processed", "static"):  # static/: the web files published with the build
        shutil.copytree(built / name, tmp_path / name)
    paths = Paths(tmp_path / "raw", tmp_path / "reference", tmp_path / "processed")
    before = tree(paths.processed)
    out = io.StringIO()
    assert build(paths, out=out) == 0 and "up to date" in out.getvalue()
    assert build(paths, out=io.StringIO(), force=True) == 0
    after = tree(paths.processed)
    assert before == after
