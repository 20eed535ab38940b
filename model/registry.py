"""The registry declaration (registries.yaml) as typed, frozen objects, checked at import.

`REGISTRIES` maps each registry's English name to its `Registry`, in load order (the order of
registries.yaml: every registry comes after the registries it refers to). The whole file is
checked before anything uses it, and a broken declaration raises one `DeclarationError`
listing every offending item by its path in the file, so a typo in the YAML cannot turn into
a silently wrong load.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from model.text import header_key, normalise_text
from model.vocab import KINSHIP_CLASSES, NAMED_VALUES, VOCABULARIES

# libyaml's safe loader when built in (several times faster: commands start in < 0.5 s)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

DECLARATION_PATH = Path(__file__).with_name("registries.yaml")

TYPES = ("str", "date", "int", "money", "pct", "list", "bool")
# Targets a reference column may name. Company references are soft: a company may be
# registered in another province, so an unknown USCC creates a company known only by its
# code instead of being an error (docs/registries.md).
REFERENCE_TARGETS = ("units", "people", "supervision", "companies")
STRICT_REFERENCE_TARGETS = ("units", "people", "supervision")
ID_CHECKS = ("id_number", "uscc", "id_number_or_uscc")
SEVERITIES = ("error", "warning")

_REGISTRY_FIELDS = {
    "snapshot",
    "zh",
    "title_en",
    "names_zh",
    "names_en",
    "key",
    "label",
    "rel",
    "notes",
    "feeds",
    "derived",
    "shaper",
    "columns",
}
_COLUMN_FIELDS = {
    "header", "alias", "type", "required", "synonyms", "allowed", "canonical", "on_unknown",
    "why", "ref", "id_check", "id_check_by", "examples", "notes", "kinship", "effect_months",
    "pattern", "pattern_hint",
}  # fmt: skip
_ALIAS_RE = re.compile(r"^[a-z][a-z0-9_]*$")
# Record keys the validator adds itself; an alias must not collide with them.
_RESERVED_ALIASES = {"id_invalid"}
# Aliases of identifier columns that never end in _id/_ids but are codes all the same.
_CODE_ALIASES = {"uscc", "supplier_uscc", "holder_id", "region_code", "growth_region", "companies"}


class DeclarationError(Exception):
    """registries.yaml does not describe a consistent set of registries."""


@dataclass(frozen=True)
class Column:
    """One column of a registry: how it is headed, typed, checked and referenced."""

    header: str
    alias: str
    type: str
    required: bool = False
    synonyms: tuple[str, ...] = ()
    allowed: tuple[str, ...] = ()
    canonical: Mapping[str, str] = field(default_factory=dict, hash=False, compare=False)
    on_unknown: str | None = None
    why: str = ""
    ref: str | None = None
    id_check: str | None = None
    id_check_by: str | None = None
    examples: tuple[str, ...] = ()
    notes: str = ""
    kinship: Mapping[str, str] = field(default_factory=dict, hash=False, compare=False)
    effect_months: Mapping[str, int | None] = field(default_factory=dict, hash=False, compare=False)
    pattern: str | None = None
    pattern_hint: str = ""

    @property
    def header_names(self) -> tuple[str, ...]:
        """Every header that names this column: Chinese header, alias, synonyms."""
        return (self.header, self.alias, *self.synonyms)

    @cached_property
    def is_code(self) -> bool:
        """An identifier: normalised (full-width to ASCII, no spaces) before use."""
        return (
            self.alias.endswith(("_id", "_ids", "_uscc", "id_number"))
            or self.alias in _CODE_ALIASES
            or self.ref is not None
            or self.id_check is not None
        )

    @property
    def is_strict_reference(self) -> bool:
        return self.ref in STRICT_REFERENCE_TARGETS


@dataclass(frozen=True)
class SnapshotPolicy:
    """How a full export of a registry replaces the previous one (`oversight load --snapshot`).

    `default`: a file of this registry is a snapshot unless loaded with `--no-snapshot`.
    `key`: the columns that identify one fact across exports (the registry key unless the
    graph merges rows more coarsely: a relative reported in several years is one fact).
    `scope`: when given, only facts whose scope columns appear in the new export can end (the
    family report: a cadre's relatives end only when that cadre reported again).
    """

    default: bool = False
    key: tuple[str, ...] = ()
    scope: tuple[str, ...] = ()


@dataclass(frozen=True)
class Registry:
    """One registry: its names, key, columns, and place in the load order (1-based)."""

    name: str
    zh: str
    title_en: str
    order: int
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    names_zh: tuple[str, ...] = ()
    names_en: tuple[str, ...] = ()
    label: str | None = None
    rel: str | None = None
    notes: str = ""
    snapshot: SnapshotPolicy = SnapshotPolicy()
    # alias -> what a column that is not stored under its own alias becomes (docs/model.md)
    feeds: Mapping[str, str] = field(default_factory=dict, hash=False, compare=False)
    # alias -> what else a stored column gives rise to (written by another step)
    derived: Mapping[str, str] = field(default_factory=dict, hash=False, compare=False)
    # the registry's own shaper in loaders/shape.py, when its rows need more than columns
    shaper: str | None = None
    _by_alias: Mapping[str, Column] = field(
        default_factory=dict, init=False, repr=False, hash=False, compare=False
    )
    _by_header: Mapping[str, Column] = field(
        default_factory=dict, init=False, repr=False, hash=False, compare=False
    )

    def __post_init__(self) -> None:
        by_alias = {c.alias: c for c in self.columns}
        by_header = {header_key(h): c for c in self.columns for h in c.header_names}
        object.__setattr__(self, "_by_alias", MappingProxyType(by_alias))
        object.__setattr__(self, "_by_header", MappingProxyType(by_header))

    @property
    def fact_key(self) -> tuple[str, ...]:
        """The columns that identify one fact across exports (snapshot loads)."""
        return self.snapshot.key or self.key

    @property
    def aliases(self) -> tuple[str, ...]:
        return tuple(c.alias for c in self.columns)

    @property
    def writes(self) -> str:
        """The node label or relationship type one row asserts (its `row_hash` lives there)."""
        return self.label or self.rel or ""

    @property
    def props(self) -> tuple[str, ...]:
        """The columns stored under their own alias on what a row writes: every column that
        `feeds` does not send elsewhere. A new column is one of these unless declared so."""
        return tuple(c.alias for c in self.columns if c.alias not in self.feeds)

    @property
    def fed(self) -> tuple[str, ...]:
        """The columns `feeds` sends elsewhere (keys, references), in column order: what the
        registry's Cypher matches or merges on."""
        return tuple(c.alias for c in self.columns if c.alias in self.feeds)

    @property
    def merges_rows(self) -> bool:
        """Several rows may state one fact: the fact key leaves out part of the row key (the
        family report: one relative reported in several years)."""
        return bool(self.snapshot.key) and not set(self.key) <= set(self.snapshot.key)

    @property
    def refers_to_itself(self) -> bool:
        """A column refers to this registry's own ids (units.parent_id)."""
        return any(c.ref == self.name for c in self.columns)

    @property
    def headers(self) -> tuple[str, ...]:
        """The canonical Chinese headers, in declaration order."""
        return tuple(c.header for c in self.columns)

    @property
    def required(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.required)

    @property
    def references(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.ref is not None)

    @property
    def id_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.id_check is not None)

    @property
    def all_names(self) -> tuple[str, ...]:
        """Every name that selects this registry (English and Chinese)."""
        return (self.name, self.zh, *self.names_en, *self.names_zh)

    def column(self, alias: str) -> Column:
        """The column with this alias; KeyError names the registry when there is none."""
        try:
            return self._by_alias[alias]
        except KeyError:
            raise KeyError(f"{self.name}: no column with alias {alias!r}") from None

    def match_header(self, header: str) -> Column | None:
        """The column a file header names (Chinese header, alias or synonym), or None."""
        return self._by_header.get(header_key(header))


# --- loading and checking the declaration ---------------------------------------------------


def _as_tuple(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, list | tuple):
        return tuple(str(v) for v in value)
    return (str(value),)


def _build_column(path: str, raw: Any, issues: list[str]) -> Column | None:
    if not isinstance(raw, dict):
        issues.append(f"{path}: a column must be a mapping, got {type(raw).__name__}")
        return None
    for unknown in sorted(set(raw) - _COLUMN_FIELDS):
        issues.append(f"{path}: unknown field {unknown!r}")
    for needed in ("header", "alias", "type"):
        if not raw.get(needed):
            issues.append(f"{path}: missing {needed!r}")
    if any(not raw.get(n) for n in ("header", "alias", "type")):
        return None
    alias = str(raw["alias"])
    path = f"{path} ({alias})"
    if not _ALIAS_RE.match(alias) or alias in _RESERVED_ALIASES or alias.startswith("extra_"):
        issues.append(f"{path}: alias {alias!r} must be lower_snake_case and not reserved")
    if alias.endswith("_invalid"):
        issues.append(f"{path}: alias {alias!r} collides with the <alias>_invalid flags")
    if raw["type"] not in TYPES:
        issues.append(f"{path}: unknown type {raw['type']!r} (known: {', '.join(TYPES)})")
    if raw["type"] == "money" and any(
        re.search(r"\((?:万元|亿元|万元人民币)\)$", normalise_text(h))
        for h in (raw["header"], *_as_tuple(raw.get("synonyms")))
    ):
        # A unit in the header scales plain numbers (validate.py); as a synonym it would not.
        issues.append(f"{path}: a money header must not carry a unit; it is read from the file")
    if not isinstance(raw.get("required", False), bool):
        issues.append(f"{path}: required must be true or false")
    kinship = {str(k): str(v) for k, v in (raw.get("kinship") or {}).items()}
    for rel, cls in kinship.items():
        if cls not in KINSHIP_CLASSES:
            issues.append(f"{path}: kinship of {rel!r} is {cls!r}, not one of {KINSHIP_CLASSES}")
    allowed = _as_tuple(raw.get("allowed")) or tuple(kinship)
    canonical = {str(k): str(v) for k, v in (raw.get("canonical") or {}).items()}
    for source, target in canonical.items():
        if target not in allowed:
            issues.append(f"{path}: canonical {source!r} -> {target!r} is not an allowed value")
    on_unknown = raw.get("on_unknown")
    if allowed and on_unknown not in SEVERITIES:
        issues.append(f"{path}: allowed values need on_unknown: error or warning")
    if on_unknown is not None and not allowed:
        issues.append(f"{path}: on_unknown without allowed values")
    if allowed and not raw.get("why"):
        issues.append(f"{path}: say why an unknown value is an {on_unknown}")
    if raw.get("ref") is not None and raw["ref"] not in REFERENCE_TARGETS:
        issues.append(f"{path}: reference to unknown registry {raw['ref']!r}")
    if raw.get("id_check") is not None and raw["id_check"] not in ID_CHECKS:
        issues.append(f"{path}: unknown id_check {raw['id_check']!r} (known: {ID_CHECKS})")
    if raw.get("id_check") == "id_number_or_uscc" and not raw.get("id_check_by"):
        issues.append(f"{path}: id_number_or_uscc needs id_check_by")
    if raw.get("pattern") is not None:
        try:
            re.compile(str(raw["pattern"]))
        except re.error as exc:
            issues.append(f"{path}: pattern {raw['pattern']!r} is not a regular expression: {exc}")
        if not raw.get("pattern_hint"):
            issues.append(f"{path}: a pattern needs a pattern_hint saying what is expected")
    effect = {}
    raw_effect = raw.get("effect_months") or {}
    if isinstance(raw_effect, str):  # the name of a table in model/vocab.py
        if raw_effect not in VOCABULARIES:
            issues.append(f"{path}: effect_months names no table {raw_effect!r} of model/vocab.py")
        raw_effect = VOCABULARIES.get(raw_effect, {})
    for kind, months in raw_effect.items():
        if months is not None and (not isinstance(months, int) or months < 0):
            issues.append(f"{path}: effect_months of {kind!r} must be a month count or null")
        if str(kind) not in allowed:
            issues.append(f"{path}: effect_months names {kind!r}, not an allowed value")
        effect[str(kind)] = months
    if effect and set(effect) != set(allowed):
        missing = sorted(set(allowed) - set(effect))
        issues.append(f"{path}: effect_months lacks {missing} (use null for none)")
    return Column(
        header=str(raw["header"]),
        alias=alias,
        type=str(raw["type"]),
        required=bool(raw.get("required", False)),
        synonyms=_as_tuple(raw.get("synonyms")),
        allowed=allowed,
        canonical=MappingProxyType(canonical),
        on_unknown=on_unknown,
        why=" ".join(str(raw.get("why") or "").split()),
        ref=raw.get("ref"),
        id_check=raw.get("id_check"),
        id_check_by=raw.get("id_check_by"),
        examples=_as_tuple(raw.get("examples")),
        notes=" ".join(str(raw.get("notes") or "").split()),
        kinship=MappingProxyType(kinship),
        effect_months=MappingProxyType(effect),
        pattern=None if raw.get("pattern") is None else str(raw["pattern"]),
        pattern_hint=str(raw.get("pattern_hint") or ""),
    )


def _check_registry(reg: Registry, path: str, issues: list[str]) -> None:
    seen_alias: set[str] = set()
    seen_header: dict[str, str] = {}
    for col in reg.columns:
        if col.alias in seen_alias:
            issues.append(f"{path}: duplicate alias {col.alias!r}")
        seen_alias.add(col.alias)
        for name in dict.fromkeys(col.header_names):
            k = header_key(name)
            if k in seen_header and seen_header[k] != col.alias:
                issues.append(
                    f"{path}: header {name!r} names both {seen_header[k]!r} and {col.alias!r}"
                )
            seen_header.setdefault(k, col.alias)
    if not reg.key:
        issues.append(f"{path}: empty key")
    for k in reg.key:
        if k not in seen_alias:
            issues.append(f"{path}: key {k!r} is not a column")
    for col in reg.columns:
        if col.id_check_by is not None and col.id_check_by not in seen_alias:
            issues.append(f"{path}.{col.alias}: id_check_by {col.id_check_by!r} is not a column")
    if reg.label is None and reg.rel is None:
        issues.append(f"{path}: give the graph label or rel of the registry")
    for k in (*reg.snapshot.key, *reg.snapshot.scope):
        if k not in seen_alias:
            issues.append(f"{path}.snapshot: {k!r} is not a column")
    if reg.shaper is not None and not reg.shaper.isidentifier():
        issues.append(f"{path}.shaper: {reg.shaper!r} is not a name")
    for part, table in (("feeds", reg.feeds), ("derived", reg.derived)):
        for k in table:
            if k not in seen_alias:
                issues.append(f"{path}.{part}: {k!r} is not a column")


_SNAPSHOT_FIELDS = {"default", "key", "scope"}


def _build_snapshot(path: str, raw: Any, issues: list[str]) -> SnapshotPolicy:
    if raw is None:
        return SnapshotPolicy()
    if not isinstance(raw, dict):
        issues.append(f"{path}: must be a mapping (default, key, scope)")
        return SnapshotPolicy()
    for unknown in sorted(set(raw) - _SNAPSHOT_FIELDS):
        issues.append(f"{path}: unknown field {unknown!r}")
    default = raw.get("default", False)
    if not isinstance(default, bool):
        issues.append(f"{path}.default: must be true or false")
        default = False
    return SnapshotPolicy(default, _as_tuple(raw.get("key")), _as_tuple(raw.get("scope")))


def _text_table(path: str, raw: Any, issues: list[str]) -> Mapping[str, str]:
    """A `feeds:`/`derived:` table: column alias -> a sentence for docs/model.md."""
    if raw is None:
        return MappingProxyType({})
    if not isinstance(raw, dict) or not all(isinstance(v, str) and v for v in raw.values()):
        issues.append(f"{path}: must map column aliases to a description")
        return MappingProxyType({})
    return MappingProxyType({str(k): " ".join(v.split()) for k, v in raw.items()})


def load_declaration(path: Path = DECLARATION_PATH) -> dict[str, Registry]:
    """Read and check a declaration file; DeclarationError lists every offending item."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except yaml.YAMLError as exc:
        raise DeclarationError(f"{path.name}: not valid YAML: {exc}") from exc
    return build_declaration(data, path.name)


def build_declaration(data: Any, source: str = "registries.yaml") -> dict[str, Registry]:
    """Build the registries from parsed YAML data, checked as a whole."""
    issues: list[str] = []
    raw_regs = data.get("registries") if isinstance(data, dict) else None
    if not isinstance(raw_regs, dict) or not raw_regs:
        raise DeclarationError(f"{source}: expected a non-empty `registries:` mapping")
    registries: dict[str, Registry] = {}
    for order, (name, raw) in enumerate(raw_regs.items(), start=1):
        path = f"registries.{name}"
        if not isinstance(raw, dict):
            issues.append(f"{path}: must be a mapping")
            continue
        for unknown in sorted(set(raw) - _REGISTRY_FIELDS):
            issues.append(f"{path}: unknown field {unknown!r}")
        if not raw.get("zh"):
            issues.append(f"{path}: missing 'zh' (Chinese name)")
        raw_cols = raw.get("columns")
        if not isinstance(raw_cols, list) or not raw_cols:
            issues.append(f"{path}: missing columns")
            continue
        columns = [_build_column(f"{path}.columns[{i}]", c, issues) for i, c in enumerate(raw_cols)]
        reg = Registry(
            name=str(name),
            zh=str(raw.get("zh") or ""),
            title_en=str(raw.get("title_en") or name),
            order=order,
            columns=tuple(c for c in columns if c is not None),
            key=_as_tuple(raw.get("key")),
            names_zh=_as_tuple(raw.get("names_zh")),
            names_en=tuple(n.lower() for n in _as_tuple(raw.get("names_en"))),
            label=raw.get("label"),
            rel=raw.get("rel"),
            notes=" ".join(str(raw.get("notes") or "").split()),
            snapshot=_build_snapshot(f"{path}.snapshot", raw.get("snapshot"), issues),
            feeds=_text_table(f"{path}.feeds", raw.get("feeds"), issues),
            derived=_text_table(f"{path}.derived", raw.get("derived"), issues),
            shaper=None if raw.get("shaper") is None else str(raw["shaper"]),
        )
        _check_registry(reg, path, issues)
        registries[reg.name] = reg
    # References must point at a registry loaded no later than the referring one (itself is
    # fine: units.parent_id), so that loading a folder in order never meets a forward link.
    for reg in registries.values():
        for col in reg.references:
            target = registries.get(col.ref or "")
            if target is None:
                issues.append(
                    f"registries.{reg.name}.{col.alias}: reference to unknown registry {col.ref!r}"
                )
            elif target.order > reg.order:
                issues.append(
                    f"registries.{reg.name}.{col.alias}: refers to {col.ref!r}, which loads later"
                )
            elif col.is_strict_reference and len(target.key) != 1:
                issues.append(
                    f"registries.{reg.name}.{col.alias}: refers to {col.ref!r}, whose key is "
                    "not one column"
                )
    for (name, alias), words in NAMED_VALUES.items():
        named = registries.get(name)
        column = next((c for c in named.columns if c.alias == alias), None) if named else None
        if column is None:
            issues.append(f"registries.{name}.{alias}: model/vocab.py names it; declare it")
            continue
        unknown = [w for w in words if w not in (*column.allowed, *column.examples)]
        if unknown:
            issues.append(
                f"registries.{name}.{alias}: model/vocab.py compares it with {unknown}, "
                "which are not allowed values"
            )
    owner: dict[str, str] = {}
    for reg in registries.values():
        for n in dict.fromkeys(stem_name(n) for n in reg.all_names):
            if n in owner and owner[n] != reg.name:
                issues.append(f"registries.{reg.name}: name {n!r} also names {owner[n]!r}")
            owner.setdefault(n, reg.name)
    if issues:
        raise DeclarationError(
            f"{source}: {len(issues)} problem(s) in the registry declaration:\n  "
            + "\n  ".join(issues)
        )
    return registries


def stem_name(name: str) -> str:
    """A name as file stems and `--registry` are compared: normalised, lower case, no spaces."""
    return normalise_text(name).lower().replace(" ", "")


REGISTRIES: dict[str, Registry] = load_declaration()


# --- helpers ---------------------------------------------------------------------------------


def _relation_column() -> Column:
    return REGISTRIES["family"].column("relation")


def allowed_value(col: Column, value: str) -> tuple[str, bool]:
    """A value of a column with `allowed` values, as stored, and whether it is allowed: the
    text normalised (full-width forms, spaces) and mapped by `canonical` first. Every reader
    (registry files, FtM) checks allowed values here. The 称谓 is stored as given (its
    kinship class is derived); other values in their canonical form."""
    if value in col.allowed and not col.canonical.get(value):
        return value, True
    key = normalise_text(value).replace(" ", "")
    canonical = col.canonical.get(key, key)
    if canonical in col.allowed:
        return (value if col.kinship else canonical), True
    return value, False


def kinship_class(relation: str | None) -> str:
    """The kinship class (SPOUSE, LINEAL, COLL3, AFFINAL, OTHER) of a 称谓 as written."""
    if relation is None:
        return "OTHER"
    col = _relation_column()
    key = normalise_text(str(relation)).replace(" ", "")
    key = col.canonical.get(key, key)
    return col.kinship.get(key, "OTHER")


def effect_months(kind: str) -> int | None:
    """Months a sanction of this kind bars promotion (docs/rules.md, APT-2); None = no period.

    Accepts the spellings the declaration maps to a kind (`诫勉谈话` = 诫勉). An unknown kind
    has no declared period and also gives None; validation has already rejected it.
    """
    col = REGISTRIES["sanctions"].column("kind")
    key = normalise_text(str(kind)).replace(" ", "")
    key = col.canonical.get(key, key)
    return col.effect_months.get(key)


def referenced_keys(registries: Mapping[str, Registry] | None = None) -> dict[str, str]:
    """Registries whose ids another registry must name (a strict `ref:`), each with the
    column holding the id, in load order: the loader keeps their ids to check references."""
    regs = registries or REGISTRIES
    targets = {c.ref for reg in regs.values() for c in reg.references if c.is_strict_reference}
    return {name: reg.key[0] for name, reg in regs.items() if name in targets}


def whole_file(registries: Mapping[str, Registry] | None = None) -> frozenset[str]:
    """Registries a file of which is checked and written as a whole, never streamed: those
    whose ids are referenced (other rows, or files, need them all), those whose rows refer to
    ids in the same file, and those whose rows merge into one fact across the file."""
    regs = registries or REGISTRIES
    return frozenset(referenced_keys(regs)) | {
        name for name, reg in regs.items() if reg.refers_to_itself or reg.merges_rows
    }


def load_order() -> tuple[str, ...]:
    """Registry names in the order a folder is loaded."""
    return tuple(REGISTRIES)


def describe_markdown(registries: Mapping[str, Registry] | None = None) -> str:
    """The declaration as Markdown tables (Chinese first), for docs and the app's help page.

    Generated from the same objects the loader uses, so the documentation cannot drift.
    """
    parts = ["# 登记表格式 Registry formats", ""]
    for reg in (registries or REGISTRIES).values():
        names = "、".join(dict.fromkeys((reg.zh, *reg.names_zh)))
        parts += [
            f"## {reg.order}. {reg.name} {reg.zh} · {reg.title_en}",
            "",
            f"文件名 file names: `{reg.name}`, {names}. 键 key: {', '.join(reg.key)}. "
            f"写入 writes: `{reg.writes}`.",
        ]
        if reg.notes:
            parts.append(f"{reg.notes}")
        parts += [
            "",
            "| 中文 | alias | type | 必填 | 别名 synonyms | 取值与检查 values and checks |",
            "|---|---|---|---|---|---|",
        ]
        for c in reg.columns:
            checks = []
            if c.allowed:
                severity = "错误 error" if c.on_unknown == "error" else "警告 warning"
                checks.append(f"{'、'.join(c.allowed)} (其他值: {severity})")
            elif c.examples:
                checks.append(f"如 e.g. {'、'.join(c.examples)}")
            if c.ref:
                checks.append(
                    f"引用 refers to `{c.ref}`"
                    + ("" if c.is_strict_reference else " (可不存在 may be unregistered)")
                )
            if c.id_check:
                checks.append(f"校验 checked as {c.id_check}")
            if c.notes:
                checks.append(c.notes)
            cells = [
                c.header,
                f"`{c.alias}`",
                c.type,
                "*" if c.required else "",
                "、".join(c.synonyms),
                "; ".join(checks).replace("|", "\\|"),
            ]
            parts.append("| " + " | ".join(cells) + " |")
        parts.append("")
    return "\n".join(parts)
