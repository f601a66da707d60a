"""Every path the ETL reads or writes, in one place."""
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
RAW = DATA / "raw"
REFERENCE = DATA / "reference"
PROCESSED = DATA / "processed"
ADDITIONS = RAW / "additions"
SIDECAR_SUFFIX = ".provenance.json"

# Files inside data/raw that are documentation, not data: they need no sidecar.
NON_DATA_SUFFIXES = (".md", ".txt", SIDECAR_SUFFIX)


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
