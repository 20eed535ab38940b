"""App fixtures: a private audit log per test, and a real Neo4j holding a small sample city
(generated once per session, loaded once per module through the product's own loader)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app import auth, roles
from graph.db import Database, reset_db
from loaders.pipeline import load_path
from sample.scale import write_sample

# The app's users the tests log in as (created with the city; any test may add more).
APP_PASSWORD = "correct horse battery 9"
APP_USERS = {
    "测试调查员": roles.ADMIN,
    "viewer1": roles.VIEWER,
    "analyst1": roles.ANALYST,
    "officer1": roles.DATA_OFFICER,
}


def add_app_users(db: Database) -> None:
    for name, role in APP_USERS.items():
        if auth.get_user(db, name) is None:
            auth.create_user(db, name, role, APP_PASSWORD)


def session_of(name: str = "测试调查员") -> dict[str, Any]:
    """A logged-in session as the login form leaves it, for AppTest's session_state."""
    return auth.new_session({"name": name, "role": APP_USERS[name]})


# Smaller than the real city (10,000 companies) to keep a load to seconds; the planted
# rule cases are all still there.
COMPANIES_PER_BLOCK = 400


@pytest.fixture(autouse=True)
def audit_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "audit.jsonl"
    monkeypatch.setenv("OVERSIGHT_AUDIT_LOG", str(path))
    monkeypatch.setenv("OVERSIGHT_USER", "测试调查员")
    return path


@pytest.fixture(scope="session")
def city_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    out = tmp_path_factory.mktemp("sample-city")
    truth = write_sample(out, "city", seed=1, companies_per_block=COMPANIES_PER_BLOCK)
    return out, truth


@pytest.fixture(scope="module")
def city(
    _session_db: Database,
    city_files: tuple[Path, dict[str, Any]],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[dict]:
    """The sample city loaded into the test server; tests using it must not empty the graph
    (so they do not take the `db` fixture)."""
    out, truth = city_files
    with pytest.MonkeyPatch.context() as patch:
        # user creation is audited: never into the user's own log
        logs = tmp_path_factory.mktemp("city-audit")
        patch.setenv("OVERSIGHT_AUDIT_LOG", str(logs / "audit.jsonl"))
        patch.setenv("OVERSIGHT_AUDIT_KEY", str(logs / "audit.key"))
        _session_db.run_autocommit(
            "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
        )
        patch.setenv("NEO4J_URI", _session_db.settings.uri)
        if _session_db.settings.password is None:
            patch.delenv("NEO4J_PASSWORD", raising=False)
        else:
            patch.setenv("NEO4J_PASSWORD", _session_db.settings.password)
        patch.delenv("NEO4J_DATABASE", raising=False)
        reset_db()
        load_path(out, db=_session_db)
        add_app_users(_session_db)
        yield {"db": _session_db, "truth": truth, "dir": out}
        reset_db()
