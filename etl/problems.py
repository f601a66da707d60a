"""Collecting validation problems lazily and reporting them all at once, in bounded memory.

Every problem names the file, the line (1-based, counting the header as line 1, as a spreadsheet or editor
shows it), the column and a reason. The ETL never stops at the first problem: it reads every source, collects
everything that is wrong, prints one report and exits non-zero without touching data/processed/.

A 200 MB file can hold millions of bad rows, so problems are grouped by (file, column, kind of reason) - the kind
is the reason with quoted values and numbers blanked - and only the first PER_GROUP of each group are kept word
for word; the rest are counted, with their first and last line, and the report says "and N more like this". Which
lines had a problem is kept as one bit-sized byte per line, for the per-file summary.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

PER_GROUP = 20      # problems kept word for word per (file, column, kind)
MAX_GROUPS = 2000   # distinct (file, column, kind) groups per file; further kinds are pooled as "other problems"


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int | None
    column: str
    reason: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        col = f" [{self.column}]" if self.column else ""
        return f"{where}{col}: {self.reason}"


_QUOTED = re.compile(r'"[^"]*"|\'[^\']*\'')
_NUMBER = re.compile(r"\d[\d,.]*")
_PARENS = re.compile(r"\([^()]*\)")


def kind_of(reason: str) -> str:
    """The reason with its particulars blanked: 'value "x" is not a number' -> 'value "…" is not a number'."""
    return _NUMBER.sub("N", _PARENS.sub("(…)", _QUOTED.sub('"…"', reason)))


@dataclass
class _Group:
    count: int = 0
    first_line: int | None = None
    last_line: int | None = None
    example: str = ""


@dataclass
class Problems:
    per_group: int = PER_GROUP
    items: list[Problem] = field(default_factory=list)  # the problems kept word for word
    total: int = 0
    _groups: dict = field(default_factory=dict, repr=False)    # (file, column, kind) -> _Group
    _ngroups: dict = field(default_factory=dict, repr=False)   # file -> number of groups
    _lines: dict = field(default_factory=dict, repr=False)     # file -> bytearray, 1 where the line had a problem
    _whole: set = field(default_factory=set, repr=False)       # files with a file-level problem (no line)
    _seen: set = field(default_factory=set, repr=False)        # exact duplicates among the kept problems

    def add(self, file: str, line: int | None, column: str, reason: str, kind: str | None = None) -> None:
        line = None if line is None else int(line)
        if line is None:
            self._whole.add(file)
        else:
            marks = self._lines.setdefault(file, bytearray())
            if line >= len(marks):
                marks.extend(b"\0" * max(line + 1 - len(marks), len(marks)))
            marks[line] = 1
        key = (file, column, kind if kind is not None else kind_of(reason))
        g = self._groups.get(key)
        if g is None:
            if self._ngroups.get(file, 0) >= MAX_GROUPS:
                key = (file, "", "other problems")
                g = self._groups.get(key)
            if g is None:
                g = self._groups[key] = _Group(example=reason)
                self._ngroups[file] = self._ngroups.get(file, 0) + 1
        p = Problem(file, line, column, reason)
        if g.count < self.per_group:
            if p in self._seen:
                return  # the same problem twice is one problem
            self._seen.add(p)
            self.items.append(p)
        g.count += 1
        self.total += 1
        if line is not None:
            g.first_line = line if g.first_line is None else min(g.first_line, line)
            g.last_line = line if g.last_line is None else max(g.last_line, line)

    def __len__(self) -> int:
        return self.total

    def __bool__(self) -> bool:
        return self.total > 0

    # ---- questions the pipeline asks ----------------------------------------------------------------------
    def rejected_lines(self, file: str) -> int:
        """How many distinct lines of `file` had at least one problem."""
        return self._lines.get(file, bytearray()).count(1)

    def has_file_problem(self, file: str) -> bool:
        return file in self._whole

    def any_in(self, prefix: str) -> bool:
        """Whether any problem concerns a file whose name starts with `prefix`."""
        return any(k[0].startswith(prefix) for k in self._groups)

    # ---- the report -----------------------------------------------------------------------------------------
    def report(self, limit: int = 500) -> str:
        shown = sorted(self.items, key=lambda p: (p.file, p.line or 0, p.column, p.reason))
        lines = [f"ETL validation failed: {self.total:,} problem(s). Nothing in data/processed/ was changed."]
        lines += [f"  - {p}" for p in shown[:limit]]
        if len(shown) > limit:
            lines.append(f"  ... and {len(shown) - limit:,} more listed problems not shown")
        capped = sorted((k, g) for k, g in self._groups.items() if g.count > self.per_group)
        for (file, column, _), g in capped:
            col = f" [{column}]" if column else ""
            span = f" (lines {g.first_line}-{g.last_line})" if g.first_line is not None else ""
            lines.append(f"  ... and {g.count - self.per_group:,} more like {file}{col}: {g.example}{span}")
        return "\n".join(lines)


class ETLError(Exception):
    """Raised when a run has problems; carries all of them."""

    def __init__(self, problems: Problems):
        super().__init__(problems.report())
        self.problems = problems


# ---- spelling suggestions ---------------------------------------------------------------------------------
SUGGESTION_BUDGET = 2000  # distinct unknown names per run that get a "did you mean"; the rest get none
_suggest_cache: dict = {}
_suggest_keep: dict = {}  # id(candidates) -> candidates, so an id is never reused while its entries are cached
_suggest_spent = 0


def reset_suggestions() -> None:
    """Start a run with an empty cache and a full budget (called by pipeline.build)."""
    global _suggest_spent
    _suggest_cache.clear()
    _suggest_keep.clear()
    _suggest_spent = 0


def suggest(name: str, candidates, normalise=lambda s: s) -> str:
    """' (did you mean "X"?)' for the nearest known name, or '' if nothing is close.

    Cached per distinct (name, candidate list), and computed for at most SUGGESTION_BUDGET distinct names per run,
    so a file of two million misspelt rows costs a dictionary lookup per row, not a fuzzy match."""
    global _suggest_spent
    key = (name, id(candidates), id(normalise))
    hit = _suggest_cache.get(key)
    if hit is not None:
        return hit
    if _suggest_spent >= SUGGESTION_BUDGET:
        return ""
    _suggest_spent += 1
    keys = {normalise(c): c for c in candidates}
    match = difflib.get_close_matches(normalise(name), list(keys), n=1, cutoff=0.6)
    out = f' (did you mean "{keys[match[0]]}"?)' if match else ""
    _suggest_keep[id(candidates)] = candidates
    _suggest_keep[id(normalise)] = normalise
    _suggest_cache[key] = out
    return out
