"""Audit log: who looked at which leader, ran which report or which ad-hoc query, and when,
kept so that it can serve as evidence.

Append-only JSON lines in the user's data directory (`OVERSIGHT_AUDIT_LOG` overrides),
readable by its owner only. Each entry is chained to the one before: it carries `seq` (1, 2,
…), `prev` (the previous entry's hash) and `hash`, an HMAC-SHA256 over its canonical JSON form
(sorted keys, no spaces, UTF-8) under a local key (`audit.key` in the user's data directory,
mode 0600, `OVERSIGHT_AUDIT_KEY` overrides). A deleted, edited, inserted or reordered line
breaks the chain, and a line appended by hand cannot carry a valid hash without the key;
`oversight audit verify` names the first broken entry. A small head file beside the log
(`<log>.head`, also keyed) remembers the last entry, so that lines cut from the end are
detected too, and the next entry chains from it.

Writers (the app's sessions, CLI runs) take an exclusive lock (fcntl.flock) on the log for
read-last-hash + append + head, so concurrent appenders never break the chain.

Who: in the app the logged-in user (app/auth.py); in the CLI the operating-system account,
recorded as `os:NAME`. `$OVERSIGHT_USER`, or a `user=` given by a caller (e.g. `matches
confirm --by`), no longer names the user: it is kept beside it as `claimed`.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import getpass
import hashlib
import hmac
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs

from app import roles
from graph.outfiles import csv_text
from graph.settings import env_path, env_text

LOG_ENV = "OVERSIGHT_AUDIT_LOG"
KEY_ENV = "OVERSIGHT_AUDIT_KEY"
USER_ENV = "OVERSIGHT_USER"
KEY_BYTES = 32
ANONYMOUS = "app:anonymous"  # in the app before a login (failed logins)

# The actions the product records, with what a reader sees for each.
ACTIONS: dict[str, tuple[str, str]] = {
    "view_person": ("查看人员", "viewed person"),
    "view_unit": ("查看单位", "viewed unit"),
    "view_company": ("查看企业", "viewed company"),
    "change_rule": ("修改规则参数", "changed a rule parameter"),
    "load_files": ("导入登记表", "loaded registry files"),
    "view_evidence": ("查看线索证据", "viewed a flag's evidence"),
    "run_report": ("运行报告", "ran report"),
    "run_flags": ("运行风险线索", "ran flags"),
    "run_risk": ("运行风险排名", "ran risk ranking"),
    "adhoc_query": ("自定义查询", "ran ad-hoc query"),
    "decide_match": ("处理疑似匹配", "decided possible match"),
    "export": ("导出", "exported"),
    "login": ("登录", "logged in"),
    "logout": ("退出登录", "logged out"),
    "login_failed": ("登录失败", "failed login"),
    "user_locked": ("账户锁定", "account locked"),
    "session_expired": ("会话过期", "session expired"),
    "refused": ("拒绝访问", "refused"),
    "user_add": ("新增用户", "added user"),
    "user_disable": ("停用用户", "disabled user"),
    "user_enable": ("启用用户", "enabled user"),
    "user_passwd": ("修改密码", "changed password"),
    "user_role": ("修改角色", "changed role"),
    "session_resumed": ("恢复会话", "resumed a session"),
    "reveal_identity": ("查看身份证号", "revealed identity"),
    "view_audit": ("查看审计日志", "read the audit log"),
    "record_run": ("记录规则运行", "recorded a run of the rules"),
    "view_case": ("查看线索", "viewed a case"),
    "update_case": ("处置线索", "changed a case"),
    "case_report": ("导出线索报告", "exported a case report"),
}

CHAIN_FIELDS = ("seq", "prev", "hash")


def action_label(action: str, lang: str = "zh") -> str:
    """`查看人员 (viewed person)` in Chinese first; the English alone in English."""
    zh, en = ACTIONS.get(action, (action, action))
    return f"{zh} ({en})" if lang == "zh" else en


def log_path() -> Path:
    """Where the audit log is: $OVERSIGHT_AUDIT_LOG, else the user's data directory."""
    override = env_path(LOG_ENV)
    if override is not None:
        return override
    return Path(platformdirs.user_data_dir("oversight")) / "audit.jsonl"


def key_path() -> Path:
    override = env_path(KEY_ENV)
    if override is not None:
        return override
    return Path(platformdirs.user_data_dir("oversight")) / "audit.key"


def head_path(log: Path | None = None) -> Path:
    log = log or log_path()
    return log.with_name(log.name + ".head")


def chain_key(create: bool = True) -> bytes | None:
    """The local key of the chain, created (0600, atomically) on first use."""
    path = key_path()
    try:
        return bytes.fromhex(path.read_text(encoding="ascii").strip())
    except FileNotFoundError:
        if not create:
            return None
    except ValueError:
        from graph.errors import OversightError

        raise OversightError(f"{path}: not an audit key (expected hex)") from None
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, os.urandom(KEY_BYTES).hex().encode("ascii"))
    finally:
        os.close(fd)
    try:
        os.link(temporary, path)  # fails if another process made it first: use theirs
    except FileExistsError:
        pass
    finally:
        temporary.unlink()
    return bytes.fromhex(path.read_text(encoding="ascii").strip())


def os_user() -> str:
    try:
        return f"os:{getpass.getuser()}"
    except (KeyError, OSError):  # no passwd entry (containers): still record something
        return f"os:uid:{os.getuid()}"


def current_user() -> str:
    """Who acts: the logged-in user in the app (`app:anonymous` before a login), else the
    operating-system account as `os:NAME`."""
    if roles.in_app():
        session = roles.app_session()
        return str(session["name"]) if session else ANONYMOUS
    return os_user()


def canonical(entry: dict[str, Any]) -> bytes:
    """The bytes the hash covers: the entry without `hash`, keys sorted, no spaces."""
    body = {k: v for k, v in entry.items() if k != "hash"}
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def entry_hash(entry: dict[str, Any], key: bytes) -> str:
    return hmac.new(key, canonical(entry), hashlib.sha256).hexdigest()


def _head_mac(seq: int, last: str, key: bytes) -> str:
    return hmac.new(key, f"head:{seq}:{last}".encode(), hashlib.sha256).hexdigest()


def make_entry(
    action: str,
    target: str | None = None,
    detail: dict[str, Any] | None = None,
    user: str | None = None,
    via: str = "app",
    now: dt.datetime | None = None,
) -> dict[str, Any]:
    """One audit entry (pure but for who acts): when, who, through what, did what, to what.
    A `user` other than the actor is kept as `claimed`, never as the user."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    moment = now or dt.datetime.now(dt.UTC)
    actor = current_user()
    entry: dict[str, Any] = {
        "at": moment.isoformat(timespec="seconds"),
        "user": actor,
        "via": via,
        "action": action,
        "target": target,
        "detail": detail or {},
    }
    claimed = user or (env_text(USER_ENV) if actor.startswith("os:") else "")
    if claimed and claimed != actor:
        entry["claimed"] = claimed
    # JSON round trip: what is hashed is exactly what a reader of the line parses back
    return json.loads(json.dumps(entry, ensure_ascii=False, default=str))


def _last_line(fd: int) -> bytes | None:
    """The last non-empty line of the open file (read backwards in growing chunks)."""
    size = os.lseek(fd, 0, os.SEEK_END)
    chunk = 4096
    while True:
        start = max(0, size - chunk)
        data = os.pread(fd, size - start, start).rstrip(b"\n")
        if not data:
            return None
        cut = data.rfind(b"\n")
        if cut >= 0:
            return data[cut + 1 :]
        if start == 0:
            return data
        chunk *= 4


def _tail(fd: int, key: bytes, log: Path) -> tuple[int, str]:
    """(seq, hash) to chain the next entry from: the keyed head when it holds, else the log's
    last line (so a log cut at its end still breaks at the next entry)."""
    head = _read_head(log, key)
    if head is not None:
        return head
    line = _last_line(fd)
    if line is None:
        return 0, ""
    try:
        last = json.loads(line)
        return int(last["seq"]), str(last["hash"])
    except (ValueError, KeyError, TypeError):
        # an entry from before the chain, or garbage: chain from its raw bytes
        return 0, hashlib.sha256(line).hexdigest()


def _read_head(log: Path, key: bytes) -> tuple[int, str] | None:
    try:
        head = json.loads(head_path(log).read_text(encoding="utf-8"))
        seq, last, mac = int(head["seq"]), str(head["hash"]), str(head["mac"])
    except (FileNotFoundError, ValueError, KeyError, TypeError):
        return None
    return (seq, last) if hmac.compare_digest(mac, _head_mac(seq, last, key)) else None


def _write_head(log: Path, seq: int, last: str, key: bytes) -> None:
    path = head_path(log)
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    body = json.dumps({"seq": seq, "hash": last, "mac": _head_mac(seq, last, key)})
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, body.encode())
    finally:
        os.close(fd)
    os.replace(temporary, path)


def require(action: str) -> str | None:
    """Refuse (raise) unless the logged-in user's role may do `action`; the user's name.

    In the app: NotLoggedIn without a session, Refused (and a `refused` entry) without the
    role. Outside the app (the CLI) there is no app session to check: returns None.
    (Re-exported as app/auth.py `require`; here because a refusal is written to this log.)"""
    if action not in roles.PERMISSIONS:
        raise ValueError(f"unknown action {action!r}")
    if not roles.in_app():
        return None
    session = roles.app_session()
    if session is None:
        raise roles.NotLoggedIn("请先登录 (please log in)")
    if not roles.allowed(session.get("role"), action):
        record("refused", target=action, detail={"role": session.get("role")})
        raise roles.Refused(action, session.get("role"))
    return str(session["name"])


def _check_permission(action: str) -> None:
    """In the app, an audited action is also an action the role must allow: a page handler
    that forgot its own `require` is still refused here, before the entry is written."""
    needed = roles.AUDITED_ACTION_PERMISSIONS.get(action)
    if needed is not None and roles.in_app():
        require(needed)


def record(
    action: str,
    target: str | None = None,
    detail: dict[str, Any] | None = None,
    user: str | None = None,
    via: str = "app",
) -> dict[str, Any]:
    """Append one entry to the audit log, chained to the last one, and return it."""
    _check_permission(action)
    entry = make_entry(action, target, detail, user, via)
    key = chain_key()
    assert key is not None
    path = log_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        seq, previous = _tail(fd, key, path)
        entry["seq"] = seq + 1
        entry["prev"] = previous
        entry["hash"] = entry_hash(entry, key)
        line = json.dumps(entry, ensure_ascii=False, separators=(", ", ": ")) + "\n"
        os.write(fd, line.encode("utf-8"))
        _write_head(path, entry["seq"], entry["hash"], key)
    finally:
        os.close(fd)  # releases the lock
    return entry


def record_click(
    action: str, target: str | None = None, detail: dict[str, Any] | None = None
) -> None:
    """`record` as a Streamlit `on_click` callback (one that returns nothing), e.g. for a
    download button: `on_click=audit.record_click, args=("export", "cases.csv", detail)`."""
    record(action, target, detail)


def record_report(command: str, **detail: Any) -> dict[str, Any]:
    """For the CLI's report commands: `record_report("flags", as_of="2024-12-31")`."""
    action = {"flags": "run_flags", "risk": "run_risk"}.get(command, "run_report")
    return record(action, target=command, detail=detail, via="cli")


def _lines(path: Path) -> Iterator[str]:
    with path.open(encoding="utf-8", errors="replace") as handle:
        for line in handle:
            if line.strip():
                yield line


def read_entries(limit: int | None = None) -> list[dict[str, Any]]:
    """The most recent entries first (all, or the last `limit`); unreadable lines skipped."""
    path = log_path()
    if not path.exists():
        return []
    entries = []
    for line in _lines(path):
        try:
            entries.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    entries.reverse()
    return entries[:limit] if limit is not None else entries


# --- verify ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    """The result of checking the chain: intact, or the first broken entry."""

    entries: int
    last_seq: int
    last_hash: str
    line: int | None = None  # the first broken line (1-based), None when intact
    problem: str | None = None

    @property
    def intact(self) -> bool:
        return self.problem is None


def _broken_entry(line: str, seq: int, last: str, key: bytes) -> str | None:
    """What is wrong with one line following entry `seq` of hash `last` (None: it holds)."""
    try:
        entry = json.loads(line)
    except json.JSONDecodeError:
        return "不是审计记录 (not a JSON entry: edited or inserted)"
    if not isinstance(entry, dict) or any(field not in entry for field in CHAIN_FIELDS):
        return "没有链哈希 (no chain hash: inserted, or written before the chain)"
    if not hmac.compare_digest(str(entry["hash"]), entry_hash(entry, key)):
        return "内容与哈希不符 (content does not match its hash: edited, or forged without the key)"
    if entry["seq"] != seq + 1 or entry["prev"] != last:
        return (
            f"未接上第 {seq} 号记录 (does not follow entry {seq}: "
            "an entry deleted, inserted or reordered before it)"
        )
    return None


def verify(path: Path | None = None) -> Verdict:
    """Walk the chain from the first line; stop at the first broken entry."""
    path = path or log_path()
    key = chain_key(create=False)
    count, seq, last = 0, 0, ""
    if not path.exists():
        return Verdict(0, 0, "")
    if key is None:
        return Verdict(
            0, 0, "", 1, f"没有审计密钥 {key_path()} (the chain's key is missing: cannot verify)"
        )
    for number, line in enumerate(_lines(path), start=1):
        why = _broken_entry(line, seq, last, key)
        if why is not None:
            return Verdict(count, seq, last, number, f"第 {number} 行 (line {number}): {why}")
        entry = json.loads(line)
        count, seq, last = count + 1, int(entry["seq"]), str(entry["hash"])
    head = _read_head(path, key)
    if head_path(path).exists() and head is None:
        return Verdict(count, seq, last, count, "头文件被改动 (the head file was altered)")
    if head is not None and head != (seq, last):
        return Verdict(
            count,
            seq,
            last,
            count,
            f"日志止于第 {seq} 号，但最后写入的是第 {head[0]} 号 "
            f"(the log ends at entry {seq} but entry {head[0]} was written last: "
            "entries deleted at the end)",
        )
    return Verdict(count, seq, last)


# --- reading, filtered --------------------------------------------------------------------


def select(
    entries: Iterable[dict[str, Any]],
    since: dt.datetime | None = None,
    user: str | None = None,
    action: str | None = None,
) -> list[dict[str, Any]]:
    """Entries at or after `since`, by `user`, of `action` (each optional), in given order."""
    out = []
    for entry in entries:
        if user is not None and entry.get("user") != user:
            continue
        if action is not None and entry.get("action") != action:
            continue
        if since is not None:
            try:
                at = dt.datetime.fromisoformat(str(entry.get("at")))
            except ValueError:
                continue
            if at.tzinfo is None:
                at = at.replace(tzinfo=dt.UTC)
            if at < since:
                continue
        out.append(entry)
    return out


EXPORT_COLUMNS = ("seq", "at", "user", "via", "action", "target", "detail", "claimed", "hash")


def as_rows(entries: Iterable[dict[str, Any]], lang: str = "zh") -> list[dict[str, Any]]:
    """Entries as flat rows (action in words, detail as JSON text) for a table or CSV."""
    rows = []
    for entry in entries:
        row = {column: entry.get(column) for column in EXPORT_COLUMNS}
        row["action"] = action_label(str(entry.get("action")), lang)
        row["detail"] = json.dumps(entry.get("detail") or {}, ensure_ascii=False)
        rows.append(row)
    return rows


def to_csv(entries: Iterable[dict[str, Any]], lang: str = "zh") -> str:
    """CSV text; a cell that a spreadsheet would run as a formula is written as text."""
    columns = list(EXPORT_COLUMNS)
    return csv_text(columns, ([row[c] for c in columns] for row in as_rows(entries, lang)))
