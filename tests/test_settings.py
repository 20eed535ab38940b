"""Every environment variable is declared once (graph/settings.py), documented, and read
through it only."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from graph import settings
from graph.errors import UsageError

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("app", "graph", "loaders", "queries", "sample")
PREFIXES = ("OVERSIGHT_", "NEO4J_")


def _is_environ(node: ast.AST) -> bool:
    """`os.environ` (or `environ` imported from os)."""
    if isinstance(node, ast.Attribute):
        return node.attr == "environ" and isinstance(node.value, ast.Name)
    return isinstance(node, ast.Name) and node.id == "environ"


def _constants(tree: ast.AST) -> dict[str, str]:
    """Module-level NAME = "OVERSIGHT_…" constants, so a read through a name is seen too."""
    found = {}
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    found[target.id] = node.value.value
    return found


def environ_reads(source: str) -> list[str]:
    """The OVERSIGHT_/NEO4J_ variables a module reads or sets one by one from the environment:
    os.environ.get/[...]/setdefault/pop and os.getenv. Copying the whole environment for a
    child process (dict(os.environ), os.environ.items()) is not a read of one variable."""
    tree = ast.parse(source)
    names = _constants(tree)

    def key(node: ast.AST) -> str | None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            value = node.value
        elif isinstance(node, ast.Name):
            value = names.get(node.id, "")
        else:
            return None
        return value if value.startswith(PREFIXES) else None

    reads = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript) and _is_environ(node.value):
            reads.append(key(node.slice))
        elif isinstance(node, ast.Call) and node.args:
            func = node.func
            if isinstance(func, ast.Attribute) and (
                (func.attr in ("get", "setdefault", "pop") and _is_environ(func.value))
                or (func.attr == "getenv" and isinstance(func.value, ast.Name))
            ):
                reads.append(key(node.args[0]))
    return [name for name in reads if name]


def test_the_check_sees_a_read_of_the_environment() -> None:  # the control
    source = (
        'import os\nLOG = "OVERSIGHT_AUDIT_LOG"\n'
        'a = os.environ.get("NEO4J_URI")\nb = os.getenv("OVERSIGHT_HOME", "")\n'
        'c = os.environ[LOG]\nos.environ["OVERSIGHT_USER"] = "x"\n'
        "env = dict(os.environ)\nd = os.environ.get('HOME')\n"
    )
    assert sorted(environ_reads(source)) == [
        "NEO4J_URI",
        "OVERSIGHT_AUDIT_LOG",
        "OVERSIGHT_HOME",
        "OVERSIGHT_USER",
    ]


def test_no_module_but_settings_reads_an_oversight_or_neo4j_variable() -> None:
    offenders = {}
    scanned = 0
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if path == ROOT / "graph" / "settings.py":
                continue
            scanned += 1
            reads = environ_reads(path.read_text(encoding="utf-8"))
            if reads:
                offenders[str(path.relative_to(ROOT))] = reads
    assert scanned > 50 and offenders == {}


def test_every_declared_variable_is_documented() -> None:
    text = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    assert "docs/configuration.md" in (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [name for name in settings.VARIABLES if f"`{name}`" not in text]
    assert missing == []
    for variable in settings.VARIABLES.values():
        assert variable.zh and variable.en, variable.name


def test_every_variable_named_in_the_code_is_declared() -> None:
    pattern = re.compile(r"\b((?:OVERSIGHT|NEO4J)_[A-Z0-9_]*[A-Z0-9])\b")
    # written for a Neo4j child process or named as a version, not read by the product
    not_settings = {"NEO4J_HOME", "NEO4J_CONF", "NEO4J_VERSION"}
    named = set()
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            named |= set(pattern.findall(path.read_text(encoding="utf-8")))
    assert named - not_settings - set(settings.VARIABLES) == set()


def test_an_undeclared_variable_cannot_be_read() -> None:
    with pytest.raises(KeyError):
        settings.env_value("OVERSIGHT_NOT_DECLARED")


def test_accessors_keep_the_old_readings(monkeypatch, tmp_path) -> None:
    monkeypatch.delenv("OVERSIGHT_LOAD_MAX_ROWS", raising=False)
    assert settings.positive_int("OVERSIGHT_LOAD_MAX_ROWS") == 5_000_000
    monkeypatch.setenv("OVERSIGHT_LOAD_MAX_ROWS", "many")
    with pytest.raises(UsageError, match="OVERSIGHT_LOAD_MAX_ROWS 应为正整数，实为「many」"):
        settings.positive_int("OVERSIGHT_LOAD_MAX_ROWS")
    monkeypatch.setenv("OVERSIGHT_HOME", "~/x")
    assert settings.default_home() == Path("~/x").expanduser()
    monkeypatch.setenv("OVERSIGHT_HOME", "")
    assert settings.default_home().name == "neo4j"
    monkeypatch.setenv("OVERSIGHT_LOADER_PER_ROW", "0")
    assert settings.per_row_writes() is False
    monkeypatch.delenv("OVERSIGHT_LOADER_PER_ROW")
    assert settings.per_row_writes() is True
    monkeypatch.setenv("NEO4J_URI", "bolt://example:7687")
    monkeypatch.delenv("NEO4J_USER", raising=False)
    monkeypatch.setenv("NEO4J_DATABASE", "")
    found = settings.connection_settings()
    assert (found.uri, found.user, found.database, found.origin) == (
        "bolt://example:7687",
        "neo4j",
        None,
        "env",
    )
