"""The overview figures (queries/stats.cypher), read-only, as of a date or over everything.

Without a date every record counts; with `as_of` only those dated in the 365 days up to and
including it (the same window as the rules' "[365] days before as-of"). docs/stats.md
defines each figure.
"""

from __future__ import annotations

import datetime as dt

from graph.cypherfiles import read_cypher
from graph.db import Database
from model.vocab import DISCIPLINE_KINDS  # 党纪处分 and 政务处分

WINDOW_DAYS = 365
# the figures in display order, with their English labels
FIGURES: dict[str, str] = {
    "政治生态研判单位": "units covered by political-ecology analysis",
    "政治监督谈话": "political supervision talks",
    "发现问题": "problems found",
    "已整改问题": "problems rectified",
    "约谈": "summons talks",
    "建议书": "discipline / supervision recommendation letters",
    "问责": "people held accountable",
    "处分": "people with a party or administrative sanction",
    "任务": "responsibility-list tasks",
    "任务类别": "task categories",
}


def period(as_of: dt.date | None, days: int = WINDOW_DAYS) -> tuple[dt.date | None, dt.date | None]:
    """The counted period: everything (None, None), or [as_of - days, as_of]."""
    if as_of is None:
        return None, None
    return as_of - dt.timedelta(days=days), as_of


def overview(db: Database, as_of: dt.date | None = None) -> dict[str, int]:
    """The overview figures, keys exactly those of FIGURES."""
    start, end = period(as_of)
    rows = db.read(
        read_cypher("queries/stats"),
        {"from_date": start, "to_date": end, "discipline_kinds": list(DISCIPLINE_KINDS)},
    )
    row = rows[0] if rows else {}
    return {key: int(row.get(key) or 0) for key in FIGURES}


def render_table(figures: dict[str, int], as_of: dt.date | None = None) -> str:
    """A plain two-column table, Chinese first."""
    start, end = period(as_of)
    scope = f"{start} 至 {end}" if start else "全部记录 (all records)"
    width = max(len(k) for k in figures) + 2
    lines = [f"监督工作概览 (overview) · {scope}"]
    for key, value in figures.items():
        lines.append(f"{key:\u3000<{width}}{value:>8,}  {FIGURES.get(key, '')}")
    return "\n".join(lines)
