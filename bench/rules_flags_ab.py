"""Turning rows into flags, two versions in one process: the rows of each version's rule
(its own Cypher, fetched its own way) are read once, then each version's `row_to_flag` runs on
its rows alternately, so that the load of the shared machine weighs on both alike. The flags'
dicts must be equal.

    PYTHONPATH=$PWD .venv/bin/python bench/rules_flags_ab.py --home H --base /tmp/old-tree APT-1
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import statistics
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.running import running_db  # noqa: E402
from queries import runner  # noqa: E402
from queries.catalogue import CATALOGUE  # noqa: E402

AS_OF = dt.date(2024, 6, 30)  # the benchmark graph's as-of (bench/analytics_bench.py AS_OF)


def _load(name: str, path: Path, replace: dict[str, ModuleType]) -> ModuleType:
    """A module of the other tree under another name; its `queries.catalogue` import is
    pointed at that tree's catalogue."""
    source = path.read_text(encoding="utf-8")
    for old, module in replace.items():
        source = source.replace(f"from {old} import", f"from {module.__name__} import")
    module = ModuleType(name)
    module.__file__ = str(path)
    sys.modules[name] = module
    exec(compile(source, str(path), "exec"), module.__dict__)  # noqa: S102
    return module


def _sorted(flags: list[Any]) -> list[str]:
    return sorted(json.dumps(f.to_dict(), ensure_ascii=False, sort_keys=True) for f in flags)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, required=True)
    parser.add_argument("--base", type=Path, required=True, help="the other version's tree")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("rules", nargs="+")
    args = parser.parse_args()
    spec = importlib.util.spec_from_file_location(
        "base_catalogue", args.base / "queries" / "catalogue.py"
    )
    assert spec and spec.loader
    base_catalogue = importlib.util.module_from_spec(spec)
    sys.modules["base_catalogue"] = base_catalogue
    spec.loader.exec_module(base_catalogue)
    base_runner = _load(
        "base_runner",
        args.base / "queries" / "runner.py",
        {"queries.catalogue": base_catalogue},
    )
    db = running_db(args.home)
    try:
        for rule_id in args.rules:
            rule, old = CATALOGUE[rule_id], base_catalogue.CATALOGUE[rule_id]
            rows = runner.fetch_rows(db, rule, {**rule.defaults(), "as_of": AS_OF})
            old_params = {**old.defaults(), "as_of": AS_OF}
            if hasattr(base_runner, "fetch_rows"):
                old_rows = base_runner.fetch_rows(db, old, old_params)
            else:
                old_rows = db.read_values(old.cypher, old_params)
            times: dict[str, list[float]] = {"base": [], "new": []}
            made: dict[str, list[str]] = {}
            for i in range(args.runs + 1):  # the first round warms up and keeps the flags
                for label, module, rule_, rows_ in (
                    ("base", base_runner, old, old_rows),
                    ("new", runner, rule, rows),
                ):
                    start = time.perf_counter()
                    flags = [module.row_to_flag(rule_, row, AS_OF) for row in rows_]
                    if i:
                        times[label].append(time.perf_counter() - start)
                    else:
                        made[label] = _sorted(flags)
            same = made["base"] == made["new"]
            base_ms = statistics.median(times["base"]) * 1000
            new_ms = statistics.median(times["new"]) * 1000
            print(json.dumps({
                "rule": rule_id, "rows": len(rows), "same_flags": same,
                "base_ms": round(base_ms), "new_ms": round(new_ms),
                "ratio": round(new_ms / base_ms, 2),
            }), flush=True)  # fmt: skip
    finally:
        db.close()


if __name__ == "__main__":
    main()
