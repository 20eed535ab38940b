"""Users and logins of the app; with app/roles.py (who may do what) re-exported here.

Users are `:AppUser` nodes in the same Neo4j as the graph (name unique, model/schema.py),
with an argon2id password hash, a disabled flag and a failed-login count that locks the
account for a while. The CLI (`oversight user …`) manages them; the app's login page
(app/ui/login.py) checks them; every page and every audited action calls `require(action)`
on the server side.

The roles table, the session of the script run and `require` live below this module
(app/roles.py, app/audit.py) so that the audit, which checks an action's permission before
writing it, and this module, which audits every login, do not import each other; their names
are re-exported here, where the pages and the CLI have always found them.

The CLI is not checked against these roles: whoever runs it holds the database password
(docs/security.md); its audit entries name the operating-system account (`os:NAME`).
"""

from __future__ import annotations

import datetime as dt
import os
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from app import audit
from app.audit import require
from app.roles import ROLES
from graph.cypherfiles import read_cypher
from graph.db import Database, to_native
from graph.errors import BadInput, OversightError
from graph.settings import env_text

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 1024  # argon2 takes any length; a bound keeps a request cheap
MAX_NAME_LENGTH = 64


@dataclass(frozen=True)
class Settings:
    """Session and lock-out settings; each from an environment variable, with a default."""

    idle_minutes: float = 30.0
    lifetime_hours: float = 12.0
    max_failures: int = 5
    lock_minutes: float = 15.0

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        names = {
            "idle_minutes": "OVERSIGHT_SESSION_IDLE_MINUTES",
            "lifetime_hours": "OVERSIGHT_SESSION_HOURS",
            "max_failures": "OVERSIGHT_LOGIN_MAX_FAILURES",
            "lock_minutes": "OVERSIGHT_LOGIN_LOCK_MINUTES",
        }
        values: dict[str, Any] = {}
        for field, variable in names.items():
            raw = env_text(variable, env)
            if not raw:
                continue
            kind = int if field == "max_failures" else float
            try:
                value = kind(raw)
            except ValueError:
                raise BadInput(f"{variable}={raw!r}: expected a positive number") from None
            if value <= 0:
                raise BadInput(f"{variable}={raw!r}: expected a positive number")
            values[field] = value
        return cls(**values)


class LoginRefused(OversightError):
    """A login that did not succeed. `reason` is one of bad, disabled, locked."""

    def __init__(self, reason: str, locked_until: dt.datetime | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.locked_until = locked_until


# --- passwords (pure) ---------------------------------------------------------------------


@cache
def _hasher() -> Any:
    from argon2 import PasswordHasher

    # argon2id with the library's defaults (RFC 9106 low-memory profile: 64 MiB, t=3).
    return PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

    if not password_hash:
        return False
    try:
        return _hasher().verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher().check_needs_rehash(password_hash)


# A real hash to verify against when the name is unknown, so that a wrong name and a wrong
# password take the same time (no probing for which names exist).
@cache
def _dummy_hash() -> str:
    return hash_password("not a password of anyone " + os.urandom(8).hex())


def check_name(name: str) -> str:
    """The user name, trimmed; BadInput saying what is wrong otherwise."""
    cleaned = unicodedata.normalize("NFC", name or "").strip()
    if not cleaned:
        raise BadInput("用户名为空 (the user name is empty)")
    if len(cleaned) > MAX_NAME_LENGTH:
        raise BadInput(
            f"用户名过长：{len(cleaned)} 个字符，最多 {MAX_NAME_LENGTH} "
            f"(user name too long: {len(cleaned)} characters, at most {MAX_NAME_LENGTH})"
        )
    if any(unicodedata.category(c).startswith(("C", "Z")) and c != " " for c in cleaned):
        raise BadInput(
            f"用户名 {cleaned!r} 含控制字符或特殊空白 (user name has control or special space characters)"
        )
    return cleaned


def check_role(role: str) -> str:
    if role not in ROLES:
        raise BadInput(f"未知角色 {role!r}，应为 {'|'.join(ROLES)} (unknown role)")
    return role


def password_problems(name: str, password: str) -> list[str]:
    """What the password policy finds wrong (empty: acceptable)."""
    problems = []
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append(
            f"密码至少 {MIN_PASSWORD_LENGTH} 个字符 (the password needs at least "
            f"{MIN_PASSWORD_LENGTH} characters; got {len(password)})"
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        problems.append(f"密码过长 (the password is longer than {MAX_PASSWORD_LENGTH})")
    if password.strip() != password or not password.strip():
        problems.append("密码首尾不能是空白 (the password may not start or end with spaces)")
    if name and name.casefold() in password.casefold():
        problems.append("密码不能包含用户名 (the password may not contain the user name)")
    if len(set(password)) < 4:
        problems.append("密码至少包含 4 个不同字符 (the password needs 4 different characters)")
    return problems


def check_password(name: str, password: str) -> None:
    problems = password_problems(name, password)
    if problems:
        raise BadInput("密码不符合要求 (the password does not meet the policy)", problems)


# --- users in Neo4j -------------------------------------------------------------------------


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _user(row: dict[str, Any]) -> dict[str, Any]:
    return {k: to_native(v) for k, v in row.items()}


def count_users(db: Database) -> int:
    return int(db.read(read_cypher("app/cypher/users_count"))[0]["users"])


def get_user(db: Database, name: str) -> dict[str, Any] | None:
    rows = db.read(read_cypher("app/cypher/users_get"), {"name": name})
    return _user(rows[0]) if rows else None


def list_users(db: Database) -> list[dict[str, Any]]:
    return [_user(row) for row in db.read(read_cypher("app/cypher/users_list"))]


def create_user(db: Database, name: str, role: str, password: str) -> dict[str, Any]:
    """A new user (BadInput: bad name, role or password, or the name taken). In the app,
    refused for any role but admin (as are the other changes below), before any write."""
    require("users")
    name, role = check_name(name), check_role(role)
    check_password(name, password)
    if get_user(db, name) is not None:
        raise BadInput(f"用户 {name} 已存在 (user {name} already exists)")
    db.write(
        read_cypher("app/cypher/users_create"),
        {"name": name, "role": role, "password_hash": hash_password(password), "now": _now()},
    )
    audit.record("user_add", target=name, detail={"role": role})
    return get_user(db, name) or {}


def _must_exist(db: Database, name: str) -> str:
    if get_user(db, name) is None:
        raise BadInput(f"没有用户 {name} (no user named {name})")
    return name


def end_sessions(db: Database, name: str) -> int:
    """End every login session of user `name` (app/sessions.py); how many there were."""
    rows = db.write(read_cypher("app/cypher/sessions_end_user"), {"name": name})
    return int(rows[0]["ended"]) if rows else 0


def set_disabled(db: Database, name: str, disabled: bool) -> None:
    """Disable (ending every open session at once) or enable (clearing a lock-out)."""
    require("users")
    _must_exist(db, name)
    db.write(read_cypher("app/cypher/users_set_disabled"), {"name": name, "disabled": disabled})
    if disabled:
        ended = end_sessions(db, name)
        audit.record("user_disable", target=name, detail={"sessions_ended": ended})
    else:
        audit.record("user_enable", target=name)


def set_password(db: Database, name: str, password: str) -> None:
    """A new password; every open session of the user ends (a stolen session with it)."""
    require("users")
    _must_exist(db, name)
    check_password(name, password)
    db.write(
        read_cypher("app/cypher/users_set_password"),
        {"name": name, "password_hash": hash_password(password), "now": _now()},
    )
    ended = end_sessions(db, name)
    audit.record("user_passwd", target=name, detail={"sessions_ended": ended})


def set_role(db: Database, name: str, role: str) -> None:
    """A new role; open sessions keep going with it (the gate re-reads the role each click)."""
    require("users")
    role = check_role(role)
    user = get_user(db, _must_exist(db, name))
    assert user is not None
    if user["role"] == role:
        return
    db.write(read_cypher("app/cypher/users_set_role"), {"name": name, "role": role})
    audit.record("user_role", target=name, detail={"from": user["role"], "to": role})


def authenticate(
    db: Database,
    name: str,
    password: str,
    settings: Settings | None = None,
    now: dt.datetime | None = None,
) -> dict[str, Any]:
    """The user when name and password are right and the account usable; LoginRefused
    otherwise (reason `bad` for a wrong name or password alike, `disabled`, `locked`).
    Every outcome is audited; the fifth failure in a row locks the account."""
    settings = settings or Settings.from_env()
    now = now or _now()
    name = unicodedata.normalize("NFC", name or "").strip()
    user = get_user(db, name) if name and len(name) <= MAX_NAME_LENGTH else None
    if user is None:
        verify_password(_dummy_hash(), password[:MAX_PASSWORD_LENGTH])
        audit.record("login_failed", target=name[:MAX_NAME_LENGTH], detail={"reason": "bad"})
        raise LoginRefused("bad")
    locked_until = user["locked_until"]
    if locked_until is not None and locked_until > now:
        audit.record("login_failed", target=name, detail={"reason": "locked"})
        raise LoginRefused("locked", locked_until)
    good = verify_password(user["password_hash"], password[:MAX_PASSWORD_LENGTH])
    if not good:
        lock_until = now + dt.timedelta(minutes=settings.lock_minutes)
        (row,) = db.write(
            read_cypher("app/cypher/users_login_failed"),
            {"name": name, "max_failures": settings.max_failures, "lock_until": lock_until},
        )
        audit.record("login_failed", target=name, detail={"reason": "bad"})
        if row["locked"]:
            audit.record(
                "user_locked",
                target=name,
                detail={"failures": settings.max_failures, "until": lock_until.isoformat()},
            )
            raise LoginRefused("locked", lock_until)
        raise LoginRefused("bad")
    if user["disabled"]:
        audit.record("login_failed", target=name, detail={"reason": "disabled"})
        raise LoginRefused("disabled")
    rehash = hash_password(password) if needs_rehash(user["password_hash"]) else None
    db.write(
        read_cypher("app/cypher/users_login_ok"),
        {"name": name, "now": now, "password_hash": rehash},
    )
    return user


# --- sessions (pure) ------------------------------------------------------------------------


def new_session(user: Mapping[str, Any], now: dt.datetime | None = None) -> dict[str, Any]:
    now = now or _now()
    return {"name": user["name"], "role": user["role"], "started": now, "last_seen": now}


def session_expiry(
    session: Mapping[str, Any], settings: Settings, now: dt.datetime | None = None
) -> str | None:
    """Why the session has ended (`idle` or `lifetime`), or None while it holds."""
    now = now or _now()
    if now - session["started"] > dt.timedelta(hours=settings.lifetime_hours):
        return "lifetime"
    if now - session["last_seen"] > dt.timedelta(minutes=settings.idle_minutes):
        return "idle"
    return None


# --- identity reveal -------------------------------------------------------------------------

MIN_REASON_LENGTH = 10


def reveal_identity(db: Database, person_id: str, reason: str) -> dict[str, Any]:
    """An admin's look at a person's clear 身份证号, with a stated reason, audited.

    The graph keeps only a keyed hash and a mask unless the load ran with the explicit clear
    option (`store_clear_ids`); then the clear number is there to show. Otherwise the answer
    says honestly that it cannot be recovered from the graph. Returns {pid, name, id_number
    (or None), id_masked, recoverable}."""
    require("identity_reveal")
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise BadInput(
            f"请说明理由（至少 {MIN_REASON_LENGTH} 个字符） "
            f"(state a reason of at least {MIN_REASON_LENGTH} characters)"
        )
    rows = db.read(read_cypher("app/cypher/reveal_identity"), {"pid": person_id})
    if not rows:
        raise BadInput(f"没有人员 {person_id} (no person with pid {person_id})")
    row = rows[0]
    recoverable = row["id_number"] is not None
    audit.record(
        "reveal_identity",
        target=person_id,
        detail={"reason": reason, "recoverable": recoverable},
    )
    return {
        "pid": row["pid"],
        "name": row["name"],
        "id_masked": row["id_masked"],
        "id_number": row["id_number"],
        "recoverable": recoverable,
    }
