"""Scores back onto the Person nodes, in batched UNWIND writes inside one transaction.

One transaction clears the previous run's properties and writes the new ones, so a reader
(PWR-5, the app) sees either the old scores or the new, never a mix; persons who are no
longer leaders lose their `power_index`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from graph.analytics.measures import Measures, PowerGraph
from graph.analytics.power import LeaderPower
from graph.analytics.projection import load_query

if TYPE_CHECKING:
    from graph.db import Database
    from graph.driver import neo4j

BATCH_SIZE = 10_000


@dataclass(frozen=True)
class WriteSummary:
    persons: int
    leaders: int


def score_rows(
    graph: PowerGraph, measures: Measures, leaders: list[LeaderPower], as_of: dt.date
) -> list[dict[str, Any]]:
    """One row per person of the power network (units carry no scores); power_* are null
    for persons who are not leaders, which removes any old value."""
    power = {leader.pid: leader for leader in leaders}
    rows = []
    for i, key in enumerate(graph.nodes):
        if not key.startswith("P:"):
            continue
        pid = key[2:]
        leader = power.get(pid)
        rows.append(
            {
                "pid": pid,
                "props": {
                    "pagerank": float(measures.pagerank[i]),
                    "betweenness": float(measures.betweenness[i]),
                    "degree": int(measures.degree[i]),
                    "community": int(measures.community[i]),
                    "power_computed_at": as_of,
                    "power_index": None if leader is None else round(leader.power_index, 6),
                    "power_rank": None if leader is None else leader.power_rank,
                    "power_components": None
                    if leader is None
                    else json.dumps(leader.components, ensure_ascii=False, separators=(",", ":")),
                },
            }
        )
    return rows


def _batches(rows: list[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def write_scores(
    db: Database,
    graph: PowerGraph,
    measures: Measures,
    leaders: list[LeaderPower],
    as_of: dt.date,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[int], None] | None = None,
) -> WriteSummary:
    """Replace all analytics properties with this run's (one write transaction)."""
    rows = score_rows(graph, measures, leaders, as_of)
    pids = [row["pid"] for row in rows]
    clear = load_query("clear")
    write = load_query("write_scores")

    def work(tx: neo4j.ManagedTransaction) -> None:
        tx.run(clear, {"pids": pids}).consume()
        for batch in _batches(rows, batch_size):
            tx.run(write, {"rows": batch}).consume()
            if progress:
                progress(len(batch))

    db.write_tx(work)
    return WriteSummary(persons=len(rows), leaders=len(leaders))
