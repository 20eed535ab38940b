"""people 人员名册: 身份证号 stored as keyed hash + masked form, bad check digits kept."""

from __future__ import annotations

from dbload import ID_P01, city_rows, load, standard_battery, write_csv


def test_battery(db, tmp_path):
    standard_battery(
        db,
        tmp_path,
        "people",
        change=(2, "职级", "副厅"),
        broken=(3, "出生日期", "1975-13-45"),
        check_change="MATCH (p:Person {pid: 'P02'}) RETURN p.rank = '副厅' AS ok",
    )


def test_id_numbers_hashed_masked_and_bad_digits_flagged(db, tmp_path):
    rows = city_rows("people")
    bad = ID_P01[:-1] + ("0" if ID_P01[-1] != "0" else "1")
    rows[3][4] = bad  # P03 gets a number with a wrong check digit
    summary = load(db, write_csv(tmp_path / "人员名册.csv", rows, encoding="utf-8-sig"))
    assert summary.created == 5
    assert any(p.row == 4 and not p.is_error for p in summary.problems)
    people = {
        r["pid"]: r for r in db.read("MATCH (p:Person) RETURN p.pid AS pid, properties(p) AS p")
    }
    p1 = people["P01"]["p"]
    assert "id_number" not in p1, "no clear 身份证号 by default"
    assert p1["id_masked"] == ID_P01[:6] + "*" * 12
    assert len(p1["id_hash"]) == 64 and ID_P01 not in p1["id_hash"]
    assert p1["id_invalid"] is False and p1["person_id"] == "P01" and p1["origin"] == "people"
    assert people["P03"]["p"]["id_invalid"] is True
    assert "id_hash" not in people["P04"]["p"]
    assert people["P02"]["p"]["birth_date"] == "1972-02"  # year-month only: the day is not kept
    # nothing in the whole graph holds the clear number
    everything = db.read("MATCH (n) RETURN properties(n) AS p")
    assert ID_P01 not in repr(everything)


def test_store_clear_ids_only_on_request(db, tmp_path):
    load(db, write_csv(tmp_path / "people.csv", city_rows("people")), store_clear_ids=True)
    row = db.read("MATCH (p:Person {pid: 'P01'}) RETURN p.id_number AS n")[0]
    assert row["n"] == ID_P01
