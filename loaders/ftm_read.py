"""Reading FollowTheMoney files: entities checked against the FtM schema (pure, no database).

A file is JSON lines (one entity per line; fragments sharing an id are merged, as FtM tools
do) or one JSON array. Every problem is collected with file, line, `Schema.property`, value
and what was expected; the FtM library itself (followthemoney 4.x) defines the schemata,
property types and value cleaning.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from followthemoney import model
from followthemoney.exc import InvalidData
from followthemoney.proxy import EntityProxy
from followthemoney.schema import Schema
from followthemoney.types import registry as ftm_types

from loaders.ftm_vocab import IMPORTED
from loaders.problems import Problem

FTM_SUFFIXES = (".ftm.json", ".ftm.jsonl", ".jsonl", ".ftm")
# Top-level key of an entity carrying registry fields FtM has no property for (round trip).
CONTEXT_KEY = "oversight"
SUPPORTED = (
    "Person",
    "Company",
    "Organization",
    "PublicBody",
    "Family",
    "Ownership",
    "Directorship",
    "Occupancy",
    "Position",
    "Contract",
    "ContractAward",
    "Payment",
)
# Registries in the order their records are written (references point backwards).
# Entity-valued properties the translation follows; only these must resolve in the file.
FOLLOWED = {
    "Family": ("person", "relative"),
    "Ownership": ("owner", "asset"),
    "Directorship": ("director", "organization"),
    "Occupancy": ("holder", "post"),
    "Position": ("organization",),
    "Contract": ("authority",),
    "ContractAward": ("contract", "supplier"),
    "Payment": ("payer", "beneficiary", "contract"),
    "Organization": ("parent",),
    "PublicBody": ("parent",),
}


def imported(schema: Schema, prop: str) -> bool:
    """Whether the import reads this property of this schema (`imported` in model/ftm_mapping.yaml,
    inherited along the schema's ancestry)."""
    if schema.name not in SUPPORTED:
        return False
    return any(prop in IMPORTED.get(name, ()) for name in schema.names)


def is_ftm_path(path: Path) -> bool:
    """A file the FtM import reads (by name: `.ftm.json`, `.ftm.jsonl`, `.jsonl`)."""
    name = path.name.lower()
    return path.is_file() and name.endswith(FTM_SUFFIXES)


# --- reading and checking entities -----------------------------------------------------------


@dataclass
class Entity:
    """One FtM entity (fragments with the same id merged) and where it was read."""

    proxy: EntityProxy
    line: int
    context: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return str(self.proxy.id)

    @property
    def schema(self) -> Schema:
        return self.proxy.schema

    def first(self, prop: str) -> str | None:
        return self.proxy.first(prop, quiet=True)

    def values(self, prop: str) -> list[str]:
        return self.proxy.get(prop, quiet=True)


def _expected_type(prop: Any) -> str:
    kind = prop.type.name
    text = {
        "date": "应为日期 (expected an ISO date such as 2024-03-05, 2024-03 or 2024)",
        "number": "应为数字 (expected a number)",
        "entity": "应为实体编号 (expected an entity id: letters, digits, '.', '-')",
        "country": "应为国家代码 (expected a country code such as cn)",
        "gender": "应为 male/female/other (expected a gender)",
        "identifier": "应为标识符 (expected an identifier)",
        "url": "应为网址 (expected a URL)",
        "email": "应为电子邮箱 (expected an email address)",
        "phone": "应为电话号码 (expected a phone number)",
        "topic": "应为 FtM 主题代码 (expected an FtM topic code)",
        "language": "应为语言代码 (expected a language code)",
    }
    return text.get(kind, f"应为 {kind} 类型的值 (expected a value of FtM type {kind})")


def problem(
    file: str, line: int | None, column: str | None, value: Any, expected: str, warn: bool = False
) -> Problem:
    shown = None if value is None else str(value)
    return Problem(file, line, column, shown, expected, "warning" if warn else "error")


def _iter_raw(path: Path) -> Iterator[tuple[int | None, Any, str | None]]:
    """(line, parsed object or None, error text) for each non-empty line; a file holding one
    JSON array yields its items numbered from 1."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        bad_line = raw[: error.start].count(b"\n") + 1
        yield bad_line, None, "FtM 文件应为 UTF-8 编码 (FtM files are UTF-8; this byte is not)"
        yield None, None, "文件编码错误，未读取 (the file could not be decoded; nothing read)"
        return
    if text.lstrip().startswith("["):
        try:
            items = json.loads(text)
        except json.JSONDecodeError as error:
            yield error.lineno, None, f"JSON 无法解析 (invalid JSON: {error.msg})"
            return
        for index, item in enumerate(items, start=1):
            yield index, item, None
        return
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line), None
        except json.JSONDecodeError as error:
            yield number, None, f"JSON 无法解析 (invalid JSON: {error.msg})"


def _clean_values(
    file: str,
    line: int,
    schema: Schema,
    name: str,
    raw: Any,
    problems: list[Problem],
    nested: list[dict[str, Any]],
) -> list[str]:
    prop = schema.properties[name]
    column = f"{schema.name}.{name}"
    values = raw if isinstance(raw, list) else [raw]
    cleaned: list[str] = []
    for value in values:
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if prop.type == ftm_types.entity and isinstance(value, dict) and "id" in value:
            # Aleph's API and network diagrams (and yente's nested results) give a referenced
            # entity in full where the id would be: the reference is its id, the entity is
            # read as if it stood on its own line.
            nested.append(value)
            value = value["id"]
        if isinstance(value, dict | list | bool):
            problems.append(problem(file, line, column, json.dumps(value), _expected_type(prop)))
            continue
        text = str(value)
        try:
            clean = prop.type.clean_text(text, format=prop.format)
        except InvalidData:
            clean = None
        if clean is None and prop.type == ftm_types.identifier and prop.format == "uscc":
            # A USCC with a wrong check character is kept and flagged (as the registries do).
            clean = re.sub(r"\s+", "", text).upper()
        if clean is None:
            # A value FtM's own cleaning refuses: an error where the graph depends on it (a
            # reference, a date); elsewhere the value is dropped with a warning, never the entity.
            fatal = prop.type in (ftm_types.entity, ftm_types.date)
            expected = _expected_type(prop)
            if not fatal:
                expected += "；该值未导入 (this value was not imported)"
            problems.append(problem(file, line, column, text, expected, warn=not fatal))
            continue
        cleaned.append(clean)
    return cleaned


def _entity_from(
    file: str,
    line: int,
    data: Any,
    problems: list[Problem],
    not_imported: Counter[tuple[str, str]],
    nested: list[dict[str, Any]],
) -> tuple[Entity | None, bool]:
    """An Entity from one parsed line, and whether the line had an error."""
    before = len(problems)
    if not isinstance(data, dict):
        problems.append(
            problem(file, line, None, str(data)[:60], "应为 JSON 对象 (expected an object)")
        )
        return None, True
    schema_name = data.get("schema")
    schema = model.get(schema_name) if isinstance(schema_name, str) else None
    if schema is None or schema.abstract:
        problems.append(
            problem(
                file,
                line,
                "schema",
                schema_name,
                "应为 FollowTheMoney 实体模式名，如 Person、Company "
                "(expected a concrete FtM schema such as Person or Company)",
            )
        )
        return None, True
    entity_id = data.get("id")
    if not isinstance(entity_id, str) or ftm_types.entity.clean_text(entity_id) is None:
        problems.append(
            problem(
                file,
                line,
                "id",
                entity_id,
                "应为实体编号：字母、数字、'.'、'-' (expected an entity id of letters, digits, '.', '-')",
            )
        )
        return None, True
    properties = data.get("properties") or {}
    if not isinstance(properties, dict):
        problems.append(
            problem(file, line, "properties", str(properties)[:60], "应为对象 (expected an object)")
        )
        return None, True
    proxy = model.make_entity(schema)
    proxy.id = entity_id
    for name, raw in properties.items():
        prop = schema.properties.get(name)
        if prop is None or prop.stub:
            # e.g. a property of a newer FtM version: dropped, reported, never the entity
            problems.append(
                problem(
                    file,
                    line,
                    f"{schema.name}.{name}",
                    None,
                    f"{schema.name} 没有此属性，未导入 (not a property of the FtM schema "
                    f"{schema.name}; not imported)",
                    warn=True,
                )
            )
            continue
        if not imported(schema, name):
            # the graph model has no place for it: counted in the report, not checked
            values = raw if isinstance(raw, list) else [raw]
            count = sum(1 for v in values if v is not None and v != "")
            if count:
                not_imported[(schema.name, name)] += count
            continue
        for value in _clean_values(file, line, schema, name, raw, problems, nested):
            if prop.type == ftm_types.entity and value == entity_id:
                problems.append(
                    problem(
                        file, line, f"{schema.name}.{name}", value, "不能指向自身 (self-reference)"
                    )
                )
                continue
            proxy.unsafe_add(prop, value, cleaned=True)
    _name_from_caption(file, line, proxy, properties, problems)
    context = data.get(CONTEXT_KEY)
    if context is not None and not isinstance(context, dict):
        problems.append(
            problem(file, line, CONTEXT_KEY, str(context)[:60], "应为对象 (expected an object)")
        )
        context = None
    had_error = any(p.is_error for p in problems[before:])
    return Entity(proxy, line, dict(context or {})), had_error


def _name_from_caption(
    file: str, line: int, proxy: EntityProxy, properties: dict[str, Any], problems: list[Problem]
) -> None:
    """An imported entity FtM requires a `name` of but written without one (Aleph makes a
    Person of each e-mail address it reads: `{"email": [...]}` alone) is named as FtM itself
    captions it (the first of name, alias, ..., email, phone), with a warning, rather than
    lost."""
    schema = proxy.schema
    if schema.name not in SUPPORTED or "name" not in schema.required or proxy.get("name"):
        return
    for prop in schema.caption:
        raw = properties.get(prop)
        values = raw if isinstance(raw, list) else [raw]
        text = next((v.strip() for v in values if isinstance(v, str) and v.strip()), None)
        if text is not None and prop != "name":
            proxy.add("name", text, quiet=True)
            problems.append(
                problem(
                    file,
                    line,
                    f"{schema.name}.name",
                    text,
                    f"未写名称，按 FtM 标题取自 {prop} (no name: named by its FtM caption, "
                    f"the {prop})",
                    warn=True,
                )
            )
            return


@dataclass
class Reading:
    """The entities of a file by id, every problem, and the ids of entities with an error."""

    entities: dict[str, Entity]
    problems: list[Problem]
    bad: set[str]
    # (schema, property) -> values dropped because the graph model has no place for them
    not_imported: Counter[tuple[str, str]] = field(default_factory=Counter)


def read_entities(path: Path, file: str | None = None) -> Reading:
    """Every entity of an FtM file checked against the FtM schema, fragments merged by id,
    with every problem found (file, line, `Schema.property`, value, what was expected)."""
    file = file or path.name
    problems: list[Problem] = []
    entities: dict[str, Entity] = {}
    bad: set[str] = set()
    not_imported: Counter[tuple[str, str]] = Counter()
    for line, data, error in _iter_raw(path):
        if error is not None:
            problems.append(problem(file, line, None, None, error))
            continue
        assert line is not None  # _iter_raw leaves the line out only with an error
        pending, counts = [data], not_imported
        while pending:
            nested: list[dict[str, Any]] = []
            for item in pending:
                _add_entity(file, line, item, entities, bad, problems, counts, nested)
            # a nested copy's values not imported are counted with the entity's own line
            pending, counts = nested, Counter()
    for entity in entities.values():
        before = len(problems)
        _check_entity(file, entity, entities, problems)
        if len(problems) > before:
            bad.add(entity.id)
    return Reading(entities, problems, bad, not_imported)


def _add_entity(
    file: str,
    line: int,
    data: Any,
    entities: dict[str, Entity],
    bad: set[str],
    problems: list[Problem],
    not_imported: Counter[tuple[str, str]],
    nested: list[dict[str, Any]],
) -> None:
    """Read one entity (a line, or one nested in a line) and merge it by id."""
    entity, had_error = _entity_from(file, line, data, problems, not_imported, nested)
    if entity is None:
        return
    if had_error:
        bad.add(entity.id)
    known = entities.get(entity.id)
    if known is None:
        entities[entity.id] = entity
        return
    try:
        known.proxy = known.proxy.merge(entity.proxy)
    except InvalidData:
        bad.add(entity.id)
        problems.append(
            problem(
                file,
                line,
                "schema",
                entity.schema.name,
                f"与第{known.line}行同一编号的实体模式 {known.schema.name} 不相容 "
                f"(same id as line {known.line} with an incompatible schema)",
            )
        )
        return
    known.context.update(entity.context)


def _check_entity(
    file: str, entity: Entity, entities: dict[str, Entity], problems: list[Problem]
) -> None:
    """FtM required properties present; followed references resolve to the right schema.
    Only for the schemata the import reads: a `Passport` without `number` is not ours to
    refuse (it is not imported)."""
    if entity.schema.name not in SUPPORTED:
        return
    for name in entity.schema.required:
        if not entity.values(name):
            problems.append(
                problem(
                    file,
                    entity.line,
                    f"{entity.schema.name}.{name}",
                    None,
                    f"FtM 必填属性缺失 (required by the FtM schema {entity.schema.name})",
                )
            )
    for name in FOLLOWED.get(entity.schema.name, ()):
        prop = entity.schema.properties[name]
        for ref in entity.values(name):
            target = entities.get(ref)
            if target is None:
                problems.append(
                    problem(
                        file,
                        entity.line,
                        f"{entity.schema.name}.{name}",
                        ref,
                        "应为本文件中的实体编号：未找到 "
                        "(expected the id of an entity in this file: not found)",
                    )
                )
            elif prop.range is not None and not target.schema.is_a(prop.range):
                problems.append(
                    problem(
                        file,
                        entity.line,
                        f"{entity.schema.name}.{name}",
                        ref,
                        f"应为 {prop.range.name} 实体，实为 {target.schema.name} "
                        f"(expected a {prop.range.name}, found a {target.schema.name})",
                    )
                )
