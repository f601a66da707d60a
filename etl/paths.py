"""Every path the ETL reads or writes, in one place."""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
RAW = DATA / "raw"
REFERENCE = DATA / "reference"
PROCESSED = DATA / "processed"
SIDECAR_SUFFIX = ".provenance.json"


def rel(path: Path) -> str:
    """Path as shown to users and stored in `raw_file`: 'data/raw/...', also for a copy of the data folders
    elsewhere (tests, --raw), so the label is the same wherever the project is checked out."""
    p = Path(path).resolve()
    try:
        return str(p.relative_to(ROOT))
    except ValueError:
        parts = p.parts
        for i in range(len(parts) - 1, -1, -1):
            if parts[i] in ("raw", "reference", "processed"):
                return "/".join(("data", *parts[i:]))
        return str(path)


# ---- the processed layout ----------------------------------------------------------------------------------
# data/processed/builds/<data_version>/   one complete build: *.parquet + manifest.json, never changed once published
# data/processed/CURRENT                  the data_version readers should use, replaced atomically (os.replace)
# Readers resolve CURRENT once and read only that folder (see etl/builds.py and tipdash.catalogue.Catalogue.load).
BUILDS = "builds"
CURRENT = "CURRENT"
BUILD_ID = re.compile(r"[0-9a-f]{12}")


def current_build(processed: Path) -> Path | None:
    """The folder of the build that data/processed/CURRENT points to (it may have gone missing: check it), or None
    if there is no readable pointer. Standard library only."""
    try:
        with open(Path(processed) / CURRENT, "rb") as fh:
            text = fh.read(64).decode("ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return Path(processed) / BUILDS / text if BUILD_ID.fullmatch(text) else None
