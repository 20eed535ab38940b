"""Scales of the sample: a city (one block that reproduces the report's figures), a county and
a province (many blocks, streamed to disk block by block so that memory stays flat).

A block is a complete city with its own units, cadres, companies and planted cases; larger
scales are more blocks with more background companies each, so the planted cases scale with
the data and every block's figures are the report's.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sample import background as bg
from sample.cases import plant_cases
from sample.city import AS_OF, FIGURES, WINDOW_START, Block, build_structure
from sample.ids import IdFactory
from sample.places import COUNTIES
from sample.writer import SampleWriter


@dataclass(frozen=True)
class Scale:
    name: str
    blocks: int
    companies_per_block: int
    contracts_per_block: int


SCALES = {
    "city": Scale("city", 1, 10_000, 2_000),
    "county": Scale("county", 4, 25_000, 3_000),
    "province": Scale("province", 36, 27_800, 3_000),
}


def build_block(index: int, seed: int, ids: IdFactory, companies: int, contracts: int) -> Block:
    """One city, background and planted cases, in memory."""
    b = Block(index, seed, COUNTIES[index % len(COUNTIES)], ids)
    build_structure(b)
    holder = plant_cases(b)
    b.power_holder = holder
    bg.add_families(b)
    bg.add_companies(b, companies)
    bg.add_contracts(b, contracts)
    bg.add_supervision(b)
    bg.add_decisions(b)
    bg.add_appointments(b)
    bg.add_complaints(b)
    bg.fill_sanctions(b)
    bg.fill_tasks(b)
    return b


def write_sample(out: Path, scale: str = "city", seed: int = 1, *, blocks: int | None = None,
                 companies_per_block: int | None = None,
                 progress: Callable[[str], None] | None = None) -> dict[str, Any]:  # fmt: skip
    """Write every registry of the sample to `out` and its ground truth to `out/_truth.json`;
    returns the truth."""
    spec = SCALES[scale]
    n_blocks = blocks or spec.blocks
    companies = companies_per_block or spec.companies_per_block
    contracts = min(spec.contracts_per_block, max(50, companies // 5))
    out.mkdir(parents=True, exist_ok=True)
    ids = IdFactory()
    totals: dict[str, int] = {}
    categories: set[str] = set()
    cases: list[dict[str, Any]] = []
    holders: list[str] = []
    invalid: dict[str, list[str]] = {"id_number": [], "uscc": []}
    relationships = 0
    started = time.monotonic()
    with SampleWriter(out, scale) as writer:
        for index in range(n_blocks):
            b = build_block(index, seed, ids, companies, contracts)
            writer.write_block(b.rows)
            relationships += count_relationships(b.rows)
            figures = bg.figures(b.rows)
            for key, value in figures.items():
                totals[key] = totals.get(key, 0) + value
            categories |= {t["category"] for t in b.rows["tasks"]}
            cases.extend(b.cases)
            holders.append(b.power_holder)
            for kind, values in b.invalid_ids.items():
                invalid[kind].extend(values)
            if progress:
                progress(f"第 {index + 1}/{n_blocks} 个城市已写出 (block written) "
                         f"{time.monotonic() - started:.0f}s")  # fmt: skip
            del b
    totals["任务类别"] = len(categories)
    if n_blocks == 1:
        assert totals == FIGURES, totals
    positives: dict[str, int] = {}
    for c in cases:
        if c["positive"] and c["subject_kind"] == "person":
            positives[c["subject_id"]] = positives.get(c["subject_id"], 0) + 1
    truth = {
        "scale": scale,
        "seed": seed,
        "as_of": AS_OF.isoformat(),
        "figures": totals,
        "power_holder": holders[0],
        "multi_risk_leaders": sorted(p for p, n in positives.items() if n >= 3),
        "cases": cases,
    }
    (out / "_truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), "utf-8")
    side = {"as_of": AS_OF.isoformat(), "window_start": WINDOW_START.isoformat(),
            "power_holders": holders, "invalid_ids": invalid, "rows": writer.counts,
            "people_and_relatives": writer.counts["people"] + writer.counts["family"],
            "relationships": relationships,
            "note": "故意写错校验位的身份证号和统一社会信用代码 (deliberately invalid check characters)"}  # fmt: skip
    (out / "_invalid_ids.json").write_text(json.dumps(side, ensure_ascii=False, indent=1), "utf-8")
    return truth


# columns whose values become relationships in the graph (docs/model.md), per registry
_REL_COLUMNS = {
    "units": ("parent_id",), "posts": ("unit_id",), "duties": ("unit_id",),
    "family": ("person_id",), "companies": ("legal_rep",), "shareholders": ("uscc",),
    "officers": ("uscc",), "contracts": ("buyer_unit_id", "supplier_uscc"),
    "appointments": ("person_id", "to_unit_id", "from_unit_id", "nominator_id"),
    "complaints": ("subject_person_id", "subject_unit_id", "companies"),
    "supervision": ("by_person_id", "by_unit_id", "target_person_id", "target_unit_id"),
    "problems": ("event_id", "unit_id", "person_id"), "sanctions": ("person_id",),
    "interventions": ("person_id", "companies", "unit_id"), "decisions": ("unit_id", "speaking_order"),
    "tasks": ("lead_unit_id", "support_unit_ids", "person_id"),
}  # fmt: skip


def count_relationships(rows: dict[str, list[dict[str, Any]]]) -> int:
    """How many relationships the rows assert (one per reference; a list counts each item)."""
    total = 0
    for name, columns in _REL_COLUMNS.items():
        for row in rows[name]:
            for column in columns:
                value = row.get(column)
                total += len(value) if isinstance(value, list) else int(bool(value))
    return total
