"""How long a command takes to answer when it needs no database work (docs/BENCHMARKS.md,
Command start): `oversight --help`, `oversight db status`, `oversight report --list`, each
run N times as a new process; median and slowest wall seconds.

    PYTHONPATH=$PWD .venv/bin/python bench/cli_start_bench.py --runs 10
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OVERSIGHT = str(Path(sys.executable).with_name("oversight"))
COMMANDS = (["--help"], ["db", "status", "--home", "{home}"], ["report", "--list"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for command in COMMANDS:
            argv = [a.format(home=Path(tmp) / "home") for a in command]
            times = []
            for _ in range(args.runs):
                began = time.perf_counter()
                subprocess.run([OVERSIGHT, *argv], env=env, capture_output=True, check=True)
                times.append(time.perf_counter() - began)
            results[" ".join(command[:2] if command[0] == "db" else command)] = {
                "median_s": round(statistics.median(times), 3),
                "max_s": round(max(times), 3),
            }
    load = os.getloadavg()
    print(json.dumps({"runs": args.runs, "loadavg": [round(x, 1) for x in load], **results}))


if __name__ == "__main__":
    main()
