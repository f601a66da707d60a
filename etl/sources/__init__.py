"""One module per source, each a step of the ETL: it names the registered raw inputs it reads (INPUTS, entries of
etl/inputs.py RAW_INPUTS), its progress line (TITLE; None when it is reported under the step before it), pure
`transform`s (raw frame -> tidy frame + problems), and a `step(run)` that reads its files and adds its tables.

STEPS is the one list, in run order: a step may use the tables of the steps before it (the cross-check reads the
tier placements; the UNODC step checks the indicator rows).
"""
from etl.sources import boundaries, indicator_rows, population, tier_crosscheck, tip_tiers, unodc

STEPS = (tip_tiers, tier_crosscheck, indicator_rows, population, unodc, boundaries)
