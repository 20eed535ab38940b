"""Login sessions that survive a new tab (app/sessions.py) against the real Neo4j: only the
token's hash is stored; a forged, expired or revoked token is no session; disabling a user or
changing his password ends his sessions; the one-time code works once. The browser side
(cookie set by the route, a new page of the same browser, logout) is in test_app_pages.py."""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path

import pytest

from app import auth, roles, sessions
from graph.db import Database

PASSWORD = "correct horse battery 9"
SETTINGS = auth.Settings(idle_minutes=30, lifetime_hours=12)


@pytest.fixture
def alice(db: Database) -> str:
    auth.create_user(db, "alice", roles.ANALYST, PASSWORD)
    return "alice"


def stored_values(db: Database) -> list[object]:
    rows = db.read("MATCH (s:AppSession) RETURN properties(s) AS p")
    return [value for row in rows for value in row["p"].values()]


def test_a_session_is_found_by_its_token_and_only_its_hash_is_stored(
    db: Database, alice: str
) -> None:
    token, kept = sessions.create(db, alice, SETTINGS)
    assert len(token) >= 43  # 32 random bytes, URL-safe base64
    assert token not in stored_values(db) and token not in json.dumps(kept, default=str)
    assert kept["token_hash"] == sessions.token_hash(token) in stored_values(db)
    session, why = sessions.resume(db, token, SETTINGS)
    assert why is None and session is not None
    assert session["name"] == alice and session["role"] == roles.ANALYST
    # two logins: two sessions, two different tokens
    other, _ = sessions.create(db, alice, SETTINGS)
    assert other != token
    assert sessions.resume(db, other, SETTINGS)[0] is not None


@pytest.mark.parametrize(
    "token", ["", "forged-token", "x" * 5000, sessions.token_hash("forged"), "' OR 1=1 //"]
)
def test_a_forged_token_is_no_session(db: Database, alice: str, token: str) -> None:
    sessions.create(db, alice, SETTINGS)
    assert sessions.resume(db, token, SETTINGS) == (None, None)


def test_an_expired_session_is_no_session_and_is_removed(db: Database, alice: str) -> None:
    now = dt.datetime.now(dt.UTC)
    old, _ = sessions.create(db, alice, SETTINGS, now=now - dt.timedelta(hours=13))
    assert sessions.resume(db, old, SETTINGS, now) == (None, "lifetime")
    idle, _ = sessions.create(db, alice, SETTINGS, now=now - dt.timedelta(minutes=31))
    assert sessions.resume(db, idle, SETTINGS, now) == (None, "idle")
    assert stored_values(db) == []  # both ended
    # a shorter lifetime set after the login also ends it: the stored expiry is a bound too
    fresh, _ = sessions.create(db, alice, SETTINGS, now=now - dt.timedelta(minutes=5))
    assert sessions.resume(db, fresh, SETTINGS, now)[0] is not None
    short = auth.Settings(idle_minutes=30, lifetime_hours=0.05)
    assert sessions.resume(db, fresh, short, now) == (None, "lifetime")


def test_a_revoked_session_is_no_session(db: Database, alice: str) -> None:
    token, kept = sessions.create(db, alice, SETTINGS)
    sessions.end(db, kept["token_hash"])
    assert sessions.resume(db, token, SETTINGS) == (None, None)
    assert not sessions.still_open(db, {**kept, "touched": None})


def test_disabling_a_user_or_changing_his_password_ends_his_sessions(
    db: Database, alice: str, audit_log: Path
) -> None:
    auth.create_user(db, "bob", roles.VIEWER, PASSWORD)
    first, _ = sessions.create(db, alice, SETTINGS)
    second, _ = sessions.create(db, alice, SETTINGS)
    bobs, _ = sessions.create(db, "bob", SETTINGS)
    auth.set_disabled(db, alice, True)
    assert sessions.resume(db, first, SETTINGS)[0] is None
    assert sessions.resume(db, second, SETTINGS)[0] is None
    assert sessions.resume(db, bobs, SETTINGS)[0] is not None  # not bob's
    auth.set_disabled(db, alice, False)
    third, _ = sessions.create(db, alice, SETTINGS)
    auth.set_password(db, alice, "a new good secret 42")
    assert sessions.resume(db, third, SETTINGS)[0] is None
    entries = [json.loads(line) for line in audit_log.read_text(encoding="utf-8").splitlines()]
    ended = {
        e["action"]: e["detail"] for e in entries if e["action"] in ("user_disable", "user_passwd")
    }
    assert ended == {"user_disable": {"sessions_ended": 2}, "user_passwd": {"sessions_ended": 1}}
    # the token never reaches the audit log
    text = audit_log.read_text(encoding="utf-8")
    assert all(token not in text for token in (first, second, third, bobs))


def test_a_disabled_user_s_session_left_behind_is_no_session(db: Database, alice: str) -> None:
    token, _ = sessions.create(db, alice, SETTINGS)
    # disabled by a direct write (not through auth): resume still checks the user
    db.write("MATCH (u:AppUser {name: $n}) SET u.disabled = true", {"n": alice})
    assert sessions.resume(db, token, SETTINGS) == (None, "disabled")


def test_the_last_seen_time_is_written_at_most_every_half_minute(db: Database, alice: str) -> None:
    now = dt.datetime.now(dt.UTC)
    _, kept = sessions.create(db, alice, SETTINGS, now=now)
    session = {**kept, "touched": now}
    assert sessions.still_open(db, session, now + dt.timedelta(seconds=10))
    assert sessions.lookup(db, kept["token_hash"])["last_seen"] == now  # not written
    later = now + dt.timedelta(seconds=45)
    assert sessions.still_open(db, session, later)
    assert sessions.lookup(db, kept["token_hash"])["last_seen"] == later
    assert session["touched"] == later


def test_the_one_time_code_gives_the_token_once_and_not_after_a_minute() -> None:
    code = sessions.hand_off("the-token")
    assert code != "the-token"
    assert sessions.take(code) == "the-token"
    assert sessions.take(code) is None  # used
    assert sessions.take("made-up") is None and sessions.take("") is None
    late = sessions.hand_off("other-token")
    digest = sessions.token_hash(late)
    token, _ = sessions._handoffs[digest]
    sessions._handoffs[digest] = (token, time.monotonic() - 1)  # its minute is over
    assert sessions.take(late) is None


def test_the_cookie_is_httponly_strict_for_the_whole_app_until_the_session_ends() -> None:
    header = sessions.cookie_header("tok", SETTINGS, secure=False)
    parts = header.split("; ")
    assert parts[0] == "oversight_session=tok"
    assert {"HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=43200"} <= set(parts)
    assert "Secure" not in parts and "Secure" in sessions.cookie_header("t", SETTINGS, True)
    cleared = sessions.clear_cookie_header(False).split("; ")
    assert cleared[0] == "oversight_session=" and "Max-Age=0" in cleared
