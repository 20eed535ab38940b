"""`oversight load --bulk DIR`: a first load into an empty local database, through
`neo4j-admin database import full` instead of transactions.

1. Refused (exit 2) unless the target is the local server `oversight db start` manages and its
   database holds no node: the import replaces the whole database.
2. Plan and validate exactly as `oversight load` does (loaders/pipeline.py: the same files in
   the same order, the same errors, all-or-nothing, `--skip-bad-rows`, `--report`).
3. Shape the rows with the same code (loaders/shape.py) and build, in memory, the graph the
   registries' Cypher would write (loaders/bulk_graph.py); written out as CSV files
   (loaders/bulk_csv.py) registry after registry.
4. Stop the server, import into its `neo4j` database (--overwrite-destination), start it again
   with the same ports, password and memory.
5. As the normal loader: the schema, each file's `Source` node, the identity step.

Later loads are incremental through the normal loader.
"""

from __future__ import annotations

import datetime as dt
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from graph import schema, server
from graph.db import Database, get_db, reset_db
from graph.errors import DatabaseUnavailable, OversightError
from graph.settings import connection_settings, read_instance
from loaders import identity
from loaders import snapshot as snapshots
from loaders.bulk_csv import ARRAY_DELIMITER_OPTION, ImportFiles
from loaders.bulk_graph import BulkGraph, Outcomes, apply_rows
from loaders.mapping import MappingFile, load_mapping
from loaders.pipeline import (
    LoadSummary,
    _plan_snapshots,
    _Prepared,
    _Progress,
    _records_again,
    _snapshot_groups,
    _unchanged_since_validation,
    known_ids,
    plan,
    validate_all,
)
from loaders.shape import ShapeOptions, shape_records
from loaders.values import id_key
from loaders.write import load_params, steps_for, write_source


class BulkRefused(OversightError):
    """A bulk load that would replace data, or a server it cannot stop and import into."""

    exit_code = 2


def _step(name: str) -> str:
    return {s.name: s.query for s in steps_for("bulk")}[name]


def _local_home() -> Path:
    settings = connection_settings()
    if settings.origin == "env":
        raise BulkRefused(
            "批量载入只能用于本机 `oversight db start` 管理的数据库，不能用于 NEO4J_URI 指定的"
            f"数据库 {settings.uri} (--bulk needs the local server `oversight db start` manages, "
            "not NEO4J_URI; use a normal load)"
        )
    return Path(settings.origin)


def _refuse_unless_empty(db: Database) -> None:
    if db.read(_step("any_node")):
        raise BulkRefused(
            "数据库不是空的：批量载入只用于首次载入，之后请用普通载入 `oversight load` "
            "(the database is not empty: --bulk is for a first load; use `oversight load`)"
        )


def _shaped_chunks(
    ready: _Prepared, store_clear_ids: bool, surrogates: dict[str, str]
) -> Iterator[list[dict[str, Any]]]:
    """As the normal loader (pipeline._write_prepared): a kept file shaped whole, a streamed
    one chunk after chunk."""
    # as the normal loader: one surrogate per 身份证号 across the load's files, and the facts'
    # keys for later snapshot loads
    options = ShapeOptions(
        ready.summary.source_id,
        id_key(),
        store_clear_ids,
        surrogates=surrogates,
        fact_keys=True,
    )
    name = ready.planned.registry.name
    if ready.records is not None:
        yield shape_records(name, ready.records, options)
        return
    for chunk in _records_again(ready):
        yield shape_records(name, chunk, options)


def _build_files(
    prepared: list[_Prepared],
    folder: Path,
    store_clear_ids: bool,
    bar: _Progress,
    date: dt.date,
    plans: dict[str, snapshots.Plan],
) -> ImportFiles:
    files = ImportFiles(folder)
    graph = BulkGraph(files)  # writes out, chunk after chunk, what no later row changes
    surrogates: dict[str, str] = {}  # one surrogate per number across the load's files
    try:
        for index, ready in enumerate(prepared):
            began = time.monotonic()
            summary = ready.summary
            name = ready.planned.registry.name
            counts = Outcomes()
            # as load_path dates a change a row brings (a company's new legal representative)
            graph.change = load_params(
                date,
                snapshots.next_snapshot_id(plans[name]) if name in plans else summary.source_id,
            )
            summary.rows_written = 0
            total = summary.rows_read - summary.skipped_rows
            last = index == len(prepared) - 1
            graph.last_file = last or prepared[index + 1].planned.registry.name != name
            with bar.task(f"整理 shape {summary.file}", total) as advance:
                for rows in _shaped_chunks(ready, store_clear_ids, surrogates):
                    summary.rows_written += len(rows)
                    done = apply_rows(graph, name, rows)
                    if name in plans:
                        plans[name].note_written(rows)
                    counts.created += done.created
                    counts.updated += done.updated
                    counts.unchanged += done.unchanged
                    advance(len(rows))
            # in the graph now: a file's validated records are freed once applied
            ready.records = []
            summary.created, summary.updated, summary.unchanged = (
                counts.created,
                counts.updated,
                counts.unchanged,
            )
            if graph.last_file:
                nodes, rels = graph.flush(final=last)
                files.add_nodes(nodes)
                files.add_relationships(rels)
                del rels
            summary.seconds += time.monotonic() - began
    finally:
        files.close()
    return files


def _restart(home: Path, instance: dict) -> None:
    memory = server.Memory(
        heap=instance.get("heap", server.Memory.heap),
        pagecache=instance.get("pagecache", server.Memory.pagecache),
    )
    server.start(
        home,
        bolt_port=instance["bolt_port"],
        http_port=instance.get("http_port") or 7474,
        http=bool(instance.get("http_port")),
        auth=instance.get("auth", True),
        memory=memory,
    )


def load_bulk(
    path: str | Path,
    registry: str | None = None,
    mapping: str | Path | MappingFile | None = None,
    skip_bad_rows: bool = False,
    report: str | Path | None = None,
    progress: bool = False,
    store_clear_ids: bool = False,
    snapshot_date: dt.date | None = None,
    by: str = "",
) -> LoadSummary:
    """A first load of a file or folder into the empty local database through the offline
    importer; the same graph as `load_path` on an empty database (with the first snapshot of
    each registry declared a snapshot recorded, as a normal first load records it). Raises BadInput (nothing
    written) on any error, BulkRefused when the database is not empty or not local."""
    began = time.monotonic()
    path = Path(path)
    home = _local_home()
    mapping_file = load_mapping(mapping) if isinstance(mapping, str | Path) else mapping
    planned, skipped = plan(path, registry)
    summary = LoadSummary(problems=list(skipped))
    bar = _Progress(progress)
    folder = home / "import" / f"bulk-{time.strftime('%Y%m%d-%H%M%S')}"
    try:
        db = get_db()
        db.verify()
        _refuse_unless_empty(db)
        known = known_ids(db)
        prepared = validate_all(planned, mapping_file, known, skip_bad_rows, bar, summary, report)
        _unchanged_since_validation(prepared)
        groups = _snapshot_groups(prepared, None)
        date = snapshot_date or dt.date.today()
        # planned on the empty database, as a normal first load plans them: every fact appears
        plans = _plan_snapshots(db, groups, date, store_clear_ids, allow_mass_end=True)
        folder.mkdir(parents=True, exist_ok=True)
        files = _build_files(prepared, folder, store_clear_ids, bar, date, plans)
        bar.close()
        instance = read_instance(home)
        if not instance or not instance.get("bolt_port"):
            raise DatabaseUnavailable(
                f"本地数据库未运行 (the local server in {home} is not running)"
            )
        _refuse_unless_empty(db)  # nothing was written meanwhile
        reset_db()
        server.stop(home)
        try:
            server.import_full(
                home,
                files.nodes,
                files.relationships,
                array_delimiter=ARRAY_DELIMITER_OPTION,
                multiline=files.multiline,
                database=instance.get("database", "neo4j"),
            )
        finally:
            _restart(home, instance)
        db = get_db()
        schema.migrate(db)
        for ready in prepared:
            s = ready.summary
            write_source(
                db,
                source_id=s.source_id,
                name=s.file,
                sha256=s.sha256,
                registry=ready.planned.registry.name,
                rows=s.rows_read,
            )
        for name, files_of in groups.items():
            names = [f.summary.file for f in files_of]
            summary.snapshots.append(snapshots.apply(db, plans[name], names, by))
        summary.identity = identity.resolve(db)
        shutil.rmtree(folder, ignore_errors=True)
        return summary
    finally:
        bar.close()
        summary.seconds = time.monotonic() - began
