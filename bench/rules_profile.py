"""Database hits of rules (PROFILE) on a running benchmark server: a figure that does not depend
on how busy the machine is, to compare two shapes of a rule on the shared machine.

    .venv/bin/python bench/rules_bench.py --scale county --home /tmp/rb-county --keep
    PYTHONPATH=$PWD .venv/bin/python bench/rules_profile.py --home /tmp/rb-county COI-1 COI-2

Prints, per rule: rows returned, total database hits, wall time of the profiled run and the
operators with the most hits.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.running import running_db  # noqa: E402
from graph.db import Database  # noqa: E402
from queries.catalogue import CATALOGUE  # noqa: E402

AS_OF = "2024-06-30"  # the benchmark graph's as-of (bench/analytics_bench.py AS_OF)


def _operators(plan: dict[str, Any], out: list[tuple[int, int, str]]) -> None:
    """Every operator of a profiled plan (the driver's dict: operatorType, args, children)."""
    details = " ".join(str(plan.get("args", {}).get("Details", "")).split())[:110]
    name = str(plan.get("operatorType", "")).split("@")[0]
    out.append((int(plan.get("dbHits", 0)), int(plan.get("rows", 0)), f"{name} {details}"))
    for child in plan.get("children") or []:
        _operators(child, out)


def profile(db: Database, rule_id: str, top: int) -> dict[str, Any]:
    import datetime as dt

    rule = CATALOGUE[rule_id]
    params = {**rule.defaults(), "as_of": dt.date.fromisoformat(AS_OF)}

    def work(tx: Any) -> tuple[int, Any]:
        result = tx.run("PROFILE " + rule.cypher, params)
        rows = len(list(result))
        return rows, result.consume().profile

    start = time.perf_counter()
    rows, plan = db.read_tx(work)
    wall = time.perf_counter() - start
    ops: list[tuple[int, int, str]] = []
    _operators(plan, ops)
    ops.sort(reverse=True)
    return {
        "rule": rule_id,
        "rows": rows,
        "db_hits": sum(h for h, _, _ in ops),
        "wall_ms": round(wall * 1000),
        "top": [f"{h:>10,} hits {r:>9,} rows  {op}" for h, r, op in ops[:top]],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, required=True)
    parser.add_argument("--top", type=int, default=8)
    parser.add_argument("rules", nargs="*")
    args = parser.parse_args()
    db = running_db(args.home)
    try:
        for rule_id in args.rules or list(CATALOGUE):
            print(json.dumps(profile(db, rule_id, args.top), ensure_ascii=False, indent=1))
    finally:
        db.close()


if __name__ == "__main__":
    main()
