"""ETL: raw source files -> validated, provenance-carrying Parquet in data/processed/.

Run with `python -m etl`. Modules: `paths` (where things live), `problems` (error collection and reporting),
`reference` (reference data and name resolution), `readers` (raw file parsing), `sources/*` (one per source),
`derive` (rates, coverage), `schemas` (one pandera schema per output table), `pipeline` (orchestration).
"""
