"""Issue 12, exports: no live formula leaves the product, exports are private and audited.

Registry names carrying spreadsheet formulas (a hyperlink beacon, a DDE command, `+1+2`,
`@SUM(1)`) are loaded through the real loader into a real Neo4j; then every exporter writes
them: `flags`, `report`, `risk` as CSV and xlsx, the loader's `--report` CSV. Each xlsx is
opened with openpyxl (no cell may be a formula), each CSV read back (every cell that starts
like a formula carries the `'` that makes it text).
"""

from __future__ import annotations

import csv
import io
import json
import stat
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from clirun import run

from app.cli import cli
from graph.outfiles import FORMULA_STARTS, spreadsheet_text
from queries import export
from queries.runner import run_all

HOSTILE = ['=HYPERLINK("http://x")', "cmd|' /C calc'!A0", "+1+2", "@SUM(1)", "-2+3"]
AS_OF = "2025-06-30"


def _write(path: Path, rows: list[list[str]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def _registries(folder: Path) -> Path:
    folder.mkdir()
    units = [
        ["单位代码", "单位名称", "单位类型", "上级单位代码", "行政级别", "区划代码", "职能领域"]
    ]
    units.append(["U0", "区委", "党委", "", "县", "340102", "组织"])
    people = [
        [
            "人员编号",
            "姓名",
            "性别",
            "出生日期",
            "身份证号",
            "民族",
            "籍贯",
            "成长地区划",
            "政治面貌",
            "职级",
        ]
    ]
    posts = [["人员编号", "单位代码", "职务", "职务类别", "岗位性质", "任职日期", "免职日期"]]
    for n, name in enumerate(HOSTILE, start=1):
        units.append([f"U{n}", name, "政府部门", "U0", "县", "340102", "财务"])
        people.append([f"P{n}", name, "男", "1970-01-01", "", "汉族", name, "", "中共党员", "正处"])
        posts.append([f"P{n}", f"U{n}", name, "一把手", "", "2019-01-01", ""])
    _write(folder / "units.csv", units)
    _write(folder / "people.csv", people)
    _write(folder / "posts.csv", posts)
    return folder


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def _assert_no_formula_xlsx(path: Path) -> list[str]:
    book = openpyxl.load_workbook(path)  # not data_only: formulas would show as such
    texts = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    texts.append(cell.value)
    return texts


def _assert_csv_cells_safe(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8-sig")
    cells = [c for row in csv.reader(io.StringIO(text)) for c in row]
    for cell in cells:
        assert not cell.startswith(FORMULA_STARTS), cell
    return cells


def _private(path: Path) -> None:
    assert stat.S_IMODE(path.stat().st_mode) == 0o600, oct(path.stat().st_mode)


def test_spreadsheet_text_rule() -> None:
    for value in HOSTILE:
        if value.startswith(FORMULA_STARTS):
            assert spreadsheet_text(value) == "'" + value
    assert spreadsheet_text("cmd|' /C calc'!A0") == "cmd|' /C calc'!A0"  # no formula start
    assert spreadsheet_text("王建国") == "王建国" and spreadsheet_text(3) == 3
    assert spreadsheet_text("\t=1") == "'\t=1" and spreadsheet_text("\r=1") == "'\r=1"
    assert spreadsheet_text("＝1+1") == "'＝1+1"


@pytest.mark.slow
def test_every_export_writes_formulas_as_text(db, tmp_path, _private_audit_log, capsys) -> None:
    folder = _registries(tmp_path / "in")
    result = invoke("load", str(folder), "--no-progress")
    assert result.exit_code == 0, result.output
    names = {r["n"] for r in db.read("MATCH (p:Person) RETURN p.name AS n")}
    assert names == set(HOSTILE)  # stored verbatim

    flags = run_all(db, AS_OF)
    assert {f.subject_name for f in flags} >= set(HOSTILE)  # SUP-1: no talk for a top leader

    out = tmp_path / "out"
    written = []
    for command in (["flags"], ["report", "SUP-1"], ["risk"]):
        for fmt in ("csv", "xlsx"):
            target = out / f"{command[0]}.{fmt}"
            result = invoke(*command, "--as-of", AS_OF, "--format", fmt, "--output", str(target))
            assert result.exit_code == 0, result.output
            _private(target)
            written.append(target)
            if fmt == "xlsx":
                texts = _assert_no_formula_xlsx(target)
                assert any("HYPERLINK" in t for t in texts)  # there, as text
                assert '=HYPERLINK("http://x")' in texts or command[0] == "risk"
            else:
                cells = _assert_csv_cells_safe(target)
                assert '\'=HYPERLINK("http://x")' in cells or command[0] == "risk"
                assert any("HYPERLINK" in c for c in cells)

    # the FtM export: owner-only too, and recorded
    ftm_file = out / "graph.ftm.jsonl"
    result = invoke("export", "--output", str(ftm_file))
    assert result.exit_code == 0, result.output
    _private(ftm_file)
    written.append(ftm_file)

    # the app's downloads are the same renderers
    _assert_csv_cells_safe(_save(tmp_path / "app.csv", export.to_csv(flags).encode("utf-8-sig")))
    _assert_no_formula_xlsx(_save(tmp_path / "app.xlsx", export.to_xlsx(flags, per_rule=True)))

    # the loader's problem report: a hostile value in a bad row
    bad = _write(
        tmp_path / "bad" / "units.csv",
        [["单位代码", "单位名称", "上级单位代码"], ["U8", "@x", "=1+1"]],
    )
    report = tmp_path / "problems.csv"
    code, out = run(capsys, "load", str(bad), "--report", str(report), "--no-progress")
    assert code == 2, out
    _private(report)
    cells = _assert_csv_cells_safe(report)
    assert "'=1+1" in cells

    # each export is in the audit log: who, when, what, where
    entries = [json.loads(line) for line in _private_audit_log.read_text().splitlines()]
    exports = [e for e in entries if e["action"] == "export"]
    targets = {e["target"] for e in exports}
    assert {str(p.resolve()) for p in written} | {str(report.resolve())} <= targets
    for entry in exports:
        assert (
            entry["user"] and entry["at"] and entry["detail"]["what"] and entry["detail"]["format"]
        )


def _save(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
