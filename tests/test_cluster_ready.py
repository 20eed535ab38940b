"""Ready for a cluster: the product through a `neo4j://` routing URI, on a database that is
not called `neo4j`.

A local server whose home database is `oversight` (`initial.dbms.default_database`; Neo4j
Community has one user database, so the name is chosen when the home is created). Through
`neo4j://` the driver fetches a routing table and sends read transactions to readers and
write transactions to writers, as on a cluster or Aura; a write sent in a read transaction is
refused by the server, so a load, the identity step and every rule running here show that
each goes through the right kind of transaction.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from app.cli import cli
from graph import server
from graph.db import Database, get_db, reset_db
from graph.settings import connection_settings
from loaders.pipeline import load_path
from tests.conftest import TEST_MEMORY
from tests.loaders.dbload import write_city


@pytest.fixture(scope="module")
def routed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str | None]]:
    home = tmp_path_factory.mktemp("oversight-db-home")
    started = server.start(
        home,
        bolt_port=server.free_port(),
        http_port=server.free_port(),
        memory=TEST_MEMORY,
        default_database="oversight",
    )
    try:
        yield started.uri.replace("bolt://", "neo4j://"), started.password
    finally:
        server.stop(home)


@pytest.fixture
def env(routed: tuple[str, str | None], monkeypatch: pytest.MonkeyPatch) -> Iterator[Database]:
    uri, password = routed
    monkeypatch.setenv("NEO4J_URI", uri)
    monkeypatch.setenv("NEO4J_DATABASE", "oversight")
    if password is None:
        monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    else:
        monkeypatch.setenv("NEO4J_PASSWORD", password)
    reset_db()
    yield get_db()
    reset_db()


def test_home_database_is_not_neo4j(env: Database) -> None:
    names = {row["name"] for row in env.read("SHOW DATABASES YIELD name RETURN name")}
    assert "oversight" in names and "neo4j" not in names
    assert connection_settings().database == "oversight"


def test_a_write_in_a_read_transaction_is_refused(env: Database) -> None:
    # what makes the rest of this file a check of the transaction kinds
    from neo4j.exceptions import Neo4jError

    with pytest.raises(Neo4jError):
        env.read("CREATE (:Probe) RETURN 1 AS x")


def test_load_identity_and_flags_through_routing(env: Database, tmp_path: Path) -> None:
    folder = write_city(tmp_path / "city")
    summary = load_path(folder)
    assert summary.rows_read > 0 and summary.identity is not None
    counted = env.read("MATCH (n) RETURN count(n) AS n")[0]["n"]
    assert counted > 0
    again = load_path(folder)  # incremental: nothing new
    assert again.created == 0 and again.updated == 0
    result = CliRunner().invoke(cli, ["flags", "--format", "json", "--as-of", "2025-06-30"])
    assert result.exit_code == 0, result.output
    assert isinstance(json.loads(result.stdout), list)
    result = CliRunner().invoke(cli, ["stats", "--format", "json", "--as-of", "2025-06-30"])
    assert result.exit_code == 0, result.output
