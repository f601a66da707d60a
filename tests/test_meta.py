"""Meta-tests where drift is likely: every table has a schema, every indicator a definition, every source a citation,
every raw file a sidecar."""
import json

import pandas as pd

from etl import reference, schemas
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
    kinds = set(pd.read_csv(REFERENCE / "publication_kinds.csv").publication_kind)
    assert set(srcs.publication_kind) <= kinds
    for col in ("producer", "publisher", "licence", "study_id"):
        assert (srcs[col].str.strip() != "").all(), col
    for table in ("indicator_values", "tip_tiers", "population", "indicator_rates"):
        df = pd.read_parquet(current_build(built / "processed") / f"{table}.parquet")
        assert set(df.source_id) <= set(srcs.source_id), table


def test_every_output_table_has_a_strict_schema(built):
    outputs = {p.stem for p in current_build(built / "processed").glob("*.parquet")}
    assert outputs == set(schemas.SCHEMAS)
    ref = reference.load(REFERENCE)
    for name, schema in schemas.SCHEMAS.items():
        assert schema(ref).strict is True, name


def test_schemas_do_not_import_source_modules():
    text = open(schemas.__file__, encoding="utf-8").read()
    assert "etl.sources" not in text


def test_every_source_publisher_and_licence_match_the_sidecar_that_describes_it(built):
    """A document described by a raw file's sidecar (single-document files, additions) is published under exactly that
    publisher and licence; documents of files whose rows each name their source are described in sources.csv, and the
    file's sidecar says so. Guards against attribution by pattern (stateofchildren.com was once credited to PBS)."""
    srcs = pd.read_parquet(current_build(built / "processed") / "sources.parquet").set_index("title")
    described = pd.read_csv(REFERENCE / "sources.csv", dtype=str, keep_default_na=False).set_index("title")
    cited_by_file = {}
    for table in ("indicator_values", "tip_tiers", "population"):
        df = pd.read_parquet(current_build(built / "processed") / f"{table}.parquet")
        for f, t in zip(df.raw_file, df.source_title):
            cited_by_file.setdefault(f, set()).add(t)
    assert cited_by_file
    for f, titles in cited_by_file.items():
        meta = json.loads((built / f.replace("data/", "", 1)).with_name(f.split("/")[-1] + ".provenance.json").read_text())
        docs = {d["title"]: d for d in meta.get("documents", [])}
        for t in titles:
            if t in docs:
                assert (srcs.at[t, "publisher"], srcs.at[t, "licence"]) == (docs[t]["publisher"], docs[t]["licence"]), (f, t)
                assert t not in described.index, f"{t!r} is described twice"
            else:
                assert t in described.index, f"{f}: {t!r} has no description"
                assert "each row names its source" in meta["licence"].lower(), f"{f}: sidecar must say its rows name their sources"
                assert (srcs.at[t, "publisher"], srcs.at[t, "licence"]) == (described.at[t, "publisher"], described.at[t, "licence"])
    pbs_copy = [t for t in srcs.index if "stateofchildren" in t]
    assert pbs_copy and all(srcs.at[t, "publisher"] != "Pakistan Bureau of Statistics (PBS)" for t in pbs_copy)
