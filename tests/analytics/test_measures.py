"""igraph against the NetworkX reference: same measures, same ranking, on random graphs."""

from __future__ import annotations

import random

import networkx as nx
import numpy as np
import pytest
from scipy.stats import spearmanr

from graph.analytics import measures
from graph.analytics.measures import PowerGraph


def _from_nx(graph: nx.Graph, seed: int) -> PowerGraph:
    rng = random.Random(seed)
    nodes = [f"N{i}" for i in graph.nodes()]
    edges = [(f"N{a}", f"N{b}", rng.choice([0.5, 1.0, 1.5, 3.0])) for a, b in graph.edges()]
    return PowerGraph.from_edges(nodes, edges)


def _graphs() -> list[tuple[str, PowerGraph]]:
    return [
        ("gnm", _from_nx(nx.gnm_random_graph(400, 1200, seed=1), 1)),
        ("barabasi", _from_nx(nx.barabasi_albert_graph(500, 2, seed=2), 2)),
        (
            "planted",
            _from_nx(nx.planted_partition_graph(8, 40, 0.3, 0.01, seed=3), 3),
        ),
        ("karate", _from_nx(nx.karate_club_graph(), 4)),
        # disconnected pieces and isolated nodes, as a projection with stray leaders gives
        (
            "pieces",
            _from_nx(
                nx.disjoint_union_all(
                    [nx.gnm_random_graph(60, 150, seed=s) for s in range(5)] + [nx.empty_graph(10)]
                ),
                5,
            ),
        ),
    ]


GRAPHS = _graphs()
STRUCTURED = {"planted", "pieces", "karate"}
IDS = [name for name, _ in GRAPHS]


def _agree(reference: np.ndarray, fast: np.ndarray) -> None:
    rho = spearmanr(reference, fast).statistic
    assert rho >= 0.95, rho
    top_ref = set(np.argsort(-reference, kind="stable")[:10].tolist())
    top_fast = set(np.argsort(-fast, kind="stable")[:10].tolist())
    assert top_ref == top_fast


@pytest.mark.parametrize(("name", "g"), GRAPHS, ids=IDS)
def test_degree_agrees(name: str, g: PowerGraph) -> None:
    assert np.array_equal(measures.degree(g, "networkx"), measures.degree(g, "igraph"))


@pytest.mark.parametrize(("name", "g"), GRAPHS, ids=IDS)
def test_pagerank_agrees(name: str, g: PowerGraph) -> None:
    reference = measures.pagerank(g, "networkx")
    fast = measures.pagerank(g, "igraph")
    assert np.allclose(reference, fast, atol=1e-6)
    _agree(reference, fast)


@pytest.mark.parametrize(("name", "g"), GRAPHS, ids=IDS)
def test_exact_betweenness_agrees(name: str, g: PowerGraph) -> None:
    reference = measures.betweenness(g, "networkx")
    fast = measures.betweenness(g, "igraph")
    assert reference.exact and fast.exact
    assert np.allclose(reference.values, fast.values, atol=1e-9)
    _agree(reference.values, fast.values)


@pytest.mark.parametrize(("name", "g"), GRAPHS[:3], ids=IDS[:3])
def test_sampled_betweenness_is_networkx_sampling(name: str, g: PowerGraph) -> None:
    """Same pivots, same rescaling: the sampled igraph estimate is NetworkX's, number for
    number, and close in rank to the exact value."""
    reference = measures.betweenness(g, "networkx", k=150, seed=11)
    fast = measures.betweenness(g, "igraph", k=150, seed=11)
    assert not fast.exact and fast.pivots == 150
    assert np.allclose(reference.values, fast.values, atol=1e-9)
    exact = measures.betweenness(g, "igraph").values
    assert spearmanr(exact, fast.values).statistic >= 0.9


def test_size_chooses_sampling() -> None:
    g = _from_nx(nx.gnm_random_graph(300, 900, seed=9), 9)
    assert measures.betweenness(g, "igraph", exact_limit=1000).exact
    sampled = measures.betweenness(g, "igraph", exact_limit=100, pivots=50)
    assert not sampled.exact and sampled.pivots == 50


@pytest.mark.parametrize(("name", "g"), GRAPHS, ids=IDS)
def test_louvain_agrees(name: str, g: PowerGraph) -> None:
    """Louvain is a heuristic: engines may split ties differently, so compare what the
    method optimises (modularity) and how similar the partitions are (NMI)."""
    reference = measures.communities(g, "networkx")
    fast = measures.communities(g, "igraph")
    q_ref = measures.modularity(g, reference)
    q_fast = measures.modularity(g, fast)
    assert abs(q_ref - q_fast) <= 0.03 * max(abs(q_ref), 0.1), (q_ref, q_fast)
    if name in STRUCTURED:
        # on a graph with real circles both must find the same circles; on a random graph
        # many partitions are equally good and only the modularity can be compared
        assert _nmi(reference, fast) >= 0.8


def test_modularity_matches_networkx() -> None:
    g = GRAPHS[2][1]
    labels = measures.communities(g, "igraph")
    parts = [set(np.flatnonzero(labels == c).tolist()) for c in np.unique(labels)]
    expected = nx.community.modularity(g.to_networkx(), parts, weight="weight")
    assert measures.modularity(g, labels) == pytest.approx(expected)


def test_communities_deterministic_and_labelled_by_size() -> None:
    g = GRAPHS[2][1]
    first = measures.communities(g, "igraph", seed=5)
    assert np.array_equal(first, measures.communities(g, "igraph", seed=5))
    sizes = np.bincount(first)
    assert list(sizes) == sorted(sizes, reverse=True)


def test_planted_circles_found() -> None:
    """Eight planted circles of 40: both engines recover them."""
    g = GRAPHS[2][1]
    truth = np.arange(g.n) // 40
    for engine in ("networkx", "igraph"):
        labels = measures.communities(g, engine)
        assert _nmi(truth, labels) > 0.9, engine


def test_weights_drive_pagerank() -> None:
    g = PowerGraph.from_edges(["a", "b", "c"], [("a", "b", 5.0), ("a", "c", 1.0), ("b", "a", 1.0)])
    assert g.m == 2  # a-b twice summed
    for engine in ("networkx", "igraph"):
        ranks = measures.pagerank(g, engine)
        assert ranks[1] > ranks[2]


def _nmi(a: np.ndarray, b: np.ndarray) -> float:
    """Normalised mutual information (arithmetic mean normalisation)."""
    n = a.shape[0]
    _, a_idx = np.unique(a, return_inverse=True)
    _, b_idx = np.unique(b, return_inverse=True)
    table = np.zeros((a_idx.max() + 1, b_idx.max() + 1))
    np.add.at(table, (a_idx, b_idx), 1)
    pij = table / n
    pi = pij.sum(axis=1, keepdims=True)
    pj = pij.sum(axis=0, keepdims=True)
    nz = pij > 0
    mutual = float(np.sum(pij[nz] * np.log(pij[nz] / (pi @ pj)[nz])))
    ha = -float(np.sum(pi[pi > 0] * np.log(pi[pi > 0])))
    hb = -float(np.sum(pj[pj > 0] * np.log(pj[pj > 0])))
    if ha + hb == 0:
        return 1.0
    return 2 * mutual / (ha + hb)


def test_parallel_betweenness_is_the_same_number(monkeypatch: pytest.MonkeyPatch) -> None:
    """Split over two worker processes, the sum over sources is unchanged."""
    g = GRAPHS[1][1]
    serial = measures.betweenness(g, "igraph", k=200, seed=3, workers=1)
    monkeypatch.setattr(measures, "PARALLEL_WORK", 0)
    parallel = measures.betweenness(g, "igraph", k=200, seed=3, workers=2)
    assert np.allclose(serial.values, parallel.values, atol=1e-12)
    exact_parallel = measures.betweenness(g, "igraph", workers=2)
    assert np.allclose(exact_parallel.values, measures.betweenness(g, "networkx").values)
