"""Projection, write-back and the analyze pipeline against the real Neo4j (`db` fixture)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from graph.analytics.pipeline import analyze
from graph.analytics.projection import read_projection
from queries.risk import read_leaders

from .citygen import AS_OF, expected_projection, make_city, write_city


def _post_set(projection):
    return {(p.pid, p.unit_id, p.role, p.start_date) for p in projection.posts}


def test_projection_reads_the_power_network(db) -> None:
    city = make_city(3)
    write_city(db, city)
    got = read_projection(db, AS_OF)
    want = expected_projection(city)
    assert _post_set(got) == _post_set(want)
    assert {(d.pid, d.unit_id, tuple(sorted(d.functions))) for d in got.duties} == {
        (d.pid, d.unit_id, tuple(sorted(d.functions))) for d in want.duties
    }
    assert {
        n.appointment_id: (n.nominator, n.appointee, n.decided_by) for n in got.nominations
    } == {n.appointment_id: (n.nominator, n.appointee, n.decided_by) for n in want.nominations}
    assert {
        d.decision_id: (d.unit_id, d.meeting, tuple(sorted(d.tops)), tuple(d.speakers))
        for d in got.decisions
    } == {
        d.decision_id: (d.unit_id, d.meeting, tuple(sorted(d.tops)), tuple(d.speakers))
        for d in want.decisions
    }
    assert {u: r.parent_id for u, r in got.units.items()} == {
        u: r.parent_id for u, r in want.units.items()
    }
    assert got.names == {pid: want.names[pid] for pid in got.names}
    assert set(got.names) == set(want.names)


def test_projection_ignores_the_rest_of_the_graph(db) -> None:
    """Companies, contracts and relatives are not part of the power network."""
    city = make_city(4, n_units=6)
    write_city(db, city)
    before = read_projection(db, AS_OF)
    db.write(
        "MATCH (p:Person {pid: $pid}) "
        "CREATE (p)-[:HAS_RELATIVE {relation: '配偶', kinship: 'SPOUSE'}]->"
        "(r:Person {pid: 'REL1', name: '配偶'}) "
        "CREATE (r)-[:SHAREHOLDER_OF {pct: 60.0}]->(c:Company {uscc: 'X1', name: '公司'}) "
        "CREATE (:Contract {contract_id: 'C1', amount: 1.0})-[:SUPPLIER]->(c)",
        {"pid": city.posts[0]["person_id"]},
    )
    after = read_projection(db, AS_OF)
    assert set(after.names) == set(before.names)
    assert "REL1" not in after.names


def test_analyze_writes_scores_and_only_leaders_get_an_index(db) -> None:
    city = make_city(5)
    write_city(db, city)
    result = analyze(db, AS_OF)
    assert result.written is not None
    rows = db.read(
        "MATCH (p:Person) RETURN p.pid AS pid, p.power_index AS power_index, "
        "p.power_rank AS power_rank, p.pagerank AS pagerank, p.betweenness AS betweenness, "
        "p.degree AS degree, p.community AS community, p.power_components AS components, "
        "p.power_computed_at AS computed"
    )
    by_pid = {row["pid"]: row for row in rows}
    leaders = {
        p["person_id"]
        for p in city.posts
        if p["role"] in ("一把手", "班子成员") and p["end_date"] is None
    }
    with_index = {pid for pid, row in by_pid.items() if row["power_index"] is not None}
    assert with_index == leaders
    holder = by_pid[city.holder]
    assert holder["power_rank"] == 1
    assert 0 < holder["power_index"] <= 1
    assert holder["computed"].to_native() == AS_OF
    components = json.loads(holder["components"])
    assert components["posts"]["top_posts"] == 2
    assert components["duties"]["sensitive_units"] == 6
    assert isinstance(holder["degree"], int) and holder["degree"] > 0
    assert isinstance(holder["community"], int)
    appointees = {a["person_id"] for a in city.appointments}
    staff = next(
        p["person_id"]
        for p in city.posts
        if p["role"] == "工作人员" and p["person_id"] not in appointees
    )
    assert by_pid[staff]["pagerank"] is None  # plain staff are not in the power network
    ranks = sorted(row["power_rank"] for row in rows if row["power_rank"] is not None)
    assert ranks == list(range(1, len(leaders) + 1))


def test_rerun_removes_stale_scores(db) -> None:
    """A leader whose post ended loses the index on the next run (PWR-5 must not see it)."""
    city = make_city(6, n_units=8)
    write_city(db, city)
    analyze(db, AS_OF)
    victim = city.holder
    db.write(
        "MATCH (:Person {pid: $pid})-[h:HOLDS_POST]->() SET h.end_date = $ended",
        {"pid": victim, "ended": AS_OF - dt.timedelta(days=1)},
    )
    db.write(
        "MATCH (:Person {pid: $pid})-[d:IN_CHARGE_OF]->() SET d.end_date = $ended",
        {"pid": victim, "ended": AS_OF - dt.timedelta(days=1)},
    )
    analyze(db, AS_OF)
    row = db.read(
        "MATCH (p:Person {pid: $pid}) RETURN p.power_index AS power_index, "
        "p.power_rank AS power_rank",
        {"pid": victim},
    )[0]
    assert row["power_index"] is None and row["power_rank"] is None


def test_read_leaders_knows_whether_scores_are_current(db) -> None:
    city = make_city(7, n_units=8)
    write_city(db, city)
    leaders, current = read_leaders(db, AS_OF)
    assert not current and leaders
    analyze(db, AS_OF)
    leaders, current = read_leaders(db, AS_OF)
    assert current
    holder = next(leader for leader in leaders if leader.pid == city.holder)
    assert holder.power_rank == 1
    assert sorted(holder.top_units) == ["U003", "U007"]
    _, current_other_day = read_leaders(db, AS_OF - dt.timedelta(days=30))
    assert not current_other_day


@pytest.mark.parametrize("engine", ["networkx", "igraph"])
def test_engines_write_the_same_ranking(db, engine: str) -> None:
    city = make_city(8, n_units=10)
    write_city(db, city)
    result = analyze(db, AS_OF, engine=engine, write=False)
    assert result.leaders[0].pid == city.holder
    assert result.measures.engine == engine
