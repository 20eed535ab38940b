"""supervision 监督活动: who conducted it, whom and which unit it targeted."""

from __future__ import annotations

from dbload import city_rows, load, standard_battery, write_city, write_csv


def test_battery(db, tmp_path):
    standard_battery(
        db,
        tmp_path,
        "supervision",
        change=(2, "发现问题数", "3"),
        broken=(1, "类型", ""),
        check_change="MATCH (e:SupervisionEvent {event_id: 'E2'}) RETURN e.problems_found = 3 AS ok",
    )


def test_links(db, tmp_path):
    load(db, write_city(tmp_path / "base", ["units", "people"]))
    load(db, write_csv(tmp_path / "监督活动.csv", city_rows("supervision")))
    rows = db.read(
        "MATCH (e:SupervisionEvent {event_id: 'E1'}) "
        "RETURN [(e)-[:CONDUCTED_BY]->(p) | p.pid] AS by, [(e)-[:CONDUCTED_BY_UNIT]->(u) | u.unit_id] AS bu, "
        "[(e)-[:TARGET]->(p) | p.pid] AS t, [(e)-[:TARGET_UNIT]->(u) | u.unit_id] AS tu, e.kind AS kind"
    )
    assert rows == [{"by": ["P01"], "bu": ["U01"], "t": ["P02"], "tu": ["U02"], "kind": "约谈"}]
