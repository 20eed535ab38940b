"""Network measures on the power network: degree, PageRank, betweenness, Louvain communities.

Every measure is *defined* by a NetworkX call (the reference, named in each function's
docstring). igraph computes the same quantity for graphs where pure-Python NetworkX is too
slow; `tests/analytics/test_measures.py` checks the two agree. The graph is undirected and
weighted: a weight says how strong a tie is (a top post is stronger than a team seat), so
PageRank and Louvain use it; betweenness counts hops (a weight is not a distance here).

Betweenness is exact up to `EXACT_BETWEENNESS_LIMIT` nodes. Above that it is estimated from
`SAMPLE_PIVOTS` random source nodes, exactly as `nx.betweenness_centrality(G, k=..., seed=...)`
does (same sources, same rescaling); the estimate's error is measured in docs/analytics.md.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

import numpy as np

if TYPE_CHECKING:
    import networkx as nx

try:
    import igraph as ig
except ImportError:  # the measures still work, only slower
    ig = None

Engine = Literal["auto", "networkx", "igraph"]
Backend = Literal["networkx", "igraph"]  # an Engine once `auto` is resolved

EXACT_BETWEENNESS_LIMIT = 5_000
SAMPLE_PIVOTS = 1_000
PAGERANK_ALPHA = 0.85
LOUVAIN_RESOLUTION = 1.0
DEFAULT_SEED = 20240501


@dataclass
class PowerGraph:
    """A compact undirected weighted graph: node keys plus edge arrays over node indices.

    Parallel edges are summed and self-loops dropped by `from_edges`, so every engine sees
    the same simple graph.
    """

    nodes: list[str]
    src: np.ndarray
    dst: np.ndarray
    weight: np.ndarray
    index: dict[str, int] = field(default_factory=dict)

    @property
    def n(self) -> int:
        return len(self.nodes)

    @property
    def m(self) -> int:
        return int(self.src.shape[0])

    @classmethod
    def from_edges(
        cls, nodes: Sequence[str], edges: Sequence[tuple[str, str, float]]
    ) -> PowerGraph:
        """Build from node keys and (a, b, weight) triples; unknown endpoints are an error."""
        node_list = list(dict.fromkeys(nodes))
        index = {key: i for i, key in enumerate(node_list)}
        if not edges:
            empty = np.zeros(0, dtype=np.int64)
            return cls(node_list, empty, empty.copy(), np.zeros(0), index)
        a = np.fromiter((index[e[0]] for e in edges), dtype=np.int64, count=len(edges))
        b = np.fromiter((index[e[1]] for e in edges), dtype=np.int64, count=len(edges))
        w = np.fromiter((float(e[2]) for e in edges), dtype=np.float64, count=len(edges))
        return cls.from_arrays(node_list, a, b, w, index)

    @classmethod
    def from_arrays(
        cls,
        nodes: list[str],
        a: np.ndarray,
        b: np.ndarray,
        w: np.ndarray,
        index: dict[str, int] | None = None,
    ) -> PowerGraph:
        keep = a != b
        lo = np.minimum(a[keep], b[keep])
        hi = np.maximum(a[keep], b[keep])
        w = w[keep]
        n = max(len(nodes), 1)
        pair = lo * n + hi
        unique, inverse = np.unique(pair, return_inverse=True)
        summed = np.bincount(inverse, weights=w, minlength=unique.shape[0])
        return cls(
            nodes,
            (unique // n).astype(np.int64),
            (unique % n).astype(np.int64),
            summed.astype(np.float64),
            index if index is not None else {key: i for i, key in enumerate(nodes)},
        )

    def to_networkx(self) -> nx.Graph[int]:
        import networkx as nx

        graph: nx.Graph[int] = nx.Graph()
        graph.add_nodes_from(range(self.n))
        graph.add_weighted_edges_from(
            zip(self.src.tolist(), self.dst.tolist(), self.weight.tolist(), strict=True)
        )
        return graph

    def to_igraph(self) -> ig.Graph:
        if ig is None:
            raise RuntimeError("igraph is not installed")
        graph = ig.Graph(n=self.n, edges=np.column_stack([self.src, self.dst]).tolist())
        graph.es["weight"] = self.weight.tolist()
        return graph


def resolve_engine(engine: Engine) -> Backend:
    """`auto` means igraph when installed: it agrees with NetworkX and is far faster."""
    if engine == "auto":
        return "igraph" if ig is not None else "networkx"
    if engine == "igraph" and ig is None:
        raise RuntimeError("igraph is not installed; use engine='networkx'")
    return engine


def degree(g: PowerGraph, engine: Engine = "auto") -> np.ndarray:
    """Number of distinct neighbours: `dict(nx.Graph.degree())` (unweighted)."""
    if resolve_engine(engine) == "networkx":
        graph = g.to_networkx()
        return np.array([graph.degree(i) for i in range(g.n)], dtype=np.int64)
    return np.bincount(np.concatenate([g.src, g.dst]), minlength=g.n).astype(np.int64)


def pagerank(g: PowerGraph, engine: Engine = "auto", alpha: float = PAGERANK_ALPHA) -> np.ndarray:
    """`nx.pagerank(G, alpha=alpha, weight="weight")` on the undirected weighted graph."""
    if g.n == 0:
        return np.zeros(0)
    if resolve_engine(engine) == "networkx":
        import networkx as nx

        ranks = nx.pagerank(g.to_networkx(), alpha=alpha, weight="weight", tol=1e-9, max_iter=1000)
        return np.array([ranks[i] for i in range(g.n)])
    values = g.to_igraph().pagerank(directed=False, damping=alpha, weights="weight")
    return np.asarray(values, dtype=np.float64)


@dataclass(frozen=True)
class BetweennessResult:
    values: np.ndarray
    exact: bool
    pivots: int  # number of source nodes used (n when exact)


def pivot_sources(g: PowerGraph, k: int, seed: int) -> list[int]:
    """The source nodes NetworkX samples for `betweenness_centrality(G, k, seed=seed)`:
    `random.Random(seed).sample(list(G), k)` over nodes in insertion order."""
    return random.Random(seed).sample(range(g.n), k)


def betweenness(
    g: PowerGraph,
    engine: Engine = "auto",
    k: int | None = None,
    seed: int = DEFAULT_SEED,
    exact_limit: int = EXACT_BETWEENNESS_LIMIT,
    pivots: int = SAMPLE_PIVOTS,
    workers: int | None = None,
) -> BetweennessResult:
    """Normalised shortest-path (hop) betweenness:
    `nx.betweenness_centrality(G, k=k, normalized=True, seed=seed)`.

    `k=None` chooses: exact when the graph has at most `exact_limit` nodes, else `pivots`
    sampled sources. The sampled estimate is unbiased (Brandes and Pich 2007).
    """
    n = g.n
    if k is None:
        k = None if n <= exact_limit else min(pivots, n)
    if k is not None and k >= n:
        k = None
    if n < 3:
        return BetweennessResult(np.zeros(n), True, n)
    if resolve_engine(engine) == "networkx":
        import networkx as nx

        values = nx.betweenness_centrality(g.to_networkx(), k=k, normalized=True, seed=seed)
        array = np.array([values[i] for i in range(n)])
        return BetweennessResult(array, k is None, n if k is None else k)
    if k is None:
        # igraph counts each unordered pair once; NetworkX normalises by (n-1)(n-2)/2 pairs.
        raw = _subset_betweenness(g, list(range(n)), workers)
        return BetweennessResult(raw * 2.0 / ((n - 1) * (n - 2)), True, n)
    sources = pivot_sources(g, k, seed)
    raw = _subset_betweenness(g, sources, workers)
    # NetworkX's _rescale for sampled, endpoints excluded: a source cannot be its own
    # (s, t) pair, so it is scaled by k-1 sources instead of k. igraph's subset count is
    # half NetworkX's ordered-pair count on an undirected graph.
    big_n = n - 1
    scale = np.full(n, 1.0 / (k * (big_n - 1)))
    scale[sources] = 1.0 / ((k - 1) * (big_n - 1)) if k > 1 else np.nan
    return BetweennessResult(raw * 2.0 * scale, False, k)


PARALLEL_WORK = 50_000_000  # sources × edges above which the BFS work is split over cores


def _betweenness_chunk(n: int, src: np.ndarray, dst: np.ndarray, sources: list[int]) -> np.ndarray:
    """igraph's subset betweenness for some sources (top level so a worker process can run it)."""
    graph = ig.Graph(n=n, edges=np.column_stack([src, dst]).tolist())
    return np.asarray(graph.betweenness(directed=False, sources=sources), dtype=np.float64)


def _subset_betweenness(g: PowerGraph, sources: list[int], workers: int | None) -> np.ndarray:
    """Σ over the sources of igraph's subset betweenness; split over processes when large.

    Betweenness is a sum over source nodes, so chunks of sources add up to the same value.
    python-igraph holds the GIL, hence processes; forked, because spawn and forkserver re-run
    the caller's main module (a script without a `__main__` guard, Streamlit's page) in each
    worker. Opt-in (`workers`, `oversight analyze --workers`): the default is one process.
    """
    workers = workers or 1
    if workers <= 1 or len(sources) * g.m < PARALLEL_WORK:
        return _betweenness_chunk(g.n, g.src, g.dst, sources)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    chunks = [sources[i::workers] for i in range(workers)]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        count = len(chunks)
        parts = pool.map(
            _betweenness_chunk, [g.n] * count, [g.src] * count, [g.dst] * count, chunks
        )
        total: np.ndarray = np.sum(list(parts), axis=0)
        return total


def communities(
    g: PowerGraph,
    engine: Engine = "auto",
    seed: int = DEFAULT_SEED,
    resolution: float = LOUVAIN_RESOLUTION,
) -> np.ndarray:
    """Louvain communities: `nx.community.louvain_communities(G, weight="weight",
    resolution=resolution, seed=seed)`, as a label per node.

    Labels are renumbered by community size (0 = largest, ties by smallest member index) so
    the same partition always gets the same labels, whichever engine found it.
    """
    if g.n == 0:
        return np.zeros(0, dtype=np.int64)
    if resolve_engine(engine) == "networkx":
        import networkx as nx

        parts = nx.community.louvain_communities(
            g.to_networkx(), weight="weight", resolution=resolution, seed=seed
        )
        groups = [sorted(part) for part in parts]
    else:
        # python-igraph draws its random numbers from the `random` module: seed it, then
        # put the caller's state back.
        state = random.getstate()
        try:
            random.seed(seed)
            clustering = g.to_igraph().community_multilevel(weights="weight", resolution=resolution)
        finally:
            random.setstate(state)
        membership = np.asarray(clustering.membership, dtype=np.int64)
        order = np.argsort(membership, kind="stable")
        splits = np.flatnonzero(np.diff(membership[order])) + 1
        groups = [list(chunk) for chunk in np.split(order, splits)]
    groups.sort(key=lambda members: (-len(members), members[0]))
    labels = np.empty(g.n, dtype=np.int64)
    for label, members in enumerate(groups):
        labels[np.asarray(members, dtype=np.int64)] = label
    return labels


def modularity(g: PowerGraph, labels: np.ndarray, resolution: float = LOUVAIN_RESOLUTION) -> float:
    """`nx.community.modularity(G, communities, weight="weight")` of a labelling."""
    if g.m == 0:
        return 0.0
    total = g.weight.sum()
    strength = np.bincount(g.src, weights=g.weight, minlength=g.n) + np.bincount(
        g.dst, weights=g.weight, minlength=g.n
    )
    inside = g.weight[labels[g.src] == labels[g.dst]].sum()
    community_strength = np.bincount(labels, weights=strength)
    return float(inside / total - resolution * np.sum(community_strength**2) / (4.0 * total**2))


@dataclass
class Measures:
    degree: np.ndarray
    pagerank: np.ndarray
    betweenness: np.ndarray
    community: np.ndarray
    betweenness_exact: bool
    betweenness_pivots: int
    engine: str
    timings: dict[str, float] = field(default_factory=dict)


def compute_all(
    g: PowerGraph,
    engine: Engine = "auto",
    seed: int = DEFAULT_SEED,
    exact_limit: int = EXACT_BETWEENNESS_LIMIT,
    pivots: int = SAMPLE_PIVOTS,
    workers: int | None = None,
) -> Measures:
    """All four measures, each timed (seconds in `timings`)."""
    import time

    chosen = resolve_engine(engine)
    timings: dict[str, float] = {}
    start = time.perf_counter()
    deg = degree(g, chosen)
    timings["degree"] = time.perf_counter() - start
    start = time.perf_counter()
    ranks = pagerank(g, chosen)
    timings["pagerank"] = time.perf_counter() - start
    start = time.perf_counter()
    between = betweenness(
        g, chosen, seed=seed, exact_limit=exact_limit, pivots=pivots, workers=workers
    )
    timings["betweenness"] = time.perf_counter() - start
    start = time.perf_counter()
    labels = communities(g, chosen, seed=seed)
    timings["communities"] = time.perf_counter() - start
    return Measures(
        deg, ranks, between.values, labels, between.exact, between.pivots, chosen, timings
    )
