"""Audit log: who looked at which leader, ran which report or which ad-hoc query, and when.

Append-only JSON lines in the user's data directory (`OVERSIGHT_AUDIT_LOG` overrides). Each
entry is one `write` of one line on a file opened with O_APPEND, so concurrent writers (the
app's sessions, CLI runs) never interleave within a line. The log is readable by its owner
only: it records what investigators look at.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
from pathlib import Path
from typing import Any

import platformdirs

LOG_ENV = "OVERSIGHT_AUDIT_LOG"
USER_ENV = "OVERSIGHT_USER"

# The actions the product records, with what a reader sees for each.
ACTIONS: dict[str, tuple[str, str]] = {
    "view_person": ("查看人员", "viewed person"),
    "view_unit": ("查看单位", "viewed unit"),
    "view_evidence": ("查看线索证据", "viewed a flag's evidence"),
    "run_report": ("运行报告", "ran report"),
    "run_flags": ("运行风险线索", "ran flags"),
    "run_risk": ("运行风险排名", "ran risk ranking"),
    "adhoc_query": ("自定义查询", "ran ad-hoc query"),
    "decide_match": ("处理疑似匹配", "decided possible match"),
    "export": ("导出", "exported"),
    "record_run": ("记录规则运行", "recorded a run of the rules"),
    "view_case": ("查看线索", "viewed a case"),
    "update_case": ("处置线索", "changed a case"),
    "case_report": ("导出线索报告", "exported a case report"),
}


def log_path() -> Path:
    """Where the audit log is: $OVERSIGHT_AUDIT_LOG, else the user's data directory."""
    override = os.environ.get(LOG_ENV)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir("oversight")) / "audit.jsonl"


def current_user() -> str:
    """The investigator: $OVERSIGHT_USER, else the operating-system user."""
    named = os.environ.get(USER_ENV, "").strip()
    if named:
        return named
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (containers): still record something
        return f"uid:{os.getuid()}"


def make_entry(
    action: str,
    target: str | None = None,
    detail: dict[str, Any] | None = None,
    user: str | None = None,
    via: str = "app",
    now: dt.datetime | None = None,
) -> dict[str, Any]:
    """One audit entry (pure): when, who, through what, did what, to what."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    moment = now or dt.datetime.now(dt.UTC)
    return {
        "at": moment.isoformat(timespec="seconds"),
        "user": user or current_user(),
        "via": via,
        "action": action,
        "target": target,
        "detail": detail or {},
    }


def record(
    action: str,
    target: str | None = None,
    detail: dict[str, Any] | None = None,
    user: str | None = None,
    via: str = "app",
) -> dict[str, Any]:
    """Append one entry to the audit log and return it."""
    entry = make_entry(action, target, detail, user, via)
    line = (json.dumps(entry, ensure_ascii=False, default=str) + "\n").encode("utf-8")
    path = log_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, line)
    finally:
        os.close(fd)
    return entry


def record_report(command: str, **detail: Any) -> dict[str, Any]:
    """For the CLI's report commands: `record_report("flags", as_of="2024-12-31")`."""
    action = {"flags": "run_flags", "risk": "run_risk"}.get(command, "run_report")
    return record(action, target=command, detail=detail, via="cli")


def read_entries(limit: int | None = None) -> list[dict[str, Any]]:
    """The most recent entries first (all, or the last `limit`); unreadable lines skipped."""
    path = log_path()
    if not path.exists():
        return []
    entries = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            try:
                entries.append(json.loads(line))
            except json.JSONDecodeError:
                continue
    entries.reverse()
    return entries[:limit] if limit is not None else entries
