"""Where a rule's time goes on a running benchmark server: the query with the rows' transfer
(`Database.read_values`) and turning the rows into flags (`row_to_flag`, summaries included),
each the median of N warm runs. To compare two versions of the rules on the shared machine,
run it alternately with each version's tree (copy this file into the other tree).

    PYTHONPATH=$PWD .venv/bin/python bench/rules_split.py --home H --runs 5 APT-1 SUP-2 SUP-3
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.running import running_db  # noqa: E402
from queries import runner  # noqa: E402
from queries.catalogue import CATALOGUE, SEVERITIES  # noqa: E402
from queries.runner import row_to_flag  # noqa: E402

AS_OF = dt.date(2024, 6, 30)  # the benchmark graph's as-of (bench/analytics_bench.py AS_OF)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("rules", nargs="+")
    args = parser.parse_args()
    db = running_db(args.home)
    try:
        for rule_id in args.rules:
            rule = CATALOGUE[rule_id]
            params = {**rule.defaults(), "as_of": AS_OF}
            query, flags, total = [], [], []
            count = 0
            for i in range(args.runs + 1):  # the first run warms up
                start = time.perf_counter()
                if hasattr(runner, "fetch_rows"):
                    rows = runner.fetch_rows(db, rule, params)
                else:  # a tree before the rows were fetched as one list
                    rows = db.read_values(rule.cypher, params)
                middle = time.perf_counter()
                out = [row_to_flag(rule, row, AS_OF) for row in rows]
                out.sort(key=lambda f: (SEVERITIES.index(f.severity), f.subject_id, f.summary))
                end = time.perf_counter()
                count = len(out)
                if i:
                    query.append(middle - start)
                    flags.append(end - middle)
                    total.append(end - start)
            print(json.dumps({
                "rule": rule_id,
                "tree": os.environ.get("PYTHONPATH", ""),
                "flags": count,
                "query_ms": round(statistics.median(query) * 1000),
                "to_flags_ms": round(statistics.median(flags) * 1000),
                "total_ms": round(statistics.median(total) * 1000),
                "load": os.getloadavg()[0],
            }), flush=True)  # fmt: skip
    finally:
        db.close()


if __name__ == "__main__":
    main()
