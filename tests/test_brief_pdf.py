"""Province briefs: content comes from the data with numbered sources; PDFs for every unit in both languages are
valid, name the unit, list the sources, embed their fonts, and Urdu is drawn with the Nastaliq font."""
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from PIL import Image
from pypdf import PdfReader

from tipdash import brief
from tipdash.catalogue import Catalogue
from tipdash.pdf import write_all


# Pakistan and its current provinces and territories, as the reference data lists them (known when tests are collected)
GEO = pd.read_csv(Path(__file__).resolve().parents[1] / "data" / "reference" / "geographies.csv", dtype=str)
UNITS = ["PK", *GEO[(GEO.level == "province") & (GEO.status == "current")].geo_code]


@pytest.fixture(scope="module")
def cat(built):
    return Catalogue.load(built / "processed")


@pytest.fixture(scope="module")
def pdfs(cat, built, tmp_path_factory):
    assert brief.units(cat) == UNITS
    out = tmp_path_factory.mktemp("briefs")
    files = write_all(out, built / "processed", langs=("en", "ur"), say=lambda *_: None)
    return dict(zip([(g, lang) for g in UNITS for lang in ("en", "ur")], files))


def key(geo, lang):
    return (geo, lang)


def test_brief_figures_are_real_values_with_numbered_sources(cat):
    b = brief.build(cat, "PK-PB", "en")
    assert 0 < len(b.figures) <= brief.MAX_FIGURES
    v = cat.indicator_values.set_index(["geo_code", "indicator_id", "source_id", "period_end"]).value
    for r in b.figures.itertuples():
        assert r.value in np.atleast_1d(v.loc[("PK-PB", r.indicator_id, r.source_id, r.period_end)])
    refs = {s["n"] for s in b.sources}
    assert set(b.figures.ref) <= refs and refs == set(range(1, len(refs) + 1))
    assert b.figures.source_kind.nunique() >= 3  # several kinds of source, not one report's categories only


def test_unit_without_figures_says_so(cat):
    b = brief.build(cat, "PK-GB", "en")
    assert any("No census population" in g for g in b.gaps)
    with pytest.raises(ValueError):
        brief.build(cat, "PK-XX", "en")


def test_html_escapes_data(cat):
    b = brief.build(cat, "PK-SD", "en")
    b.sources[0]["title"] = "<script>alert(1)</script>"
    html = brief.render_html(b)
    assert "<script>alert" not in html and "&lt;script&gt;" in html


@pytest.mark.parametrize("geo", UNITS)
@pytest.mark.parametrize("lang", ["en", "ur"])
def test_pdf_for_every_unit_and_language(pdfs, cat, geo, lang):
    path = pdfs[key(geo, lang)]
    reader = PdfReader(path)
    assert path.read_bytes().startswith(b"%PDF-") and 1 <= len(reader.pages) <= 3
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", " ".join(p.extract_text() for p in reader.pages)))
    fonts = {f.get("/BaseFont", "") for p in reader.pages for f in (p["/Resources"].get("/Font") or {}).values()
             for f in [f.get_object()]}
    if lang == "en":
        assert cat.geo_name(geo) in text and "Sources" in text
    else:
        assert any("NotoNastaliqUrdu" in f for f in fonts), fonts  # Urdu drawn with the embedded Nastaliq font
    first_source = re.sub(r"\s+", " ", brief.build(cat, geo, lang).sources[0]["title"])[:25]
    assert first_source in text  # source titles stay as published, in their own language


@pytest.mark.parametrize("lang", ["en", "ur"])
def test_pdf_page_renders_with_text_and_map(pdfs, tmp_path, lang):
    subprocess.run(["pdftoppm", "-r", "50", "-f", "1", "-l", "1", "-png", str(pdfs[key("PK-PB", lang)]), str(tmp_path / "p")], check=True)
    img = np.asarray(Image.open(next(tmp_path.glob("p*.png"))).convert("RGB")).astype(int)
    dark = (img.max(axis=2) < 100).mean()
    blue = ((np.abs(img - [0x0B, 0x53, 0x94]).max(axis=2)) < 30).mean()  # the highlighted province on the locator map
    assert dark > 0.005 and blue > 0.002, (dark, blue)


def test_briefs_do_not_load_plotly():
    """The brief, its SVG drawings and the PDF printer need no chart library (palettes live in tipdash.style)."""
    code = "import sys, tipdash.brief, tipdash.svg, tipdash.pdf; print('plotly' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).resolve().parents[1], capture_output=True, text=True)
    assert out.stdout.strip() == "False", out.stderr
