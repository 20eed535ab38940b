"""Every rule's warm latency on a database a load left (docs/BENCHMARKS.md, Rules): the local
server of $OVERSIGHT_HOME, or $NEO4J_URI, as `oversight flags` finds it. Unlike
bench/rules_bench.py (its own synthetic graph, built for the rules' worst cases) this times
the rules on what the sample generator writes and the loaders load, at the sample's as-of.
For each rule one warm-up, then --runs timed runs of `queries.runner.run_rule`; then
`run_all` (what `oversight flags` runs, without the run's record) three times. Reads only.

    export OVERSIGHT_HOME=/tmp/p13-db     # after `oversight load --bulk /work/tmp/p13/prov`
    .venv/bin/python bench/rules_loaded.py --as-of 2024-12-31 [--runs 5] [--only COI-1 COI-2]
    .venv/bin/python bench/rules_loaded.py --as-of 2024-12-31 --plan-only

--plan-only times the planning alone: the server's query caches cleared (`db.clearQueryCaches`,
which needs an admin login, as the local server's is), then each rule `EXPLAIN`ed once, twice
over. Run first after a server start, it shows what the first `flags` of a cold server pays
for the plans.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graph.db import Database, get_db  # noqa: E402
from queries.catalogue import CATALOGUE  # noqa: E402
from queries.runner import run_all, run_rule  # noqa: E402


def _timed(call: Callable[[], object], runs: int) -> list[float]:
    seconds = []
    for _ in range(runs):
        began = time.perf_counter()
        call()
        seconds.append(time.perf_counter() - began)
    return seconds


def _plans(db: Database, as_of: str, rule_ids: list[str]) -> None:
    day = dt.date.fromisoformat(as_of)
    for round_ in (1, 2):
        db.run_autocommit("CALL db.clearQueryCaches()")
        seconds = {}
        for rule_id in rule_ids:
            rule = CATALOGUE[rule_id]
            began = time.perf_counter()
            db.read("EXPLAIN " + rule.cypher, {**rule.defaults(), "as_of": day})
            seconds[rule_id] = round(time.perf_counter() - began, 2)
        slowest = dict(sorted(seconds.items(), key=lambda item: -item[1])[:5])
        print(
            json.dumps(
                {"round": round_, "plans_s": round(sum(seconds.values()), 2), "slowest": slowest}
            ),
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--as-of", required=True, help="the sample's as-of date (its _truth.json)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", nargs="+", default=None, metavar="RULE")
    parser.add_argument("--plan-only", action="store_true", help="time each rule's EXPLAIN")
    args = parser.parse_args()
    db = get_db()
    if args.plan_only:
        _plans(db, args.as_of, args.only or list(CATALOGUE))
        return
    report: dict = {"as_of": args.as_of, "rules": {}}
    for rule_id in args.only or list(CATALOGUE):
        flags = run_rule(db, rule_id, args.as_of, config={})  # warm-up
        times = _timed(functools.partial(run_rule, db, rule_id, args.as_of, config={}), args.runs)
        report["rules"][rule_id] = {
            "flags": len(flags),
            "median_ms": round(statistics.median(times) * 1000, 1),
            "max_ms": round(max(times) * 1000, 1),
        }
        print(json.dumps({rule_id: report["rules"][rule_id]}), flush=True)
    if not args.only:
        run_all(db, args.as_of, config={})
        totals = _timed(lambda: run_all(db, args.as_of, config={}), 3)
        report["run_all"] = {
            "median_s": round(statistics.median(totals), 2),
            "max_s": round(max(totals), 2),
        }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
