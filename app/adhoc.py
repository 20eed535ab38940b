"""The ad-hoc query box: the investigator's Cypher, run in a READ transaction only.

The session is opened in read access mode (`Database.read_tx`), so the server itself
refuses any write (CREATE, MERGE, SET, DELETE, schema changes): nothing here parses or
filters the query text, the database enforces it. At most `limit` rows are fetched.
Identity material (id_hash, id_number) is blanked in whatever comes back.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

import neo4j
from neo4j import exceptions as neo4j_errors

from app.reads import HIDDEN_PROPERTIES, plain
from graph.db import Database
from graph.errors import UsageError

DEFAULT_LIMIT = 1000
MAX_LIMIT = 100_000
MASK = "***"


@dataclass
class AdhocResult:
    columns: list[str]
    rows: list[dict[str, Any]]
    truncated: bool
    notes: list[str] = field(default_factory=list)


class QueryRefused(UsageError):
    """The server refused the query (a write in a read transaction, a syntax error, ...)."""


def parse_params(text: str) -> dict[str, Any]:
    """Parameters typed as a JSON object (empty text: none)."""
    if not text.strip():
        return {}
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise UsageError(
            f"参数应为 JSON 对象 (parameters must be a JSON object): {error}"
        ) from error
    if not isinstance(value, dict):
        raise UsageError("参数应为 JSON 对象 (parameters must be a JSON object)")
    return value


def _cell(value: Any) -> Any:
    if isinstance(value, neo4j.graph.Node | neo4j.graph.Relationship):
        value = dict(value)
    elif isinstance(value, neo4j.graph.Path):
        value = [dict(node) for node in value.nodes]
    value = plain(value)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, default=str)
    return value


def _fetch(tx: neo4j.ManagedTransaction, query: str, params: dict[str, Any], limit: int) -> tuple:
    result = tx.run(query, params)
    columns = list(result.keys())
    records = list(islice(result, limit + 1))
    return columns, records


def run_read_only(
    db: Database, query: str, params: dict[str, Any] | None = None, limit: int = DEFAULT_LIMIT
) -> AdhocResult:
    """Run `query` in a read transaction; at most `limit` rows (truncated says if more)."""
    if not query.strip():
        raise UsageError("请输入查询语句 (enter a query)")
    limit = max(1, min(int(limit), MAX_LIMIT))
    try:
        columns, records = db.read_tx(_fetch, query, params or {}, limit)
    except neo4j_errors.ClientError as error:
        raise QueryRefused(
            f"数据库拒绝了该查询 (the database refused the query): {error.message}"
        ) from error
    truncated = len(records) > limit
    rows = []
    for record in records[:limit]:
        rows.append(
            {
                key: MASK if key.split(".")[-1] in HIDDEN_PROPERTIES else _cell(record[key])
                for key in columns
            }
        )
    return AdhocResult(columns, rows, truncated)
