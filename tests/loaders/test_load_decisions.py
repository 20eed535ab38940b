"""decisions 三重一大决策: speaking order as SPOKE_IN {order}."""

from __future__ import annotations

from dbload import city_rows, load, standard_battery, write_city, write_csv


def test_battery(db, tmp_path):
    standard_battery(
        db,
        tmp_path,
        "decisions",
        change=(1, "表态顺序", "P02;P05"),
        broken=(1, "表态顺序", "P05;P404"),
        check_change=(
            "MATCH (p:Person {pid: 'P05'})-[r:SPOKE_IN]->(:Decision {decision_id: 'D1'}) "
            "RETURN r.order = 2 AS ok"
        ),
    )


def test_speaking_order(db, tmp_path):
    load(db, write_city(tmp_path / "base", ["units", "people"]))
    load(db, write_csv(tmp_path / "三重一大决策.csv", city_rows("decisions")))
    order = db.read(
        "MATCH (p)-[r:SPOKE_IN]->(d:Decision {decision_id: 'D1'}) RETURN p.pid AS p, r.order AS o ORDER BY o"
    )
    assert order == [{"p": "P05", "o": 1}, {"p": "P02", "o": 2}]
    d = db.read(
        "MATCH (d:Decision {decision_id: 'D1'})-[:AT_UNIT]->(u) RETURN u.unit_id AS u, d.amount AS a"
    )
    assert d == [{"u": "U02", "a": 500000.0}]
