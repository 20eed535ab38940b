"""Where the database is: the environment (any Neo4j) or the project's own local server."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

INSTANCE_FILE = "oversight-instance.json"


@dataclass(frozen=True)
class ConnectionSettings:
    uri: str
    user: str | None
    password: str | None
    database: str | None
    origin: str  # "env" (NEO4J_URI) or the local home directory it came from

    @property
    def auth(self) -> tuple[str, str] | None:
        if self.password is None:
            return None
        return (self.user or "neo4j", self.password)


def default_home() -> Path:
    """The local server's home: $OVERSIGHT_HOME, else the user's data directory."""
    root = os.environ.get("OVERSIGHT_HOME")
    if root:
        return Path(root).expanduser()
    return Path(platformdirs.user_data_dir("oversight")) / "neo4j"


def read_instance(home: Path) -> dict | None:
    """The record `oversight db start` leaves in a home: ports, pid, whether auth is on."""
    path = home / INSTANCE_FILE
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def connection_settings(home: Path | None = None) -> ConnectionSettings:
    """NEO4J_URI and friends win; otherwise the local server in `home` (default home)."""
    uri = os.environ.get("NEO4J_URI")
    if uri:
        return ConnectionSettings(
            uri=uri,
            user=os.environ.get("NEO4J_USER", "neo4j"),
            password=os.environ.get("NEO4J_PASSWORD"),
            database=os.environ.get("NEO4J_DATABASE") or None,
            origin="env",
        )
    home = home or default_home()
    instance = read_instance(home) or {}
    bolt_port = instance.get("bolt_port", 7687)
    return ConnectionSettings(
        uri=f"bolt://127.0.0.1:{bolt_port}",
        user="neo4j",
        password=instance.get("password") or os.environ.get("NEO4J_PASSWORD"),
        database=None,
        origin=str(home),
    )
