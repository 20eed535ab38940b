"""appointments 干部任免: the four checks' dates, appointee, units and nominator."""

from __future__ import annotations

from dbload import city_rows, load, standard_battery, write_city, write_xlsx


def test_battery(db, tmp_path):
    standard_battery(
        db,
        tmp_path,
        "appointments",
        change=(1, "信访核查日期", "2019年12月20日"),
        broken=(1, "提名人编号", "P404"),
        check_change=(
            "MATCH (a:Appointment {appointment_id: 'A1'}) "
            "RETURN a.complaint_check_date = date('2019-12-20') AS ok"
        ),
    )


def test_links(db, tmp_path):
    load(db, write_city(tmp_path / "base", ["units", "people"]))
    load(db, write_xlsx(tmp_path / "干部任免.xlsx", city_rows("appointments")))
    row = db.read(
        "MATCH (a:Appointment)-[:APPOINTEE]->(p), (a)-[:TO_UNIT]->(t), (a)-[:FROM_UNIT]->(f), "
        "(a)-[:NOMINATED_BY]->(n) RETURN p.pid AS p, t.unit_id AS t, f.unit_id AS f, n.pid AS n, "
        "a.kind AS kind, a.complaint_check_date AS c, toString(a.file_check_date) AS fc"
    )
    assert row == [
        {
            "p": "P05",
            "t": "U02",
            "f": "U04",
            "n": "P02",
            "kind": "提拔",
            "c": None,
            "fc": "2019-12-01",
        }
    ]
