"""Scores back onto the Person nodes, in batched UNWIND writes inside one transaction.

One transaction clears the previous run's properties and writes the new ones, so a reader
(PWR-5, the app) sees either the old scores or the new, never a mix; persons who are no
longer leaders lose their `power_index`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from graph.analytics.measures import Measures, PowerGraph
from graph.analytics.power import LeaderPower
from graph.analytics.projection import load_query

BATCH_SIZE = 10_000


@dataclass(frozen=True)
class WriteSummary:
    persons: int
    leaders: int


def measure_rows(graph: PowerGraph, measures: Measures) -> list[dict[str, Any]]:
    """One row per person node of the power network (units carry no scores)."""
    rows = []
    for i, key in enumerate(graph.nodes):
        if not key.startswith("P:"):
            continue
        rows.append(
            {
                "pid": key[2:],
                "pagerank": float(measures.pagerank[i]),
                "betweenness": float(measures.betweenness[i]),
                "degree": int(measures.degree[i]),
                "community": int(measures.community[i]),
            }
        )
    return rows


def power_rows(leaders: list[LeaderPower]) -> list[dict[str, Any]]:
    return [
        {
            "pid": leader.pid,
            "power_index": round(leader.power_index, 6),
            "power_rank": leader.power_rank,
            "power_components": json.dumps(leader.components, ensure_ascii=False),
        }
        for leader in leaders
    ]


def _batches(rows: list[dict[str, Any]], size: int):
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def write_scores(
    db: Any,
    graph: PowerGraph,
    measures: Measures,
    leaders: list[LeaderPower],
    as_of: dt.date,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[int], None] | None = None,
) -> WriteSummary:
    """Replace all analytics properties with this run's (one write transaction)."""
    measures_rows = measure_rows(graph, measures)
    leader_rows = power_rows(leaders)
    clear = load_query("clear")
    write_measures = load_query("write_measures")
    write_power = load_query("write_power")

    def work(tx: Any) -> None:
        tx.run(clear).consume()
        for batch in _batches(measures_rows, batch_size):
            tx.run(write_measures, {"rows": batch, "as_of": as_of}).consume()
            if progress:
                progress(len(batch))
        for batch in _batches(leader_rows, batch_size):
            tx.run(write_power, {"rows": batch}).consume()
            if progress:
                progress(len(batch))

    db.write_tx(work)
    return WriteSummary(persons=len(measures_rows), leaders=len(leader_rows))
