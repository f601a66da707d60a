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
    """Path as shown to users: relative to the project root when possible."""
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return str(path)
