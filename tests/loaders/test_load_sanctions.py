"""sanctions 问责处分."""

from __future__ import annotations

from dbload import city_rows, load, standard_battery, write_city, write_csv


def test_battery(db, tmp_path):
    standard_battery(
        db,
        tmp_path,
        "sanctions",
        change=(1, "类型", "党内警告"),
        broken=(1, "人员编号", "P404"),
        check_change="MATCH (s:Sanction {sanction_id: 'S1'}) RETURN s.kind = '党内警告' AS ok",
    )


def test_sanctioned(db, tmp_path):
    load(db, write_city(tmp_path / "base", ["units", "people"]))
    rows = city_rows("sanctions")
    rows[1][2] = "诫勉谈话"  # a spelling the declaration maps to 诫勉
    load(db, write_csv(tmp_path / "问责处分.csv", rows))
    row = db.read(
        "MATCH (s:Sanction)-[:SANCTIONED]->(p) RETURN p.pid AS p, s.kind AS k, toString(s.date) AS d"
    )
    assert row == [{"p": "P05", "k": "诫勉", "d": "2021-06-01"}]
