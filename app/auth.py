"""Users, roles and logins of the app: who may do what, written once as data.

Users are `:AppUser` nodes in the same Neo4j as the graph (name unique, model/schema.py),
with an argon2id password hash, a disabled flag and a failed-login count that locks the
account for a while. The CLI (`oversight user …`) manages them; the app's login page
(app/ui/login.py) checks them; every page and every audited action calls `require(action)`
on the server side.

Roles are cumulative, but the table below says so explicitly per action rather than through
an order, so that a reader sees at once who may do what: admin may do everything, analyst
everything a viewer may plus dossiers, explorer, query box and exports, data_officer
everything a viewer may plus imports.

The CLI is not checked against these roles: whoever runs it holds the database password
(docs/security.md); its audit entries name the operating-system account (`os:NAME`).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from graph.cypherfiles import read_cypher
from graph.db import Database, to_native
from graph.errors import BadInput, OversightError
from graph.settings import env_text

VIEWER, ANALYST, DATA_OFFICER, ADMIN = "viewer", "analyst", "data_officer", "admin"
ROLES: dict[str, tuple[str, str]] = {
    VIEWER: ("查看员", "viewer"),
    ANALYST: ("分析员", "analyst"),
    DATA_OFFICER: ("数据管理员", "data officer"),
    ADMIN: ("系统管理员", "admin"),
}

_EVERYONE = frozenset(ROLES)
# action -> the roles allowed to do it. The one table the pages, the navigation, the audit
# hook and docs/security.md read.
PERMISSIONS: dict[str, frozenset[str]] = {
    "overview": _EVERYONE,
    "reports": _EVERYONE,  # flags and risk ranking (the canned reports)
    "dossiers": frozenset({ANALYST, ADMIN}),  # a person's or unit's card
    "explorer": frozenset({ANALYST, ADMIN}),
    "query": frozenset({ANALYST, ADMIN}),  # the ad-hoc query box
    "export": frozenset({ANALYST, ADMIN}),
    "cases": frozenset({ANALYST, ADMIN}),  # the case queue: triage, assignment, notes
    "import": frozenset({DATA_OFFICER, ADMIN}),  # loads, sources, identity-match decisions
    "users": frozenset({ADMIN}),
    "rules_config": frozenset({ADMIN}),
    "identity_reveal": frozenset({ADMIN}),
    "audit": frozenset({ADMIN}),
}

ACTION_NAMES: dict[str, tuple[str, str]] = {
    "overview": ("总览", "overview"),
    "reports": ("报告与风险线索", "reports and flags"),
    "dossiers": ("人员/单位档案", "dossiers"),
    "explorer": ("图谱浏览", "explorer"),
    "query": ("自定义查询", "query box"),
    "export": ("导出", "exports"),
    "cases": ("线索处置", "cases"),
    "import": ("数据导入", "import"),
    "users": ("用户管理", "users"),
    "rules_config": ("规则配置", "rules configuration"),
    "identity_reveal": ("查看身份证号", "identity reveal"),
    "audit": ("审计日志", "audit log"),
}

# The app's pages (url path) -> the action opening them needs. A page missing here is
# admin-only until it is declared: a new page is never open by accident.
PAGE_ACTIONS: dict[str, str] = {
    "overview": "overview",
    "flags": "reports",
    "risk": "reports",
    "explore": "explorer",
    "query": "query",
    "data": "import",
    "audit": "audit",
    "person": "dossiers",
    "unit": "dossiers",
    "company": "dossiers",
    "flag": "reports",
    "import": "import",
    "rules": "rules_config",
    "cases": "cases",
    "case": "cases",
}
UNDECLARED_PAGE_ACTION = "audit"  # admin only

# Audited actions (app/audit.py ACTIONS) -> the permission they need in the app, checked when
# a page records one: the action handlers of every page are checked server-side even when a
# page forgets its own `require`.
AUDITED_ACTION_PERMISSIONS: dict[str, str] = {
    "view_person": "dossiers",
    "view_unit": "dossiers",
    "view_evidence": "reports",
    "run_report": "reports",
    "run_flags": "reports",
    "run_risk": "reports",
    "adhoc_query": "query",
    "decide_match": "import",
    "export": "export",
    "reveal_identity": "identity_reveal",
    "record_run": "reports",
    "view_case": "cases",
    "update_case": "cases",
    "case_report": "cases",
}

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


class NotLoggedIn(OversightError):
    """The app was asked for something without a session."""


class Refused(OversightError):
    """The logged-in user's role may not do this action."""

    def __init__(self, action: str, role: str | None) -> None:
        zh, en = ACTION_NAMES.get(action, (action, action))
        super().__init__(f"无权限：当前角色不能使用「{zh}」 (refused: the role may not use {en})")
        self.action = action
        self.role = role


class LoginRefused(OversightError):
    """A login that did not succeed. `reason` is one of bad, disabled, locked."""

    def __init__(self, reason: str, locked_until: dt.datetime | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.locked_until = locked_until


def allowed(role: str | None, action: str) -> bool:
    """May `role` do `action`? Unknown actions are nobody's."""
    return role is not None and role in PERMISSIONS.get(action, frozenset())


def page_action(page: str) -> str:
    return PAGE_ACTIONS.get(page, UNDECLARED_PAGE_ACTION)


def role_label(role: str, lang: str = "zh") -> str:
    zh, en = ROLES.get(role, (role, role))
    return f"{zh} ({en})" if lang == "zh" else en


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
    """A new user (BadInput: bad name, role or password, or the name taken)."""
    name, role = check_name(name), check_role(role)
    check_password(name, password)
    if get_user(db, name) is not None:
        raise BadInput(f"用户 {name} 已存在 (user {name} already exists)")
    db.write(
        read_cypher("app/cypher/users_create"),
        {"name": name, "role": role, "password_hash": hash_password(password), "now": _now()},
    )
    from app import audit

    audit.record("user_add", target=name, detail={"role": role})
    return get_user(db, name) or {}


def _must_exist(db: Database, name: str) -> str:
    if get_user(db, name) is None:
        raise BadInput(f"没有用户 {name} (no user named {name})")
    return name


def set_disabled(db: Database, name: str, disabled: bool) -> None:
    _must_exist(db, name)
    db.write(read_cypher("app/cypher/users_set_disabled"), {"name": name, "disabled": disabled})
    from app import audit

    audit.record("user_disable" if disabled else "user_enable", target=name)


def set_password(db: Database, name: str, password: str) -> None:
    _must_exist(db, name)
    check_password(name, password)
    db.write(
        read_cypher("app/cypher/users_set_password"),
        {"name": name, "password_hash": hash_password(password), "now": _now()},
    )
    from app import audit

    audit.record("user_passwd", target=name)


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
    from app import audit

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


# --- the app's session: read from Streamlit when running inside a script run --------------

SESSION_KEY = "auth_session"


def _in_app() -> bool:
    """True inside a Streamlit script run (a page or a callback), False in the CLI."""
    if "streamlit" not in sys.modules:
        return False
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    return get_script_run_ctx(suppress_warning=True) is not None


def app_session() -> dict[str, Any] | None:
    """The logged-in session of this browser tab, or None (also outside the app)."""
    if not _in_app():
        return None
    import streamlit as st

    session = st.session_state.get(SESSION_KEY)
    return session if isinstance(session, dict) and session.get("name") else None


def require(action: str) -> str | None:
    """Refuse (raise) unless the logged-in user's role may do `action`; the user's name.

    In the app: NotLoggedIn without a session, Refused (and an audit entry) without the
    role. Outside the app (the CLI) there is no app session to check: returns None."""
    if action not in PERMISSIONS:
        raise ValueError(f"unknown action {action!r}")
    if not _in_app():
        return None
    session = app_session()
    if session is None:
        raise NotLoggedIn("请先登录 (please log in)")
    if not allowed(session.get("role"), action):
        from app import audit

        audit.record("refused", target=action, detail={"role": session.get("role")})
        raise Refused(action, session.get("role"))
    return str(session["name"])


# --- identity reveal -------------------------------------------------------------------------

MIN_REASON_LENGTH = 10


def reveal_identity(db: Database, person_id: str, reason: str) -> dict[str, Any]:
    """An admin's look at a person's clear 身份证号, with a stated reason, audited.

    The graph keeps only a keyed hash and a mask unless the load ran with the explicit clear
    option (`store_clear_ids`); then the clear number is there to show. Otherwise the answer
    says honestly that it cannot be recovered from the graph. Returns {pid, name, id_number
    (or None), id_masked, recoverable}."""
    from app import audit

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
