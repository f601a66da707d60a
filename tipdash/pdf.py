"""PDF briefs, generated on the server by Debian's Chromium (print to PDF), fully offline.

Why Chromium: the project already needs it for the browser tests; it shapes Urdu Nastaliq correctly (HarfBuzz),
embeds the fonts it uses, keeps text and SVG charts as vectors, and prints exactly the HTML the dashboard shows.
Kaleido would only export charts, and WeasyPrint would add a second layout engine to keep in step.

Every PDF, from the dashboard or from this command line, goes through the machine-wide print queue
(tipdash.pdf_queue): at most BRIEF_PDF_WORKERS Chromium browsers at once, identical briefs printed once.

Command line, all units in both languages:  python -m tipdash.pdf --out briefs/
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from tipdash import brief
from tipdash.catalogue import Catalogue
from tipdash.chromium import ARGS, CHROMIUM
from tipdash.i18n import LANGUAGES
from tipdash.pdf_queue import Job, Key, PdfQueue, default_queue



def launch(playwright):
    """Debian's Chromium, headless; called by a print-queue worker thread, which owns the browser."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)


def html_to_pdf(html: str, browser) -> bytes:
    """Print one HTML document to A4 PDF; only file:// and data: URLs load (nothing leaves the machine)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "brief.html"
        path.write_text(html, encoding="utf-8")
        page = browser.new_page()
        try:
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort())
            page.goto(path.as_uri())
            page.evaluate("document.fonts.ready")
            return page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
        finally:
            page.close()


def brief_html(cat: Catalogue, geo: str, lang: str) -> str:
    """The brief as printed: fonts from the local folder as file:// URLs."""
    return brief.render_html(brief.build(cat, geo, lang), font_base=brief.FONT_DIR.as_uri())


def brief_job(cat: Catalogue, geo: str, lang: str, queue: PdfQueue | None = None) -> Job:
    """Ask the print queue for a brief; returns at once with a Job (done already if the PDF is cached)."""
    brief.check_unit(cat, geo)
    return (queue or default_queue()).submit(Key(cat.version, geo, lang), lambda: brief_html(cat, geo, lang))


def write_all(out: Path, data_dir: Path | None = None, langs=tuple(LANGUAGES), units=None, say=print,
              queue: PdfQueue | None = None) -> list[Path]:
    """Every requested brief (default: every unit) as a file in `out`, through the same machine-wide queue as the
    dashboard."""
    cat = Catalogue.load(data_dir)
    units = units or brief.units(cat)
    out.mkdir(parents=True, exist_ok=True)
    q = queue or PdfQueue()
    try:
        jobs = [(geo, lang, brief_job(cat, geo, lang, q)) for geo in units for lang in langs]
        written = []
        for geo, lang, job in jobs:
            path = out / f"brief-{geo}-{lang}-{cat.version}.pdf"
            path.write_bytes(job.result())
            written.append(path)
            say(f"[{len(written)}/{len(jobs)}] {path} ({job.source})")
        return written
    finally:
        if queue is None:
            q.close()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tipdash.pdf", description="Write province briefs as PDF.")
    ap.add_argument("--out", type=Path, default=Path("briefs"), help="output folder (default briefs/)")
    ap.add_argument("--lang", nargs="+", default=list(LANGUAGES), choices=list(LANGUAGES))
    all_units = brief.units(Catalogue.load())
    ap.add_argument("--unit", nargs="+", default=all_units, choices=all_units, help="units (default: Pakistan and all 7)")
    a = ap.parse_args(argv)
    write_all(a.out, langs=a.lang, units=a.unit)
    return 0


if __name__ == "__main__":
    sys.exit(main())
