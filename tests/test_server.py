"""The local server: start, second start, status, stop, taken port, unreachable database."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from app.cli import cli
from graph import schema, server
from graph.db import Database
from graph.errors import DatabaseUnavailable
from graph.settings import ConnectionSettings
from model.schema import NODE_KEYS

pytestmark = pytest.mark.slow


def run_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """The real entry point in a subprocess, so exit codes and stderr are the user's."""
    return subprocess.run(
        [sys.executable, "-c", "from app.cli import main; main()", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def test_start_status_second_start_stop(tmp_path: Path) -> None:
    home = tmp_path / "home"
    bolt, http = server.free_port(), server.free_port()
    ports = ["--bolt-port", str(bolt), "--http-port", str(http)]
    memory = ["--heap", "512m", "--pagecache", "128m"]

    started = run_cli("db", "start", "--home", str(home), *ports, *memory)
    try:
        assert started.returncode == 0, started.stderr
        assert f"bolt://127.0.0.1:{bolt}" in started.stdout

        again = run_cli("db", "start", "--home", str(home), *ports, *memory)
        assert again.returncode == 0, again.stderr
        assert "already running" in again.stdout

        state = run_cli("db", "status", "--home", str(home))
        assert state.returncode == 0, state.stderr
        assert "running" in state.stdout and "5.26" in state.stdout
        assert f"bolt://127.0.0.1:{bolt}" in state.stdout
    finally:
        stopped = run_cli("db", "stop", "--home", str(home))
    assert stopped.returncode == 0, stopped.stderr
    assert "stopped" in stopped.stdout
    assert not server.status(home).running
    after = run_cli("db", "status", "--home", str(home))
    assert "not running" in after.stdout


def test_taken_port_is_one_sentence_and_exit_3(tmp_path: Path) -> None:
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        taken = squatter.getsockname()[1]
        result = run_cli(
            "db",
            "start",
            "--home",
            str(tmp_path / "h"),
            "--bolt-port",
            str(taken),
            "--http-port",
            str(server.free_port()),
        )
    assert result.returncode == 3
    assert f"{taken}" in result.stderr and "占用" in result.stderr
    assert "neo4j.log" in result.stderr
    assert "Traceback" not in result.stderr


def test_unreachable_database_exit_3_without_traceback(tmp_path: Path) -> None:
    import os

    env = {**os.environ, "NEO4J_URI": f"bolt://127.0.0.1:{server.free_port()}"}
    result = run_cli("db", "migrate", env=env)
    assert result.returncode == 3, result.stderr
    assert "无法连接数据库" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_unreachable_raises_database_unavailable() -> None:
    settings = ConnectionSettings(
        f"bolt://127.0.0.1:{server.free_port()}", "neo4j", None, None, "env"
    )
    database = Database(settings)
    with pytest.raises(DatabaseUnavailable):
        database.read("RETURN 1 AS one")
    database.close()


def test_migrations_twice_are_idempotent(db: Database) -> None:
    first = schema.existing(db)
    schema.migrate(db)
    schema.migrate(db)
    second = schema.existing(db)
    assert first == second
    for key in NODE_KEYS:
        assert f"{key.label.lower()}_{key.property.lower()}_key" in second["constraints"]
    db.write("CREATE (:Unit {unit_id: 'U1'})")
    with pytest.raises(Exception, match="already exists"):
        db.write("CREATE (:Unit {unit_id: 'U1'})")


def test_cli_migrate_against_test_server(db: Database) -> None:
    result = CliRunner().invoke(cli, ["db", "migrate"])
    assert result.exit_code == 0, result.output
    assert "applied" in result.output
