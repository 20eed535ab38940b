"""interventions 插手干预重大事项记录: the leader, the unit, the companies."""

from __future__ import annotations

from dbload import C1, city_rows, load, standard_battery, write_city, write_csv


def test_battery(db, tmp_path):
    standard_battery(
        db,
        tmp_path,
        "interventions",
        change=(1, "事项说明", "过问软件采购进度"),
        broken=(1, "日期", ""),
        check_change=(
            "MATCH (i:Intervention {record_id: 'I1'}) RETURN i.description = '过问软件采购进度' AS ok"
        ),
    )


def test_links(db, tmp_path):
    load(db, write_city(tmp_path / "base", ["units", "people"]))
    load(
        db,
        write_csv(tmp_path / "插手干预.csv", city_rows("interventions")),
        registry="interventions",
    )
    row = db.read(
        "MATCH (i:Intervention)-[:INTERVENED]->(p), (i)-[:CONCERNS_UNIT]->(u), (i)-[:NAMES_COMPANY]->(c) "
        "RETURN p.pid AS p, u.unit_id AS u, c.uscc AS c, c.in_registry AS reg"
    )
    assert row == [{"p": "P02", "u": "U02", "c": C1, "reg": False}]
