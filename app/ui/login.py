"""The login page and the gate every page passes (called by app/ui/shell.py's guard).

A login creates a server-side session (app/sessions.py: its token's hash in Neo4j) and gives
the browser its token as an HttpOnly cookie, so a new tab, a reload or a link opened from
another tab carries on without a new login. The tab keeps the session in its Streamlit
session too; at every click the gate checks that it still stands in the database. It ends
on logout (in any tab), after `OVERSIGHT_SESSION_IDLE_MINUTES` without a click, after
`OVERSIGHT_SESSION_HOURS` in all, when the user is disabled or his password changed. A URL
opened without a session shows the login form in place of the page; after the login the
same page runs with the same query parameters. With no user at all, the app says how to
create the first admin instead of opening.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from typing import Any

import streamlit as st
import streamlit.components.v1 as components

from app import audit, auth, roles, sessions
from app.ui.text import lang, t
from graph.db import get_db

EXPIRED_KEY = "auth_expired"
# What the browser must do with its cookie: ("set", one-time code) or ("clear", ""), and
# until when (monotonic) the little script that does it is drawn.
COOKIE_TASK_KEY = "auth_cookie_task"
REFUSED_COOKIE_KEY = "auth_cookie_refused"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def cookie_token() -> str | None:
    """The session cookie the browser sent when this tab connected (None outside a server)."""
    try:
        token = st.context.cookies.get(sessions.COOKIE)
    except Exception:  # no request behind this run
        return None
    return token if isinstance(token, str) else None  # (AppTest answers with a mock)


def resume_from_cookie() -> dict[str, Any] | None:
    """The session the cookie stands for, made this tab's session (and audited); None when
    there is no cookie or it is forged, expired or revoked."""
    token = cookie_token()
    if not token:
        return None
    # The cookie a tab connected with does not change until a reload: once refused, it is
    # not looked up again at every run (the menu asks for the session once per page).
    digest = sessions.token_hash(token[: sessions.MAX_TOKEN_LENGTH])
    if st.session_state.get(REFUSED_COOKIE_KEY) == digest:
        return None
    session, reason = sessions.resume(get_db(), token, auth.Settings.from_env(), _now())
    if session is None:
        st.session_state[REFUSED_COOKIE_KEY] = digest
        if reason is not None:  # expired or disabled: say why above the login form, once
            st.session_state[EXPIRED_KEY] = reason
        return None
    session["touched"] = session["last_seen"]
    session["last_seen"] = _now()
    st.session_state[roles.SESSION_KEY] = session
    # who came back, not the token (never in the log)
    audit.record("session_resumed", target=session["name"], detail={"role": session["role"]})
    return session


def current_session() -> dict[str, Any] | None:
    """This tab's session while it holds; an expired one is ended (and audited) here."""
    session = roles.app_session()
    if session is None:
        return resume_from_cookie()
    settings, now = auth.Settings.from_env(), _now()
    reason = auth.session_expiry(session, settings, now)
    if reason == "idle" and session.get("token_hash"):
        # idle here, but maybe not in another tab of the same browser: its clicks count
        stored = sessions.lookup(get_db(), session["token_hash"])
        if stored is not None and stored["last_seen"] > session["last_seen"]:
            session["last_seen"] = stored["last_seen"]
            reason = auth.session_expiry(session, settings, now)
    if reason is not None:
        audit.record("session_expired", target=session["name"], detail={"reason": reason})
        _end_stored(session)
        end_session()
        st.session_state[EXPIRED_KEY] = reason
        return None
    return session


def _end_stored(session: dict[str, Any]) -> None:
    """End the session in the database too, and have the browser drop its cookie."""
    digest = session.get("token_hash")
    if digest:
        sessions.end(get_db(), digest)
        st.session_state[COOKIE_TASK_KEY] = ("clear", "", _deadline())


def _deadline() -> float:
    return time.monotonic() + sessions.HANDOFF_SECONDS


def cookie_script() -> None:
    """Draw the tiny same-origin script that trades the one-time code for the HttpOnly
    cookie, or clears the cookie, while such a task is pending (app/web.py serves the
    routes). It is drawn at each run until the code expires: a rerun right after the login
    must not lose it, and a second POST of a used code is only refused."""
    task = st.session_state.get(COOKIE_TASK_KEY)
    if not task:
        return
    kind, code, until = task
    if time.monotonic() > until:
        del st.session_state[COOKIE_TASK_KEY]
        return
    path = sessions.SET_COOKIE_PATH if kind == "set" else sessions.CLEAR_COOKIE_PATH
    # json.dumps: the code is URL-safe base64, but quote it as data anyway
    script = (
        "<script>fetch(window.parent.location.origin + "
        f"{json.dumps(path)}, {{method: 'POST', body: {json.dumps(code)}, "
        "credentials: 'same-origin', cache: 'no-store'})"
        ".then(function (r) { document.body.dataset.cookie = String(r.status); });</script>"
    )
    with st.sidebar:
        components.html(script, height=0)


def may_open(page: str) -> bool:
    """For the menu: is `page` shown to this tab's user? (The gate checks it again.)"""
    session = current_session()
    return session is not None and roles.allowed(session.get("role"), roles.page_action(page))


def end_session() -> None:
    """Forget everything this tab held (the language choice and a pending cookie task
    excepted)."""
    keep = {
        key: st.session_state[key] for key in ("lang", COOKIE_TASK_KEY) if key in st.session_state
    }
    for key in list(st.session_state.keys()):
        del st.session_state[key]
    for key, value in keep.items():
        st.session_state[key] = value


def logout() -> None:
    """End the session everywhere: in the database (every tab of this browser is logged out
    at its next click or reload), in this tab, and the cookie."""
    session = roles.app_session()
    if session is not None:
        audit.record("logout", target=session["name"])
        digest = session.get("token_hash")
        if digest:
            sessions.end(get_db(), digest)
    end_session()
    st.session_state[COOKIE_TASK_KEY] = ("clear", "", _deadline())


def sidebar() -> None:
    """Who is logged in, with which role, and the logout button (and the cookie's script)."""
    cookie_script()
    session = roles.app_session()
    if session is None:
        return
    st.sidebar.caption(
        t("login.signed_in", name=session["name"], role=roles.role_label(session["role"], lang()))
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
        _end_stored(session)
        end_session()
        st.session_state[EXPIRED_KEY] = "disabled"
        login_form()
        return False
    # Ended elsewhere: a logout in another tab, a password change, an admin's action.
    if not sessions.still_open(db, session, _now()):
        end_session()
        st.session_state[EXPIRED_KEY] = "revoked"
        st.session_state[COOKIE_TASK_KEY] = ("clear", "", _deadline())
        login_form()
        return False
    session["role"] = user["role"]
    session["last_seen"] = _now()
    audit.require(roles.page_action(page))
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
    token, stored = sessions.create(get_db(), user["name"], auth.Settings.from_env(), _now())
    session = auth.new_session(user, stored["started"])
    session.update(token_hash=stored["token_hash"], touched=stored["started"])
    st.session_state[roles.SESSION_KEY] = session
    st.session_state[COOKIE_TASK_KEY] = ("set", sessions.hand_off(token), _deadline())
    audit.record("login", target=user["name"], detail={"role": user["role"]})
    st.rerun()
