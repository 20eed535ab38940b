"""The graph a first load writes, built in memory from the shaped rows (loaders/shape.py),
for `oversight load --bulk` (loaders/bulk.py) to hand to `neo4j-admin database import full`.

Pure: no database. Each registry's function below does, row after row, what the same
registry's Cypher (loaders/cypher/<registry>.cypher) does to an empty database, statement for
statement: the same MERGE keys, the same ON CREATE values, `SET n += props` (a null removes),
the provenance lists grown the same way, the same choice of the person an 身份证号 hash names
(a cadre in `people` preferred, then the smallest pid; a row's own pid, a surrogate minted
for the row, only when no person holds its hash yet), the same outcome counts. A change to
a registry's Cypher must be made here too: tests/loaders/test_bulk.py loads the sample city
both ways and compares every node and relationship.

Relationships are written by one registry only (their type and start label say which), so
once the files of a registry are done its relationships can be handed to the CSV writer and
dropped (`flush`). So can the nodes of every label no later registry changes (`CHANGES`, in
the load order): the units after `units`, the people after `companies` (the last to grow a
person's sources), the companies after `companies` unless one lacks the name `shareholders`
would give it... A node handed over leaves only its key behind (later registries MATCH it, or
MERGE it with ON CREATE only, which leaves it as it is) and, for a person, its 身份证号 hash
for `person_by_hash`. Memory holds one registry's relationships and the nodes still open.
"""

from __future__ import annotations

import datetime as dt
import pickle
import re
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from loaders.identity import canonical_key
from model.registry import REGISTRIES
from model.schema import REGISTRY_KEYS

# (label, key value)
NodeRef = tuple[str, Any]
# (type, start, end, discriminating properties of the MERGE as ((name, value), ...))
RelKey = tuple[str, NodeRef, NodeRef, tuple[tuple[str, Any], ...]]

# The key property of each label a registry writes.
KEY_PROPERTY = REGISTRY_KEYS
# Properties of few distinct values, shared (sys.intern) by the open nodes packed between
# chunks: a masked 身份证号 shows its first six digits only (a region), ...
_REPEATED = frozenset(
    {"id_masked", "gender", "ethnicity", "party", "rank", "native_place", "growth_region"}
)
# Relationships a later row may delete: indexed by the node the Cypher matches them from.
_INDEXED = {"PART_OF": "start", "LEGAL_REP_OF": "end"}


@dataclass
class Outcomes:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def add(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)


def _grow(props: dict[str, Any], srcs: list[str]) -> None:
    """`x.sources = known + [s IN row.srcs WHERE NOT s IN known]`."""
    known = props.get("sources") or []
    if not known:  # the common case, a node or relationship met for the first time
        props["sources"] = list(srcs)
        return
    props["sources"] = known + [s for s in srcs if s not in known]


def _new_sources(props: dict[str, Any], srcs: list[str]) -> bool:
    known = props.get("sources") or []
    return any(s not in known for s in srcs)


def _unpack(props: Any) -> dict[str, Any]:
    """A node's properties as a dict, packed (BulkGraph._pack_loose) or not."""
    if props.__class__ is tuple:
        return dict(zip(props[0], props[1:], strict=True))
    return props


def _prop(props: Any, name: str) -> Any:
    """One property of a node, packed or not."""
    if props.__class__ is tuple:
        names = props[0]
        return props[names.index(name) + 1] if name in names else None
    return props.get(name)


def _hash_key(id_hash: str) -> int | str:
    """An id_hash as kept for the people handed over: a 64-digit hex hash (HMAC-SHA256) as
    the number of its first 32 digits (44 bytes; 65 as bytes, 113 as text, for a province's
    1.9 M people: two hashes alike in 128 bits are as likely as two file keys in
    loaders/validate.py `_key_digest`), anything else as it is."""
    if _HASH_HEX.fullmatch(id_hash) is None:
        return id_hash
    return int(id_hash[:32], 16)


_HASH_HEX = re.compile(r"[0-9a-f]{64}")


def _set(props: dict[str, Any], name: str, value: Any) -> None:
    """`SET x.name = value`: null removes the property."""
    if value is None:
        props.pop(name, None)
    else:
        props[name] = value


class _Spill:
    """A registry's relationships out of memory between chunks (`SPILLED`): pickled to a
    temporary file in creation order, in batches of `BATCH`, with an index from the hash of
    each key to its place. A later row that merges one of them again reads it back
    (`reopen`); its newer properties are kept here and written in its first place."""

    BATCH = 1000

    def __init__(self, folder: Path | None) -> None:
        # beside the import files (on disk; /tmp may be memory)
        self._file = tempfile.TemporaryFile(dir=folder)
        self._batches: list[int] = []  # file offset of each batch
        self._index: dict[int, int | list[int]] = {}  # hash(key) -> place(s)
        self._newer: dict[int, dict[str, Any]] = {}  # place -> properties changed since
        self._cached: tuple[int, list] = (-1, [])
        self.count = 0

    def add(self, items: list[tuple[RelKey, dict[str, Any]]], reopened: dict) -> None:
        """Open relationships out: a reopened one to its first place, others appended."""
        fresh = []
        for key, props in items:
            place = reopened.get(key)
            if place is not None:
                self._newer[place] = props
            else:
                fresh.append((key, props))
        for start in range(0, len(fresh), self.BATCH):
            batch = fresh[start : start + self.BATCH]
            number = len(self._batches)
            self._file.seek(0, 2)
            self._batches.append(self._file.tell())
            pickle.dump(batch, self._file, protocol=pickle.HIGHEST_PROTOCOL)
            for position, (key, _) in enumerate(batch):
                place = number * self.BATCH + position
                h = hash(key)
                known = self._index.get(h)
                if known is None:
                    self._index[h] = place
                elif isinstance(known, list):
                    known.append(place)
                else:
                    self._index[h] = [known, place]
            self.count += len(batch)

    def _batch(self, number: int) -> list[tuple[RelKey, dict[str, Any]]]:
        if self._cached[0] != number:
            self._file.seek(self._batches[number])
            self._cached = (number, pickle.load(self._file))
        return self._cached[1]

    def reopen(self, key: RelKey) -> tuple[int, dict[str, Any]] | None:
        """The place and properties of a relationship out here, or None."""
        known = self._index.get(hash(key))
        if known is None:
            return None
        for place in known if isinstance(known, list) else (known,):
            number, position = divmod(place, self.BATCH)
            stored_key, props = self._batch(number)[position]
            if stored_key == key:
                return place, self._newer.pop(place, props)
        return None

    def items(self) -> Iterator[tuple[RelKey, dict[str, Any]]]:
        """Every relationship, in creation order, with its newest properties; then closed."""
        self._cached = (-1, [])
        self._index.clear()
        try:
            for number in range(len(self._batches)):
                self._file.seek(self._batches[number])
                for position, (key, props) in enumerate(pickle.load(self._file)):
                    yield key, self._newer.get(number * self.BATCH + position, props)
        finally:
            self._file.close()


class WrittenKeys(Protocol):
    """The keys of the nodes handed over to be written, by label."""

    def mark_written(self, label: str, keys: Iterable[Any]) -> None: ...

    def written(self, label: str, key: Any) -> bool: ...

    def any_written(self, label: str) -> bool: ...


class Sink(WrittenKeys, Protocol):
    """Where `BulkGraph.stream` writes (loaders/bulk_csv.py ImportFiles). It keeps the keys
    of the nodes handed over too: it numbers every key it meets for the import tool anyway,
    so a flag per number is all a key handed over costs (a set of a province's 3 M keys beside
    those numbers took ~100 MB)."""

    folder: Path

    def write_nodes(self, items: Iterable[tuple[str, dict[str, Any]]]) -> None: ...

    def write_relationships(self, items: Iterable[tuple[RelKey, dict[str, Any]]]) -> None: ...


class _KeySets:
    """`WrittenKeys` as a set per label, for a graph without a sink (held to the end)."""

    def __init__(self) -> None:
        self._keys: dict[str, set[Any]] = {label: set() for label in KEY_PROPERTY}

    def mark_written(self, label: str, keys: Iterable[Any]) -> None:
        self._keys[label].update(keys)

    def written(self, label: str, key: Any) -> bool:
        return key in self._keys[label]

    def any_written(self, label: str) -> bool:
        return bool(self._keys[label])


class _Written(dict[str, Any]):
    """What stays of a node handed to the CSV writer: its key, read-only. A registry that
    changes such a node contradicts `CHANGES` (and would make the files differ from the
    graph the Cypher writes): it fails here instead."""

    def __setitem__(self, name: str, value: Any) -> None:
        raise RuntimeError(f"{name} set on a node already written out ({dict(self)}): CHANGES")

    def __delitem__(self, name: str) -> None:
        raise RuntimeError(f"{name} removed from a node already written out: CHANGES")


class BulkGraph:
    """Nodes and relationships as the Cypher loader would leave them."""

    def __init__(self, sink: Sink | None = None) -> None:
        # the nodes not yet handed over, by label, in creation order (the files' row order);
        # between chunks packed as a tuple (`_pack_loose`), a dict again when a row reaches them
        self.nodes: dict[str, dict[Any, Any]] = {label: {} for label in KEY_PROPERTY}
        # the nodes a row reached since the last chunk's end, to pack
        self._loose: list[tuple[str, Any]] = []
        self._shapes: dict[tuple[str, ...], tuple[str, ...]] = {}
        # the keys of the nodes handed over
        self._written: WrittenKeys = sink if sink is not None else _KeySets()
        self.rels: dict[RelKey, dict[str, Any]] = {}
        # the relationships of a `SPILLED` registry applied in earlier chunks, and those of
        # them merged again since (key -> place)
        self._spill: _Spill | None = None
        self._reopened: dict[RelKey, int] = {}
        # relationships a later statement may delete, by (type, node): nearly always one
        self._by_node: dict[tuple[str, NodeRef], list[RelKey]] = {}
        # relationships of an event-like node, deleted when its row is updated
        self._owned: dict[NodeRef, set[RelKey]] = {}
        # Person id_hash -> the pid (or pids) of the open people holding it
        self._by_hash: dict[str, str | set[str]] = {}
        # Person id_hash (`_hash_key`) -> the first (canonical_key) pid holding it among those
        # handed over, and which of those carry a person_id (what canonical_key orders on)
        self._hash_best: dict[int | str, str] = {}
        self._written_cadres: set[str] = set()
        # the registry whose rows were applied last: what `flush` may hand over after it
        self.registry: str | None = None
        # where `stream` writes what it hands over between flushes (None: nothing is)
        self.sink = sink
        # set by the caller: no later file of this registry follows in the load
        self.last_file = False
        # $change_date / $change_by of the file being applied (loaders/write.py load_params)
        self.change: dict[str, Any] = {"change_date": dt.date.today(), "change_by": ""}

    # --- nodes -------------------------------------------------------------------------------

    def node(self, label: str, key: Any) -> dict[str, Any] | None:
        """`MATCH (n:Label {key: value})`: None when absent or when the value is null."""
        if key is None:
            return None
        props = self._open(label, key)
        if props is None and self._written.written(label, key):
            return _Written({KEY_PROPERTY[label]: key})
        return props

    def _open(self, label: str, key: Any) -> dict[str, Any] | None:
        """An open node's properties as a dict (unpacked until the chunk's end)."""
        nodes = self.nodes[label]
        props = nodes.get(key)
        if props.__class__ is tuple:
            props = nodes[key] = _unpack(props)
            self._loose.append((label, key))
        return props

    def _pack_loose(self) -> None:
        """The open nodes rows reached in this chunk, packed: a tuple of the values after a
        tuple of the names shared by every node with those names (a dict takes ~300 bytes
        more; people stay open through `companies`, a million of them at province)."""
        shapes = self._shapes
        for label, key in self._loose:
            nodes = self.nodes[label]
            props = nodes.get(key)
            if props.__class__ is dict:
                names = tuple(props)
                values = [
                    sys.intern(v) if v.__class__ is str and n in _REPEATED else v
                    for n, v in props.items()
                ]
                nodes[key] = (shapes.setdefault(names, names), *values)
        self._loose = []

    def merge_node(self, label: str, key: Any) -> tuple[dict[str, Any], bool]:
        """`MERGE (n:Label {key: value})`: the node's properties and whether it was created."""
        if key is None:
            raise ValueError(f"MERGE of a {label} with a null {KEY_PROPERTY[label]}")
        props = self._open(label, key)
        if props is not None:
            return props, False
        if self._written.written(label, key):
            return _Written({KEY_PROPERTY[label]: key}), False
        props = {KEY_PROPERTY[label]: key}
        self.nodes[label][key] = props
        if self.sink is not None:
            self._loose.append((label, key))
        return props, True

    def lacks(self, props: dict[str, Any], name: str) -> bool:
        """`n.name IS NULL`. A node handed over carries every property a later registry sets
        only where missing (`flush` kept it open otherwise)."""
        return not isinstance(props, _Written) and props.get(name) is None

    def set_person(self, props: dict[str, Any], name: str, value: Any) -> None:
        """A Person property, keeping the id_hash lookup current."""
        if name == "id_hash":
            old = props.get("id_hash")
            if old is not None and old != value:
                self._unhash(old, props["pid"])
            if value is not None:
                held = self._by_hash.get(value)
                if held is None:
                    self._by_hash[value] = props["pid"]
                elif isinstance(held, set):
                    held.add(props["pid"])
                elif held != props["pid"]:
                    self._by_hash[value] = {held, props["pid"]}
        _set(props, name, value)

    def _unhash(self, id_hash: str, pid: str) -> None:
        held = self._by_hash.get(id_hash)
        if isinstance(held, set):
            held.discard(pid)
            if not held:
                del self._by_hash[id_hash]
        elif held == pid:
            del self._by_hash[id_hash]

    def update_person(self, props: dict[str, Any], values: dict[str, Any]) -> None:
        """`SET p += values` on a Person."""
        for name, value in values.items():
            self.set_person(props, name, value)

    def person_by_hash(self, id_hash: str | None) -> str | None:
        """`OPTIONAL MATCH (x:Person {id_hash: h}) WITH x ORDER BY x.person_id IS NULL, x.pid
        LIMIT 1`: its pid."""
        if id_hash is None:
            return None
        held = self._by_hash.get(id_hash)
        written = self._hash_best.get(_hash_key(id_hash)) if self._hash_best else None
        if held is None:
            return written
        people = self.nodes["Person"]
        keys = [
            canonical_key(_prop(people[pid], "person_id"), pid)
            for pid in (held if isinstance(held, set) else (held,))
        ]
        if written is not None:
            cadre = written in self._written_cadres
            keys.append(canonical_key("" if cadre else None, written))
        return min(keys)[1] if keys else None

    # --- relationships -----------------------------------------------------------------------

    def merge_rel(
        self,
        rtype: str,
        start: NodeRef,
        end: NodeRef,
        disc: tuple[tuple[str, Any], ...] = (),
        owner: NodeRef | None = None,
    ) -> tuple[dict[str, Any], bool]:
        """`MERGE (a)-[r:TYPE {disc}]->(b)`; `owner`: the node whose update deletes it."""
        for name, value in disc:
            if value is None:
                raise ValueError(f"MERGE of a {rtype} with a null {name}")
        key: RelKey = (rtype, start, end, disc)
        props = self.rels.get(key)
        if props is not None:
            return props, False
        if self._spill is not None:
            found = self._spill.reopen(key)
            if found is not None:
                self._reopened[key], props = found
                self.rels[key] = props
                return props, False
        props = dict(disc)
        self.rels[key] = props
        side = _INDEXED.get(rtype)
        if side is not None:
            anchor = start if side == "start" else end
            self._by_node.setdefault((rtype, anchor), []).append(key)
        if owner is not None:
            self._owned.setdefault(owner, set()).add(key)
        return props, True

    def delete_rels(self, rtype: str, anchor: NodeRef, keep: Callable[[RelKey], bool]) -> None:
        """Delete the indexed relationships of a type at a node, except those `keep` keeps."""
        keys = self._by_node.get((rtype, anchor))
        if not keys:
            return
        for key in [k for k in keys if not keep(k)]:
            keys.remove(key)
            self.rels.pop(key, None)

    def indexed_rels(self, rtype: str, anchor: NodeRef) -> list[RelKey]:
        """The indexed relationships of a type at a node."""
        return sorted(self._by_node.get((rtype, anchor), ()), key=repr)

    def delete_owned(self, owner: NodeRef, types: frozenset[str]) -> None:
        """`MATCH (n)-[old:A|B]->() DELETE old` (or incoming, for the types given)."""
        keys = self._owned.get(owner)
        if not keys:
            return
        for key in [k for k in keys if k[0] in types]:
            keys.discard(key)
            self.rels.pop(key, None)

    # --- handing over to the CSV writer ------------------------------------------------------

    def flush(
        self, final: bool = False
    ) -> tuple[Iterator[tuple[str, dict]], Iterable[tuple[RelKey, dict[str, Any]]]]:
        """Once a registry's files are done: the nodes no later registry changes (`CHANGES`)
        and every relationship so far, removed from memory, in creation order. `final`: every
        node."""
        nodes = self._take_nodes(final, during=False)
        held = list(self.rels.items())
        rels: Iterable[tuple[RelKey, dict[str, Any]]] = held
        if self._spill is not None:
            self._spill.add(held, self._reopened)
            rels = self._spill.items()
            self._spill, self._reopened = None, {}
        self.rels = {}
        self._by_node.clear()
        self._owned.clear()

        return _unpacked(nodes), rels

    def stream(self) -> None:
        """After a chunk of rows, to the sink: the nodes neither this registry's later rows
        nor a later registry change (people met first as shareholders...), and in the last
        file of a registry whose rows each write only their own node and relationships
        (`ROW_FINAL`), those too."""
        if self.sink is None:
            return
        nodes = self._take_nodes(False, during=True)
        self._pack_loose()
        if nodes:
            self.sink.write_nodes(_unpacked(nodes))
        if self.last_file and self.registry in ROW_FINAL and self.rels:
            rels, self.rels = self.rels, {}
            self._by_node.clear()
            self._owned.clear()
            self.sink.write_relationships(rels.items())
        elif self.registry in SPILLED and self.rels:
            if self._spill is None:
                self._spill = _Spill(self.sink.folder)
            self._spill.add(list(self.rels.items()), self._reopened)
            self.rels, self._reopened = {}, {}

    def _take_nodes(self, final: bool, during: bool) -> list[tuple[str, list[Any]]]:
        """The open nodes that can be handed over, per label in creation order, taken out,
        as they are kept (packed or not: `_unpacked` makes each a dict as the writer takes it,
        so that a flush of a province's million people and million companies does not hold
        them all as dicts at once, ~500 MB more)."""
        nodes = []
        for label in KEY_PROPERTY:
            open_nodes = self.nodes[label]
            if not open_nodes:
                continue
            needs = None
            if not final:
                current = during and not (
                    self.last_file and ROW_FINAL.get(self.registry or "") == label
                )
                needs = _held(label, self.registry, current)
            if needs is None:
                out = list(open_nodes.values())
                self.nodes[label] = {}
            elif not needs:
                continue
            else:  # the nodes up to the first that lacks a property a later registry may set
                out = []
                for props in open_nodes.values():
                    if any(_prop(props, name) is None for name in needs):
                        break
                    out.append(props)
                if not out:
                    continue
                rest = iter(open_nodes.items())
                for _ in out:
                    next(rest)
                self.nodes[label] = dict(rest)
            self._hand_over(label, out)
            nodes.append((label, out))
        return nodes

    def _hand_over(self, label: str, out: list[Any]) -> None:
        """What stays of nodes handed over (packed or not): their keys; for people, their
        身份证号 hash."""
        key_prop = KEY_PROPERTY[label]
        self._written.mark_written(label, (_prop(props, key_prop) for props in out))
        if label != "Person":
            return
        best = self._hash_best
        for props in out:
            id_hash = _prop(props, "id_hash")
            if id_hash is None:
                continue
            pid = _prop(props, "pid")
            self._unhash(id_hash, pid)
            person_id = _prop(props, "person_id")
            if person_id is not None:
                self._written_cadres.add(pid)
            hash_key = _hash_key(id_hash)
            known = best.get(hash_key)
            if known is None or canonical_key(person_id, pid) < canonical_key(
                "" if known in self._written_cadres else None, known
            ):
                best[hash_key] = pid

    def check_order(self, registry: str) -> None:
        """A registry whose rows come after a node of a label it changes was handed over (the
        files are planned in the load order, so this never happens): refused, not written
        wrong."""
        for label, change in CHANGES.get(registry, {}).items():
            if change is SETS and self._written.any_written(label):
                raise RuntimeError(
                    f"{registry} changes {label} nodes already written out: the registries "
                    "must come in the load order"
                )


# --- one function per registry: a shaped row into the graph, returning its outcome ----------


def _unpacked(nodes: list[tuple[str, list[Any]]]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(label, properties as a dict) of nodes taken out (`BulkGraph._take_nodes`), each made
    a dict only when reached, and let go once past."""
    for label, out in nodes:
        for place, props in enumerate(out):
            out[place] = None
            yield label, _unpack(props)


def _outcome(props: dict[str, Any], created_now: bool, h: str) -> str:
    before = props.get("row_hash")
    if before is None:
        return "created"
    return "unchanged" if before == h else "updated"


def _node_row(
    graph: BulkGraph, label: str, key: Any, row: dict[str, Any], fixed: dict[str, Any]
) -> tuple[str, dict[str, Any], bool]:
    """The `nodes` pattern: MERGE, outcome by row_hash, and unless unchanged (with no new
    provenance) `SET n += props, <fixed>, row_hash, sources`. Returns (outcome, node, set?)."""
    props, created = graph.merge_node(label, key)
    outcome = _outcome(props, created, row["h"])
    if outcome == "unchanged" and not _new_sources(props, row["srcs"]):
        return outcome, props, False
    values = {**row["props"], **fixed, "row_hash": row["h"]}
    if label == "Person":
        for name, value in values.items():
            graph.set_person(props, name, value)
    else:
        for name, value in values.items():  # _set, inlined: it runs for every property
            if value is None:
                props.pop(name, None)
            else:
                props[name] = value
    _grow(props, row["srcs"])
    return outcome, props, True


def _rel_row(props: dict[str, Any], row: dict[str, Any]) -> str:
    """The relationship pattern: outcome by row_hash, `SET r += props, row_hash, sources`."""
    outcome = _outcome(props, False, row["h"])
    if outcome != "unchanged" or _new_sources(props, row["srcs"]):
        for name, value in row["props"].items():  # _set, inlined
            if value is None:
                props.pop(name, None)
            else:
                props[name] = value
        props["row_hash"] = row["h"]
        _grow(props, row["srcs"])
    return outcome


def _link(
    graph: BulkGraph,
    rtype: str,
    n: NodeRef,
    label: str,
    key: Any,
    row: dict[str, Any],
    extra: dict[str, Any] | None = None,
    incoming: bool = False,
) -> None:
    """`MATCH (t:Label {key}) MERGE (n)-[r:TYPE]->(t) SET <extra>, r.sources = …`."""
    if graph.node(label, key) is None:
        return
    target: NodeRef = (label, key)
    start, end = (target, n) if incoming else (n, target)
    props, _ = graph.merge_rel(rtype, start, end, owner=n)
    for name, value in (extra or {}).items():
        _set(props, name, value)
    _grow(props, row["srcs"])


def _stub_company(graph: BulkGraph, uscc: str, invalid: Any, srcs: list[str]) -> None:
    """`MERGE (c:Company {uscc}) ON CREATE SET c.in_registry = false, c.id_invalid, c.sources`."""
    props, created = graph.merge_node("Company", uscc)
    if created:
        props["in_registry"] = False
        _set(props, "id_invalid", invalid)
        props["sources"] = list(srcs)


def _company_person(
    graph: BulkGraph, pid: str, name: Any, fields: tuple[Any, Any, Any, Any], srcs: list | None
) -> dict[str, Any]:
    """`MERGE (p:Person {pid}) ON CREATE SET origin 'company', name, id_hash, id_masked,
    id_invalid, id_number[, sources]`."""
    props, created = graph.merge_node("Person", pid)
    if created:
        props["origin"] = "company"
        _set(props, "name", name)
        for prop, value in zip(
            ("id_hash", "id_masked", "id_invalid", "id_number"), fields, strict=True
        ):
            graph.set_person(props, prop, value)
        if srcs is not None:
            props["sources"] = list(srcs)
    return props


def units_nodes(graph: BulkGraph, row: dict[str, Any]) -> str:
    return _node_row(graph, "Unit", row["unit_id"], row, {})[0]


def units_rels(graph: BulkGraph, row: dict[str, Any]) -> None:
    if graph.node("Unit", row["unit_id"]) is None:
        return
    n: NodeRef = ("Unit", row["unit_id"])
    parent = row.get("parent_id")
    graph.delete_rels("PART_OF", n, lambda k: parent is not None and k[2][1] == parent)
    if parent is None or graph.node("Unit", parent) is None:
        return
    props, _ = graph.merge_rel("PART_OF", n, ("Unit", parent))
    if _new_sources(props, row["srcs"]):
        _grow(props, row["srcs"])


def people(graph: BulkGraph, row: dict[str, Any]) -> str:
    fixed = {"person_id": row["person_id"], "origin": "people"}
    return _node_row(graph, "Person", row["person_id"], row, fixed)[0]


def _cadre_rel(graph: BulkGraph, rtype: str, row: dict[str, Any], disc: tuple) -> str | None:
    if graph.node("Person", row["person_id"]) is None:
        return None
    if graph.node("Unit", row["unit_id"]) is None:
        return None
    start: NodeRef = ("Person", row["person_id"])
    props, _ = graph.merge_rel(rtype, start, ("Unit", row["unit_id"]), disc)
    return _rel_row(props, row)


def posts(graph: BulkGraph, row: dict[str, Any]) -> str | None:
    disc = (("title", row["title"]), ("start_date", row["start_date"]))
    return _cadre_rel(graph, "HOLDS_POST", row, disc)


def duties(graph: BulkGraph, row: dict[str, Any]) -> str | None:
    return _cadre_rel(graph, "IN_CHARGE_OF", row, (("start_date", row["start_date"]),))


def family(graph: BulkGraph, row: dict[str, Any]) -> str | None:
    if graph.node("Person", row["person_id"]) is None:
        return None
    found = graph.person_by_hash(row["rel_hash"])
    rpid = next(v for v in (row["relative_id"], found, row["rel_pid"]) if v is not None)
    p, created = graph.merge_node("Person", rpid)
    if created:
        p["origin"] = "family"
        _set(p, "name", row["relative_name"])
    start: NodeRef = ("Person", row["person_id"])
    r, _ = graph.merge_rel(
        "HAS_RELATIVE", start, ("Person", rpid), (("relation", row["relation"]),)
    )
    outcome = _outcome(r, False, row["h"])
    if outcome != "unchanged" or _new_sources(r, row["srcs"]):
        for name, value in row["props"].items():
            _set(r, name, value)
        r["row_hash"] = row["h"]
        _grow(r, row["srcs"])
        for prop, value in (
            ("name", row["relative_name"]),
            ("id_hash", row["rel_hash"]),
            ("id_masked", row["rel_masked"]),
            ("id_invalid", row["rel_invalid"]),
            ("id_number", row["rel_number"]),
        ):
            graph.set_person(p, prop, p.get(prop) if p.get(prop) is not None else value)
        _grow(p, row["srcs"])
    return outcome


def companies(graph: BulkGraph, row: dict[str, Any]) -> str:
    outcome, n, did = _node_row(graph, "Company", row["uscc"], row, {"in_registry": True})
    if not did:
        return outcome
    found = graph.person_by_hash(row["rep_hash"])
    rpid = found if found is not None else row["rep_pid"]
    here: NodeRef = ("Company", row["uscc"])
    date, by = graph.change["change_date"], graph.change["change_by"]
    reps = graph.indexed_rels("LEGAL_REP_OF", here)
    for key in reps:  # a changed legal representative: the former one ends
        x = graph.rels[key]
        if (rpid is None or key[1][1] != rpid) and x.get("ended_on") is None:
            x["ended_on"], x["ended_by"] = date, by
            if x.get("end_date") is None:
                x["end_date"], x["end_date_by_snapshot"] = date, True
    if rpid is None:
        return outcome
    fields = (row["rep_hash"], row["rep_masked"], row["rep_invalid"], row["rep_number"])
    p = _company_person(graph, rpid, row["rep_name"], fields, None)
    replaces = any(key[1][1] != rpid for key in reps)
    r, created = graph.merge_rel("LEGAL_REP_OF", ("Person", rpid), here)
    if created and replaces:
        r["start_date"] = date
    _grow(r, row["srcs"])
    _grow(p, row["srcs"])
    if r.get("ended_on") is not None:  # a former representative again: starts again
        r["ended_periods"] = [*r.get("ended_periods", []), f"{r['ended_on']}/{date}"]
        del r["ended_on"], r["ended_by"]
        if r.get("end_date_by_snapshot"):
            del r["end_date"], r["end_date_by_snapshot"]
    return outcome


def _holder_person(graph: BulkGraph, row: dict[str, Any], prefix: str, name: Any) -> str:
    found = graph.person_by_hash(row[f"{prefix}_hash"])
    pid = found if found is not None else row[f"{prefix}_pid"]
    fields = (
        row[f"{prefix}_hash"],
        row[f"{prefix}_masked"],
        row[f"{prefix}_invalid"],
        row[f"{prefix}_number"],
    )
    _company_person(graph, pid, name, fields, row["srcs"])
    return pid


def shareholders(graph: BulkGraph, row: dict[str, Any]) -> str:
    _stub_company(graph, row["uscc"], row["uscc_invalid"], row["srcs"])
    if row["holder_kind"] == "company":
        h, created = graph.merge_node("Company", row["holder_uscc"])
        if created:
            h["in_registry"] = False
            _set(h, "name", row["holder_name"])
            _set(h, "id_invalid", row["holder_invalid"])
            h["sources"] = list(row["srcs"])
        if graph.lacks(h, "name"):
            _set(h, "name", row["holder_name"])
        holder: NodeRef = ("Company", row["holder_uscc"])
    else:
        holder = ("Person", _holder_person(graph, row, "holder", row["holder_name"]))
    r, _ = graph.merge_rel("SHAREHOLDER_OF", holder, ("Company", row["uscc"]))
    return _rel_row(r, row)


def officers(graph: BulkGraph, row: dict[str, Any]) -> str:
    _stub_company(graph, row["uscc"], row["uscc_invalid"], row["srcs"])
    pid = _holder_person(graph, row, "off", row["name"])
    disc = (("role", row["role"]),)
    r, _ = graph.merge_rel("OFFICER_OF", ("Person", pid), ("Company", row["uscc"]), disc)
    return _rel_row(r, row)


# Event-like registries: (label, key column, types deleted when the row is updated, links).
# A link: (type, target label, column, extra properties, incoming).
_Link = tuple[str, str, str, dict[str, Any] | None]
EVENTS: dict[str, tuple[str, str, frozenset[str], tuple[_Link, ...]]] = {
    "appointments": (
        "Appointment",
        "appointment_id",
        frozenset({"APPOINTEE", "TO_UNIT", "FROM_UNIT", "NOMINATED_BY"}),
        (
            ("APPOINTEE", "Person", "person_id", None),
            ("TO_UNIT", "Unit", "to_unit_id", None),
            ("FROM_UNIT", "Unit", "from_unit_id", None),
            ("NOMINATED_BY", "Person", "nominator_id", None),
        ),
    ),
    "supervision": (
        "SupervisionEvent",
        "event_id",
        frozenset({"CONDUCTED_BY", "CONDUCTED_BY_UNIT", "TARGET", "TARGET_UNIT"}),
        (
            ("CONDUCTED_BY", "Person", "by_person_id", None),
            ("CONDUCTED_BY_UNIT", "Unit", "by_unit_id", None),
            ("TARGET", "Person", "target_person_id", None),
            ("TARGET_UNIT", "Unit", "target_unit_id", None),
        ),
    ),
    "contracts": (
        "Contract",
        "contract_id",
        frozenset({"BUYER", "SUPPLIER"}),
        (("BUYER", "Unit", "buyer_unit_id", None),),
    ),
    "complaints": (
        "Complaint",
        "complaint_id",
        frozenset({"ABOUT", "ABOUT_UNIT", "NAMES_COMPANY"}),
        (
            ("ABOUT", "Person", "subject_person_id", {"match": "id", "confidence": 1.0}),
            ("ABOUT_UNIT", "Unit", "subject_unit_id", None),
        ),
    ),
    "problems": (
        "Problem",
        "problem_id",
        frozenset({"FOUND_IN", "RESPONSIBLE_UNIT", "RESPONSIBLE_PERSON"}),
        (
            ("FOUND_IN", "SupervisionEvent", "event_id", None),
            ("RESPONSIBLE_UNIT", "Unit", "unit_id", None),
            ("RESPONSIBLE_PERSON", "Person", "person_id", None),
        ),
    ),
    "sanctions": (
        "Sanction",
        "sanction_id",
        frozenset({"SANCTIONED"}),
        (("SANCTIONED", "Person", "person_id", None),),
    ),
    "interventions": (
        "Intervention",
        "record_id",
        frozenset({"INTERVENED", "CONCERNS_UNIT", "NAMES_COMPANY"}),
        (
            ("INTERVENED", "Person", "person_id", None),
            ("CONCERNS_UNIT", "Unit", "unit_id", None),
        ),
    ),
    "decisions": (
        "Decision",
        "decision_id",
        frozenset({"AT_UNIT", "SPOKE_IN"}),
        (("AT_UNIT", "Unit", "unit_id", None),),
    ),
    "tasks": (
        "Task",
        "task_id",
        frozenset({"LED_BY", "SUPPORTED_BY", "RESPONSIBLE_PERSON"}),
        (
            ("LED_BY", "Unit", "lead_unit_id", None),
            ("RESPONSIBLE_PERSON", "Person", "person_id", None),
        ),
    ),
}


def _event(registry: str) -> Callable[[BulkGraph, dict[str, Any]], str]:
    label, key_column, deleted, links = EVENTS[registry]

    def write(graph: BulkGraph, row: dict[str, Any]) -> str:
        key = row[key_column]
        outcome, _, did = _node_row(graph, label, key, row, {})
        if not did:
            return outcome
        n: NodeRef = (label, key)
        if outcome == "updated":
            graph.delete_owned(n, deleted)
        # the Cypher's CALL blocks, in the file's order
        for rtype, target, column, extra in links:
            _link(graph, rtype, n, target, row.get(column), row, extra)
            if registry == "contracts" and rtype == "BUYER":
                _stub_company(graph, row["supplier_uscc"], row["supplier_invalid"], row["srcs"])
                props, _ = graph.merge_rel(
                    "SUPPLIER", n, ("Company", row["supplier_uscc"]), owner=n
                )
                _grow(props, row["srcs"])
            if registry == "tasks" and rtype == "LED_BY":
                for unit_id in row.get("support_unit_ids") or []:
                    _link(graph, "SUPPORTED_BY", n, "Unit", unit_id, row)
        if registry in ("complaints", "interventions"):
            for company in row.get("usccs") or []:
                _stub_company(graph, company["uscc"], company["invalid"], row["srcs"])
                props, _ = graph.merge_rel(
                    "NAMES_COMPANY", n, ("Company", company["uscc"]), owner=n
                )
                props["match"] = "id"
                _grow(props, row["srcs"])
        if registry == "decisions":
            for i, pid in enumerate(row.get("speaking_order") or []):
                if graph.node("Person", pid) is None:
                    continue
                props, _ = graph.merge_rel("SPOKE_IN", ("Person", pid), n, owner=n)
                props["order"] = i + 1
                _grow(props, row["srcs"])
        return outcome

    return write


# registry -> its steps, each run over every row of a chunk before the next (as write.py does)
STEPS: dict[str, tuple[Callable[[BulkGraph, dict[str, Any]], str | None], ...]] = {
    "units": (units_nodes, units_rels),
    "people": (people,),
    "posts": (posts,),
    "duties": (duties,),
    "family": (family,),
    "companies": (companies,),
    "shareholders": (shareholders,),
    "officers": (officers,),
    **{name: (_event(name),) for name in EVENTS},
}


# What a registry's rows do to an existing node of a label (the Cypher's SET on a node it
# MERGEs or MATCHes): SETS its properties or grows its sources, or sets some properties only
# where missing (`IfNull`). A label a registry only MATCHes, or MERGEs with ON CREATE only,
# is not listed: an existing node of it stays as it is. `flush` hands a label's nodes over
# once no registry later in the load order changes them.
SETS = "sets"


@dataclass(frozen=True)
class IfNull:
    names: tuple[str, ...]


CHANGES: dict[str, dict[str, str | IfNull]] = {
    "units": {"Unit": SETS},
    "people": {"Person": SETS},
    # a relative's name and 身份证号 where missing, and its sources
    "family": {"Person": SETS},
    # the legal representative's sources
    "companies": {"Company": SETS, "Person": SETS},
    # a holder company's name where missing (the stubs are ON CREATE)
    "shareholders": {"Company": IfNull(("name",))},
    **{name: {label: SETS} for name, (label, *_) in EVENTS.items()},
}


# Registries whose every row SETs the node it is keyed by (unique in a file: validate.py) and
# writes only relationships of that node: in the last file of the registry, that node and
# those relationships are final once the row is applied. `companies`: the Company, its
# LEGAL_REP_OF (the legal representative Person's sources still grow).
ROW_FINAL = {"companies": "Company"}
# Registries with millions of relationships that no statement deletes or reads but the MERGE
# of a later row: kept out of memory between chunks (`_Spill`) until the registry is done.
SPILLED = frozenset({"shareholders", "officers"})


def _held(label: str, registry: str | None, current: bool = False) -> tuple[str, ...] | None:
    """After `registry`'s rows (`current`: during them): None when no later registry changes
    the label's nodes (all can be handed over); else the properties a node must carry to be
    handed over (empty: none can)."""
    after = REGISTRIES[registry].order if registry in REGISTRIES else 0
    if current:
        after -= 1
    needs: tuple[str, ...] | None = None
    for name, changes in CHANGES.items():
        change = changes.get(label)
        if change is None or REGISTRIES[name].order <= after:
            continue
        if not isinstance(change, IfNull):
            return ()
        needs = (*(needs or ()), *change.names)
    return needs


def apply_rows(graph: BulkGraph, registry: str, rows: list[dict[str, Any]]) -> Outcomes:
    """One chunk of a registry's shaped rows, step after step; the first step's outcomes."""
    if graph.registry != registry:
        graph.check_order(registry)
        graph.registry = registry
    counts = Outcomes()
    for index, step in enumerate(STEPS[registry]):
        for row in rows:
            outcome = step(graph, row)
            if index == 0 and outcome is not None:
                counts.add(outcome)
    graph.stream()
    return counts
