"""Benchmark of `oversight analyze` at city and province scale (docs/BENCHMARKS.md, Analytics).

    .venv/bin/python bench/analytics_bench.py --scale province [--home DIR] [--reuse]
    .venv/bin/python bench/analytics_bench.py --scale city
    .venv/bin/python bench/analytics_bench.py --error-study   # sampled vs exact betweenness

The graph is synthetic and shaped like docs/model.md: units with their hierarchy, cadres with
posts, duties, appointments (nominated) and decisions (spoken in), and, to make the power
network a small part of a big graph, relatives, companies, company-side persons, shareholdings,
officers, legal representatives and contracts. It goes in with `neo4j-admin database import`
into a fresh local server (a province through the loaders would take longer than the analysis
being measured). Then `oversight analyze` runs in a child process, whose wall time and peak
memory are measured, and the same measures are computed with plain NetworkX for comparison.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graph import schema, server  # noqa: E402
from graph.db import Database  # noqa: E402
from graph.settings import ConnectionSettings, read_instance  # noqa: E402

AS_OF = dt.date(2024, 6, 30)
FUNCTION_POOL = [
    "财务",
    "人事",
    "工程",
    "审批",
    "采购",
    "住建",
    "交通",
    "公安",
    "审计",
    "组织",
    "自然资源",
    "法院",
    "检察",
    "纪检",
]
COLLECTIVE = ["党委会", "常委会", "党组会", "全委会"]
NON_COLLECTIVE = ["书记办公会", "圈阅", "临时动议"]


@dataclass(frozen=True)
class Scale:
    units: int
    team: tuple[int, int]  # team members per unit (min, max)
    staff: int  # staff (non-leaders) per unit, on average
    relatives: int
    company_persons: int
    companies: int
    shareholdings: int
    officers: int
    contracts: int
    appointments: int
    decisions_per_unit: int


SCALES = {
    "city": Scale(100, (3, 6), 14, 1_000, 2_000, 10_000, 15_000, 8_000, 3_000, 800, 8),
    "province": Scale(
        9_000, (2, 6), 3, 30_000, 100_000, 700_000, 1_600_000, 700_000, 100_000, 40_000, 8
    ),
}


def _dates(rng: np.random.Generator, n: int, low_days: int, high_days: int) -> list[str]:
    offsets = rng.integers(low_days, high_days, size=n)
    return [(AS_OF - dt.timedelta(days=int(o))).isoformat() for o in offsets]


class _Writer:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.nodes: list[tuple[str, Path]] = []
        self.rels: list[tuple[str, Path]] = []
        self.counts = {"nodes": 0, "rels": 0}

    def table(self, kind: str, label: str, name: str, header: list[str], rows) -> None:
        path = self.folder / f"{name}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            count = 0
            for row in rows:
                writer.writerow(row)
                count += 1
        (self.nodes if kind == "nodes" else self.rels).append((label, path))
        self.counts[kind] += count


def generate(folder: Path, scale: Scale, seed: int = 7) -> dict:
    """Write the import CSVs; return counts and the planted power holder's pid."""
    rng = np.random.default_rng(seed)
    out = _Writer(folder)
    n_units = scale.units
    unit_ids = [f"U{i:06d}" for i in range(n_units)]
    functions = [
        ";".join(rng.choice(FUNCTION_POOL, size=rng.integers(0, 4), replace=False))
        for _ in range(n_units)
    ]
    out.table(
        "nodes",
        "Unit",
        "units",
        ["unit_id:ID(Unit)", "name", "functions:string[]"],
        ((unit_ids[i], f"单位{i}", functions[i]) for i in range(n_units)),
    )
    out.table(
        "rels",
        "PART_OF",
        "part_of",
        [":START_ID(Unit)", ":END_ID(Unit)"],
        ((unit_ids[i], unit_ids[(i - 1) // 8]) for i in range(1, n_units)),
    )
    # cadres: per unit one top leader, a team, staff
    people: list[tuple[str, str]] = []
    posts: list[tuple] = []
    tops: list[str] = []
    team_by_unit: list[list[str]] = []
    leaders: list[str] = []

    def new_person(label: str) -> str:
        pid = f"P{len(people):07d}"
        people.append((pid, label))
        return pid

    for u in range(n_units):
        top = new_person("干部")
        tops.append(top)
        posts.append((top, unit_ids[u], "书记", "一把手", _dates(rng, 1, 100, 4000)[0], ""))
        team = []
        for _ in range(int(rng.integers(scale.team[0], scale.team[1] + 1))):
            member = new_person("干部")
            team.append(member)
            posts.append(
                (member, unit_ids[u], "副职", "班子成员", _dates(rng, 1, 100, 3000)[0], "")
            )
        team_by_unit.append(team)
        leaders += [top, *team]
        for _ in range(int(rng.poisson(scale.staff))):
            staff = new_person("干部")
            posts.append((staff, unit_ids[u], "科员", "工作人员", _dates(rng, 1, 100, 5000)[0], ""))
        # a former top leader, post ended
        former = new_person("干部")
        posts.append((former, unit_ids[u], "书记", "一把手", "2010-01-01", "2015-01-01"))
    # 3% of top leaders hold a second top post (concurrent)
    for u in rng.choice(n_units, size=max(1, n_units * 3 // 100), replace=False):
        other = int(rng.integers(0, n_units))
        posts.append((tops[u], unit_ids[other], "书记", "一把手", "2020-01-01", ""))
    # the planted holder: two top posts, six sensitive units in charge, many nominations
    holder = new_person("权力集中者")
    leaders.append(holder)
    for u in (1, 2):
        posts.append((holder, unit_ids[u], "书记", "一把手", "2016-03-01", ""))
    sensitive_units = [
        u for u in range(n_units) if {"财务", "采购", "人事", "工程"} & set(functions[u].split(";"))
    ][:6]
    duties = [(holder, unit_ids[u], "2019-01-01", "") for u in sensitive_units]
    for team in team_by_unit:
        for member in team:
            for other in rng.integers(0, n_units, size=int(rng.integers(1, 3))):
                duties.append((member, unit_ids[int(other)], _dates(rng, 1, 50, 2000)[0], ""))
    # relatives of cadres and the company side
    relatives = [new_person("亲属") for _ in range(scale.relatives)]
    company_people = [new_person("企业人员") for _ in range(scale.company_persons)]
    out.table(
        "nodes",
        "Person",
        "persons",
        ["pid:ID(Person)", "name", "person_id", "origin"],
        (
            (
                pid,
                f"{label}{pid[1:]}",
                pid if label in ("干部", "权力集中者") else "",
                "people" if label in ("干部", "权力集中者") else "company",
            )
            for pid, label in people
        ),
    )
    out.table(
        "rels",
        "HOLDS_POST",
        "posts",
        [":START_ID(Person)", ":END_ID(Unit)", "title", "role", "start_date:date", "end_date:date"],
        posts,
    )
    out.table(
        "rels",
        "IN_CHARGE_OF",
        "duties",
        [":START_ID(Person)", ":END_ID(Unit)", "start_date:date", "end_date:date"],
        duties,
    )
    cadre_ids = [pid for pid, label in people if label == "干部"]
    out.table(
        "rels",
        "HAS_RELATIVE",
        "relatives",
        [":START_ID(Person)", ":END_ID(Person)", "relation", "kinship"],
        (
            (cadre_ids[int(i)], rel, "配偶", "SPOUSE")
            for i, rel in zip(
                rng.integers(0, len(cadre_ids), size=len(relatives)), relatives, strict=True
            )
        ),
    )
    # appointments: nominators skewed towards a few (Zipf over leaders), plus the holder's 25
    n_app = scale.appointments
    skew = np.minimum(rng.zipf(1.6, size=n_app) - 1, len(leaders) - 1)
    order = rng.permutation(len(leaders))
    nominators = [leaders[order[int(k)]] for k in skew]
    nominators[:25] = [holder] * 25
    appointees = rng.integers(0, len(cadre_ids), size=n_app)
    decided = _dates(rng, n_app, 10, 2200)
    how = rng.choice(
        COLLECTIVE + NON_COLLECTIVE, size=n_app, p=[0.3, 0.3, 0.2, 0.1, 0.04, 0.03, 0.03]
    )
    to_units = rng.integers(0, n_units, size=n_app)
    app_ids = [f"A{i:07d}" for i in range(n_app)]
    out.table(
        "nodes",
        "Appointment",
        "appointments",
        ["appointment_id:ID(Appointment)", "kind", "decided_date:date", "decided_by"],
        ((app_ids[i], "提拔", decided[i], how[i]) for i in range(n_app)),
    )
    out.table(
        "rels",
        "APPOINTEE",
        "appointee",
        [":START_ID(Appointment)", ":END_ID(Person)"],
        ((app_ids[i], cadre_ids[int(appointees[i])]) for i in range(n_app)),
    )
    out.table(
        "rels",
        "NOMINATED_BY",
        "nominated_by",
        [":START_ID(Appointment)", ":END_ID(Person)"],
        ((app_ids[i], nominators[i]) for i in range(n_app)),
    )
    out.table(
        "rels",
        "TO_UNIT",
        "to_unit",
        [":START_ID(Appointment)", ":END_ID(Unit)"],
        ((app_ids[i], unit_ids[int(to_units[i])]) for i in range(n_app)),
    )
    # decisions: each unit's team speaks, the top leader last (not always)
    decisions, at_unit, spoke = [], [], []
    for u in range(n_units):
        for k in range(scale.decisions_per_unit):
            did = f"D{u:06d}{k:02d}"
            meeting = NON_COLLECTIVE[k % 3] if rng.random() < 0.08 else COLLECTIVE[k % 4]
            speakers = list(team_by_unit[u]) + [tops[u]]
            if rng.random() < 0.1:
                speakers.insert(0, speakers.pop())
            date = _dates(rng, 1, 5, 1500)[0]
            decisions.append((did, date, meeting, "重大决策", ";".join(speakers)))
            at_unit.append((did, unit_ids[u]))
            spoke += [(pid, did, i + 1) for i, pid in enumerate(speakers)]
    out.table(
        "nodes",
        "Decision",
        "decisions",
        ["decision_id:ID(Decision)", "date:date", "meeting", "category", "speaking_order:string[]"],
        decisions,
    )
    out.table("rels", "AT_UNIT", "at_unit", [":START_ID(Decision)", ":END_ID(Unit)"], at_unit)
    out.table(
        "rels",
        "SPOKE_IN",
        "spoke_in",
        [":START_ID(Person)", ":END_ID(Decision)", "order:int"],
        spoke,
    )
    # the company side: the bulk of a province's graph, untouched by the projection
    usccs = [f"91{i:016d}" for i in range(scale.companies)]
    out.table(
        "nodes",
        "Company",
        "companies",
        ["uscc:ID(Company)", "name", "in_registry:boolean"],
        ((c, f"企业{i}", "true") for i, c in enumerate(usccs)),
    )
    holders_pool = company_people + relatives
    reps = rng.integers(0, len(holders_pool), size=scale.companies)
    out.table(
        "rels",
        "LEGAL_REP_OF",
        "legal_rep",
        [":START_ID(Person)", ":END_ID(Company)"],
        ((holders_pool[int(reps[i])], usccs[i]) for i in range(scale.companies)),
    )
    person_share = scale.shareholdings * 2 // 3
    sh_p = rng.integers(0, len(holders_pool), size=person_share)
    sh_c = rng.integers(0, scale.companies, size=scale.shareholdings)
    out.table(
        "rels",
        "SHAREHOLDER_OF",
        "shares_person",
        [":START_ID(Person)", ":END_ID(Company)", "pct:float"],
        ((holders_pool[int(sh_p[i])], usccs[int(sh_c[i])], 30.0) for i in range(person_share)),
    )
    sh_from = rng.integers(0, scale.companies, size=scale.shareholdings - person_share)
    out.table(
        "rels",
        "SHAREHOLDER_OF",
        "shares_company",
        [":START_ID(Company)", ":END_ID(Company)", "pct:float"],
        (
            (usccs[int(sh_from[i])], usccs[int(sh_c[person_share + i])], 10.0)
            for i in range(scale.shareholdings - person_share)
        ),
    )
    off_p = rng.integers(0, len(holders_pool), size=scale.officers)
    off_c = rng.integers(0, scale.companies, size=scale.officers)
    out.table(
        "rels",
        "OFFICER_OF",
        "officers",
        [":START_ID(Person)", ":END_ID(Company)", "role"],
        (
            (holders_pool[int(off_p[i])], usccs[int(off_c[i])], "监事")
            for i in range(scale.officers)
        ),
    )
    contract_ids = [f"C{i:07d}" for i in range(scale.contracts)]
    out.table(
        "nodes",
        "Contract",
        "contracts",
        ["contract_id:ID(Contract)", "amount:float", "signed_date:date"],
        ((c, 100000.0, "2023-05-01") for c in contract_ids),
    )
    buyers = rng.integers(0, n_units, size=scale.contracts)
    suppliers = rng.integers(0, scale.companies, size=scale.contracts)
    out.table(
        "rels",
        "BUYER",
        "buyer",
        [":START_ID(Contract)", ":END_ID(Unit)"],
        ((contract_ids[i], unit_ids[int(buyers[i])]) for i in range(scale.contracts)),
    )
    out.table(
        "rels",
        "SUPPLIER",
        "supplier",
        [":START_ID(Contract)", ":END_ID(Company)"],
        ((contract_ids[i], usccs[int(suppliers[i])]) for i in range(scale.contracts)),
    )
    return {"holder": holder, "out": out, **out.counts, "leaders": len(set(leaders))}


def import_graph(home: Path, out: _Writer) -> float:
    """`neo4j-admin database import full` into a fresh home (offline, before the server starts)."""
    lib = server.ensure_jars()
    memory = server.Memory(heap="2g", pagecache="1g")
    server.write_config(home, server.free_port(), server.free_port(), memory, auth=False)
    command = server._java_command(home, lib, memory, server.ADMIN_TOOL)
    command += [
        "database",
        "import",
        "full",
        "neo4j",
        "--overwrite-destination=true",
        "--array-delimiter=;",
        "--threads=2",
        "--ignore-empty-strings=true",
        # neo4j-admin writes its report into the working directory unless told otherwise.
        f"--report-file={home / 'logs' / 'import.report'}",
    ]
    command += [f"--nodes={label}={path}" for label, path in out.nodes]
    command += [f"--relationships={rtype}={path}" for rtype, path in out.rels]
    env = {**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(home / "conf")}
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        raise SystemExit(f"import failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    return time.perf_counter() - start


def run_analyze_child(uri: str, server_pid: int | None, engine: str = "auto") -> dict:
    """`oversight analyze` in a child process: wall time, per-phase times, peak RSS."""
    env = {**os.environ, "NEO4J_URI": uri, "BENCH_NEO4J_PID": str(server_pid or "")}
    env.pop("NEO4J_PASSWORD", None)
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, __file__, "child", "--engine", engine],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )
    wall = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"analyze failed:\n{result.stderr[-3000:]}")
    data = json.loads(result.stdout.strip().splitlines()[-1])
    data["wall_seconds"] = wall  # includes interpreter start and imports
    return data


def run_cli(uri: str) -> float:
    """The real command line, end to end (process start, imports, analysis, write-back)."""
    env = {**os.environ, "NEO4J_URI": uri}
    start = time.perf_counter()
    result = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "oversight"), "analyze", "--as-of", AS_OF.isoformat()],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )
    if result.returncode != 0:
        raise SystemExit(f"oversight analyze failed:\n{result.stderr[-3000:]}")
    return time.perf_counter() - start


def _server_cpu(pid: int | None) -> float:
    """CPU seconds (user + system) the Neo4j server process has used so far."""
    if not pid:
        return 0.0
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class _CpuReporter:
    """Records the server's CPU per phase: on a shared machine wall time measures the
    neighbours too, CPU time measures the work."""

    def __init__(self, pid: int | None) -> None:
        self.pid = pid
        self.server: dict[str, float] = {}
        self._start = 0.0

    def start(self, phase: str, label: str) -> None:
        self._start = _server_cpu(self.pid)

    def end(self, phase: str, seconds: float, detail: str) -> None:
        self.server[phase] = _server_cpu(self.pid) - self._start


def child(engine: str) -> None:
    """Runs inside the measured child process."""
    from graph.analytics.pipeline import analyze
    from graph.db import get_db

    reporter = _CpuReporter(int(os.environ.get("BENCH_NEO4J_PID") or 0) or None)
    load_before = os.getloadavg()[0]
    workers = int(os.environ.get("BENCH_WORKERS") or 1)
    result = analyze(get_db(), AS_OF, engine=engine, workers=workers, reporter=reporter)
    print(
        json.dumps(
            {
                "timings": result.timings,
                "python_cpu": result.cpu,
                "server_cpu": reporter.server,
                "load_average": [load_before, os.getloadavg()[0]],
                "nodes": result.graph.n,
                "edges": result.graph.m,
                "leaders": len(result.leaders),
                "betweenness_exact": result.measures.betweenness_exact,
                "pivots": result.measures.betweenness_pivots,
                "top": [
                    (leader.pid, round(leader.power_index, 4)) for leader in result.leaders[:3]
                ],
                # peak resident memory of this process (Linux reports ru_maxrss in KiB)
                "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            }
        )
    )


def networkx_comparison(uri: str, budget: float) -> dict:
    """Plain NetworkX on the same projection: each measure timed; betweenness extrapolated
    from a few pivots when the full run would exceed the budget."""
    import networkx as nx

    from graph.analytics import measures
    from graph.analytics.projection import build_graph, read_projection

    db = Database(ConnectionSettings(uri, "neo4j", None, None, "env"))
    graph = build_graph(read_projection(db, AS_OF))
    db.close()
    nxg = graph.to_networkx()
    out: dict = {}
    start = time.perf_counter()
    nx.pagerank(nxg, alpha=0.85, weight="weight", tol=1e-9, max_iter=1000)
    out["pagerank"] = time.perf_counter() - start
    start = time.perf_counter()
    nx.community.louvain_communities(nxg, weight="weight", seed=measures.DEFAULT_SEED)
    out["communities"] = time.perf_counter() - start
    probe = min(20, graph.n)
    start = time.perf_counter()
    nx.betweenness_centrality(nxg, k=probe, seed=1)
    per_pivot = (time.perf_counter() - start) / probe
    pivots = graph.n if graph.n <= measures.EXACT_BETWEENNESS_LIMIT else measures.SAMPLE_PIVOTS
    estimate = per_pivot * pivots
    if estimate <= budget:
        start = time.perf_counter()
        measures.betweenness(graph, "networkx")
        out["betweenness"] = time.perf_counter() - start
    else:
        out["betweenness_estimated"] = estimate
        out["betweenness_exact_estimated"] = per_pivot * graph.n
    out["nodes"], out["edges"] = graph.n, graph.m
    return out


def error_study(n_units: int = 2_000, seed: int = 3) -> list[dict]:
    """Sampled vs exact betweenness on a synthetic power network of ~20k nodes."""
    from scipy.stats import spearmanr

    from graph.analytics import measures
    from graph.analytics.projection import (
        DecisionRecord,
        Duty,
        Nomination,
        Post,
        Projection,
        UnitRecord,
        build_graph,
    )

    rng = np.random.default_rng(seed)
    projection = Projection(as_of=AS_OF, since=AS_OF - dt.timedelta(days=1825))
    people = 0
    leaders = []
    for u in range(n_units):
        uid = f"U{u}"
        projection.units[uid] = UnitRecord(uid, uid, [], f"U{(u - 1) // 8}" if u else None)
        team = []
        for role in ["一把手"] + ["班子成员"] * int(rng.integers(2, 6)):
            pid = f"P{people}"
            people += 1
            projection.names[pid] = pid
            projection.posts.append(Post(pid, uid, role, "", AS_OF))
            team.append(pid)
        leaders += team
        for pid in team[1:]:
            for other in rng.integers(0, n_units, size=2):
                projection.duties.append(Duty(pid, f"U{int(other)}", ["财务"]))
        projection.decisions.append(DecisionRecord(f"D{u}", uid, "党委会", "", [team[0]], team))
    for i, k in enumerate(np.minimum(rng.zipf(1.6, size=n_units * 4) - 1, len(leaders) - 1)):
        appointee = leaders[int(rng.integers(0, len(leaders)))]
        projection.nominations.append(Nomination(f"A{i}", leaders[int(k)], appointee, None, ""))
    graph = build_graph(projection)
    start = time.perf_counter()
    exact = measures.betweenness(graph, "igraph", exact_limit=10**9).values
    exact_time = time.perf_counter() - start
    person_rows = np.array([i for i, key in enumerate(graph.nodes) if key.startswith("P:")])
    results = [{"k": "exact", "seconds": exact_time, "nodes": graph.n, "edges": graph.m}]
    top_exact = set(person_rows[np.argsort(-exact[person_rows])[:100]].tolist())
    for k in (250, 500, 1000, 2000):
        start = time.perf_counter()
        sampled = measures.betweenness(graph, "igraph", k=k).values
        seconds = time.perf_counter() - start
        top_sampled = set(person_rows[np.argsort(-sampled[person_rows])[:100]].tolist())
        nonzero = exact[person_rows] > 0
        rel = (
            np.abs(sampled[person_rows][nonzero] - exact[person_rows][nonzero])
            / exact[person_rows][nonzero]
        )
        results.append(
            {
                "k": k,
                "seconds": seconds,
                "spearman_persons": float(
                    spearmanr(exact[person_rows], sampled[person_rows]).statistic
                ),
                "top100_overlap": len(top_exact & top_sampled) / 100,
                "median_rel_error": float(np.median(rel)),
                "top100_median_rel_error": float(
                    np.median(
                        np.abs(sampled[list(top_exact)] - exact[list(top_exact)])
                        / exact[list(top_exact)]
                    )
                ),
            }
        )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command")
    child_parser = sub.add_parser("child")
    child_parser.add_argument("--engine", default="auto")
    parser.add_argument("--scale", choices=sorted(SCALES), default="city")
    parser.add_argument("--home", type=Path, default=None)
    parser.add_argument("--reuse", action="store_true", help="reuse an imported home")
    parser.add_argument("--keep", action="store_true", help="leave the server running")
    parser.add_argument("--nx-budget", type=float, default=300.0)
    parser.add_argument("--error-study", action="store_true")
    parser.add_argument("--no-networkx", action="store_true", help="skip the NetworkX comparison")
    parser.add_argument("--runs", type=int, default=1, help="measured runs after the warm-up")
    args = parser.parse_args()
    if args.command == "child":
        child(args.engine)
        return
    if args.error_study:
        for row in error_study():
            print(json.dumps(row))
        return
    home = (args.home or Path(tempfile.gettempdir()) / f"oversight-bench-{args.scale}").resolve()
    report: dict = {"scale": args.scale}
    if not (args.reuse and (home / "data" / "databases" / "neo4j").exists()):
        if home.exists():
            server.stop(home)
            import shutil

            shutil.rmtree(home)
        (home / "csv").mkdir(parents=True)
        start = time.perf_counter()
        generated = generate(home / "csv", SCALES[args.scale])
        report["generate_seconds"] = time.perf_counter() - start
        report["import_seconds"] = import_graph(home, generated["out"])
        report.update({k: generated[k] for k in ("nodes", "rels", "holder", "leaders")})
        print(json.dumps({k: v for k, v in report.items()}), flush=True)
    started = server.start(
        home,
        auth=False,  # a throwaway bench server; its child processes get only NEO4J_URI
        bolt_port=server.free_port(),
        http_port=server.free_port(),
        memory=server.Memory(heap="3g", pagecache="2g"),
    )
    try:
        db = Database(ConnectionSettings(started.uri, "neo4j", started.password, None, "env"))
        schema.migrate(db)
        db.run_autocommit("CALL db.awaitIndexes(600)")
        counts = (
            db.read("MATCH (n) RETURN count(n) AS n")[0]["n"],
            db.read("MATCH ()-[r]->() RETURN count(r) AS n")[0]["n"],
        )
        report["graph_nodes"], report["graph_relationships"] = counts
        db.close()
        pid = (read_instance(home) or {}).get("pid")
        report["warm_up"] = run_analyze_child(started.uri, pid)  # first run: cold caches
        report["analyze"] = [run_analyze_child(started.uri, pid) for _ in range(args.runs)]
        report["cli_seconds"] = run_cli(started.uri)
        if not args.no_networkx:
            report["networkx"] = networkx_comparison(started.uri, args.nx_budget)
    finally:
        if not args.keep:
            server.stop(home)
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
