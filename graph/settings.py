"""Where the database is: the environment (any Neo4j) or the project's own local server.

Resolution order: NEO4J_URI (with NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE) wins; else the
local server in the home directory, whose password `oversight db start` keeps in a
credentials file of its own (mode 0600, created so from the start), never in the instance
record and never on a command line.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs

INSTANCE_FILE = "oversight-instance.json"
CREDENTIALS_FILE = "oversight-credentials.json"
LOCAL_USER = "neo4j"
LOCAL_DATABASE = "neo4j"


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

    def __repr__(self) -> str:  # the password never reaches a log or a traceback
        shown = "***" if self.password is not None else None
        return (
            f"ConnectionSettings(uri={self.uri!r}, user={self.user!r}, password={shown!r}, "
            f"database={self.database!r}, origin={self.origin!r})"
        )


def default_home() -> Path:
    """The local server's home: $OVERSIGHT_HOME, else the user's data directory."""
    root = os.environ.get("OVERSIGHT_HOME")
    if root:
        return Path(root).expanduser()
    return Path(platformdirs.user_data_dir("oversight")) / "neo4j"


def read_instance(home: Path) -> dict | None:
    """The record `oversight db start` leaves in a home: ports, pid, whether auth is on."""
    path = Path(home) / INSTANCE_FILE
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def credentials_path(home: Path) -> Path:
    return Path(home) / CREDENTIALS_FILE


def read_credentials(home: Path) -> dict[str, Any] | None:
    """{"user": ..., "password": ...} of the local server in `home`, or None."""
    path = credentials_path(home)
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def local_settings(home: Path) -> ConnectionSettings:
    """How to reach the local server in `home` (its port and, when auth is on, password)."""
    home = Path(home)
    instance = read_instance(home) or {}
    bolt_port = instance.get("bolt_port", 7687)
    credentials = read_credentials(home) or {}
    password = credentials.get("password") or instance.get("password")
    return ConnectionSettings(
        uri=f"bolt://127.0.0.1:{bolt_port}",
        user=credentials.get("user", LOCAL_USER),
        password=password or os.environ.get("NEO4J_PASSWORD"),
        database=None,
        origin=str(home),
    )


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
    return local_settings(home or default_home())
