"""complaints 信访举报: subjects by id or by name + unit, companies by code or by name."""

from __future__ import annotations

from dbload import C1, C2, C3, city_rows, load, standard_battery, write_city, write_csv


def test_battery(db, tmp_path):
    standard_battery(
        db,
        tmp_path,
        "complaints",
        change=(1, "办理状态", "了结"),
        broken=(2, "被反映单位代码", "U404"),
        check_change="MATCH (q:Complaint {complaint_id: 'Q1'}) RETURN q.status = '了结' AS ok",
    )


def test_subjects_and_companies(db, tmp_path):
    load(db, write_city(tmp_path / "base", ["units", "people", "posts", "companies"]))
    load(db, write_csv(tmp_path / "信访举报.csv", city_rows("complaints"), encoding="gb18030"))
    about = db.read(
        "MATCH (q:Complaint)-[r:ABOUT]->(p:Person) RETURN q.complaint_id AS q, p.pid AS p, "
        "r.match AS m, r.confidence AS c ORDER BY q"
    )
    assert about == [
        {"q": "Q1", "p": "P02", "m": "id", "c": 1.0},
        {"q": "Q2", "p": "P03", "m": "name", "c": 0.9},  # 王建国 in post at U03
    ]
    named = db.read(
        "MATCH (q:Complaint {complaint_id: 'Q2'})-[r:NAMES_COMPANY]->(c) RETURN c.uscc AS c, "
        "r.match AS m ORDER BY c"
    )
    assert named == [{"c": C2, "m": "id"}, {"c": C3, "m": "name"}]
    q1 = db.read("MATCH (:Complaint {complaint_id: 'Q1'})-[:NAMES_COMPANY]->(c) RETURN c.uscc AS c")
    assert q1 == [{"c": C1}]
    specific = db.read("MATCH (q:Complaint {complaint_id: 'Q2'}) RETURN q.specific AS s")
    assert specific == [{"s": True}]
