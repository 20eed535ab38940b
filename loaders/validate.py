"""Validating a Table against its registry: typed records and every problem, no database.

`validate_rows` reads the whole table; `iter_validated` yields the same result in chunks so
that a million-row file is validated (and later written) without holding all its records.
Each problem names file, row (as a spreadsheet shows it), column (as headed in the file),
value and what was expected, Chinese first. Cross-registry references are checked by
`check_references` against ids the caller knows (from the database and from files loaded
earlier in the same folder).
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from loaders.limits import INDEXED_ALIASES, limits
from loaders.mapping import MappingFile, RegistryMapping
from loaders.problems import Problem, value_prefix
from loaders.read import Row, Table
from loaders.values import (
    _LONGEST_MARKER,
    EMPTY_MARKERS,
    PARSERS,
    ForeignCurrency,
    check_id_number,
    check_uscc,
    extra_name,
    is_empty,
    is_ftm_key,
    looks_like_uscc,
    mask_id_number,
    normalise_code,
    normalise_header,
    parse_str,
)
from model.registry import Column, Registry, allowed_value


@dataclass
class Validated:
    """Records (dicts keyed by alias, plus `_row`, flags and `extra_*`) and problems."""

    registry: Registry
    file: str
    records: list[dict[str, Any]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    rows_read: int = 0
    headers: dict[str, str] = field(default_factory=dict)  # alias -> header as in the file

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    @property
    def ok(self) -> bool:
        """No errors (warnings allowed): the file may be loaded."""
        return not any(p.is_error for p in self.problems)

    @property
    def bad_rows(self) -> set[int]:
        """Row numbers with at least one error (for --skip-bad-rows)."""
        return {p.row for p in self.problems if p.is_error and p.row is not None}

    def good_records(self) -> list[dict[str, Any]]:
        """The records of rows without errors."""
        bad = self.bad_rows
        return [r for r in self.records if r["_row"] not in bad]


_HEADER_UNIT = re.compile(r"^(?P<base>.+?)\((?P<unit>万元人民币|万元|亿元|元|%)\)$")
_PLAIN_NUMBER = re.compile(r"^\s*(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s*$")
_ID_NUMBER_FORM = re.compile(r"\d{17}[\dXx]")
_UNIT_FACTOR = {"万元人民币": 1e4, "万元": 1e4, "亿元": 1e8, "元": 1.0, "%": 1.0}


@functools.cache
def _pattern(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _shown(raw: Any, col: Column | None = None) -> str | None:
    """A cell as a problem shows it: text as written, NUL bytes made visible; a 身份证号
    column's value masked whatever it holds (an invalid number is still someone's number)."""
    if raw is None:
        return None
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if col is not None and _holds_id_numbers(col):
        items = raw if isinstance(raw, list | tuple) else [raw]
        return "、".join(_mask_item(col, str(item)) for item in items)
    if isinstance(raw, list | tuple):
        raw = "、".join(str(item) for item in raw)
    return str(raw).replace("\x00", "\\x00")


def _holds_id_numbers(col: Column) -> bool:
    return col.id_check in ("id_number", "id_number_or_uscc")


def _mask_item(col: Column, text: str) -> str:
    """Mask a 身份证号 column's item; in a 证件号 column that may hold a USCC, a code with
    letters (other than a final X) is a company's and stays readable."""
    code = normalise_code(text)
    if col.id_check == "id_number_or_uscc" and re.search(r"[A-WYZa-wyz]", code[:-1] or "x"):
        return code
    return mask_id_number(code)


@dataclass(frozen=True)
class _Slot:
    """How one file column is read: into a registry column, or kept as `extra_*`."""

    index: int
    header: str  # as in the file
    column: Column | None
    extra: str | None = None
    convert: Callable[[Any], Any] = parse_str  # cell -> typed value, or ValueError


def _converter(col: Column, factor: float = 1.0) -> Callable[[Any], Any]:
    """The parser of one column, decided once per file rather than once per cell.

    `factor` scales plain numbers under a money header that names its unit
    (`注册资本(万元)`); a cell with its own unit (`50万元`) is read as written.
    """
    parser = PARSERS[col.type]
    if col.type == "money" and factor != 1.0:

        def scaled(raw: Any) -> Any:
            if not isinstance(raw, str) or _PLAIN_NUMBER.match(raw):
                return parser(raw) * factor
            return parser(raw)

        return scaled
    if not col.is_code:
        return parser
    upper = col.id_check is not None
    if col.type == "str":

        def code(raw: Any) -> str:
            value = normalise_code(parser(raw))
            return value.upper() if upper and not is_ftm_key(value) else value

        return code
    if col.type == "list":

        def codes(raw: Any) -> list[str]:
            items = [normalise_code(v) for v in parser(raw)]
            return [
                v.upper() if upper and looks_like_uscc(v) and not is_ftm_key(v) else v
                for v in items
            ]

        return codes
    return parser


def _as_registry_mapping(
    mapping: MappingFile | RegistryMapping | None, registry: Registry
) -> RegistryMapping | None:
    if isinstance(mapping, MappingFile):
        return mapping.for_registry(registry.name)
    if mapping is not None and mapping.registry != registry.name:
        raise ValueError(f"mapping for {mapping.registry!r} used on {registry.name!r}")
    return mapping


class Validator:
    """Stateful validation of one table: header plan, row checks, duplicate keys across chunks."""

    def __init__(
        self,
        table: Table,
        registry: Registry,
        mapping: MappingFile | RegistryMapping | None = None,
    ) -> None:
        self.table = table
        self.registry = registry
        self.file = table.name
        self.mapping = _as_registry_mapping(mapping, registry)
        self.slots: list[_Slot] = []
        self.header_problems: list[Problem] = []
        self.headers: dict[str, str] = {}
        # each key's 128-bit digest (`_key_digest`) -> the row it was first met on
        self._seen_keys: dict[int, int] = {}
        self.limits = limits()
        # values that become node keys or indexed properties: bounded by the index key limit
        self.keyed = frozenset(
            c.alias
            for c in registry.columns
            if c.is_code or c.alias in registry.key or c.alias in INDEXED_ALIASES
        )
        self._plan()
        # decided once per file rather than per row: a Registry's column tuples are
        # properties computed on each access
        self._blank = dict.fromkeys(registry.aliases)
        self._id_columns = registry.id_columns
        self._key_required = tuple(c.alias for c in registry.required if c.alias in registry.key)
        self._cells = tuple(
            (
                slot,
                slot.index,
                slot.column,
                slot.column is not None and slot.column.alias in self.keyed,
                _pattern(slot.column.pattern)
                if slot.column is not None and slot.column.pattern is not None
                else None,
            )
            for slot in self.slots
        )

    # -- header ------------------------------------------------------------------------------

    def _match(self, header: str) -> tuple[Column | None, float]:
        reg, mapping = self.registry, self.mapping
        if mapping is not None:
            alias = mapping.target(header)
            if alias is not None:
                return reg.column(alias), 1.0
        col = reg.match_header(header)
        if col is not None:
            return col, 1.0
        m = _HEADER_UNIT.match(normalise_header(header))
        if m:
            col = reg.match_header(m["base"])
            if col is not None and col.type in ("money", "pct"):
                return col, _UNIT_FACTOR[m["unit"]] if col.type == "money" else 1.0
        return None, 1.0

    def _plan(self) -> None:
        used_extra: set[str] = set()
        for index, header in enumerate(self.table.raw_headers):
            if self.mapping is not None and header and self.mapping.ignores(header):
                continue
            col, factor = self._match(header) if header else (None, 1.0)
            if col is not None:
                if col.alias in self.headers:
                    self.header_problems.append(
                        self._file_problem(
                            header,
                            f"与列「{self.headers[col.alias]}」重复，都表示「{col.header}」 "
                            f"(duplicates another column for {col.alias})",
                        )
                    )
                    continue
                self.headers[col.alias] = header
                self.slots.append(_Slot(index, header, col, convert=_converter(col, factor)))
                continue
            extra = extra_name(header) if header else f"extra_column_{index + 1}"
            base, n = extra, 2
            while extra in used_extra:
                extra, n = f"{base}_{n}", n + 1
            used_extra.add(extra)
            self.slots.append(_Slot(index, header, None, extra))
            shown = header or f"第{index + 1}列"
            self.header_problems.append(
                Problem(
                    self.file,
                    None,
                    shown,
                    None,
                    f"未知列，将保存为 {extra} (unknown column, kept as {extra})",
                    "warning",
                )
            )
        for col in self.registry.required:
            if col.alias not in self.headers:
                self.header_problems.append(
                    self._file_problem(
                        col.header,
                        f"缺少必填列「{col.header}」({col.alias}) (missing required column)",
                    )
                )

    def _file_problem(self, column: str, expected: str) -> Problem:
        return Problem(self.file, None, column, None, expected, "error")

    # -- rows --------------------------------------------------------------------------------

    def validate_row(self, row: Row) -> tuple[dict[str, Any], list[Problem]]:
        """The record for one row and the problems found in it (every one, not the first)."""
        problems: list[Problem] = []
        number = row.number
        record: dict[str, Any] = {"_row": number, **self._blank}
        cells = row.cells
        width = len(cells)
        max_chars = self.limits.max_cell_chars
        for slot, index, col, keyed, pattern in self._cells:
            raw = cells[index] if index < width else None
            if isinstance(raw, str) and len(raw) > max_chars:
                problems.append(self._too_long(number, slot, raw, max_chars))
                continue
            if col is None:
                try:
                    record[slot.extra or ""] = None if is_empty(raw) else parse_str(raw)
                except ValueError as exc:
                    record[slot.extra or ""] = None
                    problems.append(self._problem(number, slot, raw, str(exc)))
                continue
            self._cell(slot, raw, number, record, problems, keyed, pattern)
        self._id_checks(record, number, problems)
        self._cross_checks(record, number, problems)
        self._key(record, number, problems)
        return record, problems

    def _problem(
        self, row: int, slot: _Slot, raw: Any, expected: str, severity: str = "error"
    ) -> Problem:
        return Problem(self.file, row, slot.header, _shown(raw, slot.column), expected, severity)

    def _cell(
        self,
        slot: _Slot,
        raw: Any,
        row: int,
        record: dict[str, Any],
        problems: list[Problem],
        keyed: bool,
        pattern: re.Pattern[str] | None,
    ) -> None:
        col = slot.column
        assert col is not None
        if self.mapping is not None:
            raw = self.mapping.map_value(col.alias, raw)
        if raw is None:
            empty = True
        elif raw.__class__ is str:
            # is_empty's answer, with the common cell (text that is no marker and either
            # ASCII or longer than any marker) decided without the call
            text = raw.strip()
            empty = text in EMPTY_MARKERS or (
                len(text) <= _LONGEST_MARKER and not text.isascii() and is_empty(raw)
            )
        else:
            empty = is_empty(raw)
        if empty:
            if col.required:
                problems.append(
                    self._problem(row, slot, None, "缺少必填值 (required value missing)")
                )
            return
        try:
            value = slot.convert(raw)
        except ForeignCurrency as exc:
            problems.append(
                self._problem(row, slot, raw, f"{exc}; 原文保留 (kept as text)", "warning")
            )
            record[extra_name(slot.header or col.header)] = parse_str(raw)
            return
        except ValueError as exc:
            problems.append(self._problem(row, slot, raw, str(exc)))
            return
        if value == []:  # a list cell holding only separators is as good as empty
            if col.required:
                problems.append(
                    self._problem(row, slot, raw, "缺少必填值 (required value missing)")
                )
            return
        if col.allowed and isinstance(value, str):
            value = self._check_allowed(col, slot, raw, value, row, problems)
        if pattern is not None and isinstance(value, str):
            if not pattern.match(value):
                problems.append(self._problem(row, slot, raw, col.pattern_hint, "warning"))
        if keyed and not self._fits_key(value):
            problems.append(self._too_long_key(row, slot, value))
            return
        record[col.alias] = value

    def _fits_key(self, value: Any) -> bool:
        items = value if isinstance(value, list) else [value]
        limit = self.limits.max_key_bytes
        # at most 4 UTF-8 bytes a character: a short text fits without being encoded
        return all(
            not isinstance(v, str) or len(v) * 4 <= limit or len(v.encode("utf-8")) <= limit
            for v in items
        )

    def _too_long(self, row: int, slot: _Slot, raw: str, limit: int) -> Problem:
        return Problem(
            self.file,
            row,
            slot.header,
            value_prefix(raw),
            f"单元格过长，最多 {limit} 个字符 (cell too long: at most {limit} characters; "
            "OVERSIGHT_LOAD_MAX_CELL_CHARS)",
        )

    def _too_long_key(self, row: int, slot: _Slot, value: Any) -> Problem:
        items = value if isinstance(value, list) else [value]
        longest = max((v for v in items if isinstance(v, str)), key=len)
        limit = self.limits.max_key_bytes
        return Problem(
            self.file,
            row,
            slot.header,
            value_prefix(longest),
            f"值过长，作为编号、名称或索引项最多 {limit} 字节（UTF-8，约 {limit // 3} 个汉字） "
            f"(too long for a key or indexed value: at most {limit} UTF-8 bytes; "
            "OVERSIGHT_LOAD_MAX_KEY_BYTES)",
        )

    def _check_allowed(
        self, col: Column, slot: _Slot, raw: Any, value: str, row: int, problems: list[Problem]
    ) -> str:
        stored, ok = allowed_value(col, value)
        if ok:
            return stored
        problems.append(
            self._problem(
                row,
                slot,
                raw,
                f"应为以下之一 (expected one of): {'、'.join(col.allowed)}",
                col.on_unknown or "warning",
            )
        )
        return value

    def _id_checks(self, record: dict[str, Any], row: int, problems: list[Problem]) -> None:
        columns = self._id_columns
        if not columns:
            return
        any_invalid = False
        for col in columns:
            value = record.get(col.alias)
            invalid = False
            if value:
                reasons = [
                    r
                    for item in (value if isinstance(value, list) else [value])
                    if (r := self._id_reason(col, item, record)) is not None
                ]
                if reasons:
                    invalid = True
                    slot_header = self.headers.get(col.alias, col.header)
                    shown = _shown(value, col)
                    problems.append(
                        Problem(
                            self.file,
                            row,
                            slot_header,
                            shown,
                            f"{'; '.join(reasons)}；记录保留并标记 (record kept, flagged id_invalid)",
                            "warning",
                        )
                    )
            record[f"{col.alias}_invalid"] = invalid
            any_invalid = any_invalid or invalid
        record["id_invalid"] = any_invalid

    @staticmethod
    def _id_reason(col: Column, value: str, record: dict[str, Any]) -> str | None:
        if is_ftm_key(value):
            return None  # an FtM entity's own id, not a registry code
        kind = col.id_check
        if kind == "id_number_or_uscc":
            holder = record.get(col.id_check_by or "")
            if holder == "自然人":
                kind = "id_number"
            elif holder == "企业":
                kind = "uscc"
            else:
                kind = "id_number" if _ID_NUMBER_FORM.fullmatch(value) else "uscc"
        if kind == "id_number":
            return check_id_number(value)
        if col.type == "list" and not looks_like_uscc(value):
            return None  # a company named by name in a list of companies
        return check_uscc(value)

    def _cross_checks(self, record: dict[str, Any], row: int, problems: list[Problem]) -> None:
        start, end = record.get("start_date"), record.get("end_date")
        if start is not None and end is not None and end < start:
            problems.append(
                Problem(
                    self.file,
                    row,
                    self.headers.get("end_date", "end_date"),
                    end.isoformat(),
                    f"结束日期早于开始日期 {start.isoformat()} (ends before it starts)",
                    "error",
                )
            )
        if self.registry.name == "units" and record.get("parent_id") is not None:
            if record["parent_id"] == record.get("unit_id"):
                problems.append(
                    Problem(
                        self.file,
                        row,
                        self.headers.get("parent_id", "上级单位代码"),
                        record["parent_id"],
                        "上级单位不能是本单位 (a unit cannot be its own parent)",
                        "error",
                    )
                )

    def _key(self, record: dict[str, Any], row: int, problems: list[Problem]) -> None:
        reg = self.registry
        key = tuple(record.get(k) for k in reg.key)
        if any(record.get(alias) is None for alias in self._key_required):
            return  # a missing key part is already an error of its own
        first = self._seen_keys.setdefault(_key_digest(key), row)
        if first != row:
            columns = "+".join(self.headers.get(k, reg.column(k).header) for k in reg.key)
            shown = " | ".join(
                "" if v is None else (_shown(v, reg.column(k)) or "")
                for k, v in zip(reg.key, key, strict=True)
            )
            problems.append(
                Problem(
                    self.file,
                    row,
                    columns,
                    shown,
                    f"与第{first}行重复 (duplicates row {first}: the key must be unique in a file)",
                    "error",
                )
            )

    # -- driving -----------------------------------------------------------------------------

    def iter_chunks(self, chunk_size: int = 5000) -> Iterator[Validated]:
        """Validated chunks of at most chunk_size rows; the first carries the header problems."""
        first = True
        for rows in self.table.chunks(chunk_size):
            yield self._chunk(rows, first)
            first = False
        if first:
            yield self._chunk([], True)

    def _chunk(self, rows: Iterable[Row], first: bool) -> Validated:
        out = Validated(
            self.registry,
            self.file,
            problems=list(self.header_problems) if first else [],
            headers=dict(self.headers),
        )
        for row in rows:
            record, problems = self.validate_row(row)
            out.records.append(record)
            out.problems.extend(problems)
            out.rows_read += 1
        return out


def iter_validated(
    table: Table,
    registry: Registry,
    mapping: MappingFile | RegistryMapping | None = None,
    chunk_size: int = 5000,
) -> Iterator[Validated]:
    """validate_rows in chunks (duplicate keys are still found across chunks)."""
    return Validator(table, registry, mapping).iter_chunks(chunk_size)


def validate_rows(
    table: Table, registry: Registry, mapping: MappingFile | RegistryMapping | None = None
) -> Validated:
    """Every record of the table and every problem in it."""
    validator = Validator(table, registry, mapping)
    result = Validated(registry, table.name, problems=list(validator.header_problems))
    result.headers = dict(validator.headers)
    for chunk in validator.iter_chunks():
        result.records.extend(chunk.records)
        result.problems.extend(p for p in chunk.problems if p.row is not None)
        result.rows_read += chunk.rows_read
    return result


def _key_digest(key: tuple[Any, ...]) -> int:
    """A file key as kept to find it repeated: 128 bits of its text's BLAKE2b digest. The key
    itself held its row's strings for the whole file (a province's 1.6 M shareholder keys:
    ~560 MB in the validation process, and the memory pools around them kept when they went);
    a validated key's values (text, dates, numbers) have one `repr` each, and two keys alike in
    128 bits are far less likely than two facts' keys alike in the 96 bits that
    loaders/snapshot.py relies on."""
    text = repr(key).encode("utf-8", "surrogatepass")
    return int.from_bytes(hashlib.blake2b(text, digest_size=16).digest(), "big")


# --- references between registries -----------------------------------------------------------

_TARGET_TEXT = {
    "units": ("单位名录中的单位代码", "a unit_id present in units"),
    "people": ("人员名册中的人员编号", "a person_id present in people"),
    "supervision": ("监督活动中的活动编号", "an event_id present in supervision"),
}
_SELF_KEY = {"units": "unit_id", "people": "person_id", "supervision": "event_id"}


def check_references(
    registry: Registry,
    records: Iterable[Mapping[str, Any]],
    known: Mapping[str, set[str]],
    file: str,
    headers: Mapping[str, str] | None = None,
) -> list[Problem]:
    """Errors for ids that name no known unit, person or supervision event.

    `known` maps 'units', 'people', 'supervision' to the ids the caller knows (database plus
    files loaded earlier in the same folder); a missing entry counts as none known. A
    registry's references to itself also accept ids of these records (a parent unit may come
    later in the same file). Company references are never checked: an unknown USCC becomes
    a company known only by its code. `headers` (Validated.headers) names columns as the
    file headed them; by default the Chinese headers.
    """
    records = list(records) if not isinstance(records, list) else records
    headers = headers or {}
    local: set[str] = set()
    self_key = _SELF_KEY.get(registry.name)
    if self_key is not None:
        local = {r[self_key] for r in records if r.get(self_key) is not None}
    problems: list[Problem] = []
    columns = [c for c in registry.references if c.is_strict_reference]
    for record in records:
        for col in columns:
            value = record.get(col.alias)
            if value is None:
                continue
            target = col.ref or ""
            pool = known.get(target, set())
            for item in value if isinstance(value, list) else [value]:
                if item in pool or (target == registry.name and item in local):
                    continue
                zh, en = _TARGET_TEXT[target]
                problems.append(
                    Problem(
                        file,
                        record.get("_row"),
                        headers.get(col.alias, col.header),
                        str(item),
                        f"应为{zh} (expected {en}): 未找到 (not found)",
                        "error",
                    )
                )
    if registry.name == "units":
        problems.extend(_unit_cycles(records, file, headers))
    return problems


def _unit_cycles(
    records: list[Mapping[str, Any]], file: str, headers: Mapping[str, str]
) -> list[Problem]:
    """A parent chain that comes back to its start would make the hierarchy infinite."""
    parent = {r["unit_id"]: r.get("parent_id") for r in records if r.get("unit_id")}
    rows = {r["unit_id"]: r.get("_row") for r in records if r.get("unit_id")}
    reported: set[str] = set()
    problems = []
    for start in parent:
        seen: list[str] = []
        node: str | None = start
        while node is not None and node in parent and node not in seen:
            seen.append(node)
            node = parent[node]
        if node is not None and node in seen and node not in reported:
            cycle = seen[seen.index(node) :]
            if len(cycle) < 2:
                continue  # a unit that is its own parent is reported per row
            reported.update(cycle)
            problems.append(
                Problem(
                    file,
                    rows.get(node),
                    headers.get("parent_id", "上级单位代码"),
                    " → ".join([*cycle, node]),
                    "上级单位形成循环 (the parent chain loops back)",
                    "error",
                )
            )
    return problems
