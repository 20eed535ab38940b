"""The identity step (loaders/identity.py `resolve`) step by step, on a running server that
already holds a loaded graph: wall time and database hits of each Cypher step, and a
fingerprint of what the step leaves in the graph (to check that two versions, or two runs of
one version, give the same links).

    PYTHONPATH=$PWD .venv/bin/python bench/identity_bench.py --home HOME [--profile] [--runs 2]
    PYTHONPATH=$PWD .venv/bin/python bench/identity_bench.py --home HOME --code OTHER_TREE

`--code` runs another checkout's `loaders.identity` (e.g. a copy of main made with
`git archive main | tar -x -C DIR`) against the same graph: the step is idempotent, so each
version can run in turn on one loaded graph. Each step's queries go through the product's
`Database`; the bench only times them. `--profile` adds one more run in which every query is
sent with PROFILE (it runs, and writes, as usual) and prints each step's database hits and the
operators with the most hits.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections import defaultdict
from dataclasses import asdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

# What the identity step writes, read back in a stable order: the fingerprint of its result.
LINKS = {
    "same_as": "MATCH (a:Person)-[r:SAME_AS]->(b:Person) "
    "RETURN a.pid AS a, b.pid AS b, r.match AS m, r.sources AS s ORDER BY a, b",
    "possible_match": "MATCH (a:Person)-[r:POSSIBLE_MATCH]->(b:Person) "
    "RETURN a.pid AS a, b.pid AS b, r.match_id AS id, r.status AS st, r.match AS m, "
    "r.confidence AS c, r.sources AS s ORDER BY a, b",
    "about_name": "MATCH (q:Complaint)-[r:ABOUT {match: 'name'}]->(p:Person) "
    "RETURN q.complaint_id AS q, p.pid AS p, r.confidence AS c, r.sources AS s ORDER BY q, p",
    "names_company": "MATCH (n)-[r:NAMES_COMPANY]->(c:Company) "
    "RETURN coalesce(n.complaint_id, n.record_id) AS n, c.uscc AS c, r.match AS m, r.sources AS s ORDER BY n, c",
}


def fingerprint(db: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, query in LINKS.items():
        rows = db.read(query)
        text = json.dumps(rows, ensure_ascii=False, sort_keys=True, default=str)
        out[name] = {"count": len(rows), "sha1": hashlib.sha1(text.encode()).hexdigest()[:12]}
    return out


def _operators(plan: Any, out: list[tuple[int, int, str]]) -> None:
    details = " ".join(str(plan.get("args", {}).get("Details", "")).split())[:100]
    name = str(plan.get("operatorType", "")).split("@")[0]
    out.append((int(plan.get("dbHits", 0)), int(plan.get("rows", 0)), f"{name} {details}"))
    for child in plan.get("children") or []:
        _operators(child, out)


class Timed:
    """The product's Database, with each query's wall time (and, when profiling, its plan)
    recorded under the identity step it belongs to."""

    def __init__(self, db: Any, steps: dict[str, str], profile: bool) -> None:
        self.db, self.profile = db, profile
        self.names = {query: name for name, query in steps.items()}
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self.rows: dict[str, int] = defaultdict(int)
        self.hits: dict[str, int] = defaultdict(int)
        self.ops: dict[str, list[tuple[int, int, str]]] = defaultdict(list)

    def _run(self, write: bool, query: str, params: dict[str, Any] | None) -> list[dict]:
        name = self.names.get(query, "other")
        start = time.perf_counter()
        if self.profile:

            def work(tx: Any) -> tuple[list[dict], Any]:
                result = tx.run("PROFILE " + query, params or {})
                rows = [r.data() for r in result]
                return rows, result.consume().profile

            rows, plan = (self.db.write_tx if write else self.db.read_tx)(work)
            ops: list[tuple[int, int, str]] = []
            _operators(plan, ops)
            self.hits[name] += sum(h for h, _, _ in ops)
            self.ops[name] += ops
        else:
            rows = (self.db.write if write else self.db.read)(query, params)
        self.seconds[name] += time.perf_counter() - start
        self.calls[name] += 1
        self.rows[name] += len(rows)
        return rows

    def read(self, query: str, params: dict[str, Any] | None = None) -> list[dict]:
        return self._run(False, query, params)

    def write(self, query: str, params: dict[str, Any] | None = None) -> list[dict]:
        return self._run(True, query, params)


def run_once(db: Any, identity: Any, steps: dict[str, str], profile: bool, top: int) -> dict:
    timed = Timed(db, steps, profile)
    start = time.perf_counter()
    summary = identity.resolve(timed)
    wall = time.perf_counter() - start
    report: dict[str, Any] = {
        "profiled": profile,
        "resolve_s": round(wall, 2),
        "summary": asdict(summary),
        "steps": {},
    }
    for name in timed.calls:
        step: dict[str, Any] = {
            "calls": timed.calls[name],
            "seconds": round(timed.seconds[name], 2),
            "rows": timed.rows[name],
        }
        if profile:
            step["db_hits"] = timed.hits[name]
            ops = sorted(timed.ops[name], reverse=True)[:top]
            step["top"] = [f"{h:>11,} hits {r:>10,} rows  {op}" for h, r, op in ops]
        report["steps"][name] = step
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, required=True, help="a running local server")
    parser.add_argument("--code", type=Path, default=ROOT, help="the tree whose resolve runs")
    parser.add_argument("--runs", type=int, default=1, help="timed runs of resolve")
    parser.add_argument("--profile", action="store_true", help="one more run with PROFILE")
    parser.add_argument("--top", type=int, default=6)
    args = parser.parse_args()
    sys.path.insert(0, str(args.code.resolve()))

    from graph import server
    from graph.db import Database
    from graph.settings import ConnectionSettings, read_credentials
    from loaders import identity
    from loaders.write import steps_for

    print(f"code: {Path(identity.__file__).resolve()}", file=sys.stderr)
    state = server.status(args.home)
    if not state.running or state.uri is None:
        sys.exit(f"no server running in {args.home}")
    password = (read_credentials(args.home) or {}).get("password")
    db = Database(ConnectionSettings(state.uri, "neo4j", password, None, "env"))
    steps = {s.name: s.query for s in steps_for("identity")}
    try:
        nodes = db.read("MATCH (p:Person) RETURN count(p) AS persons")[0]
        out: dict[str, Any] = {"code": str(args.code), "persons": nodes["persons"], "runs": []}
        for _ in range(args.runs):
            out["runs"].append(run_once(db, identity, steps, False, args.top))
            out["runs"][-1]["fingerprint"] = fingerprint(db)
        if args.profile:
            out["runs"].append(run_once(db, identity, steps, True, args.top))
            out["runs"][-1]["fingerprint"] = fingerprint(db)
        print(json.dumps(out, ensure_ascii=False, indent=1))
    finally:
        db.close()


if __name__ == "__main__":
    main()
