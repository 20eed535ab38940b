"""Do two versions of the rules give the same flags on one graph? Run with each version's code
(PYTHONPATH) against a running benchmark server; the second run compares with the first.

    PYTHONPATH=/path/to/old .venv/bin/python bench/rules_compare.py --home H --out old.json
    PYTHONPATH=$PWD .venv/bin/python bench/rules_compare.py --home H --out new.json --against old.json

Also writes each rule's expanded Cypher, so rules whose Cypher did not change need not be run
(`--changed-only` with `--against`: only the rules whose Cypher differs are run and compared).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.running import running_db  # noqa: E402
from queries.catalogue import CATALOGUE  # noqa: E402
from queries.runner import run_rule  # noqa: E402

AS_OF = dt.date(2024, 6, 30)  # the benchmark graph's as-of (bench/analytics_bench.py AS_OF)


def comparable(flag: dict[str, Any]) -> str:
    """A flag with its evidence lists sorted (their order follows the plan, not the rule)."""
    evidence = {k: sorted(str(v) for v in vs) for k, vs in (flag.get("evidence") or {}).items()}
    return json.dumps({**flag, "evidence": evidence}, ensure_ascii=False, sort_keys=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--against", type=Path, default=None)
    parser.add_argument("--changed-only", action="store_true")
    parser.add_argument("rules", nargs="*")
    args = parser.parse_args()
    earlier = json.loads(args.against.read_text(encoding="utf-8")) if args.against else {}
    db = running_db(args.home)
    out: dict[str, Any] = {}
    try:
        for rule_id in args.rules or list(CATALOGUE):
            cypher = hashlib.sha256(CATALOGUE[rule_id].cypher.encode()).hexdigest()[:16]
            before = earlier.get(rule_id)
            if args.changed_only and before and before["cypher"] == cypher:
                out[rule_id] = {**before, "run": False}
                print(json.dumps({rule_id: "same Cypher, not run"}), flush=True)
                continue
            start = time.perf_counter()
            flags = sorted(comparable(f.to_dict()) for f in run_rule(db, rule_id, AS_OF, config={}))
            seconds = round(time.perf_counter() - start, 1)
            out[rule_id] = {"cypher": cypher, "flags": flags, "seconds": seconds, "run": True}
            line: dict[str, Any] = {"rule": rule_id, "flags": len(flags), "seconds": seconds}
            if before:
                line["same_cypher"] = before["cypher"] == cypher
                line["same_flags"] = before["flags"] == flags
            print(json.dumps(line), flush=True)
    finally:
        db.close()
    args.out.write_text(json.dumps(out, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
