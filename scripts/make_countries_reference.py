"""One-off generator for data/reference/countries.csv (kept so the file can be re-made and audited).

Joins, by ISO3 code: the country names used in the TIP tier file, ISO 3166-1 (alpha-3 and numeric, from the
`pycountry` package), the Natural Earth / world-atlas names and numeric ids, and the UNODC GLOTIP region and
subregion (UN M49 groupings as printed in the UNODC export). Run: python scripts/make_countries_reference.py
Requires `pycountry` (a dev-only dependency; the ETL itself reads the CSV this writes).
"""
import csv
import json
from pathlib import Path

import pandas as pd
import pycountry

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"

# Country names as spelled in every tier file (the supplement and the single placements use other spellings).
tip = pd.concat([pd.read_csv(RAW / "tip_tiers" / "tip_tiers.csv", dtype=str, usecols=["country", "iso3"]),
                 pd.read_csv(RAW / "tip_tiers" / "tip_tiers_supplement_2024_2025.csv", dtype=str, usecols=["country", "iso3"]),
                 pd.read_csv(RAW / "tip_tiers" / "tip_tiers_partial_2016_2022_individual.csv", dtype=str, usecols=["country", "iso3"])],
                ignore_index=True)
main_tip = pd.read_csv(RAW / "tip_tiers" / "tip_tiers.csv", dtype=str, usecols=["country", "iso3"])
unodc = pd.read_csv(RAW / "unodc" / "unodc_glotip_country_data.csv", dtype=str,
                    usecols=["Iso3_code", "Country", "Region", "Subregion"]).drop_duplicates("Iso3_code")
topo = json.loads((RAW / "boundaries" / "world_countries_50m.topojson").read_text())
ne = {g["properties"]["name"]: g.get("id") for g in topo["objects"]["countries"]["geometries"]}

# Codes that ISO 3166-1 does not (or no longer) list, with the numeric id world-atlas uses, if any.
EXTRA = {"XKX": ("Kosovo", None), "ANT": ("Netherlands Antilles", "530")}
# Regions for codes UNODC does not list; UN M49 groupings.
EXTRA_REGION = {
    "XKX": ("Europe", "Southern Europe"), "ANT": ("Americas", "Latin America and the Caribbean"),
    "ERI": ("Africa", "Sub-Saharan Africa"), "SOM": ("Africa", "Sub-Saharan Africa"),
    "SXM": ("Americas", "Latin America and the Caribbean"),
    "TWN": ("Asia", "Eastern Asia"),  # not an M49 entry; grouped geographically
}

rows = {}
codes = sorted(set(tip.iso3) | set(unodc.Iso3_code.dropna()))
for iso3 in codes:
    c = pycountry.countries.get(alpha_3=iso3)
    if c is None and iso3 not in EXTRA:
        continue
    name_iso, numeric = (c.name, c.numeric) if c else EXTRA[iso3]
    tip_names = sorted(set(tip.loc[tip.iso3 == iso3, "country"]))
    main_names = sorted(set(main_tip.loc[main_tip.iso3 == iso3, "country"]))  # display name: the main panel's spelling
    u = unodc[unodc.Iso3_code == iso3]
    region, subregion = (u.Region.iloc[0], u.Subregion.iloc[0]) if len(u) else EXTRA_REGION.get(iso3, ("", ""))
    ne_names = [n for n, i in ne.items() if i is not None and numeric is not None and i == numeric]
    if iso3 == "XKX":
        ne_names = ["Kosovo"]  # world-atlas has no numeric id for Kosovo: match by name
    aliases = {name_iso, *tip_names, *ne_names, *u.Country.tolist()}
    for attr in ("common_name", "official_name"):
        if c is not None and getattr(c, attr, None):
            aliases.add(getattr(c, attr))
    rows[iso3] = {
        "iso3": iso3,
        "name": (main_names or tip_names or [getattr(c, "common_name", None) or name_iso])[0],
        "iso_numeric": numeric or "",
        "ne_name": ne_names[0] if ne_names else "",
        "region": region,
        "subregion": subregion,
        "in_tip_file": "yes" if tip_names else "no",
        "aliases": "|".join(sorted(a for a in aliases if a)),
    }

out = ROOT / "data" / "reference" / "countries.csv"
with out.open("w", newline="", encoding="utf-8") as fh:
    w = csv.DictWriter(fh, fieldnames=list(next(iter(rows.values())).keys()), lineterminator="\n")
    w.writeheader()
    w.writerows(rows[k] for k in sorted(rows))
print(f"wrote {len(rows)} countries to {out}")
