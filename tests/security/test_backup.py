"""`oversight db backup` / `db restore`: a round trip from one home into a fresh one gives the
same graph, the same database users (so the same password works), the same audit log and ID
key; the archive is private; a running server and a differing audit log are refused."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from graph import server
from graph.db import Database
from graph.settings import CREDENTIALS_FILE, local_settings

pytestmark = pytest.mark.slow

MEMORY = server.Memory(heap="512m", pagecache="128m")
COUNTS = "MATCH (n) RETURN labels(n)[0] AS label, count(*) AS n ORDER BY label"


def cli(*args: str, data: Path, home: Path) -> subprocess.CompletedProcess:
    """The real entry point, with the user's data directory (audit log, ID key) in `data`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "OVERSIGHT_"))}
    env.update(XDG_DATA_HOME=str(data), OVERSIGHT_HOME=str(home))
    return subprocess.run(
        [sys.executable, "-c", "from app.cli import main; main()", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )


def counts(home: Path) -> list[dict]:
    database = Database(local_settings(home))
    try:
        return database.read(COUNTS)
    finally:
        database.close()


def test_backup_restore_round_trip(tmp_path: Path) -> None:
    home, data = tmp_path / "home", tmp_path / "data"
    state = data / "oversight"
    state.mkdir(parents=True)
    (state / "audit.jsonl").write_text('{"action": "view_person"}\n', encoding="utf-8")
    (state / "id.key").write_text("ab" * 32 + "\n", encoding="ascii")
    server.start(home, bolt_port=server.free_port(), memory=MEMORY)
    try:
        database = Database(local_settings(home))
        database.write(
            "UNWIND range(1, 40) AS i CREATE (:Person {pid: 'P' + i})-[:HOLDS_POST]->"
            "(:Unit {unit_id: 'U' + i})"
        )
        database.write("CREATE (:Case {case_id: 'C1'})")
        database.close()
        before = counts(home)
        running = cli("db", "backup", "--to", str(tmp_path / "x.tar"), data=data, home=home)
        assert running.returncode == 1
        assert "db stop" in running.stderr and "Traceback" not in running.stderr
        assert not (tmp_path / "x.tar").exists()
    finally:
        server.stop(home)

    archive = tmp_path / "backups" / "oversight.tar"
    made = cli("db", "backup", "--to", str(archive), data=data, home=home)
    assert made.returncode == 0, made.stderr
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    with tarfile.open(archive) as tar:
        names = set(tar.getnames())
    assert {"neo4j.dump", "system.dump", "state/audit.jsonl", "state/id.key"} <= names
    assert f"state/{CREDENTIALS_FILE}" in names

    # A fresh machine: another home, another data directory.
    fresh, fresh_data = tmp_path / "fresh", tmp_path / "fresh-data"
    (fresh_data / "oversight").mkdir(parents=True)
    (fresh_data / "oversight" / "audit.jsonl").write_text("other\n", encoding="utf-8")
    refused = cli("db", "restore", str(archive), data=fresh_data, home=fresh)
    assert refused.returncode == 1 and "--force" in refused.stderr
    assert not (fresh / "data" / "databases" / "neo4j").exists()
    (fresh_data / "oversight" / "audit.jsonl").unlink()

    restored = cli("db", "restore", str(archive), data=fresh_data, home=fresh)
    assert restored.returncode == 0, restored.stderr
    for name in ("audit.jsonl", "id.key"):
        copy = fresh_data / "oversight" / name
        assert copy.read_bytes() == (state / name).read_bytes()
        assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    server.start(fresh, bolt_port=server.free_port(), memory=MEMORY)
    try:
        # The restored users: the backed-up password (restored with them) is accepted.
        assert counts(fresh) == before
    finally:
        server.stop(fresh)


def test_restore_refuses_what_is_not_a_backup(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.tar"
    with tarfile.open(bogus, "w") as tar:
        (tmp_path / "evil").write_text("x", encoding="utf-8")
        tar.add(tmp_path / "evil", arcname="../../evil")
    result = cli("db", "restore", str(bogus), data=tmp_path / "d", home=tmp_path / "h")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "unexpected entry" in result.stderr
    missing = cli(
        "db", "restore", str(tmp_path / "none.tar"), data=tmp_path / "d", home=tmp_path / "h"
    )
    assert missing.returncode == 1 and "no such backup file" in missing.stderr
