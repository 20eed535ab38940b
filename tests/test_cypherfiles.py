"""The one .cypher header convention (graph/cypherfiles.py `front_matter`): pure parser tests,
and every .cypher file of the product that has a header parses with it."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.cypherfiles import FrontMatterError, front_matter

ROOT = Path(__file__).resolve().parents[1]


def test_good_header() -> None:
    text = (
        "// ---\n"
        "// fragment: demo\n"
        "// kind: subquery\n"
        "// description: >-\n"
        "//   one line\n"
        "//   and its continuation\n"
        "// ---\n"
        "MATCH (n) RETURN n\n"
    )
    meta, body = front_matter(text, "demo.cypher")
    assert meta == {
        "fragment": "demo",
        "kind": "subquery",
        "description": "one line and its continuation",
    }
    assert body == "MATCH (n) RETURN n\n"


def test_no_header() -> None:
    text = "// just prose\n\n// step: nodes\nUNWIND $rows AS row RETURN row\n"
    assert front_matter(text, "x.cypher") == ({}, text)
    assert front_matter("", "x.cypher") == ({}, "")


def test_bad_yaml_names_file_and_line() -> None:
    text = "// ---\n// id: X-1\n// title: [unclosed\n// severity: high\n// ---\nRETURN 1\n"
    with pytest.raises(FrontMatterError, match=r"^X-1\.cypher:\d+: front matter is not YAML"):
        front_matter(text, "X-1.cypher")
    text = "// ---\n// id: X-1\n//   zh: indented wrongly\n// ---\nRETURN 1\n"
    with pytest.raises(FrontMatterError, match=r"^X-1\.cypher:3: front matter is not YAML"):
        front_matter(text, "X-1.cypher")


def test_unclosed_and_not_a_mapping() -> None:
    with pytest.raises(FrontMatterError, match=r"^a\.cypher:3: front matter not closed"):
        front_matter("// ---\n// id: A\nMATCH (n) RETURN n\n", "a.cypher")
    with pytest.raises(FrontMatterError, match=r"^b\.cypher:2: .*not closed"):
        front_matter("// ---\n// id: B\n", "b.cypher")
    with pytest.raises(
        FrontMatterError, match=r"^c\.cypher:2: front matter must be a YAML mapping"
    ):
        front_matter("// ---\n// - a list\n// ---\nRETURN 1\n", "c.cypher")


CYPHER_FILES = sorted(
    path
    for folder in ("queries", "loaders", "graph", "app")
    for path in (ROOT / folder).rglob("*.cypher")
)


def test_every_cypher_file_follows_the_convention() -> None:
    """A file either starts with front matter that parses, or has no header at all; a rule,
    fragment or casework query must have one."""
    assert len(CYPHER_FILES) > 50
    needs_header = ("queries/rules/", "queries/shared/", "queries/casework/")
    for path in CYPHER_FILES:
        relative = path.relative_to(ROOT).as_posix()
        meta, _ = front_matter(path.read_text(encoding="utf-8"), relative)
        if relative.startswith(needs_header):
            assert meta, f"{relative}: must start with `// ---` front matter"
        else:
            # No metadata elsewhere, and no header in the old `// key: value` style either.
            first = path.read_text(encoding="utf-8").splitlines()[:1]
            assert not (first and first[0].startswith(("// fragment:", "// name:", "// id:"))), (
                f"{relative}: a `// key: value` header; use `// ---` front matter"
            )
