"""companies 企业登记: money with units, USCC checks, legal representatives."""

from __future__ import annotations

from dbload import C1, ID_LIU, city_rows, load, standard_battery, write_csv


def test_battery(db, tmp_path):
    standard_battery(
        db,
        tmp_path,
        "companies",
        change=(2, "经营状态", "注销"),
        broken=(1, "注册资本", "五百万"),
        check_change="MATCH (c:Company {uscc: $u}) RETURN c.status = '注销' AS ok".replace(
            "$u", "'" + city_rows("companies")[2][0] + "'"
        ),
    )


def test_money_uscc_and_legal_rep(db, tmp_path):
    rows = city_rows("companies")
    rows[3][0] = rows[3][0][:-1] + ("0" if rows[3][0][-1] != "0" else "1")  # bad check char
    summary = load(db, write_csv(tmp_path / "2024_企业登记.csv", rows, encoding="gb18030"))
    assert summary.created == 3
    assert sum(1 for p in summary.problems if p.row == 4 and not p.is_error) == 1
    companies = {
        r["c"]["uscc"]: r["c"] for r in db.read("MATCH (c:Company) RETURN properties(c) AS c")
    }
    c1 = companies[C1]
    assert c1["capital"] == 5_000_000.0 and c1["in_registry"] is True and c1["id_invalid"] is False
    assert str(c1["founded"]) == "2016-05-01"
    assert companies[rows[2][0]]["capital"] == 10_000_000.0
    assert companies[rows[3][0]]["capital"] == 50_000_000.0
    assert companies[rows[3][0]]["id_invalid"] is True
    reps = db.read(
        "MATCH (p:Person)-[:LEGAL_REP_OF]->(c:Company) RETURN c.uscc AS c, p.pid AS p, "
        "p.origin AS o, p.id_masked AS m ORDER BY c"
    )
    by_company = {r["c"]: r for r in reps}
    assert by_company[C1]["p"].startswith("ID:") and by_company[C1]["m"] == ID_LIU[:6] + "*" * 12
    assert by_company[rows[2][0]]["p"] == f"NAME:{rows[2][0]}:王小明"
    assert all(r["o"] == "company" for r in reps)

    # a new legal representative: the old relationship ends (kept as history), the new one holds
    rows[1][2], rows[1][3] = "孙七", ""
    load(db, write_csv(tmp_path / "companies_v2.csv", rows))
    reps = db.read(
        "MATCH (p:Person)-[r:LEGAL_REP_OF]->(:Company {uscc: $u}) "
        "RETURN p.name AS n, r.end_date IS NULL AS current",
        {"u": C1},
    )
    assert {r["n"]: r["current"] for r in reps} == {"孙七": True, "刘洋": False}
