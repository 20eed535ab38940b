"""posts 任职记录: xlsx with date cells, dangling references, end dates updating."""

from __future__ import annotations

import datetime as dt

import pytest
from dbload import CITY, city_rows, dump, load, standard_battery, write_city, write_xlsx

from graph.errors import BadInput


def test_battery(db, tmp_path):
    standard_battery(
        db,
        tmp_path,
        "posts",
        change=(2, "免职日期", "2023-06-30"),
        broken=(1, "单位代码", "U99"),
        check_change=(
            "MATCH (:Person {pid: 'P02'})-[r:HOLDS_POST]->(:Unit {unit_id: 'U02'}) "
            "RETURN r.end_date = date('2023-06-30') AS ok"
        ),
    )


def test_xlsx_date_cells_and_dangling_reference(db, tmp_path):
    load(db, write_city(tmp_path / "base", ["units", "people"]))
    rows = [CITY["posts"][0]] + [
        ["P01", "U01", "书记", "一把手", "", dt.datetime(2015, 3, 1), None],
        ["P02", "U02", "局长", "一把手", "财务", dt.date(2019, 1, 1), dt.date(2022, 12, 31)],
    ]
    summary = load(db, write_xlsx(tmp_path / "任职记录.xlsx", rows))
    assert summary.created == 2
    post = db.read("MATCH (:Person {pid: 'P02'})-[r:HOLDS_POST]->() RETURN properties(r) AS r")[0][
        "r"
    ]
    assert post["start_date"].to_native() == dt.date(2019, 1, 1)
    assert post["end_date"].to_native() == dt.date(2022, 12, 31)
    assert post["role"] == "一把手" and post["functions"] == ["财务"]

    graph = dump(db)
    rows.append(["P77", "U01", "副书记", "班子成员", "", dt.date(2020, 1, 1), None])
    with pytest.raises(BadInput) as error:
        load(db, write_xlsx(tmp_path / "posts_bad.xlsx", rows))
    (problem,) = [p for p in error.value.problems if p.is_error]
    assert (problem.row, problem.column, problem.value) == (4, "人员编号", "P77")
    assert dump(db) == graph


def test_skip_bad_rows_loads_the_rest(db, tmp_path):
    load(db, write_city(tmp_path / "base", ["units", "people"]))
    rows = city_rows("posts")
    rows[1][1] = "U99"
    summary = load(db, write_xlsx(tmp_path / "posts.xlsx", rows), skip_bad_rows=True)
    assert summary.files[0].skipped_rows == 1 and summary.created == 3
