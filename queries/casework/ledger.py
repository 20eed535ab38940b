"""The case ledger in Neo4j: runs recorded, cases kept across runs, changes checked.

Nodes (docs/cases.md): `:RuleRun` (one run of the rules), `:Case` (one finding, kept forever),
`:CaseEvent` (its history), `:CaseNote` (append-only notes); `(:RuleRun)-[:SAW {state}]->(:Case)`,
`(:Case)-[:SUPERSEDES]->(:Case)`, `(:Case)-[:HAS_EVENT]->`, `(:Case)-[:HAS_NOTE]->`. None of
them is linked to registry nodes, so reloading registries never touches case data.

The actor (who ran, who changed) is passed in by the caller (the CLI or the app, from
app.audit.current_user()); this module does not know about users or the audit log.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graph.cypherfiles import front_matter, read_cypher
from graph.db import Database, to_native
from graph.driver import neo4j
from graph.errors import BadInput, UsageError
from queries.casework.model import (
    STATUSES,
    CaseConflict,
    CaseNotFound,
    Change,
    Existing,
    check_change,
    finding,
    plan_run,
    rule_version,
)

MAX_LIST = 100_000


# ---------------------------------------------------------------- cypher files


@dataclass(frozen=True)
class Query:
    name: str
    mode: str  # read | write | schema
    description: str
    text: str


@functools.cache
def query(name: str) -> Query:
    """A .cypher file of this folder: YAML front matter (name, mode, description), then the
    Cypher."""
    meta, body = front_matter(read_cypher(f"queries/casework/{name}"), f"{name}.cypher")
    if meta.get("name") != name or meta.get("mode") not in ("read", "write", "schema"):
        raise RuntimeError(f"queries/casework/{name}.cypher: header needs name: {name} and mode")
    return Query(name, meta["mode"], str(meta.get("description") or ""), body.strip())


_schema_done: set[str] = set()


def ensure_schema(db: Database) -> None:
    """The ledger's constraints and indexes (idempotent, once per process and server)."""
    if db.settings.uri in _schema_done:
        return
    for statement in query("schema").text.splitlines():
        if statement.strip():
            db.run_autocommit(statement)
    _schema_done.add(db.settings.uri)


# ---------------------------------------------------------------- values


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def plain(value: Any) -> Any:
    """Driver values as JSON-friendly Python: temporal types as ISO text."""
    value = to_native(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _loads(text: str | None, default: Any) -> Any:
    if not text:
        return default
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return default


# ---------------------------------------------------------------- runs


@dataclass
class RunResult:
    run_id: str
    seq: int
    counts: dict[str, int]


def record_run(
    db: Database,
    flags: list[Any],
    actor: str,
    as_of: dt.date,
    params: dict[str, Any] | None = None,
    via: str = "cli",
    rules: list[str] | None = None,
) -> RunResult:
    """Record one run of the rules and bring the cases up to date, in one transaction.

    `flags` are runner.Flag objects (or their `to_dict()`); `rules` are the rules that ran
    (default: every rule of the catalogue), so that a case of a rule that did not run is not
    marked gone."""
    from queries.catalogue import CATALOGUE

    ensure_schema(db)
    rules = list(rules) if rules is not None else list(CATALOGUE)
    dicts = [f.to_dict() if hasattr(f, "to_dict") else dict(f) for f in flags]
    findings = [finding(d, as_of) for d in dicts]
    at = _now()
    versions = {rule_id: rule_version(rule_id) for rule_id in rules}
    rule_counts = {rule_id: 0 for rule_id in rules}
    for item in findings:
        rule_counts[item.rule] = rule_counts.get(item.rule, 0) + 1

    def work(tx: neo4j.ManagedTransaction) -> RunResult:
        # MERGE returns exactly one row; strict says so to the type checker too
        seq = tx.run(query("lock_ledger").text).single(strict=True)["seq"]
        run_id = f"R{seq:04d}"
        rows = tx.run(
            query("existing_cases").text,
            ids=[f.case_id for f in findings],
            lineages=sorted({f.lineage for f in findings}),
        ).data()
        existing = [
            Existing(
                case_id=r["case_id"],
                lineage=r["lineage"],
                run_state=r["run_state"],
                last_seq=r["last_seq"] or 0,
                facts=_loads(r["facts_json"], {}),
                assignee=r["assignee"],
                status=r["status"] or "new",
            )
            for r in rows
            # A rule that did not run this time says nothing about its cases.
            if r["case_id"].rsplit("-", 1)[0] in rules
        ]
        plan = plan_run(findings, existing)
        common = {"run_id": run_id, "at": at, "actor": actor, "seq": seq, "as_of": as_of}
        tx.run(
            query("create_run").text,
            run_id=run_id,
            seq=seq,
            at=at,
            actor=actor,
            via=via,
            as_of=as_of,
            params_json=_dumps(params or {}),
            rule_versions_json=_dumps(versions),
            rules=rules,
        ).consume()
        created = [_new_case(r, run_id, seq, at, as_of, versions) for r in plan.created]
        by_id = {f.case_id: f for f in findings}
        seen = [
            {
                "case_id": r["case_id"],
                "state": r["state"],
                "summary": by_id[r["case_id"]].flag.get("summary"),
                "summary_en": by_id[r["case_id"]].flag.get("summary_en"),
                "severity": by_id[r["case_id"]].flag.get("severity"),
                "subject_name": by_id[r["case_id"]].flag.get("subject_name"),
                "evidence_json": _dumps(by_id[r["case_id"]].flag.get("evidence") or {}),
            }
            for r in plan.seen
        ]
        gone = [
            {
                "case_id": g["case_id"],
                "superseded_by": g["superseded_by"],
                "event_json": _dumps({"superseded_by": g["superseded_by"]}),
            }
            for g in plan.gone
        ]
        for name, batch_rows in (("create_cases", created), ("update_seen", seen)):
            for start in range(0, len(batch_rows), 5000):
                tx.run(query(name).text, rows=batch_rows[start : start + 5000], **common).consume()
        for start in range(0, len(gone), 5000):
            tx.run(query("mark_gone").text, rows=gone[start : start + 5000], **common).consume()
        tx.run(
            query("finish_run").text,
            run_id=run_id,
            counts_json=_dumps(plan.counts),
            rule_counts_json=_dumps(rule_counts),
            total=plan.counts["total"],
            new=plan.counts["new"],
            unchanged=plan.counts["unchanged"],
            changed=plan.counts["changed"],
            gone=plan.counts["gone"],
        ).consume()
        return RunResult(run_id=run_id, seq=seq, counts=plan.counts)

    return db.write_tx(work)


def _new_case(
    record: dict[str, Any],
    run_id: str,
    seq: int,
    at: dt.datetime,
    as_of: dt.date,
    versions: dict[str, str],
) -> dict[str, Any]:
    item = record["finding"]
    flag = item.flag
    props = {
        "case_id": item.case_id,
        "lineage": item.lineage,
        "rule": flag["rule"],
        "title": flag.get("title") or "",
        "severity": flag.get("severity"),
        "subject_kind": flag.get("subject_kind"),
        "subject_id": str(flag["subject_id"]),
        "subject_name": flag.get("subject_name") or "",
        "summary": flag.get("summary") or "",
        "summary_en": flag.get("summary_en") or "",
        "match": flag.get("match"),
        "evidence_json": _dumps(flag.get("evidence") or {}),
        "facts_json": _dumps(item.facts),
        "status": "new",
        "assignee": record.get("assignee"),
        "version": 1,
        "first_seen": at,
        "last_seen": at,
        "first_run": run_id,
        "last_run": run_id,
        "first_seq": seq,
        "last_seq": seq,
        "run_state": record["state"],
        "previous_case_id": record.get("previous_case_id"),
        "changes_json": _dumps(record.get("changes") or {}),
        "as_of": as_of,
        "rule_version": versions.get(flag["rule"], ""),
        "created_at": at,
    }
    event = {
        "state": record["state"],
        "previous_case_id": record.get("previous_case_id"),
        "previous_status": record.get("previous_status"),
        "changes": record.get("changes") or {},
    }
    return {"props": props, "event_json": _dumps(event)}


def list_runs(db: Database, limit: int = 1000) -> list[dict[str, Any]]:
    """The recorded runs, newest first, as plain dicts."""
    out = []
    for row in db.read(query("runs_list").text, {"limit": limit}):
        r = plain(row["r"])
        r["params"] = _loads(r.pop("params_json", None), {})
        r["rule_versions"] = _loads(r.pop("rule_versions_json", None), {})
        r["counts"] = _loads(r.pop("counts_json", None), {})
        r["rule_counts"] = _loads(r.pop("rule_counts_json", None), {})
        out.append(r)
    return out


def resolve_run(runs: list[dict[str, Any]], ref: str) -> dict[str, Any]:
    """A run by id (`R0003`) or by number (`3`); runs as from list_runs."""
    text = str(ref).strip().upper()
    for r in runs:
        if r["run_id"] == text or (text.isdigit() and r["seq"] == int(text)):
            return r
    known = ", ".join(r["run_id"] for r in runs[:10]) or "无 (none yet: run `oversight flags`)"
    raise BadInput(f"没有运行记录 {ref!r} (no such run); 最近的: {known}")


def diff_runs(db: Database, a: str | None = None, b: str | None = None) -> dict[str, Any]:
    """What changed from run A to run B (default: the last two runs): cases new in B, cases
    changed (a case of B replacing one of A), cases of A that B no longer found."""
    runs = list_runs(db)
    run_a: dict[str, Any] | None
    if b is None and a is None:
        if len(runs) < 2:
            raise BadInput("至少需要两次运行才能比较 (a diff needs two recorded runs)")
        run_b, run_a = runs[0], runs[1]
    else:
        run_a = resolve_run(runs, a) if a else None
        run_b = resolve_run(runs, b) if b else runs[0]
        if run_a is None:
            earlier = [r for r in runs if r["seq"] < run_b["seq"]]
            if not earlier:
                raise BadInput(f"{run_b['run_id']} 之前没有运行 (no run before it)")
            run_a = earlier[0]
    saw_a = {r["case_id"]: r for r in db.read(query("run_saw").text, {"run_id": run_a["run_id"]})}
    saw_b = {r["case_id"]: r for r in db.read(query("run_saw").text, {"run_id": run_b["run_id"]})}
    new, changed = [], []
    for case_id, row in saw_b.items():
        if case_id in saw_a:
            continue
        item = {k: row[k] for k in ("case_id", "rule", "subject_id", "subject_name", "summary")}
        item["status"] = row["status"]
        if row["previous_case_id"] and row["previous_case_id"] in saw_a:
            item["previous_case_id"] = row["previous_case_id"]
            item["previous_status"] = saw_a[row["previous_case_id"]]["status"]
            item["changes"] = _loads(row["changes_json"], {})
            changed.append(item)
        else:
            new.append(item)
    replaced = {c["previous_case_id"] for c in changed}
    gone = [
        {k: row[k] for k in ("case_id", "rule", "subject_id", "subject_name", "summary", "status")}
        for case_id, row in saw_a.items()
        if case_id not in saw_b and case_id not in replaced
    ]
    unchanged = sum(1 for case_id in saw_b if case_id in saw_a)
    return {
        "from": run_a["run_id"],
        "to": run_b["run_id"],
        "new": sorted(new, key=lambda x: x["case_id"]),
        "changed": sorted(changed, key=lambda x: x["case_id"]),
        "gone": sorted(gone, key=lambda x: x["case_id"]),
        "unchanged": unchanged,
    }


# ---------------------------------------------------------------- cases


def _case(row: dict[str, Any]) -> dict[str, Any]:
    c: dict[str, Any] = plain(row["c"])
    c.pop("_lock", None)
    c["evidence"] = _loads(c.pop("evidence_json", None), {})
    c["facts"] = _loads(c.pop("facts_json", None), {})
    c["changes"] = _loads(c.pop("changes_json", None), {})
    c["notes"] = plain(row.get("notes") or [])
    for key in ("assignee", "due", "reason", "reason_text", "referred_to", "previous_case_id"):
        c.setdefault(key, None)
    c["superseded_by"] = c.get("superseded_by")
    c["status_zh"] = STATUSES.get(c.get("status") or "", {}).get("zh", c.get("status"))
    return c


def list_cases(
    db: Database,
    status: str | None = None,
    assignee: str | None = None,
    rule: str | None = None,
    since: str | None = None,
    run_state: str | None = None,
    include_gone: bool = True,
    subject_id: str | None = None,
    ids: list[str] | None = None,
    limit: int = MAX_LIST,
) -> list[dict[str, Any]]:
    """Cases as plain dicts (the JSON contract of `cases list`), newest first."""
    if status is not None and status not in STATUSES:
        raise UsageError(f"状态 {status!r} 无效，应为 {', '.join(STATUSES)} (unknown status)")
    since_seq = None
    if since:
        since_seq = resolve_run(list_runs(db), since)["seq"]
    # Values only (maps, lists, temporals): skip the driver's recursive conversion of rows.
    rows = db.read_values(
        query("list_cases").text,
        {
            "status": status,
            "assignee": assignee,
            "rule": rule.upper() if rule else None,
            "run_state": run_state,
            "include_gone": include_gone,
            "since_seq": since_seq,
            "subject_id": subject_id,
            "ids": ids,
            "limit": limit,
        },
    )
    return [_case(r) for r in rows]


def get_case(db: Database, case_id: str, history: bool = True) -> dict[str, Any]:
    """One case with its notes, and (history) its events and the runs that saw it."""
    found = list_cases(db, ids=[case_id.strip()], limit=1)
    if not found:
        raise CaseNotFound(f"没有线索 {case_id!r} (no such case)")
    case = found[0]
    if history:
        rows = db.read(query("case_history").text, {"case_id": case["case_id"]})
        events = plain(rows[0]["events"]) if rows else []
        for e in events:
            e["detail"] = _loads(e.pop("detail_json", None), {})
        case["events"] = events
        case["runs"] = plain(rows[0]["runs"]) if rows else []
    return case


def set_case(
    db: Database, case_id: str, expected_version: int, change: Change, actor: str
) -> dict[str, Any]:
    """Apply `change` to a case if its version is still `expected_version` (the version the
    user saw); else CaseConflict, and nothing is written. Returns the case as it is now."""
    ensure_schema(db)
    at = _now()

    def work(tx: neo4j.ManagedTransaction) -> None:
        row = tx.run(query("lock_case").text, case_id=case_id).single()
        if row is None:
            raise CaseNotFound(f"没有线索 {case_id!r} (no such case)")
        if row["version"] != expected_version:
            who = row["updated_by"] or "?"
            when = plain(row["updated_at"]) or "?"
            raise CaseConflict(
                f"线索 {case_id} 已被他人修改（您看到的是第 {expected_version} 版，现在是第 "
                f"{row['version']} 版，{who} 于 {when}），请重新打开后再改 "
                "(case changed under you: reload and try again)"
            )
        current = row["status"] or "new"
        problems = check_change(current, change)
        if problems:
            raise BadInput(f"不能修改线索 {case_id} (cannot change the case)", problems)
        props, events = _changes(row, current, change)
        notes = [change.note.strip()] if change.note and change.note.strip() else []
        if notes:
            events.append({"kind": "note", "detail_json": _dumps({"length": len(notes[0])})})
        if not events:
            raise BadInput(f"没有要修改的内容 (nothing to change) {case_id}")
        tx.run(
            query("update_case").text,
            case_id=case_id,
            props=props,
            events=events,
            notes=notes,
            note_id=uuid.uuid4().hex,
            at=at,
            actor=actor,
        ).consume()

    db.write_tx(work)
    return get_case(db, case_id)


def _changes(
    row: Mapping[str, Any], current: str, change: Change
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    props: dict[str, Any] = {}
    events: list[dict[str, Any]] = []
    if change.status is not None and change.status != current:
        props["status"] = change.status
        detail: dict[str, Any] = {"from": current, "to": change.status}
        # A reason belongs to the dismissal it explains; leaving dismissed clears it.
        props["reason"] = change.reason if change.status == "dismissed" else None
        props["reason_text"] = (
            (change.reason_text or "").strip() or None if change.status == "dismissed" else None
        )
        if change.status == "referred":
            props["referred_to"] = (change.referred_to or "").strip()
        if change.status == "dismissed":
            detail.update(reason=change.reason, reason_text=props["reason_text"])
        if change.status == "referred":
            detail["referred_to"] = props["referred_to"]
        events.append({"kind": "status", "detail_json": _dumps(detail)})
    if change.assignee is not None:
        new = change.assignee.strip() or None
        if new != row["assignee"]:
            props["assignee"] = new
            events.append(
                {"kind": "assign", "detail_json": _dumps({"from": row["assignee"], "to": new})}
            )
    if change.due is not None or change.clear_due:
        old = plain(row["due"])
        new_due = None if change.clear_due else change.due
        if (new_due.isoformat() if new_due else None) != old:
            props["due"] = new_due
            events.append(
                {
                    "kind": "due",
                    "detail_json": _dumps(
                        {"from": old, "to": new_due.isoformat() if new_due else None}
                    ),
                }
            )
    return props, events


def case_counts_by_status(db: Database) -> dict[str, dict[str, int]]:
    """For the overview: {status: {"active": n, "gone": m}} for every status (zeros too).
    `active` counts cases the latest run still found; `gone` those it no longer found."""
    out = {status: {"active": 0, "gone": 0} for status in STATUSES}
    for row in db.read(query("case_counts").text):
        out.setdefault(row["status"], {"active": 0, "gone": 0})
        out[row["status"]] = {"active": row["active"], "gone": row["gone"]}
    return out


def cases_for_person(db: Database, person_id: str) -> list[dict[str, Any]]:
    """For a leader's dossier: every case whose subject is this person (pid), newest first,
    with status, run state and notes (the dicts of `cases list --format json`)."""
    return list_cases(db, subject_id=str(person_id))
