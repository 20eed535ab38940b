"""The database of a benchmark server left running in a home (`--keep`), for the scripts that
measure against it: rules_profile, rules_compare, rules_split, rules_flags_ab. (identity_bench
imports the project from the tree it is given, so it connects by itself.)"""

from __future__ import annotations

import sys
from pathlib import Path

from graph import server
from graph.db import Database
from graph.settings import ConnectionSettings, read_credentials


def running_db(home: Path) -> Database:
    """A connection to the server running in `home`; exits with a sentence when none is."""
    state = server.status(home)
    if not state.running or state.uri is None:
        sys.exit(f"no server running in {home}")
    password = (read_credentials(home) or {}).get("password")
    return Database(ConnectionSettings(state.uri, "neo4j", password, None, "env"))
