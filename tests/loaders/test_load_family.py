"""family 家庭成员: one relative across years and registries, kinship classes, SAME_AS."""

from __future__ import annotations

from dbload import ID_LIU, city_rows, load, standard_battery, write_city, write_csv


def test_battery(db, tmp_path):
    standard_battery(
        db,
        tmp_path,
        "family",
        change=(3, "工作单位", "某某小学"),
        broken=(3, "称谓", ""),
        check_change=(
            "MATCH (:Person {pid: 'P03'})-[r:HAS_RELATIVE]->() RETURN r.employer = '某某小学' AS ok"
        ),
    )


def test_relatives_identity(db, tmp_path):
    load(db, write_city(tmp_path / "base", ["units", "people"]))
    summary = load(db, write_csv(tmp_path / "家庭成员.csv", city_rows("family")))
    assert summary.rows_read == 4 and summary.created == 3  # 刘洋 reported in 2022 and 2023
    rels = db.read(
        "MATCH (c:Person)-[r:HAS_RELATIVE]->(p:Person) RETURN c.pid AS c, p.pid AS p, "
        "r.relation AS rel, r.kinship AS k, r.report_year AS y, r.job AS job, size(r.sources) AS n "
        "ORDER BY c"
    )
    by_cadre = {r["c"]: r for r in rels}
    liu = by_cadre["P02"]
    assert liu["p"].startswith("ID:") and liu["k"] == "SPOUSE"
    assert (liu["y"], liu["job"], liu["n"]) == (2023, "董事长", 2)  # latest report, both rows
    assert by_cadre["P03"]["p"] == "REL:P03:王小明:儿子" and by_cadre["P03"]["k"] == "LINEAL"
    assert by_cadre["P01"]["p"] == "P04"  # 亲属编号 names a person in `people`
    p04 = db.read("MATCH (p:Person {pid: 'P04'}) RETURN p.origin AS o, p.name AS n")[0]
    assert p04 == {"o": "people", "n": "张小燕"}

    # 刘洋 later turns up in the people registry: one person, linked by 身份证号
    people = [city_rows("people")[0], ["P09", "刘洋", "男", "", ID_LIU, "", "", "", "", "其他"]]
    load(db, write_csv(tmp_path / "people_more.csv", people))
    same = db.read(
        "MATCH (a:Person)-[r:SAME_AS]->(b:Person) RETURN a.pid AS a, b.pid AS b, r.match AS m"
    )
    assert same == [{"a": liu["p"], "b": "P09", "m": "id"}]
    # and a relative reported after that resolves straight to the cadre
    family = [city_rows("family")[0], ["P01", "", "刘洋", "其他", ID_LIU, "", "", "2024"]]
    load(db, write_csv(tmp_path / "family_more.csv", family))
    target = db.read(
        "MATCH (:Person {pid: 'P01'})-[r:HAS_RELATIVE {relation: '其他'}]->(p) RETURN p.pid AS p, r.kinship AS k"
    )
    assert target == [{"p": "P09", "k": "OTHER"}]
