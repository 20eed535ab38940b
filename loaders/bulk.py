"""`oversight load --bulk DIR`: a first load into an empty local database, through
`neo4j-admin database import full` instead of transactions.

1. Refused (exit 2) unless the target is the local server `oversight db start` manages and its
   database holds no node: the import replaces the whole database.
2. Plan and validate exactly as `oversight load` does (loaders/pipeline.py: the same files in
   the same order, the same errors, all-or-nothing, `--skip-bad-rows`, `--report`), in a
   second process (loaders/validation_process.py) that hands each file's records over as they
   are validated, so that each row is read once and both cores work.
3. Meanwhile shape the rows with the same code (loaders/shape.py) and build, in memory, the
   graph the registries' Cypher would write (loaders/bulk_graph.py); written out as CSV files
   (loaders/bulk_csv.py) registry after registry. Any error: BadInput once every file is
   validated, the CSV files deleted, the database untouched.
4. Stop the server, import into its `neo4j` database (--overwrite-destination), start it again
   with the same ports, password and memory.
5. As the normal loader: the schema, each file's `Source` node, the identity step.

Later loads are incremental through the normal loader.
"""

from __future__ import annotations

import datetime as dt
import gc
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from graph import schema, server
from graph.db import Database, get_db, reset_db
from graph.errors import DatabaseUnavailable, OversightError
from graph.settings import connection_settings, read_instance
from loaders import identity, validation_process
from loaders import snapshot as snapshots
from loaders.bulk_csv import ARRAY_DELIMITER_OPTION, ImportFiles
from loaders.bulk_graph import BulkGraph, Outcomes, apply_rows
from loaders.mapping import MappingFile, load_mapping
from loaders.pipeline import (
    FileSummary,
    LoadSummary,
    _plan_snapshots,
    _Planned,
    _Prepared,
    _Progress,
    _records_again,
    _snapshot_groups,
    _unchanged_since_validation,
    file_sha256,
    known_ids,
    plan,
    refuse_on_errors,
    stops_the_load,
    validate_all,
)
from loaders.problems import Problem
from loaders.shape import ShapeOptions, mint_deferred, shape_records
from loaders.values import id_key
from loaders.write import load_params, steps_for, write_source


class BulkRefused(OversightError):
    """A bulk load that would replace data, or a server it cannot stop and import into."""

    exit_code = 2


# The share of the records the validation process shapes itself (the parent shapes the rest,
# replays every row and writes the files); None: whenever the parent is behind, so that both
# stay busy whatever the registry (validating costs less than the rest, by how much depends on
# the registry; docs/BENCHMARKS.md).
CHILD_SHAPING_SHARE: float | None = None


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


class _Builder:
    """The in-memory graph and the import files, fed file after file in the load's order:
    each file's records shaped with the normal loader's code (the facts' keys for later
    snapshot loads; a surrogate minted for each row naming a 身份证号, of which the replay uses
    a number's first only: `ShapeOptions.surrogates`) and replayed (bulk_graph)."""

    def __init__(
        self,
        folder: Path,
        store_clear_ids: bool,
        date: dt.date,
        plans: dict[str, snapshots.Plan],
    ) -> None:
        self.files = ImportFiles(folder)
        # writes out, chunk after chunk, what no later row changes (loaders/bulk_graph.py)
        self.graph = BulkGraph(self.files)
        # what every file is shaped with, here or in the validation process (`options`)
        self.shaping = ShapeOptions("", id_key(), store_clear_ids, surrogates=None, fact_keys=True)
        self.date = date
        self.plans = plans
        self.id_cache: dict[str, tuple[str, str, bool]] = {}
        self._name = ""
        self._last_of_load = False
        self._options: ShapeOptions | None = None
        self._counts = Outcomes()
        self._rows_written = 0
        self._began = 0.0

    def begin(self, name: str, source_id: str, last_of_registry: bool, last_of_load: bool) -> None:
        """A file begins; `last_of_registry`: no later file of this load is of its registry
        (its relationships and own nodes go to the CSV writer when it ends)."""
        self._name = name
        self.graph.last_file = last_of_registry
        self._last_of_load = last_of_load
        self._began = time.monotonic()
        self._counts = Outcomes()
        self._rows_written = 0
        # as load_path dates a change a row brings (a company's new legal representative)
        plan = self.plans.get(name)
        self.graph.change = load_params(
            self.date, snapshots.next_snapshot_id(plan) if plan is not None else source_id
        )
        self._options = replace(self.shaping, source_id=source_id, id_cache=self.id_cache)

    def add(self, records: list[dict[str, Any]]) -> int:
        """One chunk of the file's validated records; how many."""
        assert self._options is not None, "begin() first"
        return self.add_rows(shape_records(self._name, records, self._options), len(records))

    def add_rows(self, rows: list[dict[str, Any]], records: int) -> int:
        """The rows shaped from `records` records, elsewhere, their surrogates deferred
        (validation_process.ChildShaping), or here; `records`."""
        mint_deferred(self._name, rows, None)
        self._rows_written += len(rows)
        done = apply_rows(self.graph, self._name, rows)
        if self._name in self.plans:
            self.plans[self._name].note_written(rows)
        self._counts.created += done.created
        self._counts.updated += done.updated
        self._counts.unchanged += done.unchanged
        return records

    def end(self, summary: FileSummary) -> None:
        """The file is done: its counts into `summary`."""
        summary.rows_written = self._rows_written
        summary.created = self._counts.created
        summary.updated = self._counts.updated
        summary.unchanged = self._counts.unchanged
        if self.graph.last_file:
            nodes, rels = self.graph.flush(final=self._last_of_load)
            self.files.add_nodes(nodes)
            self.files.add_relationships(rels)
            del rels
        summary.seconds += time.monotonic() - self._began

    def close(self) -> None:
        self.files.close()


def _ends(planned: list[_Planned], index: int) -> tuple[bool, bool]:
    """(the last file of its registry in the load, the last file of the load)."""
    last = index == len(planned) - 1
    return last or planned[index + 1].registry.name != planned[index].registry.name, last


def _build_files(
    prepared: list[_Prepared],
    folder: Path,
    store_clear_ids: bool,
    bar: _Progress,
    date: dt.date,
    plans: dict[str, snapshots.Plan],
) -> ImportFiles:
    """The import files from files validated first (`validate_all`): a kept file's records
    shaped whole, a streamed one read and validated again chunk after chunk, as the normal
    loader writes them (pipeline._write_prepared)."""
    builder = _Builder(folder, store_clear_ids, date, plans)
    planned = [ready.planned for ready in prepared]
    try:
        for index, ready in enumerate(prepared):
            summary = ready.summary
            builder.begin(ready.planned.registry.name, summary.source_id, *_ends(planned, index))
            total = summary.rows_read - summary.skipped_rows
            chunks = [ready.records] if ready.records is not None else _records_again(ready)
            with bar.task(f"整理 shape {summary.file}", total) as advance:
                for records in chunks:
                    advance(builder.add(records))
            # in the graph now: a file's validated records are freed once applied
            ready.records = []
            builder.end(summary)
    finally:
        builder.close()
    return builder.files


PlanSnapshots = Callable[[dict[str, list[_Prepared]]], dict[str, snapshots.Plan]]


@dataclass
class Built:
    """What the Python side of a bulk load made: the validated files (records dropped), the
    snapshot plans, the import files."""

    prepared: list[_Prepared]
    plans: dict[str, snapshots.Plan]
    files: ImportFiles


@dataclass
class BulkJob:
    """What a bulk load's Python side works from and into: the planned files, as the normal
    loader validates them (mapping, the ids known, `--skip-bad-rows`, `--report`), the
    progress bar, the load's summary, and the import files' folder, shaping options and
    snapshot plans."""

    planned: list[_Planned]
    mapping: MappingFile | None
    known: dict[str, set[str]]
    skip_bad_rows: bool
    bar: _Progress
    summary: LoadSummary
    report: str | Path | None
    folder: Path
    store_clear_ids: bool
    date: dt.date
    plan_snapshots: PlanSnapshots


def _build_validated_first(job: BulkJob) -> Built:
    prepared = validate_all(
        job.planned, job.mapping, job.known, job.skip_bad_rows, job.bar, job.summary, job.report
    )
    _unchanged_since_validation(prepared)
    plans = job.plan_snapshots(_snapshot_groups(prepared, None))
    files = _build_files(prepared, job.folder, job.store_clear_ids, job.bar, job.date, plans)
    return Built(prepared, plans, files)


def _build_while_validating(job: BulkJob) -> Built | None:
    """As `_build_validated_first`, with the validation in a second process
    (loaders/validation_process.py) whose records are shaped as they come: each row is read
    and validated once, on the other core. The same problems (BadInput after the build: the
    import files are not used), the same files. None when rows handed over turned out bad
    later (`--skip-bad-rows` and a key repeated further down a streamed file): the caller
    builds again with the validation first."""
    planned, bar = job.planned, job.bar
    sha256 = [file_sha256(item.path) for item in planned]
    # the plans need the files' source ids only: a first export takes its facts as written
    ahead = [
        _Prepared(item, FileSummary(item.path.name, item.registry.name, sha256=sha), None)
        for item, sha in zip(planned, sha256, strict=True)
    ]
    plans = job.plan_snapshots(_snapshot_groups(ahead, None))
    builder = _Builder(job.folder, job.store_clear_ids, job.date, plans)
    shaping = validation_process.ChildShaping(
        registries=[item.registry.name for item in planned],
        source_ids=[ready.summary.source_id for ready in ahead],
        options=builder.shaping,
        share=CHILD_SHAPING_SHARE,
    )
    prepared: list[_Prepared] = []
    problems: list[Problem] = []
    stopped = False  # an error that stops the load: the rest is only validated
    try:
        with ExitStack() as task:
            advance: Callable[[int], None] | None = None
            for message in validation_process.validated_stream(
                planned, job.mapping, job.known, job.skip_bad_rows, sha256, shaping
            ):
                index = message.index
                if advance is None:
                    builder.begin(
                        planned[index].registry.name,
                        ahead[index].summary.source_id,
                        *_ends(planned, index),
                    )
                    label = f"校验并整理 validate+shape {planned[index].path.name}"
                    advance = task.enter_context(bar.task(label, None))
                if isinstance(message, validation_process.Rows):
                    if stopped:
                        continue
                    if message.shaped:
                        advance(builder.add_rows(message.records, message.count))
                    else:
                        advance(builder.add(message.records))
                    continue
                ready = message.ready
                ready.summary.seconds = 0.0
                builder.end(ready.summary)
                task.close()
                advance = None
                prepared.append(ready)
                problems.extend(message.problems)
                stopped = stopped or any(
                    stops_the_load(p, job.skip_bad_rows) for p in message.problems
                )
    finally:
        builder.close()
    if any(ready.late_bad_rows for ready in prepared) and not stopped:
        return None
    summary = job.summary
    summary.files.extend(ready.summary for ready in prepared)
    summary.problems.extend(problems)
    counted = sum(ready.summary.errors for ready in prepared)
    refuse_on_errors(
        summary.problems, skip_bad_rows=job.skip_bad_rows, report=job.report, counted=counted
    )
    return Built(prepared, plans, builder.files)


def build_import_files(job: BulkJob, parallel: bool = True) -> Built:
    """The Python side of a bulk load: validate every planned file exactly as the normal
    loader does (BadInput with every problem, nothing imported), shape and replay every row,
    write the import files into `job.folder`. `parallel` (where a process can be forked): the
    validation runs in a second process while the rows are shaped."""
    folder = job.folder
    with _without_cycle_collection():
        if parallel and validation_process.available():
            built = _build_while_validating(job)
            if built is not None:
                return built
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
        return _build_validated_first(job)


@contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """Python's cycle collector off while the import files are built (and in the validation
    process, forked meanwhile). The build holds millions of long-lived dicts and tuples that
    form no cycles, and each of the collector's full passes walks all of them: a quarter of the
    shaping process's CPU on the county (docs/BENCHMARKS.md), for nothing freed (the same peak
    memory). Reference counting still frees everything as before."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _memory(instance: dict) -> server.Memory:
    """The memory the local server was started with (its instance record)."""
    return server.Memory(
        heap=instance.get("heap", server.Memory.heap),
        pagecache=instance.get("pagecache", server.Memory.pagecache),
    )


def _restart(home: Path, instance: dict) -> None:
    memory = _memory(instance)
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
        date = snapshot_date or dt.date.today()
        folder.mkdir(parents=True, exist_ok=True)
        built = build_import_files(
            BulkJob(
                planned=planned,
                mapping=mapping_file,
                known=known,
                skip_bad_rows=skip_bad_rows,
                bar=bar,
                summary=summary,
                report=report,
                folder=folder,
                store_clear_ids=store_clear_ids,
                date=date,
                # planned on the empty database, as a normal first load plans them: every
                # fact appears
                plan_snapshots=lambda groups: _plan_snapshots(
                    db, groups, date, store_clear_ids, allow_mass_end=True
                ),
            )
        )
        prepared, plans, files = built.prepared, built.plans, built.files
        groups = _snapshot_groups(prepared, None)
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
                # the stopped server's heap, sized to the machine (`db start`), is free: at
                # province the tool warns that 1 GB "may be too small" (docs/BENCHMARKS.md)
                heap=_memory(instance).heap,
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
        return summary
    finally:
        bar.close()
        # imported, or refused (an error found while the rows were shaped): not kept
        shutil.rmtree(folder, ignore_errors=True)
        summary.seconds = time.monotonic() - began
