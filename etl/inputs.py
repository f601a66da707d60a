"""The registry of raw inputs: every file the ETL reads from data/raw, and which step reads it.

`RAW_INPUTS` is the one list. The pipeline asks it for each step's files (`files(raw, step)`), the sidecar check
covers exactly the files it matches, and `unread_problems` reports every other file under data/raw as an error,
so nothing can sit in data/raw unread: a file in a sub-folder of additions/, an .xls next to the .csv files, a
stray export. Adding a source means adding one line here, and naming its step in the INPUTS of the source module
(etl/sources/) that reads it.

Documentation is allowed without being read: `*.md` files (README.md, PROVENANCE.md) and licence texts
(`LICENSE*`, any extension) anywhere in data/raw, because they describe the data and carry no rows. Sidecars
(`<file>.provenance.json`) are allowed next to a registered file; a sidecar whose data file is missing is an error.
Hidden files (names starting with ".", e.g. ".~lock.x.csv#" while LibreOffice has x.csv open) and Excel lock files
("~$x.xlsx") are errors too: close the file or delete them. Standard library only (the no-op check imports it).
"""
from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path, PurePosixPath

from etl.paths import SIDECAR_SUFFIX


@dataclass(frozen=True)
class RawInput:
    pattern: str            # path under data/raw; "*" matches within one folder level only
    step: str               # the pipeline step that reads it
    dataset: str = ""       # label stored with the rows (indicator_values.dataset)
    required: bool = True   # a required input that is missing is an error


RAW_INPUTS: tuple[RawInput, ...] = (
    RawInput("tip_tiers/tip_tiers.csv", "tip_tiers"),
    RawInput("tip_tiers/tip_tiers_supplement_2024_2025.csv", "tip_tiers_supplement"),
    RawInput("tip_tiers/tip_tiers_partial_2016_2022_individual.csv", "tip_tiers_singles"),
    RawInput("tip_tiers/pakistan_tier_crosscheck.csv", "tier_crosscheck"),
    RawInput("cases/pakistan_tip_cases_by_province.csv", "indicator_rows", dataset="cases"),
    RawInput("children/child_victims.csv", "indicator_rows", dataset="children"),
    RawInput("additions/*.csv", "indicator_rows", dataset="additions", required=False),
    RawInput("additions/*.xlsx", "indicator_rows", dataset="additions", required=False),
    RawInput("population/pakistan_population_by_province.csv", "population_totals"),
    RawInput("population/pakistan_children_by_province_2023.csv", "population_children"),
    RawInput("unodc/unodc_glotip_country_data.csv", "unodc"),
    RawInput("boundaries/pakistan_adm1_kp_merged.geojson", "boundaries_pk"),
    RawInput("boundaries/world_countries_50m.topojson", "boundaries_world"),
)
DOCUMENTATION = ("*.md", "LICENSE*")
ADDITIONS = "additions"


def _rel(path: Path, raw: Path) -> str:
    return PurePosixPath(path.relative_to(raw)).as_posix()


def _matches(relpath: str, pattern: str) -> bool:
    """Whether relpath matches pattern level by level; wildcards match case-insensitively (".CSV" is a CSV)."""
    if any(c in pattern for c in "*?["):
        relpath, pattern = relpath.lower(), pattern.lower()
    a, b = relpath.split("/"), pattern.split("/")
    return len(a) == len(b) and all(fnmatchcase(x, y) for x, y in zip(a, b))


def _all_files(raw: Path) -> list[Path]:
    """Every file under raw (hidden ones included), without following symlinked folders."""
    return sorted(p for p in raw.rglob("*") if not p.is_dir())


def entry_for(relpath: str) -> RawInput | None:
    return next((e for e in RAW_INPUTS if _matches(relpath, e.pattern)), None)


def files(raw: Path, step: str) -> list[tuple[Path, RawInput]]:
    """The existing files read by `step`, in registry order, each with its registry entry (sorted within a glob)."""
    out = []
    for e in RAW_INPUTS:
        if e.step != step:
            continue
        if any(c in e.pattern for c in "*?["):
            out += [(p, e) for p in _all_files(raw) if _matches(_rel(p, raw), e.pattern) and not p.name.startswith((".", "~"))]
        else:
            out.append((raw / e.pattern, e))
    return out


def data_files(raw: Path) -> list[Path]:
    """Registered raw files that exist: the files that need a provenance sidecar."""
    return [p for p in _all_files(raw) if entry_for(_rel(p, raw)) and not p.name.startswith((".", "~"))]


def is_documentation(name: str) -> bool:
    return any(fnmatchcase(name, d) for d in DOCUMENTATION)


def unread_problems(raw: Path) -> list[tuple[str, str]]:
    """(path under data/raw, reason) for every file the ETL would not read, and every required input that is missing."""
    out = []
    registered = {_rel(p, raw) for p in data_files(raw)}
    for p in _all_files(raw):
        r = _rel(p, raw)
        if r in registered:
            continue
        name = p.name
        if name.startswith("."):
            out.append((r, "hidden file in data/raw: the ETL does not read it; delete it (or close the file that an "
                           "editor is holding open)"))
        elif name.startswith("~"):
            out.append((r, "looks like an editor's lock or temporary file: close the spreadsheet, or delete it"))
        elif name.endswith(SIDECAR_SUFFIX):
            data = r[: -len(SIDECAR_SUFFIX)]
            if data not in registered:
                out.append((r, f"provenance sidecar for {PurePosixPath(data).name}, which is not a data file the ETL reads "
                               "(missing, misnamed or unsupported)"))
        elif is_documentation(name):
            continue
        elif r.startswith(ADDITIONS + "/") and r.count("/") > 1:
            out.append((r, f"is in a sub-folder of data/raw/{ADDITIONS}/: the ETL reads only files directly in "
                           f"{ADDITIONS}/; move it up a level"))
        elif r.startswith(ADDITIONS + "/"):
            out.append((r, f'unsupported file type "{p.suffix}": save it as CSV (UTF-8) or .xlsx'))
        else:
            out.append((r, "not read by the ETL: every data file in data/raw must be listed in RAW_INPUTS in etl/inputs.py "
                           "(documentation may be *.md or LICENSE*)"))
    for e in RAW_INPUTS:
        if e.required and not (raw / e.pattern).is_file():
            out.append((e.pattern, f"required input is missing (registered for the {e.step} step in etl/inputs.py)"))
    return out
