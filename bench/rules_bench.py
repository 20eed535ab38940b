"""Benchmark of the canned reports (docs/BENCHMARKS.md, Rules): every rule's latency, warm.

    .venv/bin/python bench/rules_bench.py --scale city|county|province [--home DIR] [--reuse]
    .venv/bin/python bench/rules_bench.py --scale city --plans     # operators of each plan
    .venv/bin/python bench/rules_bench.py --scale province --only APT-1 SUP-2   # some rules only

The graph is the analytics benchmark's model-shaped synthetic graph (bench/analytics_bench.py:
units, cadres, posts, duties, relatives, companies, shareholdings, officers, contracts,
appointments, decisions), imported with `neo4j-admin database import`, plus what the rules
read and the analytics do not: complaints (some naming companies), supervision events,
problems, sanctions, interventions, tasks, unit levels and region codes, growth regions and
company-to-company holdings. For each rule: one warm-up run, then 5 timed runs of
`queries.runner.run_rule` (query and conversion to flags); median and p95. Then `run_all`
(what `oversight flags` runs) 3 times. PROFILE shows which index each rule starts from.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graph import schema, server  # noqa: E402
from graph.db import Database  # noqa: E402
from graph.settings import ConnectionSettings  # noqa: E402
from loaders import identity  # noqa: E402
from queries.catalogue import CATALOGUE  # noqa: E402
from queries.runner import run_all, run_rule  # noqa: E402

_spec = importlib.util.spec_from_file_location(
    "analytics_bench", ROOT / "bench" / "analytics_bench.py"
)
ab = importlib.util.module_from_spec(_spec)
sys.modules["analytics_bench"] = ab
_spec.loader.exec_module(ab)

AS_OF = ab.AS_OF
SCALES = {
    "city": ab.SCALES["city"],
    # a county as the sample generator sizes it (4 city blocks): ~400 units, ~10,000 cadres and
    # relatives, ~100,000 companies
    "county": ab.Scale(400, (3, 6), 14, 4_000, 8_000, 100_000, 150_000, 80_000, 12_000, 3_200, 8),
    "province": ab.SCALES["province"],
}
SUPERVISION_KINDS = ["政治监督谈话", "廉政谈话", "提醒谈话", "述责述廉", "听取汇报", "党风廉政检查"]
SANCTION_KINDS = ["诫勉", "党内警告", "记过", "批评教育", "降级"]
MATTERS = ["政府采购", "工程建设", "选人用人", "审批监管"]


def _read(folder: Path, name: str) -> list[list[str]]:
    with (folder / f"{name}.csv").open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    return rows[1:]


def extend(folder: Path, out, scale, seed: int = 11) -> None:
    """The registries the analytics graph leaves out, on the same ids."""
    rng = np.random.default_rng(seed)
    persons = _read(folder, "persons")
    cadres = [row[0] for row in persons if row[3] == "people"]
    units = [row[0] for row in _read(folder, "units")]
    posts = _read(folder, "posts")
    n_companies = scale.companies
    usccs = [f"91{i:016d}" for i in range(n_companies)]

    def pick(pool, n):
        return [pool[int(i)] for i in rng.integers(0, len(pool), size=n)]

    # complaints: ~5% of cadres per year, a fifth naming a company
    n = max(50, len(cadres) // 10)
    ids = [f"X{i:07d}" for i in range(n)]
    out.table("nodes", "Complaint", "complaints",
              ["complaint_id:ID(Complaint)", "received_date:date", "specific:boolean", "status", "closed_date:date"],
              ((ids[i], d, bool(rng.random() < 0.5), "初核", "") for i, d in enumerate(ab._dates(rng, n, 1, 900))))  # fmt: skip
    out.table("rels", "ABOUT", "about", [":START_ID(Complaint)", ":END_ID(Person)", "match"],
              ((c, p, "id") for c, p in zip(ids, pick(cadres, n), strict=True)))  # fmt: skip
    named = ids[: n // 5]
    out.table("rels", "NAMES_COMPANY", "complaint_company", [":START_ID(Complaint)", ":END_ID(Company)"],
              zip(named, pick(usccs, len(named)), strict=True))  # fmt: skip
    # supervision events: two a year per leader post, conducted by another cadre
    leaders = [(row[0], row[1]) for row in posts if row[3] in ("一把手", "班子成员") and not row[5]]
    n = len(leaders) * 2
    ids = [f"E{i:08d}" for i in range(n)]
    targets = pick(leaders, n)
    out.table("nodes", "SupervisionEvent", "events", ["event_id:ID(SupervisionEvent)", "kind", "date:date"],
              zip(ids, pick(SUPERVISION_KINDS, n), ab._dates(rng, n, 1, 700), strict=True))  # fmt: skip
    out.table("rels", "TARGET", "target", [":START_ID(SupervisionEvent)", ":END_ID(Person)"],
              ((e, t[0]) for e, t in zip(ids, targets, strict=True)))  # fmt: skip
    out.table("rels", "TARGET_UNIT", "target_unit", [":START_ID(SupervisionEvent)", ":END_ID(Unit)"],
              ((e, t[1]) for e, t in zip(ids, targets, strict=True)))  # fmt: skip
    out.table("rels", "CONDUCTED_BY", "conducted_by", [":START_ID(SupervisionEvent)", ":END_ID(Person)"],
              zip(ids, pick(cadres, n), strict=True))  # fmt: skip
    # problems and tasks: three per unit each
    n = len(units) * 3
    ids = [f"Q{i:07d}" for i in range(n)]
    due = ab._dates(rng, n, -200, 600)
    out.table("nodes", "Problem", "problems",
              ["problem_id:ID(Problem)", "found_date:date", "due_date:date", "closed_date:date"],
              ((ids[i], "2022-01-01", due[i], "" if rng.random() < 0.4 else AS_OF.isoformat()) for i in range(n)))  # fmt: skip
    out.table("rels", "RESPONSIBLE_UNIT", "problem_unit", [":START_ID(Problem)", ":END_ID(Unit)"],
              zip(ids, pick(units, n), strict=True))  # fmt: skip
    tids = [f"T{i:07d}" for i in range(n)]
    out.table("nodes", "Task", "tasks", ["task_id:ID(Task)", "due_date:date", "done_date:date"],
              ((tids[i], due[i], "" if rng.random() < 0.5 else due[i]) for i in range(n)))  # fmt: skip
    out.table("rels", "LED_BY", "led_by", [":START_ID(Task)", ":END_ID(Unit)"],
              zip(tids, pick(units, n), strict=True))  # fmt: skip
    # sanctions and interventions: 2% and 1% of cadres
    n = max(20, len(cadres) // 50)
    ids = [f"S{i:07d}" for i in range(n)]
    out.table("nodes", "Sanction", "sanctions", ["sanction_id:ID(Sanction)", "kind", "date:date"],
              zip(ids, pick(SANCTION_KINDS, n), ab._dates(rng, n, 1, 2000), strict=True))  # fmt: skip
    out.table("rels", "SANCTIONED", "sanctioned", [":START_ID(Sanction)", ":END_ID(Person)"],
              zip(ids, pick(cadres, n), strict=True))  # fmt: skip
    n = max(10, len(cadres) // 100)
    ids = [f"I{i:07d}" for i in range(n)]
    out.table("nodes", "Intervention", "interventions", ["record_id:ID(Intervention)", "date:date", "matter"],
              zip(ids, ab._dates(rng, n, 1, 900), pick(MATTERS, n), strict=True))  # fmt: skip
    out.table("rels", "INTERVENED", "intervened", [":START_ID(Intervention)", ":END_ID(Person)"],
              zip(ids, pick(cadres, n), strict=True))  # fmt: skip
    out.table("rels", "NAMES_COMPANY", "intervention_company", [":START_ID(Intervention)", ":END_ID(Company)"],
              zip(ids, pick(usccs, n), strict=True))  # fmt: skip


# Properties the analytics graph lacks, set after import (levels, regions, growth regions).
ENRICH = """
MATCH (u:Unit)
WITH u, toInteger(substring(u.unit_id, 1)) AS i
SET u.level = CASE WHEN i < 9 THEN '市' WHEN i % 3 = 0 THEN '乡' ELSE '县' END,
    u.region_code = '34' + right('0000' + toString(100 + i % 900), 4)
WITH count(*) AS units
MATCH (p:Person) WHERE p.origin = 'people'
WITH units, p, toInteger(substring(p.pid, 1)) AS i
SET p.growth_region = CASE WHEN i % 7 = 0 THEN '34' + right('0000' + toString(100 + i % 900), 4)
                           ELSE '350100' END,
    p.rank = CASE i % 4 WHEN 0 THEN '正处' WHEN 1 THEN '副处' WHEN 2 THEN '正科' ELSE '副科' END
RETURN units, count(*) AS people
"""


def timed(fn, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def plan_operators(db: Database, cypher: str, params: dict) -> list[str]:
    """The leaf operators of a rule's plan: where it starts reading (index seek or scan)."""
    ops: list[str] = []

    def walk(plan) -> None:
        children = plan.get("children") or []
        name = plan.get("operatorType", "")
        args = plan.get("args", {})
        if not children or "Index" in name or "Scan" in name:
            detail = args.get("Details", "")
            ops.append(f"{name.split('@')[0]} {detail}".strip())
        for child in children:
            walk(child)

    def work(tx):
        result = tx.run("EXPLAIN " + cypher, params)
        summary = result.consume()
        return summary.plan

    plan = db.read_tx(work)
    walk(plan)
    return ops


def _comparable(flag: dict) -> dict:
    """A flag with its evidence lists sorted (their order follows the plan, not the rule)."""
    evidence = {k: sorted(str(v) for v in vs) for k, vs in (flag.get("evidence") or {}).items()}
    return {**flag, "evidence": evidence}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="city")
    parser.add_argument("--home", type=Path, default=None)
    parser.add_argument("--reuse", action="store_true", help="reuse an imported home")
    parser.add_argument("--keep", action="store_true", help="leave the server running")
    parser.add_argument("--plans", action="store_true", help="print each rule's leaf operators")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--only",
        nargs="+",
        default=None,
        metavar="RULE",
        help="time only these rules (and skip run_all)",
    )
    parser.add_argument("--heap", default="3g")
    parser.add_argument("--pagecache", default="2g")
    parser.add_argument(
        "--flags-out",
        type=Path,
        default=None,
        help="write every rule's flags (JSON) to compare runs",
    )
    args = parser.parse_args()
    home = (
        args.home or Path(tempfile.gettempdir()) / f"oversight-rules-bench-{args.scale}"
    ).resolve()
    report: dict = {"scale": args.scale, "as_of": AS_OF.isoformat()}
    if not (args.reuse and (home / "data" / "databases" / "neo4j").exists()):
        if home.exists():
            server.stop(home)
            import shutil

            shutil.rmtree(home)
        (home / "csv").mkdir(parents=True)
        start = time.perf_counter()
        generated = ab.generate(home / "csv", SCALES[args.scale])
        extend(home / "csv", generated["out"], SCALES[args.scale])
        report["generate_seconds"] = round(time.perf_counter() - start, 1)
        report["import_seconds"] = round(ab.import_graph(home, generated["out"]), 1)
        print(json.dumps(report), flush=True)
    started = server.start(
        home,
        bolt_port=server.free_port(),
        http_port=server.free_port(),
        memory=server.Memory(heap=args.heap, pagecache=args.pagecache),
    )
    try:
        db = Database(ConnectionSettings(started.uri, "neo4j", started.password, None, "env"))
        schema.migrate(db)
        db.run_autocommit("CALL db.awaitIndexes(600)")
        if not db.read("MATCH (u:Unit) WHERE u.level IS NOT NULL RETURN count(u) > 0 AS done")[0][
            "done"
        ]:
            db.write(ENRICH)
        # the links the rules read, as every load's identity step writes them
        start = time.perf_counter()
        report["derived"] = identity.derive(db)
        report["derive_seconds"] = round(time.perf_counter() - start, 1)
        report["graph_nodes"] = db.read("MATCH (n) RETURN count(n) AS n")[0]["n"]
        report["graph_relationships"] = db.read("MATCH ()-[r]->() RETURN count(r) AS n")[0]["n"]
        print(json.dumps(report), flush=True)
        rules = {}
        every: dict[str, list] = {}
        for rule_id, rule in CATALOGUE.items():
            if args.only and rule_id not in args.only:
                continue
            flags = run_rule(db, rule_id, AS_OF, config={})  # warm-up
            every[rule_id] = sorted(
                json.dumps(_comparable(f.to_dict()), ensure_ascii=False, sort_keys=True)
                for f in flags
            )
            times = timed(lambda rid=rule_id: run_rule(db, rid, AS_OF, config={}), args.runs)
            rules[rule_id] = {
                "flags": len(flags),
                "median_ms": round(statistics.median(times), 1),
                "p95_ms": round(float(np.percentile(times, 95)), 1),
            }
            if args.plans:
                params = {**rule.defaults(), "as_of": AS_OF}
                rules[rule_id]["plan_leaves"] = plan_operators(db, rule.cypher, params)
            print(json.dumps({rule_id: rules[rule_id]}, ensure_ascii=False), flush=True)
        report["rules"] = rules
        if args.flags_out:
            args.flags_out.write_text(json.dumps(every, ensure_ascii=False, indent=0))
        if not args.only:
            run_all(db, AS_OF, config={})
            totals = timed(lambda: run_all(db, AS_OF, config={}), 3)
            report["flags_total"] = {
                "median_s": round(statistics.median(totals) / 1000, 2),
                "max_s": round(max(totals) / 1000, 2),
                "flags": len(run_all(db, AS_OF, config={})),
            }
        db.close()
    finally:
        if not args.keep:
            server.stop(home)
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
