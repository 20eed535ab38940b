"""The case model, pure: statuses and transitions, stable ids, and what a new run changes.

Everything here is computed from data (model.yaml and the runner's flags); no database I/O,
so the rules of the workflow are tested without a server. `ledger.py` does the writing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from graph.errors import BadInput, OversightError
from queries.catalogue import CATALOGUE, EVIDENCE_KEYS

HERE = Path(__file__).resolve().parent
MODEL = yaml.safe_load((HERE / "model.yaml").read_text(encoding="utf-8"))

STATUSES: dict[str, dict[str, str]] = MODEL["statuses"]
TRANSITIONS: dict[str, list[str]] = MODEL["transitions"]
REASONS: dict[str, dict[str, str]] = MODEL["reasons"]
REFERRAL_TARGETS: list[str] = MODEL["referral_targets"]
RUN_STATES: dict[str, dict[str, str]] = MODEL["run_states"]
AS_OF_YEAR = "@as_of_year"


@dataclass(frozen=True)
class KeyFacts:
    anchor: tuple[str, ...]
    facts: tuple[str, ...]


def _check_model() -> dict[str, KeyFacts]:
    """The declarations agree with each other and with the catalogue (a programming error
    otherwise, raised at import)."""
    for source, targets in TRANSITIONS.items():
        if source not in STATUSES or any(t not in STATUSES for t in targets):
            raise RuntimeError(f"model.yaml: transition {source} -> {targets}: unknown status")
    if "new" not in STATUSES or "dismissed" not in STATUSES:
        raise RuntimeError("model.yaml: statuses must include new and dismissed")
    table: dict[str, KeyFacts] = {}
    for rule_id, entry in (MODEL.get("key_facts") or {}).items():
        keys = [*entry.get("anchor", []), *entry.get("facts", [])]
        unknown = [k for k in keys if k != AS_OF_YEAR and k not in EVIDENCE_KEYS]
        if unknown:
            raise RuntimeError(f"model.yaml: key_facts.{rule_id}: unknown evidence keys {unknown}")
        table[rule_id] = KeyFacts(tuple(entry.get("anchor", [])), tuple(entry.get("facts", [])))
    return table


KEY_FACTS = _check_model()


def key_facts(rule_id: str) -> KeyFacts:
    """A rule's declared key facts; a rule not declared counts every evidence key."""
    return KEY_FACTS.get(rule_id) or KeyFacts((), tuple(EVIDENCE_KEYS))


class CaseConflict(OversightError):
    """The case changed between reading and writing (optimistic version check)."""

    exit_code = 2


class CaseNotFound(OversightError):
    exit_code = 2


# ---------------------------------------------------------------- stable ids


def _pick(
    keys: tuple[str, ...], evidence: dict[str, list[str]], as_of: dt.date | None
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in keys:
        if key == AS_OF_YEAR:
            out[key] = as_of.year if as_of else None
        else:
            out[key] = sorted({str(v) for v in evidence.get(key) or []})
    return out


def _digest(payload: Any) -> str:
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class Finding:
    """One flag of a run, with its stable case id and its lineage (the anchor's hash)."""

    case_id: str
    lineage: str
    facts: dict[str, Any]
    flag: dict[str, Any]

    @property
    def rule(self) -> str:
        return str(self.flag["rule"])


def finding(flag: dict[str, Any], as_of: dt.date | None = None) -> Finding:
    """The stable identity of a flag (its `to_dict()`): `RULE-xxxxxxxxxx`, a hash of rule,
    subject, the anchor and the key facts of its evidence (model.yaml)."""
    rule = str(flag["rule"])
    evidence = flag.get("evidence") or {}
    if as_of is None and flag.get("as_of"):
        as_of = dt.date.fromisoformat(str(flag["as_of"]))
    declared = key_facts(rule)
    subject = [rule, flag.get("subject_kind"), str(flag["subject_id"])]
    anchor = _pick(declared.anchor, evidence, as_of)
    facts = _pick(declared.facts, evidence, as_of)
    lineage = _digest([*subject, anchor])
    case_id = f"{rule}-{_digest([*subject, anchor, facts])[:10]}"
    return Finding(case_id=case_id, lineage=lineage, facts=facts, flag=flag)


def rule_version(rule_id: str) -> str:
    """A rule's version: the hash of its Cypher as run (its .cypher with the shared fragments
    composed in), so that a change to a fragment is a new version too."""
    rule = CATALOGUE.get(rule_id)
    text = rule.cypher if rule else ""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def fact_changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, dict[str, list[Any]]]:
    """What changed in the key facts: {key: {added: [...], removed: [...]}}."""
    out: dict[str, dict[str, list[Any]]] = {}
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if isinstance(old, list) or isinstance(new, list):
            old_set, new_set = set(old or []), set(new or [])
            added, removed = sorted(new_set - old_set), sorted(old_set - new_set)
        else:
            added = [new] if new != old and new is not None else []
            removed = [old] if new != old and old is not None else []
        if added or removed:
            out[key] = {"added": added, "removed": removed}
    return out


# ---------------------------------------------------------------- between runs


@dataclass
class Existing:
    """What the ledger knows of a case before a run (the fields the plan needs)."""

    case_id: str
    lineage: str
    run_state: str
    last_seq: int
    facts: dict[str, Any]
    assignee: str | None = None
    status: str = "new"


@dataclass
class RunPlan:
    """What one run does to the ledger."""

    created: list[dict[str, Any]] = field(default_factory=list)  # new cases (state new/changed)
    seen: list[dict[str, Any]] = field(default_factory=list)  # existing cases seen again
    gone: list[dict[str, Any]] = field(default_factory=list)  # active cases not seen
    counts: dict[str, int] = field(default_factory=dict)


def plan_run(findings: list[Finding], existing: list[Existing]) -> RunPlan:
    """Compare a run's findings with the ledger's cases.

    - a finding whose case id exists: `unchanged` (or `changed` if it had gone and is back);
    - a new id whose lineage has an earlier case not seen in this run: a new case `changed`,
      linked to that case (`previous_case_id`), with what changed, its assignee carried over;
    - a new id otherwise: `new`;
    - an active case not seen: `gone` (kept, never deleted), `superseded_by` when a case of
      this run replaced it."""
    by_id = {e.case_id: e for e in existing}
    by_lineage: dict[str, list[Existing]] = {}
    for e in existing:
        by_lineage.setdefault(e.lineage, []).append(e)
    seen_ids = {f.case_id for f in findings}
    plan = RunPlan()
    superseded: dict[str, str] = {}
    done: set[str] = set()
    for item in findings:
        if item.case_id in done:
            continue  # one finding per case id in a run
        done.add(item.case_id)
        known = by_id.get(item.case_id)
        if known is not None:
            state = "unchanged" if known.run_state != "gone" else "changed"
            changes: dict[str, dict[str, list[Any]]] = (
                {} if state == "unchanged" else {"reappeared": {"added": [], "removed": []}}
            )
            plan.seen.append({"case_id": item.case_id, "state": state, "changes": changes})
            continue
        earlier = [e for e in by_lineage.get(item.lineage, []) if e.case_id not in seen_ids]
        earlier.sort(key=lambda e: e.last_seq, reverse=True)
        previous = earlier[0] if earlier else None
        record = {"case_id": item.case_id, "lineage": item.lineage, "finding": item}
        if previous is None:
            record.update(state="new", previous_case_id=None, changes={}, assignee=None)
        else:
            record.update(
                state="changed",
                previous_case_id=previous.case_id,
                previous_status=previous.status,
                changes=fact_changes(previous.facts, item.facts),
                assignee=previous.assignee,
            )
            superseded[previous.case_id] = item.case_id
        plan.created.append(record)
    for e in existing:
        if e.run_state != "gone" and e.case_id not in seen_ids:
            plan.gone.append({"case_id": e.case_id, "superseded_by": superseded.get(e.case_id)})
    states = [r["state"] for r in plan.created] + [r["state"] for r in plan.seen]
    plan.counts = {s: states.count(s) for s in ("new", "unchanged", "changed")}
    # A case replaced by a changed one is counted as changed, not also as gone.
    plan.counts["gone"] = sum(1 for g in plan.gone if not g["superseded_by"])
    plan.counts["total"] = len(done)
    return plan


# ---------------------------------------------------------------- workflow


@dataclass
class Change:
    """What a user asks to change on a case (None: leave as is)."""

    status: str | None = None
    reason: str | None = None
    reason_text: str | None = None
    referred_to: str | None = None
    assignee: str | None = None
    due: dt.date | None = None
    note: str | None = None
    clear_due: bool = False

    def empty(self) -> bool:
        return (
            self.status is None
            and self.assignee is None
            and self.due is None
            and not self.clear_due
            and not (self.note or "").strip()
            and self.reason is None
            and self.referred_to is None
        )


def parse_due(text: str | None) -> dt.date | None:
    if text is None or str(text).strip() == "":
        return None
    try:
        return dt.date.fromisoformat(str(text).strip())
    except ValueError:
        raise BadInput(f"期限日期无效 {text!r}，应为 YYYY-MM-DD (invalid due date)") from None


def check_change(current: str, change: Change) -> list[str]:
    """Every problem with applying `change` to a case in status `current` (empty: allowed)."""
    problems: list[str] = []
    if change.empty():
        problems.append("没有要修改的内容 (nothing to change)")
    target = change.status
    if target is not None:
        if target not in STATUSES:
            known = ", ".join(STATUSES)
            problems.append(f"状态 {target!r} 无效，应为 {known} (unknown status)")
        elif target != current and target not in TRANSITIONS.get(current, []):
            allowed = ", ".join(TRANSITIONS.get(current, [])) or "无"
            problems.append(
                f"不能从 {STATUSES[current]['zh']} ({current}) 改为 {STATUSES[target]['zh']} "
                f"({target})；允许: {allowed} (transition not allowed)"
            )
    if change.reason is not None and change.reason not in REASONS:
        known = ", ".join(REASONS)
        problems.append(f"排除理由 {change.reason!r} 无效，应为 {known} (unknown reason)")
    if target == "dismissed" and target != current:
        if not change.reason:
            problems.append(
                "排除须说明理由 --reason (a dismissal needs a reason): " + ", ".join(REASONS)
            )
        elif change.reason == "other" and not (change.reason_text or "").strip():
            problems.append("理由为“其他”时须填写说明 --reason-text (reason `other` needs a text)")
    if change.reason is not None and target != "dismissed":
        problems.append("理由只用于排除 (--reason only with --status dismissed)")
    if target == "referred" and target != current and not (change.referred_to or "").strip():
        targets = "、".join(REFERRAL_TARGETS)
        problems.append(f"移送须写明去向 --referred-to（如 {targets}）(a referral needs a target)")
    if change.referred_to is not None and target != "referred":
        problems.append("去向只用于移送 (--referred-to only with --status referred)")
    if change.note is not None and len(change.note) > 10000:
        problems.append("备注过长（最多 10000 字）(note too long)")
    return problems


def status_zh(status: str) -> str:
    return STATUSES.get(status, {}).get("zh", status)


def reason_zh(reason: str | None) -> str:
    return REASONS.get(reason or "", {}).get("zh", reason or "")
