"""`oversight analyze` as a function: read the projection, compute, write back, time it all.

The CLI, the app and the benchmark call `analyze`; a `Reporter` receives the phases as
they start and end so each caller shows progress its own way.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from graph.analytics import measures as measures_module
from graph.analytics.measures import Engine, Measures, PowerGraph
from graph.analytics.power import LeaderPower, power_index
from graph.analytics.projection import (
    DEFAULT_WINDOW_DAYS,
    Projection,
    build_graph,
    read_projection,
)
from graph.analytics.writeback import WriteSummary, write_scores

if TYPE_CHECKING:
    from graph.db import Database

PHASES = {
    "read": "读取权力网络 (projection read)",
    "build": "构建图 (build graph)",
    "degree": "度 (degree)",
    "pagerank": "PageRank",
    "betweenness": "中介中心性 (betweenness)",
    "communities": "社区发现 Louvain (communities)",
    "power": "权力指数 (power index)",
    "write": "写回 Neo4j (write-back)",
}


class Reporter(Protocol):
    def start(self, phase: str, label: str) -> None: ...

    def end(self, phase: str, seconds: float, detail: str) -> None: ...


class _Silent:
    def start(self, phase: str, label: str) -> None:
        pass

    def end(self, phase: str, seconds: float, detail: str) -> None:
        pass


@dataclass
class Analysis:
    as_of: dt.date
    projection: Projection
    graph: PowerGraph
    measures: Measures
    leaders: list[LeaderPower]
    written: WriteSummary | None
    timings: dict[str, float] = field(default_factory=dict)
    cpu: dict[str, float] = field(default_factory=dict)  # this process's CPU seconds

    @property
    def total_seconds(self) -> float:
        return sum(self.timings.values())


def _timed(
    timings: dict[str, float],
    reporter: Reporter,
    phase: str,
    work: Callable[[], Any],
    detail: Callable[[Any], str] = lambda _: "",
) -> Any:
    reporter.start(phase, PHASES[phase])
    start = time.perf_counter()
    cpu_start = time.process_time()
    result = work()
    timings[phase] = time.perf_counter() - start
    timings["cpu:" + phase] = time.process_time() - cpu_start
    reporter.end(phase, timings[phase], detail(result))
    return result


def analyze(
    db: Database,
    as_of: dt.date,
    *,
    engine: Engine = "auto",
    write: bool = True,
    window_days: int = DEFAULT_WINDOW_DAYS,
    seed: int = measures_module.DEFAULT_SEED,
    exact_limit: int = measures_module.EXACT_BETWEENNESS_LIMIT,
    pivots: int = measures_module.SAMPLE_PIVOTS,
    workers: int = 1,
    reporter: Reporter | None = None,
) -> Analysis:
    """Compute every measure and the power index as of a date; write back unless told not."""
    reporter = reporter or _Silent()
    timings: dict[str, float] = {}
    chosen = measures_module.resolve_engine(engine)
    projection = _timed(
        timings,
        reporter,
        "read",
        lambda: read_projection(db, as_of, window_days),
        lambda p: (
            f"{len(p.units)} 单位 units, {len(p.names)} 人 persons, "
            f"{len(p.posts)} posts, {len(p.duties)} duties, {len(p.nominations)} nominations, "
            f"{len(p.decisions)} decisions"
        ),
    )
    graph = _timed(
        timings,
        reporter,
        "build",
        lambda: build_graph(projection),
        lambda g: f"{g.n} nodes, {g.m} edges",
    )
    degree = _timed(timings, reporter, "degree", lambda: measures_module.degree(graph, chosen))
    ranks = _timed(timings, reporter, "pagerank", lambda: measures_module.pagerank(graph, chosen))
    between = _timed(
        timings,
        reporter,
        "betweenness",
        lambda: measures_module.betweenness(
            graph, chosen, seed=seed, exact_limit=exact_limit, pivots=pivots, workers=workers
        ),
        lambda b: "exact 精确" if b.exact else f"sampled 抽样 k={b.pivots}",
    )
    labels = _timed(
        timings,
        reporter,
        "communities",
        lambda: measures_module.communities(graph, chosen, seed=seed),
        lambda c: f"{int(c.max()) + 1 if c.size else 0} communities",
    )
    measures = Measures(
        degree,
        ranks,
        between.values,
        labels,
        between.exact,
        between.pivots,
        chosen,
        {k: timings[k] for k in ("degree", "pagerank", "betweenness", "communities")},
    )
    leaders = _timed(
        timings,
        reporter,
        "power",
        lambda: power_index(projection, graph, measures),
        lambda rows: f"{len(rows)} leaders",
    )
    written = None
    if write:
        written = _timed(
            timings,
            reporter,
            "write",
            lambda: write_scores(db, graph, measures, leaders, as_of),
            lambda s: f"{s.persons} persons, {s.leaders} leaders",
        )
    cpu = {key[4:]: timings.pop(key) for key in list(timings) if key.startswith("cpu:")}
    return Analysis(as_of, projection, graph, measures, leaders, written, timings, cpu)
