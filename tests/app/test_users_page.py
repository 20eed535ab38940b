"""用户管理 (app/ui/users.py) run by AppTest against the real Neo4j: an admin lists, adds,
changes the role of, disables, enables and resets the password of users through the same
functions as `oversight user …`, each audited; a viewer or analyst opening /users is
refused on the server, and so is a page that would call those functions for them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from app import auth, roles, sessions
from app.commands.serve import APP_SCRIPT
from graph.db import Database

PASSWORD = "correct horse battery 9"
TIMEOUT = 120


@pytest.fixture
def people(db: Database) -> Database:
    auth.create_user(db, "root1", roles.ADMIN, PASSWORD)
    auth.create_user(db, "viewer1", roles.VIEWER, PASSWORD)
    auth.create_user(db, "analyst1", roles.ANALYST, PASSWORD)
    return db


def logged(audit_log: Path) -> list[dict[str, Any]]:
    if not audit_log.exists():
        return []
    return [json.loads(line) for line in audit_log.read_text(encoding="utf-8").splitlines()]


def users_page(name: str, role: str) -> AppTest:
    script = (
        "from app.ui.shell import language_switch, run_guarded\n"
        "from app.ui import users\n"
        "language_switch()\n"
        "run_guarded(users.render, 'users')\n"
    )
    at = AppTest.from_string(script, default_timeout=TIMEOUT)
    at.session_state[roles.SESSION_KEY] = auth.new_session({"name": name, "role": role})
    return at


def button(at: AppTest, label: str) -> Any:
    return next(b for b in at.button if b.label == label)


def no_errors(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def test_an_admin_lists_and_adds_users_with_the_cli_s_policy(
    people: Database, audit_log: Path
) -> None:
    at = users_page("root1", roles.ADMIN).run()
    no_errors(at)
    assert at.title[0].value == "用户管理"
    table = at.dataframe[0].value
    assert list(table["用户名"]) == ["analyst1", "root1", "viewer1"]
    assert "password_hash" not in " ".join(table.columns) and "argon2" not in table.to_string()
    assert set(table["状态"]) == {"启用"}
    # the two passwords must agree
    at.text_input(key="users_add_name").input("newbie")
    at.text_input(key="users_add_pw1").input("a good secret 77")
    at.text_input(key="users_add_pw2").input("another secret 77")
    button(at, "新增").click().run()
    assert "两次输入的密码不一致" in at.error[0].value
    assert auth.get_user(people, "newbie") is None
    # the CLI's password policy
    at.text_input(key="users_add_pw1").input("newbie-1234")
    at.text_input(key="users_add_pw2").input("newbie-1234")
    button(at, "新增").click().run()
    assert "密码不符合要求" in at.error[0].value
    assert any("用户名" in c.value for c in at.caption)
    assert auth.get_user(people, "newbie") is None
    # right
    at.selectbox(key="users_add_role").set_value(roles.DATA_OFFICER)
    at.text_input(key="users_add_pw1").input("a good secret 77")
    at.text_input(key="users_add_pw2").input("a good secret 77")
    button(at, "新增").click().run()
    no_errors(at)
    assert "已新增用户 newbie" in at.success[0].value
    assert auth.authenticate(people, "newbie", "a good secret 77")["role"] == roles.DATA_OFFICER
    added = [e for e in logged(audit_log) if e["action"] == "user_add" and e["target"] == "newbie"]
    assert [(e["user"], e["via"], e["detail"]) for e in added] == [
        ("root1", "app", {"role": roles.DATA_OFFICER})
    ]
    assert "a good secret 77" not in audit_log.read_text(encoding="utf-8")


def test_an_admin_changes_a_role_disables_enables_and_resets_a_password(
    people: Database, audit_log: Path
) -> None:
    token, _ = sessions.create(people, "analyst1")
    at = users_page("root1", roles.ADMIN).run()
    at.selectbox(key="users_chosen").set_value("analyst1").run()
    at.selectbox(key="users_role_analyst1").set_value(roles.VIEWER).run()
    at.button(key="users_set_role").click().run()
    no_errors(at)
    assert auth.get_user(people, "analyst1")["role"] == roles.VIEWER
    at.button(key="users_disable").click().run()
    no_errors(at)
    assert auth.get_user(people, "analyst1")["disabled"]
    assert sessions.resume(people, token)[0] is None  # his open session ended
    assert at.dataframe[0].value.set_index("用户名").loc["analyst1", "状态"] == "停用"
    at.button(key="users_enable").click().run()
    assert not auth.get_user(people, "analyst1")["disabled"]
    at.text_input(key="users_passwd_pw1").input("brand new secret 5")
    at.text_input(key="users_passwd_pw2").input("brand new secret 5")
    button(at, "重置密码").click().run()
    no_errors(at)
    assert auth.authenticate(people, "analyst1", "brand new secret 5")
    done = [(e["action"], e["target"], e["user"]) for e in logged(audit_log)]
    for action in ("user_role", "user_disable", "user_enable", "user_passwd"):
        assert (action, "analyst1", "root1") in done, action
    role = next(e for e in logged(audit_log) if e["action"] == "user_role")
    assert role["detail"] == {"from": roles.ANALYST, "to": roles.VIEWER}


def test_an_admin_cannot_lock_himself_out(people: Database) -> None:
    at = users_page("root1", roles.ADMIN).run()
    at.selectbox(key="users_chosen").set_value("root1").run()
    assert at.button(key="users_disable").disabled
    assert at.button(key="users_set_role").disabled


@pytest.mark.parametrize(("name", "role"), [("viewer1", roles.VIEWER), ("analyst1", roles.ANALYST)])
def test_the_page_is_refused_to_other_roles(
    people: Database, audit_log: Path, name: str, role: str
) -> None:
    at = users_page(name, role).run()
    assert not at.exception
    assert "无权限" in at.error[0].value
    assert not at.dataframe and not at.text_input  # no list, no form
    refused = [e for e in logged(audit_log) if e["action"] == "refused"]
    assert [(e["user"], e["target"]) for e in refused] == [(name, "users")]


def test_the_functions_behind_the_page_refuse_other_roles_in_the_app(
    people: Database, audit_log: Path
) -> None:
    """A page that forgot its check still cannot change users for a viewer: the shared
    functions check the role themselves before writing."""
    script = (
        "from app import auth\n"
        "from app.ui.shell import run_guarded\n"
        "from graph.db import get_db\n"
        "def render():\n"
        "    auth.create_user(get_db(), 'sneaky', 'admin', 'a good secret 77')\n"
        "run_guarded(render)\n"
    )
    for call in ("set_role(get_db(), 'viewer1', 'admin')", "set_disabled(get_db(), 'root1', True)"):
        script += f"run_guarded(lambda: auth.{call})\n"
    at = AppTest.from_string(script, default_timeout=TIMEOUT)
    at.session_state[roles.SESSION_KEY] = auth.new_session({"name": "viewer1", "role": "viewer"})
    at.run()
    assert not at.exception
    assert len(at.error) == 3 and all("无权限" in e.value for e in at.error)
    assert auth.get_user(people, "sneaky") is None
    assert auth.get_user(people, "viewer1")["role"] == roles.VIEWER
    assert not auth.get_user(people, "root1")["disabled"]
    assert [e["action"] for e in logged(audit_log)].count("refused") == 3


def test_the_page_is_declared_admin_only_for_the_menu_and_the_gate() -> None:
    assert roles.page_action("users") == "users"
    assert [role for role in roles.ROLES if roles.allowed(role, "users")] == [roles.ADMIN]
    # in the menu's PAGES (read as text: importing the app would run it)
    assert '(users.render, "nav.users", ":material/manage_accounts:", "users")' in (
        APP_SCRIPT.read_text(encoding="utf-8")
    )


def test_moments_are_shown_as_local_minutes() -> None:
    import datetime as dt
    import re

    from app.ui.text import local_minutes, md_text

    moment = dt.datetime(2026, 11, 30, 5, 4, 31, 123456, tzinfo=dt.UTC)
    shown = local_minutes(moment)
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", shown)
    assert shown == moment.astimezone().strftime("%Y-%m-%d %H:%M")
    assert local_minutes(moment.isoformat()) == shown  # as text, too
    assert local_minutes(None) == "" and local_minutes("not a date") == "not a date"
    assert md_text("![b](http://x/a.png)") == r"\!\[b\]\(http://x/a\.png\)"
