"""Login sessions that outlive a browser tab: a random token in an HttpOnly cookie, its hash
in Neo4j.

At login the app creates a token (`secrets.token_urlsafe(32)`, 256 bits) and stores only its
SHA-256 as an `:AppSession` node beside the `:AppUser` (created, last seen, expires). The
browser receives the token as the cookie `oversight_session` (HttpOnly, SameSite=Strict,
Path=/, Max-Age = the absolute lifetime). A Streamlit script cannot send a `Set-Cookie`
header, so the page hands the browser a one-time code instead (valid 60 s, kept in this
process only) and a same-origin `fetch` POSTs it to the route app/web.py serves; the route
answers with the cookie. The token itself is thus never in the page, a URL, a log or the
audit, and scripts on the page cannot read it.

A new tab or a reload sends the cookie with the websocket's request; `st.context.cookies`
reads it and `resume` finds the session when it still holds: not ended (logout, user
disabled, password changed), not idle longer than `OVERSIGHT_SESSION_IDLE_MINUTES`, not older
than `OVERSIGHT_SESSION_HOURS`, the user not disabled. Anything else (a forged, expired or
revoked token) is no session: the login page.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import threading
import time
from typing import Any

from app.auth import Settings, session_expiry
from graph.cypherfiles import read_cypher
from graph.db import Database, to_native

COOKIE = "oversight_session"
TOKEN_BYTES = 32
HANDOFF_SECONDS = 60.0
# The routes app/web.py serves (the page's script POSTs to them, same origin).
SET_COOKIE_PATH = "/api/oversight/session"
CLEAR_COOKIE_PATH = "/api/oversight/logout"
# last_seen is written at most this often (a click is not a database write each time).
TOUCH_SECONDS = 30.0
MAX_TOKEN_LENGTH = 256  # a longer cookie is not one of ours: not even hashed


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def token_hash(token: str) -> str:
    """What is stored and looked up: the token is 256 random bits, so a plain SHA-256 is
    enough (no dictionary to try), and a read of the node gives no login."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create(
    db: Database, name: str, settings: Settings | None = None, now: dt.datetime | None = None
) -> tuple[str, dict[str, Any]]:
    """A new session for user `name`: (the token for the cookie, the session as the tab
    keeps it). Sessions past their lifetime are purged at the same time."""
    settings = settings or Settings.from_env()
    now = now or _now()
    token = secrets.token_urlsafe(TOKEN_BYTES)
    digest = token_hash(token)
    expires = now + dt.timedelta(hours=settings.lifetime_hours)
    db.write(
        read_cypher("app/cypher/sessions_create"),
        {"name": name, "token_hash": digest, "now": now, "expires": expires},
    )
    return token, {"token_hash": digest, "started": now, "last_seen": now}


def lookup(db: Database, digest: str) -> dict[str, Any] | None:
    rows = db.read(read_cypher("app/cypher/sessions_get"), {"token_hash": digest})
    return {k: to_native(v) for k, v in rows[0].items()} if rows else None


def resume(
    db: Database,
    token: str | None,
    settings: Settings | None = None,
    now: dt.datetime | None = None,
) -> tuple[dict[str, Any] | None, str | None]:
    """(the session the cookie's token stands for, None) while it holds; (None, why) else:
    why is None for no/unknown token, `idle`/`lifetime` for an expired one (then ended
    here), `disabled` for a disabled user."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None, None
    settings = settings or Settings.from_env()
    now = now or _now()
    digest = token_hash(token)
    row = lookup(db, digest)
    if row is None:
        return None, None
    session = {
        "name": row["name"],
        "role": row["role"],
        "started": row["created"],
        "last_seen": row["last_seen"],
        "token_hash": digest,
    }
    reason = session_expiry(session, settings, now)
    if reason is None and row["expires"] <= now:
        reason = "lifetime"
    if reason is None and row["disabled"]:
        reason = "disabled"
    if reason is not None:
        end(db, digest)
        return None, reason
    return session, None


def still_open(db: Database, session: dict[str, Any], now: dt.datetime | None = None) -> bool:
    """Whether the tab's session still stands in the database (not ended by a logout in
    another tab, a disable or a password change); writes its last-seen time when the last
    write (`session["touched"]`, updated here) is older than TOUCH_SECONDS."""
    digest = session.get("token_hash")
    if digest is None:  # a session without a cookie (tests' AppTest sessions)
        return True
    now = now or _now()
    touched = session.get("touched")
    if touched is not None and (now - touched).total_seconds() < TOUCH_SECONDS:
        return lookup(db, digest) is not None
    rows = db.write(read_cypher("app/cypher/sessions_touch"), {"token_hash": digest, "now": now})
    session["touched"] = now
    return bool(rows and rows[0]["sessions"])


def end(db: Database, digest: str) -> None:
    db.write(read_cypher("app/cypher/sessions_end"), {"token_hash": digest})


# --- the one-time code that carries a new token from the page's script run to the route ---

_handoffs: dict[str, tuple[str, float]] = {}
_lock = threading.Lock()


def hand_off(token: str) -> str:
    """A one-time code (valid HANDOFF_SECONDS) the page gives the browser in place of the
    token; the route trades it for the cookie."""
    code = secrets.token_urlsafe(TOKEN_BYTES)
    deadline = time.monotonic() + HANDOFF_SECONDS
    with _lock:
        for key in [k for k, (_, until) in _handoffs.items() if until < time.monotonic()]:
            del _handoffs[key]
        _handoffs[token_hash(code)] = (token, deadline)
    return code


def take(code: str) -> str | None:
    """The token for a one-time code, once; None for an unknown, used or expired code."""
    if not code or len(code) > MAX_TOKEN_LENGTH:
        return None
    with _lock:
        found = _handoffs.pop(token_hash(code), None)
    if found is None or found[1] < time.monotonic():
        return None
    return found[0]


def cookie_header(token: str, settings: Settings, secure: bool) -> str:
    """The `Set-Cookie` value: HttpOnly (no script reads it), SameSite=Strict (no other
    site's request carries it), for the whole app, until the session's absolute end."""
    max_age = int(settings.lifetime_hours * 3600)
    parts = [f"{COOKIE}={token}", "Path=/", f"Max-Age={max_age}", "HttpOnly", "SameSite=Strict"]
    if secure:
        parts.append("Secure")
    return "; ".join(parts)


def clear_cookie_header(secure: bool) -> str:
    parts = [f"{COOKIE}=", "Path=/", "Max-Age=0", "HttpOnly", "SameSite=Strict"]
    if secure:
        parts.append("Secure")
    return "; ".join(parts)
