"""duties 分管: English headers, dates on the relationship."""

from __future__ import annotations

from dbload import city_rows, load, standard_battery, write_city, write_csv


def test_battery(db, tmp_path):
    standard_battery(
        db,
        tmp_path,
        "duties",
        change=(1, "结束日期", "2024-01-31"),
        broken=(1, "开始日期", "不详"),
        check_change=(
            "MATCH (:Person {pid: 'P05'})-[r:IN_CHARGE_OF]->(:Unit {unit_id: 'U04'}) "
            "RETURN r.end_date = date('2024-01-31') AS ok"
        ),
    )


def test_english_headers(db, tmp_path):
    load(db, write_city(tmp_path / "base", ["units", "people"]))
    rows = city_rows("duties")
    rows[0] = ["person_id", "unit_id", "start_date", "end_date"]
    summary = load(db, write_csv(tmp_path / "2024_duties.csv", rows))
    assert summary.created == 2
    duty = db.read(
        "MATCH (:Person {pid: 'P01'})-[r:IN_CHARGE_OF]->(u:Unit) RETURN u.unit_id AS u, "
        "toString(r.start_date) AS s, toString(r.end_date) AS e"
    )
    assert duty == [{"u": "U02", "s": "2016-01-01", "e": "2018-12-31"}]
