"""The CSV files `neo4j-admin database import full` reads, from loaders/bulk_graph.py's nodes
and relationships. Pure file output, no database.

Header syntax of the import tool (Neo4j 5.26 operations manual, "Import"): a node file starts
with `:ID(Person)`, the id the relationship files refer to within the id group `Person` (not
stored: no name before the colon), then its key as an ordinary property (`pid:string`); a
relationship file starts with `:START_ID(Person)` and `:END_ID(Company)`; every other column is
`name:type` with type `string`, `long`, `double`, `boolean`, `date`, `localdatetime`, or an
array of one of them (`string[]`). The label or the relationship type is given per file on the
command line (`--nodes=Person=file`).

The ids are integers numbered from 0 within each label (`--id-type=integer`), in the order the
keys are first met, by a node or by a relationship written before its node (a legal
representative's person, for one): the tool maps them in less than half the time it maps
the keys' text, or integers hashed from them (province, docs/BENCHMARKS.md).

A property's type is the Python type of its value as the driver would send it (bool before
int: a bool is an int in Python). Nodes (and relationships) are grouped by the exact set of
properties they carry and their types, one file per group, so that no cell is ever empty: an
empty cell would mean "no property" for some types and "" for others.

The files are numbered as the first version numbered them, the order in which it met their
groups when it held the units, people, companies and supervision events to the very end
(`_NUMBERED_LAST`): loaders/bulk_graph.py now hands those over as soon as no later registry
changes them, and the numbers are given at `close`, so that two versions' folders still
compare file for file (`diff -r`, bench/bulk_python.py). The tool reads every file given on
its command line; neither the names nor their order change the graph.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from loaders.bulk_graph import KEY_PROPERTY, NodeRef, RelKey

# Between the elements of an array cell: a control character no registry value contains
# (checked: a value that has one is refused rather than split).
ARRAY_DELIMITER = "\x1f"
ARRAY_DELIMITER_OPTION = "U+001F"


class BulkValueError(ValueError):
    """A value the import files cannot carry unchanged."""


def _scalar_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    if isinstance(value, str):
        return "string"
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            return "datetime"
        return "localdatetime"
    if isinstance(value, dt.date):
        return "date"
    raise BulkValueError(f"no import type for {type(value).__name__} value {value!r}")


def value_type(value: Any) -> str:
    """The import header type of a property value."""
    if isinstance(value, list | tuple):
        kinds = {_scalar_type(v) for v in value}
        if len(kinds) != 1:
            # an empty list has no element type; mixed lists cannot be stored by Neo4j either
            raise BulkValueError(f"no import type for list {value!r}")
        return f"{kinds.pop()}[]"
    return _scalar_type(value)


def _scalar_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def cell(value: Any) -> str:
    if isinstance(value, list | tuple):
        parts = [_scalar_text(v) for v in value]
        if any(ARRAY_DELIMITER in p for p in parts):
            raise BulkValueError(f"a list element contains the array delimiter: {value!r}")
        return ARRAY_DELIMITER.join(parts)
    return _scalar_text(value)


# The import type and the cell text of the exact scalar types a shaped row holds, looked up by
# type rather than through the isinstance chain above (the same answers: bool is its own type
# here, a subclass or anything else goes the long way). `str(v)` of a str is v itself.
_FAST: dict[type, tuple[str, Any]] = {
    str: ("string", None),
    int: ("long", str),
    float: ("double", repr),
    bool: ("boolean", lambda v: "true" if v else "false"),
    dt.date: ("date", dt.date.isoformat),
}
_STRINGS = "string[]"  # a list of str, joined by ARRAY_DELIMITER


# Labels the first version wrote in its last round only (see the module's docstring).
_NUMBERED_LAST = frozenset({"Unit", "Person", "Company", "SupervisionEvent"})
_LAST = float("inf")
_LABEL_ORDER = {label: index for index, label in enumerate(KEY_PROPERTY)}


@dataclass
class _Group:
    path: Path
    handle: IO[str]
    writer: Any
    # (round, nodes 0 / relationships 1, label order, creation): its number's place
    rank: tuple[float, int, int, int]
    rows: int = 0


@dataclass
class ImportFiles:
    """The files written so far: (label, path) and (type, path), for the command line."""

    folder: Path
    nodes: list[tuple[str, Path]] = field(default_factory=list)
    relationships: list[tuple[str, Path]] = field(default_factory=list)
    multiline: bool = False  # a value holds a line break: the tool must be told
    node_count: int = 0
    relationship_count: int = 0
    _groups: dict[tuple, _Group] = field(default_factory=dict)
    # the flushes of the graph done so far (add_nodes, then add_relationships), and what the
    # graph streamed between them (write_nodes, write_relationships)
    _round: int = 0
    _closed: bool = False
    _plans: dict[tuple, _Plan] = field(default_factory=dict)
    # each label's keys met so far -> their import ids (0, 1, 2... in the order met)
    _ids: defaultdict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(dict))
    # each label's import ids of the nodes handed over to be written (`mark_written`): 1
    _written: defaultdict[str, bytearray] = field(default_factory=lambda: defaultdict(bytearray))

    def mark_written(self, label: str, keys: Iterable[str]) -> None:
        """Nodes handed over to be written (loaders/bulk_graph.py `WrittenKeys`): their keys
        numbered now, in the order `write_nodes` then takes them, and flagged."""
        numbers, flags = self._ids[label], self._written[label]
        for key in keys:
            number = numbers.setdefault(key, len(numbers))
            if number >= len(flags):
                flags.extend(bytes(number + 1 - len(flags)))
            flags[number] = 1

    def written(self, label: str, key: str) -> bool:
        number = self._ids[label].get(key)
        flags = self._written[label]
        return number is not None and number < len(flags) and flags[number] == 1

    def any_written(self, label: str) -> bool:
        return 1 in self._written[label]

    def _group(self, kind: str, name: str, signature: tuple, header: list[str]) -> _Group:
        group = self._groups.get(signature)
        if group is None:
            number = len(self._groups)
            # named for good at `close`
            path = self.folder / f".{kind}_{name}_{number}.part"
            handle = path.open("w", encoding="utf-8", newline="")
            writer = csv.writer(handle, quoting=csv.QUOTE_ALL, lineterminator="\n")
            writer.writerow(header)
            if kind == "nodes":
                first = _LAST if name in _NUMBERED_LAST else self._round
                rank = (first, 0, _LABEL_ORDER[name], number)
            else:
                rank = (self._round, 1, 0, number)
            group = _Group(path, handle, writer, rank)
            self._groups[signature] = group
        return group

    def _columns(self, props: dict[str, Any], skip: str | None) -> tuple[tuple[str, str], ...]:
        columns = []
        for name, value in props.items():
            if name == skip or value is None:
                continue
            columns.append((name, value_type(value)))
        return tuple(sorted(columns))

    def _values(self, props: dict[str, Any], columns: tuple[tuple[str, str], ...]) -> list[str]:
        out = []
        for name, _ in columns:
            text = cell(props[name])
            if "\n" in text or "\r" in text:
                self.multiline = True
            out.append(text)
        return out

    def _fast(
        self, props: dict[str, Any], skip: str | None
    ) -> tuple[tuple[tuple[str, str], ...], list[str]] | None:
        """`_columns` and `_values` in one pass when every value has one of the `_FAST` types
        or is a non-empty list of str without the array delimiter (`sources`); None otherwise
        (datetimes, other lists...: the caller checks and takes the long way, which also
        raises what it raises). The columns, their order and each cell's conversion are
        worked out once per set of property names and value types (`_plan`): a registry's
        rows nearly all share one."""
        values = tuple(props.values())
        signature = (tuple(props), tuple(map(type, values)), skip)
        plan = self._plans.get(signature)
        if plan is None:
            if len(self._plans) >= _PLANS:
                self._plans.clear()
            plan = self._plans[signature] = _plan(signature)
        if not plan:
            return None
        columns, steps = plan
        out = []
        for index, text in steps:
            value = values[index]
            if text is None:  # a str
                if "\n" in value or "\r" in value:
                    self.multiline = True
                out.append(value)
            elif text is _JOIN:  # a list
                if not value or any(item.__class__ is not str for item in value):
                    return None
                joined = ARRAY_DELIMITER.join(value)
                if joined.count(ARRAY_DELIMITER) != len(value) - 1:
                    return None  # an element holds the delimiter
                out.append(joined)
            else:
                out.append(text(value))
        return columns, out

    def _row(
        self, props: dict[str, Any], key_prop: str | None
    ) -> tuple[tuple[tuple[str, str], ...], list[str]] | None:
        """(columns, cells) of one node's or relationship's properties, by the fast path when
        it applies; None when a value is an empty list (which no import column can hold)."""
        fast = self._fast(props, key_prop)
        if fast is not None:
            return fast
        if any(isinstance(v, list | tuple) and not v for v in props.values()):
            return None
        columns = self._columns(props, key_prop)
        return columns, self._values(props, columns)

    def add_nodes(self, items: Iterable[tuple[str, dict[str, Any]]]) -> None:
        """A flush's nodes (BulkGraph.flush)."""
        self.write_nodes(items)

    def add_relationships(self, items: Iterable[tuple[RelKey, dict[str, Any]]]) -> None:
        """A flush's relationships: they end its round."""
        self.write_relationships(items)
        self._round += 1

    def write_nodes(self, items: Iterable[tuple[str, dict[str, Any]]]) -> None:
        for label, props in items:
            key_prop = KEY_PROPERTY[label]
            key = props[key_prop]
            if not isinstance(key, str):
                raise BulkValueError(f"{label}.{key_prop} is not text: {key!r}")
            row = self._row(props, key_prop)
            if row is None:
                raise BulkValueError(f"an empty list on {label} {key}: {props!r}")
            columns, values = row
            group = self._groups.get(("n", label, columns))
            if group is None:
                header = [f":ID({label})", f"{key_prop}:string"]
                header += [f"{n}:{t}" for n, t in columns]
                group = self._group("nodes", label, ("n", label, columns), header)
            numbers = self._ids[label]
            group.writer.writerow([numbers.setdefault(key, len(numbers)), key, *values])
            group.rows += 1
            self.node_count += 1

    def write_relationships(self, items: Iterable[tuple[RelKey, dict[str, Any]]]) -> None:
        for (rtype, start, end, _), props in items:
            row = self._row(props, None)
            if row is None:
                raise BulkValueError(f"an empty list on a {rtype} relationship: {props!r}")
            columns, values = row
            signature = ("r", rtype, start[0], end[0], columns)
            group = self._groups.get(signature)
            if group is None:
                header = [f":START_ID({start[0]})", f":END_ID({end[0]})"]
                header += [f"{n}:{t}" for n, t in columns]
                group = self._group("relationships", rtype, signature, header)
            starts, ends = self._ids[start[0]], self._ids[end[0]]
            first, last = _key(start), _key(end)
            group.writer.writerow(
                [starts.setdefault(first, len(starts)), ends.setdefault(last, len(ends)), *values]
            )
            group.rows += 1
            self.relationship_count += 1

    def close(self) -> None:
        """Every file closed and given its name: `<kind>_<label or type>_<number>.csv`."""
        if self._closed:
            return
        self._closed = True
        for group in self._groups.values():
            group.handle.close()

        def place(item: tuple[tuple, _Group]) -> tuple[float, int, int, int]:
            first, kind, label, number = item[1].rank
            return (_LAST if first >= self._round - 1 else first, kind, label, number)

        for number, (signature, group) in enumerate(sorted(self._groups.items(), key=place)):
            kind = "nodes" if signature[0] == "n" else "relationships"
            path = self.folder / f"{kind}_{signature[1]}_{number}.csv"
            group.path = group.path.rename(path)
            (self.nodes if kind == "nodes" else self.relationships).append((signature[1], path))


# `_fast`'s plans: (columns, steps) per (property names, value types, key property) in the
# row's dict order, or () when a type needs the long way; each step is (the value's place in
# the row, its conversion: None for a str, _JOIN for a list, else a function).
_PLANS = 4096
_JOIN = object()
_Plan = tuple[tuple[tuple[str, str], ...], tuple[tuple[int, Any], ...]] | tuple[()]


def _plan(signature: tuple[tuple[str, ...], tuple[type, ...], str | None]) -> _Plan:
    names, kinds, skip = signature
    named = []
    for index, (name, kind) in enumerate(zip(names, kinds, strict=True)):
        if name == skip or kind is type(None):
            continue
        if kind is list:
            named.append((name, index, _STRINGS, _JOIN))
            continue
        fast = _FAST.get(kind)
        if fast is None:
            return ()
        named.append((name, index, fast[0], fast[1]))
    named.sort()  # names are unique: the order `_columns` sorts them in
    columns = tuple((name, header) for name, _, header, _ in named)
    return columns, tuple((index, text) for _, index, _, text in named)


def _key(ref: NodeRef) -> str:
    return str(ref[1])
