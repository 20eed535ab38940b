"""The power index on constructed cities (pure: no database)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from graph.analytics import measures
from graph.analytics.power import COMPONENTS, power_index, raw_counts, saturate
from graph.analytics.projection import (
    DecisionRecord,
    Post,
    Projection,
    build_graph,
)

from .citygen import AS_OF, expected_projection, make_city


def _index(projection: Projection, engine: str = "igraph"):
    graph = build_graph(projection)
    return power_index(projection, graph, measures.compute_all(graph, engine))


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_planted_holder_ranks_top_three(seed: int) -> None:
    """Two concurrent top posts, six sensitive units in charge, many nominations."""
    city = make_city(seed)
    leaders = _index(expected_projection(city))
    top3 = [leader.pid for leader in leaders[:3]]
    assert city.holder in top3, [(lead.pid, round(lead.power_index, 3)) for lead in leaders[:5]]


def test_index_in_unit_interval_and_ranked() -> None:
    leaders = _index(expected_projection(make_city(7)))
    assert all(0.0 <= leader.power_index <= 1.0 for leader in leaders)
    assert [leader.power_rank for leader in leaders] == list(range(1, len(leaders) + 1))
    values = [leader.power_index for leader in leaders]
    assert values == sorted(values, reverse=True)
    for leader in leaders:
        total = sum(c["contribution"] for c in leader.components.values())
        assert total == pytest.approx(leader.power_index, abs=1e-3)


def test_only_leaders_get_an_index() -> None:
    """Staff (工作人员), former top leaders and appointees without a post get none."""
    city = make_city(8)
    projection = expected_projection(city)
    leaders = {leader.pid for leader in _index(projection)}
    in_post = {
        p["person_id"]
        for p in city.posts
        if p["role"] in ("一把手", "班子成员") and p["end_date"] is None
    }
    assert leaders == in_post
    staff = {p["person_id"] for p in city.posts if p["role"] == "工作人员"}
    assert not leaders & staff


def test_engines_give_the_same_ranking() -> None:
    projection = expected_projection(make_city(9))
    reference = [leader.pid for leader in _index(projection, "networkx")[:10]]
    fast = [leader.pid for leader in _index(projection, "igraph")[:10]]
    assert reference == fast


def _tiny(decisions: list[DecisionRecord]) -> Projection:
    projection = Projection(as_of=AS_OF, since=AS_OF - dt.timedelta(days=1825))
    projection.posts = [
        Post("A", "U1", "一把手", "书记", AS_OF - dt.timedelta(days=3653)),
        Post("B", "U1", "班子成员", "副书记", AS_OF - dt.timedelta(days=100)),
    ]
    projection.names = {"A": "甲", "B": "乙"}
    projection.decisions = decisions
    return projection


def test_decisions_outside_meetings_and_not_speaking_last() -> None:
    projection = _tiny(
        [
            DecisionRecord("D1", "U1", "书记办公会", "重大决策", ["A"], []),
            DecisionRecord("D2", "U1", "党委会", "重大决策", ["A"], ["A", "B"]),
            DecisionRecord("D3", "U1", "党委会", "重大决策", ["A"], ["B", "A"]),
            DecisionRecord("D4", "U1", "圈阅", "大额资金使用", ["A"], ["B", "A"]),
        ]
    )
    counts = raw_counts(projection)
    assert counts["A"].decisions_outside == 2
    assert counts["A"].decisions_not_last == 1
    assert counts["A"].decisions_flagged == 3  # D1, D2, D4 (D3 is collective, A last)
    assert counts["B"].decisions_flagged == 0  # not the top leader
    assert counts["A"].tenure_years == pytest.approx(10.0, abs=0.01)


def test_saturation_and_weights() -> None:
    assert sum(component.weight for component in COMPONENTS) == pytest.approx(1.0)
    assert saturate(0, 1) == 0.0
    assert saturate(1, 1) == pytest.approx(0.5)
    assert saturate(2, 1) == pytest.approx(0.75)
    assert saturate(1000, 4) <= 1.0


def test_average_ranks_is_scipy_rankdata() -> None:
    from scipy.stats import rankdata

    from graph.analytics.power import average_ranks

    rng = np.random.default_rng(4)
    for values in (rng.integers(0, 5, size=200).astype(float), rng.random(50), np.ones(7)):
        assert np.allclose(average_ranks(values), rankdata(values, method="average"))
