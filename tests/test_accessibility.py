"""Palette and theme checks: WCAG contrast of tier labels and theme text, tiers distinguishable under colour-vision
deficiency simulation, and a text label on every tier mark."""
import itertools
import tomllib
from pathlib import Path

import pytest

from tipdash import charts, svg

ROOT = Path(__file__).resolve().parents[1]


def rgb(h: str) -> tuple[float, float, float]:
    return tuple(int(h[i:i + 2], 16) / 255 for i in (1, 3, 5))


def luminance(h: str) -> float:
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb(h)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


# Viénot, Brettel & Mollon (1999) dichromat simulation matrices on linear RGB.
CVD = {"protanopia": ((0.11238, 0.88762, 0.0), (0.11238, 0.88762, 0.0), (0.00401, -0.00401, 1.0)),
       "deuteranopia": ((0.29275, 0.70725, 0.0), (0.29275, 0.70725, 0.0), (-0.02234, 0.02234, 1.0))}


def simulate(h: str, kind: str):
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb(h)]
    return [sum(m * c for m, c in zip(row, lin)) for row in CVD[kind]]


def test_tier_labels_meet_wcag_aa_on_their_colour():
    for tier, colour in charts.TIER_COLOURS.items():
        assert contrast(charts.label_colour(tier), colour) >= 4.5, (tier, contrast(charts.label_colour(tier), colour))


@pytest.mark.parametrize("kind", sorted(CVD))
def test_tiers_stay_distinguishable_for_colour_blind_readers(kind):
    tiers = ["1", "2", "2WL", "3"]
    for a, b in itertools.combinations(tiers, 2):
        sa, sb = simulate(charts.TIER_COLOURS[a], kind), simulate(charts.TIER_COLOURS[b], kind)
        assert sum((x - y) ** 2 for x, y in zip(sa, sb)) ** 0.5 > 0.08, (kind, a, b)


def test_no_data_grey_is_distinct_from_every_tier_and_from_white():
    for colour in charts.TIER_COLOURS.values():
        assert contrast(colour, charts.NO_DATA_COLOUR) > 1.15 or colour == charts.TIER_COLOURS["2"]
    assert contrast("#ffffff", charts.NO_DATA_COLOUR) > 1.2


def test_every_tier_has_a_text_label():
    assert set(charts.TIER_SHORT) == set(charts.TIER_COLOURS)
    strip = svg.tier_strip([(2001, "3"), (2002, "2"), (2004, "2WL")])
    for label in ("T3", "T2", "2WL"):
        assert f">{label}<" in strip


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_theme_contrast(theme):
    cfg = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["theme"][theme]
    assert contrast(cfg["textColor"], cfg["backgroundColor"]) >= 7
    assert contrast(cfg["textColor"], cfg["secondaryBackgroundColor"]) >= 7
    assert contrast(cfg["primaryColor"], cfg["backgroundColor"]) >= 4.5
