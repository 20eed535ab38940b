"""Batched writes of shaped rows (loaders/shape.py) through the registry's Cypher file.

Each registry's Cypher lives in loaders/cypher/<registry>.cypher as one or more steps
(`// step: <name>` lines). Steps run in order, each over every batch of the file, so a
relationship step may rely on nodes a later batch created (units: a parent later in the file).
Each batch is one write transaction of `UNWIND $rows`; the first step returns how many rows
were created, updated or unchanged (compared by `row_hash`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from graph.cypherfiles import read_cypher
from graph.db import Database
from graph.driver import neo4j
from graph.settings import per_row_writes
from model.registry import REGISTRIES

DEFAULT_BATCH_SIZE = 10_000
PER_ROW = per_row_writes()
# Cypher files that are not a registry's: provenance, the identity step, known ids.
SUPPORT_FILES = ("source", "identity", "known_ids", "loadmark", "bulk", "snapshot")
_STEP = re.compile(r"^//\s*step:\s*(\w+)\s*$", re.MULTILINE)


@dataclass
class WriteCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def add(self, other: WriteCounts) -> None:
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass(frozen=True)
class Step:
    name: str
    query: str


def parse_steps(text: str, origin: str) -> tuple[Step, ...]:
    """Split a .cypher file into its `// step:` sections (comments before the first dropped)."""
    marks = list(_STEP.finditer(text))
    if not marks:
        raise ValueError(f"{origin}: no `// step: <name>` section")
    steps = []
    for mark, following in zip(marks, [*marks[1:], None], strict=True):
        body = text[mark.end() : following.start() if following else len(text)]
        lines = [line for line in body.splitlines() if not line.lstrip().startswith("//")]
        query = "\n".join(lines).strip()
        if not query:
            raise ValueError(f"{origin}: step {mark.group(1)!r} is empty")
        steps.append(Step(mark.group(1), query))
    return tuple(steps)


_UNWIND = "UNWIND $rows AS row"


def per_row(query: str) -> str:
    """`UNWIND $rows AS row <body>` as one subquery call per row.

    Same writes, but the planner need not put an Eager barrier (materialising the whole
    batch) between a MERGE and the reads after it, since each row's subquery sees the rows
    before it anyway; measured faster (bench/load_bench.py)."""
    if not query.startswith(_UNWIND):
        return query
    body, _, last = query.rpartition("\nRETURN ")
    if not body or "count(*) AS rows" not in last:
        return query
    inner = body.replace(_UNWIND, "WITH line AS row", 1)
    if last.startswith("outcome"):
        returns, outer = "outcome, count(*) AS rows", "RETURN outcome, sum(rows) AS rows"
    else:
        returns, outer = "count(*) AS rows", "RETURN sum(rows) AS rows"
    return f"UNWIND $rows AS line\nCALL (line) {{\n{inner}\nRETURN {returns}\n}}\n{outer}"


# `{{ hash_owner(row.x_hash, x) }}` in a registry's Cypher: the identity step's lookup of the
# node a 身份证号 already names (loaders/cypher/identity.cypher), so the rule is written once.
_HASH_OWNER = re.compile(r"\{\{\s*hash_owner\(\s*([\w.]+)\s*,\s*(\w+)\s*\)\s*\}\}")


def _include_identity(query: str) -> str:
    def replace(match: re.Match[str]) -> str:
        owner = {s.name: s.query for s in steps_for("identity")}["hash_owner"]
        line_start = query.rfind("\n", 0, match.start()) + 1
        indent = query[line_start : match.start()]
        body = owner.replace("@hash", match.group(1)).replace("@owner", match.group(2))
        return ("\n" + indent).join(body.splitlines())

    return _HASH_OWNER.sub(replace, query)


@cache
def steps_for(name: str) -> tuple[Step, ...]:
    """The Cypher steps of a registry (or of `source`). Names come from the fixed
    declaration, never from input."""
    if name not in REGISTRIES and name not in SUPPORT_FILES:
        raise KeyError(f"no Cypher for {name!r}")
    steps = parse_steps(read_cypher(f"loaders/cypher/{name}"), f"{name}.cypher")
    if name == "identity":
        return steps
    return tuple(Step(s.name, _include_identity(s.query)) for s in steps)


def batches(rows: Sequence[dict[str, Any]], size: int) -> Iterator[Sequence[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _run_batch(
    tx: neo4j.ManagedTransaction,
    query: str,
    rows: Sequence[dict],
    params: dict[str, Any] | None = None,
) -> list[dict]:
    return [record.data() for record in tx.run(query, {**(params or {}), "rows": list(rows)})]


def load_params(change_date: dt.date | None = None, change_by: str = "") -> dict[str, Any]:
    """What every registry step may read besides its rows: `change_date`, the day a change a
    row brings took effect (the snapshot date of a snapshot load, else the load date: a
    company's new legal representative starts and the former one ends on it), and
    `change_by`, what made it (the snapshot's id, else the file's source id)."""
    return {"change_date": change_date or dt.date.today(), "change_by": change_by}


def write_rows(
    db: Database,
    registry: str,
    rows: Sequence[dict[str, Any]],
    batch_size: int = DEFAULT_BATCH_SIZE,
    advance: Callable[[int], None] | None = None,
    params: dict[str, Any] | None = None,
) -> WriteCounts:
    """Write shaped rows of one registry; `advance(n)` is called as batches complete
    (n counts rows times steps, so a progress total is len(rows) * len(steps)). `params`:
    load_params() (the default: a change dated today)."""
    counts = WriteCounts()
    params = params if params is not None else load_params()
    for index, step in enumerate(steps_for(registry)):
        query = per_row(step.query) if PER_ROW else step.query
        for batch in batches(rows, max(1, batch_size)):
            result = db.write_tx(_run_batch, query, batch, params)
            if index == 0:
                counts.add(_outcomes(result))
            if advance is not None:
                advance(len(batch))
    return counts


def _outcomes(result: Iterable[dict[str, Any]]) -> WriteCounts:
    counts = WriteCounts()
    for record in result:
        outcome = record.get("outcome")
        if outcome in ("created", "updated", "unchanged"):
            setattr(counts, outcome, getattr(counts, outcome) + record["rows"])
    return counts


def write_source(
    db: Database, *, source_id: str, name: str, sha256: str, registry: str, rows: int
) -> None:
    """The file's `Source` node (written after its rows, so it marks a completed load)."""
    (step,) = steps_for("source")
    params = {
        "source_id": source_id,
        "name": name,
        "sha256": sha256,
        "registry": registry,
        "rows": rows,
    }
    db.write(step.query, params)
