"""The model's relationship declaration (model/relationships.yaml) is the loaders' truth:
every type their Cypher writes is declared, with the step that writes it, and a bad
declaration fails at load with one error naming the file and the key."""

from __future__ import annotations

import copy
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
import yaml

from model.registry import REGISTRIES, DeclarationError
from model.relationships import RELATIONSHIPS, RELATIONSHIPS_PATH, build_relationships

CYPHER = Path(__file__).resolve().parents[1] / "loaders" / "cypher"
# `MERGE (a)-[r:TYPE ...]->(b)` and `CREATE (x)-[:TYPE]->(s)`: the statements that write one.
WRITES = re.compile(r"\b(?:MERGE|CREATE)\s*\([^()]*\)\s*<?-\[\w*:(\w+)")


def written_by_cypher() -> dict[str, set[str]]:
    """Relationship type -> the loaders/cypher files (by stem) whose statements write it."""
    found: dict[str, set[str]] = defaultdict(set)
    for path in sorted(CYPHER.glob("*.cypher")):
        for rel_type in WRITES.findall(path.read_text(encoding="utf-8")):
            found[rel_type].add(path.stem)
    return dict(found)


def test_the_cypher_writes_exactly_the_declared_types_by_the_declared_steps() -> None:
    written = written_by_cypher()
    assert "SPOKE_IN" in written and "IN_SNAPSHOT" in written  # the pattern finds them
    declared = {name: set(rel.by) for name, rel in RELATIONSHIPS.items()}
    assert written == declared


def test_every_relationship_registry_names_a_declared_type() -> None:
    rels = {reg.rel for reg in REGISTRIES.values() if reg.rel}
    assert rels and rels <= set(RELATIONSHIPS)


def _declaration() -> dict[str, Any]:
    return yaml.safe_load(RELATIONSHIPS_PATH.read_text(encoding="utf-8"))


def test_the_declaration_file_is_what_is_loaded() -> None:
    assert build_relationships(_declaration()) == dict(RELATIONSHIPS)


def test_a_bad_declaration_names_every_offending_key() -> None:
    data = copy.deepcopy(_declaration())
    rels = data["relationships"]
    rels["HOLDS_POST"]["to"] = "Unti"  # a typo in a label
    rels["PART_OF"]["by"] = "unit"  # not a registry
    rels["lower_case"] = {"from": "Person", "to": "Person", "by": "identity"}
    rels["BUYER"]["colour"] = "red"
    rels["SAME_AS"]["derived"] = "yes"  # a flag, not a word
    del rels["SANCTIONED"]  # the sanctions registry has a label, not a rel: still fine
    del rels["OFFICER_OF"]  # the officers registry's rel
    del rels["POSSIBLE_MATCH"]  # indexed in model/schema.py
    with pytest.raises(DeclarationError) as caught:
        build_relationships(data)
    text = str(caught.value)
    assert text.startswith("relationships.yaml: 8 problem(s)")
    for expected in (
        "relationships.HOLDS_POST.to: 'Unti' is not a node label",
        "relationships.PART_OF.by: 'unit' is neither a registry nor a loader step",
        "relationships.lower_case: a relationship type is UPPER_SNAKE_CASE",
        "relationships.BUYER: unknown field 'colour'",
        "relationships.SAME_AS.derived: must be true or false",
        "registries.officers.rel: 'OFFICER_OF' is not declared",
        "model/schema.py REL_INDEXES: 'POSSIBLE_MATCH' is not declared",
    ):
        assert expected in text


def test_derived_types_are_declared_so_and_only_the_identity_step_writes_them() -> None:
    from model.relationships import DERIVED_TYPES

    assert DERIVED_TYPES == ("RELATIVE_HOLDER",)
    assert all(RELATIONSHIPS[name].by == ("identity",) for name in DERIVED_TYPES)


def test_a_registry_must_be_among_the_writers_of_its_rel() -> None:
    data = copy.deepcopy(_declaration())
    data["relationships"]["HOLDS_POST"]["by"] = "duties"
    with pytest.raises(DeclarationError, match=r"relationships.HOLDS_POST.by: lacks 'posts'"):
        build_relationships(data)


def test_docs_registries_md_is_generated_from_the_declarations() -> None:
    from model import docs

    path = Path(__file__).resolve().parents[1] / "docs" / "registries.md"
    text = path.read_text(encoding="utf-8")
    assert text == docs.render(), (
        "docs/registries.md is stale: python -m model.docs > docs/registries.md"
    )
    for reg in REGISTRIES.values():
        assert f"## {reg.order}. {reg.name} {reg.zh}" in text
    for rel in RELATIONSHIPS.values():
        assert f"| `{rel.name}` |" in text
