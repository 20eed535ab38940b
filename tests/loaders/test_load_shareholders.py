"""shareholders 股东: natural persons by 身份证号, corporate holders, companies known by code."""

from __future__ import annotations

from dbload import C1, C2, C3, city_rows, load, standard_battery, write_city, write_csv


def test_battery(db, tmp_path):
    standard_battery(
        db,
        tmp_path,
        "shareholders",
        change=(1, "持股比例", "55"),
        broken=(2, "股东类型", "合伙"),
        check_change=(
            "MATCH (:Person)-[r:SHAREHOLDER_OF]->(:Company {uscc: '"
            + C1
            + "'}) RETURN r.pct = 55.0 AS ok"
        ),
    )


def test_holders(db, tmp_path):
    load(db, write_city(tmp_path / "base", ["units", "people", "family"]))
    summary = load(db, write_csv(tmp_path / "股东.csv", city_rows("shareholders")))
    assert summary.created == 3
    holds = db.read(
        "MATCH (h)-[r:SHAREHOLDER_OF]->(c:Company) RETURN labels(h)[0] AS kind, "
        "coalesce(h.pid, h.uscc) AS h, c.uscc AS c, r.pct AS pct, r.subscribed AS sub, c.in_registry AS reg"
    )
    by_company = {r["c"]: r for r in holds}
    # 刘洋 holds C1: the same person as P02's reported spouse (same 身份证号)
    spouse = db.read("MATCH (:Person {pid: 'P02'})-[:HAS_RELATIVE]->(p) RETURN p.pid AS p")[0]["p"]
    assert by_company[C1]["h"] == spouse and by_company[C1]["pct"] == 60.0
    assert by_company[C1]["sub"] == 3_000_000.0
    assert by_company[C2]["kind"] == "Company" and by_company[C2]["h"] == C1
    assert by_company[C3]["h"] == f"NAME:{C3}:王小明"
    # companies only referenced are known by their code
    assert {r["reg"] for r in holds} == {False}
    names = db.read("MATCH (c:Company {uscc: $u}) RETURN c.name AS n", {"u": C1})
    assert names == [{"n": "南京某某科技有限公司"}]
