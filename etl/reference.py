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
    "geographies.csv": ["geo_code", "name", "name_ur", "level", "parent_code", "status"],
    "geo_aliases.csv": ["alias", "geo_code"],
    "countries.csv": ["iso3", "name", "iso_numeric", "region", "subregion", "aliases"],
    "indicators.csv": ["indicator_id", "topic", "label", "definition", "unit", "measure_type", "source_kind", "period_rule", "caveat",
                       "age_scope", "sex_scope", "national_coverage"],
    "period_rules.csv": ["period_rule", "start_year_offset", "start_month_day", "start_fixed", "end_year_offset", "end_month_day", "label"],
    "source_kinds.csv": ["source_kind", "label", "description"],
    "events.csv": ["year", "event_id", "label", "description", "raw_file", "raw_line", "source_url", "quote"],
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
                if entry[col] and not _partial_date(entry[col]):
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
        return self._geo_by_key.get(normalise_name(name))

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
        r = self.period.loc[rule]
        if str(r.start_fixed).strip():
            start = date.fromisoformat(str(r.start_fixed))
        else:
            m, d = (int(x) for x in str(r.start_month_day).split("-"))
            start = date(year + int(r.start_year_offset), m, d)
        m, d = (int(x) for x in str(r.end_month_day).split("-"))
        end = date(year + int(r.end_year_offset), m, d)
        return start, end


def _partial_date(text: str) -> bool:
    """2017-12-28, 2017-12 or 2017, each a real date."""
    for fmt in ("%Y-%m-%d", "%Y-%m", "%Y"):
        try:
            datetime.strptime(text.strip(), fmt)
            return True
        except ValueError:
            continue
    return False


def _read(path: Path, problems: Problems) -> pd.DataFrame:
    """A reference CSV as strings; rows whose field count differs from the header are reported, not guessed at."""
    import csv

    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    header = rows[0] if rows else []
    ragged = False
    for line, row in enumerate(rows[1:], start=2):
        if len(row) != len(header):
            problems.add(rel(path), line, "", f"row has {len(row)} fields, header has {len(header)}")
            ragged = True
    if ragged:  # the run fails anyway; do not let pandas guess which field belongs where
        return pd.DataFrame(columns=header)
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8", index_col=False)


def load(directory: Path = REFERENCE, problems: Problems | None = None) -> Reference:
    """Load and check every reference file; problems go into `problems` (or raise if none given)."""
    own = problems is None
    problems = problems if problems is not None else Problems()
    frames = {}
    for f in FILES:
        path = directory / f
        if not path.exists():
            problems.add(rel(path), None, "", "reference file is missing")
            frames[f] = pd.DataFrame()
            continue
        try:
            frames[f] = _read(path, problems)
        except Exception as exc:  # noqa: BLE001 - unreadable CSV of any kind
            problems.add(rel(path), None, "", f"cannot read reference file: {exc}")
            continue
        missing = [c for c in REQUIRED_COLUMNS[f] if c not in frames[f].columns]
        if missing:
            problems.add(rel(path), 1, ", ".join(missing), "required column(s) missing")
    ref = Reference(*(frames[f] for f in FILES)) if not problems else None
    if ref is not None:
        _check(ref, directory, problems)
    if own and problems:
        from etl.problems import ETLError

        raise ETLError(problems)
    return ref


def _check(ref: Reference, directory: Path, problems: Problems) -> None:
    def bad(file, idx, col, reason):
        problems.add(rel(directory / file), int(idx) + 2, col, reason)

    g = ref.geographies
    for i, r in g.iterrows():
        if r.level not in GEO_LEVELS:
            bad("geographies.csv", i, "level", f'unknown level "{r.level}"; one of {", ".join(GEO_LEVELS)}')
        if r.parent_code and r.parent_code not in set(g.geo_code):
            bad("geographies.csv", i, "parent_code", f'parent "{r.parent_code}" is not a geo_code')
    for i in g.index[g.geo_code.duplicated()]:
        bad("geographies.csv", i, "geo_code", "duplicate geo_code")
    for i, r in ref.aliases.iterrows():
        if r.geo_code not in set(g.geo_code):
            bad("geo_aliases.csv", i, "geo_code", f'"{r.geo_code}" is not in geographies.csv')
    seen: dict[str, str] = {normalise_name(n): c for n, c in zip(g.name, g.geo_code)}
    for i, r in ref.aliases.iterrows():
        key = normalise_name(r.alias)
        if seen.setdefault(key, r.geo_code) != r.geo_code:
            bad("geo_aliases.csv", i, "alias", f'"{r.alias}" already means {seen[key]}, cannot also mean {r.geo_code}')
    ind = ref.indicators
    for i in ind.index[ind.indicator_id.duplicated()]:
        bad("indicators.csv", i, "indicator_id", "duplicate indicator_id")
    for i, r in ind.iterrows():
        for col in ("label", "definition", "unit", "caveat"):
            if not r[col].strip():
                bad("indicators.csv", i, col, "empty")
        if r.period_rule not in set(ref.period_rules.period_rule):
            bad("indicators.csv", i, "period_rule", f'unknown period rule "{r.period_rule}"')
        if r.source_kind not in set(ref.source_kinds.source_kind):
            bad("indicators.csv", i, "source_kind", f'unknown source kind "{r.source_kind}"')
        if r.measure_type not in MEASURE_TYPES:
            bad("indicators.csv", i, "measure_type", f'"{r.measure_type}" is not one of {", ".join(MEASURE_TYPES)}')
    for i, r in ind.iterrows():
        if r.age_scope not in AGE_SCOPES:
            bad("indicators.csv", i, "age_scope", f'"{r.age_scope}" is not one of {", ".join(AGE_SCOPES)}')
        if r.sex_scope not in SEX_SCOPES:
            bad("indicators.csv", i, "sex_scope", f'"{r.sex_scope}" is not one of {", ".join(SEX_SCOPES)}')
    c = ref.countries
    for i in c.index[c.iso3.duplicated()]:
        bad("countries.csv", i, "iso3", "duplicate iso3")
    pk = ref.publication_kinds
    for i, r in pk.iterrows():
        if not str(r.precedence).isdigit():
            bad("publication_kinds.csv", i, "precedence", f'"{r.precedence}" is not a whole number')
    for i in pk.index[pk.publication_kind.duplicated()]:
        bad("publication_kinds.csv", i, "publication_kind", "duplicate publication_kind")
    src = ref.sources
    for i in src.index[src.title.duplicated()]:
        bad("sources.csv", i, "title", "duplicate title: one row per source document")
    for i, r in src.iterrows():
        for col in ("producer", "publisher", "licence", "study_id", "study_label"):
            if not str(r[col]).strip():
                bad("sources.csv", i, col, "empty")
        if r.publication_kind not in set(pk.publication_kind):
            bad("sources.csv", i, "publication_kind", f'unknown publication kind "{r.publication_kind}"; one of {", ".join(pk.publication_kind)}')
        for col in ("published", "data_through"):
            if str(r[col]).strip() and not _partial_date(str(r[col])):
                bad("sources.csv", i, col, f'"{r[col]}" is not a date like 2017-12-28, 2017-12 or 2017')
        if str(r.data_through).strip() and len(str(r.data_through)) != 10:
            bad("sources.csv", i, "data_through", "must be a full date (YYYY-MM-DD): it cuts a period short")
