"""tasks 责任清单任务: lead unit, supporting units (a list), responsible person."""

from __future__ import annotations

from dbload import city_rows, load, standard_battery, write_city, write_csv


def test_battery(db, tmp_path):
    standard_battery(
        db,
        tmp_path,
        "tasks",
        change=(1, "完成日期", "2022-11-30"),
        broken=(1, "配合单位代码", "U03;U404"),
        check_change="MATCH (t:Task {task_id: 'T1'}) RETURN t.done_date = date('2022-11-30') AS ok",
    )


def test_links(db, tmp_path):
    load(db, write_city(tmp_path / "base", ["units", "people"]))
    load(db, write_csv(tmp_path / "责任清单任务.csv", city_rows("tasks")))
    row = db.read(
        "MATCH (t:Task {task_id: 'T1'}) RETURN [(t)-[:LED_BY]->(u) | u.unit_id] AS lead, "
        "[(t)-[:SUPPORTED_BY]->(u) | u.unit_id] AS support, [(t)-[:RESPONSIBLE_PERSON]->(p) | p.pid] AS who"
    )
    assert row[0]["lead"] == ["U02"] and sorted(row[0]["support"]) == ["U03", "U04"]
    assert row[0]["who"] == ["P05"]
