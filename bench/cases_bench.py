"""Benchmark of recording runs (docs/cases.md): `record_run` for N flags, first run (every
case created) and second run (every case unchanged), then a run where 10% of the findings
changed their key facts and 10% are gone.

    .venv/bin/python bench/cases_bench.py --uri bolt://127.0.0.1:7687 [--flags 20000]

The flags are synthetic CMP-1-shaped findings (one per person, 3 complaints each), written to
the database named by --uri, which is emptied of cases and runs first (registry data is
not touched).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graph.db import Database  # noqa: E402
from graph.settings import ConnectionSettings  # noqa: E402
from queries.casework.ledger import list_cases, record_run  # noqa: E402

AS_OF = dt.date(2024, 12, 31)


def flags(n: int, changed: int = 0, gone: int = 0) -> list[dict]:
    out = []
    for i in range(gone, n):
        complaints = [f"Q{i}-{k}" for k in range(3)] + ([f"Q{i}-new"] if i < gone + changed else [])
        out.append(
            {
                "rule": "CMP-1",
                "title": "信访集中",
                "severity": "medium",
                "subject_kind": "person",
                "subject_id": f"P{i:07d}",
                "subject_name": f"人员{i}",
                "summary": f"人员{i}在365天内被信访举报{len(complaints)}次。",
                "summary_en": "",
                "evidence": {"complaints": complaints},
                "as_of": AS_OF.isoformat(),
            }
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--uri", required=True)
    parser.add_argument("--flags", type=int, default=20_000)
    args = parser.parse_args()
    db = Database(ConnectionSettings(args.uri, "neo4j", None, None, "env"))
    db.run_autocommit(
        "MATCH (n) WHERE n:Case OR n:CaseEvent OR n:CaseNote OR n:RuleRun OR n:CaseLedger "
        "CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
    )
    n = args.flags
    tenth = n // 10
    for name, batch in (
        ("first run (all new)", flags(n)),
        ("second run (all unchanged)", flags(n)),
        ("third run (10% changed, 10% gone)", flags(n, changed=tenth, gone=tenth)),
    ):
        start = time.perf_counter()
        result = record_run(db, batch, actor="bench", as_of=AS_OF, rules=["CMP-1"])
        took = time.perf_counter() - start
        print(f"{name}: {len(batch)} flags, {took:.1f} s, {result.counts}")
    start = time.perf_counter()
    listed = list_cases(db, include_gone=False)
    print(f"cases list (active): {len(listed)} cases, {time.perf_counter() - start:.1f} s")
    db.close()


if __name__ == "__main__":
    main()
