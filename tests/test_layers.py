"""The parts depend downward only, and no part's modules import each other in a circle.

    model (declarations: registries, node keys, relationship types, vocabularies)
      ← graph (database, schema migrations, analytics)
      ← loaders (input formats)   ← queries (rules, risk, stats)
      ← sample (generator; writes the loaders' formats)
      ← app (CLI and Streamlit)

Read from the source (every import, also inside functions), never by importing it, so a
lazy import cannot hide an arrow. The allowed arrows are written once, here.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from pathlib import Path

# part -> the parts it may import. Nothing imports app; queries and loaders do not know each
# other; model imports nothing and every part may import it.
ALLOWED: dict[str, set[str]] = {
    "model": set(),
    "graph": {"model"},
    "loaders": {"graph", "model"},
    "queries": {"graph", "model"},
    "sample": {"graph", "loaders", "model"},
    "app": {"graph", "loaders", "model", "queries", "sample"},
}
PARTS = tuple(ALLOWED)
ROOT = Path(__file__).resolve().parent.parent


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    """Every module of the parts, by dotted name."""
    return {
        module_name(path): path
        for part in PARTS
        for path in sorted((ROOT / part).rglob("*.py"))
        if ".venv" not in path.parts
    }


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _top_level(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Statements run at import: the module body and its if/try blocks, not functions,
    classes' methods or `if TYPE_CHECKING:`."""
    for node in body:
        yield node
        if isinstance(node, ast.If) and not _is_type_checking(node):
            yield from _top_level(node.body)
            yield from _top_level(node.orelse)
        elif isinstance(node, ast.Try):
            for block in (node.body, node.orelse, node.finalbody):
                yield from _top_level(block)
            for handler in node.handlers:
                yield from _top_level(handler.body)


def imports(name: str, path: Path, known: Mapping[str, Path], *, module_level: bool) -> set[str]:
    """The modules of the parts that a module imports (the most specific known name)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    nodes = _top_level(tree.body) if module_level else ast.walk(tree)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in nodes:
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # `from pkg import mod` names pkg.mod; `from mod import name` names mod
            targets = [f"{base}.{alias.name}" for alias in node.names]
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def import_graph(*, module_level: bool) -> dict[str, set[str]]:
    known = modules()
    return {
        name: imports(name, path, known, module_level=module_level) for name, path in known.items()
    }


def part_of(module: str) -> str:
    return module.split(".")[0]


def arrows_against(
    graph: Mapping[str, set[str]], allowed: Mapping[str, set[str]]
) -> list[tuple[str, str]]:
    """(importer, imported) pairs whose parts are not an allowed arrow."""
    return sorted(
        (src, dst)
        for src, dsts in graph.items()
        for dst in dsts
        if part_of(src) != part_of(dst) and part_of(dst) not in allowed[part_of(src)]
    )


def cycles_within_parts(graph: Mapping[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module, within one part (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, set()):
            if part_of(nxt) != part_of(node):
                continue
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(groups)


def test_every_part_is_declared() -> None:
    for part in PARTS:
        assert (ROOT / part / "__init__.py").exists(), part
    assert set().union(*ALLOWED.values()) <= set(PARTS)


def test_imports_go_downward_only() -> None:
    against = arrows_against(import_graph(module_level=False), ALLOWED)
    assert not against, (
        "imports against the layering (tests/test_layers.py ALLOWED):\n"
        + "\n".join(f"  {src} -> {dst}" for src, dst in against)
    )


def test_no_import_cycle_inside_a_part() -> None:
    cycles = cycles_within_parts(import_graph(module_level=True))
    assert not cycles, "module-level import cycles: " + "; ".join(" <-> ".join(c) for c in cycles)


# Parts whose modules may not import each other in a circle even through an import inside a
# function: a lazy import that dodges a cycle at import time still ties the two modules
# together (app/audit.py and app/auth.py once did; app/ui/shell.py and app/ui/login.py too).
NO_CYCLES_EVEN_INSIDE_FUNCTIONS = ("app",)


def test_no_import_cycle_in_app_even_inside_functions() -> None:
    graph = import_graph(module_level=False)
    cycles = [
        c for c in cycles_within_parts(graph) if part_of(c[0]) in NO_CYCLES_EVEN_INSIDE_FUNCTIONS
    ]
    assert not cycles, "import cycles (counting imports inside functions): " + "; ".join(
        " <-> ".join(c) for c in cycles
    )


def test_the_graph_is_read() -> None:
    """The walk finds the arrows that exist (else the checks above would pass vacuously)."""
    everything = import_graph(module_level=False)
    assert "graph.db" in everything["queries.stats"]
    assert "queries.runner" in everything["queries.risk"]  # an import inside a function
    assert "loaders.problems" in import_graph(module_level=True)["loaders.validate"]
    assert "model.registry" in everything["loaders.registry_names"]
    # inside app/: `serve` imports app.auth inside a function only, so the cycle check above
    # sees arrows that the module-level graph does not
    assert "app.auth" in everything["app.commands.serve"]
    assert "app.auth" not in import_graph(module_level=True)["app.commands.serve"]


def test_the_checks_can_fail() -> None:
    """Control: a synthetic graph with an upward arrow and a cycle is caught."""
    bad = {
        "graph.analytics.risk": {"queries.runner", "graph.db"},
        "queries.runner": {"graph.db"},
        "loaders.read": {"loaders.validate"},
        "loaders.validate": {"loaders.read"},
        "app.cli": {"loaders.read"},
        "model.registry": {"loaders.values", "model.vocab"},
    }
    assert arrows_against(bad, ALLOWED) == [
        ("graph.analytics.risk", "queries.runner"),
        ("model.registry", "loaders.values"),
    ]
    assert cycles_within_parts(bad) == [["loaders.read", "loaders.validate"]]
