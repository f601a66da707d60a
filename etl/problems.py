"""Collecting validation problems lazily and reporting them all at once.

Every problem names the file, the line (1-based, counting the header as line 1, as a spreadsheet or editor
shows it), the column and a reason. The ETL never stops at the first problem: it reads every source, collects
everything that is wrong, prints one report and exits non-zero without touching data/processed/.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field


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


@dataclass
class Problems:
    items: list[Problem] = field(default_factory=list)

    def add(self, file: str, line: int | None, column: str, reason: str) -> None:
        self.items.append(Problem(file, line, column, reason))

    def extend(self, other: "Problems") -> None:
        self.items.extend(other.items)

    def __len__(self) -> int:
        return len(self.items)

    def __bool__(self) -> bool:
        return bool(self.items)

    def report(self, limit: int = 500) -> str:
        shown = sorted(set(self.items), key=lambda p: (p.file, p.line or 0, p.column, p.reason))
        lines = [f"ETL validation failed: {len(shown)} problem(s). Nothing in data/processed/ was changed."]
        lines += [f"  - {p}" for p in shown[:limit]]
        if len(shown) > limit:
            lines.append(f"  ... and {len(shown) - limit} more")
        return "\n".join(lines)


class ETLError(Exception):
    """Raised when a run has problems; carries all of them."""

    def __init__(self, problems: Problems):
        super().__init__(problems.report())
        self.problems = problems


def suggest(name: str, candidates, normalise=lambda s: s) -> str:
    """' (did you mean "X"?)' for the nearest known name, or '' if nothing is close."""
    keys = {normalise(c): c for c in candidates}
    match = difflib.get_close_matches(normalise(name), list(keys), n=1, cutoff=0.6)
    return f' (did you mean "{keys[match[0]]}"?)' if match else ""
