"""Snapshot loads: a new full export ends what it no longer states, with the history kept.

Cases (docs/snapshots.md): a row removed, a row changed, a key changed, a row returned, a
partial file (--no-snapshot), the family report's scope, the mass-end guard, the change report
in the CLI, in --report and in the graph's load history.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter

import pytest
from click.testing import CliRunner
from dbload import C1, C2, C3, ID_LIU, city_rows, load, write_city, write_csv

from app.cli import cli
from graph.errors import BadInput
from loaders import pipeline
from loaders import snapshot as snapshots
from loaders.snapshot import Fact, NewRow, changed_fields, compare
from model.registry import REGISTRIES

D1 = dt.date(2023, 1, 1)
D2 = dt.date(2024, 1, 1)


def _without(registry: str, keep) -> list[list]:
    rows = city_rows(registry)
    return [rows[0], *[r for r in rows[1:] if keep(r)]]


def _holdings(db) -> dict[tuple[str, str], dict]:
    rows = db.read(
        "MATCH (h)-[r:SHAREHOLDER_OF]->(c:Company) "
        "RETURN coalesce(h.name, h.uscc) AS holder, c.uscc AS c, r.ended_on AS ended_on, "
        "r.end_date AS end_date, r.ended_periods AS periods, r.pct AS pct"
    )
    return {(r["holder"], r["c"]): r for r in rows}


# --- the comparison, pure ---------------------------------------------------------------------


def test_compare_sorts_facts_into_what_happens_to_them() -> None:
    facts = [
        Fact("e1", "k1", "h1"),  # restated unchanged
        Fact("e2", "k2", "h2"),  # restated with other values
        Fact("e3", "k3", "h3"),  # gone
        Fact("e4", "k4", "h4", ended_on=D1),  # ended earlier, restated: starts again
        Fact("e5", "k5", "h5", ended_on=D1),  # ended earlier, still gone: nothing happens
    ]
    rows = [NewRow("k1", "h1", {}), NewRow("k2", "hX", {}), NewRow("k4", "h4", {})]
    rows.append(NewRow("k6", "h6", {}))
    result = compare(facts, rows, scoped=False)
    assert result.facts_before == 3
    assert result.unchanged == 1
    assert [(f.element_id, r.row_key) for f, r in result.changed] == [("e2", "k2")]
    assert [f.element_id for f in result.would_end] == ["e3"]
    assert [f.element_id for f in result.restarted] == ["e4"]
    assert result.appeared == ["k6"]


def test_compare_in_scope_only_ends_the_subjects_the_export_covers() -> None:
    facts = [Fact("a", "k1", "h", row_scope="P02"), Fact("b", "k2", "h", row_scope="P03")]
    result = compare(facts, [NewRow("k3", "h", {}, row_scope="P02")], scoped=True)
    assert [f.element_id for f in result.would_end] == ["a"]
    assert result.facts_before == 1


def test_mass_end_needs_a_share_and_a_count() -> None:
    facts = [Fact(f"e{i}", f"k{i}", "h") for i in range(40)]
    kept = [NewRow(f"k{i}", "h", {}) for i in range(29)]  # 11 of 40 end: 27.5 %
    assert compare(facts, kept, scoped=False).is_mass_end()
    kept = [NewRow(f"k{i}", "h", {}) for i in range(33)]  # 7 end: under the count
    assert not compare(facts, kept, scoped=False).is_mass_end()
    few = [Fact("a", "k1", "h"), Fact("b", "k2", "h")]
    assert not compare(few, [], scoped=False).is_mass_end()  # 2 facts: never a mass end


def test_changed_fields_name_old_and_new_values_and_ignore_bookkeeping() -> None:
    old = {"pct": 60.0, "since": D1, "row_hash": "a", "sources": ["x:2"], "subscribed": None}
    new = {"pct": 55.0, "since": D1, "row_hash": "b", "subscribed": 100.0}
    assert changed_fields(old, new) == {"pct": [60, 55], "subscribed": [None, 100]}


# --- against the graph ------------------------------------------------------------------------


def _base(db, tmp_path):
    load(db, write_city(tmp_path / "city"), snapshot_date=D1)


def test_a_row_removed_from_the_export_ends_its_fact_and_keeps_it(db, tmp_path) -> None:
    _base(db, tmp_path)
    before = _holdings(db)
    assert all(r["ended_on"] is None for r in before.values())
    rows = _without("shareholders", lambda r: r[0] != C1)  # 刘洋 no longer holds C1
    summary = load(db, write_csv(tmp_path / "股东2.csv", rows), snapshot_date=D2)
    (report,) = summary.snapshots
    assert (report.ended, report.appeared, report.changed, report.unchanged) == (1, 0, 0, 2)
    after = _holdings(db)
    assert set(after) == set(before), "nothing is deleted"
    ended = after[("刘洋", C1)]
    assert ended["ended_on"].to_native() == D2 and ended["end_date"].to_native() == D2
    assert ended["pct"] == 60.0, "the ended fact keeps what it stated"
    assert all(r["ended_on"] is None for k, r in after.items() if k != ("刘洋", C1))
    (change,) = report.changes
    assert change.kind == "ended" and "刘洋" in change.fact and C1 in change.fact
    # the graph's load history answers what changed between the last two exports
    history = snapshots.history(db, REGISTRIES["shareholders"])
    assert [h["ended"] for h in history] == [1, 0]
    stored = snapshots.changes_of(db, REGISTRIES["shareholders"], history[0]["snapshot_id"])
    assert [c.kind for c in stored] == ["ended"]


def test_a_changed_row_is_reported_old_to_new(db, tmp_path) -> None:
    _base(db, tmp_path)
    rows = city_rows("shareholders")
    rows[1][4] = "55%"
    summary = load(db, write_csv(tmp_path / "股东2.csv", rows), snapshot_date=D2)
    (report,) = summary.snapshots
    assert (report.changed, report.ended, report.appeared) == (1, 0, 0)
    (change,) = report.changes
    assert change.kind == "changed" and change.fields == {"pct": [60, 55]}
    assert _holdings(db)[("刘洋", C1)]["pct"] == 55.0


def test_a_changed_key_ends_the_old_fact_and_starts_a_new_one(db, tmp_path) -> None:
    _base(db, tmp_path)
    rows = city_rows("officers")
    rows[2][3] = "监事"  # 刘洋: 董事长 -> 监事 (the role is part of the key)
    summary = load(db, write_csv(tmp_path / "主要人员2.csv", rows), snapshot_date=D2)
    (report,) = summary.snapshots
    assert (report.ended, report.appeared) == (1, 1)
    kinds = sorted(c.kind for c in report.changes)
    assert kinds == ["appeared", "ended"]


def test_a_returning_row_starts_again_with_its_gap_kept(db, tmp_path) -> None:
    _base(db, tmp_path)
    load(
        db,
        write_csv(tmp_path / "股东2.csv", _without("shareholders", lambda r: r[0] != C1)),
        snapshot_date=D2,
    )
    back = load(
        db,
        write_csv(tmp_path / "股东3.csv", city_rows("shareholders")),
        snapshot_date=dt.date(2025, 1, 1),
    )
    (report,) = back.snapshots
    assert (report.restarted, report.ended) == (1, 0)
    fact = _holdings(db)[("刘洋", C1)]
    assert fact["ended_on"] is None and fact["end_date"] is None
    assert fact["periods"] == ["2024-01-01/2025-01-01"]


def test_reloading_the_same_export_changes_nothing_and_records_nothing(db, tmp_path) -> None:
    _base(db, tmp_path)
    count = "MATCH (s:Snapshot) RETURN count(s) AS n"
    n = db.read(count)[0]["n"]
    again = load(db, tmp_path / "city" / "shareholders.csv", snapshot_date=D2)
    assert again.snapshots[0].ended == 0 and again.snapshots[0].appeared == 0
    assert db.read(count)[0]["n"] == n


def test_a_partial_file_with_no_snapshot_ends_nothing(db, tmp_path) -> None:
    _base(db, tmp_path)
    rows = _without("shareholders", lambda r: r[0] == C3)
    summary = load(db, write_csv(tmp_path / "股东2.csv", rows), snapshot=False)
    assert summary.snapshots == []
    assert all(r["ended_on"] is None for r in _holdings(db).values())


def test_a_registry_not_declared_a_snapshot_only_adds_unless_asked(db, tmp_path) -> None:
    _base(db, tmp_path)
    rows = _without("contracts", lambda r: r[0] == "K1")
    summary = load(db, write_csv(tmp_path / "合同2.csv", rows))
    assert summary.snapshots == []
    summary = load(db, write_csv(tmp_path / "合同3.csv", rows), snapshot=True, snapshot_date=D2)
    assert summary.snapshots[0].ended == 2
    ended = db.read("MATCH (k:Contract) WHERE k.ended_on IS NOT NULL RETURN k.contract_id AS k")
    assert sorted(r["k"] for r in ended) == ["K2", "K3"]


def test_the_family_report_ends_only_the_relatives_of_cadres_who_reported_again(
    db, tmp_path
) -> None:
    _base(db, tmp_path)
    rows = city_rows("family")
    header = rows[0]
    # only P03 reported this year, and no longer reports 王小明; P02's and P01's stay
    new = [header, ["P03", "", "王大明", "儿子", "", "", "", "2024"]]
    summary = load(db, write_csv(tmp_path / "家庭成员2024.csv", new), snapshot_date=D2)
    (report,) = summary.snapshots
    assert (report.ended, report.appeared) == (1, 1)
    ended = db.read(
        "MATCH (c:Person)-[r:HAS_RELATIVE]->(p) WHERE r.ended_on IS NOT NULL "
        "RETURN c.pid AS c, p.name AS p"
    )
    assert ended == [{"c": "P03", "p": "王小明"}]


def test_the_same_relative_reported_in_a_later_year_is_the_same_fact(db, tmp_path) -> None:
    _base(db, tmp_path)
    rows = city_rows("family")
    new = [rows[0], *[[*r[:7], "2024"] for r in rows[2:]]]  # 刘洋 once, as in each year
    summary = load(db, write_csv(tmp_path / "家庭成员2024.csv", new), snapshot_date=D2)
    (report,) = summary.snapshots
    assert (report.ended, report.appeared) == (0, 0)


def _companies(n: int) -> list[list]:
    header = city_rows("companies")[0]
    from dbload import uscc

    return [header, *[[uscc(f"91320100MA1X{i:05d}"), f"公司{i}"] + [""] * 10 for i in range(n)]]


def test_a_truncated_export_is_refused_unless_confirmed(db, tmp_path) -> None:
    load(db, write_csv(tmp_path / "企业登记.csv", _companies(30)), snapshot_date=D1)
    truncated = write_csv(tmp_path / "企业登记2.csv", _companies(30)[:12])  # 19 of 30 would end
    with pytest.raises(BadInput) as refused:
        load(db, truncated, snapshot_date=D2)
    assert "--allow-mass-end" in str(refused.value.problems[0])
    ended = "MATCH (c:Company) WHERE c.ended_on IS NOT NULL RETURN count(c) AS n"
    assert db.read(ended)[0]["n"] == 0, "all or nothing"
    assert db.read("MATCH (s:Source) RETURN count(s) AS n")[0]["n"] == 1
    summary = load(db, truncated, snapshot_date=D2, allow_mass_end=True)
    assert summary.snapshots[0].ended == 19
    assert db.read(ended)[0]["n"] == 19


def test_a_dry_run_says_what_a_snapshot_would_do_and_writes_nothing(db, tmp_path) -> None:
    _base(db, tmp_path)
    rows = _without("shareholders", lambda r: r[0] != C1)
    summary = load(db, write_csv(tmp_path / "股东2.csv", rows), dry_run=True)
    assert summary.snapshots[0].ended == 1
    assert all(r["ended_on"] is None for r in _holdings(db).values())


def test_a_first_export_is_shaped_once_and_counts_what_a_dry_run_plans(
    db, tmp_path, monkeypatch
) -> None:
    city = write_city(tmp_path / "city")
    planned = load(db, city, dry_run=True, snapshot_date=D1)  # compared before writing
    assert planned.snapshots and all(r.first for r in planned.snapshots)
    shaped: list[str] = []
    shape = pipeline.shape_records

    def counting(registry, records, options):
        shaped.append(registry)
        return shape(registry, records, options)

    monkeypatch.setattr(pipeline, "shape_records", counting)
    summary = load(db, city, snapshot_date=D1)  # facts taken while written
    assert {r.registry: r.appeared for r in summary.snapshots} == {
        r.registry: r.appeared for r in planned.snapshots
    }
    assert all(r.first and r.appeared for r in summary.snapshots)
    # no second pass over the files to plan the snapshots: each file shaped once
    assert Counter(shaped) == Counter(f.registry for f in summary.files)
    # a second export of one registry is compared before writing, as before
    rows = _without("shareholders", lambda r: r[0] != C1)
    again = load(db, write_csv(tmp_path / "股东2.csv", rows), snapshot_date=D2)
    assert (again.snapshots[0].ended, again.snapshots[0].first) == (1, False)


def test_ended_posts_are_not_held_after_the_snapshot_date(db, tmp_path) -> None:
    _base(db, tmp_path)
    rows = city_rows("posts")
    header, kept = rows[0], [r for r in rows[1:] if r[0] != "P05"]
    load(db, write_csv(tmp_path / "任职记录2.csv", [header, *kept]), snapshot_date=D2)
    held = db.read(
        "MATCH (:Person {pid: 'P05'})-[h:HOLDS_POST]->() "
        "RETURN h.end_date AS end, h.ended_on AS ended, h.end_date_by_snapshot AS marked"
    )
    assert held and all(r["ended"].to_native() == D2 for r in held)
    assert all(r["end"] is not None for r in held)


def test_cli_prints_the_change_report_and_writes_it_to_the_report_file(db, tmp_path) -> None:
    _base(db, tmp_path)
    path = write_csv(tmp_path / "股东2.csv", _without("shareholders", lambda r: r[0] != C1))
    report = tmp_path / "report.csv"
    result = CliRunner().invoke(
        cli,
        [
            "load",
            str(path),
            "--snapshot-date",
            "2024-01-01",
            "--report",
            str(report),
            "--no-progress",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "终止 1 (ended)" in result.output and "刘洋" in result.output
    with report.open(encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    assert any("ended" in " ".join(r) and "刘洋" in " ".join(r) for r in rows)
    shown = CliRunner().invoke(cli, ["changes", "股东"])
    assert shown.exit_code == 0, shown.output
    assert "刘洋" in shown.output and "终止" in shown.output
    listed = CliRunner().invoke(cli, ["changes", "shareholders", "--list"])
    assert listed.exit_code == 0 and "2024-01-01" in listed.output


def test_the_sample_ids_do_not_leak_into_the_change_report(db, tmp_path) -> None:
    _base(db, tmp_path)
    path = write_csv(tmp_path / "股东2.csv", _without("shareholders", lambda r: r[0] != C1))
    summary = load(db, path, snapshot_date=D2)
    text = " ".join(c.describe() for c in summary.snapshots[0].changes)
    assert ID_LIU not in text and C2 not in text


# --- the rules at dates before and after a snapshot -------------------------------------------


def _coi1_contracts(db, as_of: str) -> set[str]:
    from queries.runner import run_rule

    flags = run_rule(db, "COI-1", as_of)
    return {c for f in flags if f.subject_id == "P02" for c in f.evidence["contracts"]}


def test_a_holding_ended_by_a_snapshot_links_contracts_signed_before_it_only(db, tmp_path) -> None:
    """The issue's case: 刘洋 (P02's spouse) no longer holds C1 nor sits on its board as of
    2022-01-01. K1 (signed 2021-05-01, before) stays a conflict at every date; K9 (signed
    2022-06-01, after) is not one."""
    _base(db, tmp_path)
    rows = city_rows("contracts")
    rows.append(["K9", "U02", C1, "系统运维", "30万元", "2022-06-01", "单一来源", "服务"])
    load(db, write_csv(tmp_path / "合同2.csv", rows))
    companies = city_rows("companies")
    companies[1][2:4] = ["赵强", ""]  # a new legal representative for C1
    load(db, write_csv(tmp_path / "企业登记2.csv", companies), snapshot_date=dt.date(2022, 1, 1))
    assert _coi1_contracts(db, "2024-12-31") >= {"K1", "K9"}  # still held through 股东/高管
    for registry, keep in (
        ("shareholders", lambda r: r[0] != C1),
        ("officers", lambda r: r[0] != C1),
    ):
        path = write_csv(tmp_path / f"{registry}2.csv", _without(registry, keep))
        load(db, path, snapshot_date=dt.date(2022, 1, 1))
    for as_of in ("2021-12-31", "2022-06-30", "2024-12-31"):
        got = _coi1_contracts(db, as_of)
        assert "K1" in got, as_of
        assert "K9" not in got, as_of
    # the holding shows as ended, with its date
    ended = _holdings(db)[("刘洋", C1)]
    assert ended["end_date"].to_native() == dt.date(2022, 1, 1)


def _legal_reps(db) -> dict[str, dict]:
    rows = db.read(
        "MATCH (p:Person)-[r:LEGAL_REP_OF]->(:Company {uscc: $c}) "
        "RETURN p.name AS name, r.start_date AS start_date, r.end_date AS end_date, "
        "r.ended_on AS ended_on, r.ended_by AS ended_by, r.ended_periods AS periods, "
        "r.sources AS sources",
        {"c": C1},
    )
    names = [r["name"] for r in rows]
    assert len(names) == len(set(names)), f"one LEGAL_REP_OF per person: {names}"
    return {r["name"]: r for r in rows}


def _rep_only(db, tmp_path) -> None:
    """刘洋 links C1 to P02 through LEGAL_REP_OF only: her holding and board seat end (as of
    2021-01-01) before K1 is signed (2021-05-01); K9 (2022-06-01) and K10 (2024-01-01) follow."""
    _base(db, tmp_path)
    for registry in ("shareholders", "officers"):
        path = write_csv(tmp_path / f"{registry}2.csv", _without(registry, lambda r: r[0] != C1))
        load(db, path, snapshot_date=dt.date(2021, 1, 1))
    rows = city_rows("contracts")
    rows.append(["K9", "U02", C1, "系统运维", "30万元", "2022-06-01", "单一来源", "服务"])
    rows.append(["K10", "U02", C1, "系统升级", "40万元", "2024-01-01", "单一来源", "服务"])
    load(db, write_csv(tmp_path / "合同2.csv", rows))


def test_a_new_legal_representative_ends_the_former_one_on_the_snapshot_date(db, tmp_path) -> None:
    """C1's 法定代表人 changes from 刘洋 to 赵强 as of 2022-01-01: 刘洋's LEGAL_REP_OF is not
    deleted but ends that day (provenance kept), 赵强's starts that day; K1, signed before,
    still links 刘洋 (a conflict for her spouse P02), K9, signed after, does not."""
    _rep_only(db, tmp_path)
    first = _legal_reps(db)["刘洋"]
    assert first["start_date"] is None and first["end_date"] is None  # the first rep: undated
    companies = city_rows("companies")
    companies[1][2:4] = ["赵强", ""]
    summary = load(
        db, write_csv(tmp_path / "企业登记2.csv", companies), snapshot_date=dt.date(2022, 1, 1)
    )
    reps = _legal_reps(db)
    assert set(reps) == {"刘洋", "赵强"}, "the former representative stays, as history"
    old, new = reps["刘洋"], reps["赵强"]
    assert old["end_date"].to_native() == dt.date(2022, 1, 1)
    assert old["ended_on"].to_native() == dt.date(2022, 1, 1)
    assert old["ended_by"] == "companies-0002"  # the snapshot that changed it
    assert old["sources"] == first["sources"], "the provenance is kept"
    assert new["start_date"].to_native() == dt.date(2022, 1, 1)
    assert new["end_date"] is None and new["ended_on"] is None
    # the change report says who the representative was and is
    (report,) = summary.snapshots
    assert report.changed == 1
    (change,) = [c for c in report.changes if c.kind == "changed"]
    assert C1 in change.fact and change.fields["legal_rep"] == ["刘洋", "赵强"]
    for as_of in ("2021-12-31", "2022-06-30", "2024-12-31"):
        got = _coi1_contracts(db, as_of)
        assert "K1" in got, as_of
        assert "K9" not in got and "K10" not in got, as_of


def test_a_former_legal_representative_who_comes_back_starts_again_with_the_gap_kept(
    db, tmp_path
) -> None:
    """刘洋 is replaced by 赵强 as of 2022-01-01 and is C1's representative again as of
    2023-06-01: the same LEGAL_REP_OF starts again with the gap in ended_periods, 赵强's ends;
    K9, signed in the gap, links nothing, K1 before and K10 after do."""
    _rep_only(db, tmp_path)
    companies = city_rows("companies")
    companies[1][2:4] = ["赵强", ""]
    load(db, write_csv(tmp_path / "企业登记2.csv", companies), snapshot_date=dt.date(2022, 1, 1))
    back = write_csv(tmp_path / "企业登记3.csv", city_rows("companies"))
    load(db, back, snapshot_date=dt.date(2023, 6, 1))
    reps = _legal_reps(db)
    assert set(reps) == {"刘洋", "赵强"}
    liu, zhao = reps["刘洋"], reps["赵强"]
    assert liu["periods"] == ["2022-01-01/2023-06-01"]
    assert liu["end_date"] is None and liu["ended_on"] is None and liu["ended_by"] is None
    assert liu["start_date"] is None  # still the company's first representative
    assert zhao["start_date"].to_native() == dt.date(2022, 1, 1)
    assert zhao["end_date"].to_native() == dt.date(2023, 6, 1)
    got = _coi1_contracts(db, "2024-12-31")
    assert {"K1", "K10"} <= got and "K9" not in got, got


def test_a_legal_representative_changed_by_a_plain_load_ends_on_the_load_date(db, tmp_path) -> None:
    """Not a snapshot (--no-snapshot): the change is dated by the load itself."""
    _base(db, tmp_path)
    companies = city_rows("companies")
    companies[1][2:4] = ["赵强", ""]
    path = write_csv(tmp_path / "企业登记2.csv", companies)
    summary = load(db, path, snapshot=False)
    reps = _legal_reps(db)
    assert reps["刘洋"]["end_date"].to_native() == dt.date.today()
    assert reps["刘洋"]["ended_by"] == summary.files[0].source_id
    assert reps["赵强"]["start_date"].to_native() == dt.date.today()


def test_a_holding_that_came_back_links_nothing_signed_in_its_gap(db, tmp_path) -> None:
    """刘洋's holding and board seat in C1 end with the 2024 export and come back with the
    2025 one: K9, signed in between, is no conflict; K1 before and K10 after are."""
    _base(db, tmp_path)
    companies = city_rows("companies")
    companies[1][2:4] = ["赵强", ""]  # C1's legal representative is someone else throughout
    load(db, write_csv(tmp_path / "企业登记2.csv", companies), snapshot_date=D1)
    rows = city_rows("contracts")
    rows.append(["K9", "U02", C1, "系统运维", "30万元", "2024-06-01", "单一来源", "服务"])
    rows.append(["K10", "U02", C1, "系统升级", "40万元", "2025-06-01", "单一来源", "服务"])
    load(db, write_csv(tmp_path / "合同2.csv", rows))
    for registry in ("shareholders", "officers"):
        gone = write_csv(tmp_path / f"{registry}2.csv", _without(registry, lambda r: r[0] != C1))
        load(db, gone, snapshot_date=D2)
        back = write_csv(tmp_path / f"{registry}3.csv", city_rows(registry))
        load(db, back, snapshot_date=dt.date(2025, 1, 1))
    assert _holdings(db)[("刘洋", C1)]["periods"] == ["2024-01-01/2025-01-01"]
    got = _coi1_contracts(db, "2025-12-31")
    assert {"K1", "K10"} <= got and "K9" not in got, got


def test_a_relative_no_longer_reported_counts_until_the_report_that_dropped_him(
    db, tmp_path
) -> None:
    _base(db, tmp_path)
    rows = city_rows("family")
    # P02 reports again, without his spouse 刘洋
    new = [rows[0], ["P02", "", "刘小明", "儿子", "", "", "", "2024"]]
    load(db, write_csv(tmp_path / "家庭成员2024.csv", new), snapshot_date=dt.date(2024, 1, 1))
    assert "K1" in _coi1_contracts(db, "2023-12-31")
    assert "K1" not in _coi1_contracts(db, "2024-01-02")


def test_distinct_keys_counts_exactly_what_a_set_of_the_keys_would() -> None:
    """A first export's facts are counted in 16 bytes a key (loaders/snapshot.py DistinctKeys):
    the count equals a set's over keys stated twice, keys alike in their first 64 bits, keys of
    another form, and batches of every size."""
    import random
    import secrets

    rng = random.Random(5)
    keys = [secrets.token_hex(12) for _ in range(3000)]
    keys += rng.sample(keys, 400)  # facts stated twice
    twins = [k[:16] + secrets.token_hex(4) for k in rng.sample(keys, 50)]  # same first 64 bits
    keys += twins + twins[:10]
    keys += ["NOT-HEX", "ABCDEF0123456789ABCDEF01", "1_23456789abcdef01234567", "NOT-HEX"]
    rng.shuffle(keys)
    for batch in (1, 7, 1000, 65_536):
        counter = snapshots.DistinctKeys()
        counter.BATCH = batch
        for key in keys:
            counter.add(key)
        assert len(counter) == len(set(keys)), batch
    assert len(snapshots.DistinctKeys()) == 0
    only = snapshots.DistinctKeys()
    only.add("a" * 24)
    only.add("a" * 24)
    assert len(only) == 1
