"""ETL: raw source files -> validated, provenance-carrying Parquet in data/processed/.

Run with `python -m etl`. Modules: `paths` (where things live, and `current_build`), `inputs` (the registry of raw
files and the step that reads each), `sidecar` (provenance sidecars), `problems` (bounded collection and reporting),
`validate` (value rules: text, URLs, numbers, age bands), `reference` + `reference_checks` (reference data, checked
column by column), `readers` (streamed raw file parsing), `sources/*` (one per source), `duplicates`, `derive`
(rates, coverage, named sanity checks), `schemas` (one pandera schema per output table), `builds` (versioned build
folders and the atomic CURRENT pointer), `pipeline` (orchestration).
"""
