"""The relationship types the loaders write, with their ends (model/relationships.yaml).

Checked as a whole at import, together with the registry declaration's `label:` and `rel:`
(model/registries.yaml): a bad declaration raises one `DeclarationError` naming the file and
every offending key.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from model.registry import REGISTRIES, DeclarationError, Registry
from model.schema import HISTORY_LABELS, LABELS, REGISTRY_KEYS, REL_INDEXES

RELATIONSHIPS_PATH = Path(__file__).with_name("relationships.yaml")

# What writes a relationship besides a registry's own Cypher (model/relationships.yaml `by`).
LOADER_STEPS = ("identity", "snapshot")


@dataclass(frozen=True)
class RelType:
    """A relationship type: the labels it may start and end at, and what writes it."""

    name: str
    start: tuple[str, ...]
    end: tuple[str, ...]
    by: tuple[str, ...]
    # written from other relationships for the rules to read, not a fact of a registry: the
    # app's graph views and paths leave it out
    derived: bool = False


_TYPE_RE = re.compile(r"^[A-Z][A-Z0-9_]*$")
_REL_FIELDS = {"from", "to", "by", "derived"}
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _names(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, list):
        return tuple(str(v) for v in value)
    return (str(value),)


def build_relationships(
    data: Any,
    registries: Mapping[str, Registry] = REGISTRIES,
    source: str = "relationships.yaml",
) -> dict[str, RelType]:
    """The relationship types of parsed YAML, checked as a whole and against the registries'
    `label:`/`rel:`; DeclarationError lists every offending key."""
    raw = data.get("relationships") if isinstance(data, dict) else None
    if not isinstance(raw, dict) or not raw:
        raise DeclarationError(f"{source}: expected a non-empty `relationships:` mapping")
    labels = set(LABELS) | set(HISTORY_LABELS)
    writers = set(registries) | set(LOADER_STEPS)
    issues: list[str] = []
    types: dict[str, RelType] = {}
    for name, spec in raw.items():
        path = f"relationships.{name}"
        if not _TYPE_RE.match(str(name)):
            issues.append(f"{path}: a relationship type is UPPER_SNAKE_CASE")
        if not isinstance(spec, dict):
            issues.append(f"{path}: must be a mapping (from, to, by)")
            continue
        for unknown in sorted(set(spec) - _REL_FIELDS):
            issues.append(f"{path}: unknown field {unknown!r}")
        derived = spec.get("derived", False)
        if not isinstance(derived, bool):
            issues.append(f"{path}.derived: must be true or false")
        rel = RelType(
            str(name),
            _names(spec.get("from")),
            _names(spec.get("to")),
            _names(spec.get("by")),
            derived is True,
        )
        for end, found in (("from", rel.start), ("to", rel.end)):
            if not found:
                issues.append(f"{path}: missing {end!r}")
            for label in found:
                if label not in labels:
                    issues.append(f"{path}.{end}: {label!r} is not a node label of model/schema.py")
        if not rel.by:
            issues.append(f"{path}: missing 'by' (the registry or loader step that writes it)")
        for writer in rel.by:
            if writer not in writers:
                issues.append(f"{path}.by: {writer!r} is neither a registry nor a loader step")
        types[rel.name] = rel
    for index in REL_INDEXES:
        if index.rel_type not in types:
            issues.append(f"model/schema.py REL_INDEXES: {index.rel_type!r} is not declared")
    for reg in registries.values():
        if reg.label is not None and reg.label not in REGISTRY_KEYS:
            issues.append(
                f"registries.yaml: registries.{reg.name}.label: {reg.label!r} has no node key"
            )
        if reg.rel is not None:
            declared = types.get(reg.rel)
            if declared is None:
                issues.append(
                    f"registries.yaml: registries.{reg.name}.rel: {reg.rel!r} is not declared "
                    f"in {source}"
                )
            elif reg.name not in declared.by:
                issues.append(
                    f"relationships.{reg.rel}.by: lacks {reg.name!r}, whose rows write it"
                )
    if issues:
        raise DeclarationError(
            f"{source}: {len(issues)} problem(s) in the relationship declaration:\n  "
            + "\n  ".join(issues)
        )
    return types


def load_relationships(path: Path = RELATIONSHIPS_PATH) -> dict[str, RelType]:
    """Read and check a relationship declaration file."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except yaml.YAMLError as exc:
        raise DeclarationError(f"{path.name}: not valid YAML: {exc}") from exc
    return build_relationships(data, REGISTRIES, path.name)


RELATIONSHIPS: Mapping[str, RelType] = MappingProxyType(load_relationships())
# The derived types, left out of every view of the graph an investigator reads.
DERIVED_TYPES: tuple[str, ...] = tuple(r.name for r in RELATIONSHIPS.values() if r.derived)
