"""The login page and the gate every page passes (called by app/ui/shell.py's guard).

A session lives in the browser tab's Streamlit session (server side): it ends on logout,
after `OVERSIGHT_SESSION_IDLE_MINUTES` without a click, after `OVERSIGHT_SESSION_HOURS` in
all, when the user is disabled, and when the tab is reloaded or closed. A URL opened without
a session shows the login form in place of the page; after the login the same page runs with
the same query parameters. With no user at all, the app says how to create the first admin
instead of opening.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

from app import audit, auth
from app.ui.shell import lang, t
from graph.db import get_db

EXPIRED_KEY = "auth_expired"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def current_session() -> dict[str, Any] | None:
    """This tab's session while it holds; an expired one is ended (and audited) here."""
    session = auth.app_session()
    if session is None:
        return None
    reason = auth.session_expiry(session, auth.Settings.from_env(), _now())
    if reason is not None:
        audit.record("session_expired", target=session["name"], detail={"reason": reason})
        end_session()
        st.session_state[EXPIRED_KEY] = reason
        return None
    return session


def may_open(page: str) -> bool:
    """For the menu: is `page` shown to this tab's user? (The gate checks it again.)"""
    session = current_session()
    return session is not None and auth.allowed(session.get("role"), auth.page_action(page))


def end_session() -> None:
    """Forget everything this tab held (the language choice excepted)."""
    keep = st.session_state.get("lang")
    for key in list(st.session_state.keys()):
        del st.session_state[key]
    if keep is not None:
        st.session_state["lang"] = keep


def logout() -> None:
    session = auth.app_session()
    if session is not None:
        audit.record("logout", target=session["name"])
    end_session()


def sidebar() -> None:
    """Who is logged in, with which role, and the logout button."""
    session = auth.app_session()
    if session is None:
        return
    st.sidebar.caption(
        t("login.signed_in", name=session["name"], role=auth.role_label(session["role"], lang()))
    )
    st.sidebar.button(t("login.logout"), key="auth_logout", on_click=logout)


def gate(page: str) -> bool:
    """Whether `page` may render for this tab; otherwise what to do instead is shown (the
    login form, how to create the first user) or Refused raised (audited by `require`)."""
    session = current_session()
    db = get_db()
    if session is None:
        if auth.count_users(db) == 0:
            first_run()
        else:
            login_form()
        return False
    # The user as stored now: a disabled account or a changed role counts at the next click.
    user = auth.get_user(db, session["name"])
    if user is None or user["disabled"]:
        end_session()
        st.session_state[EXPIRED_KEY] = "disabled"
        login_form()
        return False
    session["role"] = user["role"]
    session["last_seen"] = _now()
    auth.require(auth.page_action(page))
    return True


def first_run() -> None:
    st.title(t("login.title"))
    st.warning(t("login.first_run"))
    st.code("oversight user add NAME --role admin", language="bash")


def login_form() -> None:
    st.title(t("login.title"))
    expired = st.session_state.pop(EXPIRED_KEY, None)
    if expired:
        st.info(t(f"login.ended_{expired}"))
    with st.form("login_form", enter_to_submit=True):
        name = st.text_input(t("login.name"), key="login_name", max_chars=auth.MAX_NAME_LENGTH)
        password = st.text_input(
            t("login.password"),
            type="password",
            key="login_password",
            max_chars=auth.MAX_PASSWORD_LENGTH,
        )
        submitted = st.form_submit_button(t("login.submit"), type="primary")
    if not submitted:
        return
    try:
        user = auth.authenticate(get_db(), name, password)
    except auth.LoginRefused as refused:
        until = refused.locked_until
        st.error(
            t(
                f"login.refused_{refused.reason}",
                until=f"{until:%Y-%m-%d %H:%M} UTC" if until else "",
            )
        )
        return
    end_session()
    st.session_state[auth.SESSION_KEY] = auth.new_session(user)
    audit.record("login", target=user["name"], detail={"role": user["role"]})
    st.rerun()
