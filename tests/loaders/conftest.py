"""Pure loader-test helpers (no database): valid IDs, in-memory tables, file writers."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from loaders.mapping import parse_mapping
from loaders.read import table_from_rows
from loaders.validate import Validated, validate_rows
from loaders.values import id_number_check_char, uscc_check_char
from model.registry import REGISTRIES


def make_id(first17: str) -> str:
    """A valid 身份证号 from its first 17 digits."""
    return first17 + id_number_check_char(first17)


def make_uscc(first17: str) -> str:
    """A valid USCC from its first 17 characters."""
    return first17 + uscc_check_char(first17)


def bad_check(code: str) -> str:
    """The same code with a wrong final character."""
    last = code[-1]
    return code[:-1] + ("1" if last != "1" else "2")


ValidateFn = Callable[..., Validated]


@pytest.fixture
def validate() -> ValidateFn:
    """validate(registry, headers, rows, mapping=None, name=...) on an in-memory table."""

    def run(
        registry: str,
        headers: list[str],
        rows: list[list[Any]],
        mapping: dict[str, Any] | None = None,
        name: str | None = None,
    ) -> Validated:
        table = table_from_rows(name or f"{registry}.csv", headers, rows)
        parsed = parse_mapping(mapping, "m.yaml") if mapping is not None else None
        return validate_rows(table, REGISTRIES[registry], parsed)

    return run


def write_csv(path: Path, rows: list[list[Any]], encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def write_xlsx(
    path: Path, rows: list[list[Any]], sheet: str | None = None, extra_sheets: tuple[str, ...] = ()
) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    for name in extra_sheets:
        wb.create_sheet(name)
    ws = wb.active
    if sheet:
        ws.title = sheet
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def problems_at(result: Validated, row: int | None, severity: str | None = None) -> list[str]:
    return [
        str(p)
        for p in result.problems
        if p.row == row and (severity is None or p.severity == severity)
    ]


def assert_case(
    result: Validated, fields: dict[str, Any], expected: list[tuple[str, str, str]]
) -> None:
    """The first record has `fields`; the row problems are exactly `expected`, in order:
    (severity, column as headed in the file, a fragment of the expected text)."""
    record = result.records[0]
    for key, value in fields.items():
        assert record[key] == value, (key, record[key], [str(p) for p in result.problems])
    got = [p for p in result.problems if p.row is not None]
    assert len(got) == len(expected), [str(p) for p in got]
    for problem, (severity, column, needle) in zip(got, expected, strict=True):
        assert (problem.severity, problem.column) == (severity, column), str(problem)
        assert needle in problem.expected, str(problem)
        assert problem.file and problem.row == record["_row"]


@pytest.fixture
def kit() -> Any:
    """The helpers above as one object, so test modules need not import conftest."""
    from types import SimpleNamespace

    return SimpleNamespace(
        make_id=make_id,
        make_uscc=make_uscc,
        bad_check=bad_check,
        write_csv=write_csv,
        write_xlsx=write_xlsx,
        problems_at=problems_at,
        assert_case=assert_case,
    )
