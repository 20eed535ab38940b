"""The bulk load's validation in a second process (loaders/validation_process.py): the same
import files, summaries and problems as validating every file first, whatever the input
(clean, with errors, with `--skip-bad-rows`), and a clear error when the process fails.

Pure: no database (the snapshot plans are left out, as bench/bulk_python.py does). Small
chunks and a small keep limit make the sample's larger files streamed, chunk after chunk.
"""

from __future__ import annotations

import csv
import datetime as dt
import gc
import itertools
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

import loaders.shape as shape
from graph.errors import BadInput
from loaders import bulk, pipeline, validation_process
from loaders.pipeline import LoadSummary, _Progress, plan
from sample.scale import write_sample
from tests.loaders.surrogates import renumbered

COMPANIES_PER_BLOCK = 400
KEEP_ROWS = 300


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("sample")
    write_sample(folder, "city", companies_per_block=COMPANIES_PER_BLOCK)
    return folder


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "KEEP_ROWS", KEEP_ROWS)
    monkeypatch.setattr(pipeline, "VALIDATE_CHUNK", 100)
    monkeypatch.setattr(pipeline, "WRITE_CHUNK", 250)


def _build(
    source: Path, out: Path, parallel: bool, skip_bad_rows: bool = False
) -> tuple[LoadSummary, dict[str, bytes]]:
    counter = itertools.count()
    original = shape.new_surrogate
    shape.new_surrogate = lambda: f"S:{next(counter):08d}"  # the same in both builds
    try:
        planned, skipped = plan(source, None)
        summary = LoadSummary(problems=list(skipped))
        known: dict[str, set[str]] = {"units": set(), "people": set(), "supervision": set()}
        out.mkdir(parents=True, exist_ok=True)
        job = bulk.BulkJob(
            planned=planned,
            mapping=None,
            known=known,
            skip_bad_rows=skip_bad_rows,
            bar=_Progress(False),
            summary=summary,
            report=None,
            folder=out,
            store_clear_ids=False,
            date=dt.date(2026, 11, 30),
            plan_snapshots=lambda groups: {},
        )
        bulk.build_import_files(job, parallel=parallel)
    finally:
        shape.new_surrogate = original
    files = {p.name: p.read_bytes() for p in sorted(out.iterdir())}
    return summary, files


def _summary(summary: LoadSummary) -> list[Any]:
    files = [
        (f.file, f.registry, f.sha256, f.rows_read, f.rows_written, f.created, f.updated)
        + (f.unchanged, f.warnings, f.errors, f.skipped_rows)
        for f in summary.files
    ]
    return [files, summary.problems]


def _problems(error: BadInput) -> list[tuple[Any, ...]]:
    return [(p.file, p.row, p.column, p.value, p.expected, p.severity) for p in error.problems]


def test_same_import_files_as_validating_first(sample: Path, tmp_path: Path) -> None:
    together, files = _build(sample, tmp_path / "parallel", parallel=True)
    first, expected = _build(sample, tmp_path / "serial", parallel=False)
    assert files == expected
    assert _summary(together) == _summary(first)
    # the streamed path was taken: files longer than the keep limit, of a streamable registry
    streamed = [f for f in first.files if f.rows_read > KEEP_ROWS]
    assert {f.registry for f in streamed} >= {"companies", "shareholders", "officers"}
    assert sum(len(b) for b in files.values()) > 100_000


@pytest.mark.parametrize("share", [0.0, 1.0, None])
def test_same_import_files_whoever_shapes(
    sample: Path, tmp_path: Path, share: float | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # every record shaped here, or every one shaped there (its surrogates minted here, in the
    # same order), or each chunk where the pace decides (as a load does)
    monkeypatch.setattr(bulk, "CHILD_SHAPING_SHARE", share)
    shaped_here: list[int] = []
    add = bulk._Builder.add

    def spy(self: bulk._Builder, records: list[dict[str, Any]]) -> int:
        shaped_here.append(len(records))
        return add(self, records)

    monkeypatch.setattr(bulk._Builder, "add", spy)
    together, files = _build(sample, tmp_path / "parallel", parallel=True)
    monkeypatch.setattr(bulk._Builder, "add", add)
    first, expected = _build(sample, tmp_path / "serial", parallel=False)
    assert files == expected
    assert _summary(together) == _summary(first)
    rows = sum(f.rows_read for f in first.files)
    if share is not None:
        assert sum(shaped_here) == (rows if share == 0 else 0)
    else:
        assert sum(shaped_here) <= rows


def _break(folder: Path, file: str, row: int, column: str, value: str) -> None:
    """Set one cell of a CSV registry file (row 1 = the first data row), in its encoding."""
    path = folder / file
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            with path.open(encoding=encoding, newline="") as handle:
                rows = list(csv.reader(handle))
            break
        except UnicodeDecodeError:
            continue
    rows[row][rows[0].index(column)] = value
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle).writerows(rows)


@pytest.fixture(scope="module")
def broken(sample: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Errors in a streamed file (shareholders, its later chunks) and in a kept one (posts)."""
    folder = tmp_path_factory.mktemp("broken")
    for path in sample.iterdir():
        shutil.copy(path, folder / path.name)
    _break(folder, "股东信息.csv", 5, "变更日期", "not a date")
    _break(folder, "股东信息.csv", KEEP_ROWS + 150, "变更日期", "2024-13-45")
    _break(folder, "posts.csv", 3, "start_date", "someday")
    return folder


def test_errors_are_the_same_and_refused(broken: Path, tmp_path: Path) -> None:
    with pytest.raises(BadInput) as together:
        _build(broken, tmp_path / "parallel", parallel=True)
    with pytest.raises(BadInput) as first:
        _build(broken, tmp_path / "serial", parallel=False)
    assert str(together.value) == str(first.value)
    assert _problems(together.value) == _problems(first.value)
    rows = {(p[0], p[1]) for p in _problems(first.value) if p[5] == "error"}
    assert {f for f, _ in rows} == {"股东信息.csv", "posts.csv"}


@pytest.fixture(scope="module")
def unknown_units(sample: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Problems (a streamed registry, ~300 rows) naming unknown units among the rows a file
    of up to 150 rows keeps (rows 2, 120), in the chunk that passes that limit (180) and
    after it (250), and a bad date in that chunk: the order the problems are listed in
    depends on when the kept rows' references are checked."""
    folder = tmp_path_factory.mktemp("unknown_units")
    for path in sample.iterdir():
        shutil.copy(path, folder / path.name)
    for row in (2, 120, 180, 250):
        _break(folder, "问题整改.csv", row, "责任单位代码", f"NOPE{row:04d}")
    _break(folder, "问题整改.csv", 160, "发现日期", "someday")
    return folder


@pytest.mark.parametrize("skip_bad_rows", [False, True])
def test_problems_listed_in_the_same_order_though_rows_are_sent_early(
    unknown_units: Path, tmp_path: Path, skip_bad_rows: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "KEEP_ROWS", 150)
    if skip_bad_rows:
        together, files = _build(unknown_units, tmp_path / "p", parallel=True, skip_bad_rows=True)
        first, expected = _build(unknown_units, tmp_path / "s", parallel=False, skip_bad_rows=True)
        assert files == expected
        assert _summary(together) == _summary(first)
        (problems,) = [f for f in first.files if f.registry == "problems"]
        assert problems.skipped_rows == 5 and problems.rows_read > 250
        return
    with pytest.raises(BadInput) as together_error:
        _build(unknown_units, tmp_path / "p", parallel=True)
    with pytest.raises(BadInput) as first_error:
        _build(unknown_units, tmp_path / "s", parallel=False)
    listed = _problems(first_error.value)
    assert _problems(together_error.value) == listed
    # the kept rows' references after the rows' own problems, as the normal loader lists them
    assert [p[1] for p in listed if p[0] == "问题整改.csv" and p[5] == "error"] == [
        161,
        3,
        121,
        181,
        251,
    ]


def test_skipped_bad_rows_give_the_same_files(broken: Path, tmp_path: Path) -> None:
    together, files = _build(broken, tmp_path / "parallel", parallel=True, skip_bad_rows=True)
    first, expected = _build(broken, tmp_path / "serial", parallel=False, skip_bad_rows=True)
    assert files == expected
    assert _summary(together) == _summary(first)
    assert sum(f.skipped_rows for f in first.files) == 3


def _texts(files: dict[str, bytes]) -> list[tuple[str, str]]:
    return [(name, text.decode("utf-8")) for name, text in files.items()]


def test_rows_found_bad_after_they_were_sent_build_again(
    broken: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = validation_process._validate_file
    built_first: list[bool] = []
    validate_first = bulk._build_validated_first

    def late(*args: Any, **kwargs: Any) -> Any:
        ready, problems = real(*args, **kwargs)
        if ready.planned.registry.name == "shareholders":
            ready.late_bad_rows = True
        return ready, problems

    def spy(*args: Any, **kwargs: Any) -> Any:
        built_first.append(True)
        return validate_first(*args, **kwargs)

    with monkeypatch.context() as patched:
        patched.setattr(validation_process, "_validate_file", late)
        patched.setattr(bulk, "_build_validated_first", spy)
        again, files = _build(broken, tmp_path / "parallel", parallel=True, skip_bad_rows=True)
    first, expected = _build(broken, tmp_path / "serial", parallel=False, skip_bad_rows=True)
    assert built_first == [True]
    # the first attempt drew surrogates too: numbered by first appearance, the same files
    assert renumbered(_texts(files)) == renumbered(_texts(expected))
    assert _summary(again) == _summary(first)


def test_a_failing_validation_process_is_one_clear_error(
    sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("boom in the child")

    monkeypatch.setattr(validation_process, "_validate_file", boom)
    with pytest.raises(validation_process.ValidationCrashed) as crashed:
        _build(sample, tmp_path / "a", parallel=True)
    assert "nothing was written" in str(crashed.value)
    assert "boom in the child" in str(crashed.value)

    def gone(*args: Any, **kwargs: Any) -> Any:
        os._exit(3)

    monkeypatch.setattr(validation_process, "_validate_file", gone)
    with pytest.raises(validation_process.ValidationCrashed) as ended:
        _build(sample, tmp_path / "b", parallel=True)
    assert "exit code 3" in str(ended.value)


def test_a_file_that_changes_while_validated_is_an_error(sample: Path) -> None:
    planned, _ = plan(sample, None)
    planned = [p for p in planned if p.registry.name in ("units", "people")]
    sha256 = [pipeline.file_sha256(p.path) for p in planned]
    sha256[1] = "0" * 64  # as if the file read differed from the one hashed before
    found = [
        m
        for m in validation_process.validated_stream(planned, None, {}, False, sha256)
        if isinstance(m, validation_process.Validated)
    ]
    assert [m.ready.summary.errors for m in found] == [0, 1]
    (changed,) = found[1].problems
    assert changed.file == planned[1].path.name
    assert "the file changed while it was validated" in changed.expected


def test_cycle_collection_is_off_while_building_and_back_after(
    sample: Path, broken: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[bool] = []
    add = bulk._Builder.add

    def spy(self: bulk._Builder, records: list[dict[str, Any]]) -> int:
        seen.append(gc.isenabled())
        return add(self, records)

    monkeypatch.setattr(bulk._Builder, "add", spy)
    assert gc.isenabled()
    _build(sample, tmp_path / "clean", parallel=True)
    assert seen and not any(seen)
    assert gc.isenabled()
    with pytest.raises(BadInput):
        _build(broken, tmp_path / "broken", parallel=False)
    assert gc.isenabled()
