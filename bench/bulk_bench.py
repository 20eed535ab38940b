"""First load of a sample folder two ways in one run (docs/BENCHMARKS.md, Bulk first load):
`oversight load DIR` (transactions) and `oversight load --bulk DIR` (neo4j-admin import), each
into a fresh local server of its own started with the same memory, through the command line
under /usr/bin/time (wall seconds, peak RSS of the Python process). Then for each: node and
relationship counts, and the flags (`flags --format json`) compared with each other and with
the sample's truth. With --bulk-only the normal load is skipped (province).

    PYTHONPATH=$PWD .venv/bin/python bench/bulk_bench.py --scale county --heap 1g --pagecache 1g
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.e2e_bench import check_truth  # noqa: E402
from graph import server  # noqa: E402

OVERSIGHT = str(Path(sys.executable).with_name("oversight"))
COUNTS = "MATCH (n) WITH count(n) AS nodes MATCH ()-[r]->() RETURN nodes, count(r) AS rels"


def _tree_rss_kb(root: int) -> int:
    """RSS of the Python processes under `root` (the load and its validation process; not the
    neo4j-admin importer, a Java process), summed: /proc, read now."""
    parents: dict[int, int] = {}
    names: dict[int, str] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        pid = int(stat.parent.name)
        names[pid] = text[text.index("(") + 1 : text.rindex(")")]
        parents[pid] = int(text[text.rindex(")") + 2 :].split()[1])
    tree, grew = {root}, True
    while grew:
        more = {pid for pid, parent in parents.items() if parent in tree} - tree
        grew = bool(more)
        tree |= more
    total = 0
    for pid in tree:
        if names.get(pid, "").startswith(("python", "oversight")):
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            total += int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) if "VmRSS" in status else 0
    return total


def timed(args: list[str], env: dict[str, str], out: Path) -> dict[str, Any]:
    """One CLI command under /usr/bin/time: wall seconds, the process's peak RSS as the kernel
    counts it (the largest of the process and its children, the Java importer included), and
    the peak of the Python processes' RSS summed (the load and its validation process),
    sampled every half second."""
    stats = out.with_suffix(".time")
    command = ["/usr/bin/time", "-f", "%e %M %U %S", "-o", str(stats), OVERSIGHT, *args]
    began = time.perf_counter()
    python_peak = 0
    with out.open("w", encoding="utf-8") as sink:
        running = subprocess.Popen(command, env=env, stdout=sink, stderr=subprocess.PIPE)
        errors: list[bytes] = []
        reader = threading.Thread(target=lambda: errors.append(running.stderr.read()))
        reader.start()
        while running.poll() is None:
            python_peak = max(python_peak, _tree_rss_kb(running.pid))
            time.sleep(0.5)
        reader.join()
    wall = time.perf_counter() - began
    if running.returncode != 0:
        raise SystemExit(f"oversight {' '.join(args)} failed:\n{b''.join(errors).decode()[-3000:]}")
    _, peak_kb, user, system = stats.read_text().split()[-4:]
    # CPU seconds of the Python process: what it costs when the machine is shared
    cpu = round(float(user) + float(system), 1)
    return {
        "seconds": round(wall, 1),
        "peak_rss_mb": round(int(peak_kb) / 1024),
        "python_rss_peak_mb": round(python_peak / 1024),
        "cpu_s": cpu,
    }


def one_way(
    name: str, data: Path, work: Path, memory: server.Memory, as_of: str, truth: dict
) -> dict[str, Any]:
    home = work / f"home-{name}"
    started = server.start(
        home, bolt_port=server.free_port(), http_port=server.free_port(), memory=memory
    )
    env = {**os.environ, "OVERSIGHT_HOME": str(home), "OVERSIGHT_AUDIT_LOG": str(work / "a.log")}
    env.pop("NEO4J_URI", None)
    env["PYTHONPATH"] = str(ROOT)
    try:
        args = ["load", "--no-progress", str(data)]
        if name == "bulk":
            args.insert(1, "--bulk")
        report = {"load": timed(args, env, work / f"load-{name}.txt")}
        summary = (work / f"load-{name}.txt").read_text(encoding="utf-8")
        match = re.search(r"读取 (\d+) 行 \(rows read\)", summary.splitlines()[-2])
        report["rows"] = int(match.group(1)) if match else None
        from graph.db import Database
        from graph.settings import connection_settings

        db = Database(connection_settings(home))
        report.update(db.read(COUNTS)[0])
        db.close()
        flags_file = work / f"flags-{name}.json"
        report["flags_run"] = timed(
            ["flags", "--as-of", as_of, "--format", "json"], env, flags_file
        )
        flags = json.loads(flags_file.read_text(encoding="utf-8"))
        report["truth"] = check_truth(truth, flags)
        report["_flags"] = flags
        report["started_in_s"] = round(started.seconds, 1)
    finally:
        server.stop(home)
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=["city", "county", "province"], default="county")
    parser.add_argument("--seed", default="1")
    parser.add_argument("--heap", default="1g")
    parser.add_argument("--pagecache", default="1g")
    parser.add_argument("--bulk-only", action="store_true")
    parser.add_argument("--data", type=Path, default=None, help="an existing sample folder")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix=f"oversight-bulk-{args.scale}-"))
    data = args.data or work / "sample"
    memory = server.Memory(heap=args.heap, pagecache=args.pagecache)
    options = {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()}
    report: dict[str, Any] = {"scale": args.scale, "seed": args.seed, "memory": options}
    try:
        if args.data is None:
            env = {**os.environ, "PYTHONPATH": str(ROOT)}
            sample = ["sample", "--scale", args.scale, "--seed", args.seed, "--out", str(data)]
            subprocess.run([OVERSIGHT, *sample], env=env, check=True, capture_output=True)
        truth = json.loads((data / "_truth.json").read_text(encoding="utf-8"))
        as_of = truth["as_of"]
        report["loadavg_before"] = [round(x, 1) for x in os.getloadavg()]
        ways = ["bulk"] if args.bulk_only else ["normal", "bulk"]
        for way in ways:
            report[way] = one_way(way, data, work, memory, as_of, truth)
        report["loadavg_after"] = [round(x, 1) for x in os.getloadavg()]
        if not args.bulk_only:
            normal, bulk = report["normal"], report["bulk"]
            report["same_counts"] = (normal["nodes"], normal["rels"]) == (
                bulk["nodes"],
                bulk["rels"],
            )
            report["same_flags"] = normal["_flags"] == bulk["_flags"]
            report["bulk_over_normal_time"] = round(
                bulk["load"]["seconds"] / normal["load"]["seconds"], 3
            )
        for way in ways:
            report[way].pop("_flags")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
