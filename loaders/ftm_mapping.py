"""The registry <-> FtM mapping (model/ftm_mapping.yaml), loaded and checked as a whole.

Both directions read it: loaders/ftm_translate.py (import) and loaders/ftm_export.py
(export). A mapping that names a registry, column, schema or property that does not exist,
or is not shaped as the file's header comment says, stops the load with one error that names
every bad key (`registries.people.columns.gender.property: ...`), rather than failing on the
first FtM file that happens to use it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from followthemoney import model

from loaders.registry_names import get_registry
from model.registry import DECLARATION_PATH, DeclarationError

# declared beside the registries (model/), checked here where the FtM model is at hand
MAPPING_PATH = DECLARATION_PATH.with_name("ftm_mapping.yaml")
_REGISTRY_KEYS = {"schema", "also", "columns", "kept_lists", "kept_single", "context"}
_COLUMN_KEYS = {"property", "direct", "vocabulary"}
_TOP_KEYS = {
    "registries",
    "position_kept",
    "vocabularies",
    "legal_representative_roles",
    "defaults",
    "occupancy_statuses",
    "relaxed",
    "imported",
}


@dataclass(frozen=True)
class ColumnMap:
    """One registry column's FtM side."""

    alias: str
    prop: str  # `name`, `Position.name` (a referenced entity's), or `id`
    direct: bool  # copied as is (through `vocabulary`) by the generic code, both ways
    vocabulary: str | None


@dataclass(frozen=True)
class RegistryMap:
    name: str
    schema: str
    also: tuple[str, ...]
    columns: tuple[ColumnMap, ...]
    kept_lists: tuple[tuple[str, str], ...]  # (FtM property, graph property)
    kept_single: tuple[tuple[str, str], ...]
    context: tuple[str, ...]

    @property
    def direct(self) -> tuple[ColumnMap, ...]:
        return tuple(c for c in self.columns if c.direct)

    def column(self, alias: str) -> ColumnMap | None:
        return next((c for c in self.columns if c.alias == alias), None)


@dataclass(frozen=True)
class FtmMapping:
    registries: Mapping[str, RegistryMap]
    position_kept: tuple[tuple[str, str], ...]  # (FtM property, graph property)
    vocabularies: Mapping[str, Mapping[str, str]]
    legal_representative_roles: frozenset[str]
    post_role: str
    officer_role: str
    occupancy_statuses: tuple[str, ...]
    relaxed: Mapping[str, frozenset[str]]
    imported: Mapping[str, frozenset[str]]

    def registry(self, name: str) -> RegistryMap:
        return self.registries[name]

    def translate(self, vocabulary: str, value: str | None) -> str | None:
        """An FtM value in the registry's words (lower-cased lookup); unlisted: as written."""
        if value is None:
            return None
        key = " ".join(value.strip().lower().replace("_", " ").split())
        return self.vocabularies[vocabulary].get(key, value)

    def reverse(self, vocabulary: str, value: str | None) -> str | None:
        """A registry value back in FtM's words: the first FtM value that maps to it; None
        for a value the vocabulary does not list (an FtM property of a closed type, such as
        gender, takes only FtM's own values)."""
        if value is None:
            return None
        for ftm, ours in self.vocabularies[vocabulary].items():
            if ours == value:
                return ftm
        return None


def _props(schema_names: tuple[str, ...]) -> set[str]:
    schemata = (model.get(name) for name in schema_names)
    return {p for schema in schemata if schema is not None for p in schema.properties}


def _str_map(path: str, raw: Any, issues: list[str]) -> dict[str, str]:
    if raw is None:
        return {}
    if not isinstance(raw, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in raw.items()
    ):
        issues.append(f"{path}: 应为 文本: 文本 的映射 (expected a mapping of text to text)")
        return {}
    return dict(raw)


def _str_list(path: str, raw: Any, issues: list[str]) -> tuple[str, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
        issues.append(f"{path}: 应为文本列表 (expected a list of text)")
        return ()
    return tuple(raw)


def _schema(path: str, name: Any, issues: list[str]) -> str | None:
    schema = model.get(name) if isinstance(name, str) else None
    if schema is None:
        issues.append(f"{path}: 不是 FtM 实体模式 (not an FtM schema): {name!r}")
        return None
    return schema.name


def _registry(name: str, raw: Any, vocabularies: set[str], issues: list[str]) -> RegistryMap | None:
    path = f"registries.{name}"
    try:
        registry = get_registry(name)
    except KeyError:
        issues.append(f"{path}: 没有此登记表 (no such registry)")
        return None
    if not isinstance(raw, dict):
        issues.append(f"{path}: 应为映射 (expected a mapping)")
        return None
    for key in raw.keys() - _REGISTRY_KEYS:
        issues.append(f"{path}.{key}: 未知键 (unknown key; expected {sorted(_REGISTRY_KEYS)})")
    schema = _schema(f"{path}.schema", raw.get("schema"), issues)
    also = tuple(
        s
        for i, a in enumerate(_str_list(f"{path}.also", raw.get("also"), issues))
        if (s := _schema(f"{path}.also[{i}]", a, issues))
    )
    if schema is None:
        return None
    schemata = (schema, *also)
    known = _props(schemata)
    aliases = set(registry.aliases)
    columns = []
    raw_columns = raw.get("columns")
    if not isinstance(raw_columns, dict):
        issues.append(f"{path}.columns: 应为映射 (expected a mapping)")
        raw_columns = {}
    for alias, spec in raw_columns.items():
        where = f"{path}.columns.{alias}"
        if alias not in aliases:
            issues.append(f"{where}: 登记表 {name} 没有此列 (no such column in {name})")
            continue
        if not isinstance(spec, dict) or not isinstance(spec.get("property"), str):
            issues.append(f"{where}: 应为 {{property: …}} (expected a mapping with `property`)")
            continue
        for key in spec.keys() - _COLUMN_KEYS:
            issues.append(f"{where}.{key}: 未知键 (unknown key; expected {sorted(_COLUMN_KEYS)})")
        prop = spec["property"]
        if "." in prop:
            other, _, own = prop.partition(".")
            if _schema(f"{where}.property", other, issues) and own not in _props((other,)):
                issues.append(f"{where}.property: {other} 没有属性 {own} (no such property)")
        elif prop != "id" and prop not in known:
            issues.append(
                f"{where}.property: {'/'.join(schemata)} 没有属性 {prop} (no such property)"
            )
        vocabulary = spec.get("vocabulary")
        if vocabulary is not None and vocabulary not in vocabularies:
            issues.append(f"{where}.vocabulary: 没有此词表 (no such vocabulary): {vocabulary!r}")
        direct = spec.get("direct", False)
        if not isinstance(direct, bool):
            issues.append(f"{where}.direct: 应为 true/false (expected true or false)")
            direct = False
        columns.append(ColumnMap(alias, prop, direct, vocabulary))
    kept: dict[str, tuple[tuple[str, str], ...]] = {}
    for part in ("kept_lists", "kept_single"):
        pairs = _str_map(f"{path}.{part}", raw.get(part), issues)
        for graph, prop in pairs.items():
            if prop not in known:
                issues.append(
                    f"{path}.{part}.{graph}: {'/'.join(schemata)} 没有属性 {prop} (no such property)"
                )
            if graph in aliases:
                issues.append(
                    f"{path}.{part}.{graph}: 与登记表列同名 (the name of a registry column)"
                )
        kept[part] = tuple((prop, graph) for graph, prop in pairs.items())
    context = _str_list(f"{path}.context", raw.get("context"), issues)
    for alias in context:
        if alias not in aliases:
            issues.append(f"{path}.context: 登记表 {name} 没有此列 (no such column): {alias}")
    return RegistryMap(
        name, schema, also, tuple(columns), kept["kept_lists"], kept["kept_single"], context
    )


def build_mapping(data: Any, source: str = "ftm_mapping.yaml") -> FtmMapping:
    """The mapping from parsed YAML, checked as a whole: DeclarationError names every bad key."""
    issues: list[str] = []
    if not isinstance(data, dict):
        raise DeclarationError(f"{source}: 应为映射 (expected a mapping at the top)")
    for key in data.keys() - _TOP_KEYS:
        issues.append(f"{key}: 未知键 (unknown key; expected {sorted(_TOP_KEYS)})")
    vocabularies: dict[str, dict[str, str]] = {}
    raw_vocab = data.get("vocabularies") or {}
    if not isinstance(raw_vocab, dict):
        issues.append("vocabularies: 应为映射 (expected a mapping)")
        raw_vocab = {}
    for name, values in raw_vocab.items():
        vocabularies[str(name)] = _str_map(f"vocabularies.{name}", values, issues)
    registries: dict[str, RegistryMap] = {}
    raw_regs = data.get("registries")
    if not isinstance(raw_regs, dict) or not raw_regs:
        issues.append("registries: 应为非空映射 (expected a non-empty mapping)")
        raw_regs = {}
    for name, raw in raw_regs.items():
        reg = _registry(str(name), raw, set(vocabularies), issues)
        if reg is not None:
            registries[reg.name] = reg
    position = _str_map("position_kept", data.get("position_kept"), issues)
    position_props = _props(("Position",))
    for graph, prop in position.items():
        if prop not in position_props:
            issues.append(f"position_kept.{graph}: Position 没有属性 {prop} (no such property)")
    defaults = _str_map("defaults", data.get("defaults"), issues)
    for key in ("post_role", "officer_role"):
        if key not in defaults:
            issues.append(f"defaults.{key}: 缺少 (missing)")
    relaxed: dict[str, frozenset[str]] = {}
    raw_relaxed = data.get("relaxed") or {}
    if not isinstance(raw_relaxed, dict):
        issues.append("relaxed: 应为映射 (expected a mapping)")
        raw_relaxed = {}
    for name, aliases in raw_relaxed.items():
        listed = _str_list(f"relaxed.{name}", aliases, issues)
        if name not in registries:
            issues.append(f"relaxed.{name}: 映射中没有此登记表 (not a registry of the mapping)")
            continue
        unknown = set(listed) - set(get_registry(name).aliases)
        if unknown:
            issues.append(f"relaxed.{name}: 没有此列 (no such column): {sorted(unknown)}")
        relaxed[name] = frozenset(listed)
    imported: dict[str, frozenset[str]] = {}
    raw_imported = data.get("imported") or {}
    if not isinstance(raw_imported, dict):
        issues.append("imported: 应为映射 (expected a mapping)")
        raw_imported = {}
    for name, props in raw_imported.items():
        listed = _str_list(f"imported.{name}", props, issues)
        if _schema(f"imported.{name}", name, issues) is None:
            continue
        # inherited by the schemata that extend it: a property of one of those is fine
        schema = model.get(name)
        family = (name, *(d.name for d in schema.descendants)) if schema else (name,)
        unknown = set(listed) - _props(family)
        if unknown:
            issues.append(f"imported.{name}: {name} 没有属性 (no such property): {sorted(unknown)}")
        imported[name] = frozenset(listed)
    if issues:
        lines = "\n".join(f"  {source}: {issue}" for issue in issues)
        raise DeclarationError(f"FtM 映射有误 (the FtM mapping is wrong):\n{lines}")
    return FtmMapping(
        registries=registries,
        position_kept=tuple((prop, graph) for graph, prop in position.items()),
        vocabularies=vocabularies,
        legal_representative_roles=frozenset(
            _str_list("legal_representative_roles", data.get("legal_representative_roles"), [])
        ),
        post_role=defaults.get("post_role", ""),
        officer_role=defaults.get("officer_role", ""),
        occupancy_statuses=_str_list("occupancy_statuses", data.get("occupancy_statuses"), []),
        relaxed=relaxed,
        imported=imported,
    )


def load_mapping(path: Path = MAPPING_PATH) -> FtmMapping:
    try:
        with path.open(encoding="utf-8") as handle:
            data = yaml.safe_load(handle)
    except yaml.YAMLError as exc:
        raise DeclarationError(f"{path.name}: 不是有效的 YAML (not valid YAML): {exc}") from exc
    return build_mapping(data, path.name)


@cache
def ftm_mapping() -> FtmMapping:
    """The product's mapping (read once)."""
    return load_mapping()
