"""The message catalogue is complete: every UI string used in the code has a real Urdu entry, placeholders match,
and every data label shown in the interface has an Urdu column."""
import re
import string
from pathlib import Path

import pandas as pd
import pytest

from tipdash import i18n
from tipdash.catalogue import MEASURES
from tipdash.screens import child_victims, data_sources, provinces, tip_tiers
from tipdash.style import TIER_ORDER

ROOT = Path(__file__).resolve().parents[1]
CODE = [*ROOT.glob("pages/*.py"), ROOT / "dashboard.py", *ROOT.glob("tipdash/**/*.py")]
URDU = re.compile(r"[\u0600-\u06FF]")
REF = ROOT / "data" / "reference"


def used_keys() -> set[str]:
    keys = set()
    for f in CODE:
        keys |= set(re.findall(r"\btr?\(\s*[\"']([a-z_]+\.[a-z_0-9]+)[\"']", f.read_text()))
    indicators = pd.read_csv(REF / "indicators.csv", dtype=str)
    keys |= {f"tier.{t}" for t in TIER_ORDER} | {f"measure.{m}" for m in MEASURES} | {f"sex.{s}" for s in ("all", "female", "male")}
    keys |= {f"caveat.{k}" for k in indicators.source_kind} | {f"unit.{u}" for u in indicators.unit}
    keys |= {f"overview.tier_change_{d}" for d in ("upgraded", "downgraded", "unranked")}
    keys |= {f"method.{m}" for m in ("flow", "periods", "rates", "missing", "kinds", "boundaries")}
    keys |= {f"data.tab_{name}" for name in data_sources.TABS} | {f"tiers.tab_{name}" for name in tip_tiers.TABS}
    keys |= {f"children.tab_{name}" for name in child_victims.TABS} | {f"provinces.tab_{name}" for name in provinces.TABS}
    return keys


def missing_urdu(messages: dict, keys: set[str]) -> list[str]:
    return sorted(k for k in keys if k not in messages or not URDU.search(messages[k].get("ur") or ""))


def test_every_used_ui_string_has_an_urdu_entry():
    keys = used_keys()
    assert len(keys) > 150
    assert missing_urdu(i18n.messages(), keys) == []


def test_the_check_catches_a_missing_entry():
    msgs = dict(i18n.messages())
    msgs["nav.overview"] = {"key": "nav.overview", "en": "Overview", "ur": ""}
    assert missing_urdu(msgs, {"nav.overview", "nav.tiers"}) == ["nav.overview"]


@pytest.mark.parametrize("key", sorted(i18n.messages()))
def test_placeholders_match(key):
    row = i18n.messages()[key]
    names = lambda s: {f for _, f, _, _ in string.Formatter().parse(s) if f}  # noqa: E731
    assert names(row["en"]) == names(row["ur"]), key


def test_unknown_key_is_an_error():
    with pytest.raises(KeyError):
        i18n.t("no.such.key", "ur")


@pytest.mark.parametrize("file,column", [("indicators.csv", "label_ur"), ("indicators.csv", "summary_ur"),
                                         ("geographies.csv", "name_ur"), ("source_kinds.csv", "label_ur"),
                                         ("period_rules.csv", "label_ur"), ("events.csv", "label_ur")])
def test_every_data_label_has_urdu(file, column):
    df = pd.read_csv(REF / file, dtype=str, keep_default_na=False)
    bad = df[~df[column].str.contains(URDU)]
    assert bad.empty, bad.iloc[:, 0].tolist()


def test_the_act_keeps_one_urdu_name_everywhere():
    """The Prevention of Trafficking in Persons Act 2018 is named the same way in every Urdu string."""
    texts = [r["ur"] for r in i18n.messages().values()] + list(pd.read_csv(REF / "indicators.csv", dtype=str).label_ur)
    named = [t for t in texts if "ایکٹ" in t and "2018" in t]
    assert named and all("انسدادِ انسانی اسمگلنگ ایکٹ 2018" in t for t in named)


def test_every_catalogue_entry_has_urdu():
    """Column labels and units are looked up by name at run time, so check the whole catalogue too."""
    assert missing_urdu(i18n.messages(), set(i18n.messages())) == []


def test_one_number_formatter_for_both_languages():
    from tipdash.numbers import number_text

    assert [number_text(v, lang) for v in (1234.0, 2.5) for lang in ("en", "ur")] == ["1,234", "1,234", "2.50", "2.50"]
    assert number_text(1234.56, "en", decimals=0) == "1,235"
    assert i18n.value_text(35.0, ">", "", "ur") == ">\u00a035"


def test_rate_units_read_from_the_etls_parts_in_both_languages(built):
    """The read side composes a rate's unit from base_unit and per_population (never by parsing `unit`); in English
    that gives exactly the ETL's display string, in Urdu the translated base unit and measure."""
    from tipdash.catalogue import Catalogue

    cat = Catalogue.load(built / "processed")
    rates = pd.concat([cat.values("per_100k_population"), cat.values("per_100k_children")])
    assert len(rates) > 100 and set(rates.per_population) == {"population", "children"}
    for unit, base, per in zip(rates.unit, rates.base_unit, rates.per_population):
        assert i18n.unit_text(base, "en", per) == unit
        urdu = i18n.unit_text(base, "ur", per)
        assert urdu.endswith(i18n.t(f"measure.per_100k_{per}", "ur")) and not re.search("[A-Za-z]", urdu)
