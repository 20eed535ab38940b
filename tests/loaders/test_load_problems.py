"""problems 问题整改: the event it was found in must exist (here or earlier in the folder)."""

from __future__ import annotations

import pytest
from dbload import city_rows, dump, load, standard_battery, write_city, write_csv

from graph.errors import BadInput


def test_battery(db, tmp_path):
    standard_battery(
        db,
        tmp_path,
        "problems",
        change=(1, "销号日期", "2022-10-08"),
        broken=(2, "来源活动编号", "E404"),
        check_change=(
            "MATCH (p:Problem {problem_id: 'PR1'}) RETURN p.closed_date = date('2022-10-08') AS ok"
        ),
    )


def test_event_reference(db, tmp_path):
    load(db, write_city(tmp_path / "base", ["units", "people"]))
    graph = dump(db)
    with pytest.raises(BadInput) as error:
        load(db, write_csv(tmp_path / "问题整改.csv", city_rows("problems")))
    assert {(p.row, p.value) for p in error.value.problems if p.is_error} == {(2, "E1"), (3, "E2")}
    assert dump(db) == graph
    # the same file in a folder after the supervision registry loads
    folder = write_city(tmp_path / "both", ["supervision", "problems"])
    summary = load(db, folder)
    assert [f.registry for f in summary.files] == ["supervision", "problems"]
    links = db.read(
        "MATCH (p:Problem)-[:FOUND_IN]->(e) RETURN p.problem_id AS p, e.event_id AS e ORDER BY p"
    )
    assert links == [{"p": "PR1", "e": "E1"}, {"p": "PR2", "e": "E2"}]
