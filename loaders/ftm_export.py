"""FollowTheMoney export: the graph as FtM entities, streamed as JSON lines.

Units -> PublicBody, persons -> Person (the masked 身份证号 only, never the clear number),
companies -> Company, HOLDS_POST -> Position + Occupancy, HAS_RELATIVE -> Family,
SHAREHOLDER_OF -> Ownership, OFFICER_OF / LEGAL_REP_OF -> Directorship, contracts ->
Contract + ContractAward. Each kind is read a page at a time (keyset pagination on the
node key, loaders/cypher/ftm_export_*.cypher), so a province-scale graph is never held in
memory; only the ids of Positions already written are remembered (a few per unit).

Registry fields FtM has no property for travel in the entity's top-level `oversight`
object (FtM tools keep unknown top-level keys), so that `oversight load` of an export gives
back the same graph. docs/ftm.md lists the mapping.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from datetime import date
from functools import cache
from pathlib import Path
from typing import IO, Any

from followthemoney import model
from followthemoney.proxy import EntityProxy
from followthemoney.types import registry as ftm_types

from graph.cypherfiles import read_cypher
from graph.db import Database, to_native
from graph.outfiles import open_private
from loaders.ftm_mapping import ftm_mapping
from loaders.ftm_read import CONTEXT_KEY
from loaders.ftm_vocab import (
    KEPT_LISTS,
    KEPT_SINGLE,
    POSITION_KEPT,
    SYNTHETIC_PREFIX,
)
from loaders.values import birth_month, check_uscc, mask_id_number
from loaders.write import Step, parse_steps

PAGE_SIZE = 5000
KINDS = (
    "units",
    "people",
    "companies",
    "posts",
    "family",
    "shareholders",
    "officers",
    "contracts",
)
LEGAL_REP = "法定代表人"


@cache
def _query(kind: str) -> Step:
    if kind not in KINDS:
        raise KeyError(f"no FtM export for {kind!r}")
    name = f"ftm_export_{kind}"
    (step,) = parse_steps(read_cypher(f"loaders/cypher/{name}"), f"{name}.cypher")
    return step


def entity_id(prefix: str, *parts: Any) -> str:
    """An FtM id for a graph key: the key itself when it is a valid FtM id (so that ids
    an FtM file brought in go back out unchanged), else prefix + a hash of the parts."""
    if len(parts) == 1 and isinstance(parts[0], str) and ftm_types.entity.validate(parts[0]):
        return parts[0]
    text = "\x1f".join("" if p is None else str(p) for p in parts)
    return f"{prefix}-{hashlib.sha1(text.encode('utf-8')).hexdigest()[:24]}"


def person_ref(pid: str) -> str:
    return entity_id("person", pid)


def company_ref(uscc: str) -> str:
    if uscc.startswith(SYNTHETIC_PREFIX):
        rest = uscc[len(SYNTHETIC_PREFIX) :]
        if ftm_types.entity.validate(rest):
            return rest  # read back as FTM:<id>, the same key
    return entity_id("company", uscc)


def unit_ref(unit_id: str) -> str:
    return entity_id("unit", unit_id)


def company_id(uscc: str, ftm_id: str | None) -> str:
    """A company's FtM id: the id it came in with (kept exactly, case included), else one
    made from its key."""
    return ftm_id if ftm_id else company_ref(uscc)


def kept(registry: str, stored: dict[str, Any] | None) -> dict[str, Any]:
    """The FtM properties of loaders/ftm_vocab.py's mapping, from the stored graph properties."""
    stored = stored or {}
    out: dict[str, Any] = {}
    for ftm, graph in (*KEPT_LISTS[registry], *KEPT_SINGLE[registry]):
        value = stored.get(graph)
        if value is not None and value != []:
            out[ftm] = value
    return out


def direct(registry: str, row: dict[str, Any]) -> dict[str, Any]:
    """The FtM properties of the columns model/ftm_mapping.yaml maps `direct: true`, from
    the row's registry columns (the same declaration the import reads): dates as ISO, numbers
    without a trailing .0, vocabulary values back in FtM's words."""
    mapping = ftm_mapping()
    out: dict[str, Any] = {}
    for col in mapping.registry(registry).direct:
        value = row.get(col.alias)
        if isinstance(value, list):
            out[col.prop] = value
            continue
        native = to_native(value) if value is not None else None
        if isinstance(native, date):
            out[col.prop] = native.isoformat()
        elif isinstance(native, float | int) and not isinstance(native, bool):
            out[col.prop] = _number(native)
        elif col.vocabulary is not None:
            out[col.prop] = mapping.reverse(col.vocabulary, None if native is None else str(native))
        else:
            out[col.prop] = native
    return out


def context(registry: str, row: dict[str, Any]) -> dict[str, Any]:
    """The registry columns FtM has no property for (the mapping's `context`), for the
    entity's `oversight` object."""
    return {alias: row.get(alias) for alias in ftm_mapping().registry(registry).context}


def _names(row: dict[str, Any], fallback: str) -> Any:
    names = (row.get("node") or {}).get("names")
    return names or row["name"] or fallback


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    native = to_native(value)
    return native.isoformat() if isinstance(native, date) else str(native)


def _number(value: Any) -> str | None:
    if value is None:
        return None
    return f"{value:.2f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)


def _entity(schema: str, entity_id_: str, props: dict[str, Any], extra: dict[str, Any]) -> dict:
    proxy: EntityProxy = model.make_entity(schema)
    proxy.id = entity_id_
    for name, value in props.items():
        if value is None or value == [] or value == "":
            continue
        proxy.add(name, value, cleaned=True)
    data = proxy.to_dict()
    context = {k: v for k, v in extra.items() if v is not None and v != []}
    if context:
        data[CONTEXT_KEY] = context
    return data


# --- one translator per kind: row -> entities ------------------------------------------------


def _unit(row: dict[str, Any]) -> Iterator[dict]:
    schema = "Organization" if (row["node"] or {}).get("ftm_schema") == "Organization" else None
    yield _entity(
        schema or "PublicBody",
        unit_ref(row["unit_id"]),
        {
            **kept("units", row["node"]),
            "name": _names(row, row["unit_id"]),
            **direct("units", row),
            "parent": unit_ref(row["parent_id"]) if row["parent_id"] else None,
        },
        context("units", row),
    )


def _person(row: dict[str, Any]) -> Iterator[dict]:
    yield _entity(
        "Person",
        person_ref(row["pid"]),
        {
            **kept("people", row["node"]),
            "name": _names(row, row["pid"]),
            **direct("people", row),
            # year-month and the region-only mask, even from a graph not yet upgraded
            "birthDate": birth_month(_iso(row["birth_date"])),
            "idNumber": mask_id_number(row["id_masked"]) if row["id_masked"] else None,
        },
        context("people", row),
    )


def _company(row: dict[str, Any]) -> Iterator[dict]:
    uscc = row["uscc"]
    real = not uscc.startswith((SYNTHETIC_PREFIX, "NAME:"))
    valid = real and check_uscc(uscc) is None
    more = kept("companies", row["node"])
    numbers = list(more.pop("registrationNumber", []))
    if real and uscc not in numbers:
        numbers.insert(0, uscc)
    yield _entity(
        "Company",
        company_id(uscc, (row["node"] or {}).get("ftm_id")),
        {
            **more,
            "name": _names(row, uscc),
            "registrationNumber": numbers,
            "uscCode": uscc if valid else None,
            **direct("companies", row),
        },
        context("companies", row),
    )


class _Posts:
    """Positions are (unit, title); each is written once, before its first Occupancy."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def __call__(self, row: dict[str, Any]) -> Iterator[dict]:
        rel = row["rel"] or {}
        position = rel.get("position_id") or entity_id("position", row["unit_id"], row["title"])
        if position not in self.seen:
            self.seen.add(position)
            yield _entity(
                "Position",
                position,
                {
                    "name": row["title"],
                    "organization": unit_ref(row["unit_id"]),
                    **{ftm: rel.get(graph) for ftm, graph in POSITION_KEPT},
                },
                {},
            )
        start = _iso(row["start_date"])
        yield _entity(
            "Occupancy",
            rel.get("ftm_id")
            or entity_id("occupancy", row["pid"], row["unit_id"], row["title"], start),
            {
                **kept("posts", rel),
                "holder": person_ref(row["pid"]),
                "post": position,
                "startDate": start,
                "endDate": _iso(row["end_date"]),
            },
            context("posts", row),
        )


def _family(row: dict[str, Any]) -> Iterator[dict]:
    yield _entity(
        "Family",
        (row["rel"] or {}).get("ftm_id")
        or entity_id("family", row["pid"], row["relative_pid"], row["relation"]),
        {
            **kept("family", row["rel"]),
            "person": person_ref(row["pid"]),
            "relative": person_ref(row["relative_pid"]),
            "relationship": row["relation"],
        },
        context("family", row),
    )


def _ownership(row: dict[str, Any]) -> Iterator[dict]:
    holder = (
        person_ref(row["holder_pid"])
        if row["holder_pid"] is not None
        else company_id(row["holder_uscc"], row["holder_ftm_id"])
    )
    rel = row["rel"] or {}
    asset = company_id(row["uscc"], row["company_ftm_id"])
    yield _entity(
        "Ownership",
        rel.get("ftm_id") or entity_id("ownership", holder, row["uscc"]),
        {
            **kept("shareholders", rel),
            "owner": holder,
            "asset": asset,
            "percentage": _number(row["pct"]) or rel.get("percentage_text"),
            **direct("shareholders", row),
        },
        context("shareholders", row),
    )


def _directorship(row: dict[str, Any]) -> Iterator[dict]:
    rel = row["rel"] or {}
    # a legal representative another replaced keeps its dates (companies.cypher ends it):
    # the import then knows which one is current
    dated = (
        {"startDate": _iso(rel.get("start_date")), "endDate": _iso(rel.get("end_date"))}
        if row["role"] == "法定代表人"
        else {}
    )
    yield _entity(
        "Directorship",
        rel.get("ftm_id") or entity_id("directorship", row["pid"], row["uscc"], row["role"]),
        {
            **kept("officers", rel),
            "director": person_ref(row["pid"]),
            "organization": company_id(row["uscc"], row["company_ftm_id"]),
            "role": row["role"],
            **dated,
        },
        {},
    )


def _currency(node: dict[str, Any] | None) -> str | None:
    """A registry's contract is in yuan; one that came from FtM keeps the currency it came
    with, none when it had none (so that a reload does not add one)."""
    node = node or {}
    if node.get("currency"):
        return node["currency"]
    return None if node.get("ftm_schema") else "CNY"


def _payment(row: dict[str, Any]) -> Iterator[dict]:
    """A subsidy that came in as an FtM Payment goes back out as one."""
    node = row["node"] or {}
    yield _entity(
        "Payment",
        entity_id("payment", row["contract_id"]),
        {
            **kept("contracts", node),
            "payer": unit_ref(row["buyer_unit_id"]) if row["buyer_unit_id"] else None,
            "beneficiary": company_id(row["supplier_uscc"], row["supplier_ftm_id"])
            if row["supplier_uscc"]
            else None,
            "amount": _number(row["amount"]),
            "currency": _currency(node),
            "date": _iso(row["signed_date"]),
            "purpose": row["title"],
        },
        {"category": row["category"]} if row["category"] != "补贴" else {},
    )


def _contract(row: dict[str, Any]) -> Iterator[dict]:
    if (row["node"] or {}).get("ftm_schema") == "Payment":
        yield from _payment(row)
        return
    currency = _currency(row["node"])
    contract = entity_id("contract", row["contract_id"])
    yield _entity(
        "Contract",
        contract,
        {
            "title": row["title"] or row["contract_id"],
            "authority": unit_ref(row["buyer_unit_id"]) if row["buyer_unit_id"] else None,
            "contractDate": _iso(row["signed_date"]),
            "amount": _number(row["amount"]),
            "currency": currency,
            **direct("contracts", row),
            "type": row["category"],
        },
        {},
    )
    if row["supplier_uscc"]:
        yield _entity(
            "ContractAward",
            entity_id("award", contract, "award"),
            {
                "contract": contract,
                "supplier": company_id(row["supplier_uscc"], row["supplier_ftm_id"]),
                "amount": _number(row["amount"]),
                "currency": currency,
            },
            {},
        )


def _translators() -> dict[str, Callable[[dict[str, Any]], Iterator[dict]]]:
    return {
        "units": _unit,
        "people": _person,
        "companies": _company,
        "posts": _Posts(),
        "family": _family,
        "shareholders": _ownership,
        "officers": _directorship,
        "contracts": _contract,
    }


def _pages(db: Database, kind: str, page_size: int) -> Iterator[list[dict[str, Any]]]:
    step = _query(kind)
    after = ""
    while True:
        rows = db.read(step.query, {"after": after, "limit": page_size})
        if not rows:
            return
        yield rows
        after = rows[-1]["key"]


def iter_entities(db: Database, page_size: int = PAGE_SIZE) -> Iterator[dict[str, Any]]:
    """Every exported entity as an FtM dict, kind by kind, a page of rows at a time."""
    translators = _translators()
    for kind in KINDS:
        for rows in _pages(db, kind, page_size):
            for row in rows:
                yield from translators[kind](row)


def export_ftm(db: Database, out: IO[str], page_size: int = PAGE_SIZE) -> dict[str, int]:
    """Write the graph to `out` as FtM JSON lines; returns the count per FtM schema."""
    counts: dict[str, int] = {}
    for data in iter_entities(db, page_size):
        out.write(json.dumps(data, ensure_ascii=False, sort_keys=True))
        out.write("\n")
        counts[data["schema"]] = counts.get(data["schema"], 0) + 1
    return counts


def export_ftm_file(db: Database, path: Path, page_size: int = PAGE_SIZE) -> dict[str, int]:
    """export_ftm into a file (written whole or not at all: a temporary file is renamed),
    readable by its owner only (0600: it holds officials' data)."""
    temporary = path.with_name(path.name + ".part")
    try:
        with open_private(temporary, newline=None) as out:
            counts = export_ftm(db, out, page_size)
        temporary.replace(path)
    finally:
        temporary.unlink(missing_ok=True)
    return counts
