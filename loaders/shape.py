"""Validated records -> the rows the registry's Cypher (loaders/cypher/<registry>.cypher) takes.

Pure functions, no database. Each shaped row carries:
- the columns the Cypher matches or merges on (ids, references) at the top level;
- `props`: the columns stored on the row's node or relationship (`Registry.props`: every
  column the declaration's `feeds:` does not send elsewhere), plus the file's unknown
  columns as `extra_*`;
- computed fields: keyed hashes and masked forms of 身份证号, fallback person ids (`ID:`,
  `NAME:`, `REL:`), check flags. Which person a row names is decided by the identity rules
  (loaders/identity.py, docs/model.md "Person identity"); the shaper only calls them: an `ID:`
  person id is a random surrogate minted once per number and load (`ShapeOptions.surrogates`),
  and the Cypher reuses the node already holding the same hidden `id_hash` (`hash_owner`);
- `h`: a hash of everything the row asserts, stored as `row_hash` on what the row writes, so a
  reload can tell created / updated / unchanged and skip unchanged rows;
- `srcs`: the provenance tags `"<source_id>:<row>"` of the registry rows behind it.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from loaders.identity import company_person_pid, new_surrogate, relative_pid
from loaders.values import (
    birth_month,
    check_id_number,
    check_uscc,
    hash_id_number,
    looks_like_uscc,
    mask_id_number,
    normalise_id_number,
    normalise_uscc,
)
from model.registry import REGISTRIES, Registry, kinship_class


@dataclass(frozen=True)
class ShapeOptions:
    """What the shaper needs besides the records."""

    source_id: str  # first 12 hex of the file's sha256
    id_key: bytes  # key of the 身份证号 HMAC
    store_clear_ids: bool = False
    # id_hash -> surrogate pid minted in this load; shared by every file of one load so that
    # rows naming one number in one write batch land on one node. None: a surrogate minted
    # afresh for each row, for the bulk load: its replay (loaders/bulk_graph.py) takes the
    # person a number already names, by its hash, before a row's pid, so only the first row's
    # surrogate of a number is ever used; one kept per number was ~160 MB of a province load's
    # peak.
    surrogates: dict[str, str] | None = field(default_factory=dict, compare=False)

    # `row_key` (and `row_scope`) on every fact, for snapshot loads of registry files
    fact_keys: bool = False
    # 身份证号 -> (id_hash, id_masked, id_invalid), shared by the chunks and files of one load
    # when given (a number recurs: a holder of several companies, a legal representative also
    # an officer); else each call's own
    id_cache: dict[str, tuple[str, str, bool]] | None = field(default=None, compare=False)
    # leave each new surrogate to be minted later (`mint_deferred`, in row order): rows shaped
    # in another process than the one holding the load's `surrogates` (loaders/bulk.py)
    defer_surrogates: bool = False


def _jsonable(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


# json.dumps(body, sort_keys=True, ensure_ascii=False, default=_jsonable), without building an
# encoder per row: the stored hashes of earlier loads depend on this exact text.
_HASH_ENCODER = json.JSONEncoder(sort_keys=True, ensure_ascii=False, default=_jsonable)


def row_hash(row: dict[str, Any]) -> str:
    """Content hash of a shaped row, ignoring its provenance (`srcs`) and the fallback person
    ids (`*_pid`): those follow from the row's other fields, and a surrogate minted afresh on
    reload must not make an unchanged row look updated."""
    body = {k: v for k, v in row.items() if k not in ("srcs", "h") and not k.endswith("_pid")}
    text = _HASH_ENCODER.encode(body)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=12).hexdigest()


ID_CACHE_SIZE = 1 << 18

# A surrogate left to mint (`ShapeOptions.defer_surrogates`): this prefix, then the id_hash. No
# pid starts with it (registry ids are validated text; the others are `ID:`, `NAME:`, `REL:`).
_DEFERRED = "\x00"

# The row field each shaper (by its name in model/registries.yaml) puts a surrogate in, through
# `_Ids.surrogate`
SURROGATE_FIELDS = {
    "family": "rel_pid",
    "companies": "rep_pid",
    "shareholders": "holder_pid",
    "officers": "off_pid",
}


def mint_deferred(
    registry: str, rows: list[dict[str, Any]], surrogates: dict[str, str] | None
) -> None:
    """Rows shaped with `defer_surrogates`: each deferred pid replaced by the number's
    surrogate in `surrogates`, minted there the first time, in row order (as shaping with
    `surrogates` would have minted them); with None, one minted for each row."""
    name = SURROGATE_FIELDS.get(REGISTRIES[registry].shaper or "")
    if name is None:
        return
    for row in rows:
        pid = row.get(name)
        if pid is not None and pid.startswith(_DEFERRED):
            if surrogates is None:
                row[name] = new_surrogate()
                continue
            id_hash = pid[1:]
            known = surrogates.get(id_hash)
            if known is None:
                known = surrogates[id_hash] = new_surrogate()
            row[name] = known


class _Ids:
    """Hash, mask and check 身份证号 with the options' key (cached: the same number recurs)."""

    def __init__(self, options: ShapeOptions) -> None:
        self.key = options.id_key
        self.clear = options.store_clear_ids
        self._cache = options.id_cache if options.id_cache is not None else {}
        self._surrogates = options.surrogates
        self._defer = options.defer_surrogates

    def surrogate(self, id_hash: str) -> str:
        """The pid for a new node of this number: the same for every row of this load, or
        (`surrogates` None) one for each call."""
        if self._defer:
            return _DEFERRED + id_hash
        if self._surrogates is None:
            return new_surrogate()
        pid = self._surrogates.get(id_hash)
        if pid is None:
            pid = self._surrogates[id_hash] = new_surrogate()
        return pid

    def person(self, value: Any) -> tuple[str | None, str | None, bool | None, str | None]:
        """(id_hash, id_masked, id_invalid, clear number or None) of a cell; all None if empty."""
        if value is None or value == "":
            return None, None, None, None
        number = normalise_id_number(value)
        known = self._cache.get(number)
        if known is None:
            known = (
                hash_id_number(number, self.key),
                mask_id_number(number),
                check_id_number(number) is not None,
            )
            if len(self._cache) >= ID_CACHE_SIZE:
                self._cache.clear()  # bounded: a province has millions of numbers
            self._cache[number] = known
        return known[0], known[1], known[2], number if self.clear else None


# A company key that is not a USCC but `FTM:<entity id>` (an FtM company without one): kept
# exactly, since FtM ids are case-sensitive (loaders/ftm_vocab.py SYNTHETIC_PREFIX).
_SYNTHETIC = "FTM:"


def _uscc(value: Any) -> tuple[str, bool]:
    if isinstance(value, str) and value.startswith(_SYNTHETIC):
        return value, True
    code = normalise_uscc(value)
    return code, check_uscc(code) is not None


# Registry.props is computed on each access; kept per declaration object (the object itself is
# held, so a registry replaced in REGISTRIES is never answered from another's entry)
_PROP_NAMES: dict[int, tuple[Registry, tuple[str, ...]]] = {}


def _prop_names(registry: str) -> tuple[str, ...]:
    reg = REGISTRIES[registry]
    known = _PROP_NAMES.get(id(reg))
    if known is None or known[0] is not reg:
        known = _PROP_NAMES[id(reg)] = (reg, reg.props)
    return known[1]


def _props(registry: str, record: dict[str, Any]) -> dict[str, Any]:
    props = {alias: record.get(alias) for alias in _prop_names(registry)}
    props.update({k: v for k, v in record.items() if k.startswith("extra_")})
    # `_more`: properties a reader other than a registry file brings (the FtM import's kept
    # properties, loaders/ftm_vocab.py), stored under their own names.
    props.update(record.get("_more") or {})
    return props


# json.dumps(values, ensure_ascii=False, default=_jsonable) with one encoder for every row:
# the same text, so the same keys as earlier loads stored.
_FACT_ENCODER = json.JSONEncoder(ensure_ascii=False, default=_jsonable)


@functools.lru_cache(maxsize=8)
def _fact_hmac(key: bytes) -> hmac.HMAC:
    """The HMAC keyed once; each fact copies it (the same digest as hmac.new per fact)."""
    return hmac.new(key, digestmod=hashlib.blake2b)


def fact_key(values: Iterable[Any], key: bytes) -> str:
    """The keyed hash identifying one fact across exports (stored as `row_key`): keyed, since
    a fact's key may hold a 身份证号 (a shareholder's)."""
    text = _FACT_ENCODER.encode(list(values))
    mac = _fact_hmac(key).copy()
    mac.update(text.encode("utf-8"))
    return mac.hexdigest()[:24]


def scope_value(record: dict[str, Any], columns: Iterable[str]) -> str:
    """The subject a snapshot's scope is limited to (`row_scope`), e.g. the reporting cadre."""
    return "|".join("" if record.get(c) is None else str(record.get(c)) for c in columns)


def _finish(row: dict[str, Any], tags: list[str]) -> dict[str, Any]:
    row["h"] = row_hash(row)
    row["srcs"] = tags
    return row


# --- one shaper per registry: (record, ids) -> row without h/srcs -----------------------------


def _plain(key: str, *refs: str) -> Callable[[dict[str, Any], _Ids, str], dict[str, Any]]:
    """Node registries whose non-property columns are passed through unchanged."""

    def shape(record: dict[str, Any], ids: _Ids, registry: str) -> dict[str, Any]:
        row = {key: record[key], **{ref: record.get(ref) for ref in refs}}
        row["props"] = _props(registry, record)
        return row

    return shape


def _people(record: dict[str, Any], ids: _Ids, registry: str) -> dict[str, Any]:
    props = _props(registry, record)
    if "birth_date" in props:
        props["birth_date"] = birth_month(props["birth_date"])
    id_hash, masked, invalid, clear = ids.person(record.get("id_number"))
    if id_hash is not None:
        # only when given: an empty cell must not erase a hash another registry supplied
        props.update(id_hash=id_hash, id_masked=masked, id_invalid=invalid)
        if clear is not None:
            props["id_number"] = clear
    return {"person_id": record["person_id"], "props": props}


def _rel_keyed(*keys: str) -> Callable[[dict[str, Any], _Ids, str], dict[str, Any]]:
    def shape(record: dict[str, Any], ids: _Ids, registry: str) -> dict[str, Any]:
        row = {k: record.get(k) for k in keys}
        row["props"] = _props(registry, record)
        return row

    return shape


def _family(record: dict[str, Any], ids: _Ids, registry: str) -> dict[str, Any]:
    rel_hash, masked, invalid, clear = ids.person(record.get("relative_id_number"))
    name, relation = record["relative_name"], record["relation"]
    fallback = (
        ids.surrogate(rel_hash)
        if rel_hash is not None
        else relative_pid(record["person_id"], name, relation)
    )
    props = _props(registry, record)
    props["kinship"] = kinship_class(relation)
    return {
        "person_id": record["person_id"],
        "relative_id": record.get("relative_id"),
        "relative_name": name,
        "relation": relation,
        "rel_hash": rel_hash,
        "rel_masked": masked,
        "rel_invalid": invalid,
        "rel_number": clear,
        "rel_pid": fallback,
        "props": props,
    }


def _company_person(uscc: str, name: str, id_hash: str | None, ids: _Ids) -> str:
    return ids.surrogate(id_hash) if id_hash is not None else company_person_pid(uscc, name)


def _companies(record: dict[str, Any], ids: _Ids, registry: str) -> dict[str, Any]:
    uscc, invalid = _uscc(record["uscc"])
    props = _props(registry, record)
    props["id_invalid"] = invalid
    rep = record.get("legal_rep")
    rep_hash, masked, rep_invalid, clear = ids.person(record.get("legal_rep_id_number"))
    return {
        "uscc": uscc,
        "props": props,
        "rep_name": rep,
        "rep_hash": rep_hash,
        "rep_masked": masked,
        "rep_invalid": rep_invalid,
        "rep_number": clear,
        "rep_pid": (record.get("_rep_pid") or _company_person(uscc, rep, rep_hash, ids))
        if rep
        else None,
    }


def _shareholders(record: dict[str, Any], ids: _Ids, registry: str) -> dict[str, Any]:
    uscc, invalid = _uscc(record["uscc"])
    name = record["holder_name"]
    row: dict[str, Any] = {
        "uscc": uscc,
        "uscc_invalid": invalid,
        "holder_name": name,
        "props": _props(registry, record),
    }
    holder_id = record.get("holder_id")
    if record["holder_type"] == "企业":
        # A corporate holder without a code is known by its name only (docs/model.md).
        code, code_invalid = _uscc(holder_id) if holder_id else (f"NAME:{name}", None)
        row.update(holder_kind="company", holder_uscc=code, holder_invalid=code_invalid)
        row.update(holder_hash=None, holder_masked=None, holder_number=None, holder_pid=None)
    else:
        holder_hash, masked, id_invalid, clear = ids.person(holder_id)
        row.update(holder_kind="person", holder_uscc=None, holder_invalid=id_invalid)
        row.update(holder_hash=holder_hash, holder_masked=masked, holder_number=clear)
        # `_pid`: the holder is a known person (an FtM entity id is an identity in its file)
        row["holder_pid"] = record.get("_pid") or _company_person(uscc, name, holder_hash, ids)
    return row


def _officers(record: dict[str, Any], ids: _Ids, registry: str) -> dict[str, Any]:
    uscc, invalid = _uscc(record["uscc"])
    off_hash, masked, id_invalid, clear = ids.person(record.get("id_number"))
    return {
        "uscc": uscc,
        "uscc_invalid": invalid,
        "name": record["name"],
        "role": record["role"],
        "off_hash": off_hash,
        "off_masked": masked,
        "off_invalid": id_invalid,
        "off_number": clear,
        "off_pid": record.get("_pid") or _company_person(uscc, record["name"], off_hash, ids),
        "props": _props(registry, record),
    }


def _contracts(record: dict[str, Any], ids: _Ids, registry: str) -> dict[str, Any]:
    uscc, invalid = _uscc(record["supplier_uscc"])
    return {
        "contract_id": record["contract_id"],
        "buyer_unit_id": record["buyer_unit_id"],
        "supplier_uscc": uscc,
        "supplier_invalid": invalid,
        "props": _props(registry, record),
    }


def split_companies(items: Iterable[str] | None) -> tuple[list[dict[str, Any]], list[str]]:
    """涉及企业: codes (looking like a USCC) and names, kept apart."""
    codes: list[dict[str, Any]] = []
    names: list[str] = []
    for item in items or ():
        if looks_like_uscc(item):
            code, invalid = _uscc(item)
            if all(c["uscc"] != code for c in codes):
                codes.append({"uscc": code, "invalid": invalid})
        elif item not in names:
            names.append(item)
    return codes, names


def _complaints(record: dict[str, Any], ids: _Ids, registry: str) -> dict[str, Any]:
    codes, names = split_companies(record.get("companies"))
    props = _props(registry, record)
    props["company_names"] = names or None
    return {
        "complaint_id": record["complaint_id"],
        "subject_person_id": record.get("subject_person_id"),
        "subject_unit_id": record.get("subject_unit_id"),
        "usccs": codes,
        "props": props,
    }


def _interventions(record: dict[str, Any], ids: _Ids, registry: str) -> dict[str, Any]:
    codes, names = split_companies(record.get("companies"))
    props = _props(registry, record)
    props["company_names"] = names or None
    return {
        "record_id": record["record_id"],
        "person_id": record["person_id"],
        "unit_id": record.get("unit_id"),
        "usccs": codes,
        "props": props,
    }


def _decisions(record: dict[str, Any], ids: _Ids, registry: str) -> dict[str, Any]:
    return {
        "decision_id": record["decision_id"],
        "unit_id": record["unit_id"],
        "speaking_order": list(record.get("speaking_order") or []),
        "props": _props(registry, record),
    }


def _tasks(record: dict[str, Any], ids: _Ids, registry: str) -> dict[str, Any]:
    return {
        "task_id": record["task_id"],
        "lead_unit_id": record["lead_unit_id"],
        "support_unit_ids": list(record.get("support_unit_ids") or []),
        "person_id": record.get("person_id"),
        "props": _props(registry, record),
    }


# The shapers a registry names in its declaration (`shaper:` in model/registries.yaml), for
# rows that need more than `_plain` over their key and the columns `feeds:` sends elsewhere
# (hashed identity numbers, fallback person ids, lists). Every other registry is shaped by
# `shaper_for` from its declaration alone, so a column added to it reaches its Cypher
# without an edit here.
SHAPERS: dict[str, Callable[[dict[str, Any], _Ids, str], dict[str, Any]]] = {
    "people": _people,
    "posts": _rel_keyed("person_id", "unit_id", "title", "start_date"),
    "duties": _rel_keyed("person_id", "unit_id", "start_date"),
    "family": _family,
    "companies": _companies,
    "shareholders": _shareholders,
    "officers": _officers,
    "contracts": _contracts,
    "complaints": _complaints,
    "interventions": _interventions,
    "decisions": _decisions,
    "tasks": _tasks,
}


def shaper_for(registry: str) -> Callable[[dict[str, Any], _Ids, str], dict[str, Any]]:
    """The registry's shaper: the one its declaration names, else `_plain` over its key
    (first) and the other columns its declaration `feeds:` elsewhere (units: unit_id,
    parent_id)."""
    reg = REGISTRIES[registry]
    if reg.shaper is not None:
        return SHAPERS[reg.shaper]
    key = reg.key[0]
    return _plain(key, *(alias for alias in reg.fed if alias != key))


def _merge_key(registry: str, row: dict[str, Any]) -> tuple[Any, ...] | None:
    """Rows that write the same relationship: family rows naming one relative over several
    report years (the registry key includes the year, the HAS_RELATIVE does not)."""
    if registry != "family":
        return None
    relative = row["relative_id"] or row["rel_hash"] or row["relative_name"]
    return (row["person_id"], relative, row["relation"])


def shape_records(
    registry: str, records: Iterable[dict[str, Any]], options: ShapeOptions
) -> list[dict[str, Any]]:
    """The Cypher rows for a registry's validated records (dicts keyed by alias, with `_row`)."""
    if registry not in REGISTRIES:
        raise KeyError(f"unknown registry {registry!r}")
    shaper = shaper_for(registry)
    ids = _Ids(options)
    rows: list[dict[str, Any]] = []
    merged: dict[tuple[Any, ...], int] = {}
    reg = REGISTRIES[registry]
    for record in records:
        row = shaper(record, ids, registry)
        if record.get("_ftm_id"):
            # keys the relationship when the registry key cannot (loaders/cypher/*.cypher)
            row["ftm_id"] = record["_ftm_id"]
        tag = f"{options.source_id}:{record.get('_row', '?')}"
        key = _merge_key(registry, row)
        if options.fact_keys:
            identity = key if key is not None else tuple(record.get(c) for c in reg.fact_key)
            row["props"]["row_key"] = fact_key(identity, options.id_key)
            if reg.snapshot.scope:
                row["props"]["row_scope"] = scope_value(record, reg.snapshot.scope)
        if key is not None and key in merged:
            earlier = rows[merged[key]]
            tags = [*earlier["srcs"], tag]
            # the latest report wins; the earlier one stays in the provenance
            newer = (row["props"].get("report_year") or 0) >= (
                earlier["props"].get("report_year") or 0
            )
            kept = row if newer else {k: v for k, v in earlier.items() if k not in ("h", "srcs")}
            rows[merged[key]] = _finish(kept, tags)
            continue
        if key is not None:
            merged[key] = len(rows)
        rows.append(_finish(row, [tag]))
    return rows
