"""Issue 12, loads: hostile files are refused fast with one clear sentence naming the file.

Each file is generated here: a 50 MB CSV on one line, an xlsx of a few hundred KB that
unzips to millions of rows, a name of 9 KB, a file of thousands of bad rows, a UTF-16 file
without BOM, 1,000 columns. Limits are settings (loaders/limits.py); some tests lower one to
try it on a small file.
"""

from __future__ import annotations

import csv
import resource
import time
import zipfile
from pathlib import Path

import pytest
from clirun import run

from graph.errors import BadInput
from loaders.pipeline import load_path
from loaders.read import read_table
from model.registry import REGISTRIES

UNITS = ["单位代码", "单位名称", "单位类型", "上级单位代码", "行政级别", "区划代码", "职能领域"]
CLEAR_ID = "340102198001011234"


def _csv(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding=encoding, newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def _read_all(path: Path) -> int:
    table = read_table(path, registry=REGISTRIES["units"])
    return sum(1 for _ in table.rows())


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def test_one_line_csv_of_50_mb_is_refused_fast(tmp_path: Path) -> None:
    path = tmp_path / "units.csv"
    with path.open("w", encoding="utf-8") as fh:
        fh.write(",".join(UNITS) + "\n")
        block = "U1,名称," * 50_000
        while fh.tell() < 50 * 1024 * 1024:
            fh.write(block)
    before, began = _peak_mb(), time.monotonic()
    with pytest.raises(BadInput) as caught:
        _read_all(path)
    assert time.monotonic() - began < 20
    assert _peak_mb() - before < 300  # never the whole line in memory, let alone parsed
    message = str(caught.value)
    assert "units.csv" in message and "KB" in message and "OVERSIGHT_LOAD_MAX_LINE_KB" in message


def _bomb_xlsx(path: Path, rows: int) -> Path:
    """A valid workbook whose one sheet holds `rows` identical rows: tiny zipped."""
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="units" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            "</Relationships>"
        ),
    }
    head = (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row><c t="inlineStr"><is><t>单位代码</t></is></c><c t="inlineStr"><is><t>单位名称</t></is></c></row>'
    )
    row = '<row><c t="inlineStr"><is><t>U1</t></is></c><c t="inlineStr"><is><t>x</t></is></c></row>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(head.encode())
            chunk = (row * 10_000).encode()
            for _ in range(rows // 10_000):
                sheet.write(chunk)
            sheet.write(b"</sheetData></worksheet>")
    return path


@pytest.mark.slow
def test_xlsx_of_millions_of_rows_in_a_few_hundred_kb_is_refused_fast(tmp_path: Path) -> None:
    path = _bomb_xlsx(tmp_path / "units.xlsx", 3_000_000)
    assert path.stat().st_size < 2 * 1024 * 1024
    began = time.monotonic()
    with pytest.raises(BadInput) as caught:
        read_table(path, registry=REGISTRIES["units"])
    assert time.monotonic() - began < 5
    message = str(caught.value)
    assert "units.xlsx" in message and "OVERSIGHT_LOAD_MAX_ZIP_RATIO" in message


def test_row_limit_refuses_a_long_sheet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _bomb_xlsx(tmp_path / "units.xlsx", 20_000)
    monkeypatch.setenv("OVERSIGHT_LOAD_MAX_ZIP_RATIO", "1000000")
    monkeypatch.setenv("OVERSIGHT_LOAD_MAX_ROWS", "5000")
    with pytest.raises(BadInput) as caught:
        _read_all(path)
    assert "units.xlsx" in str(caught.value) and "5000" in str(caught.value)
    rows = [UNITS] + [[f"U{n}", "名称", "党委", "", "市", "340100", "组织"] for n in range(6000)]
    with pytest.raises(BadInput, match="OVERSIGHT_LOAD_MAX_ROWS"):
        _read_all(_csv(tmp_path / "csv" / "units.csv", rows))


def test_file_size_and_column_limits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    wide = _csv(tmp_path / "units.csv", [UNITS + [f"x{n}" for n in range(1000)]])
    with pytest.raises(BadInput, match="OVERSIGHT_LOAD_MAX_COLUMNS"):
        _read_all(wide)
    monkeypatch.setenv("OVERSIGHT_LOAD_MAX_FILE_MB", "1")
    big = tmp_path / "big" / "units.csv"
    big.parent.mkdir()
    big.write_bytes(b"x" * (2 * 1024 * 1024))
    with pytest.raises(BadInput, match="OVERSIGHT_LOAD_MAX_FILE_MB"):
        read_table(big)


def test_a_bad_limit_setting_is_a_usage_error(monkeypatch, tmp_path, capsys) -> None:
    monkeypatch.setenv("OVERSIGHT_LOAD_MAX_ROWS", "many")
    code, out = run(capsys, "load", str(_csv(tmp_path / "units.csv", [UNITS])), "--dry-run")
    assert code == 1 and "OVERSIGHT_LOAD_MAX_ROWS" in out, out


def test_utf16_without_bom_is_read_and_undecodable_is_exit_2(tmp_path: Path, capsys) -> None:
    rows = [UNITS, ["U1", "中共某市委员会", "党委", "", "市", "340100", "组织"]]
    text = "\r\n".join(",".join(r) for r in rows) + "\r\n"
    path = tmp_path / "units.csv"
    path.write_bytes(text.encode("utf-16-le"))  # no BOM
    table = read_table(path, registry=REGISTRIES["units"])
    assert table.headers[:2] == ["单位代码", "单位名称"]
    assert [r.cells[1] for r in table.rows()] == ["中共某市委员会"]
    broken = tmp_path / "bad" / "units.csv"
    broken.parent.mkdir()
    broken.write_bytes(text.encode("utf-16-le")[:-1] + b"\x00\xd8")  # a lone surrogate
    code, out = run(capsys, "load", str(broken), "--dry-run", "--no-progress")
    assert code == 2, out
    assert "units.csv" in out and "Traceback" not in out


def test_too_many_problems_are_counted_not_listed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OVERSIGHT_LOAD_MAX_PROBLEMS", "100")
    rows = [UNITS] + [
        [f"U{n}", "名称", "党委", f"U{n}", "市", "340100", "组织"] for n in range(3000)
    ]
    path = _csv(tmp_path / "in" / "units.csv", rows)
    report = tmp_path / "problems.csv"
    with pytest.raises(BadInput) as caught:
        load_path(path, dry_run=True, report=report)
    problems = caught.value.problems
    assert len(problems) == 101
    assert "2900" in problems[-1].expected and problems[-1].is_error
    assert "3000" in str(caught.value)  # the count is of every error, listed or not
    assert sum(1 for _ in report.open(encoding="utf-8-sig")) == 102  # header + 101


def test_messages_and_report_never_print_a_clear_id(tmp_path: Path, capsys) -> None:
    """Invalid and duplicate 身份证号 are reported masked, on screen and in --report."""
    header = [
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
    bad_check = CLEAR_ID[:-1] + ("0" if CLEAR_ID[-1] != "0" else "1")
    rows = [
        header,
        ["P1", "甲", "男", "1980-01-01", bad_check, "汉族", "", "", "", "其他"],
        ["P2", "乙", "男", "1980-01-01", "34010219800101123", "汉族", "", "", "", "其他"],
        ["P1", "丙", "男", "1980-01-01", bad_check, "汉族", CLEAR_ID, "", "", "其他"],
    ]
    path = _csv(tmp_path / "in" / "people.csv", rows)
    report = tmp_path / "report.csv"
    code, out = run(
        capsys, "load", str(path), "--dry-run", "--report", str(report), "--no-progress"
    )
    assert code == 2, out
    written = report.read_text(encoding="utf-8-sig")
    for text in (out, written):
        assert bad_check not in text and CLEAR_ID not in text and "34010219800101123" not in text
        assert "340102************" in text
        assert "19800101" not in text
