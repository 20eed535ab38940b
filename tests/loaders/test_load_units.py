"""units 单位名录 into the graph: hierarchy (parents later in the file), GB18030, reloads."""

from __future__ import annotations

from dbload import city_rows, dump, load, standard_battery, write_csv


def test_battery(db, tmp_path):
    standard_battery(
        db,
        tmp_path,
        "units",
        change=(3, "单位名称", "某市财政局"),
        broken=(2, "上级单位代码", "U99"),
        check_change="MATCH (u:Unit {unit_id: 'U02'}) RETURN u.name = '某市财政局' AS ok",
    )


def test_parent_later_in_file_and_gb18030(db, tmp_path):
    path = write_csv(tmp_path / "单位名录.csv", city_rows("units"), encoding="gb18030")
    summary = load(db, path)
    assert summary.created == 4
    chain = db.read(
        "MATCH p = (:Unit {unit_id: 'U04'})-[:PART_OF*]->(top:Unit) "
        "RETURN [n IN nodes(p) | n.unit_id] AS ids ORDER BY length(p) DESC LIMIT 1"
    )
    assert chain[0]["ids"] == ["U04", "U02", "U01"]
    unit = db.read("MATCH (u:Unit {unit_id: 'U02'}) RETURN u")[0]["u"]
    assert unit["functions"] == ["财务", "审计"]
    assert unit["name"] == "市财政局"
    source = db.read("MATCH (s:Source) RETURN s")[0]["s"]
    assert (
        source["name"] == "单位名录.csv" and source["rows"] == 4 and source["registry"] == "units"
    )
    assert all(tag.startswith(source["source_id"] + ":") for tag in unit["sources"])


def test_changed_parent_moves_the_unit(db, tmp_path):
    rows = city_rows("units")
    load(db, write_csv(tmp_path / "units.csv", rows))
    rows[1][3] = "U03"  # U04 now under U03
    load(db, write_csv(tmp_path / "units2.csv", rows))
    parents = db.read(
        "MATCH (:Unit {unit_id: 'U04'})-[r:PART_OF]->(p) RETURN p.unit_id AS id, r.sources AS s"
    )
    assert [p["id"] for p in parents] == ["U03"]
    # the same content in another file adds that file as a source and nothing else
    before = dump(db)
    rows2 = city_rows("units")
    rows2[1][3] = "U03"
    rows2 = [rows2[0], *reversed(rows2[1:])]
    summary = load(db, write_csv(tmp_path / "units3.csv", rows2))
    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 4)
    assert dump(db) != before
    u = db.read("MATCH (u:Unit {unit_id: 'U04'}) RETURN size(u.sources) AS n")[0]
    assert u["n"] == 3
