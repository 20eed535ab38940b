"""Schema migrations: constraints and indexes for every key the loaders and reports use.

Declared once as data in the model (model/schema.py) and applied here idempotently
(`IF NOT EXISTS`), by `oversight db migrate` and automatically before every load.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

# Imported for its check: a bad relationship declaration (or an index on an undeclared type)
# stops `db migrate` and every load (which migrates first) before anything is written, with
# the error naming the file and the key.
import model.relationships  # noqa: F401
from model.schema import NODE_INDEXES, NODE_KEYS, REL_INDEXES

if TYPE_CHECKING:  # the declarations are read by `report --list`, which must not load the driver
    from graph.db import Database


def _name(*parts: str) -> str:
    return "_".join(part.lower() for part in parts)


def constraint_statements() -> list[str]:
    """The uniqueness constraints as Cypher. Labels and property names come from the
    declarations of model/schema.py, never from input, so composing them into the text is
    safe (as in `index_statements`)."""
    return [
        f"CREATE CONSTRAINT {_name(k.label, k.property, 'key')} IF NOT EXISTS "
        f"FOR (n:{k.label}) REQUIRE n.{k.property} IS UNIQUE"
        for k in NODE_KEYS
    ]


def index_statements() -> list[str]:
    """The node and relationship indexes as Cypher, from model/schema.py's declarations."""
    out = [
        f"CREATE INDEX {_name(i.label, i.property)} IF NOT EXISTS "
        f"FOR (n:{i.label}) ON (n.{i.property})"
        for i in NODE_INDEXES
    ]
    out += [
        f"CREATE INDEX {_name(r.rel_type, r.property)} IF NOT EXISTS "
        f"FOR ()-[r:{r.rel_type}]-() ON (r.{r.property})"
        for r in REL_INDEXES
    ]
    return out


def statements() -> list[str]:
    """The whole schema as Cypher: the constraints, then the indexes."""
    return constraint_statements() + index_statements()


# Constraints created at once, each in its own session: a constraint's statement returns only
# once its index is filled, and two fill on the two cores (after a province's bulk import, the
# schema took 19.9 s one by one, docs/BENCHMARKS.md).
CONSTRAINTS_AT_ONCE = 2


def migrate(db: Database) -> int:
    """Apply every constraint and index (idempotent); wait until they are online.
    Returns how many statements were applied. The indexes first: they are filled in the
    background while the constraints are made."""
    from concurrent.futures import ThreadPoolExecutor  # here: `report --list` reads this module

    indexes, constraints = index_statements(), constraint_statements()
    for statement in indexes:
        db.run_autocommit(statement)
    with ThreadPoolExecutor(CONSTRAINTS_AT_ONCE) as pool:
        list(pool.map(db.run_autocommit, constraints))
    db.run_autocommit("CALL db.awaitIndexes(300)")
    return len(indexes) + len(constraints)


def existing(db: Database) -> dict[str, set[str]]:
    """Names of the constraints and indexes the database has now."""
    constraints = {row["name"] for row in db.read("SHOW CONSTRAINTS YIELD name RETURN name")}
    indexes = {row["name"] for row in db.read("SHOW INDEXES YIELD name RETURN name")}
    return {"constraints": constraints, "indexes": indexes}
