"""officers 企业主要人员: possible matches by name, decisions kept across reloads."""

from __future__ import annotations

from click.testing import CliRunner
from dbload import C3, city_rows, load, standard_battery, write_city, write_csv

from app import audit
from app.cli import cli
from loaders import identity


def test_battery(db, tmp_path):
    # every column of an officer row is part of its key (company, name, 证件号, 职务): a
    # changed row is a new fact, so the battery checks reload and broken files only
    standard_battery(db, tmp_path, "officers", change=None, broken=(1, "统一社会信用代码", ""))


def test_possible_match_confirmed_and_kept(db, tmp_path):
    load(db, write_city(tmp_path / "base", ["units", "people", "family", "companies"]))
    path = write_csv(tmp_path / "企业主要人员.csv", city_rows("officers"))
    load(db, path)
    officer = db.read(
        "MATCH (p:Person)-[:OFFICER_OF]->(:Company {uscc: $u}) RETURN p.pid AS p", {"u": C3}
    )[0]["p"]
    assert officer == f"NAME:{C3}:王小明"
    matches = identity.list_matches(db)
    pairs = {(m["from_pid"], m["to_pid"]): m for m in matches}
    # P03's son 王小明 (no 身份证号) and the officer of C3 of the same name
    match = pairs[("REL:P03:王小明:儿子", officer)]
    assert match["status"] == "pending" and 0 < match["confidence"] < 1

    result = CliRunner().invoke(cli, ["matches", "confirm", match["match_id"], "--by", "审查员甲"])
    assert result.exit_code == 0, result.output
    (decided,) = audit.read_entries()
    assert decided["action"] == "decide_match" and decided["target"] == match["match_id"]
    # the audit's user is the OS account; the name given with --by is kept as a claim
    assert decided["user"] == audit.os_user() and decided["claimed"] == "审查员甲"
    assert decided["detail"] == {"status": "confirmed"}
    load(db, path)  # a reload keeps the decision
    load(db, write_csv(tmp_path / "officers_again.csv", city_rows("officers")))
    kept = [m for m in identity.list_matches(db, "confirmed") if m["match_id"] == match["match_id"]]
    assert kept and kept[0]["decided_by"] == "审查员甲"

    listed = CliRunner().invoke(cli, ["matches", "--status", "confirmed"])
    assert listed.exit_code == 0 and match["match_id"] in listed.output, listed.output
    bad = CliRunner().invoke(cli, ["matches", "reject", "nosuchid"])
    assert bad.exit_code != 0
