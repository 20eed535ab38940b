"""The case report's pure parts: the evidence picture (escaped, every node and relationship
drawn), the CSV guard against formulas, the xlsx summary sheet."""

from __future__ import annotations

import io

import openpyxl

from queries.casework.report import cases_csv, cases_xlsx, evidence_svg, layout

NODES = [
    {"id": "n1", "labels": ["Person"], "key": "L", "caption": "张明", "properties": {}},
    {"id": "n2", "labels": ["Company"], "key": "C1", "caption": "<script>x</script>",
     "properties": {}},
    {"id": "n3", "labels": ["Contract"], "key": "K1", "caption": "合同K1", "properties": {}},
]  # fmt: skip
RELS = [
    {"id": "r1", "type": "SUPPLIER", "start": "n3", "end": "n2", "properties": {}},
    {"id": "r2", "type": "HAS_RELATIVE", "start": "n1", "end": "n9", "properties": {}},
]

CASE = {
    "case_id": "COI-1-abc",
    "status": "dismissed",
    "reason": "other",
    "reason_text": '=HYPERLINK("http://x")',
    "run_state": "unchanged",
    "rule": "COI-1",
    "title": "亲属企业与本单位交易",
    "severity": "high",
    "subject_id": "L",
    "subject_name": "张明",
    "summary": "摘要",
    "evidence": {"contracts": ["K1"]},
    "notes": [{"at": "2025-01-01T00:00:00+00:00", "author": "甲", "text": "@SUM(1)"}],
    "assignee": "+cmd",
}


def test_svg_draws_every_node_escaped_and_the_subject_in_the_middle() -> None:
    svg = evidence_svg(NODES, RELS, "L")
    assert svg.startswith("<svg") and svg.count("<circle") == 3
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert svg.count("<line") == 1  # a relationship to a node not drawn is left out
    assert layout(NODES, "L")["n1"] == (0.0, 0.0)
    assert layout(NODES, "L") == layout(list(NODES), "L")


def test_csv_cells_never_start_a_formula() -> None:
    text = cases_csv([CASE])
    assert "'+cmd" in text and "'=HYPERLINK" not in text  # the reason cell starts with 其他
    assert "其他 other：=HYPERLINK" in text


def test_xlsx_has_a_summary_sheet_and_strings_not_formulas() -> None:
    book = openpyxl.load_workbook(io.BytesIO(cases_xlsx([CASE], details=True)))
    assert book.sheetnames == ["汇总 summary", "线索 cases", "历史 history"]
    summary = [[c.value for c in row] for row in book["汇总 summary"].iter_rows()]
    assert ["已排除 dismissed", 1] in summary
    cells = [c.value for row in book["线索 cases"].iter_rows(min_row=2) for c in row]
    assert "+cmd" in cells and all(c.data_type == "s" for c in book["线索 cases"][2])
