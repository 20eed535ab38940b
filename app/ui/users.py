"""用户管理 (admin): the app's users listed, added, given another role, disabled or enabled,
their password reset — through the same functions as `oversight user …` (app/auth.py), each
change audited there. Every change is refused on the server side for any role but admin:
the page's gate, `audit.require("users")` here, and again inside each function."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from app import audit, auth, roles
from app.ui.shell import lang, t
from app.ui.text import local_minutes, md_text
from graph.db import get_db
from graph.errors import BadInput


def render() -> None:
    me = audit.require("users")
    db = get_db()
    st.title(t("users.title"))
    st.caption(t("users.intro"))
    done = st.session_state.pop("users_done", None)
    if done:
        st.success(done)
    users = auth.list_users(db)
    st.dataframe(pd.DataFrame(_rows(users)), hide_index=True)
    add_form()
    if users:
        manage(db, users, me)


def _rows(users: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [
        {
            t("users.name"): user["name"],
            t("users.role"): roles.role_label(user["role"], lang()),
            t("users.state"): t("users.disabled") if user["disabled"] else t("users.enabled"),
            t("users.last_login"): local_minutes(user["last_login"]),
            t("users.locked_until"): local_minutes(user["locked_until"]),
            t("users.created"): local_minutes(user["created_at"]),
        }
        for user in users
    ]


def _done(message: str) -> None:
    st.session_state["users_done"] = message
    st.rerun()


def _bad(error: BadInput) -> None:
    st.error(str(error))
    for problem in error.problems:
        st.caption(str(problem))


def _role_select(label: str, key: str, current: str | None = None) -> str:
    choices = list(roles.ROLES)
    return str(
        st.selectbox(
            label,
            choices,
            index=choices.index(current) if current in choices else 0,
            format_func=lambda r: roles.role_label(r, lang()),
            key=key,
        )
    )


def _passwords(prefix: str) -> tuple[str, str]:
    first = st.text_input(
        t("users.password"),
        type="password",
        key=f"{prefix}_pw1",
        max_chars=auth.MAX_PASSWORD_LENGTH,
    )
    second = st.text_input(
        t("users.repeat"), type="password", key=f"{prefix}_pw2", max_chars=auth.MAX_PASSWORD_LENGTH
    )
    return first, second


def add_form() -> None:
    st.subheader(t("users.add"))
    with st.form("users_add", clear_on_submit=False):
        name = st.text_input(t("users.name"), key="users_add_name", max_chars=auth.MAX_NAME_LENGTH)
        role = _role_select(t("users.role"), "users_add_role")
        first, second = _passwords("users_add")
        submitted = st.form_submit_button(t("users.add_submit"), type="primary")
    if not submitted:
        return
    if first != second:
        st.error(t("users.differ"))
        return
    try:
        user = auth.create_user(get_db(), name, role, first)
    except BadInput as error:
        _bad(error)
        return
    _done(
        t("users.added", name=md_text(user.get("name", name)), role=roles.role_label(role, lang()))
    )


def manage(db: Any, users: list[dict[str, Any]], me: str | None) -> None:
    st.subheader(t("users.manage"))
    names = [user["name"] for user in users]
    name = st.selectbox(t("users.choose"), names, key="users_chosen")
    user = next(u for u in users if u["name"] == name)
    own = name == me  # an admin does not lock himself out: no new role, no disabling
    left, right = st.columns(2)
    with left:
        role = _role_select(t("users.new_role"), f"users_role_{name}", user["role"])
        if st.button(
            t("users.set_role"), key="users_set_role", disabled=own or role == user["role"]
        ):
            try:
                auth.set_role(db, name, role)
            except BadInput as error:
                _bad(error)
            else:
                _done(t("users.role_set", name=md_text(name), role=roles.role_label(role, lang())))
        if user["disabled"]:
            if st.button(t("users.enable"), key="users_enable"):
                auth.set_disabled(db, name, False)
                _done(t("users.enabled_done", name=md_text(name)))
        elif st.button(t("users.disable"), key="users_disable", disabled=own):
            auth.set_disabled(db, name, True)
            _done(t("users.disabled_done", name=md_text(name)))
        if own:
            st.caption(t("users.own"))
    with right, st.form(f"users_passwd_{name}"):
        st.markdown(t("users.reset"))
        first, second = _passwords("users_passwd")
        submitted = st.form_submit_button(t("users.reset_submit"))
    if submitted:
        if first != second:
            st.error(t("users.differ"))
            return
        try:
            auth.set_password(db, name, first)
        except BadInput as error:
            _bad(error)
            return
        _done(t("users.reset_done", name=md_text(name)))
