"""Test fixtures: one throwaway real Neo4j per test session, an empty graph per test.

The server is started through the same code as `oversight db start` (graph.server.start),
in a temporary home on free ports, with authentication on (its generated password is passed
to the tests' connections and, through NEO4J_PASSWORD, to the CLI), and stopped at the end. Set OVERSIGHT_TEST_NEO4J_URI to
use an already running server instead (it will be emptied!).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph import schema, server
from graph.db import Database, reset_db
from graph.settings import ConnectionSettings

TEST_MEMORY = server.Memory(heap="1g", pagecache="256m")


@pytest.fixture(autouse=True)
def _private_audit_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """CLI and app code under test record to a log of the test's own, never the user's."""
    path = tmp_path / "audit.jsonl"
    monkeypatch.setenv("OVERSIGHT_AUDIT_LOG", str(path))
    monkeypatch.setenv("OVERSIGHT_AUDIT_KEY", str(tmp_path / "audit.key"))
    return path


@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ConnectionSettings]:
    external = os.environ.get("OVERSIGHT_TEST_NEO4J_URI")
    if external:
        yield ConnectionSettings(external, "neo4j", os.environ.get("NEO4J_PASSWORD"), None, "env")
        return
    home = tmp_path_factory.mktemp("neo4j-home")
    result = server.start(
        home, bolt_port=server.free_port(), http_port=server.free_port(), memory=TEST_MEMORY
    )
    try:
        yield ConnectionSettings(result.uri, "neo4j", result.password, None, "env")
    finally:
        server.stop(home)


@pytest.fixture(scope="session")
def _session_db(neo4j_server: ConnectionSettings) -> Iterator[Database]:
    database = Database(neo4j_server)
    schema.migrate(database)
    yield database
    database.close()


def use_password(monkeypatch: pytest.MonkeyPatch, settings: ConnectionSettings) -> None:
    """NEO4J_PASSWORD as the test server wants it (the CLI and subprocesses read it)."""
    if settings.password is None:
        monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    else:
        monkeypatch.setenv("NEO4J_PASSWORD", settings.password)


def empty_graph(database: Database) -> None:
    database.run_autocommit("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS")


@pytest.fixture
def db(_session_db: Database, monkeypatch: pytest.MonkeyPatch) -> Iterator[Database]:
    """A Database on an empty graph (schema applied). The CLI in the same process and any
    subprocess see the same server through NEO4J_URI."""
    empty_graph(_session_db)
    settings = _session_db.settings
    monkeypatch.setenv("NEO4J_URI", settings.uri)
    use_password(monkeypatch, settings)
    monkeypatch.delenv("NEO4J_DATABASE", raising=False)
    reset_db()
    yield _session_db
    reset_db()


@pytest.fixture
def shared_dir() -> Path | None:
    """../shared beside the repository (present on developers' machines and in CI)."""
    candidate = Path(__file__).resolve().parents[1].parent / "shared"
    return candidate if candidate.exists() else None
