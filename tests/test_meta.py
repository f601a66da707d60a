"""Meta-tests where drift is likely: every table has a schema, every indicator a definition, every source a citation,
every raw file a sidecar."""
import json

import pandas as pd

from etl import schemas
from etl.paths import RAW, REFERENCE, current_build
from etl.pipeline import data_files


def test_every_raw_data_file_has_a_sidecar_with_checksum():
    files = data_files(RAW)
    assert len(files) >= 9
    for f in files:
        side = f.with_name(f.name + ".provenance.json")
        assert side.exists(), f
        meta = json.loads(side.read_text())
        for key in ("title", "producer", "licence", "sha256", "accessed", "notes"):
            assert str(meta.get(key, "")).strip(), (f, key)


def test_every_indicator_in_the_data_has_a_catalogue_entry(built):
    vals = pd.read_parquet(current_build(built / "processed") / "indicator_values.parquet")
    cat = pd.read_csv(REFERENCE / "indicators.csv", dtype=str, keep_default_na=False)
    assert set(vals.indicator_id) <= set(cat.indicator_id)
    for col in ("label", "definition", "unit", "source_kind", "caveat"):
        assert (cat[col].str.strip() != "").all(), col


def test_every_source_id_resolves_and_has_a_kind(built):
    srcs = pd.read_parquet(current_build(built / "processed") / "sources.parquet")
    kinds = set(pd.read_csv(REFERENCE / "source_kinds.csv").source_kind)
    assert set(srcs.source_kind) <= kinds
    for table in ("indicator_values", "tip_tiers", "population", "indicator_rates"):
        df = pd.read_parquet(current_build(built / "processed") / f"{table}.parquet")
        assert set(df.source_id) <= set(srcs.source_id), table


def test_every_output_table_has_a_schema(built):
    derived_from_reference = {"indicators", "geographies", "countries", "period_rules", "source_kinds", "events",
                              "pakistan_tier_crosscheck", "boundaries_pk_adm1", "boundaries_world"}
    with_schema = {n for n in dir(schemas) if not n.startswith("_")} - {"validate", "pa", "Check", "Column", "DataFrameSchema", "TIERS", "YEARS", "annotations"}
    outputs = {p.stem for p in current_build(built / "processed").glob("*.parquet")}
    assert outputs - derived_from_reference <= with_schema
