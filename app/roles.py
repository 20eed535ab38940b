"""Who may do what in the app, written once as data, and whose session this script run is.

The bottom of the app's access control: app/audit.py (which checks an audited action's
permission before writing it) and app/auth.py (users, passwords, logins) both read this
module, and it reads neither, so the two do not import each other.

Roles are cumulative, but the table below says so explicitly per action rather than through
an order, so that a reader sees at once who may do what: admin may do everything, analyst
everything a viewer may plus dossiers, explorer, query box and exports, data_officer
everything a viewer may plus imports.
"""

from __future__ import annotations

import sys
from typing import Any

from graph.errors import OversightError

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
    "users": "users",
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
    # managing users: refused in the app for any role but admin (the CLI is not checked)
    "user_add": "users",
    "user_disable": "users",
    "user_enable": "users",
    "user_passwd": "users",
    "user_role": "users",
}


class NotLoggedIn(OversightError):
    """The app was asked for something without a session."""


class Refused(OversightError):
    """The logged-in user's role may not do this action."""

    def __init__(self, action: str, role: str | None) -> None:
        zh, en = ACTION_NAMES.get(action, (action, action))
        super().__init__(f"无权限：当前角色不能使用「{zh}」 (refused: the role may not use {en})")
        self.action = action
        self.role = role


def allowed(role: str | None, action: str) -> bool:
    """May `role` do `action`? Unknown actions are nobody's."""
    return role is not None and role in PERMISSIONS.get(action, frozenset())


def page_action(page: str) -> str:
    return PAGE_ACTIONS.get(page, UNDECLARED_PAGE_ACTION)


def role_label(role: str, lang: str = "zh") -> str:
    zh, en = ROLES.get(role, (role, role))
    return f"{zh} ({en})" if lang == "zh" else en


# --- the app's session: read from Streamlit when running inside a script run --------------

SESSION_KEY = "auth_session"


def in_app() -> bool:
    """True inside a Streamlit script run (a page or a callback), False in the CLI."""
    if "streamlit" not in sys.modules:
        return False
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    return get_script_run_ctx(suppress_warning=True) is not None


def app_session() -> dict[str, Any] | None:
    """The logged-in session of this browser tab, or None (also outside the app)."""
    if not in_app():
        return None
    import streamlit as st

    session = st.session_state.get(SESSION_KEY)
    return session if isinstance(session, dict) and session.get("name") else None
