"""ETL: raw source files -> validated, provenance-carrying Parquet in data/processed/.

Run with `python -m etl`. Modules: `cli` (arguments, and the up-to-date exit before the data stack is imported),
`pipeline` (the short orchestration: raw check, reference, steps, checks, publish), `paths` (where things live, and
`current_build`), `inputs` (the registry of raw files and the step that reads each), `sidecar` (provenance sidecars),
`problems` (bounded collection and reporting), `validate` (value rules: text, URLs, numbers, age bands), `reference` +
`reference_checks` (reference data, checked by one named check per file), `readers` (streamed raw file parsing),
`sources/*` (one step per source, listed in `sources.STEPS`), `run` (the state the steps share), `tiers` (the tier
scale), `duplicates`, `derive` (rates, coverage, sources), `checks` (named sanity checks), `schemas` (`SCHEMAS`: one
strict pandera schema per Parquet table), `publish` (tables + manifest), `builds` (versioned build folders and the
atomic CURRENT pointer), `fingerprint` (checksums and the one up-to-date check), `web` (map files for the browser).
"""
