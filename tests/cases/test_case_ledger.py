"""Cases on a small planted graph, against the real Neo4j: stable ids across runs, new /
unchanged / changed / gone, the workflow's rules, the optimistic version check (two updates
at once), and the CLI's exit statuses."""

from __future__ import annotations

import datetime as dt
import json
import threading

import pytest

from app.cli import main
from graph.errors import BadInput
from queries.casework import ledger
from queries.casework.model import CaseConflict, Change, check_change, finding
from queries.runner import run_all
from tests.queries.graphkit import Graph

AS_OF = dt.date(2025, 6, 30)


def planted(db) -> None:
    g = Graph()
    g.unit("U0", name="市政府").unit("U1", "U0", name="市财政局")
    g.person("L", name="张明").person("R", name="李芳").post("L", "U0", "一把手", "2010-01-01")
    g.relative("L", "R").company("C1", name="芳华贸易").holds("R", "C1")
    g.contract("K1", "U1", "C1", "2024-05-01")
    g.person("P", name="王五")
    g.complaint("Q1", "P", "2025-01-10").complaint("Q2", "P", "2025-02-10")
    g.complaint("Q3", "P", "2025-03-10")
    g.save(db)


def run(db, as_of: dt.date = AS_OF) -> ledger.RunResult:
    flags = run_all(db, as_of, config={})
    return ledger.record_run(db, flags, actor="测试", as_of=as_of)


def by_rule(db, rule: str) -> list[dict]:
    return [c for c in ledger.list_cases(db, rule=rule)]


def cli(capsys, *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as done:
        main(list(args))
    captured = capsys.readouterr()
    return done.value.code, captured.out, captured.err


# ---------------------------------------------------------------- pure


def test_stable_id_ignores_order_and_non_key_evidence() -> None:
    flag = {
        "rule": "COI-1",
        "subject_kind": "person",
        "subject_id": "L",
        "evidence": {"contracts": ["K1"], "companies": ["C1"], "relatives": ["R", "R2"],
                     "units": ["U1"]},
    }  # fmt: skip
    same = {**flag, "evidence": {**flag["evidence"], "relatives": ["R2", "R"], "units": ["U9"]}}
    other = {**flag, "evidence": {**flag["evidence"], "companies": ["C2"]}}
    a, b, c = finding(flag, AS_OF), finding(same, AS_OF), finding(other, AS_OF)
    assert a.case_id == b.case_id and a.case_id.startswith("COI-1-")
    assert c.case_id != a.case_id and c.lineage == a.lineage


def test_workflow_rules() -> None:
    assert check_change("new", Change(status="reviewing")) == []
    assert check_change("new", Change(status="referred", referred_to="立案审查"))  # not allowed
    assert check_change("new", Change(status="dismissed"))  # no reason
    assert check_change("new", Change(status="dismissed", reason="other"))  # other needs text
    assert check_change("new", Change(status="dismissed", reason="other", reason_text="x")) == []
    assert check_change("confirmed", Change(status="referred"))  # referral needs a target
    assert check_change("confirmed", Change(status="referred", referred_to="谈话函询")) == []
    assert check_change("new", Change(status="bogus"))
    assert check_change("new", Change())  # nothing to change


# ---------------------------------------------------------------- runs


def test_runs_keep_cases_and_tell_new_changed_gone(db) -> None:
    planted(db)
    first = run(db)
    # COI-1, CMP-1, and L's PWR-2, SUP-1, SUP-3 (a top leader since 2010, never talked to).
    assert first.run_id == "R0001" and first.counts["new"] == 5 and first.counts["gone"] == 0
    coi = by_rule(db, "COI-1")
    cmp_ = by_rule(db, "CMP-1")
    assert len(coi) == 1 and len(cmp_) == 1
    assert coi[0]["run_state"] == "new" and coi[0]["status"] == "new" and coi[0]["version"] == 1

    second = run(db)
    assert second.counts == {"new": 0, "unchanged": 5, "changed": 0, "gone": 0, "total": 5}
    again = by_rule(db, "COI-1")
    assert again[0]["case_id"] == coi[0]["case_id"] and again[0]["run_state"] == "unchanged"

    # A new contract: a new case; a fourth complaint: CMP-1's case changes (new id, linked).
    Graph().contract("K2", "U1", "C1", "2025-03-01").save(db)
    Graph().complaint("Q4", "P", "2025-04-01").save(db)
    third = run(db)
    assert third.counts["new"] == 1 and third.counts["changed"] == 1
    assert third.counts["unchanged"] == 4 and third.counts["gone"] == 0
    cmp_now = [c for c in by_rule(db, "CMP-1") if c["run_state"] != "gone"]
    assert len(cmp_now) == 1 and cmp_now[0]["run_state"] == "changed"
    assert cmp_now[0]["previous_case_id"] == cmp_[0]["case_id"]
    assert cmp_now[0]["changes"] == {"complaints": {"added": ["Q4"], "removed": []}}
    old = ledger.get_case(db, cmp_[0]["case_id"])
    assert old["run_state"] == "gone" and old["superseded_by"] == cmp_now[0]["case_id"]

    diff = ledger.diff_runs(db)
    assert (diff["from"], diff["to"]) == ("R0002", "R0003")
    assert [c["rule"] for c in diff["new"]] == ["COI-1"]
    assert [c["previous_case_id"] for c in diff["changed"]] == [cmp_[0]["case_id"]]
    assert diff["gone"] == [] and diff["unchanged"] == 4

    # The data change undone (contract K2 removed): its case is gone, never deleted.
    db.write("MATCH (k:Contract {contract_id: 'K2'}) DETACH DELETE k")
    fourth = run(db)
    assert fourth.counts["gone"] == 1
    assert len(by_rule(db, "COI-1")) == 2
    assert [c["run_state"] for c in ledger.list_cases(db, rule="COI-1", include_gone=False)] == [
        "unchanged"
    ]
    runs = ledger.list_runs(db)
    assert [r["run_id"] for r in runs] == ["R0004", "R0003", "R0002", "R0001"]
    assert runs[0]["rule_versions"]["COI-1"] and runs[0]["actor"] == "测试"
    assert runs[0]["rule_counts"]["COI-1"] == 1


def test_dismissed_stays_dismissed_unless_evidence_changes(db) -> None:
    planted(db)
    run(db)
    (case,) = by_rule(db, "CMP-1")
    ledger.set_case(db, case["case_id"], 1, Change(status="dismissed", reason="data_error"), "甲")
    run(db)
    (same,) = by_rule(db, "CMP-1")
    assert same["status"] == "dismissed" and same["run_state"] == "unchanged"
    Graph().complaint("Q4", "P", "2025-04-01").save(db)
    run(db)
    back = ledger.list_cases(db, rule="CMP-1", include_gone=False)
    assert len(back) == 1 and back[0]["status"] == "new" and back[0]["run_state"] == "changed"
    assert back[0]["previous_case_id"] == case["case_id"]
    created = ledger.get_case(db, back[0]["case_id"])["events"][0]
    assert created["kind"] == "created" and created["detail"]["previous_status"] == "dismissed"
    assert ledger.get_case(db, case["case_id"])["status"] == "dismissed"


def test_version_check_two_updates_at_once(db) -> None:
    planted(db)
    run(db)
    (case,) = by_rule(db, "COI-1")
    results: list[object] = []
    barrier = threading.Barrier(2)

    def update(who: str) -> None:
        barrier.wait()
        try:
            ledger.set_case(db, case["case_id"], 1, Change(assignee=who, note=f"{who}的备注"), who)
            results.append("ok")
        except CaseConflict as error:
            results.append(error)

    threads = [threading.Thread(target=update, args=(who,)) for who in ("甲", "乙")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count("ok") == 1, results
    (conflict,) = [r for r in results if isinstance(r, CaseConflict)]
    assert "changed under you" in str(conflict)
    now = ledger.get_case(db, case["case_id"])
    assert now["version"] == 2 and len(now["notes"]) == 1
    assert now["assignee"] in ("甲", "乙") and now["notes"][0]["author"] == now["assignee"]


def test_cli_set_refuses_bad_changes_and_stale_versions(db, capsys, _private_audit_log) -> None:
    planted(db)
    code, _, err = cli(capsys, "flags", "--as-of", "2025-06-30", "--format", "json")
    assert code == 0 and "R0001" in err
    code, out, _ = cli(capsys, "cases", "list", "--rule", "COI-1", "--format", "json")
    (item,) = json.loads(out)
    for key in ("case_id", "rule", "subject_id", "summary", "evidence", "status", "assignee",
                "notes", "first_seen", "last_seen", "run_state"):  # fmt: skip
        assert key in item
    case_id = item["case_id"]

    # Missing reason, invalid transition, unknown case: exit 2, nothing written.
    code, _, err = cli(capsys, "cases", "set", case_id, "--status", "dismissed")
    assert code == 2 and "reason" in err
    code, _, err = cli(
        capsys, "cases", "set", case_id, "--status", "referred", "--referred-to", "立案审查"
    )
    assert code == 2 and "transition not allowed" in err
    code, _, _ = cli(capsys, "cases", "set", "COI-1-0000000000", "--status", "reviewing")
    assert code == 2
    assert ledger.get_case(db, case_id)["version"] == 1

    code, out, _ = cli(
        capsys, "cases", "set", case_id, "--status", "confirmed", "--assign", "李四",
        "--due", "2025-08-01", "--note", "已调取合同原件",
    )  # fmt: skip
    assert code == 0 and "已核实" in out
    # A stale version (what another investigator saw before) is refused with exit 2.
    code, _, err = cli(capsys, "cases", "set", case_id, "--version", "1", "--note", "x")
    assert code == 2 and "changed under you" in err
    code, out, _ = cli(capsys, "cases", "show", case_id, "--format", "json")
    shown = json.loads(out)
    assert shown["status"] == "confirmed" and shown["assignee"] == "李四"
    assert shown["due"] == "2025-08-01" and [n["text"] for n in shown["notes"]] == [
        "已调取合同原件"
    ]
    assert [e["kind"] for e in shown["events"]] == ["created", "status", "assign", "due", "note"]
    entries = [json.loads(line) for line in _private_audit_log.read_text().splitlines()]
    assert any(e["action"] == "update_case" and e["target"] == case_id for e in entries)
    assert any(e["action"] == "run_flags" and e["detail"]["run_id"] == "R0001" for e in entries)


def test_flags_no_record_and_bad_run_reference(db, capsys) -> None:
    planted(db)
    code, _, _ = cli(capsys, "flags", "--as-of", "2025-06-30", "--no-record", "--format", "json")
    assert code == 0 and ledger.list_runs(db) == []
    code, _, err = cli(capsys, "runs", "diff")
    assert code == 2 and "two recorded runs" in err
    code, _, err = cli(capsys, "cases", "list", "--since", "R0099")
    assert code == 2


def test_bad_input_is_reported(db) -> None:
    planted(db)
    run(db)
    (case,) = by_rule(db, "COI-1")
    with pytest.raises(BadInput) as error:
        ledger.set_case(db, case["case_id"], 1, Change(status="dismissed", reason="other"), "甲")
    assert any("reason-text" in p for p in error.value.problems)
