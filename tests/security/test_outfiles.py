"""The one CSV writer and the one xlsx writer of the exports (graph/outfiles.py).

Every export (flags, risk, cases, dossiers, the audit log) goes through `csv_text` and
`Workbook`, so the formula guard is applied in one place; a test below reads the source and
fails if an exporter grows its own writer again.
"""

from __future__ import annotations

import ast
import csv
import io
from pathlib import Path

import openpyxl

from graph.outfiles import FORMULA_STARTS, Workbook, csv_text

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = ['=HYPERLINK("http://x")', "cmd|' /C calc'!A0", "+1+2", "@SUM(1)", "-2+3", "＝1"]


def test_csv_text_writes_every_formula_as_text() -> None:
    text = csv_text(["=head", "b"], [[value, 7] for value in HOSTILE])
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert cells[:2] == ["'=head", "b"]
    for cell in cells:
        assert not cell.startswith(FORMULA_STARTS), cell
    assert '\'=HYPERLINK("http://x")' in cells and "7" in cells


def test_workbook_cells_are_text_and_sheet_names_valid(tmp_path: Path) -> None:
    book = Workbook()
    long_title = "COI-1 领导干部亲属经营企业与本人分管领域发生业务往来[测试]:*?/\\"
    book.table(long_title, ["值 value", "数 n"], [[value, 1.5] for value in HOSTILE])
    book.table(long_title, ["值 value"], [])  # same title: a second, distinct sheet
    book.table("", ["x"], [["y"]])
    path = tmp_path / "t.xlsx"
    path.write_bytes(book.close())

    loaded = openpyxl.load_workbook(path)
    names = loaded.sheetnames
    assert len(names) == len(set(names)) == 3
    for name in names:
        assert len(name) <= 31 and not set(name) & set("[]:*?/\\"), name
    first = loaded.worksheets[0]
    values = [cell.value for row in first.iter_rows(min_row=2) for cell in row]
    for row in first.iter_rows():
        for cell in row:
            assert cell.data_type != "f", (cell.coordinate, cell.value)
    assert set(HOSTILE) <= set(values) and 1.5 in values  # verbatim text, numbers as numbers


def _writers_outside_outfiles() -> list[str]:
    """Calls that build a CSV or xlsx writer, in the parts' modules other than the ones
    allowed: graph/outfiles.py (the exports), the loader's problem report and bulk files
    (streamed, rows through spreadsheet_row / not for people), the sample generator (it writes
    registries, not exports)."""
    allowed = {
        "graph/outfiles.py",
        "loaders/pipeline.py",
        "loaders/bulk_csv.py",
        "sample/writer.py",
    }
    found = []
    for part in ("graph", "loaders", "queries", "app", "sample"):
        for path in sorted((ROOT / part).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            if rel in allowed:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                    owner = node.func.value
                    name = f"{getattr(owner, 'id', '?')}.{node.func.attr}"
                    if name in {"csv.writer", "csv.DictWriter", "xlsxwriter.Workbook"}:
                        found.append(f"{rel}:{node.lineno} {name}")
    return found


def test_exporters_use_the_one_writer() -> None:
    assert _writers_outside_outfiles() == []
