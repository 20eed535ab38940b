"""One set of renderers for flags, shared by the CLI and the app: table, JSON, CSV, xlsx.

Headers are Chinese first (the English name beside it in the table and xlsx); JSON keeps the
contract's English keys. `xlsx` for several rules writes one sheet per rule.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable
from typing import Any

from graph.outfiles import Workbook, bilingual_header, column_widths, csv_text
from model.vocab import SEVERITY_ZH
from queries.catalogue import CATALOGUE
from queries.runner import Flag

FORMATS = ("table", "json", "csv", "xlsx")
EVIDENCE_ZH = {
    "relatives": "亲属",
    "persons": "人员",
    "companies": "企业",
    "contracts": "合同",
    "appointments": "任免",
    "complaints": "信访件",
    "problems": "问题",
    "decisions": "决策",
    "units": "单位",
    "sanctions": "处分",
    "interventions": "干预记录",
    "events": "监督活动",
    "tasks": "任务",
}
# (key of Flag.to_dict(), Chinese header, English header)
COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("rule", "规则", "rule"),
    ("title", "规则名称", "title"),
    ("severity", "风险等级", "severity"),
    ("subject_kind", "对象类型", "subject kind"),
    ("subject_id", "对象编号", "subject id"),
    ("subject_name", "对象名称", "subject name"),
    ("summary", "摘要", "summary"),
    ("match", "匹配方式", "match"),
    ("evidence", "证据", "evidence"),
    ("as_of", "截至日期", "as of"),
)
SUBJECT_ZH = {"person": "人员", "unit": "单位"}
MATCH_ZH = {"id": "身份证号", "name": "姓名（待核实）"}


def evidence_text(evidence: dict[str, list[str]]) -> str:
    """`企业: 913401…; 合同: HT-1` — evidence as a reader sees it in a cell."""
    return "; ".join(f"{EVIDENCE_ZH.get(k, k)}: {', '.join(v)}" for k, v in evidence.items())


def _cell(key: str, flag: dict[str, Any]) -> str:
    value: Any = flag.get(key)
    if key == "evidence":
        return evidence_text(value or {})
    if key == "severity":
        return f"{SEVERITY_ZH.get(value, value)} {value}"
    if key == "subject_kind":
        return SUBJECT_ZH.get(value, value or "")
    if key == "match":
        return MATCH_ZH.get(value, "") if value else ""
    return "" if value is None else str(value)


def rows(flags: Iterable[Flag]) -> list[list[str]]:
    """Flags as rows of cells in COLUMNS order."""
    return [[_cell(key, f.to_dict()) for key, _, _ in COLUMNS] for f in flags]


def to_json(flags: Iterable[Flag]) -> str:
    return json.dumps([f.to_dict() for f in flags], ensure_ascii=False, indent=2)


def to_csv(flags: Iterable[Flag]) -> str:
    """CSV with Chinese headers; callers writing a file add a BOM so Excel reads UTF-8.
    A cell a spreadsheet would take for a formula is written as text (graph/outfiles.py)."""
    return csv_text([zh for _, zh, _ in COLUMNS], rows(flags))


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def _clip(text: str, width: int) -> str:
    if _width(text) <= width:
        return text
    out, used = "", 0
    for ch in text:
        w = _width(ch)
        if used + w > width - 1:
            break
        out, used = out + ch, used + w
    return out + "…"


def to_table(flags: Iterable[Flag]) -> str:
    """A plain text table (CJK-width aware) for terminals: the columns a reader scans."""
    keys = ("rule", "severity", "subject_id", "subject_name", "summary")
    limits = {"subject_name": 16, "summary": 90, "subject_id": 24}
    headers = {key: zh for key, zh, _ in COLUMNS}
    body = [[_clip(_cell(k, f.to_dict()), limits.get(k, 40)) for k in keys] for f in flags]
    widths = [max([_width(headers[k])] + [_width(r[i]) for r in body]) for i, k in enumerate(keys)]
    lines = ["  ".join(_pad(headers[k], widths[i]) for i, k in enumerate(keys)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(_pad(c, widths[i]) for i, c in enumerate(r)).rstrip() for r in body]
    lines.append(f"共 {len(body)} 条 ({len(body)} flags)")
    return "\n".join(lines) + "\n"


def to_xlsx(flags: list[Flag], per_rule: bool) -> bytes:
    """An xlsx workbook: one sheet of all flags, or (per_rule) one sheet per catalogue rule,
    empty rules included so a reader sees that they ran."""
    book = Workbook()
    header = bilingual_header(COLUMNS)
    widths = column_widths(
        COLUMNS, {"summary": 70, "evidence": 50, "title": 22, "subject_name": 14}, 12
    )
    if per_rule:
        for rule in CATALOGUE.values():
            subset = [f for f in flags if f.rule == rule.id]
            book.table(f"{rule.id} {rule.title_zh}", header, rows(subset), widths)
    else:
        book.table("风险提示 flags", header, rows(flags), widths)
    return book.close()


def render(flags: list[Flag], fmt: str, per_rule: bool = False) -> str | bytes:
    """The flags in `fmt` (table, json, csv: text; xlsx: bytes)."""
    if fmt == "json":
        return to_json(flags) + "\n"
    if fmt == "csv":
        return to_csv(flags)
    if fmt == "table":
        return to_table(flags)
    if fmt == "xlsx":
        return to_xlsx(flags, per_rule)
    raise ValueError(f"unknown format {fmt!r}")
