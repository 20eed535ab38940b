"""Every environment variable the product reads, declared once; and where the database is.

Each variable is a `Variable` in VARIABLES (name, default, meaning in Chinese and English) and
is read only through the accessors below (`env_value`, `env_text`, `env_path`,
`positive_int`…): no other module reads os.environ for an OVERSIGHT_/NEO4J_ variable
(tests/test_settings.py checks it, and that docs/configuration.md lists every one). This is
the bottom layer, so loaders, queries and app all read from here.

Where the database is. Resolution order: NEO4J_URI (with NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE) wins; else the
local server in the home directory, whose password `oversight db start` keeps in a
credentials file of its own (mode 0600, created so from the start), never in the instance
record and never on a command line.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs

from graph.errors import UsageError


@dataclass(frozen=True)
class Variable:
    """One environment variable: its name, its default (as text; None: unset means "none"
    or a value computed as `zh`/`en` say), and what it means."""

    name: str
    default: str | None
    zh: str
    en: str


VARIABLES: dict[str, Variable] = {
    v.name: v
    for v in (
        # --- the database (graph/settings.py, graph/server.py)
        Variable(
            "NEO4J_URI",
            None,
            "外部 Neo4j 地址；设置后不用本地数据库",
            "a Neo4j of your own (bolt://, neo4j://, neo4j+s://); set, the local server is not used",
        ),
        Variable("NEO4J_USER", "neo4j", "NEO4J_URI 的用户名", "user for NEO4J_URI"),
        Variable(
            "NEO4J_PASSWORD",
            None,
            "NEO4J_URI 的密码（本地数据库无凭据文件时也用它）",
            "password for NEO4J_URI (and for a local server without a credentials file)",
        ),
        Variable(
            "NEO4J_DATABASE",
            None,
            "数据库名，默认服务器的默认库",
            "database name; default: the server's default database",
        ),
        Variable(
            "OVERSIGHT_HOME",
            None,
            "本地数据库目录，默认用户数据目录下的 neo4j",
            "the local server's home; default: neo4j in the user's data directory",
        ),
        Variable(
            "OVERSIGHT_NEO4J_LIB",
            None,
            "Neo4j jar 包缓存目录，默认用户缓存目录",
            "where the Neo4j jars are cached; default: the user's cache directory",
        ),
        # --- audit and identity (app/audit.py, loaders/values.py)
        Variable(
            "OVERSIGHT_AUDIT_LOG",
            None,
            "审计日志文件，默认用户数据目录下的 audit.jsonl",
            "the audit log; default: audit.jsonl in the user's data directory",
        ),
        Variable(
            "OVERSIGHT_AUDIT_KEY",
            None,
            "审计日志哈希链密钥文件，默认用户数据目录下的 audit.key",
            "the audit chain's key file; default: audit.key in the user's data directory",
        ),
        Variable(
            "OVERSIGHT_USER",
            None,
            "命令行自报的用户名（记入审计日志的 claimed）",
            "a user name the command line claims (kept as `claimed` in the audit log)",
        ),
        Variable(
            "OVERSIGHT_ID_KEY",
            None,
            "身份证号哈希密钥，默认本机生成的 id.key",
            "the key hashing 身份证号; default: a local id.key made once",
        ),
        # --- rules and loading (queries/runner.py, loaders/)
        Variable(
            "OVERSIGHT_RULES_CONFIG",
            None,
            "规则配置 YAML 文件（--config 优先）",
            "the rules config YAML (--config wins)",
        ),
        Variable(
            "OVERSIGHT_LOADER_PER_ROW",
            "1",
            "0：载入的 Cypher 不改写为逐行子查询（用于基准比较）",
            "0: the loader's Cypher is not rewritten as one subquery per row (for benchmarks)",
        ),
        Variable(
            "OVERSIGHT_LOAD_MAX_FILE_MB", "2048", "单个文件大小上限（MB）", "size of one file (MB)"
        ),
        Variable(
            "OVERSIGHT_LOAD_MAX_ROWS", "5000000", "单个文件数据行数上限", "data rows of one file"
        ),
        Variable("OVERSIGHT_LOAD_MAX_COLUMNS", "500", "一行单元格数上限", "cells in one row"),
        Variable(
            "OVERSIGHT_LOAD_MAX_LINE_KB", "1024", "CSV 单行大小上限（KB）", "one CSV line (KB)"
        ),
        Variable(
            "OVERSIGHT_LOAD_MAX_CELL_CHARS", "32767", "单元格字符数上限", "characters in a cell"
        ),
        Variable(
            "OVERSIGHT_LOAD_MAX_KEY_BYTES",
            "2000",
            "键值或索引值字节数上限",
            "bytes of a key/indexed value",
        ),
        Variable(
            "OVERSIGHT_LOAD_MAX_UNZIPPED_MB",
            "2048",
            "xlsx 解压后大小上限（MB）",
            "xlsx unzipped (MB)",
        ),
        Variable(
            "OVERSIGHT_LOAD_MAX_ZIP_RATIO",
            "100",
            "xlsx 解压/压缩比上限",
            "xlsx unzipped/zipped ratio",
        ),
        Variable(
            "OVERSIGHT_LOAD_MAX_PROBLEMS",
            "1000",
            "每个文件列出的问题数上限（其余只计数）",
            "problems listed per file (the rest are counted)",
        ),
        # --- the app's sessions (app/auth.py)
        Variable(
            "OVERSIGHT_SESSION_IDLE_MINUTES",
            "30",
            "无操作多少分钟后会话失效",
            "minutes without activity before a session ends",
        ),
        Variable(
            "OVERSIGHT_SESSION_HOURS", "12", "会话最长小时数", "hours a session lasts at most"
        ),
        Variable(
            "OVERSIGHT_LOGIN_MAX_FAILURES",
            "5",
            "连续登录失败多少次锁定账户",
            "failed logins in a row that lock an account",
        ),
        Variable(
            "OVERSIGHT_LOGIN_LOCK_MINUTES",
            "15",
            "账户锁定分钟数",
            "minutes an account stays locked",
        ),
    )
}


def _declared(name: str) -> str:
    if name not in VARIABLES:
        raise KeyError(f"{name} is not declared in graph/settings.py VARIABLES")
    return name


def env_value(name: str, env: Mapping[str, str] | None = None) -> str | None:
    """The variable's value as set (None when unset); `env` stands for the environment."""
    return (os.environ if env is None else env).get(_declared(name))


def env_text(name: str, env: Mapping[str, str] | None = None) -> str:
    """The variable's value stripped of blanks; "" when unset."""
    return (env_value(name, env) or "").strip()


def env_path(name: str) -> Path | None:
    """The variable as a path (~ expanded), or None when unset or empty."""
    raw = env_value(name)
    return Path(raw).expanduser() if raw else None


def set_env(name: str, value: str) -> None:
    """Set a variable for this process and the processes it starts."""
    os.environ[_declared(name)] = value


def positive_int(name: str) -> int:
    """The variable as a positive whole number; its declared default when unset or blank."""
    raw = env_text(name)
    if not raw:
        return int(VARIABLES[name].default or 0)
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value < 1:
        raise UsageError(
            f"{name} 应为正整数，实为「{raw[:20]}」 (expected a positive whole number)"
        )
    return value


def per_row_writes() -> bool:
    """OVERSIGHT_LOADER_PER_ROW: anything but "0" (the default "1") keeps per-row commits."""
    return (env_value("OVERSIGHT_LOADER_PER_ROW") or "1") != "0"


INSTANCE_FILE = "oversight-instance.json"
CREDENTIALS_FILE = "oversight-credentials.json"
LOCAL_USER = "neo4j"
LOCAL_DATABASE = "neo4j"


@dataclass(frozen=True)
class ConnectionSettings:
    uri: str
    user: str | None
    password: str | None
    database: str | None
    origin: str  # "env" (NEO4J_URI) or the local home directory it came from

    @property
    def auth(self) -> tuple[str, str] | None:
        if self.password is None:
            return None
        return (self.user or "neo4j", self.password)

    def __repr__(self) -> str:  # the password never reaches a log or a traceback
        shown = "***" if self.password is not None else None
        return (
            f"ConnectionSettings(uri={self.uri!r}, user={self.user!r}, password={shown!r}, "
            f"database={self.database!r}, origin={self.origin!r})"
        )


def default_home() -> Path:
    """The local server's home: $OVERSIGHT_HOME, else the user's data directory."""
    root = env_path("OVERSIGHT_HOME")
    if root is not None:
        return root
    return Path(platformdirs.user_data_dir("oversight")) / "neo4j"


def read_instance(home: Path) -> dict[str, Any] | None:
    """The record `oversight db start` leaves in a home: ports, pid, whether auth is on."""
    path = Path(home) / INSTANCE_FILE
    if not path.exists():
        return None
    instance: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return instance


def credentials_path(home: Path) -> Path:
    return Path(home) / CREDENTIALS_FILE


def read_credentials(home: Path) -> dict[str, Any] | None:
    """{"user": ..., "password": ...} of the local server in `home`, or None."""
    path = credentials_path(home)
    if not path.exists():
        return None
    credentials: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return credentials


def local_settings(home: Path) -> ConnectionSettings:
    """How to reach the local server in `home` (its port and, when auth is on, password)."""
    home = Path(home)
    instance = read_instance(home) or {}
    bolt_port = instance.get("bolt_port", 7687)
    credentials = read_credentials(home) or {}
    password = credentials.get("password") or instance.get("password")
    return ConnectionSettings(
        uri=f"bolt://127.0.0.1:{bolt_port}",
        user=credentials.get("user", LOCAL_USER),
        password=password or env_value("NEO4J_PASSWORD"),
        database=None,
        origin=str(home),
    )


def connection_settings(home: Path | None = None) -> ConnectionSettings:
    """NEO4J_URI and friends win; otherwise the local server in `home` (default home)."""
    uri = env_value("NEO4J_URI")
    if uri:
        user = env_value("NEO4J_USER")
        return ConnectionSettings(
            uri=uri,
            user="neo4j" if user is None else user,
            password=env_value("NEO4J_PASSWORD"),
            database=env_value("NEO4J_DATABASE") or None,
            origin="env",
        )
    return local_settings(home or default_home())
