"""Debian's Chromium, as every part of the project starts it: the PDF print queue, the browser tests and the page
benchmarks. One place for its path and its command-line switches (offline, headless, no sandbox in containers)."""
from __future__ import annotations

import os
import shutil

CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run",
        "--disable-sync", "--disable-quic"]
