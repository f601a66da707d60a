"""Named sanity checks across a run's tables, after every source step: each reports problems, none changes a table."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from etl.run import Run


def census_sums(run: Run) -> None:
    """National census total equals the sum of its units (PBS tables exclude AJK and GB)."""
    pop, problems = run.tables["population"], run.problems
    t = pop[(pop.age_group == "all") & (pop.sex == "all")]
    for year, grp in t.groupby("census_year"):
        nat = grp[grp.geo_code == "PK"]
        if nat.empty:
            continue
        units = grp[~grp.geo_code.isin(["PK", "PK-JK", "PK-GB"])]
        if year < 2018:  # KP without FATA, plus FATA as its own unit
            units = units[units.boundary_basis != "post_2018_including_fata"]
        else:
            units = units[units.geo_code != "PK-TA"]
        if units.population.sum() != nat.population.iloc[0]:
            problems.add(nat.raw_file.iloc[0], int(nat.raw_line.iloc[0]), "population",
                         f"census {year}: units sum to {units.population.sum():,} but the national total is {nat.population.iloc[0]:,}")


def provinces_within_national(run: Run) -> None:
    """A provincial count from one source never exceeds the national count of the same source and period."""
    values, problems = run.tables["indicator_values"], run.problems
    key = ["indicator_id", "period_start", "period_end", "sex", "age_group", "source_id"]
    nat = values[values.geo_code == "PK"].groupby(key, dropna=False).value.max().rename("national")
    prov = values[(values.geo_level == "province") & ~values.indicator_id.str.startswith("share")]
    both = prov.join(nat, on=key, how="inner")  # one vectorised join: linear in rows, not a lookup per row
    for r in both[both.value > both.national].itertuples(index=False):
        problems.add(r.raw_file, r.raw_line, "value", f"{r.geo_code} {r.indicator_id} {r.year} = {r.value:g} exceeds the national figure {r.national:g} from the same source")


def boundaries_built(run: Run) -> None:
    """Both boundary tables were made (or reused); checked last, so it speaks only when nothing else explains it."""
    missing = [n for n in ("boundaries_pk_adm1", "boundaries_world") if n not in run.tables and f"{n}.parquet" not in run.reused]
    if missing and not run.problems:
        run.problems.add("data/raw/boundaries", None, "", "boundaries could not be built")


CHECKS = (census_sums, provinces_within_national)
