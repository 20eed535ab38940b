"""Where the time of one `oversight load --bulk DIR` goes: the command run in this process with
each of its steps timed (the Python side, the server's stop, `neo4j-admin database import
full`, the restart, the schema, the Source and Snapshot nodes, the identity step), and the
import tool's own report of its stages. The local server of OVERSIGHT_HOME must be running
and empty (docs/BENCHMARKS.md, "Bulk first load").

    export OVERSIGHT_HOME=/tmp/prov-phases
    .venv/bin/oversight db start --heap 2g --pagecache 2g
    PYTHONPATH=$PWD .venv/bin/python bench/bulk_phases.py /work/tmp/p13/prov
    .venv/bin/oversight db stop

Prints one JSON object: seconds per step (summed over its calls) and the tool's stage lines.
"""

from __future__ import annotations

import functools
import json
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.cli import main as oversight  # noqa: E402
from loaders import bulk  # noqa: E402

SECONDS: dict[str, float] = defaultdict(float)
TOOL: list[str] = []


def _timed(owner: Any, name: str, step: str) -> None:
    function = getattr(owner, name)

    @functools.wraps(function)
    def timed(*args: Any, **kwargs: Any) -> Any:
        began = time.monotonic()
        try:
            return function(*args, **kwargs)
        finally:
            SECONDS[step] += time.monotonic() - began

    setattr(owner, name, timed)


def _keep_tool_report() -> None:
    """The import tool's stage lines ("Node import COMPLETED in 19s"), from its output."""
    run = subprocess.run

    def kept(*args: Any, **kwargs: Any) -> Any:
        result = run(*args, **kwargs)
        if kwargs.get("capture_output") and isinstance(result.stdout, str):
            TOOL.extend(
                line.strip()
                for line in result.stdout.splitlines()
                if "COMPLETED" in line or "IMPORT DONE" in line
            )
        return result

    bulk.server.subprocess.run = kept  # type: ignore[attr-defined]


def main(folder: str) -> None:
    for owner, name, step in [
        (bulk, "build_import_files", "python side"),
        (bulk.server, "stop", "server stop"),
        (bulk.server, "import_full", "import"),
        (bulk, "_restart", "restart"),
        (bulk.schema, "migrate", "schema"),
        (bulk, "write_source", "sources and snapshots"),
        (bulk.snapshots, "apply", "sources and snapshots"),
        (bulk.identity, "resolve", "identity"),
    ]:
        _timed(owner, name, step)
    _keep_tool_report()
    began = time.monotonic()
    try:
        oversight(["load", "--bulk", "--no-progress", folder])  # exits with the command's status
    finally:
        report = {"total": round(time.monotonic() - began, 1)}
        report.update({step: round(seconds, 1) for step, seconds in SECONDS.items()})
        print(json.dumps({"seconds": report, "import tool": TOOL}, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main(sys.argv[1])
