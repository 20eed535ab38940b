"""The query box tried as an insider would (issue 12, item 2): each probe below worked before
the guard; each must now be refused or come back without the hidden values. Where a probe
could silently pass for the wrong reason, a control shows it works outside the box."""

from __future__ import annotations

import http.server
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.adhoc import MASK, QueryRefused, refusal_reasons, run_adhoc, scrub_text
from graph import server
from graph.db import Database

HASH = "5f2b" * 16  # the shape of an HMAC-SHA256 in hex
OTHER_HASH = "9ac1" * 16
PASSWORD_HASH = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo"
ID_NUMBER = "34010219700101123X"


@pytest.fixture
def graph(db: Database) -> Database:
    db.write(
        "CREATE (a:Person {pid: 'P1', name: '张三', id_hash: $h, id_masked: '340102********123X',"
        "                  birth_date: date('1970-01-01')})"
        "       -[:RELATIVE_OF {relation: '配偶', id_hash: $h}]->"
        "       (:Person {pid: 'P2', name: '李四', id_hash: $h2, id_number: $id}),"
        "       (:AppUser {name: 'admin', role: 'admin', password_hash: $pw})",
        {"h": HASH, "h2": OTHER_HASH, "id": ID_NUMBER, "pw": PASSWORD_HASH},
    )
    return db


def leaked(result) -> bool:
    text = json.dumps(result.rows, ensure_ascii=False, default=str)
    return any(
        secret in text for secret in (HASH, OTHER_HASH, PASSWORD_HASH, ID_NUMBER, "5f2b5f2b")
    )


HIDING_PROBES = [
    "MATCH (p:Person) RETURN p.id_hash AS x",
    "MATCH (p:Person) RETURN collect(p.id_hash) AS xs",
    "MATCH (p:Person) RETURN {h: p.id_hash} AS m",
    "MATCH (p:Person) RETURN p.`id_hash`",
    "MATCH (p:Person) RETURN substring(p.id_hash, 0, 16) AS half",
    "MATCH (p:Person) RETURN [k IN keys(p) | p[k]] AS values",
    "MATCH (p:Person) RETURN p['id_' + 'hash'] AS x",
    "MATCH (p:Person) RETURN p[$key] AS x",
    "MATCH (p:Person) RETURN reduce(s = '', k IN keys(p) | s + toString(properties(p)[k])) AS s",
    "MATCH (p:Person) WHERE p.id_hash STARTS WITH '5f' RETURN p.name",
    "MATCH (p:Person) WHERE any(k IN keys(p) WHERE p[k] STARTS WITH '5f') RETURN p.name",
    "MATCH (p:Person) RETURN p.id_number",
    "MATCH (u:AppUser) RETURN u.name, u.password_hash",
    "MATCH (u:`AppUser`) RETURN u",
    "MATCH (n) RETURN n.password_hash AS x",
]


@pytest.mark.parametrize("query", HIDING_PROBES)
def test_hidden_values_are_refused_by_name_or_dynamic_access(graph: Database, query: str) -> None:
    with pytest.raises(QueryRefused, match="查询被拒绝"):
        run_adhoc(graph, query, {"key": "id_hash"})


@pytest.mark.parametrize(
    "query",
    [
        "MATCH (p:Person) RETURN p",
        "MATCH (p:Person) RETURN properties(p) AS props",
        "MATCH (p:Person) RETURN p{.*} AS props",
        "MATCH (p:Person) RETURN collect(properties(p)) AS all",
        "MATCH (n) RETURN n",
        "MATCH path = (:Person)-[:RELATIVE_OF]->(:Person) RETURN path",
        "MATCH ()-[r:RELATIVE_OF]->() RETURN r, properties(r) AS props",
        "MATCH (n) RETURN [x IN collect(n) | properties(x)] AS all",
        "RETURN '34010219700101123X' AS typed, 'ID:' + '" + HASH + "' AS pid",
    ],
)
def test_whole_values_come_back_scrubbed(graph: Database, query: str) -> None:
    result = run_adhoc(graph, query, {})
    assert result.rows
    assert not leaked(result), result.rows
    text = json.dumps(result.rows, ensure_ascii=False)
    assert any(word in text for word in ("张三", "配偶", MASK))


def test_app_users_are_masked_whole(graph: Database) -> None:
    rows = run_adhoc(graph, "MATCH (n) RETURN n", {}).rows
    assert len(rows) == 3
    assert sum(row["n"] == MASK for row in rows) == 1
    labels = run_adhoc(graph, "CALL db.labels() YIELD label RETURN label", {}).rows
    assert {"label": "AppUser"} not in labels and {"label": "Person"} in labels


class _Listener(http.server.BaseHTTPRequestHandler):
    seen: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        _Listener.seen.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"a\n")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def listener() -> Iterator[str]:
    _Listener.seen = []
    httpd = http.server.HTTPServer(("127.0.0.1", server.free_port()), _Listener)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


def test_load_csv_sends_nothing_out(graph: Database, listener: str) -> None:
    query = "MATCH (p:Person) LOAD CSV FROM $url + p.pid AS row RETURN row"
    # Control: outside the box the very same query reaches the listener.
    graph.read(query, {"url": listener + "?"})
    assert _Listener.seen, "the probe's listener was not reached: the control is broken"
    _Listener.seen = []
    with pytest.raises(QueryRefused, match="LOAD CSV"):
        run_adhoc(graph, query, {"url": listener + "?"})
    with pytest.raises(QueryRefused, match="LOAD CSV"):
        run_adhoc(graph, f"LOAD CSV FROM '{listener}x' AS row RETURN row", {})
    assert _Listener.seen == []


@pytest.mark.parametrize(
    ("query", "why"),
    [
        ("TERMINATE TRANSACTIONS 'neo4j-transaction-1'", "TERMINATE"),
        ("SHOW TRANSACTIONS", "SHOW"),
        ("SHOW SETTINGS", "SHOW"),
        ("SHOW USERS", "administration"),
        ("SHOW PROCEDURES", "SHOW"),
        ("CALL db.clearQueryCaches()", "db.clearQueryCaches"),
        ("CALL db.stats.retrieve('GRAPH COUNTS')", "db.stats.retrieve"),
        ("CALL dbms.components()", "dbms.components"),
        ("CALL dbms.listConfig()", "dbms.listConfig"),
        ("CREATE (:Unit {unit_id: 'X'})", "CREATE"),
        ("MATCH (n:Person) SET n.name = 'x' RETURN n.name", "SET"),
        ("MATCH (n) DETACH DELETE n", "DELETE"),
        ("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS", "IN TRANSACTIONS"),
        ("MERGE (u:Unit {unit_id: 'Y'}) RETURN u", "MERGE"),
    ],
)
def test_commands_procedures_and_writes_refused(graph: Database, query: str, why: str) -> None:
    with pytest.raises(QueryRefused, match="查询被拒绝") as refused:
        run_adhoc(graph, query, {})
    assert why in str(refused.value)
    assert graph.read("MATCH (n) RETURN count(n) AS n")[0]["n"] == 3


def test_allowed_procedures_and_ordinary_reads_still_work(graph: Database) -> None:
    types = run_adhoc(graph, "CALL db.relationshipTypes()", {}).rows
    assert {"relationshipType": "RELATIVE_OF"} in types
    assert run_adhoc(graph, "CALL db.schema.visualization()", {}).rows
    result = run_adhoc(
        graph,
        "MATCH (p:Person) WHERE p.name IN $names RETURN p.name AS name, p.id_masked AS masked,"
        " [1, 2, 3][0] AS first, [1, 2, 3][1..] AS rest ORDER BY name",
        {"names": ["张三", "李四", "token"]},
    )
    assert [row["name"] for row in result.rows] == ["张三", "李四"]
    assert result.rows[0]["masked"] == "340102********123X"
    assert result.rows[0]["first"] == 1


def test_row_cap_applies_to_collected_lists(graph: Database) -> None:
    result = run_adhoc(graph, "UNWIND range(1, 5000) AS x RETURN collect(x) AS xs", {}, limit=10)
    assert json.loads(result.rows[0]["xs"]) == list(range(1, 11))
    assert result.truncated and result.notes


def test_timeout_ends_a_runaway_query(graph: Database) -> None:
    began = time.monotonic()
    with pytest.raises(QueryRefused, match="timeout"):
        run_adhoc(
            graph,
            "UNWIND range(1, 10000000000) AS x WITH x WHERE x < 0 RETURN count(*) AS n",
            {},
            timeout=2.0,
        )
    assert time.monotonic() - began < 30


def test_server_memory_ceiling_ends_a_greedy_query(graph: Database) -> None:
    with pytest.raises(QueryRefused, match="db.memory.transaction.max"):
        run_adhoc(graph, "UNWIND range(1, 300000000) AS x RETURN size(collect(x)) AS n", {})


def test_server_settings_are_set(graph: Database) -> None:
    rows = graph.read(
        "SHOW SETTINGS YIELD name, value WHERE name IN $names RETURN name, value",
        {
            "names": [
                "db.transaction.timeout",
                "db.memory.transaction.max",
                "dbms.memory.transaction.total.max",
            ]
        },
    )
    values = {row["name"]: row["value"] for row in rows}
    assert values["db.transaction.timeout"] not in ("0s", "0", "PT0S")
    assert values["db.memory.transaction.max"] not in ("0B", "0")
    assert values["dbms.memory.transaction.total.max"] not in ("0B", "0")


def test_generated_config_has_limits_and_no_open_cors(tmp_path: Path) -> None:
    memory = server.Memory(heap="1g", pagecache="128m")
    closed = server.write_config(tmp_path / "a", 7687, None, memory, auth=True).read_text()
    assert "server.http.enabled=false" in closed
    assert "dbms.security.auth_enabled=true" in closed
    assert "db.memory.transaction.max=512m" in closed
    assert "dbms.memory.transaction.total.max=768m" in closed
    assert "db.transaction.timeout=" in closed
    opened = server.write_config(tmp_path / "b", 7687, 7475, memory, auth=True).read_text()
    assert "server.http.enabled=true" in opened
    assert "dbms.security.http_access_control_allow_origin=http://127.0.0.1:7475" in opened


def test_guard_is_pure_on_a_plan() -> None:
    plan = {
        "operatorType": "ProduceResults@neo4j",
        "args": {"Details": "x"},
        "children": [{"operatorType": "LoadCSV@neo4j", "args": {"Details": "row"}}],
    }
    assert any("LOAD CSV" in r for r in refusal_reasons("LOAD CSV ...", plan, "r"))
    fine = {"operatorType": "ProduceResults@neo4j", "args": {"Details": "`p.name`"}}
    assert refusal_reasons("MATCH (p) RETURN p.name", fine, "r") == []
    # the server's query type in words, Chinese first
    assert refusal_reasons("CREATE (p)", fine, "w") == [
        "只允许只读查询，此查询会写入数据 (only read queries; this one writes)"
    ]
    assert "会修改模式" in refusal_reasons("CREATE INDEX ...", fine, "s")[0]
    create = {
        "operatorType": "ProduceResults@neo4j",
        "children": [{"operatorType": "Create@neo4j"}],
    }
    assert refusal_reasons("CREATE (p)", create, "r") == [
        "不允许写操作（CREATE） (refused: writes (CREATE); plan operator Create)"
    ]
    assert scrub_text(f"x {HASH} y") == f"x {MASK} y"
    assert scrub_text(PASSWORD_HASH) == MASK
    assert scrub_text(ID_NUMBER) == MASK
    assert scrub_text("张三") == "张三"
