"""Reference data (data/reference/*.csv): geographies, aliases, countries, indicators, periods, source documents.

These files are the single place where names, codes, definitions and period rules live; the code only reads
them. `load()` validates them too, since a typo here would mislabel every row that uses it.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from etl.paths import REFERENCE, rel
from etl.problems import Problems, suggest

REQUIRED_COLUMNS = {
    "geographies.csv": ["geo_code", "name", "name_ur", "level", "parent_code", "iso_3166_2", "status"],
    "geo_aliases.csv": ["alias", "geo_code"],
    "countries.csv": ["iso3", "name", "iso_numeric", "region", "subregion", "aliases"],
    # the read side also relies on headline_rank (overview order) and the Urdu columns (*_ur)
    "indicators.csv": ["indicator_id", "topic", "label", "definition", "unit", "measure_type", "source_kind", "period_rule", "caveat",
                       "headline_rank", "label_ur", "summary_ur", "age_scope", "sex_scope", "national_coverage"],
    "period_rules.csv": ["period_rule", "start_year_offset", "start_month_day", "start_fixed", "end_year_offset", "end_month_day",
                         "is_full_year", "label", "label_ur"],
    "source_kinds.csv": ["source_kind", "label", "description", "label_ur"],
    "events.csv": ["year", "event_id", "label", "description", "raw_file", "raw_line", "source_url", "quote", "label_ur"],
    "sources.csv": ["title", "url", "producer", "publisher", "publication_kind", "published", "data_through", "study_id",
                    "study_label", "licence", "language", "notes"],
    "publication_kinds.csv": ["publication_kind", "precedence", "label", "label_ur", "description"],
}
FILES = ("geographies.csv", "geo_aliases.csv", "countries.csv", "indicators.csv", "period_rules.csv",
         "source_kinds.csv", "events.csv", "sources.csv", "publication_kinds.csv")
DOCUMENT_COLUMNS = ("title", "url", "producer", "publisher", "publication_kind", "published", "data_through", "study_id",
                    "study_label", "licence", "language", "notes")
AGE_SCOPES = ("0-17", "all ages", "not stated")
SEX_SCOPES = ("all", "female", "male")
GEO_LEVELS = ("country", "province", "zone", "city", "district", "foreign country", "world")
MEASURE_TYPES = ("count", "share", "rate", "change")


def normalise_name(name: str) -> str:
    """Key for matching place names: case-, accent-, punctuation- and spacing-insensitive ('K.P.' == 'kp')."""
    text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode()
    text = text.casefold().replace("&", "and")
    return re.sub(r"[^a-z0-9()]+", "", text)


@dataclass
class Reference:
    geographies: pd.DataFrame
    aliases: pd.DataFrame
    countries: pd.DataFrame
    indicators: pd.DataFrame
    period_rules: pd.DataFrame
    source_kinds: pd.DataFrame
    events: pd.DataFrame
    sources: pd.DataFrame
    publication_kinds: pd.DataFrame

    def __post_init__(self):
        self._geo_by_key: dict[str, str] = {}
        for _, g in self.geographies.iterrows():
            self._geo_by_key[normalise_name(g["name"])] = g["geo_code"]
            self._geo_by_key[normalise_name(g["geo_code"])] = g["geo_code"]
        for _, a in self.aliases.iterrows():
            self._geo_by_key[normalise_name(a["alias"])] = a["geo_code"]
        self._country_by_key: dict[str, str] = {}
        for _, c in self.countries.iterrows():
            for alias in [c["name"], c["iso3"], *str(c["aliases"]).split("|")]:
                if alias:
                    self._country_by_key.setdefault(normalise_name(alias), c["iso3"])
        self.geo_level = dict(zip(self.geographies.geo_code, self.geographies.level))
        self.indicator = self.indicators.set_index("indicator_id")
        self.period = self.period_rules.set_index("period_rule")
        self.known_names = sorted(set(self.geographies.name) | set(self.aliases.alias))
        self._geo_cache: dict = {}
        self._period_cache: dict = {}
        self.source = {r["title"]: {**r, "_defined_in": "data/reference/sources.csv"} for r in self.sources.to_dict("records")}
        self.precedence = {k: int(v) for k, v in zip(self.publication_kinds.publication_kind, self.publication_kinds.precedence)
                           if str(v).isdigit()}

    # ---- source documents ------------------------------------------------------------------------------
    def add_documents(self, documents, sidecar: str, problems: Problems) -> None:
        """Register the documents a raw file's sidecar describes (`"documents": [{title, producer, publisher,
        publication_kind, licence, ...}]`): how an analyst's addition or a single-document file names its sources.
        A title also described elsewhere must be described identically."""
        if not isinstance(documents, list):
            problems.add(sidecar, None, "documents", "must be a list of objects, one per source document")
            return
        kinds = set(self.publication_kinds.publication_kind)
        for i, doc in enumerate(documents, start=1):
            where = f"documents[{i}]"
            if not isinstance(doc, dict):
                problems.add(sidecar, None, where, "must be an object with title, producer, publisher, publication_kind, licence")
                continue
            entry = {c: str(doc.get(c, "") or "").strip() for c in DOCUMENT_COLUMNS}
            missing = [c for c in ("title", "producer", "publisher", "publication_kind", "licence") if not entry[c]]
            if missing:
                problems.add(sidecar, None, where, f"missing or empty: {', '.join(missing)}")
                continue
            if entry["publication_kind"] not in kinds:
                problems.add(sidecar, None, f"{where}.publication_kind",
                             f'unknown publication kind "{entry["publication_kind"]}"; one of {", ".join(sorted(kinds))}')
                continue
            for col in ("published", "data_through"):
                if entry[col] and not partial_date(entry[col]):
                    problems.add(sidecar, None, f"{where}.{col}", f'"{entry[col]}" is not a date like 2017-12-28, 2017-12 or 2017')
            entry["study_id"] = entry["study_id"] or "doc-" + entry["title"]  # its own series unless said otherwise
            entry["study_label"] = entry["study_label"] or entry["title"]
            entry["language"] = entry["language"] or "en"
            known = self.source.get(entry["title"])
            if known is not None:
                differs = [c for c in DOCUMENT_COLUMNS if str(known.get(c, "") or "").strip() != entry[c]]
                if differs:
                    problems.add(sidecar, None, where, f'"{entry["title"]}" is already described ({known.get("_defined_in", "data/reference/sources.csv")}) '
                                                       f"with a different {', '.join(differs)}; describe a document in one place")
                continue
            self.source[entry["title"]] = {**entry, "_defined_in": sidecar}

    def source_info(self, title: str) -> dict | None:
        """The explicit metadata of a source document (data/reference/sources.csv), by its exact title."""
        return self.source.get(str(title).strip())

    def unknown_source_reason(self, title: str) -> str:
        return (f'source "{title}" is not in data/reference/sources.csv{suggest(title, list(self.source))}; add a row with '
                "its producer, publisher, publication kind, licence and series (study_id) before using it")

    # ---- geography -------------------------------------------------------------------------------------
    def geo_code(self, name: str) -> str | None:
        hit = self._geo_cache.get(name, self)
        if hit is not self:
            return hit
        code = self._geo_by_key.get(normalise_name(name))
        if len(self._geo_cache) < 100_000:  # names repeat; a file of random names must not grow the cache forever
            self._geo_cache[name] = code
        return code

    def unknown_geo_reason(self, name: str) -> str:
        return (f'unknown province/territory or place "{name}"{suggest(name, self.known_names, normalise_name)}; '
                f"add it to data/reference/geo_aliases.csv or geographies.csv if it is a real unit")

    # ---- countries -------------------------------------------------------------------------------------
    def iso3(self, name: str) -> str | None:
        return self._country_by_key.get(normalise_name(name))

    def country_names(self) -> list[str]:
        return sorted(self.countries.name)

    # ---- periods ---------------------------------------------------------------------------------------
    def period_bounds(self, rule: str, year: int) -> tuple[date, date]:
        hit = self._period_cache.get((rule, year))
        if hit is None:
            hit = self._period_cache[(rule, year)] = self._period_bounds(rule, year)
        return hit

    def _period_bounds(self, rule: str, year: int) -> tuple[date, date]:
        r = self.period.loc[rule]
        if str(r.start_fixed).strip():
            start = date.fromisoformat(str(r.start_fixed))
        else:
            m, d = (int(x) for x in str(r.start_month_day).split("-"))
            start = date(year + int(r.start_year_offset), m, d)
        m, d = (int(x) for x in str(r.end_month_day).split("-"))
        end = date(year + int(r.end_year_offset), m, d)
        return start, end


def partial_date(text: str) -> bool:
    """2017-12-28, 2017-12 or 2017, each a real date."""
    for fmt in ("%Y-%m-%d", "%Y-%m", "%Y"):
        try:
            datetime.strptime(text.strip(), fmt)
            return True
        except ValueError:
            continue
    return False


def _read(path: Path, problems: Problems) -> tuple[pd.DataFrame, list[int]] | None:
    """A reference CSV as strings plus the line number of each row, or None (with problems) if it cannot be read.
    Rows whose field count differs from the header are reported, not guessed at; blank lines are skipped."""
    import csv

    name = rel(path)
    rows, line = [], 0
    try:
        with path.open("rb") as fh:
            def lines():
                nonlocal line
                for raw in fh:
                    line += 1
                    text = raw.decode("utf-8")
                    yield text.removeprefix("\ufeff") if line == 1 else text
            reader = csv.reader(lines(), strict=True)
            start = 1
            for row in reader:
                rows.append((start, row))
                start = reader.line_num + 1
    except UnicodeDecodeError as exc:
        problems.add(name, line, "", f"line is not valid UTF-8 text (byte 0x{exc.object[exc.start]:02x}); save the file as 'CSV UTF-8'")
        return None
    except csv.Error as exc:
        problems.add(name, line, "", f"malformed CSV: {exc}")
        return None
    except OSError as exc:
        problems.add(name, None, "", f"cannot read reference file ({exc.strerror or type(exc).__name__})")
        return None
    if not rows:
        problems.add(name, None, "", "reference file is empty (no header row)")
        return None
    header = [h.strip() for h in rows[0][1]]
    if len(set(header)) != len(header):
        problems.add(name, 1, "", "duplicate column names in header")
        return None
    body, numbers, ragged = [], [], False
    for line_no, row in rows[1:]:
        if not any(v.strip() for v in row):
            continue
        if len(row) != len(header):
            problems.add(name, line_no, "", f"row has {len(row)} fields, header has {len(header)}")
            ragged = True
        body.append(row)
        numbers.append(line_no)
    if ragged:  # the run fails anyway; do not let pandas guess which field belongs where
        return None
    frame = pd.DataFrame(body, columns=header, dtype="str") if body else pd.DataFrame({h: pd.Series([], dtype="str") for h in header})
    return frame, numbers


def load(directory: Path = REFERENCE, problems: Problems | None = None) -> Reference:
    """Load and check every reference file; problems go into `problems` (or raise if none given)."""
    own = problems is None
    problems = problems if problems is not None else Problems()
    where = rel(directory)  # the caller's problems may already hold others: these are the reference files' own

    def clean() -> bool:
        return not problems.any_in(where)

    frames, lines = {}, {}
    for f in FILES:
        path = directory / f
        if not path.is_file():
            problems.add(rel(path), None, "", "reference file is missing" if not path.exists() else "is not a file")
            continue
        got = _read(path, problems)
        if got is None:
            continue
        frames[f], lines[f] = got
        missing = [c for c in REQUIRED_COLUMNS[f] if c not in frames[f].columns]
        if missing:
            problems.add(rel(path), 1, ", ".join(missing), "required column(s) missing")
    ref = None
    if clean():
        from etl.reference_checks import check

        check(frames, lines, directory, problems)
    if clean():
        try:
            ref = Reference(*(frames[f] for f in FILES))
            ref.directory, ref.lines = directory, lines  # for problems reported later on a reference file's own line
        except Exception as exc:  # noqa: BLE001 - a value the checks did not foresee
            problems.add(rel(directory), None, "", f"reference data cannot be indexed ({type(exc).__name__}: {exc})")
    if own and problems:
        from etl.problems import ETLError

        raise ETLError(problems)
    return ref if clean() else None
