"""FollowTheMoney import: FtM entities -> registry records -> the registries' own writer.

`oversight load x.ftm.json` (JSON lines, one entity per line; `.jsonl` too) reads Person,
Company, Organization, PublicBody, Family, Ownership, Directorship, Occupancy, Position,
Contract, ContractAward and Payment into the graph model of docs/model.md:

1. read and check every entity against the FtM schema (loaders/ftm_read.py);
2. translate into registry records (loaders/ftm_translate.py; docs/ftm.md says how);
3. check references as the registries do, against the database and the file itself;
4. then what every load does (loaders/pipeline.py): `refuse_on_errors` (report, nothing
   written on an error unless `--skip-bad-rows`), and `write_source_file`: the records
   shaped and written by the registries' own Cypher, one `Source` for the file, the
   identity step.

Export (graph -> FtM) is loaders/ftm_export.py.
"""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

from graph.db import Database, get_db
from graph.errors import DatabaseUnavailable
from loaders.ftm_read import FTM_SUFFIXES, Reading, is_ftm_path, read_entities
from loaders.ftm_translate import WRITE_ORDER, Translation, translate
from loaders.pipeline import (
    FileSummary,
    LoadSummary,
    file_sha256,
    known_ids,
    refuse_on_errors,
    write_source_file,
)
from loaders.problems import Problem
from loaders.registry_names import get_registry
from loaders.validate import check_references
from loaders.write import DEFAULT_BATCH_SIZE

__all__ = ["FTM_SUFFIXES", "is_ftm_path", "load_ftm", "prepare", "read_entities", "translate"]

FTM_REGISTRY = "ftm"  # the Source node's `registry` for an FtM file


def prepare(
    path: Path, known: dict[str, set[str]], skip_bad_rows: bool = False
) -> tuple[Reading, Translation, list[Problem]]:
    """Read, translate and check a file without writing: the records and every problem.
    `known` holds the unit and person ids already in the database."""
    file = path.name
    reading = read_entities(path, file)
    result = translate(
        reading.entities, file, skip_bad=skip_bad_rows, bad=reading.bad if skip_bad_rows else ()
    )
    problems = (
        reading.problems
        + result.problems
        + not_imported_report(file, reading.not_imported + result.not_imported)
    )
    pool = {name: set(ids) for name, ids in known.items()}
    pool.setdefault("units", set()).update(r["unit_id"] for r in result.records["units"])
    pool.setdefault("people", set()).update(r["person_id"] for r in result.records["people"])
    for registry in WRITE_ORDER:
        records = result.records[registry]
        dangling = check_references(get_registry(registry), records, pool, file)
        if dangling and skip_bad_rows:
            rows = {p.row for p in dangling}
            result.records[registry] = [r for r in records if r["_row"] not in rows]
        problems.extend(dangling)
    return reading, result, problems


def not_imported_report(file: str, counts: Counter[tuple[str, str]]) -> list[Problem]:
    """One warning per schema (entities) and per schema and property (values) the graph model
    has no place for, with the count: what was not imported is listed, never silent."""
    out = []
    for (schema_name, prop), count in sorted(counts.items()):
        if prop:
            column, what = f"{schema_name}.{prop}", f"{count} 个值 ({count} value(s))"
        else:
            column, what = schema_name, f"{count} 个实体 ({count} entit(y/ies))"
        out.append(
            Problem(
                file,
                None,
                column,
                str(count),
                f"未导入 (not imported): {what}，图模型中没有此项 (the graph model has no place for it)",
                "warning",
            )
        )
    return out


def load_ftm(
    path: str | Path,
    *,
    dry_run: bool = False,
    skip_bad_rows: bool = False,
    batch_size: int = DEFAULT_BATCH_SIZE,
    report: str | Path | None = None,
    store_clear_ids: bool = False,
    db: Database | None = None,
) -> LoadSummary:
    """Load one FtM file. Raises BadInput (nothing written) when any entity has an error,
    unless skip_bad_rows leaves those entities (and what depends on them) out."""
    began = time.monotonic()
    path = Path(path)
    database = db
    try:
        database = database or get_db()
        known = known_ids(database)
    except DatabaseUnavailable:
        if not dry_run:
            raise
        database, known = None, {}
    reading, result, problems = prepare(path, known, skip_bad_rows)
    summary = LoadSummary(problems=problems, dry_run=dry_run)
    refuse_on_errors(problems, skip_bad_rows=skip_bad_rows, report=report)
    sha256 = file_sha256(path)
    batches = [(registry, result.records[registry]) for registry in WRITE_ORDER]
    if dry_run or database is None:
        summary.files = [
            FileSummary(path.name, registry, sha256, len(records))
            for registry, records in batches
            if records
        ]
        summary.seconds = time.monotonic() - began
        return summary
    summary.files, summary.identity = write_source_file(
        database,
        batches,
        file=path.name,
        sha256=sha256,
        source_registry=FTM_REGISTRY,
        rows=len(reading.entities),
        batch_size=batch_size,
        store_clear_ids=store_clear_ids,
    )
    summary.seconds = time.monotonic() - began
    return summary
