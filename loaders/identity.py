"""The identity step: the one place that decides who is the same person (docs/model.md,
"Person identity").

What it decides, and nothing else in the code decides it again:

- **Which node a row's person is.** The pure rules below: a cadre is their 人员编号; a person
  known by a 身份证号 only gets a random surrogate pid (`new_surrogate`, one per number and
  load); a relative reported without a number is local to the report (`relative_pid`), a
  company-side person without a number local to the company (`company_person_pid`): a name
  alone is not an identity. The shaper (loaders/shape.py) calls these; the registries' Cypher
  include `hash_owner` (loaders/cypher/identity.cypher) so that a number already in the graph
  names the node it names, picked in `canonical_key` order; the bulk loader
  (loaders/bulk_graph.py) sorts by `canonical_key` too.
- **`SAME_AS {match: 'id'}`** (`link_same_persons`), run after every load over the whole graph,
  so the order files are loaded in does not matter: persons sharing a 身份证号 hash point at
  one canonical node (the `people` record when there is one, else the smallest pid), every
  group a star. Queries follow SAME_AS only (queries/shared/identity.cypher, two hops), never
  join on id_hash: two nodes are the same person for the rules exactly when this step said so.
- **`POSSIBLE_MATCH {match: 'name', confidence, status}`**: from a cadre or relative to a
  company-side person (shareholder, legal representative, officer) of exactly the same name
  when one of them has no 身份证号. Never merged silently: an investigator confirms or
  rejects it (`oversight matches`), and that decision survives every reload. Two persons
  with different 身份证号 are never matched.
- Complaints that name their subject without a 被反映人编号 are linked `ABOUT {match: 'name',
  confidence}` to the people of that name, preferring those in post at the complaint's unit.
- 涉及企业 given by name are linked `NAMES_COMPANY {match: 'name'}` to companies of that name.

Pid rules and scoring are pure (`new_surrogate`, `relative_pid`, `company_person_pid`,
`canonical_key`, `name_confidence`, `subject_confidences`) and tested on their own.
"""

from __future__ import annotations

import getpass
import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from graph.db import Database
from graph.errors import UsageError
from loaders.write import steps_for

STATUSES = ("pending", "confirmed", "rejected")
# A same-name candidate is a lead, not an identity: even a unique name stays well below 1.
NAME_MATCH_BASE = 0.6
# Two-character names (one-character given name) are the most often shared.
SHORT_NAME_FACTOR = 0.75
SUBJECT_AT_UNIT = 0.9
SUBJECT_NAME_ONLY = 0.5
WRITE_BATCH = 5000
# Subjects whose RELATIVE_HOLDER links one transaction writes, and links one deletes: a
# province has ~10^5 of each; a batch stays a few MB of transaction state.
DERIVE_BATCH = 2000
CLEAR_BATCH = 20000


@dataclass
class IdentitySummary:
    same_as: int = 0
    possible_matches: int = 0
    complaint_subjects: int = 0
    company_names: int = 0
    relative_holders: int = 0
    near_suppliers: int = 0


SURROGATE_PREFIX = "ID:"


def new_surrogate() -> str:
    """A person id for someone known by a 身份证号 only: random, so that nothing outside the
    database (pid, exports, flags' evidence) can be turned back into the number."""
    return SURROGATE_PREFIX + secrets.token_hex(10)


def relative_pid(person_id: str, name: str, relation: str) -> str:
    """A relative reported without 亲属编号 or 身份证号: one node per report line (cadre, name,
    称谓); a name alone does not make two reports' relatives one person."""
    return f"REL:{person_id}:{name}:{relation}"


def company_person_pid(uscc: str, name: str) -> str:
    """A company-side person without a 身份证号: local to the company (name is no identity)."""
    return f"NAME:{uscc}:{name}"


def canonical_key(person_id: str | None, pid: str) -> tuple[bool, str]:
    """Sort key of the nodes sharing a 身份证号: the first is the canonical one (the `people`
    record, else the smallest pid). The Cypher of `same_as` and `hash_owner` orders the same."""
    return (person_id is None, pid)


def _step(name: str) -> str:
    return {s.name: s.query for s in steps_for("identity")}[name]


def match_id(from_pid: str, to_pid: str) -> str:
    """A short stable id for a possible match (what `oversight matches confirm ID` takes)."""
    return hashlib.sha1(f"{from_pid}\x1f{to_pid}".encode()).hexdigest()[:10]


def name_confidence(name: str, rivals: int) -> float:
    """Confidence of a same-name match: shared by `rivals` cadres/relatives, lower for short
    names. 0.6 for a unique name of three characters or more."""
    score = NAME_MATCH_BASE / max(1, rivals)
    if len(name) <= 2:
        score *= SHORT_NAME_FACTOR
    return round(score, 3)


def subject_confidences(has_unit: bool, candidates: Sequence[dict[str, Any]]) -> dict[str, float]:
    """pid -> confidence for a complaint's subject named without an id.

    People of that name in post (ever) at the complaint's unit or below it are the likely
    subject (0.9 shared among them); without such a person, every namesake is a weak lead
    (0.5 shared among them), and none when the name is too common (more than 5)."""
    people = [c for c in candidates if c and c.get("pid")]
    at_unit = [c["pid"] for c in people if c.get("at_unit")] if has_unit else []
    if at_unit:
        return {pid: round(SUBJECT_AT_UNIT / len(at_unit), 3) for pid in sorted(set(at_unit))}
    pids = sorted({c["pid"] for c in people})
    if not pids or len(pids) > 5:
        return {}
    return {pid: round(SUBJECT_NAME_ONLY / len(pids), 3) for pid in pids}


def _write_batches(db: Database, query: str, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), WRITE_BATCH):
        db.write(query, {"rows": rows[start : start + WRITE_BATCH]})


def link_same_persons(db: Database) -> int:
    """SAME_AS: every node of one 身份证号 hash to its canonical node, stale links removed;
    returns how many SAME_AS exist now."""
    db.write(_step("same_as_stale"))
    return sum(r["linked"] for r in db.write(_step("same_as")))


def resolve(db: Database) -> IdentitySummary:
    """Run the whole identity step; returns how many links of each kind exist now."""
    summary = IdentitySummary()
    summary.same_as = link_same_persons(db)

    candidates = db.read(_step("name_candidates"))
    rows = [
        {
            "from_pid": c["from_pid"],
            "to_pid": c["to_pid"],
            "match_id": match_id(c["from_pid"], c["to_pid"]),
            "confidence": name_confidence(c["name"], c["rivals"]),
        }
        for c in candidates
    ]
    _write_batches(db, _step("possible_match"), rows)
    db.write(_step("possible_match_stale"))
    summary.possible_matches = len(rows)

    subjects = []
    for c in db.read(_step("subject_candidates")):
        scores = subject_confidences(c["has_unit"], c["candidates"])
        subjects.append(
            {
                "complaint_id": c["complaint_id"],
                "matches": [{"pid": p, "confidence": s} for p, s in scores.items()],
            }
        )
    _write_batches(db, _step("subject_about"), subjects)
    summary.complaint_subjects = sum(1 for s in subjects if s["matches"])
    summary.company_names = sum(r["linked"] for r in db.write(_step("company_names")))
    derived = derive(db)
    summary.relative_holders = derived["relative_holders"]
    summary.near_suppliers = derived["near_suppliers"]
    return summary


def derive(db: Database, pids: Sequence[str] | None = None) -> dict[str, int]:
    """Write the derived links the company rules read (loaders/cypher/identity.cypher,
    "derived links"): every person's RELATIVE_HOLDER links and every company's
    `supplier_hops`. `pids`: only the links that the possible matches of these persons change
    (after an investigator's decision); None: the whole graph, after a load."""
    if pids is None:
        while db.write(_step("relative_holders_clear"), {"limit": CLEAR_BATCH})[0]["removed"]:
            pass
        rows = db.read(_step("relative_holder_subjects_all"))
    else:
        rows = db.read(_step("relative_holder_subjects_of"), {"pids": list(pids)})
    subjects = [r["subject"] for r in rows]
    written = 0
    for start in range(0, len(subjects), DERIVE_BATCH):
        batch = subjects[start : start + DERIVE_BATCH]
        written += db.write(_step("relative_holders"), {"subjects": batch})[0]["written"]
    near = _supplier_hops(db) if pids is None else 0
    return {"relative_holders": written, "near_suppliers": near}


def _supplier_hops(db: Database) -> int:
    """Write each company's `supplier_hops` where it changed and remove it where it no longer
    holds; returns how many companies have one. Outside a transaction (`IN TRANSACTIONS`):
    a first load sets ~10^5 of them, more than one transaction holds."""
    db.run_autocommit(_step("supplier_hops"), {"batch": WRITE_BATCH})
    return int(db.read(_step("supplier_hops_count"))[0]["near"])


def upgrade(db: Database) -> dict[str, int]:
    """Bring a graph loaded by an earlier version up to docs/security.md: masks keep the
    region only, birth dates keep year and month, and persons whose pid was derived from
    their number (`ID:<hmac>`) get a random surrogate (their possible matches' ids, derived
    from the pids, are computed again). Idempotent; cheap on a graph already upgraded."""
    done = {
        "masks": sum(r["changed"] for r in db.write(_step("upgrade_masks"))),
        "birth_dates": sum(r["changed"] for r in db.write(_step("upgrade_birth"))),
    }
    old = [r["pid"] for r in db.read(_step("hashed_pids"))]
    renamed = {pid: new_surrogate() for pid in old}
    if renamed:
        matches = db.read(_step("matches_of"), {"pids": old})
        _write_batches(db, _step("rename_pids"), [{"old": o, "new": n} for o, n in renamed.items()])
        rows = []
        for m in matches:
            a, b = renamed.get(m["from_pid"], m["from_pid"]), renamed.get(m["to_pid"], m["to_pid"])
            rows.append({"from_pid": a, "to_pid": b, "match_id": match_id(a, b)})
        _write_batches(db, _step("rematch_ids"), rows)
    done["pids"] = len(renamed)
    return done


def list_matches(db: Database, status: str | None = None, limit: int = 1000) -> list[dict]:
    """Possible matches (all, or of one status), most confident first."""
    if status is not None and status not in STATUSES:
        raise UsageError(f"状态应为 {'/'.join(STATUSES)} (status must be one of {STATUSES})")
    return db.read(_step("list_matches"), {"status": status, "limit": limit})


def decide(db: Database, match: str, status: str, by: str | None = None) -> dict[str, Any]:
    """Record an investigator's decision on a possible match (kept across reloads)."""
    if status not in STATUSES:
        raise UsageError(f"状态应为 {'/'.join(STATUSES)} (status must be one of {STATUSES})")
    rows = db.write(
        _step("decide_match"), {"match_id": match, "status": status, "by": by or _user()}
    )
    if not rows:
        raise UsageError(f"没有编号为 {match} 的疑似匹配 (no possible match with id {match})")
    decided = rows[0]
    # a name match counts for the company rules until it is rejected: their links follow
    derive(db, [decided["from_pid"], decided["to_pid"]])
    return {"match_id": decided["match_id"], "status": decided["status"]}


def confirm(db: Database, match: str, by: str | None = None) -> dict[str, Any]:
    return decide(db, match, "confirmed", by)


def reject(db: Database, match: str, by: str | None = None) -> dict[str, Any]:
    return decide(db, match, "rejected", by)


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
