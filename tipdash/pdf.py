"""PDF briefs, generated on the server by Debian's Chromium (print to PDF), fully offline.

Why Chromium: the project already needs it for the browser tests; it shapes Urdu Nastaliq correctly (HarfBuzz),
embeds the fonts it uses, keeps text and SVG charts as vectors, and prints exactly the HTML the dashboard shows.
Kaleido would only export charts, and WeasyPrint would add a second layout engine to keep in step.

Command line, all units in both languages:  python -m tipdash.pdf --out briefs/
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

from tipdash import brief
from tipdash.catalogue import DEFAULT_DIR, Catalogue
from tipdash.i18n import LANGUAGES

CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"]


@contextmanager
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


def html_to_pdf(html: str, browser) -> bytes:
    """Print one HTML document to A4 PDF; only file:// and data: URLs load (nothing leaves the machine)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "brief.html"
        path.write_text(html, encoding="utf-8")
        page = browser.new_page()
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort())
        page.goto(path.as_uri())
        page.evaluate("document.fonts.ready")
        pdf = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
        page.close()
        return pdf


def brief_pdf(cat: Catalogue, geo: str, lang: str, browser=None) -> bytes:
    html = brief.render_html(brief.build(cat, geo, lang), font_base=brief.FONT_DIR.as_uri())
    if browser is not None:
        return html_to_pdf(html, browser)
    with chromium() as b:
        return html_to_pdf(html, b)


def write_all(out: Path, data_dir: Path = DEFAULT_DIR, langs=tuple(LANGUAGES), units=tuple(brief.UNITS), say=print) -> list[Path]:
    cat = Catalogue.load(data_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with chromium() as b:
        total = len(units) * len(langs)
        for i, geo in enumerate(units, start=1):
            for lang in langs:
                path = out / f"brief-{geo}-{lang}-{cat.version}.pdf"
                path.write_bytes(brief_pdf(cat, geo, lang, b))
                written.append(path)
                say(f"[{len(written)}/{total}] {path}")
    return written


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tipdash.pdf", description="Write province briefs as PDF.")
    ap.add_argument("--out", type=Path, default=Path("briefs"), help="output folder (default briefs/)")
    ap.add_argument("--lang", nargs="+", default=list(LANGUAGES), choices=list(LANGUAGES))
    ap.add_argument("--unit", nargs="+", default=brief.UNITS, choices=brief.UNITS, help="units (default: Pakistan and all 7)")
    a = ap.parse_args(argv)
    write_all(a.out, langs=a.lang, units=a.unit)
    return 0


if __name__ == "__main__":
    sys.exit(main())
