"""Duplicate keys reported in time and memory linear in the rows, whatever the size of each group.

Every row whose key occurs more than once gets one problem: the first row of a group names at most SHOW others and
says how many more there are ("also at new.csv:3, new.csv:4 and 1,999,997 more"); every other row points back to
the first ("same as new.csv:2 (2,000,000 rows with this key)"). The whole group is never listed on every row (which
made a file of repeated rows quadratic: 5 GiB for 32 MB).
"""
from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from etl.problems import Problems

SHOW = 5


def report_duplicates(frame: pd.DataFrame, key: list[str], problems: Problems, describe: Callable[[dict], str],
                      file_col: str = "raw_file", line_col: str = "raw_line", show: int = SHOW) -> int:
    """Add a problem for each row of `frame` whose `key` is not unique; `describe(first_row)` names the group.
    Returns the number of rows reported."""
    mask = frame.duplicated(key, keep=False)
    if not mask.any():
        return 0
    d = frame.loc[mask, [*key, file_col, line_col]]
    d = d.assign(_g=d.groupby(key, sort=True, dropna=False).ngroup().to_numpy())
    d = d.sort_values(["_g", file_col, line_col], kind="stable")
    sizes = d.groupby("_g").size().to_dict()
    head = d.groupby("_g", sort=True).head(show + 1)
    where = (head[file_col].astype(str) + ":" + head[line_col].astype(str)).groupby(head["_g"].to_numpy()).agg(list).to_dict()
    firsts = d.groupby("_g", sort=True).head(1)
    names = {g: describe(r) for g, r in zip(firsts["_g"], frame.loc[firsts.index].to_dict("records"))}
    n = 0
    for g, file, line in zip(d["_g"].tolist(), d[file_col].tolist(), d[line_col].tolist()):
        own, first = f"{file}:{line}", where[g][0]
        if own == first:  # the first row of its group lists the others
            others = where[g][1:show + 1]
            more = sizes[g] - 1 - len(others)
            reason = f"{names[g]} also at {', '.join(others)}" + (f" and {more:,} more" if more > 0 else "")
        else:
            reason = f"{names[g]} same as {first}" + (f" ({sizes[g]:,} rows with this key)" if sizes[g] > 2 else "")
        problems.add(file, int(line), "", reason, kind="duplicate")
        n += 1
    return n
