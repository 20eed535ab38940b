"""Mapping files: column renames and value maps for registry files that differ from the
canonical form, so a new office's export needs a YAML file instead of code.

```yaml
companies:                       # registry: English or Chinese name
  sheet: 企业信息                 # optional: the sheet of a workbook
  columns:                       # source header -> alias or Chinese header of the registry
    企业名称(全称): name
    法人代表: 法定代表人
  values:                        # alias (or header) -> {source value: canonical value}
    status: {开业: 在业, 正常: 存续}
  ignore: [所在省份, 地区]         # source columns dropped without a warning
```

The whole mapping is checked before any row is read: an unknown registry, target column,
or a value map onto a value the registry rejects is an error naming it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from graph.errors import BadInput, UsageError
from loaders.problems import Problem
from loaders.registry_names import get_registry
from loaders.values import header_key, normalise_text
from model.registry import Registry

_SECTION_FIELDS = {"columns", "values", "ignore", "sheet"}


class MappingError(BadInput):
    """A mapping file that does not fit the registry declaration."""


@dataclass(frozen=True)
class RegistryMapping:
    """The renames and value maps for one registry."""

    registry: str
    columns: Mapping[str, str] = field(default_factory=dict)  # header_key(source) -> alias
    values: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # alias -> map
    ignore: frozenset[str] = frozenset()  # header keys
    sheet: str | None = None

    def target(self, header: str) -> str | None:
        """The alias a source header is renamed to, or None."""
        return self.columns.get(header_key(header))

    def ignores(self, header: str) -> bool:
        return header_key(header) in self.ignore

    def map_value(self, alias: str, value: Any) -> Any:
        """The canonical value for a source value (compared as normalised text)."""
        table = self.values.get(alias)
        if not table or value is None:
            return value
        return table.get(normalise_text(str(value)), value)


@dataclass(frozen=True)
class MappingFile:
    source: str
    registries: Mapping[str, RegistryMapping]

    def for_registry(self, name: str) -> RegistryMapping | None:
        return self.registries.get(name)


def _problem(source: str, column: str | None, value: Any, expected: str) -> Problem:
    return Problem(source, None, column, None if value is None else str(value), expected, "error")


def _resolve_column(reg: Registry, target: Any) -> str | None:
    col = reg.match_header(str(target)) if target is not None else None
    return col.alias if col else None


def parse_mapping(data: Any, source: str = "mapping.yaml") -> MappingFile:
    """Check parsed YAML against the declaration; MappingError lists every problem."""
    problems = []
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise MappingError(
            f"{source}: 映射文件应为 登记表 -> 设置 的映射 (expected a mapping of registries)",
            [
                _problem(
                    source,
                    None,
                    None,
                    "应为 登记表: {columns, values} (expected registry: {columns, values})",
                )
            ],
        )
    result: dict[str, RegistryMapping] = {}
    for reg_name, section in data.items():
        try:
            reg = get_registry(str(reg_name))
        except UsageError:
            problems.append(_problem(source, None, reg_name, "未知的登记表 (unknown registry)"))
            continue
        if not isinstance(section, dict):
            problems.append(
                _problem(source, None, reg_name, "应为 {columns, values} (expected columns/values)")
            )
            continue
        for unknown in sorted(set(section) - _SECTION_FIELDS, key=str):
            problems.append(
                _problem(
                    source,
                    f"{reg_name}.{unknown}",
                    unknown,
                    "未知的设置项 (unknown setting; expected columns, values, ignore, sheet)",
                )
            )
        columns: dict[str, str] = {}
        for src, target in (section.get("columns") or {}).items():
            alias = _resolve_column(reg, target)
            if alias is None:
                problems.append(
                    _problem(
                        source,
                        f"{reg.name}.columns.{src}",
                        target,
                        f"「{reg.zh}」没有这一列 (registry {reg.name} has no such column)",
                    )
                )
                continue
            columns[header_key(src)] = alias
        values: dict[str, dict[str, Any]] = {}
        for target, table in (section.get("values") or {}).items():
            alias = _resolve_column(reg, target)
            if alias is None:
                problems.append(
                    _problem(
                        source,
                        f"{reg.name}.values",
                        target,
                        f"「{reg.zh}」没有这一列 (registry {reg.name} has no such column)",
                    )
                )
                continue
            if not isinstance(table, dict):
                problems.append(
                    _problem(
                        source,
                        f"{reg.name}.values.{target}",
                        table,
                        "应为 原值: 标准值 (expected source: canonical)",
                    )
                )
                continue
            col = reg.column(alias)
            mapped: dict[str, Any] = {}
            for src_value, canonical in table.items():
                canonical_text = None if canonical is None else str(canonical)
                if (
                    canonical_text is not None
                    and col.on_unknown == "error"
                    and col.canonical.get(canonical_text, canonical_text) not in col.allowed
                ):
                    problems.append(
                        _problem(
                            source,
                            f"{reg.name}.values.{target}",
                            canonical,
                            f"应为以下之一 (expected one of): {'、'.join(col.allowed)}",
                        )
                    )
                mapped[normalise_text(str(src_value))] = canonical
            values[alias] = mapped
        ignore = section.get("ignore") or []
        if not isinstance(ignore, list):
            problems.append(
                _problem(
                    source,
                    f"{reg.name}.ignore",
                    ignore,
                    "应为列名列表 (expected a list of headers)",
                )
            )
            ignore = []
        sheet = section.get("sheet")
        result[reg.name] = RegistryMapping(
            registry=reg.name,
            columns=MappingProxyType(columns),
            values=MappingProxyType({k: MappingProxyType(v) for k, v in values.items()}),
            ignore=frozenset(header_key(h) for h in ignore),
            sheet=None if sheet is None else str(sheet),
        )
    if problems:
        raise MappingError(
            f"映射文件 {source} 有 {len(problems)} 个问题 ({len(problems)} problem(s) in the mapping file)",
            problems,
        )
    return MappingFile(source, MappingProxyType(result))


def load_mapping(path: str | Path) -> MappingFile:
    """Read and check a mapping file (UTF-8 or GB18030)."""
    path = Path(path)
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("gb18030", errors="strict")
        except UnicodeDecodeError as exc:
            raise MappingError(
                f"{path.name}: 无法识别编码 (cannot decode the mapping file)",
                [
                    _problem(
                        path.name,
                        None,
                        None,
                        "应为 UTF-8 或 GB18030 编码 (expected UTF-8 or GB18030)",
                    )
                ],
            ) from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise MappingError(
            f"{path.name}: 不是有效的 YAML (not valid YAML)",
            [_problem(path.name, None, None, f"应为 YAML (expected YAML): {exc}")],
        ) from exc
    return parse_mapping(data, path.name)
