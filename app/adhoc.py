"""The ad-hoc query box: the investigator's Cypher, vetted by the server's own plan, then run
in one READ transaction with a timeout, at most `limit` rows, hidden values scrubbed.

Why a guard on top of the read-only transaction: read access mode stops writes, but not
`LOAD CSV FROM 'http://…' + p.name` (sends any value to any host), `TERMINATE TRANSACTIONS`
(kills another user's load), `SHOW SETTINGS`, `db.clearQueryCaches()` and the like. The guard
does not parse Cypher itself: it asks the server to `EXPLAIN` the query (same text, same
parameters) and inspects the plan it would run — its operators (LoadCSV, ProcedureCall with
the procedure's name, Show…/Terminate…/administration commands, writes, CALL … IN
TRANSACTIONS) and the expressions in them. `refusal_reasons` is that decision, a pure
function of the text and the plan.

Hidden values (the 身份证号 hash and any clear number, app users' password hashes, the
`:AppUser` nodes themselves) are hidden whatever the projection, by three layers:
1. a query that names a hidden property or label anywhere (text or plan) is refused, so
   `RETURN p.id_hash AS x`, `collect(p.id_hash)`, `{h: p.id_hash}` and filters that would
   test a hash character by character never run;
2. dynamic property access (`p[k]`, `p['id_' + 'hash']`, `properties(p)[k]`) is refused:
   only integer list indexes and slices pass;
3. what comes back is scrubbed by value: nodes of a hidden label are masked whole, hidden
   keys are dropped from every node, relationship and map (`properties(p)`, `p{.*}`), and
   any string that looks like a hash (32+ hex digits), a password hash or an 18-character
   身份证号 is masked, inside lists and maps too. Lists are cut to the row cap.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from app.reads import HIDDEN_PROPERTIES as READ_HIDDEN
from app.reads import plain
from graph.db import Database, to_native
from graph.driver import neo4j, neo4j_errors
from graph.errors import UsageError

DEFAULT_LIMIT = 1000
MAX_LIMIT = 100_000
MASK = "***"
# Seconds a query-box transaction may run before the server ends it.
TIMEOUT_SECONDS = 60.0

# Property keys never shown nor named: those the app's reads hide (identity material, the
# app users' password hashes) and, because the query box runs any read a user types, any
# other secret an app user's node could hold.
HIDDEN_PROPERTIES = READ_HIDDEN | {"password", "secret", "salt"}
# Any property key with one of these parts is hidden too (a future `api_key`, `token`...).
HIDDEN_KEY_PATTERN = re.compile(r"(^|_)(password|secret|token|salt|hmac)(_|$)|_key$", re.I)
# Labels whose nodes are never shown nor named: the app's users (model/schema.py) and their
# login sessions (app/sessions.py).
HIDDEN_LABELS = frozenset({"AppUser", "AppSession"})

# The procedures the box may call: the schema's names and shape, nothing that reads the
# server's state, changes caches or touches other sessions.
ALLOWED_PROCEDURES = frozenset(
    {
        "db.labels",
        "db.relationshipTypes",
        "db.propertyKeys",
        "db.schema.visualization",
        "db.schema.nodeTypeProperties",
        "db.schema.relTypeProperties",
    }
)

# Plan operators that are refused whatever their arguments (matched on the name's start).
REFUSED_OPERATORS = (
    ("LoadCSV", "LOAD CSV", "LOAD CSV"),
    ("Show", "SHOW 命令", "SHOW …"),
    ("Terminate", "TERMINATE 命令", "TERMINATE …"),
    ("AdministrationCommand", "管理命令", "administration commands"),
    ("Transaction", "CALL { … } IN TRANSACTIONS", "CALL { … } IN TRANSACTIONS"),
    ("Create", "写操作（CREATE）", "writes (CREATE)"),
    ("Merge", "写操作（MERGE）", "writes (MERGE)"),
    ("Delete", "写操作（DELETE）", "writes (DELETE)"),
    ("DetachDelete", "写操作（DELETE）", "writes (DELETE)"),
    ("Set", "写操作（SET）", "writes (SET)"),
    ("Remove", "写操作（REMOVE）", "writes (REMOVE)"),
    ("Foreach", "写操作（FOREACH）", "writes (FOREACH)"),
    ("LockNodes", "写操作", "writes"),
    ("EmptyResult", "写操作", "writes"),
)

_HEX_RUN = re.compile(r"[0-9a-fA-F]{32,}")
_PASSWORD_HASH = re.compile(r"\$(argon2(id|i|d)|2[abxy]|scrypt|pbkdf2[-\w]*)\$\S*")
_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
_WORD = re.compile(r"[A-Za-z_][A-Za-z_0-9]*")
# The planner's own notation for cached property reads: `cache[p.name]`, `cacheN[...]`.
_PLANNER_SUBSCRIPT = re.compile(r"cache\w*$")
_INTEGER_INDEX = re.compile(
    r"\s*(-?\d+|\$autoint_\d+)?\s*(\.\.\s*(-?\d+|\$autoint_\d+)?\s*)?", re.IGNORECASE
)


@dataclass
class AdhocResult:
    columns: list[str]
    rows: list[dict[str, Any]]
    truncated: bool
    notes: list[str] = field(default_factory=list)


class QueryRefused(UsageError):
    """The guard or the server refused the query."""


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


# --- the guard (pure) ------------------------------------------------------------------------


def is_hidden_key(key: str) -> bool:
    return key in HIDDEN_PROPERTIES or bool(HIDDEN_KEY_PATTERN.search(key))


def _operators(plan: dict[str, Any]) -> list[dict[str, Any]]:
    found = [plan]
    for child in plan.get("children", []):
        found.extend(_operators(child))
    return found


def _details(operator: dict[str, Any]) -> str:
    args = operator.get("args") or operator.get("arguments") or {}
    return str(args.get("Details", "") or "")


def _without_backticks(text: str) -> str:
    """Drop backtick-quoted names (column aliases echo the raw query text there)."""
    return re.sub(r"`(?:[^`]|``)*`", "`x`", text)


def _subscripts(text: str) -> list[str]:
    """The index expressions of every `expr[index]` in a plan expression."""
    found = []
    for index, char in enumerate(text):
        if char != "[" or index == 0:
            continue
        before = text[:index]
        last = before[-1]
        if last not in ")]}" and not (last.isalnum() or last == "_"):
            continue  # a list literal or comprehension, not a subscript
        word = re.search(r"[A-Za-z_][A-Za-z_0-9]*$", before)
        if word and _PLANNER_SUBSCRIPT.fullmatch(word.group(0)):
            continue
        depth, end = 0, index
        for end in range(index, len(text)):
            if text[end] == "[":
                depth += 1
            elif text[end] == "]":
                depth -= 1
                if depth == 0:
                    break
        found.append(text[index + 1 : end])
    return found


def _without_strings(text: str) -> str:
    """The query text with string literals and comments blanked (a company named "Token
    Ltd" in a WHERE clause names no property)."""
    text = re.sub(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"", "''", text)
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.DOTALL)
    return re.sub(r"//[^\n]*", " ", text)


def _names_in(text: str) -> set[str]:
    """Words and backtick-quoted names in `text`, as written (case kept)."""
    names = set(_WORD.findall(text))
    names.update(m.replace("``", "`") for m in re.findall(r"`((?:[^`]|``)*)`", text))
    return names


# What the server's query type says a refused query does, for the refusal's sentence.
QUERY_TYPE_WORDS = {
    "w": ("会写入数据", "writes"),
    "rw": ("会读写数据", "reads and writes"),
    "s": ("会修改模式", "changes the schema"),
}


def refusal_reasons(text: str, plan: dict[str, Any] | None, query_type: str | None) -> list[str]:
    """Why the query box must not run `text`, given the server's EXPLAIN plan and query
    type ("r", "w", "rw", "s"): an empty list when it may. Pure."""
    reasons: list[str] = []
    if plan is None:
        return ["服务器未给出执行计划 (the server gave no plan)"]
    if query_type not in ("r", None):
        zh, en = QUERY_TYPE_WORDS.get(str(query_type), ("类型不明", f"is of type {query_type!r}"))
        reasons.append(f"只允许只读查询，此查询{zh} (only read queries; this one {en})")
    for operator in _operators(plan):
        name, _, database = str(operator.get("operatorType", "")).partition("@")
        if database == "system":
            reasons.append("不允许访问 system 数据库 (the system database is out of reach)")
        for prefix, zh, en in REFUSED_OPERATORS:
            if name.startswith(prefix):
                reasons.append(f"不允许{zh} (refused: {en}; plan operator {name})")
                break
        details = _details(operator)
        if name == "ProcedureCall" or name.startswith("ProcedureCall"):
            procedure = details.split("(", 1)[0].strip()
            if procedure not in ALLOWED_PROCEDURES:
                reasons.append(
                    f"不允许调用过程 {procedure or '?'} (procedure not allowed; allowed: "
                    f"{', '.join(sorted(ALLOWED_PROCEDURES))})"
                )
        for index in _subscripts(_without_backticks(details)):
            if not _INTEGER_INDEX.fullmatch(index):
                reasons.append(
                    "不允许按动态键读取属性 (dynamic property access such as p[k] is refused; "
                    "name the property: p.name)"
                )
        reasons.extend(_hidden_name_reasons(details))
    code = _without_strings(text)
    reasons.extend(_hidden_name_reasons(code))
    if re.search(r"\bapoc\s*\.", code, re.IGNORECASE):
        reasons.append("不允许 apoc.* (apoc procedures and functions are refused)")
    return list(dict.fromkeys(reasons))


def _hidden_name_reasons(text: str) -> list[str]:
    reasons = []
    for name in _names_in(text):
        if is_hidden_key(name):
            reasons.append(f"不允许读取受保护属性 {name} (a protected property is named)")
        if name in HIDDEN_LABELS:
            reasons.append(f"不允许读取受保护标签 {name} (a protected label is named)")
    return reasons


# --- scrubbing (pure) ------------------------------------------------------------------------


def scrub_text(value: str) -> str:
    """Mask anything in a string shaped like a hash, a password hash or a 身份证号."""
    if _PASSWORD_HASH.search(value):
        value = _PASSWORD_HASH.sub(MASK, value)
    if _HEX_RUN.search(value):
        value = _HEX_RUN.sub(MASK, value)
    if _ID_NUMBER.search(value):
        value = _ID_NUMBER.sub(MASK, value)
    if value in HIDDEN_LABELS:
        return MASK
    return value


@dataclass
class _Cap:
    limit: int
    cut: int = 0


def scrub(value: Any, cap: _Cap) -> Any:
    """A result value with hidden material removed, lists cut to the cap. Pure."""
    if isinstance(value, neo4j.graph.Node):
        if HIDDEN_LABELS & set(value.labels):
            return MASK
        return scrub(dict(value), cap)
    if isinstance(value, neo4j.graph.Relationship):
        ends = (value.start_node, value.end_node)
        if any(node is not None and HIDDEN_LABELS & set(node.labels) for node in ends):
            return MASK
        return scrub(dict(value), cap)
    if isinstance(value, neo4j.graph.Path):
        return scrub(list(value.nodes), cap)
    value = to_native(value)
    if isinstance(value, dict):
        return {k: scrub(v, cap) for k, v in value.items() if not is_hidden_key(str(k))}
    if isinstance(value, list | tuple):
        if len(value) > cap.limit:
            cap.cut += 1
            value = value[: cap.limit]
        return [scrub(v, cap) for v in value]
    if isinstance(value, str):
        return scrub_text(value)
    if isinstance(value, bytes | bytearray):
        return MASK
    return value


def _cell(value: Any, cap: _Cap) -> Any:
    value = plain(scrub(value, cap))
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, default=str)
    return value


# --- running (I/O) ---------------------------------------------------------------------------


def _explain(
    tx: neo4j.Transaction, query: str, params: dict[str, Any]
) -> tuple[dict[str, Any] | None, str | None]:
    summary = tx.run("EXPLAIN " + query, params).consume()
    return summary.plan, summary.query_type


def _fetch(
    tx: neo4j.Transaction, query: str, params: dict[str, Any], limit: int
) -> tuple[list[str], list[neo4j.Record]]:
    result = tx.run(query, params)
    columns = list(result.keys())
    records = list(islice(result, limit + 1))
    return columns, records


def check_query(db: Database, query: str, params: dict[str, Any] | None = None) -> None:
    """Raise QueryRefused unless the server's plan for `query` passes `refusal_reasons`."""
    try:
        plan, query_type = db.read_once(_explain, query, params or {}, timeout=TIMEOUT_SECONDS)
    except neo4j_errors.Neo4jError as error:
        raise QueryRefused(
            f"数据库拒绝了该查询 (the database refused the query): {error.message}"
        ) from error
    reasons = refusal_reasons(query, plan, query_type)
    if reasons:
        raise QueryRefused("查询被拒绝 (query refused): " + "; ".join(reasons))


def run_adhoc(
    db: Database,
    text: str,
    params: dict[str, Any] | None = None,
    limit: int = DEFAULT_LIMIT,
    timeout: float = TIMEOUT_SECONDS,
) -> AdhocResult:
    """Vet `text` with the guard, then run it in one READ transaction that the server ends
    after TIMEOUT_SECONDS; at most `limit` rows, lists cut to `limit` items (truncated
    says if anything was cut), hidden values scrubbed."""
    if not text.strip():
        raise UsageError("请输入查询语句 (enter a query)")
    limit = max(1, min(int(limit), MAX_LIMIT))
    params = params or {}
    check_query(db, text, params)
    try:
        columns, records = db.read_once(_fetch, text, params, limit, timeout=timeout)
    except neo4j_errors.Neo4jError as error:
        # Also the server's own limits: the transaction timeout and the memory ceiling.
        raise QueryRefused(
            f"数据库拒绝了该查询 (the database refused the query): {error.message}"
        ) from error
    truncated = len(records) > limit
    cap = _Cap(limit)
    rows = [{key: _cell(record[key], cap) for key in columns} for record in records[:limit]]
    notes = []
    if cap.cut:
        notes.append(f"列表已截断为 {limit} 项 (lists cut to {limit} items): {cap.cut}")
    return AdhocResult(columns, rows, truncated or bool(cap.cut), notes)


# The name the app and its tests used before the guard.
run_read_only = run_adhoc
