"""`oversight load`: files or folders of registries into the graph, all-or-nothing per load.

1. Plan: a file (registry from `--registry` or its stem) or a folder (every recognised file,
   in the declaration's dependency order).
2. Validate EVERYTHING before ANY write: every row of every file, then references against
   the ids in the database plus those of files earlier in the same folder. Any error (and no
   `--skip-bad-rows`): BadInput (exit 2) with every problem, optionally written as CSV, and
   the graph is not touched.
3. Write each file in batches (loaders/write.py), then its `Source` node. A file's validated
   records are kept from step 2 up to KEEP_ROWS rows; a larger file is not kept but read and
   validated again, chunk by chunk, to be written, so that memory does not grow with the
   folder (a province's companies, shareholders and officers are millions of rows).
4. The identity step (loaders/identity.py) over the whole graph.

`load_records` is the same writer for records that are already validated (the
FollowTheMoney import uses it).
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import hashlib
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from graph import schema
from graph.db import Database, get_db
from graph.errors import BadInput, DatabaseUnavailable, UsageError
from graph.outfiles import open_private, spreadsheet_row
from loaders import identity, loadmark
from loaders import snapshot as snapshots
from loaders.identity import IdentitySummary
from loaders.limits import limits
from loaders.mapping import MappingFile, RegistryMapping, load_mapping
from loaders.problems import PROBLEM_FIELDS, PROBLEM_HEADERS, Problem
from loaders.read import SUPPORTED_SUFFIXES, read_table
from loaders.registry_names import get_registry, registry_for_stem
from loaders.shape import ShapeOptions, shape_records
from loaders.validate import check_references, iter_validated
from loaders.values import id_key
from loaders.write import (
    DEFAULT_BATCH_SIZE,
    WriteCounts,
    load_params,
    steps_for,
    write_rows,
    write_source,
)
from model.registry import REGISTRIES, Registry, referenced_keys, whole_file

# Registries whose ids other registries refer to, and the column holding the id (derived
# from the declaration's strict `ref:` columns).
REFERENCED = referenced_keys()
VALIDATE_CHUNK = 5000
# Past this many rows a file is streamed twice (validate, then write) instead of kept.
KEEP_ROWS = 200_000
WRITE_CHUNK = 50_000
# Registries checked or written as a whole (derived from the declaration): referenced ids,
# references to ids in the same file (units' two steps: a parent may come later in the
# file), rows merged into one fact across the file (family).
WHOLE_FILE = whole_file()
PROGRESS_AFTER_SECONDS = 1.0


@dataclass
class FileSummary:
    """What happened to one file."""

    file: str
    registry: str
    sha256: str = ""
    rows_read: int = 0
    rows_written: int = 0  # shaped rows (family rows of one relative over years are one)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    warnings: int = 0
    errors: int = 0
    skipped_rows: int = 0
    seconds: float = 0.0

    @property
    def source_id(self) -> str:
        return self.sha256[:12]


@dataclass
class LoadSummary:
    """What a load did, file by file, with every problem found."""

    files: list[FileSummary] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    dry_run: bool = False
    seconds: float = 0.0
    identity: IdentitySummary | None = None
    # snapshot loads (loaders/snapshot.py): one report per registry; on a dry run, what the
    # load would do
    snapshots: list[snapshots.SnapshotReport] = field(default_factory=list)

    def _sum(self, name: str) -> int:
        return sum(getattr(f, name) for f in self.files)

    @property
    def rows_read(self) -> int:
        return self._sum("rows_read")

    @property
    def created(self) -> int:
        return self._sum("created")

    @property
    def updated(self) -> int:
        return self._sum("updated")

    @property
    def unchanged(self) -> int:
        return self._sum("unchanged")

    @property
    def warnings(self) -> int:
        return sum(1 for p in self.problems if not p.is_error)

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.is_error)

    @property
    def rows_per_second(self) -> float:
        return self.rows_read / self.seconds if self.seconds > 0 else 0.0


@dataclass
class _Planned:
    path: Path
    registry: Registry


@dataclass
class _Prepared:
    planned: _Planned
    summary: FileSummary
    records: list[dict[str, Any]] | None  # None: too large to keep, read again to write
    bad_rows: frozenset[int] = frozenset()  # rows dropped by --skip-bad-rows (streamed files)
    section: RegistryMapping | None = None  # the mapping the file was validated with
    # emitted rows later found bad (loaders/validation_process.py): build again, serially
    late_bad_rows: bool = False


# --- planning --------------------------------------------------------------------------------


def _is_candidate(path: Path) -> bool:
    name = path.name
    if name.startswith((".", "~$")) or not path.is_file():
        return False
    return path.suffix.lower() in SUPPORTED_SUFFIXES


def plan(path: Path, registry: str | None = None) -> tuple[list[_Planned], list[Problem]]:
    """The files to load, in dependency order, and warnings for files that are skipped."""
    chosen = get_registry(registry) if registry else None
    if path.is_file():
        reg = chosen or registry_for_stem(path.stem)
        if reg is None:
            names = ", ".join(f"{r.name}/{r.zh}" for r in REGISTRIES.values())
            raise UsageError(
                f"无法从文件名「{path.name}」判断登记表，请用 --registry 指定 "
                f"(no registry named in {path.name!r}; use --registry; known: {names})"
            )
        return [_Planned(path, reg)], []
    if not path.is_dir():
        raise UsageError(f"路径不存在 (no such file or folder): {path}")
    planned: list[_Planned] = []
    skipped: list[Problem] = []
    for item in sorted(path.iterdir()):
        if not _is_candidate(item):
            continue
        reg = chosen or registry_for_stem(item.stem)
        if reg is None:
            skipped.append(
                Problem(
                    item.name,
                    None,
                    None,
                    None,
                    "文件名未指明登记表，已跳过 (no registry named in the file name; skipped)",
                    "warning",
                )
            )
            continue
        planned.append(_Planned(item, reg))
    if not planned:
        raise UsageError(f"文件夹中没有可识别的登记表文件 (no registry files in {path})")
    planned.sort(key=lambda p: (p.registry.order, p.path.name))
    return planned, skipped


# --- progress --------------------------------------------------------------------------------


class _Progress:
    """A rich progress bar per file, shown only once a step has taken over a second."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self._bar: Any = None

    @contextmanager
    def task(self, description: str, total: int | None) -> Iterator[Callable[[int], None]]:
        if not self.enabled:
            yield lambda n: None
            return
        began = time.monotonic()
        state: dict[str, Any] = {"done": 0, "id": None}

        def advance(n: int) -> None:
            state["done"] += n
            if state["id"] is None and time.monotonic() - began > PROGRESS_AFTER_SECONDS:
                state["id"] = self._start().add_task(description, total=total)
            if state["id"] is not None:
                self._bar.update(state["id"], completed=state["done"])

        try:
            yield advance
        finally:
            if state["id"] is not None:
                self._bar.update(state["id"], completed=total or state["done"])

    def _start(self) -> Any:
        if self._bar is None:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
            )

            self._bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=Console(stderr=True),
            )
            self._bar.start()
        return self._bar

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None


# --- validation ------------------------------------------------------------------------------


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def known_ids(db: Database) -> dict[str, set[str]]:
    """Ids of units, people and supervision events already in the database."""
    return {
        step.name: {row["id"] for row in db.read(step.query) if row["id"] is not None}
        for step in steps_for("known_ids")
    }


class _Collected:
    """A file's problems: every one counted, the first `most` kept (a file with millions of
    bad rows must not hold millions of problems in memory or in the report)."""

    def __init__(self, file: str, most: int) -> None:
        self.file = file
        self.most = most
        self.kept: list[Problem] = []
        self.errors = self.warnings = 0
        self.bad_rows: set[int] = set()
        self.file_errors = 0
        self.omitted = self.omitted_errors = 0

    def add(self, problems: Iterable[Problem]) -> None:
        for p in problems:
            if p.is_error:
                self.errors += 1
                if p.row is None:
                    self.file_errors += 1
                else:
                    self.bad_rows.add(p.row)
            else:
                self.warnings += 1
            if len(self.kept) < self.most or (p.is_error and p.row is None):
                self.kept.append(p)
            else:
                self.omitted += 1
                self.omitted_errors += p.is_error

    def listed(self, skip_bad_rows: bool) -> list[Problem]:
        """The kept problems, and a line counting the others."""
        if not self.omitted:
            return self.kept
        # an error among the omitted ones still stops the load (unless bad rows are skipped)
        severity = "error" if self.omitted_errors and not skip_bad_rows else "warning"
        note = Problem(
            self.file,
            None,
            None,
            None,
            f"… 另有 {self.omitted} 个问题未列出（其中错误 {self.omitted_errors} 个） "
            f"(… and {self.omitted} more, {self.omitted_errors} of them errors; "
            "OVERSIGHT_LOAD_MAX_PROBLEMS)",
            severity,
        )
        return [*self.kept, note]


def _validate_file(
    planned: _Planned,
    mapping: MappingFile | None,
    known: dict[str, set[str]],
    skip_bad_rows: bool,
    progress: _Progress,
    emit: Callable[[list[dict[str, Any]]], None] | None = None,
) -> tuple[_Prepared, list[Problem]]:
    """A file's validation. `emit` (the bulk load's validation process, loaders/
    validation_process.py): the records a load would write are handed over as soon as they
    are final instead of kept or read again — a streamed file's chunk by chunk, a kept file's
    once it is checked whole; nothing is handed over once the file has an error that stops
    the load."""
    reg = planned.registry
    summary = FileSummary(planned.path.name, reg.name)
    section = mapping.for_registry(reg.name) if mapping else None
    try:
        table = read_table(planned.path, sheet=section.sheet if section else None, registry=reg)
    except BadInput as error:
        summary.errors = len(error.problems) or 1
        problems = error.problems or [Problem(planned.path.name, None, None, None, str(error))]
        return _Prepared(planned, summary, []), problems
    records: list[dict[str, Any]] | None = []
    collected = _Collected(planned.path.name, limits().max_problems)
    headers: dict[str, str] = {}
    rows_read = skipped = 0
    streamable = reg.name not in WHOLE_FILE
    flagged: set[int | None] = set()  # rows known bad when their chunk was emitted
    # With `emit`, a streamed file's chunks are handed over from the first, not once
    # KEEP_ROWS are kept: the other process works meanwhile. Its problems are listed in the
    # same order as without `emit`: the reference problems of the rows a file of up to
    # KEEP_ROWS keeps wait in `held` until the kept rows would have been checked.
    early = emit is not None and streamable
    held: list[Problem] | None = [] if early else None
    if early:
        records = None
    label = f"校验 validate {planned.path.name}"
    try:
        with progress.task(label, None) as advance:
            for chunk in iter_validated(table, reg, section, VALIDATE_CHUNK):
                collected.add(chunk.problems)
                headers = chunk.headers
                rows_read += len(chunk.records)
                advance(chunk.rows_read)
                so_far = False
                if records is not None:
                    records.extend(chunk.records)
                    if not (streamable and len(records) > KEEP_ROWS):
                        continue
                    # Too large to keep: check what was kept so far, then stream the rest.
                    chunk.records, records, so_far = records, None, True
                found = check_references(reg, chunk.records, known, planned.path.name, headers)
                if held is None:
                    collected.add(found)
                else:
                    held.extend(found)
                    if rows_read > KEEP_ROWS:  # as the kept rows are checked then
                        collected.add(held)
                        held = None
                errors = (
                    collected.bad_rows
                    if so_far
                    else {p.row for p in [*chunk.problems, *found] if p.is_error}
                )
                skipped += sum(1 for r in chunk.records if r["_row"] in errors)
                if emit is not None:
                    flagged |= errors
                    erred = collected.errors or any(p.is_error for p in held or ())
                    if skip_bad_rows or not erred:
                        emit([r for r in chunk.records if r["_row"] not in errors])
    except BadInput as error:  # the file turned out unreadable (limits, decoding) mid-way
        collected.add(error.problems or [Problem(planned.path.name, None, None, None, str(error))])
        summary.rows_read = rows_read
        summary.errors, summary.warnings = collected.errors, collected.warnings
        return _Prepared(planned, summary, []), collected.listed(False)
    summary.rows_read = rows_read
    if records is not None:
        collected.add(check_references(reg, records, known, planned.path.name, headers))
    if held:
        collected.add(held)
    bad = collected.bad_rows
    problems = collected.listed(skip_bad_rows)
    if skip_bad_rows and not collected.file_errors:
        if records is not None:
            records = [r for r in records if r["_row"] not in bad]
            skipped = summary.rows_read - len(records)
        summary.skipped_rows = skipped
    summary.errors = collected.errors
    summary.warnings = collected.warnings
    summary.sha256 = file_sha256(planned.path)
    key = REFERENCED.get(reg.name)
    if key is not None and records is not None:  # REFERENCED registries are never streamed
        usable = (
            records if (skip_bad_rows or not bad) else [r for r in records if r["_row"] not in bad]
        )
        known.setdefault(reg.name, set()).update(r[key] for r in usable if r.get(key))
    late = False
    if emit is not None:
        if records is not None:
            if skip_bad_rows or not collected.errors:
                emit([r for r in records if r["_row"] not in bad])
            records = []
        else:
            # an error found for a row after its chunk was handed over (a key repeated
            # further down names both rows): the handed-over rows are not the load's
            late = bool(bad - flagged)
    kept = _Prepared(planned, summary, records, frozenset(bad), section, late)
    return kept, problems


def _records_again(ready: _Prepared) -> Iterator[list[dict[str, Any]]]:
    """A streamed file's records, read and validated again in chunks, without the rows
    `--skip-bad-rows` dropped the first time."""
    path, reg = ready.planned.path, ready.planned.registry
    sheet = ready.section.sheet if ready.section else None
    table = read_table(path, sheet=sheet, registry=reg)
    for chunk in iter_validated(table, reg, ready.section, WRITE_CHUNK):
        yield [r for r in chunk.records if r["_row"] not in ready.bad_rows]


def _unchanged_since_validation(prepared: list[_Prepared]) -> None:
    """A streamed file is read twice: refuse to write if it changed in between."""
    changed = [
        Problem(
            ready.summary.file,
            None,
            None,
            None,
            "文件在校验后被修改，请重新载入 (the file changed after it was validated: load again)",
        )
        for ready in prepared
        if ready.records is None and file_sha256(ready.planned.path) != ready.summary.sha256
    ]
    if changed:
        raise BadInput(_problem_count_message(len(changed), len(changed)), changed)


# --- writing ---------------------------------------------------------------------------------


def _write_prepared(
    db: Database,
    registry: str,
    records: Iterable[dict[str, Any]] | Iterator[list[dict[str, Any]]],
    summary: FileSummary,
    *,
    batch_size: int,
    store_clear_ids: bool,
    progress: _Progress,
    write_source_node: bool = True,
    surrogates: dict[str, str] | None = None,
    fact_keys: bool = False,
    params: dict[str, Any] | None = None,
    written: Callable[[list[dict[str, Any]]], None] | None = None,
) -> None:
    began = time.monotonic()
    options = ShapeOptions(
        summary.source_id,
        id_key(),
        store_clear_ids,
        surrogates=surrogates if surrogates is not None else {},
        fact_keys=fact_keys,
    )
    steps = len(steps_for(registry))
    # Records in a list are shaped and written whole; a streamed file chunk after chunk.
    if isinstance(records, Iterator):
        shaped: Iterable[list[dict[str, Any]]] = (
            shape_records(registry, chunk, options) for chunk in records
        )
        total = (summary.rows_read - summary.skipped_rows) * steps
    else:
        shaped = [shape_records(registry, records, options)]
        total = len(shaped[0]) * steps
    summary.rows_written = summary.created = summary.updated = summary.unchanged = 0
    with progress.task(f"写入 write {summary.file}", total) as advance:
        for rows in shaped:
            summary.rows_written += len(rows)
            counts: WriteCounts = write_rows(
                db,
                registry,
                rows,
                batch_size,
                advance,
                params if params is not None else load_params(change_by=summary.source_id),
            )
            summary.created += counts.created
            summary.updated += counts.updated
            summary.unchanged += counts.unchanged
            if written is not None:
                written(rows)
    if write_source_node:
        write_source(
            db,
            source_id=summary.source_id,
            name=summary.file,
            sha256=summary.sha256,
            registry=registry,
            rows=summary.rows_read,
        )
    summary.seconds += time.monotonic() - began


def write_report(problems: Iterable[Problem], path: Path) -> None:
    """Every problem as CSV (UTF-8 with BOM so that Excel shows the Chinese), owner-only
    (0600), every cell a spreadsheet could take for a formula written as text; values are
    Problems', so 身份证号 are already masked."""
    with open_private(path, encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow([PROBLEM_HEADERS[f] for f in PROBLEM_FIELDS])
        for problem in problems:
            row = problem.as_row()
            writer.writerow(
                spreadsheet_row(["" if row[f] is None else row[f] for f in PROBLEM_FIELDS])
            )


def append_changes(reports: Iterable[snapshots.SnapshotReport], path: Path) -> None:
    """A snapshot's changes after the problems in the `--report` CSV, one row per change:
    file, the fact (row), the property (column), old → new (value), what happened."""
    with path.open("a", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        for report in reports:
            files = ", ".join(report.files)
            for change in report.changes:
                kind = f"{snapshots.KIND_ZH[change.kind]} ({change.kind})"
                if not change.fields:
                    writer.writerow([files, change.fact, "", "", kind, "change"])
                for name, (old, new) in change.fields.items():
                    writer.writerow([files, change.fact, name, f"{old} → {new}", kind, "change"])


def _problem_count_message(errors: int, files: int) -> str:
    return (
        f"发现 {errors} 个错误（{files} 个文件），未写入任何数据 "
        f"({errors} error(s) in {files} file(s); nothing was written)"
    )


def validate_all(
    planned: list[_Planned],
    mapping_file: MappingFile | None,
    known: dict[str, set[str]],
    skip_bad_rows: bool,
    bar: _Progress,
    summary: LoadSummary,
    report: str | Path | None,
) -> list[_Prepared]:
    """Step 2 for every planned file (the normal and the bulk load share it): each file's
    summary and problems go into `summary`; BadInput (nothing written) on any error that
    `skip_bad_rows` does not drop."""
    prepared: list[_Prepared] = []
    for item in planned:
        file_began = time.monotonic()
        ready, problems = _validate_file(item, mapping_file, known, skip_bad_rows, bar)
        ready.summary.seconds = time.monotonic() - file_began
        prepared.append(ready)
        summary.files.append(ready.summary)
        summary.problems.extend(problems)
    counted = sum(f.errors for f in summary.files)  # listed or not (max_problems)
    refuse_on_errors(summary.problems, skip_bad_rows=skip_bad_rows, report=report, counted=counted)
    return prepared


# --- snapshots -------------------------------------------------------------------------------


def _snapshot_groups(
    prepared: list[_Prepared], snapshot: bool | None
) -> dict[str, list[_Prepared]]:
    """The files of this load that are snapshots, by registry: several files of one registry in
    a load are one export together."""
    groups: dict[str, list[_Prepared]] = {}
    for ready in prepared:
        reg = ready.planned.registry
        if snapshot if snapshot is not None else reg.snapshot.default:
            groups.setdefault(reg.name, []).append(ready)
    return groups


def _shaped(ready: _Prepared, store_clear_ids: bool) -> Iterator[list[dict[str, Any]]]:
    options = ShapeOptions(
        ready.summary.source_id, id_key(), store_clear_ids, surrogates={}, fact_keys=True
    )
    chunks = [ready.records] if ready.records is not None else _records_again(ready)
    for chunk in chunks:
        yield shape_records(ready.planned.registry.name, chunk, options)


def _new_rows(files: list[_Prepared], store_clear_ids: bool) -> list[snapshots.NewRow]:
    return [
        snapshots.NewRow(row["props"]["row_key"], row["h"], {}, row["props"].get("row_scope"))
        for ready in files
        for rows in _shaped(ready, store_clear_ids)
        for row in rows
    ]


def _fill_changed_props(
    plan: snapshots.Plan, files: list[_Prepared], store_clear_ids: bool
) -> None:
    """The new values of the facts that changed (a second pass: only those are kept)."""
    wanted = {row.row_key: row for _, row in plan.comparison.changed}
    if not wanted:
        return
    for ready in files:
        for rows in _shaped(ready, store_clear_ids):
            for row in rows:
                new = wanted.get(row["props"]["row_key"])
                if new is not None:
                    new.props.update(row["props"])


def _plan_snapshots(
    database: Database,
    groups: dict[str, list[_Prepared]],
    snapshot_date: dt.date,
    store_clear_ids: bool,
    allow_mass_end: bool,
    defer_first: bool = True,
) -> dict[str, snapshots.Plan]:
    """Each snapshot registry's plan. A registry's first export (`defer_first`, not for a dry
    run, which reports before writing) takes its facts while the rows are written: shaping
    every file once more here cost about a fifth of a county's first load."""
    plans: dict[str, snapshots.Plan] = {}
    for name, files in groups.items():
        now = list(dict.fromkeys(ready.summary.source_id for ready in files))
        rows = functools.partial(_new_rows, files, store_clear_ids)
        plan = snapshots.plan(database, REGISTRIES[name], rows, now, snapshot_date, defer_first)
        _fill_changed_props(plan, files, store_clear_ids)
        plans[name] = plan
    massive = [
        Problem(
            ", ".join(ready.summary.file for ready in groups[name]),
            None,
            None,
            None,
            f"作为快照载入将终止「{REGISTRIES[name].zh}」现有 {plan.comparison.facts_before} 项中的 "
            f"{len(plan.comparison.would_end)} 项 ({plan.comparison.end_share:.0%})，超过 "
            f"{snapshots.MASS_END_SHARE:.0%}：导出可能不完整。确认请加 --allow-mass-end，"
            f"部分文件请用 --no-snapshot (as a snapshot this would end "
            f"{len(plan.comparison.would_end)} of the {plan.comparison.facts_before} current "
            f"facts of {name}: the export may be truncated; confirm with --allow-mass-end, or "
            f"load a partial file with --no-snapshot)",
        )
        for name, plan in plans.items()
        if plan.comparison.is_mass_end()
    ]
    if massive and not allow_mass_end:
        raise BadInput(
            "快照将终止过多事实，未写入任何数据 (a snapshot would end too many facts; "
            "nothing was written)",
            massive,
        )
    return plans


def _planned_report(name: str, plan: snapshots.Plan) -> snapshots.SnapshotReport:
    """What a snapshot would do (a dry run)."""
    comparison = plan.comparison
    return snapshots.SnapshotReport(
        registry=name,
        files=[],
        snapshot_id="",
        snapshot_date=plan.snapshot_date,
        first=plan.first,
        facts_before=comparison.facts_before,
        appeared=plan.appeared(),
        changed=len(comparison.changed),
        ended=len(comparison.would_end),
        restarted=len(comparison.restarted),
        unchanged=comparison.unchanged,
    )


def stops_the_load(problem: Problem, skip_bad_rows: bool) -> bool:
    """An error the load refuses on: any, or with `--skip-bad-rows` one that no dropped row
    explains (a whole file's)."""
    return problem.is_error and (not skip_bad_rows or problem.row is None)


def refuse_on_errors(
    problems: list[Problem],
    *,
    skip_bad_rows: bool,
    report: str | Path | None,
    counted: int = 0,
) -> None:
    """The rule every reader's load follows before any write: the problems written as CSV
    when asked, then BadInput (nothing written) when an error remains; with
    `--skip-bad-rows` only errors that no dropped row explains (a whole file) remain.
    `counted`: the errors found, listed or not (the list stops at a limit)."""
    if report is not None:
        write_report(problems, Path(report))
    fatal = [p for p in problems if stops_the_load(p, skip_bad_rows)]
    if fatal:
        files = len({p.file for p in fatal})
        errors = len(fatal) if skip_bad_rows else max(len(fatal), counted)
        where = (
            str(report)
            if report is not None
            else "加 --report 文件重新运行 (rerun with --report FILE)"
        )
        raise BadInput(_problem_count_message(errors, files), problems, full_list=where)


@dataclass
class SourceRows:
    """What a source adapter yields from one file: the validated records of each registry the
    file feeds, in write order (references point backwards), every problem, and how many
    entries (entities, lines) the file had."""

    batches: list[tuple[str, list[dict[str, Any]]]]
    problems: list[Problem]
    entries: int


class SourceAdapter(Protocol):
    """A reader of a file that is not one registry's table (the FollowTheMoney import): it
    turns the file into registry rows checked by the registries' own Validator; load_source
    does the rest, as for every load."""

    registry: str  # the `Source` node's `registry` for its files

    def rows(self, path: Path, known: dict[str, set[str]], skip_bad_rows: bool) -> SourceRows:
        """The file's rows and problems; `known`: the unit and person ids in the database."""
        ...


def _connect(db: Database | None, dry_run: bool) -> tuple[Database | None, dict[str, set[str]]]:
    """The database to load into and the unit and person ids it holds. A database that is
    down is an error, except for a dry run, which can still check the files themselves
    (then None and no ids)."""
    try:
        database = db or get_db()
        database.verify()  # fails fast, where a read would retry for seconds
        return database, known_ids(database)
    except DatabaseUnavailable:
        if not dry_run:
            raise
        return None, {}


def load_source(
    adapter: SourceAdapter,
    path: str | Path,
    *,
    dry_run: bool = False,
    skip_bad_rows: bool = False,
    batch_size: int = DEFAULT_BATCH_SIZE,
    report: str | Path | None = None,
    store_clear_ids: bool = False,
    db: Database | None = None,
) -> LoadSummary:
    """Load one file through a source adapter with the load's one orchestration: the
    database checked first (a dry run works without one), the adapter's rows and problems,
    `refuse_on_errors` (nothing written on an error unless `--skip-bad-rows`), then
    `write_source_file` (the registries' shaping and Cypher, one Source, the identity step)."""
    began = time.monotonic()
    path = Path(path)
    if batch_size < 1:
        raise UsageError("--batch-size 应为正整数 (must be a positive integer)")
    database, known = _connect(db, dry_run)
    source = adapter.rows(path, known, skip_bad_rows)
    summary = LoadSummary(problems=source.problems, dry_run=dry_run)
    refuse_on_errors(source.problems, skip_bad_rows=skip_bad_rows, report=report)
    sha256 = file_sha256(path)
    if dry_run or database is None:
        summary.files = [
            FileSummary(path.name, registry, sha256, len(records))
            for registry, records in source.batches
            if records
        ]
    else:
        summary.files, summary.identity = write_source_file(
            database,
            source.batches,
            file=path.name,
            sha256=sha256,
            source_registry=adapter.registry,
            rows=source.entries,
            batch_size=batch_size,
            store_clear_ids=store_clear_ids,
        )
    summary.seconds = time.monotonic() - began
    return summary


def write_source_file(
    db: Database,
    batches: Iterable[tuple[str, list[dict[str, Any]]]],
    *,
    file: str,
    sha256: str,
    source_registry: str,
    rows: int,
    batch_size: int = DEFAULT_BATCH_SIZE,
    store_clear_ids: bool = False,
) -> tuple[list[FileSummary], IdentitySummary]:
    """Write the validated records one source file gives to several registries (a reader
    other than a registry file: the FollowTheMoney import), registry by registry in the
    order given, with the registries' own shaping and Cypher; then the file's one `Source`
    node and the identity step, as load_path ends."""
    schema.migrate(db)
    identity.upgrade(db)
    written = []
    # The mark stands from before the first batch to after the identity step (loadmark.py).
    with loadmark.marked(db, [file]):
        for registry, records in batches:
            if not records:
                continue
            written.append(
                load_records(
                    registry,
                    records,
                    file,
                    sha256,
                    db=db,
                    batch_size=batch_size,
                    store_clear_ids=store_clear_ids,
                    check_refs=False,  # the reader checked them for the whole file
                    write_source_node=False,
                    resolve_identity=False,
                )
            )
        write_source(
            db,
            source_id=sha256[:12],
            name=file,
            sha256=sha256,
            registry=source_registry,
            rows=rows,
        )
        resolved = identity.resolve(db)
    return written, resolved


def load_path(
    path: str | Path,
    registry: str | None = None,
    mapping: str | Path | MappingFile | None = None,
    dry_run: bool = False,
    skip_bad_rows: bool = False,
    batch_size: int = DEFAULT_BATCH_SIZE,
    report: str | Path | None = None,
    progress: bool = False,
    store_clear_ids: bool = False,
    db: Database | None = None,
    snapshot: bool | None = None,
    snapshot_date: dt.date | None = None,
    allow_mass_end: bool = False,
    by: str = "",
) -> LoadSummary:
    """Load a registry file or a folder of them. Raises BadInput (nothing written) when any
    file has an error, unless skip_bad_rows drops the offending rows.

    `snapshot`: each file is the whole registry as of `snapshot_date` (default today) and
    ends what earlier exports stated and it does not (loaders/snapshot.py); None: as the
    registry's declaration says. `by` names who loaded (recorded with each snapshot)."""
    began = time.monotonic()
    path = Path(path)
    if batch_size < 1:
        raise UsageError("--batch-size 应为正整数 (must be a positive integer)")
    mapping_file = load_mapping(mapping) if isinstance(mapping, str | Path) else mapping
    planned, skipped = plan(path, registry)
    summary = LoadSummary(problems=list(skipped), dry_run=dry_run)
    bar = _Progress(progress)
    try:
        database, known = _connect(db, dry_run)
        prepared = validate_all(planned, mapping_file, known, skip_bad_rows, bar, summary, report)
        groups = _snapshot_groups(prepared, snapshot)
        date = snapshot_date or dt.date.today()
        if dry_run:
            if database is not None and groups:
                plans = _plan_snapshots(
                    database, groups, date, store_clear_ids, True, defer_first=False
                )
                summary.snapshots = [_planned_report(n, p) for n, p in plans.items()]
            return summary
        assert database is not None
        _unchanged_since_validation(prepared)
        schema.migrate(database)
        identity.upgrade(database)
        plans = _plan_snapshots(database, groups, date, store_clear_ids, allow_mass_end)
        last_of = {name: files[-1] for name, files in groups.items()}
        surrogates: dict[str, str] = {}  # one surrogate per number across the load's files
        # The mark stands from before the first batch to after the identity step: a load
        # that dies half-way leaves it, and readers warn (loaders/loadmark.py).
        with loadmark.marked(database, [p.path.name for p in planned]):
            for ready in prepared:
                name = ready.planned.registry.name
                _write_prepared(
                    database,
                    name,
                    ready.records if ready.records is not None else _records_again(ready),
                    ready.summary,
                    batch_size=batch_size,
                    store_clear_ids=store_clear_ids,
                    progress=bar,
                    surrogates=surrogates,
                    fact_keys=True,
                    # a change a row brings (a company's new legal representative) takes
                    # effect on the snapshot date, or on the load date
                    params=load_params(
                        date,
                        snapshots.next_snapshot_id(plans[name])
                        if name in plans
                        else ready.summary.source_id,
                    ),
                    written=plans[name].note_written if name in plans else None,
                )
                if last_of.get(name) is ready:
                    files = [f.summary.file for f in groups[name]]
                    summary.snapshots.append(snapshots.apply(database, plans[name], files, by))
            summary.identity = identity.resolve(database)
        return summary
    finally:
        bar.close()
        summary.seconds = time.monotonic() - began


def load_records(
    registry_name: str,
    records: Iterable[dict[str, Any]],
    source_name: str,
    sha256: str,
    *,
    db: Database | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    store_clear_ids: bool = False,
    check_refs: bool = True,
    known: dict[str, set[str]] | None = None,
    write_source_node: bool = True,
    resolve_identity: bool = True,
) -> FileSummary:
    """Write records that are already parsed and validated (dicts keyed by the registry's
    aliases, values typed as validate_rows gives them: dates as `datetime.date`, money and
    pct as float, lists as lists; `_row` the row or line number for provenance, defaulting to
    the position from 1; `extra_*` kept as properties).

    References to units/people/supervision are checked against the database (plus `known`)
    first: a dangling one raises BadInput and nothing is written. The `Source` node takes
    `source_name` and `sha256` (of the file the records came from). Returns the counts.
    """
    reg = REGISTRIES.get(registry_name) or get_registry(registry_name)
    database = db or get_db()
    rows = []
    for position, record in enumerate(records, start=1):
        row: dict[str, Any] = {alias: None for alias in reg.aliases}
        row.update(record)
        row.setdefault("_row", position)
        if row["_row"] is None:
            row["_row"] = position
        rows.append(row)
    summary = FileSummary(source_name, reg.name, sha256=sha256, rows_read=len(rows))
    if check_refs:
        pool = known_ids(database)
        for name, ids in (known or {}).items():
            pool.setdefault(name, set()).update(ids)
        problems = check_references(reg, rows, pool, source_name)
        if problems:
            summary.errors = len(problems)
            raise BadInput(_problem_count_message(len(problems), 1), problems)
    schema.migrate(database)
    identity.upgrade(database)
    _write_prepared(
        database,
        reg.name,
        rows,
        summary,
        batch_size=batch_size,
        store_clear_ids=store_clear_ids,
        progress=_Progress(False),
        write_source_node=write_source_node,
    )
    if resolve_identity:
        identity.resolve(database)
    return summary
