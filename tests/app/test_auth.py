"""Users, roles and logins against the real Neo4j: hashing, the password policy, lock-out,
expiry, the `oversight user` commands, and the server-side role check of the app (AppTest
runs the real pages; the browser tests are in test_app_pages.py)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from streamlit.testing.v1 import AppTest

from app import audit, auth, roles
from app.cli import cli
from app.commands.serve import APP_SCRIPT, exposure_lines
from graph.db import Database
from graph.errors import BadInput, OversightError

PASSWORD = "correct horse battery 9"
TIMEOUT = 120


def logged(audit_log: Path) -> list[dict]:
    if not audit_log.exists():
        return []
    return [json.loads(line) for line in audit_log.read_text(encoding="utf-8").splitlines()]


def test_passwords_are_hashed_with_argon2id_and_checked() -> None:
    stored = auth.hash_password(PASSWORD)
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert stored != auth.hash_password(PASSWORD)  # salted
    assert auth.verify_password(stored, PASSWORD)
    assert not auth.verify_password(stored, PASSWORD + "x")
    assert not auth.verify_password("not a hash", PASSWORD)
    assert not auth.verify_password(None, PASSWORD)


def test_the_password_policy() -> None:
    assert auth.password_problems("alice", PASSWORD) == []
    assert auth.password_problems("alice", "short9")  # too short
    assert auth.password_problems("alice", "xx-alice-2024-yy")  # holds the name
    assert auth.password_problems("alice", "aaaaaaaaaaaa")  # one character
    assert auth.password_problems("alice", " leading space 123")
    with pytest.raises(BadInput):
        auth.check_password("alice", "alice12345678")


def test_the_roles_table() -> None:
    assert roles.allowed("viewer", "overview") and roles.allowed("viewer", "reports")
    for action in ("query", "explorer", "dossiers", "export", "import", "audit"):
        assert not roles.allowed("viewer", action), action
    assert roles.allowed("analyst", "query") and not roles.allowed("analyst", "import")
    assert roles.allowed("data_officer", "import") and not roles.allowed("data_officer", "query")
    assert all(roles.allowed("admin", action) for action in roles.PERMISSIONS)
    # cumulative: what a viewer may, every role may
    for role in roles.ROLES:
        assert {a for a in roles.PERMISSIONS if roles.allowed("viewer", a)} <= {
            a for a in roles.PERMISSIONS if roles.allowed(role, a)
        }
    assert not roles.allowed(None, "overview") and not roles.allowed("admin", "no_such")
    assert roles.page_action("some_new_page") == "audit"  # undeclared pages: admin only


def test_users_are_stored_hashed_and_unique(db: Database, audit_log: Path) -> None:
    user = auth.create_user(db, "alice", "analyst", PASSWORD)
    assert user["role"] == "analyst" and not user["disabled"]
    stored = db.read("MATCH (u:AppUser {name: 'alice'}) RETURN properties(u) AS p")[0]["p"]
    assert PASSWORD not in json.dumps(stored, default=str)
    assert stored["password_hash"].startswith("$argon2id$")
    with pytest.raises(BadInput, match="already exists"):
        auth.create_user(db, "alice", "viewer", PASSWORD)
    with pytest.raises(Exception, match="already exists"):  # the schema's constraint
        db.write("CREATE (:AppUser {name: 'alice'})")
    with pytest.raises(BadInput, match="unknown role"):
        auth.create_user(db, "bob", "superuser", PASSWORD)
    with pytest.raises(BadInput):
        auth.create_user(db, "bob\x00", "viewer", PASSWORD)
    assert [e["action"] for e in logged(audit_log)] == ["user_add"]
    assert logged(audit_log)[0]["target"] == "alice"


def test_lock_out_after_repeated_failures(db: Database, audit_log: Path) -> None:
    auth.create_user(db, "carol", "viewer", PASSWORD)
    settings = auth.Settings(max_failures=5, lock_minutes=15)
    now = dt.datetime(2026, 1, 1, 9, 0, tzinfo=dt.UTC)
    for attempt in range(4):
        with pytest.raises(auth.LoginRefused) as refused:
            auth.authenticate(db, "carol", f"wrong password {attempt}", settings, now)
        assert refused.value.reason == "bad"
    with pytest.raises(auth.LoginRefused) as refused:
        auth.authenticate(db, "carol", "wrong password 5", settings, now)
    assert refused.value.reason == "locked"
    assert refused.value.locked_until == now + dt.timedelta(minutes=15)
    # locked: even the right password is refused, until the lock ends
    with pytest.raises(auth.LoginRefused, match="locked"):
        auth.authenticate(db, "carol", PASSWORD, settings, now + dt.timedelta(minutes=14))
    later = now + dt.timedelta(minutes=16)
    assert auth.authenticate(db, "carol", PASSWORD, settings, later)["name"] == "carol"
    assert auth.get_user(db, "carol")["failed_attempts"] == 0
    actions = [e["action"] for e in logged(audit_log)]
    assert actions.count("login_failed") == 6 and actions.count("user_locked") == 1
    locked = next(e for e in logged(audit_log) if e["action"] == "user_locked")
    assert locked["target"] == "carol" and locked["detail"]["failures"] == 5
    # an unknown name is refused the same way as a wrong password
    with pytest.raises(auth.LoginRefused) as refused:
        auth.authenticate(db, "nobody", PASSWORD, settings, later)
    assert refused.value.reason == "bad"


def test_a_disabled_user_cannot_log_in(db: Database) -> None:
    auth.create_user(db, "dave", "viewer", PASSWORD)
    auth.set_disabled(db, "dave", True)
    with pytest.raises(auth.LoginRefused, match="disabled"):
        auth.authenticate(db, "dave", PASSWORD)
    auth.set_disabled(db, "dave", False)
    assert auth.authenticate(db, "dave", PASSWORD)["name"] == "dave"


def test_sessions_expire_when_idle_and_after_their_lifetime() -> None:
    settings = auth.Settings(idle_minutes=30, lifetime_hours=12)
    start = dt.datetime(2026, 1, 1, 8, 0, tzinfo=dt.UTC)
    session = auth.new_session({"name": "eve", "role": "viewer"}, start)
    assert auth.session_expiry(session, settings, start + dt.timedelta(minutes=29)) is None
    assert auth.session_expiry(session, settings, start + dt.timedelta(minutes=31)) == "idle"
    session["last_seen"] = start + dt.timedelta(hours=12)
    assert auth.session_expiry(session, settings, start + dt.timedelta(hours=12, minutes=1)) == (
        "lifetime"
    )
    env = {"OVERSIGHT_SESSION_IDLE_MINUTES": "5", "OVERSIGHT_LOGIN_MAX_FAILURES": "3"}
    assert auth.Settings.from_env(env) == auth.Settings(idle_minutes=5, max_failures=3)
    with pytest.raises(BadInput, match="OVERSIGHT_SESSION_HOURS"):
        auth.Settings.from_env({"OVERSIGHT_SESSION_HOURS": "-1"})


class Ran:
    """A CLI run as `main` ends it: the exit status of the product's error, its message."""

    def __init__(self, args: list[str], input: str | None = None) -> None:
        result = CliRunner().invoke(cli, args, input=input)
        self.exit_code, self.output = result.exit_code, result.output
        if isinstance(result.exception, OversightError):
            self.exit_code = result.exception.exit_code
            self.output += str(result.exception)
            self.output += " ".join(str(p) for p in getattr(result.exception, "problems", []))


def run(args: list[str], input: str | None = None) -> Ran:
    return Ran(args, input)


def test_user_commands(db: Database, audit_log: Path) -> None:
    result = run(["user", "add", "frank", "--role", "admin"], input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert auth.authenticate(db, "frank", PASSWORD)["role"] == "admin"
    result = run(["user", "list"])
    assert "frank" in result.output and "admin" in result.output
    assert "argon2" not in result.output
    # the two entries must agree, and the policy holds
    result = run(["user", "add", "gina", "--role", "viewer"], input=f"{PASSWORD}\nother pass 123\n")
    assert result.exit_code == 2 and "differ" in result.output
    result = run(
        ["user", "add", "gina", "--role", "viewer"], input="gina-is-me-99\ngina-is-me-99\n"
    )
    assert result.exit_code == 2 and "user name" in result.output
    assert auth.get_user(db, "gina") is None
    result = run(["user", "add", "gina", "--role", "root"], input="x\nx\n")
    assert result.exit_code != 0 and "root" in result.output
    assert run(["user", "disable", "frank"]).exit_code == 0
    assert auth.get_user(db, "frank")["disabled"]
    assert run(["user", "enable", "frank"]).exit_code == 0
    new = "another good secret 7"
    result = run(["user", "passwd", "frank"], input=f"{new}\n{new}\n")
    assert result.exit_code == 0, result.output
    assert auth.authenticate(db, "frank", new)
    assert run(["user", "disable", "nobody"]).exit_code == 2
    actions = [e["action"] for e in logged(audit_log)]
    assert actions[:1] == ["user_add"]
    assert {"user_disable", "user_enable", "user_passwd"} <= set(actions)
    assert all(e["user"] == audit.os_user() for e in logged(audit_log) if e["via"] == "app")


def test_serve_says_what_it_exposes() -> None:
    local = exposure_lines(8501, "127.0.0.1")
    assert any("127.0.0.1:8501" in line for line in local)
    assert not any("warning" in line for line in local)
    wide = exposure_lines(8501, "0.0.0.0")
    assert any("reachable from the network" in line for line in wide)
    assert any("warning" in line for line in exposure_lines(8501, "myhost.example"))


# ------------------------------------------------------------------ the app, server side


def app_as(name: str | None, role: str | None = None) -> AppTest:
    at = AppTest.from_file(str(APP_SCRIPT), default_timeout=TIMEOUT)
    if name is not None:
        at.session_state[roles.SESSION_KEY] = auth.new_session({"name": name, "role": role})
    return at


def test_first_run_explains_how_to_create_the_admin(db: Database) -> None:
    at = app_as(None).run()
    assert not at.exception
    assert "oversight user add" in at.code[0].value and "--role admin" in at.code[0].value
    assert not at.metric and not at.dataframe


def test_the_login_form_logs_in_and_locks_out(db: Database, audit_log: Path) -> None:
    auth.create_user(db, "hana", "viewer", PASSWORD)
    at = app_as(None).run()
    assert at.title[0].value == "登录" and not at.metric
    at.text_input(key="login_name").set_value("hana")
    at.text_input(key="login_password").set_value("wrong password 1")
    at.button[-1].click().run()
    assert at.error and "用户名或密码错误" in at.error[0].value
    at.text_input(key="login_password").set_value(PASSWORD)
    at.button[-1].click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state[roles.SESSION_KEY]["name"] == "hana"
    assert any("已登录" in c.value for c in at.sidebar.caption)
    actions = [(e["action"], e["user"]) for e in logged(audit_log)]
    assert ("login_failed", audit.ANONYMOUS) in actions and ("login", "hana") in actions
    # logout ends the session and is audited
    at.sidebar.button(key="auth_logout").click().run()
    assert roles.SESSION_KEY not in at.session_state
    assert logged(audit_log)[-1]["action"] == "logout"
    assert at.title[0].value == "登录"


def test_a_viewer_is_refused_the_query_box_and_the_explorer_server_side(
    db: Database, audit_log: Path
) -> None:
    auth.create_user(db, "ivan", "viewer", PASSWORD)
    for path in ("query", "explore", "data", "audit"):
        at = AppTest.from_string(
            "from app.ui.shell import guarded\n"
            f"from app.ui import {path}\n"
            f"guarded({path}.render, '{path}')()\n",
            default_timeout=TIMEOUT,
        )
        at.session_state[roles.SESSION_KEY] = auth.new_session({"name": "ivan", "role": "viewer"})
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        assert len(at.error) == 1 and "无权限" in at.error[0].value, path
        assert not at.text_area and not at.dataframe and not at.button, path
    refused = [e for e in logged(audit_log) if e["action"] == "refused"]
    assert [e["target"] for e in refused] == ["query", "explorer", "import", "audit"]
    assert all(e["user"] == "ivan" for e in refused)
    # an action handler reached by other means is refused too (the audit hook)
    at = AppTest.from_string(
        "from app import audit\n"
        "from app.ui.shell import run_guarded\n"
        "run_guarded(lambda: audit.record('adhoc_query', target='MATCH (n) RETURN n'))\n",
        default_timeout=TIMEOUT,
    )
    at.session_state[roles.SESSION_KEY] = auth.new_session({"name": "ivan", "role": "viewer"})
    at.run()
    assert len(at.error) == 1 and "无权限" in at.error[0].value
    assert not [e for e in logged(audit_log) if e["action"] == "adhoc_query"]


def test_a_disabled_user_loses_the_open_session(db: Database) -> None:
    auth.create_user(db, "june", "analyst", PASSWORD)
    script = "from app.ui.shell import guarded\nfrom app.ui import query\nguarded(query.render, 'query')()\n"
    at = AppTest.from_string(script, default_timeout=TIMEOUT)
    at.session_state[roles.SESSION_KEY] = auth.new_session({"name": "june", "role": "analyst"})
    at.run()
    assert at.text_area and not at.error
    auth.set_disabled(db, "june", True)
    at.run()
    assert not at.text_area and at.title[0].value == "登录"


def test_an_idle_session_expires_in_the_app(
    db: Database, audit_log: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    auth.create_user(db, "kate", "viewer", PASSWORD)
    script = "from app.ui.shell import guarded\nfrom app.ui import overview\nguarded(overview.render, 'overview')()\n"
    at = AppTest.from_string(script, default_timeout=TIMEOUT)
    stale = auth.new_session(
        {"name": "kate", "role": "viewer"}, dt.datetime.now(dt.UTC) - dt.timedelta(minutes=31)
    )
    at.session_state[roles.SESSION_KEY] = stale
    at.run()
    assert at.title[0].value == "登录"
    assert any("过期" in i.value for i in at.info)
    assert logged(audit_log)[-1]["action"] == "session_expired"


def test_reveal_identity_is_audited_and_honest(db: Database, audit_log: Path) -> None:
    db.write(
        "CREATE (:Person {pid: 'P1', name: '张三', id_masked: '340102********1234', id_hash: 'h'})"
    )
    with pytest.raises(BadInput, match="reason"):
        auth.reveal_identity(db, "P1", "")
    found = auth.reveal_identity(db, "P1", "案件 2026-01 核对身份")
    assert found["recoverable"] is False and found["id_number"] is None
    db.write("CREATE (:Person {pid: 'P2', name: '李四', id_number: '11010519491231002X'})")
    found = auth.reveal_identity(db, "P2", "案件 2026-01 核对身份")
    assert found["recoverable"] and found["id_number"] == "11010519491231002X"
    reveals = [e for e in logged(audit_log) if e["action"] == "reveal_identity"]
    assert [e["target"] for e in reveals] == ["P1", "P2"]
    assert reveals[0]["detail"]["reason"] == "案件 2026-01 核对身份"
    assert "11010519491231002X" not in json.dumps(reveals, ensure_ascii=False)


def test_the_audit_page_shows_the_chain_and_reveals_with_a_reason(
    db: Database, audit_log: Path
) -> None:
    auth.create_user(db, "root1", "admin", PASSWORD)
    db.write("CREATE (:Person {pid: 'P9', name: '王五', id_masked: '340102********1234'})")
    audit.record("run_risk", detail={"n": 1}, via="cli")
    script = "from app.ui.shell import guarded\nfrom app.ui import audit\nguarded(audit.render, 'audit')()\n"
    at = AppTest.from_string(script, default_timeout=TIMEOUT)
    at.session_state[roles.SESSION_KEY] = auth.new_session({"name": "root1", "role": "admin"})
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "审计日志"
    assert "哈希链完整" in at.success[0].value
    shown = at.dataframe[0].value
    assert "运行风险排名 (ran risk ranking)" in set(shown["action"])
    assert logged(audit_log)[-1]["action"] == "view_audit"
    at.run()  # a rerun is not a second reading
    assert [e["action"] for e in logged(audit_log)].count("view_audit") == 1
    at.text_input(key="audit_reveal_pid").set_value("P9")
    at.text_area(key="audit_reveal_reason").set_value("核对 2026-03 号案件当事人")
    at.button[-1].click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("没有可恢复的身份证号" in w.value for w in at.warning)
    reveal = [e for e in logged(audit_log) if e["action"] == "reveal_identity"]
    assert reveal and reveal[0]["user"] == "root1" and reveal[0]["target"] == "P9"
    # a broken chain is shown as such
    lines = audit_log.read_text(encoding="utf-8").splitlines(keepends=True)
    audit_log.write_text("".join(lines[1:]), encoding="utf-8")
    at.run()
    assert at.error and "哈希链已断" in at.error[0].value
