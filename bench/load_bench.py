"""Loader throughput per registry against Neo4j's own `LOAD CSV`, on the same data and server.

    .venv/bin/python bench/load_bench.py --scale county        # sample data, own server
    .venv/bin/python bench/load_bench.py --data DIR            # any folder of registries

1. `oversight load` of the whole folder into an empty graph: per file, the seconds to read,
   validate (everything), shape, and write (the identity step is timed apart).
2. The graph is emptied. For each file, the rows the loader sent are written as a clean CSV
   (ISO dates, numbers, lists joined) into the server's import directory, and the SAME Cypher
   steps run as `LOAD CSV WITH HEADERS ... CALL { ... } IN TRANSACTIONS OF 10000 ROWS`, with
   the row map built from the CSV line. LOAD CSV gets clean, pre-shaped input: it does none of
   the reading, decoding, validation, hashing or shaping the loader does.
3. rows/s of both and their ratio (goal: loader / LOAD CSV >= 0.5).

Runs its own throwaway server (graph.server, temporary home, free ports) unless NEO4J_URI is
set; with NEO4J_URI, pass --import-dir (the server's `server.directories.import`).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graph import schema, server  # noqa: E402
from graph.db import Database  # noqa: E402
from graph.settings import ConnectionSettings  # noqa: E402
from loaders.pipeline import load_path, plan  # noqa: E402
from loaders.read import read_table  # noqa: E402
from loaders.shape import ShapeOptions, shape_records  # noqa: E402
from loaders.validate import validate_rows  # noqa: E402
from loaders.values import id_key  # noqa: E402
from loaders.write import steps_for  # noqa: E402

SEP = "\x1f"  # list items inside one CSV cell


def empty(db: Database) -> None:
    db.run_autocommit("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS")


def _kind(values: list[Any]) -> str:
    kinds = {type(v) for v in values if v is not None}
    if not kinds:
        return "str"
    if kinds <= {bool}:
        return "bool"
    if kinds <= {int}:
        return "int"
    if kinds <= {int, float}:
        return "float"
    if kinds <= {dt.date}:
        return "date"
    if kinds <= {list}:
        return "list"
    return "str"


def _expr(column: str, kind: str) -> str:
    raw = f"line.`{column}`"
    value = {
        "str": raw,
        "bool": f"{raw} = 'true'",
        "int": f"toInteger({raw})",
        "float": f"toFloat({raw})",
        "date": f"date({raw})",
        "list": f"split({raw}, '{SEP}')",
    }[kind]
    empty_value = "[]" if kind == "list" else "null"
    return f"CASE WHEN {raw} IS NULL OR {raw} = '' THEN {empty_value} ELSE {value} END"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return SEP.join(str(v) for v in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def clean_csv(rows: list[dict[str, Any]], path: Path) -> str:
    """Write shaped rows as a flat CSV; return the Cypher map expression rebuilding a row."""
    top = [k for k in rows[0] if k not in ("props", "srcs")] if rows else []
    props = sorted({k for r in rows for k in r.get("props", {})})
    columns = top + [f"p_{k}" for k in props] + ["srcs"]
    kinds = {k: _kind([r.get(k) for r in rows]) for k in top}
    kinds |= {f"p_{k}": _kind([r["props"].get(k) for r in rows]) for k in props}
    kinds["srcs"] = "list"
    for key, kind in kinds.items():
        if kind == "list" and any(isinstance(v, dict) for r in rows for v in (r.get(key) or [])):
            raise ValueError(f"{key}: lists of maps are not benchmarked")
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for r in rows:
            flat = {**{k: r.get(k) for k in top}, **{f"p_{k}": r["props"].get(k) for k in props}}
            flat["srcs"] = r["srcs"]
            writer.writerow([_cell(flat[c]) for c in columns])
    fields = [f"`{k}`: {_expr(k, kinds[k])}" for k in top if k != "srcs"]
    prop_map = ", ".join(f"`{k}`: {_expr('p_' + k, kinds['p_' + k])}" for k in props)
    fields += [f"props: {{{prop_map}}}", f"srcs: {_expr('srcs', 'list')}"]
    return "{" + ", ".join(fields) + "}"


def load_csv_query(step_query: str, row_expr: str) -> str:
    body = step_query.replace("UNWIND $rows AS row", f"WITH {row_expr} AS row", 1)
    return (
        "LOAD CSV WITH HEADERS FROM $url AS line\n"
        f"CALL (line) {{\n{body}\n}} IN TRANSACTIONS OF 10000 ROWS\n"
        "RETURN count(*) AS rows"
    )


def run(
    db: Database, data: Path, import_dir: Path, skip: set[str], batch_size: int = 10_000
) -> list[dict[str, Any]]:
    empty(db)
    schema.migrate(db)
    began = time.monotonic()
    summary = load_path(data, db=db, progress=False, batch_size=batch_size)
    total = time.monotonic() - began
    files = {f.file: f for f in summary.files}
    results = []
    for f in summary.files:
        results.append(
            {"file": f.file, "registry": f.registry, "rows": f.rows_read, "loader_s": f.seconds}
        )
    identity_s = total - sum(f.seconds for f in summary.files)
    print(
        f"loader: {summary.rows_read} rows in {total:.1f}s (identity step {identity_s:.1f}s)",
        file=sys.stderr,
    )

    empty(db)
    schema.migrate(db)
    planned, _ = plan(data)
    for item in planned:
        result = next(r for r in results if r["file"] == item.path.name)
        if item.registry.name in skip:
            continue
        table = read_table(item.path, registry=item.registry)
        validated = validate_rows(table, item.registry)
        options = ShapeOptions(files[item.path.name].source_id, id_key())
        rows = shape_records(item.registry.name, validated.good_records(), options)
        target = import_dir / f"bench_{item.registry.name}.csv"
        try:
            row_expr = clean_csv(rows, target)
        except ValueError as why:
            print(f"{item.registry.name}: skipped ({why})", file=sys.stderr)
            continue
        began = time.monotonic()
        for step in steps_for(item.registry.name):
            db.run_autocommit(
                load_csv_query(step.query, row_expr), {"url": f"file:///{target.name}"}
            )
        result["load_csv_s"] = time.monotonic() - began
        target.unlink()
    return results


def report(results: list[dict[str, Any]], label: str) -> str:
    lines = [
        f"| registry ({label}) | rows | loader s | loader rows/s | LOAD CSV s | LOAD CSV rows/s | ratio |",
        "|---|---|---|---|---|---|---|",
    ]
    tot = {"rows": 0, "loader": 0.0, "csv": 0.0, "rows_csv": 0}
    for r in results:
        loader_rate = r["rows"] / r["loader_s"] if r["loader_s"] else 0
        if "load_csv_s" in r:
            csv_rate = r["rows"] / r["load_csv_s"] if r["load_csv_s"] else 0
            ratio = f"{loader_rate / csv_rate:.2f}" if csv_rate else "-"
            csv_cells = f"{r['load_csv_s']:.2f} | {csv_rate:,.0f} | {ratio}"
            tot["csv"] += r["load_csv_s"]
            tot["rows_csv"] += r["rows"]
        else:
            csv_cells = "- | - | -"
        lines.append(
            f"| {r['registry']} | {r['rows']:,} | {r['loader_s']:.2f} | {loader_rate:,.0f} | {csv_cells} |"
        )
        tot["rows"] += r["rows"]
        tot["loader"] += r["loader_s"]
    compared = [r for r in results if "load_csv_s" in r]
    loader_cmp = sum(r["loader_s"] for r in compared)
    rows_cmp = sum(r["rows"] for r in compared)
    lr = rows_cmp / loader_cmp if loader_cmp else 0
    cr = rows_cmp / tot["csv"] if tot["csv"] else 0
    lines.append(
        f"| **all compared** | {rows_cmp:,} | {loader_cmp:.1f} | {lr:,.0f} | {tot['csv']:.1f} | "
        f"{cr:,.0f} | **{(lr / cr if cr else 0):.2f}** |"
    )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="city", choices=["city", "county", "province"])
    parser.add_argument("--data", type=Path, default=None, help="a folder of registries")
    parser.add_argument("--import-dir", type=Path, default=None)
    parser.add_argument("--heap", default="2g")
    parser.add_argument("--pagecache", default="1g")
    parser.add_argument("--skip", default="", help="registries not compared, comma separated")
    parser.add_argument("--batch-size", type=int, default=10_000, help="the loader's batch size")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="oversight-load-bench-"))
    home = None
    try:
        data = args.data
        if data is None:
            data = work / "sample"
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "app.cli",
                    "sample",
                    "--scale",
                    args.scale,
                    "--out",
                    str(data),
                ],
                check=True,
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
            )
        if os.environ.get("NEO4J_URI"):
            settings = ConnectionSettings(
                os.environ["NEO4J_URI"],
                os.environ.get("NEO4J_USER", "neo4j"),
                os.environ.get("NEO4J_PASSWORD"),
                None,
                "env",
            )
            if args.import_dir is None:
                parser.error("with NEO4J_URI, give --import-dir (the server's import directory)")
            import_dir = args.import_dir
        else:
            home = work / "neo4j"
            started = server.start(
                home,
                bolt_port=server.free_port(),
                http_port=server.free_port(),
                memory=server.Memory(heap=args.heap, pagecache=args.pagecache),
            )
            settings = ConnectionSettings(started.uri, "neo4j", started.password, None, "env")
            import_dir = home / "import"
        db = Database(settings)
        skip = {s for s in args.skip.split(",") if s}
        results = run(db, data, import_dir, skip, args.batch_size)
        db.close()
        print(report(results, args.scale if args.data is None else data.name))
    finally:
        if home is not None:
            server.stop(home)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
