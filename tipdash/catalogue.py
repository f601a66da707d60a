"""The read-side catalogue: loads data/processed once and answers the questions pages ask.

No Streamlit here: pages cache a Catalogue per data version (see tipdash.ui.catalogue) and call its methods;
each method returns a small tidy frame ready for a chart builder or a table.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import geopandas as gpd
import pandas as pd

from etl.paths import BUILD_ID, BUILDS, current_build
from tipdash.i18n import col

DEFAULT_DIR = Path(__file__).resolve().parents[1] / "data" / "processed"
PROVINCES = ["PK-PB", "PK-SD", "PK-KP", "PK-BA", "PK-IS", "PK-GB", "PK-JK"]
SOUTH_ASIA = ["PAK", "AFG", "BGD", "BTN", "IND", "IRN", "LKA", "MDV", "NPL"]
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
                   "boundaries_pk_adm1", "boundaries_world")
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


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


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
        if _sha256(p) != meta["sha256"]:
            raise DataMissing(f"{where} differs from the manifest (checksum). {REBUILD_HINT}")
        frame = gpd.read_parquet(p) if name.startswith("boundaries") else pd.read_parquet(p)
    except DataMissing:
        raise
    except Exception as exc:  # noqa: BLE001 - pyarrow/geopandas errors carry server paths: replace them
        raise DataMissing(f"{where} cannot be read ({type(exc).__name__}). {REBUILD_HINT}") from None
    if len(frame) != meta["rows"]:
        raise DataMissing(f"{where} has {len(frame)} rows where the manifest says {meta['rows']}. {REBUILD_HINT}")
    return frame


@dataclass
class Catalogue:
    directory: Path
    manifest: dict
    tables: dict[str, pd.DataFrame] = field(repr=False)

    @classmethod
    def load(cls, directory: Path = DEFAULT_DIR, build: str | None = None) -> "Catalogue":
        """Read one complete build: the one data/processed/CURRENT points to (resolved once), or `build` if given.
        Every table is checked against that build's manifest (present, size, SHA-256, rows; about 2 ms for the
        bundled data's 0.7 MB), so a reader never combines two builds and never shows a half-written one.
        Raises DataMissing (message free of server paths) if the build is missing, truncated or inconsistent."""
        folder = _build_folder(Path(directory), build)
        manifest = _manifest(folder)
        tables = {name[:-len(".parquet")]: _read_table(folder, name, meta) for name, meta in manifest["outputs"].items()}
        return cls(folder, manifest, tables)

    @property
    def version(self) -> str:
        return self.manifest["data_version"]

    def __getattr__(self, name):  # catalogue.tip_tiers, catalogue.indicator_values, ...
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(name)

    # ---- lookups --------------------------------------------------------------------------------------
    @cached_property
    def indicator_meta(self) -> pd.DataFrame:
        return self.indicators.set_index("indicator_id")

    @cached_property
    def headline_indicators(self) -> list[str]:
        """The overview's headline series, in the order of `headline_rank` in data/reference/indicators.csv."""
        h = self.indicators[self.indicators.headline_rank.astype(str).str.strip() != ""]
        return list(h.assign(r=h.headline_rank.astype(int)).sort_values("r").indicator_id)

    @cached_property
    def geo_meta(self) -> pd.DataFrame:
        return self.geographies.set_index("geo_code")

    @cached_property
    def source_meta(self) -> pd.DataFrame:
        return self.sources.set_index("source_id")

    def geo_name(self, code: str, lang: str = "en") -> str:
        if code in self.geo_meta.index:
            return self.geo_meta.at[code, col("name", lang)] or self.geo_meta.at[code, "name"]
        return code

    def indicator_label(self, indicator_id: str, lang: str = "en") -> str:
        return self.indicator_meta.at[indicator_id, col("label", lang)]

    def indicator_definition(self, indicator_id: str, lang: str = "en") -> str:
        """The full English definition, or its reviewed Urdu summary."""
        return self.indicator_meta.at[indicator_id, "summary_ur" if lang == "ur" else "definition"]

    def kind_names(self, lang: str = "en") -> dict:
        return dict(zip(self.source_kinds.source_kind, self.source_kinds[col("label", lang)]))

    # ---- TIP tiers ------------------------------------------------------------------------------------
    def tier_history(self, iso3: str) -> pd.DataFrame:
        t = self.tip_tiers
        return t[t.iso3 == iso3].sort_values("report_year").reset_index(drop=True)

    def tier_years(self) -> list[int]:
        return sorted(self.tip_tiers.report_year.unique())

    def tier_year_coverage(self) -> pd.DataFrame:
        """Countries with a tier per report year, by tier: tells complete years from fragments."""
        t = self.tip_tiers
        cov = t.pivot_table(index="report_year", columns="tier", values="iso3", aggfunc="count", fill_value=0)
        cov["countries"] = cov.sum(axis=1)
        full = cov["countries"].max()
        cov["complete"] = cov["countries"] >= 0.9 * full
        return cov.reset_index()

    def tiers_for_year(self, year: int) -> pd.DataFrame:
        return self.tip_tiers[self.tip_tiers.report_year == year]

    def tier_grid(self, iso3s: list[str]) -> pd.DataFrame:
        t = self.tip_tiers[self.tip_tiers.iso3.isin(iso3s)]
        return t[["iso3", "country", "report_year", "tier", "tier_label", "tier_rank", "source_title", "source_ref"]]

    def tier_changes(self, iso3: str) -> list[dict]:
        """Year-on-year tier moves for a country, only between consecutive report years that both have data."""
        h = self.tier_history(iso3)
        out = []
        for prev, cur in zip(h.itertuples(), h.iloc[1:].itertuples()):
            if cur.report_year == prev.report_year + 1 and cur.tier != prev.tier:
                direction = "unranked" if pd.isna(cur.tier_rank) or pd.isna(prev.tier_rank) else (
                    "upgraded" if cur.tier_rank < prev.tier_rank else "downgraded")
                out.append({"year": cur.report_year, "from": prev.tier_label, "to": cur.tier_label, "direction": direction,
                            "from_tier": prev.tier, "to_tier": cur.tier, "source_title": cur.source_title})
        return out

    # ---- indicator values -----------------------------------------------------------------------------
    def values(self, measure: str = "value") -> pd.DataFrame:
        if measure == "value":
            return self.indicator_values
        r = self.indicator_rates
        return r[r.measure == measure].merge(
            self.indicator_values[["geo_code", "indicator_id", "period_start", "period_end", "sex", "age_group", "source_id",
                                   "source_title", "source_url", "source_quote", "unit_as_published"]],
            on=["geo_code", "indicator_id", "period_start", "period_end", "sex", "age_group", "source_id"], how="left")

    def province_indicators(self) -> list[str]:
        """Indicators with at least one province-level value for all sexes and ages (what the map can show)."""
        v = self.indicator_values
        v = v[(v.geo_level == "province") & (v.sex == "all") & (v.age_group == "0-17")]
        counts = v.groupby("indicator_id").geo_code.nunique().sort_values(ascending=False)
        return list(counts.index)

    def indicator_years(self, indicator_id: str, geo_level: str = "province") -> list[int]:
        v = self.indicator_values
        return sorted(int(y) for y in v[(v.indicator_id == indicator_id) & (v.geo_level == geo_level)].year.unique())

    def best_year(self, indicator_id: str) -> int:
        """The most recent year among those where the most provinces have data (the map's default)."""
        v = self.indicator_values
        v = v[(v.indicator_id == indicator_id) & (v.geo_level == "province") & (v.sex == "all") & (v.age_group == "0-17")]
        n = v.groupby("year").geo_code.nunique()
        return int(n[n == n.max()].index.max())

    def province_snapshot(self, indicator_id: str, year: int, measure: str = "value") -> pd.DataFrame:
        """One row per current unit (all 7), value NaN where there is no data: missing is never zero."""
        v = self.values(measure)
        v = v[(v.indicator_id == indicator_id) & (v.year == year) & (v.geo_level == "province")
              & (v.sex == "all") & (v.age_group == "0-17")]
        v = v.sort_values("source_id").drop_duplicates("geo_code")
        base = pd.DataFrame({"geo_code": PROVINCES})
        base["name"] = base.geo_code.map(self.geo_meta["name"])
        out = base.merge(v, on="geo_code", how="left")
        out["has_data"] = out.value.notna()
        return out

    def province_series(self, indicator_id: str, measure: str = "value", geo_codes=None) -> pd.DataFrame:
        v = self.values(measure)
        codes = geo_codes or PROVINCES
        v = v[(v.indicator_id == indicator_id) & v.geo_code.isin(codes) & (v.sex == "all") & (v.age_group == "0-17")]
        v = v.assign(name=v.geo_code.map(self.geo_meta["name"]))
        return v.sort_values(["geo_code", "period_end"]).reset_index(drop=True)

    def sub_province(self, indicator_id: str | None = None, parent: str | None = None) -> pd.DataFrame:
        v = self.indicator_values
        v = v[v.geo_level.isin(["zone", "city", "district"])]
        if indicator_id:
            v = v[v.indicator_id == indicator_id]
        if parent:
            v = v[v.geo_code.str.startswith(parent + "~")]
        return v.assign(name=v.geo_code.map(self.geo_meta["name"]))

    def latest_values(self, geo_code: str, topic: str | None = None) -> pd.DataFrame:
        """For each indicator with data for this unit (all sexes, 0-17 or all ages), the most recent value."""
        v = self.indicator_values
        v = v[(v.geo_code == geo_code) & (v.sex == "all") & (v.age_group == "0-17")]
        if topic:
            v = v[v.indicator_id.map(self.indicator_meta.topic) == topic]
        v = v.sort_values(["period_end", "source_id"]).groupby("indicator_id").tail(1)
        meta = self.indicator_meta
        v = v.assign(label=v.indicator_id.map(meta.label), source_kind=v.indicator_id.map(meta.source_kind),
                     caveat=v.indicator_id.map(meta.caveat), full_year=v.period_rule == "calendar_year")
        return v.sort_values(["period_end", "indicator_id"], ascending=[False, True]).reset_index(drop=True)

    def headline(self, geo_code: str = "PK", ids=None) -> pd.DataFrame:
        """Latest value of the headline indicators, in headline order."""
        lv = self.latest_values(geo_code)
        ids = ids or self.headline_indicators
        return lv[lv.indicator_id.isin(ids)].set_index("indicator_id").reindex([i for i in ids if i in set(lv.indicator_id)]).reset_index()

    def what_changed(self, geo_code: str = "PK", ids=None) -> list[dict]:
        """For full-year series with two consecutive years, the latest change (same source kind, same indicator)."""
        v = self.indicator_values
        ids = ids or self.headline_indicators
        v = v[(v.geo_code == geo_code) & (v.sex == "all") & (v.age_group == "0-17") & v.indicator_id.isin(ids)
              & (v.period_rule == "calendar_year")]
        out = []
        for ind, g in v.groupby("indicator_id"):
            g = g.sort_values("year").drop_duplicates("year", keep="last")
            if len(g) < 2:
                continue
            a, b = g.iloc[-2], g.iloc[-1]
            if b.year != a.year + 1 or a.value == 0:
                continue
            out.append({"indicator_id": ind, "label": self.indicator_meta.at[ind, "label"], "from_year": int(a.year),
                        "to_year": int(b.year), "from": a.value, "to": b.value, "change_pct": (b.value - a.value) / a.value * 100,
                        "source_kind": self.indicator_meta.at[ind, "source_kind"],
                        "source_title": b.source_title, "source_url": b.source_url})
        return out

    # ---- children ---------------------------------------------------------------------------------------
    def child_series(self, indicator_ids: list[str], geo_codes: list[str]) -> pd.DataFrame:
        v = self.indicator_values
        v = v[v.indicator_id.isin(indicator_ids) & v.geo_code.isin(geo_codes)]
        meta = self.indicator_meta
        return v.assign(label=v.indicator_id.map(meta.label), source_kind=v.indicator_id.map(meta.source_kind),
                        name=v.geo_code.map(self.geo_meta["name"]))

    def child_indicators_by_kind(self) -> dict[str, list[str]]:
        meta = self.indicator_meta
        kids = meta[meta.topic == "children"]
        present = set(self.indicator_values.indicator_id)
        out: dict[str, list[str]] = {}
        for ind, r in kids.iterrows():
            if ind in present:
                out.setdefault(r.source_kind, []).append(ind)
        return out

    # ---- coverage and explorer --------------------------------------------------------------------------
    def coverage_matrix(self, indicator_id: str) -> pd.DataFrame:
        """geo_code x year counts of values (index: geo codes; pages translate names)."""
        c = self.coverage[self.coverage.indicator_id == indicator_id]
        m = c.pivot_table(index="geo_code", columns="year", values="n_values", aggfunc="sum")
        m.columns = [str(c) for c in m.columns]
        return m

    def explorer(self, geo_codes=None, indicator_ids=None, source_kinds=None, years=None) -> pd.DataFrame:
        v = self.indicator_values
        meta = self.indicator_meta
        if geo_codes:
            v = v[v.geo_code.isin(geo_codes)]
        if indicator_ids:
            v = v[v.indicator_id.isin(indicator_ids)]
        if source_kinds:
            v = v[v.indicator_id.map(meta.source_kind).isin(source_kinds)]
        if years:
            v = v[v.year.between(years[0], years[1])]
        out = v.assign(place=v.geo_code.map(self.geo_meta["name"]), indicator=v.indicator_id.map(meta.label),
                       source_kind=v.indicator_id.map(meta.source_kind))
        cols = ["place", "geo_code", "geo_level", "indicator", "indicator_id", "year", "period_start", "period_end", "value",
                "unit", "sex", "age_group", "source_kind", "source_title", "source_url", "source_quote", "raw_file", "raw_line"]
        return out[cols].sort_values(["indicator_id", "geo_code", "period_end"]).reset_index(drop=True)

    # ---- geometry ---------------------------------------------------------------------------------------
    @cached_property
    def pk_geojson(self) -> dict:
        return json.loads(self.boundaries_pk_adm1.to_json())

    @cached_property
    def world_iso3(self) -> list[str]:
        return sorted(i for i in self.boundaries_world.iso3 if i)

    @cached_property
    def world_geojson(self) -> dict:
        w = self.boundaries_world[self.boundaries_world.iso3 != ""]
        return json.loads(w.to_json())
