"""FollowTheMoney import: FtM entities -> registry records -> the registries' own writer.

`oversight load x.ftm.json` (JSON lines, one entity per line; `.jsonl` too) reads Person,
Company, Organization, PublicBody, Family, Ownership, Directorship, Occupancy, Position,
Contract, ContractAward and Payment into the graph model of docs/model.md:

1. read and check every entity against the FtM schema (loaders/ftm_read.py);
2. translate into registry records (loaders/ftm_translate.py; docs/ftm.md says how);
3. check references as the registries do, against the database and the file itself;
4. FtM is a source adapter (`FtmAdapter`) of the one load pipeline: each registry row goes
   through the registries' own Validator (`validate_records`), then
   `loaders.pipeline.load_source` does what every load does: `refuse_on_errors` (report,
   nothing written on an error unless `--skip-bad-rows`) and `write_source_file` (the
   records shaped and written by the registries' own Cypher, one `Source` for the file,
   the identity step). The mapping is model/ftm_mapping.yaml, read by import and export.

Export (graph -> FtM) is loaders/ftm_export.py.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from graph.db import Database
from loaders.ftm_mapping import ftm_mapping
from loaders.ftm_read import FTM_SUFFIXES, Reading, is_ftm_path, read_entities
from loaders.ftm_translate import WRITE_ORDER, Translation, translate
from loaders.pipeline import LoadSummary, SourceRows, load_source
from loaders.problems import Problem
from loaders.read import Row, Table
from loaders.registry_names import get_registry
from loaders.validate import Validator, check_references
from loaders.write import DEFAULT_BATCH_SIZE
from model.registry import Registry

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
    problems = reading.problems + result.problems
    schema_of = {e.line: e.schema.name for e in reading.entities.values()}
    for registry in WRITE_ORDER:
        records, found = validate_records(registry, result.records[registry], file, schema_of)
        if skip_bad_rows:
            bad = {p.row for p in found if p.is_error}
            records = [r for r in records if r["_row"] not in bad]
        result.records[registry] = records
        problems.extend(found)
    problems.extend(not_imported_report(file, reading.not_imported + result.not_imported))
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


class _FtmRows(Validator):
    """The registries' Validator for the rows an FtM file yields. The registry key is not
    checked here: an FtM fact is identified by its entity id (two holdings of one company by
    one owner are two Ownerships), and two entities stating the same fact were already
    merged, with a warning, by loaders/ftm_translate.py."""

    def _key(self, record: dict[str, Any], row: int, problems: list[Problem]) -> None:
        return None


def _ftm_registry(name: str) -> Registry:
    """The registry as FtM rows are checked against it: the columns the mapping `relaxed`
    lists may be empty (PEP occupancies without dates)."""
    registry = get_registry(name)
    relaxed = ftm_mapping().relaxed.get(name, frozenset())
    if not relaxed:
        return registry
    columns = tuple(
        replace(c, required=False) if c.alias in relaxed else c for c in registry.columns
    )
    return replace(registry, columns=columns)


def validate_records(
    registry_name: str,
    records: list[dict[str, Any]],
    file: str,
    schema_of: Mapping[int, str],
) -> tuple[list[dict[str, Any]], list[Problem]]:
    """FtM rows through the registries' own validation, as a file's rows go: each record's
    registry columns are the cells of one row (typed, text normalised, allowed values and
    canonical forms, 身份证号/USCC checks, length limits), and what the translation added
    beyond the columns (`_more`, `_pid`, …) is carried over. Problems name the entity's line
    and its FtM property (`Person.gender`, from model/ftm_mapping.yaml)."""
    if not records:
        return [], []
    registry = _ftm_registry(registry_name)
    mapped = ftm_mapping().registry(registry_name)
    aliases = list(registry.aliases)
    rows = [Row(i + 1, tuple(r.get(a) for a in aliases)) for i, r in enumerate(records)]
    table = Table(Path(file), aliases, _open_rows=lambda: iter(rows))
    validator = _FtmRows(table, registry)
    out: list[dict[str, Any]] = []
    problems: list[Problem] = []
    for record, row in zip(records, rows, strict=True):
        checked, found = validator.validate_row(row)
        checked.update({k: v for k, v in record.items() if k not in registry.aliases})
        line = record["_row"]
        for p in found:
            column = mapped.column(p.column or "")
            if column is not None:
                prop = column.prop
                label = prop if "." in prop else f"{schema_of.get(line, mapped.schema)}.{prop}"
            else:
                label = f"{registry_name}.{p.column}"
            problems.append(replace(p, row=line, column=label))
        out.append(checked)
    return out, problems


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


class FtmAdapter:
    """FollowTheMoney as a source adapter of the one load pipeline
    (loaders.pipeline.load_source): read, translate, validate as registry rows, check
    references; the pipeline refuses, writes and resolves identities as for every load."""

    registry = FTM_REGISTRY

    def rows(self, path: Path, known: dict[str, set[str]], skip_bad_rows: bool) -> SourceRows:
        reading, result, problems = prepare(path, known, skip_bad_rows)
        batches = [(registry, result.records[registry]) for registry in WRITE_ORDER]
        return SourceRows(batches, problems, len(reading.entities))


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
    return load_source(
        FtmAdapter(),
        path,
        dry_run=dry_run,
        skip_bad_rows=skip_bad_rows,
        batch_size=batch_size,
        report=report,
        store_clear_ids=store_clear_ids,
        db=db,
    )
