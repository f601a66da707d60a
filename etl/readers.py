"""Reading raw tabular files into string frames that remember each row's line number.

Values stay strings here: parsing numbers, years and names is each source module's job, so that a bad value
becomes a reported problem with its line, never a silent NaN.

Files are streamed: a CSV is decoded line by line (so a byte that is not UTF-8 is reported on its own line) and
handed out in chunks of CHUNK_ROWS rows when the caller asks for chunks, so a 200 MB file never sits in memory as
Python strings all at once. Every failure - a codec error, a malformed quote, an oversized field, a corrupt
workbook - becomes a problem naming the file (and the line when there is one), never a traceback.
"""
from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from etl.paths import rel
from etl.problems import Problems
from etl.sidecar import read_sidecar  # noqa: F401 - re-exported: sidecars used to be read here

LINE = "_line"  # column holding the 1-based line number of the row in its file (header = line 1)
CHUNK_ROWS = 50_000
MAX_FIELD_CHARS = 100_000  # one CSV field; longer is a broken quote or not a data file (csv's own limit is 131,072)


def read_table(path: Path, required: list[str], problems: Problems, optional: tuple[str, ...] = (),
               chunk_rows: int | None = None):
    """Rows of a CSV or XLSX file as strings plus a `_line` column; problems are added, never raised.

    With `chunk_rows`, an iterator of frames of at most that many rows (at least one frame, possibly empty);
    without it, one frame. Row transforms that run per chunk must be row-local (duplicates are checked later,
    on the concatenated result)."""
    chunks = iter_table(path, required, problems, optional, chunk_rows or CHUNK_ROWS)
    if chunk_rows:
        return chunks
    frames = list(chunks)
    return frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)


def iter_table(path: Path, required: list[str], problems: Problems, optional: tuple[str, ...] = (),
               chunk_rows: int = CHUNK_ROWS) -> Iterator[pd.DataFrame]:
    name = rel(path)
    records = _xlsx_records(path, name, problems) if path.suffix.lower() == ".xlsx" else _csv_records(path, name, problems)
    try:
        first = next(records, None)
    except Exception as exc:  # noqa: BLE001 - unreadable file of any kind: report it, lose nothing else
        problems.add(name, None, "", f"cannot read file ({type(exc).__name__}: {exc})")
        first = None
        records = iter(())
    if first is None:
        if not problems.has_file_problem(name) and not problems.rejected_lines(name):
            problems.add(name, None, "", "file is empty (no header row)")
        yield _empty(required, optional)
        return
    header = [h.strip().lstrip("\ufeff").strip() for h in first[1]]
    missing = [c for c in required if c not in header]
    if missing:
        hint = (" (the file looks semicolon-separated: save it as 'CSV UTF-8 (comma delimited)')"
                if len(header) == 1 and ";" in header[0] else "")
        problems.add(name, 1, ", ".join(missing), f"required column(s) missing; expected {', '.join(required)}{hint}")
        yield _empty(required, optional)
        return
    known = set(required) | set(optional)
    unknown = [h for h in header if h not in known]
    if unknown:
        problems.add(name, 1, ", ".join(unknown)[:200], f"unexpected column(s); allowed: {', '.join(list(required) + list(optional))}")
    if len(set(header)) != len(header):
        problems.add(name, 1, "", "duplicate column names in header")
        yield _empty(required, optional)
        return
    width, rows, blank, good, emitted = len(header), 0, 0, [], 0
    for line, values in records:
        rows += 1
        if not "".join(values).strip():
            blank += 1
            continue  # a blank line (or a row of empty cells) is not a row
        if len(values) != width:
            problems.add(name, line, "", f"row has {len(values)} fields, header has {width} (check quoting and commas)")
            continue
        good.append((*values, line))
        if len(good) >= chunk_rows:
            yield _frame(good, header, optional)
            emitted += len(good)
            good = []
    if rows == 0:
        problems.add(name, None, "", "file has a header but no data rows")
    elif emitted == 0 and not good and blank == rows:
        problems.add(name, None, "", f"file has no data rows: all {rows:,} rows below the header are blank")
    if good or not emitted:
        yield _frame(good, header, optional)


def _frame(good: list[tuple], header: list[str], optional) -> pd.DataFrame:
    if not good:
        return _empty(header, optional)
    cols = list(zip(*good))
    # object columns of Python strings: the transforms iterate rows, which is several times faster than on Arrow strings
    frame = pd.DataFrame({h: pd.Series(cols[i], dtype=object) for i, h in enumerate(header)})
    for col in optional:
        if col not in frame.columns:
            frame[col] = ""
    frame[LINE] = pd.array(cols[-1], dtype="int64")
    return frame


def _csv_records(path: Path, name: str, problems: Problems) -> Iterator[tuple[int, list[str]]]:
    """(first line of the record, fields) for each CSV record; stops at the first undecodable or malformed line."""
    reader = None
    try:
        with path.open("r", encoding="utf-8-sig", errors="strict", newline="") as fh:
            reader = csv.reader(fh, strict=True)
            start = 1
            for values in reader:
                if values and max(map(len, values)) > MAX_FIELD_CHARS:
                    problems.add(name, start, "", f"a field is longer than {MAX_FIELD_CHARS:,} characters (an unclosed quote?)")
                    return
                yield start, values
                start = reader.line_num + 1
    except UnicodeDecodeError:
        # The decoder works in blocks, so find the exact line (a second pass, only when something is wrong).
        line, byte, column = _first_bad_utf8(path)
        problems.add(name, line, "", f"line is not valid UTF-8 text (byte 0x{byte:02x} at position {column}); "
                                     "save the file as 'CSV UTF-8'")
    except csv.Error as exc:
        problems.add(name, reader.line_num if reader else None, "", f"malformed CSV: {exc}")
    except OSError as exc:
        problems.add(name, None, "", f"cannot read file ({exc.strerror or type(exc).__name__})")


def _first_bad_utf8(path: Path) -> tuple[int | None, int, int]:
    """(line, byte, 1-based position in the line) of the first byte that is not UTF-8."""
    with path.open("rb") as fh:
        for line, raw in enumerate(fh, start=1):
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                return line, raw[exc.start], exc.start + 1
    return None, 0, 0


def _xlsx_records(path: Path, name: str, problems: Problems) -> Iterator[tuple[int, list[str]]]:
    try:
        import openpyxl

        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - corrupt zip, not a workbook, encrypted...
        problems.add(name, None, "", f"cannot read file as an .xlsx workbook ({type(exc).__name__}: {exc})")
        return
    try:
        if not wb.worksheets:
            problems.add(name, None, "", "workbook has no sheets")
            return
        pending = []  # trailing empty rows are dropped, as a spreadsheet shows them
        for i, row in enumerate(wb.worksheets[0].iter_rows(values_only=True), start=1):
            values = ["" if v is None else _cell_text(v) for v in row]
            if not any(values):
                pending.append((i, values))
                continue
            yield from pending
            pending = []
            yield i, values
    except Exception as exc:  # noqa: BLE001
        problems.add(name, None, "", f"cannot read file as an .xlsx workbook ({type(exc).__name__}: {exc})")
    finally:
        wb.close()


def _cell_text(v) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _empty(columns, optional) -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series([], dtype="str") for c in dict.fromkeys([*columns, *optional])})
    frame[LINE] = pd.Series([], dtype="int64")
    return frame


def records(frame: pd.DataFrame):
    """The rows of `frame` as dicts, like frame.to_dict("records") but several times faster on big frames (no
    per-value boxing): transforms iterate rows, and this keeps a 200 MB file within the time budget."""
    cols = list(frame.columns)
    for values in zip(*(frame[c].tolist() for c in cols)):
        yield dict(zip(cols, values))
