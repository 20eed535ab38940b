"""contracts 采购合同: suppliers known only by code, BOM files, Chinese file names."""

from __future__ import annotations

from dbload import C1, C9, city_rows, load, standard_battery, write_city, write_csv


def test_battery(db, tmp_path):
    standard_battery(
        db,
        tmp_path,
        "contracts",
        change=(1, "合同金额", "60万元"),
        broken=(2, "签订日期", "2022-02-30"),
        check_change="MATCH (k:Contract {contract_id: 'K1'}) RETURN k.amount = 600000.0 AS ok",
    )


def test_suppliers_and_amounts(db, tmp_path):
    load(db, write_city(tmp_path / "base", ["units", "people", "companies"]))
    path = write_csv(tmp_path / "2022年采购合同.csv", city_rows("contracts"), encoding="utf-8-sig")
    summary = load(db, path)
    assert summary.created == 3
    rows = db.read(
        "MATCH (u:Unit)<-[:BUYER]-(k:Contract)-[:SUPPLIER]->(c:Company) RETURN k.contract_id AS k, "
        "u.unit_id AS u, c.uscc AS c, c.in_registry AS reg, k.amount AS amount, "
        "toString(k.signed_date) AS signed ORDER BY k"
    )
    assert [(r["k"], r["u"], r["c"]) for r in rows][0] == ("K1", "U02", C1)
    assert [r["amount"] for r in rows] == [500000.0, 1200000.0, 80000.0]
    assert [r["signed"] for r in rows] == ["2021-05-01", "2022-03-05", "2022-04-01"]
    assert rows[0]["reg"] is True and rows[2]["c"] == C9 and rows[2]["reg"] is False
    # a changed buyer moves the BUYER relationship
    changed = city_rows("contracts")
    changed[1][1] = "U03"
    load(db, write_csv(tmp_path / "contracts.csv", changed))
    buyers = db.read("MATCH (:Contract {contract_id: 'K1'})-[:BUYER]->(u) RETURN u.unit_id AS u")
    assert buyers == [{"u": "U03"}]
