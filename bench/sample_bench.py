"""Benchmark `oversight sample`: wall time and peak memory of writing a scale, rows and
relationships written. Runs the real command in a child process under /usr/bin/time -v.

    .venv/bin/python bench/sample_bench.py --scale province [--out DIR] [--keep]

Prints one JSON object; docs/BENCHMARKS.md records the figures.
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
from pathlib import Path

OVERSIGHT = Path(sys.executable).with_name("oversight")


def run(scale: str, out: Path, seed: int) -> dict:
    command = [str(OVERSIGHT), "sample", "--scale", scale, "--seed", str(seed), "--out", str(out)]
    done = subprocess.run(
        ["/usr/bin/time", "-v", *command], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(done.stderr[-3000:])
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", done.stderr)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    user = re.search(r"User time \(seconds\): ([\d.]+)", done.stderr)
    system = re.search(r"System time \(seconds\): ([\d.]+)", done.stderr)
    hours, minutes, seconds = (float(g) if g else 0.0 for g in wall.groups()) if wall else (0, 0, 0)
    meta = json.loads((out / "_invalid_ids.json").read_text("utf-8"))
    truth = json.loads((out / "_truth.json").read_text("utf-8"))
    size = sum(p.stat().st_size for p in out.iterdir())
    return {
        "command": " ".join(["/usr/bin/time", "-v", *command]),
        "scale": scale,
        "seconds": round(hours * 3600 + minutes * 60 + seconds, 1),
        "cpu_seconds": round(float(user.group(1)) + float(system.group(1)), 1)
        if user and system
        else None,
        "load_average_1min_after": round(os.getloadavg()[0], 1),
        "peak_rss_mb": round(int(rss.group(1)) / 1024, 1) if rss else None,
        "bytes_written": size,
        "people_and_relatives": meta["people_and_relatives"],
        "companies": meta["rows"]["companies"],
        "relationships": meta["relationships"],
        "rows": meta["rows"],
        "cases": len(truth["cases"]),
        "figures": truth["figures"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="province", choices=["city", "county", "province"])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--keep", action="store_true", help="keep the written folder")
    args = parser.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix=f"sample-{args.scale}-"))
    try:
        print(json.dumps(run(args.scale, out, args.seed), ensure_ascii=False, indent=1))
    finally:
        if not args.keep and args.out is None:
            shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
