"""Reading raw tabular files into string frames that remember each row's line number.

Values stay strings here: parsing numbers, years and names is each source module's job, so that a bad value
becomes a reported problem with its line, never a silent NaN.
"""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pandas as pd

from etl.paths import SIDECAR_SUFFIX, rel
from etl.problems import Problems

LINE = "_line"  # column holding the 1-based line number of the row in its file (header = line 1)


def read_table(path: Path, required: list[str], problems: Problems, optional: tuple[str, ...] = ()) -> pd.DataFrame:
    """Rows of a CSV or XLSX file as strings plus a `_line` column; problems are added, never raised."""
    name = rel(path)
    try:
        if path.suffix.lower() == ".xlsx":
            records = _xlsx_records(path)
        else:
            records = _csv_records(path, name, problems)
    except UnicodeDecodeError as exc:
        problems.add(name, None, "", f"file is not valid UTF-8 text (byte {exc.start}); save it as CSV UTF-8")
        return _empty(required, optional)
    except Exception as exc:  # unreadable file of any kind: report it, lose nothing else
        problems.add(name, None, "", f"cannot read file: {exc}")
        return _empty(required, optional)
    if not records:
        problems.add(name, None, "", "file is empty (no header row)")
        return _empty(required, optional)
    header, rows = records[0][1], records[1:]
    header = [h.strip().lstrip("\ufeff") for h in header]
    missing = [c for c in required if c not in header]
    if missing:
        hint = " (the file looks semicolon-separated: save it as 'CSV UTF-8 (comma delimited)')" if len(header) == 1 and ";" in header[0] else ""
        problems.add(name, 1, ", ".join(missing), f"required column(s) missing; expected {', '.join(required)}{hint}")
        return _empty(required, optional)
    known = set(required) | set(optional)
    unknown = [h for h in header if h not in known]
    if unknown:
        problems.add(name, 1, ", ".join(unknown), f"unexpected column(s); allowed: {', '.join(list(required) + list(optional))}")
    if len(set(header)) != len(header):
        problems.add(name, 1, "", "duplicate column names in header")
        return _empty(required, optional)
    good = []
    for line, values in rows:
        if not any(v.strip() for v in values):
            continue  # blank line
        if len(values) != len(header):
            problems.add(name, line, "", f"row has {len(values)} fields, header has {len(header)} (check quoting and commas)")
            continue
        good.append([*values, line])
    if not good and not rows:
        problems.add(name, None, "", "file has a header but no data rows")
    frame = pd.DataFrame(good, columns=[*header, LINE]) if good else _empty(header, ())
    for col in optional:
        if col not in frame.columns:
            frame[col] = ""
    frame[LINE] = frame[LINE].astype("int64") if len(frame) else pd.Series([], dtype="int64")
    return frame


def _csv_records(path: Path, name: str, problems: Problems) -> list[tuple[int, list[str]]]:
    text = path.read_bytes().decode("utf-8-sig")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    out, start = [], 1
    try:
        for values in reader:
            out.append((start, values))
            start = reader.line_num + 1
    except csv.Error as exc:
        problems.add(name, reader.line_num, "", f"malformed CSV: {exc}")
    return out


def _xlsx_records(path: Path) -> list[tuple[int, list[str]]]:
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    ws = wb.worksheets[0]
    out = []
    for i, row in enumerate(ws.iter_rows(values_only=True), start=1):
        out.append((i, ["" if v is None else _cell_text(v) for v in row]))
    wb.close()
    while out and not any(out[-1][1]):
        out.pop()
    return out


def _cell_text(v) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _empty(columns, optional) -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series([], dtype="str") for c in [*columns, *optional]})
    frame[LINE] = pd.Series([], dtype="int64")
    return frame


def read_sidecar(path: Path, problems: Problems) -> dict | None:
    """The provenance sidecar of a raw file, or None (with a problem) if it is missing or unreadable."""
    side = path.with_name(path.name + SIDECAR_SUFFIX)
    if not side.exists():
        problems.add(rel(path), None, "", f"no provenance sidecar: create {side.name} (see docs/ADDING_DATA.md)")
        return None
    try:
        meta = json.loads(side.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        problems.add(rel(side), None, "", f"sidecar is not valid JSON: {exc}")
        return None
    for key in ("title", "producer", "licence"):
        if not str(meta.get(key, "")).strip():
            problems.add(rel(side), None, key, "sidecar field is missing or empty")
    return meta
