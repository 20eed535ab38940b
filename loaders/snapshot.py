"""Snapshot loads: a registry file that is the whole registry as of its export.

Offices send the market regulator's, the organisation department's and the family-report
registries again every year or quarter as full exports. Loaded as a snapshot, such a file
**ends** every fact an earlier export of the same registry stated and this one no longer
states: the node or relationship keeps its properties and provenance and gains `ended_on`
(the snapshot date) and `ended_by` (the snapshot's id), so the history stays and the rules at
earlier as-of dates still see it. A fact that comes back starts again (`ended_on` cleared, the
gap kept in `ended_periods`). Nothing is deleted.

A fact is identified across exports by `row_key` (loaders/shape.py: a keyed hash of the
registry's fact key, declared in registries.yaml), so a change of key is the old fact ended and
a new one started. What ends is decided by provenance, not by key: a fact no file of this load
states (none of its `sources` tags is from this load's files).

The steps: `plan` (before any write: what would appear, change, end or start again, and the
mass-end guard), the normal write, then `apply` (end, restart, record a `Snapshot` node with
its `SnapshotChange`s, the change report). Pure comparison in `compare`; the rest is I/O.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from graph.db import Database
from loaders.write import Step, steps_for
from model.registry import Registry

# A snapshot that would end more than this share of the registry's current facts (and more
# than MASS_END_MIN_FACTS of them) is refused unless confirmed: a truncated export must not end
# half the graph.
MASS_END_SHARE = 0.2
MASS_END_MIN_FACTS = 10
# Changes stored in the graph per snapshot and kind (the counts are always exact).
MAX_STORED_CHANGES = 50_000
BATCH = 10_000
KINDS = ("appeared", "changed", "ended", "restarted")
KIND_ZH = {"appeared": "新增", "changed": "变更", "ended": "终止", "restarted": "恢复"}
# Bookkeeping properties never reported as a change of value.
_NOT_VALUES = frozenset(
    {
        "row_key",
        "row_hash",
        "row_scope",
        "sources",
        "ended_on",
        "ended_by",
        "ended_periods",
        "end_date_by_snapshot",
    }
)


@dataclass(frozen=True)
class Fact:
    """A fact an earlier export of the registry stated, as the graph holds it."""

    element_id: str
    row_key: str | None
    row_hash: str | None
    ended_on: Any = None
    row_scope: str | None = None


@dataclass(frozen=True)
class NewRow:
    """What the new export states about one fact."""

    row_key: str
    row_hash: str
    props: dict[str, Any]
    row_scope: str | None = None


@dataclass
class Comparison:
    """What the new export would do to the registry's facts (before anything is written)."""

    facts_before: int = 0  # current (not ended) facts in scope
    appeared: list[str] = field(default_factory=list)  # row keys
    changed: list[tuple[Fact, NewRow]] = field(default_factory=list)
    unchanged: int = 0
    would_end: list[Fact] = field(default_factory=list)
    restarted: list[Fact] = field(default_factory=list)
    in_scope: list[Fact] = field(default_factory=list)  # current facts that may end

    @property
    def end_share(self) -> float:
        return len(self.would_end) / self.facts_before if self.facts_before else 0.0

    def is_mass_end(self, share: float = MASS_END_SHARE) -> bool:
        return len(self.would_end) > MASS_END_MIN_FACTS and self.end_share > share


def compare(facts: Iterable[Fact], rows: Iterable[NewRow], scoped: bool) -> Comparison:
    """Compare an earlier state with a new export. Pure.

    `scoped`: only facts whose `row_scope` appears in the new export can end (the family
    report: a cadre who did not report again keeps his relatives)."""
    new = {row.row_key: row for row in rows}
    scopes = {row.row_scope for row in new.values()} if scoped else set()
    result = Comparison()
    seen: set[str] = set()
    for fact in facts:
        row = new.get(fact.row_key) if fact.row_key is not None else None
        if row is not None:
            seen.add(row.row_key)
        if fact.ended_on is not None:
            if row is not None:
                result.restarted.append(fact)
            continue
        if scoped and fact.row_scope not in scopes:
            continue
        result.facts_before += 1
        result.in_scope.append(fact)
        if fact.row_key is None:  # stated before facts had keys: ends only if not restated
            continue
        if row is None:
            result.would_end.append(fact)
        elif row.row_hash != fact.row_hash:
            result.changed.append((fact, row))
        else:
            result.unchanged += 1
    result.appeared = [key for key in new if key not in seen]
    return result


def _plain(value: Any) -> Any:
    """A property value as the change report shows it (dates as ISO text)."""
    if hasattr(value, "iso_format"):
        return value.iso_format()
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def changed_fields(old: dict[str, Any], new: dict[str, Any]) -> dict[str, list[Any]]:
    """{property: [old, new]} for every stated value that differs. Pure."""
    out: dict[str, list[Any]] = {}
    for name in sorted(set(old) | set(new)):
        if name in _NOT_VALUES:
            continue
        before, after = _plain(old.get(name)), _plain(new.get(name))
        if before != after:
            out[name] = [before, after]
    return out


@dataclass
class Change:
    kind: str  # appeared | changed | ended | restarted
    fact: str  # as a reader recognises it
    fields: dict[str, list[Any]] = field(default_factory=dict)

    def describe(self) -> str:
        text = f"{KIND_ZH[self.kind]} ({self.kind}): {self.fact}"
        if self.fields:
            text += "; " + ", ".join(f"{k}: {v[0]!r} → {v[1]!r}" for k, v in self.fields.items())
        return text


@dataclass
class SnapshotReport:
    """What one snapshot load of a registry did."""

    registry: str
    files: list[str]
    snapshot_id: str
    snapshot_date: dt.date
    first: bool  # no earlier export of this registry: everything appeared
    facts_before: int = 0
    appeared: int = 0
    changed: int = 0
    ended: int = 0
    restarted: int = 0
    unchanged: int = 0
    changes: list[Change] = field(default_factory=list)

    def counts_line(self) -> str:
        return (
            f"新增 {self.appeared} (appeared), 变更 {self.changed} (changed), "
            f"终止 {self.ended} (ended), 恢复 {self.restarted} (started again), "
            f"未变 {self.unchanged} (unchanged)"
        )


# --- database --------------------------------------------------------------------------------


_NAME = re.compile(r"^[A-Z][A-Za-z_]*$")


def _steps(reg: Registry) -> dict[str, Step]:
    name = reg.label or reg.rel or ""
    if not _NAME.match(name):  # the declaration's, checked anyway: it is spliced into Cypher
        raise ValueError(f"unexpected label or type {name!r} in the declaration of {reg.name}")
    pattern = f"(f:{name})" if reg.label else f"()-[f:{name}]->()"
    return {
        step.name: Step(step.name, step.query.replace("{{fact}}", pattern))
        for step in steps_for("snapshot")
    }


# A row key as shape.fact_key writes it: 24 lower-case hex digits (96 bits).
_HEX_KEY = re.compile(r"[0-9a-f]{24}")


class DistinctKeys:
    """How many distinct row keys were added, exactly, in 16 bytes a key. A province's first
    export states about 4 M facts, whose keys held as a set of str (and a list) took about
    490 MB of the load's memory. A key's first 16 hex digits are kept as one 64-bit number and
    its last 8 as another, in arrays; the count sorts the first numbers and compares whole keys
    only where a first number recurs (a fact stated twice, or two keys alike in 64 bits). A key
    of any other form is kept as it is."""

    BATCH = 65_536

    def __init__(self) -> None:
        self._high: list[Any] = []  # numpy uint64 arrays
        self._low: list[Any] = []
        self._pending: list[str] = []
        self._other: set[str] = set()

    def add(self, key: str) -> None:
        if _HEX_KEY.fullmatch(key) is None:
            self._other.add(key)
            return
        self._pending.append(key)
        if len(self._pending) >= self.BATCH:
            self._flush()

    def _flush(self) -> None:
        import numpy as np  # only loads that record a first export need it

        keys, count = self._pending, len(self._pending)
        if count:
            self._high.append(np.fromiter((int(k[:16], 16) for k in keys), np.uint64, count))
            self._low.append(np.fromiter((int(k[16:], 16) for k in keys), np.uint64, count))
            keys.clear()

    def __len__(self) -> int:
        self._flush()
        if not self._high:
            return len(self._other)
        import numpy as np

        high, low = np.concatenate(self._high), np.concatenate(self._low)
        order = np.argsort(high)
        high, low = high[order], low[order]
        same = high[1:] == high[:-1]
        if not same.any():
            return len(high) + len(self._other)
        tied = np.zeros(len(high), dtype=bool)
        tied[1:] |= same
        tied[:-1] |= same
        whole = set(zip(high[tied].tolist(), low[tied].tolist(), strict=True))
        return int((~tied).sum()) + len(whole) + len(self._other)


@dataclass
class Plan:
    """A registry's snapshot, compared before writing and applied after."""

    registry: Registry
    snapshot_date: dt.date
    now: list[str]  # source ids of this load's files of the registry
    earlier: list[str]
    comparison: Comparison
    old_props: dict[str, dict[str, Any]] = field(default_factory=dict)
    first: bool = False  # the registry's first export: nothing was stated before
    recorded: int = 0  # snapshots of the registry recorded so far
    # A first export compares with nothing: every fact appears. Its row keys are then counted
    # while the rows are written (`note_written`) instead of shaping the files twice.
    deferred: bool = False
    _written: DistinctKeys = field(default_factory=DistinctKeys)

    def note_written(self, rows: Iterable[dict[str, Any]]) -> None:
        """The shaped rows just written: a deferred plan's facts, counted once each."""
        if not self.deferred:
            return
        add = self._written.add
        for row in rows:
            add(row["props"]["row_key"])

    def appeared(self) -> int:
        """How many facts appear: a deferred plan's distinct keys written, else the comparison's."""
        return len(self._written) if self.deferred else len(self.comparison.appeared)


def loaded_sources(db: Database, reg: Registry) -> list[str]:
    """Source ids of every file of the registry loaded so far."""
    step = _steps(reg)["sources"]
    return [r["id"] for r in db.read_values(step.query, {"registry": reg.name})]


def plan(
    db: Database,
    reg: Registry,
    rows: Callable[[], Iterable[NewRow]],
    now: list[str],
    snapshot_date: dt.date,
    defer_first: bool = False,
) -> Plan:
    """Compare the registry's facts with the new export (reads only). `rows` gives what the
    export states; with `defer_first`, a first export (no file of the registry loaded before:
    nothing can end, change or start again) is not compared at all and `rows` is not called:
    its facts are taken while they are written (`Plan.note_written`)."""
    steps = _steps(reg)
    known = loaded_sources(db, reg)
    if not known and defer_first:
        recorded = db.read_values(steps["count"].query, {"registry": reg.name})[0]["n"]
        return Plan(
            reg, snapshot_date, now, [], Comparison(), first=True, recorded=recorded, deferred=True
        )
    earlier = [s for s in known if s not in now]
    facts: list[Fact] = []
    if known:
        # an export may restate a file loaded before (the same content, the same source)
        sources = list(dict.fromkeys([*known, *now]))
        facts = [
            Fact(r["id"], r["row_key"], r["row_hash"], r["ended_on"], r["row_scope"])
            for r in db.read_values(steps["facts"].query, {"earlier": sources})
        ]
    comparison = compare(facts, rows(), scoped=bool(reg.snapshot.scope))
    recorded = db.read_values(steps["count"].query, {"registry": reg.name})[0]["n"]
    result = Plan(reg, snapshot_date, now, earlier, comparison, first=not facts, recorded=recorded)
    wanted = [fact.element_id for fact, _ in comparison.changed[:MAX_STORED_CHANGES]]
    for start in range(0, len(wanted), BATCH):
        for r in db.read(steps["properties"].query, {"ids": wanted[start : start + BATCH]}):
            result.old_props[r["id"]] = dict(r["props"])
    return result


def _batched_write(db: Database, query: str, ids: list[str], params: dict[str, Any]) -> list[str]:
    done: list[str] = []
    for start in range(0, len(ids), BATCH):
        rows = db.write(query, {**params, "ids": ids[start : start + BATCH]})
        done.extend(r["id"] for r in rows)
    return done


def _describe(db: Database, reg: Registry, ids: list[str]) -> dict[str, str]:
    step = _steps(reg)["describe_node" if reg.label else "describe_rel"]
    found: dict[str, str] = {}
    for start in range(0, len(ids), BATCH):
        for r in db.read_values(step.query, {"ids": ids[start : start + BATCH]}):
            found[r["id"]] = r["fact"]
    return found


def _appeared_ids(db: Database, planned: Plan) -> list[str]:
    """Element ids of the facts only this load's files state (created by it)."""
    step = _steps(planned.registry)["appeared"]
    rows = db.read_values(step.query, {"now": planned.now, "earlier": planned.earlier})
    return [r["id"] for r in rows][:MAX_STORED_CHANGES]


def next_snapshot_id(planned: Plan) -> str:
    """The id the snapshot will be recorded under: numbered per registry
    (`shareholders-0003`), readable, and the same for the same history."""
    return f"{planned.registry.name}-{planned.recorded + 1:04d}"


def apply(db: Database, planned: Plan, files: list[str], by: str) -> SnapshotReport:
    """After the registry's files were written: end, restart, record; the change report."""
    reg, comparison = planned.registry, planned.comparison
    steps = _steps(reg)
    snapshot_id = next_snapshot_id(planned)
    date = planned.snapshot_date
    params = {
        "now": planned.now,
        "date": date,
        "snapshot_id": snapshot_id,
        "relationship": reg.rel is not None and reg.label is None,
    }
    ended = _batched_write(
        db, steps["end"].query, [f.element_id for f in comparison.in_scope], params
    )
    restarted = _batched_write(
        db, steps["restart"].query, [f.element_id for f in comparison.restarted], params
    )
    report = SnapshotReport(
        registry=reg.name,
        files=files,
        snapshot_id=snapshot_id,
        snapshot_date=date,
        first=planned.first,
        facts_before=comparison.facts_before,
        appeared=planned.appeared(),
        changed=len(comparison.changed),
        ended=len(ended),
        restarted=len(restarted),
        unchanged=comparison.unchanged + (len(comparison.would_end) - len(ended)),
    )
    if not (report.first or report.appeared or report.changed or report.ended or restarted):
        return report  # a reload of what the graph already holds records nothing
    if not report.first:
        report.changes = _changes(db, planned, ended, restarted)
    changes = [
        {
            "kind": c.kind,
            "fact": c.fact,
            "fields": json.dumps(c.fields, ensure_ascii=False, default=str) if c.fields else None,
            "position": i,
        }
        for i, c in enumerate(report.changes)
    ]
    db.write(
        steps["record"].query,
        {
            "snapshot_id": snapshot_id,
            "registry": reg.name,
            "files": files,
            "now": planned.now,
            "date": date,
            "by": by,
            "facts_before": report.facts_before,
            "appeared": report.appeared,
            "changed": report.changed,
            "ended": report.ended,
            "restarted": report.restarted,
            "unchanged": report.unchanged,
            "changes": changes,
        },
    )
    return report


def _changes(db: Database, planned: Plan, ended: list[str], restarted: list[str]) -> list[Change]:
    reg, comparison = planned.registry, planned.comparison
    again = set(restarted)
    appeared_ids = [i for i in _appeared_ids(db, planned) if i not in again]
    changed = comparison.changed[:MAX_STORED_CHANGES]
    ids = [
        *appeared_ids,
        *(fact.element_id for fact, _ in changed),
        *ended[:MAX_STORED_CHANGES],
        *restarted[:MAX_STORED_CHANGES],
    ]
    names = _describe(db, reg, ids)
    out = [Change("appeared", names.get(i, "?")) for i in appeared_ids]
    for fact, row in changed:
        fields = changed_fields(planned.old_props.get(fact.element_id, {}), row.props)
        out.append(Change("changed", names.get(fact.element_id, "?"), fields))
    out += [Change("ended", names.get(i, "?")) for i in ended[:MAX_STORED_CHANGES]]
    out += [Change("restarted", names.get(i, "?")) for i in restarted[:MAX_STORED_CHANGES]]
    return out


def history(db: Database, reg: Registry, limit: int = 20) -> list[dict[str, Any]]:
    """The registry's snapshot loads, newest first."""
    return db.read_values(_steps(reg)["history"].query, {"registry": reg.name, "limit": limit})


def changes_of(db: Database, reg: Registry, snapshot_id: str) -> list[Change]:
    rows = db.read_values(_steps(reg)["changes"].query, {"snapshot_id": snapshot_id})
    return [
        Change(r["kind"], r["fact"], json.loads(r["fields"]) if r["fields"] else {}) for r in rows
    ]
