"""The read-side catalogue: loads data/processed once and answers the questions pages ask.

No Streamlit here: one Catalogue per data version is shared by every session (tipdash.ui.catalogue), so it is
read-only: tables come out as copies (cheap under pandas' copy-on-write) and methods return new small frames.

Two notions carry the data rules to every page:
- an indicator's *total cell* is the row whose age group and sex are the indicator's declared scope
  (data/reference/indicators.csv `age_scope`/`sex_scope`); splits by sex or age band are not totals;
- where several sources fill a cell, only the *preferred* row (etl.documents.choose) is charted; the explorer and
  the CSV downloads keep all rows.
Provincial views read only rows whose place is one of the current provinces/territories: zones, cities and districts
are listed apart and can never reach the map, the ranking or a rate.
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
import copy
from functools import cached_property, wraps
from pathlib import Path

import geopandas as gpd
import pandas as pd

from etl.builds import sha256
from etl.paths import BUILD_ID, BUILDS, current_build
from tipdash.i18n import col

DEFAULT_DIR = Path(__file__).resolve().parents[1] / "data" / "processed"
DATA_DIR_VARIABLE = "TIPDASH_DATA_DIR"


def data_dir() -> Path:
    """The processed-data folder the read side serves: $TIPDASH_DATA_DIR if set, else data/processed (the only place
    the configuration is read)."""
    return Path(os.environ.get(DATA_DIR_VARIABLE) or DEFAULT_DIR)
SOUTH_ASIA_SUBREGION = "Southern Asia"  # data/reference/countries.csv `subregion` of the South Asia grid's countries
COMPLETE_SHARE = 0.95  # a tier year is "complete" when it places at least 95% of the countries of the fullest year
MEASURES = {"value": "Count as published", "per_100k_population": "Per 100,000 population",
            "per_100k_children": "Per 100,000 children (under 18)"}


class DataMissing(Exception):
    """data/processed is missing, incomplete, damaged or inconsistent. The message says what to do and never names
    a server path: pages show it as it is."""


BUILD_HINT = "Build it with: python -m etl"
REBUILD_HINT = "Rebuild it with: python -m etl --force"
# Tables the catalogue's methods and the pages need; a build without one of them is incomplete.
REQUIRED_TABLES = ("tip_tiers", "pakistan_tier_crosscheck", "indicator_values", "indicator_rates", "population", "coverage",
                   "sources", "indicators", "geographies", "countries", "period_rules", "source_kinds", "events",
                   "publication_kinds", "boundaries_pk_adm1", "boundaries_world")
_TABLE_NAME = re.compile(r"^[a-z0-9_]{1,64}\.parquet$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def _build_folder(directory: Path, build: str | None) -> Path:
    """The build to read: `build` if given (a version resolved earlier), else the one CURRENT points to."""
    if build is not None:
        if not BUILD_ID.fullmatch(str(build)):
            raise DataMissing(f"Unknown data version. {BUILD_HINT}")
        folder = directory / BUILDS / build
    else:
        folder = current_build(directory)
        if folder is None:
            raise DataMissing(f"No processed data has been built yet. {BUILD_HINT}")
    if not folder.is_dir():
        raise DataMissing(f"The processed data points to build {folder.name}, which is not there. {REBUILD_HINT}")
    return folder


def _manifest(folder: Path) -> dict:
    """The build's manifest, checked for every key the read side uses."""
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        raise DataMissing(f"The manifest of build {folder.name} is missing or unreadable. {REBUILD_HINT}") from None
    outputs = manifest.get("outputs") if isinstance(manifest, dict) else None
    if not isinstance(outputs, dict) or manifest.get("data_version") != folder.name:
        raise DataMissing(f"The manifest of build {folder.name} is incomplete or belongs to another build. {REBUILD_HINT}")
    for name, meta in outputs.items():
        ok = (isinstance(name, str) and _TABLE_NAME.match(name) and isinstance(meta, dict)
              and all(isinstance(meta.get(k), int) and not isinstance(meta.get(k), bool) and meta[k] >= 0 for k in ("rows", "bytes"))
              and isinstance(meta.get("sha256"), str) and _SHA256.match(meta["sha256"]))
        if not ok:
            raise DataMissing(f"The manifest of build {folder.name} has a malformed entry for a table. {REBUILD_HINT}")
    missing = [t for t in REQUIRED_TABLES if f"{t}.parquet" not in outputs]
    if missing:
        raise DataMissing(f"Build {folder.name} lacks the table(s) {', '.join(missing)}. {REBUILD_HINT}")
    return manifest


def _read_table(folder: Path, name: str, meta: dict) -> pd.DataFrame:
    """One table, verified against the manifest (present, same size, same SHA-256, same row count) before and
    after reading; any failure is DataMissing, never a library error with a path in it."""
    p = folder / name
    where = f"Table {name[:-len('.parquet')]} of build {folder.name}"
    try:
        if not p.is_file():
            raise DataMissing(f"{where} is missing. {REBUILD_HINT}")
        if p.stat().st_size != meta["bytes"]:
            raise DataMissing(f"{where} is truncated or changed (its size differs from the manifest). {REBUILD_HINT}")
        if sha256(p) != meta["sha256"]:
            raise DataMissing(f"{where} differs from the manifest (checksum). {REBUILD_HINT}")
        frame = gpd.read_parquet(p) if name.startswith("boundaries") else pd.read_parquet(p)
    except DataMissing:
        raise
    except Exception as exc:  # noqa: BLE001 - pyarrow/geopandas errors carry server paths: replace them
        raise DataMissing(f"{where} cannot be read ({type(exc).__name__}). {REBUILD_HINT}") from None
    if len(frame) != meta["rows"]:
        raise DataMissing(f"{where} has {len(frame)} rows where the manifest says {meta['rows']}. {REBUILD_HINT}")
    return frame


# ---- named row filters: the age and sex groups the data uses, spelled once ------------------------------------
CHILDREN = "0-17"
BROAD_AGE_GROUPS = (CHILDREN, "all ages", "not stated")  # anything else in indicator_values is a narrower age band


def all_ages(population: pd.DataFrame) -> pd.DataFrame:
    """Population rows for people of every age (the population table's age group "all")."""
    return population[population.age_group == "all"]


def children_by_sex(values: pd.DataFrame) -> pd.DataFrame:
    """Child (0-17) rows split by sex: girls, boys, … but not the all-sexes total."""
    return values[(values.sex != "all") & (values.age_group == CHILDREN)]


def age_bands(values: pd.DataFrame) -> pd.DataFrame:
    """Rows for an age band narrower than all children (e.g. 0-5, 6-10)."""
    return values[~values.age_group.isin(BROAD_AGE_GROUPS)]


def count_totals(series: pd.DataFrame) -> pd.DataFrame:
    """Rows of Catalogue.child_series that are counts (not shares) and an indicator's total cell."""
    return series[(series.measure_type == "count") & series.is_total]


def lookup(method):
    """Remember a lookup's answer on this catalogue (one per data version, shared by every session): the pages ask the
    same questions on every rerun, and the answer cannot change until a new build. Callers get their own copy."""
    @wraps(method)
    def remembered(self, *args, **kwargs):
        memo = self.__dict__.setdefault("_lookups", {})
        key = (method.__name__, args, tuple(sorted(kwargs.items())))
        if key not in memo:
            memo[key] = method(self, *args, **kwargs)
        value = memo[key]
        return value if isinstance(value, (int, str)) else copy.deepcopy(value)
    return remembered


class Table:
    """A table of the build as a catalogue attribute (`catalogue.indicator_values` is indicator_values.parquet).

    Every table is read and verified when the catalogue loads (Catalogue.load); the attribute hands out a shallow copy,
    since the catalogue is shared by every session: a caller gets its own frame object over the same read-only data."""

    def __init__(self, doc: str):
        self.__doc__ = doc

    def __set_name__(self, owner, name: str) -> None:
        self.name = name

    def __get__(self, catalogue: "Catalogue | None", owner=None) -> pd.DataFrame:
        if catalogue is None:
            return self  # the class attribute itself (documentation, introspection)
        return catalogue.tables[self.name].copy(deep=False)


@dataclass
class Catalogue:
    directory: Path
    manifest: dict
    tables: dict[str, pd.DataFrame] = field(repr=False)

    @classmethod
    def load(cls, directory: Path | None = None, build: str | None = None) -> "Catalogue":
        """Read one complete build of `directory` (default: data_dir()): the one its CURRENT points to (resolved once),
        or `build` if given.
        Every table is checked against that build's manifest (present, size, SHA-256, rows; about 2 ms for the
        bundled data's 0.7 MB), so a reader never combines two builds and never shows a half-written one.
        Raises DataMissing (message free of server paths) if the build is missing, truncated or inconsistent."""
        folder = _build_folder(Path(directory or data_dir()), build)
        manifest = _manifest(folder)
        tables = {name[:-len(".parquet")]: _read_table(folder, name, meta) for name, meta in manifest["outputs"].items()}
        return cls(folder, manifest, tables)

    @property
    def version(self) -> str:
        return self.manifest["data_version"]

    # ---- the build's tables, one attribute per Parquet file ----------------------------------------------
    tip_tiers = Table("tip_tiers.parquet: US TIP Report tier of every country per report year, with its source.")
    pakistan_tier_crosscheck = Table("pakistan_tier_crosscheck.parquet: Pakistan's tiers checked against a second source.")
    indicator_values = Table("indicator_values.parquet: every indicator value (all sources, totals and splits by sex and age).")
    indicator_rates = Table("indicator_rates.parquet: values per 100,000 population or children, with numerator and denominator.")
    population = Table("population.parquet: census population by unit, age group and sex (the rates' denominators).")
    coverage = Table("coverage.parquet: number of values per indicator, place and year.")
    sources = Table("sources.parquet: the documents behind the data (title, producer, kind of publication, licence, URL).")
    indicators = Table("indicators.parquet: indicator definitions (data/reference/indicators.csv), in English and Urdu.")
    geographies = Table("geographies.parquet: Pakistan, its provinces and territories, zones, cities (data/reference/geographies.csv).")
    countries = Table("countries.parquet: the world's countries with ISO codes, region and subregion (data/reference/countries.csv).")
    period_rules = Table("period_rules.parquet: how each kind of reporting period is read (data/reference/period_rules.csv).")
    source_kinds = Table("source_kinds.parquet: kinds of data source with their labels (data/reference/source_kinds.csv).")
    events = Table("events.parquet: dated events shown on the TIP tier timeline (data/reference/events.csv).")
    publication_kinds = Table("publication_kinds.parquet: how directly a figure was read (data/reference/publication_kinds.csv).")
    boundaries_pk_adm1 = Table("boundaries_pk_adm1.parquet: boundaries of Pakistan's provinces and territories (GeoDataFrame).")
    boundaries_world = Table("boundaries_world.parquet: country boundaries for the world tier map (GeoDataFrame).")

    # ---- lookups --------------------------------------------------------------------------------------
    @cached_property
    def indicator_meta(self) -> pd.DataFrame:
        return self.tables["indicators"].set_index("indicator_id")

    @cached_property
    def headline_indicators(self) -> list[str]:
        """The overview's headline series, in the order of `headline_rank` in data/reference/indicators.csv
        (a rank that is not a positive whole number is ignored rather than breaking the page)."""
        h = self.tables["indicators"]
        rank = pd.to_numeric(h.headline_rank.astype(str).str.strip(), errors="coerce")
        ok = rank.notna() & (rank > 0) & (rank == rank.round())
        return list(h.assign(r=rank)[ok].sort_values(["r", "indicator_id"]).indicator_id)

    @cached_property
    def geo_meta(self) -> pd.DataFrame:
        return self.tables["geographies"].set_index("geo_code")

    @cached_property
    def provinces(self) -> list[str]:
        """The current provinces and territories, in the order of data/reference/geographies.csv."""
        g = self.tables["geographies"]
        return list(g[(g.level == "province") & (g.status == "current")].geo_code)

    @cached_property
    def south_asia(self) -> list[str]:
        """ISO3 codes of the South Asian countries (subregion in data/reference/countries.csv), Pakistan first."""
        c = self.tables["countries"]
        codes = sorted(c[c.subregion == SOUTH_ASIA_SUBREGION].iso3)
        return sorted(codes, key=lambda i: i != "PAK")

    @cached_property
    def _source_labels(self) -> dict:
        s = self.tables["sources"]
        return dict(zip(s.title, s.study_label))

    def source_label(self, title: str) -> str:
        """A document's short label (its series or edition) for source lines; the full title stays in tables and hovers."""
        return self._source_labels.get(title, title)

    @lookup
    def geo_name(self, code: str, lang: str = "en") -> str:
        if code in self.geo_meta.index:
            return self.geo_meta.at[code, col("name", lang)] or self.geo_meta.at[code, "name"]
        return code

    @lookup
    def indicator_label(self, indicator_id: str, lang: str = "en") -> str:
        return self.indicator_meta.at[indicator_id, col("label", lang)]

    def indicator_definition(self, indicator_id: str, lang: str = "en") -> str:
        """The full English definition, or its reviewed Urdu summary."""
        return self.indicator_meta.at[indicator_id, "summary_ur" if lang == "ur" else "definition"]

    @lookup
    def kind_names(self, lang: str = "en") -> dict:
        """Kinds of data source (media monitoring, police data, …)."""
        k = self.tables["source_kinds"]
        return dict(zip(k.source_kind, k[col("label", lang)]))

    @lookup
    def publication_kind_names(self, lang: str = "en") -> dict:
        """How directly a figure was read (primary document … secondary list)."""
        k = self.tables["publication_kinds"]
        return dict(zip(k.publication_kind, k[col("label", lang)]))

    # ---- TIP tiers ------------------------------------------------------------------------------------
    def tier_history(self, iso3: str) -> pd.DataFrame:
        t = self.tables["tip_tiers"]
        return t[t.iso3 == iso3].sort_values("report_year").reset_index(drop=True)

    @lookup
    def tier_years(self) -> list[int]:
        return sorted(int(y) for y in self.tables["tip_tiers"].report_year.unique())

    @lookup
    def tier_year_coverage(self) -> pd.DataFrame:
        """Per report year: countries placed, by tier, how many placements come from a secondary (undated) list, and
        whether the year's list is complete (at least 95% of the largest year's count)."""
        t = self.tables["tip_tiers"]
        cov = t.pivot_table(index="report_year", columns="tier", values="iso3", aggfunc="count", fill_value=0)
        cov["countries"] = cov.sum(axis=1)
        cov["secondary_list"] = t[t.publication_kind == "secondary_list"].groupby("report_year").size().reindex(cov.index).fillna(0).astype(int)
        cov["complete"] = cov["countries"] >= COMPLETE_SHARE * cov["countries"].max()
        return cov.reset_index()

    @lookup
    def default_tier_year(self) -> int:
        """The latest report year whose list is complete: a map that opens on a full world, not a grey one."""
        cov = self.tier_year_coverage()
        full = cov[cov.complete]
        return int((full if len(full) else cov).report_year.max())

    def tiers_for_year(self, year: int) -> pd.DataFrame:
        t = self.tables["tip_tiers"]
        return t[t.report_year == year].reset_index(drop=True)

    def tier_grid(self, iso3s: list[str]) -> pd.DataFrame:
        t = self.tables["tip_tiers"]
        t = t[t.iso3.isin(iso3s)]
        return t[["iso3", "country", "report_year", "tier", "tier_label", "tier_rank", "publication_kind", "source_title",
                  "source_url", "source_ref"]].reset_index(drop=True)

    def tier_changes(self, iso3: str) -> list[dict]:
        """Year-on-year tier moves for a country, only between consecutive report years that both have data."""
        h = self.tier_history(iso3)
        out = []
        for prev, cur in zip(h.itertuples(), h.iloc[1:].itertuples()):
            if cur.report_year == prev.report_year + 1 and cur.tier != prev.tier:
                direction = "unranked" if pd.isna(cur.tier_rank) or pd.isna(prev.tier_rank) else (
                    "upgraded" if cur.tier_rank < prev.tier_rank else "downgraded")
                out.append({"year": cur.report_year, "from": prev.tier_label, "to": cur.tier_label, "direction": direction,
                            "from_tier": prev.tier, "to_tier": cur.tier, "source_title": cur.source_title,
                            "source_url": cur.source_url})
        return out

    # ---- indicator values -----------------------------------------------------------------------------
    def totals(self, frame: pd.DataFrame | None = None) -> pd.DataFrame:
        """Rows that are an indicator's total cell, from the source that speaks for the cell (module docstring)."""
        v = self.tables["indicator_values"] if frame is None else frame
        meta = self.indicator_meta
        mask = (v.sex == v.indicator_id.map(meta.sex_scope)) & (v.age_group == v.indicator_id.map(meta.age_scope))
        if "preferred" in v:
            mask &= v.preferred
        return v[mask]

    def values(self, measure: str = "value") -> pd.DataFrame:
        """Total cells as counts as published, or as rates (with the rate's denominator label)."""
        if measure == "value":
            return self.totals()
        r = self.tables["indicator_rates"]  # the ETL writes each rate with its figure's source columns
        return self.totals(r[r.measure == measure])

    def _province_rows(self, frame: pd.DataFrame) -> pd.DataFrame:
        """The one gate to provincial views: province level AND a current province/territory code."""
        return frame[(frame.geo_level == "province") & frame.geo_code.isin(self.provinces)]

    @lookup
    def province_indicators(self) -> list[str]:
        """Indicators with at least one provincial total (what the map can show), most provinces first."""
        v = self._province_rows(self.totals())
        counts = v.groupby("indicator_id").geo_code.nunique()
        return list(counts.sort_values(ascending=False, kind="stable").index)

    @lookup
    def indicator_years(self, indicator_id: str) -> list[int]:
        v = self._province_rows(self.totals())
        return sorted(int(y) for y in v[v.indicator_id == indicator_id].year.unique())

    @lookup
    def best_year(self, indicator_id: str) -> int:
        """The most recent year among those where the most provinces have data (the map's default)."""
        v = self._province_rows(self.totals())
        n = v[v.indicator_id == indicator_id].groupby("year").geo_code.nunique()
        return int(n[n == n.max()].index.max())

    def province_snapshot(self, indicator_id: str, year: int, measure: str = "value") -> pd.DataFrame:
        """One row per current unit, value NaN where there is no data (missing is never zero)."""
        v = self._province_rows(self.values(measure))
        v = v[(v.indicator_id == indicator_id) & (v.year == year)].drop_duplicates("geo_code")
        base = pd.DataFrame({"geo_code": self.provinces})
        base["name"] = base.geo_code.map(self.geo_meta["name"])
        out = base.merge(v, on="geo_code", how="left")
        out["has_data"] = out.value.notna()
        return out

    def province_series(self, indicator_id: str, measure: str = "value") -> pd.DataFrame:
        v = self._province_rows(self.values(measure))
        v = v[v.indicator_id == indicator_id]
        v = v.assign(name=v.geo_code.map(self.geo_meta["name"]))
        return v.sort_values(["geo_code", "period_end"]).reset_index(drop=True)

    def sub_province(self, indicator_id: str | None = None, parent: str | None = None) -> pd.DataFrame:
        """Zones, cities and districts: listed beside the provinces, never painted as them."""
        v = self.tables["indicator_values"]
        v = v[v.geo_level.isin(["zone", "city", "district"])]
        if indicator_id:
            v = v[v.indicator_id == indicator_id]
        if parent:
            v = v[v.geo_code.str.startswith(parent + "~")]
        return v.assign(name=v.geo_code.map(self.geo_meta["name"]))

    def latest_values(self, geo_code: str, topic: str | None = None) -> pd.DataFrame:
        """For each indicator with a total for this unit, its most recent value."""
        v = self.totals()
        v = v[v.geo_code == geo_code]
        if topic:
            v = v[v.indicator_id.map(self.indicator_meta.topic) == topic]
        v = v.sort_values(["period_end", "source_id"]).groupby("indicator_id").tail(1)
        meta = self.indicator_meta
        v = v.assign(label=v.indicator_id.map(meta.label), source_kind=v.indicator_id.map(meta.source_kind),
                     caveat=v.indicator_id.map(meta.caveat))
        return v.sort_values(["period_end", "indicator_id"], ascending=[False, True]).reset_index(drop=True)

    def headline(self, geo_code: str = "PK") -> pd.DataFrame:
        """Latest value of the headline indicators, in headline order."""
        lv = self.latest_values(geo_code)
        ids = self.headline_indicators
        return lv[lv.indicator_id.isin(ids)].set_index("indicator_id").reindex([i for i in ids if i in set(lv.indicator_id)]).reset_index()

    def what_changed(self, geo_code: str = "PK") -> list[dict]:
        """The latest change of each headline series, and the comparisons refused with the reason.

        A change is computed only between two consecutive calendar years that are both complete, from the same
        study or series, and exact (no "more than" or "about"); otherwise the item says why it is not compared."""
        v = self.totals()
        ids = self.headline_indicators
        v = v[(v.geo_code == geo_code) & v.indicator_id.isin(ids) & (v.indicator_id.map(self.indicator_meta.period_rule) == "calendar_year")]
        out = []
        for ind in [i for i in ids if i in set(v.indicator_id)]:
            g = v[v.indicator_id == ind].sort_values("period_end")
            if len(g) < 2:
                continue
            a, b = g.iloc[-2], g.iloc[-1]
            item = {"indicator_id": ind, "label": self.indicator_meta.at[ind, "label"], "from_year": int(a.year),
                    "to_year": int(b.year), "from": a.value, "to": b.value,
                    "source_kind": self.indicator_meta.at[ind, "source_kind"], "source_title": b.source_title,
                    "source_url": b.source_url, "period_end": b.period_end, "change_pct": None, "reason": ""}
            if not (a.full_year and b.full_year):
                item["reason"] = "part_year"
            elif a.study_id != b.study_id:
                item["reason"] = "study_break"
            elif b.year != a.year + 1:
                item["reason"] = "not_consecutive"
            elif a.value_qualifier or b.value_qualifier:
                item["reason"] = "approximate"
            elif a.value == 0:
                item["reason"] = "from_zero"
            else:
                item["change_pct"] = (b.value - a.value) / a.value * 100
            if item["reason"] != "not_consecutive":  # a gap of years is not news; the rest are worth saying
                out.append(item)
        return out

    # ---- children ---------------------------------------------------------------------------------------
    def child_series(self, indicator_ids: list[str], geo_codes: list[str]) -> pd.DataFrame:
        """Every preferred child-indicator row for these places (totals and splits by sex or age band)."""
        v = self.tables["indicator_values"]
        v = v[v.indicator_id.isin(indicator_ids) & v.geo_code.isin(geo_codes) & v.preferred]
        meta = self.indicator_meta
        return v.assign(label=v.indicator_id.map(meta.label), source_kind=v.indicator_id.map(meta.source_kind),
                        measure_type=v.indicator_id.map(meta.measure_type), name=v.geo_code.map(self.geo_meta["name"]),
                        is_total=self.totals(v).index.to_series().reindex(v.index).notna())

    @lookup
    def child_indicators_by_kind(self) -> dict[str, list[str]]:
        meta = self.indicator_meta
        kids = meta[meta.topic == "children"]
        present = set(self.tables["indicator_values"].indicator_id)
        out: dict[str, list[str]] = {}
        for ind, r in kids.iterrows():
            if ind in present:
                out.setdefault(r.source_kind, []).append(ind)
        return out

    # ---- coverage and explorer --------------------------------------------------------------------------
    def coverage_matrix(self, indicator_id: str) -> pd.DataFrame:
        """geo_code x year counts of values (index: geo codes; pages translate names)."""
        c = self.tables["coverage"]
        c = c[c.indicator_id == indicator_id]
        m = c.pivot_table(index="geo_code", columns="year", values="n_values", aggfunc="sum")
        m.columns = [str(c) for c in m.columns]
        return m

    EXPLORER_COLUMNS = ["place", "geo_code", "geo_level", "indicator", "indicator_id", "year", "period_start", "period_end",
                        "full_year", "value_qualifier", "value", "unit", "sex", "age_group", "source_kind", "publication_kind",
                        "study_id", "preferred", "source_title", "source_url", "source_quote", "raw_file", "raw_line"]

    def explorer(self, geo_codes=None, indicator_ids=None, source_kinds=None, years=None, lang: str | None = None) -> pd.DataFrame:
        """Every row (all sources, all splits), filtered; self-describing columns for the CSV download. With
        `lang` (the page's reading view) place, indicator and kind-of-document names are in that language; the ids
        next to them are the same in every language."""
        v = self.tables["indicator_values"]
        meta = self.indicator_meta
        if geo_codes:
            v = v[v.geo_code.isin(geo_codes)]
        if indicator_ids:
            v = v[v.indicator_id.isin(indicator_ids)]
        if source_kinds:
            v = v[v.indicator_id.map(meta.source_kind).isin(source_kinds)]
        if years:
            v = v[v.year.between(years[0], years[1])]
        names = self.geo_meta[col("name", lang or "en")]
        names = names.where(names.astype(bool), self.geo_meta["name"])
        out = v.assign(place=v.geo_code.map(names), indicator=v.indicator_id.map(meta[col("label", lang or "en")]),
                       source_kind=v.indicator_id.map(meta.source_kind))
        if lang:
            out = out.assign(publication_kind=out.publication_kind.map(self.publication_kind_names(lang)).fillna(out.publication_kind))
        return out[self.EXPLORER_COLUMNS].sort_values(["indicator_id", "geo_code", "period_end"]).reset_index(drop=True)

    # ---- geometry ---------------------------------------------------------------------------------------
    @cached_property
    def pk_geojson(self) -> dict:
        return json.loads(self.tables["boundaries_pk_adm1"].to_json())

    @lookup
    def web_geojson(self, geometry: str) -> dict:
        """The map boundaries ("pk" or "world") exactly as the ETL publishes them for the browser (etl.web), for a map
        whose published file the app cannot serve (see ui.geojson_url)."""
        from etl.web import geojson_text

        gdf, key = {"pk": (self.boundaries_pk_adm1, "geo_code"), "world": (self.boundaries_world, "iso3")}[geometry]
        return json.loads(geojson_text(gdf, key, geometry))

    @cached_property
    def web_world_features(self) -> list[dict]:
        """The world boundaries as published for the browser (web_geojson), for the server-drawn world map."""
        return self.web_geojson("world")["features"]

    @cached_property
    def world_iso3(self) -> list[str]:
        return sorted(i for i in self.tables["boundaries_world"].iso3 if i)

