"""Issue 12, loads: a load that dies half-way is marked, and a too-long key fails validation.

Against a real Neo4j: the mark stands from before the first batch until the identity step
ends; while it stands, `flags`/`report`/`risk` refuse (exit 2, saying how to finish) unless
`--force`, `stats` warns, and every app page shows a banner; re-running the load clears it.
A 9 KB unit name is an error of validation naming file, row, column and the value's start,
and nothing is written.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner
from clirun import run
from streamlit.testing.v1 import AppTest

from app.cli import cli
from loaders import loadmark
from loaders.pipeline import load_path, load_records

UNITS = ["单位代码", "单位名称", "单位类型", "上级单位代码", "行政级别", "区划代码", "职能领域"]


def _units(folder: Path, rows: list[list[str]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "units.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([UNITS, *rows])
    return path


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_a_9_kb_name_is_a_validation_error_and_nothing_is_written(db, tmp_path, capsys) -> None:
    long_name = "某" * 3000  # 9,000 bytes in UTF-8: over Neo4j's 8,167-byte index key limit
    path = _units(tmp_path / "in", [["U1", "区委", "党委", "", "县", "340102", "组织"],
                                    ["U2", long_name, "党委", "U1", "县", "340102", "组织"]])  # fmt: skip
    code, out = run(capsys, "load", str(path), "--no-progress")
    assert code == 2, out
    assert "units.csv" in out and "第3行" in out and "单位名称" in out
    assert "某" * 40 + "…" in out and "3000" in out
    assert "OVERSIGHT_LOAD_MAX_KEY_BYTES" in out
    assert db.read("MATCH (n) RETURN count(n) AS n")[0]["n"] == 0


def _crash_mid_load(db, folder: Path) -> None:
    """A load whose writes die after the first file: the real mark, a real failure."""
    unit = {"unit_id": "U9", "name": "写了一半", "kind": "党委", "parent_id": "U1"}
    with pytest.raises(RuntimeError):
        with loadmark.marked(db, ["units.csv", "people.csv"], "oversight load in"):
            load_records("units", [unit], "units.csv", "0" * 64, db=db)  # first file written
            raise RuntimeError("killed")  # the second never is


@pytest.mark.slow
def test_an_unfinished_load_is_marked_until_reloaded(db, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    _units(folder, [["U1", "区委", "党委", "", "县", "340102", "组织"]])
    load_path(folder, db=db)
    assert loadmark.current(db) is None  # a load that ends clears its mark

    _crash_mid_load(db, folder)
    mark = loadmark.current(db)
    assert mark is not None and mark.files == ["units.csv", "people.csv"] and mark.by

    for command in (["flags"], ["report", "SUP-1"], ["risk"]):
        result = invoke(*command, "--format", "json")
        assert result.exit_code == 2, result.output
        assert "重新运行同一载入命令" in result.output and "re-run the same load" in result.output
        assert "--force" in result.output
    forced = invoke("flags", "--format", "json", "--force")
    assert forced.exit_code == 0, forced.output
    assert "上次载入未完成" in forced.output  # still warned
    stats = invoke("stats", "--format", "json")
    assert stats.exit_code == 0 and "上次载入未完成" in stats.output

    page = AppTest.from_string(
        "from app.ui.shell import run_guarded\nimport streamlit as st\n"
        "run_guarded(lambda: st.write('page body'))\n",
        default_timeout=60,
    ).run()
    assert any("上次载入未完成" in w.value for w in page.warning), [w.value for w in page.warning]

    load_path(folder, db=db)  # finishing: the same load again
    assert loadmark.current(db) is None
    assert invoke("flags", "--format", "json").exit_code == 0
    page = AppTest.from_string(
        "from app.ui.shell import run_guarded\nimport streamlit as st\n"
        "run_guarded(lambda: st.write('page body'))\n",
        default_timeout=60,
    ).run()
    assert not page.warning


def _marks(db) -> list[str]:
    return sorted(r["mark"] for r in db.read("MATCH (m:LoadInProgress) RETURN m.mark AS mark"))


def test_two_loads_at_once_keep_each_others_marks(db) -> None:
    """Each load has its own mark: the one that ends first does not clear a load still
    writing (before, one shared mark was cleared by whichever load ended first)."""
    with loadmark.marked(db, ["units.csv"], "oversight load a"):
        with loadmark.marked(db, ["people.csv"], "oversight load b"):
            assert len(_marks(db)) == 2
        mark = loadmark.current(db)  # b has ended; a is still writing
        assert mark is not None and mark.files == ["units.csv"]
    assert loadmark.current(db) is None


def test_a_load_that_ends_finishes_the_dead_loads_before_it(db) -> None:
    """An earlier load whose process is gone (or on another machine) is finished by a load
    that ends; one whose process still runs on this machine keeps its mark."""
    import socket
    import subprocess
    import sys

    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    create = (
        "CREATE (:LoadInProgress {mark: $mark, started_at: datetime() - duration('PT1M'), "
        "by: 'x', files: ['units.csv'], command: 'oversight load in', host: $host, pid: $pid})"
    )
    here = socket.gethostname()
    try:
        for mark, host, pid in (("gone", here, int(gone.stdout)), ("live", here, live.pid),
                                ("elsewhere", "another-host", live.pid), ("old", None, None)):  # fmt: skip
            db.write(create, {"mark": mark, "host": host, "pid": pid})
        assert loadmark.running(db.read("MATCH (m:LoadInProgress) RETURN m.mark AS mark, "
                                        "m.host AS host, m.pid AS pid"), here, 1) == ["live"]  # fmt: skip
        with loadmark.marked(db, ["units.csv"], "oversight load in"):
            pass
        assert _marks(db) == ["live"]
    finally:
        live.kill()
        live.wait()
        db.write("MATCH (m:LoadInProgress) DELETE m")
