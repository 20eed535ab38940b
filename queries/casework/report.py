"""Case reports: a printable HTML (evidence graph as an inline SVG, source rows, policy basis,
history, notes) and tabular exports (CSV, xlsx with a summary sheet).

Words for labels and relationship types come from the caller (`words(key) -> text`, the app's
i18n), so this module does not import the app. Every text reaching HTML is escaped; xlsx
cells are written as strings (never formulas); CSV cells that a spreadsheet would read as a
formula are prefixed with an apostrophe.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import math
from collections.abc import Callable
from typing import Any

from graph.db import Database
from graph.outfiles import Workbook, bilingual_header, column_widths, csv_text
from model.vocab import (
    DEFAULT_COLOR,
    HIDDEN_PROPERTIES,
    LABEL_COLORS,
    SEVERITY_ZH,
    primary_label,
)
from queries.casework.ledger import plain, query
from queries.casework.model import REASONS, RUN_STATES, STATUSES
from queries.catalogue import CATALOGUE
from queries.export import EVIDENCE_ZH, evidence_text

Words = Callable[[str], str]
# Text drawn over lines stays readable: a white outline painted under the glyphs.
HALO = 'paint-order="stroke" stroke="#fff" stroke-width="3" stroke-linejoin="round"'
# Properties not drawn: identity material (model/vocab.py) and the loaders' bookkeeping.
HIDDEN = HIDDEN_PROPERTIES | {"row_hash", "sources", "name_key"}
EVENT_ZH = {
    "created": "发现",
    "reappeared": "重新命中",
    "gone": "不再命中",
    "status": "状态变更",
    "assign": "指派",
    "due": "期限",
    "note": "备注",
}
# (key, Chinese header, English header) of the tabular exports.
CASE_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("case_id", "线索编号", "case id"),
    ("status", "处置状态", "status"),
    ("reason", "排除理由", "reason"),
    ("referred_to", "移送去向", "referred to"),
    ("assignee", "承办人", "assignee"),
    ("due", "期限", "due"),
    ("run_state", "最近一次运行", "run state"),
    ("rule", "规则", "rule"),
    ("title", "规则名称", "title"),
    ("severity", "风险等级", "severity"),
    ("subject_id", "对象编号", "subject id"),
    ("subject_name", "对象名称", "subject name"),
    ("summary", "摘要", "summary"),
    ("evidence", "证据", "evidence"),
    ("notes", "备注", "notes"),
    ("first_seen", "首次发现", "first seen"),
    ("last_seen", "最近发现", "last seen"),
    ("previous_case_id", "接续线索", "follows case"),
)


def _zh_words(key: str) -> str:
    return key.split(".", 1)[-1]


def cell(key: str, case: dict[str, Any]) -> str:
    """A case's value in a column, as a reader sees it."""
    value: Any = case.get(key)
    if key == "status":
        return f"{STATUSES.get(value, {}).get('zh', value)} {value}"
    if key == "reason":
        if not value:
            return ""
        text = f"{REASONS.get(value, {}).get('zh', value)} {value}"
        return text + (f"：{case['reason_text']}" if case.get("reason_text") else "")
    if key == "run_state":
        return f"{RUN_STATES.get(value, {}).get('zh', value)} {value}"
    if key == "severity":
        return f"{SEVERITY_ZH.get(value, value)} {value}"
    if key == "evidence":
        return evidence_text(value or {})
    if key == "notes":
        return "\n".join(f"{n['at']} {n['author']}：{n['text']}" for n in value or [])
    return "" if value is None else str(value)


def cases_csv(cases: list[dict[str, Any]]) -> str:
    rows = ([cell(key, case) for key, _, _ in CASE_COLUMNS] for case in cases)
    return csv_text([zh for _, zh, _ in CASE_COLUMNS], rows)


def cases_xlsx(cases: list[dict[str, Any]], details: bool = False) -> bytes:
    """A workbook: 汇总 summary (counts by status and by rule), 线索 cases (one row each), and
    with `details` 历史 history (every event of every case)."""
    book = Workbook()
    head = book.head
    summary = book.sheet("汇总 summary")
    summary.write_string(0, 0, "线索汇总 (case summary)", head)
    summary.write_string(1, 0, f"生成时间 {dt.datetime.now().isoformat(timespec='seconds')}")
    summary.write_string(2, 0, f"线索数 cases: {len(cases)}")
    row = 4
    summary.write_string(row, 0, "处置状态 status", head)
    summary.write_string(row, 1, "线索数 cases", head)
    for status, names in STATUSES.items():
        row += 1
        summary.write_string(row, 0, f"{names['zh']} {status}")
        summary.write_number(row, 1, sum(1 for c in cases if c.get("status") == status))
    row += 2
    summary.write_string(row, 0, "规则 rule", head)
    summary.write_string(row, 1, "线索数 cases", head)
    for rule_id in sorted({c["rule"] for c in cases}):
        row += 1
        title = CATALOGUE[rule_id].title_zh if rule_id in CATALOGUE else ""
        summary.write_string(row, 0, f"{rule_id} {title}")
        summary.write_number(row, 1, sum(1 for c in cases if c["rule"] == rule_id))
    summary.set_column(0, 0, 36)
    summary.set_column(1, 1, 14)
    widths = {"summary": 70, "evidence": 50, "notes": 50, "title": 22}
    rows = [[cell(key, case) for key, _, _ in CASE_COLUMNS] for case in cases]
    book.table(
        "线索 cases", bilingual_header(CASE_COLUMNS), rows, column_widths(CASE_COLUMNS, widths, 14)
    )
    if details:
        history = [
            [
                case["case_id"],
                str(e["at"]),
                str(e["actor"]),
                f"{EVENT_ZH.get(e['kind'], e['kind'])} {e['kind']}",
                json.dumps(e.get("detail") or {}, ensure_ascii=False),
            ]
            for case in cases
            for e in case.get("events", [])
        ]
        header = ["线索编号 case", "时间 at", "操作人 actor", "事项 kind", "内容 detail"]
        book.table("历史 history", header, history, [24] * 5)
    return book.close()


# ---------------------------------------------------------------- evidence picture


def layout(
    nodes: list[dict[str, Any]],
    subject_key: str,
    relationships: list[dict[str, Any]] | None = None,
) -> dict[str, tuple[float, float]]:
    """A deterministic layout: the subject in the middle, the others first on rings by label
    (people, units, companies, records), then relaxed by a seeded spring layout so that lines
    do not run through nodes. Coordinates in SVG units."""
    order = ["Person", "Unit", "Company"]
    centre = next((n for n in nodes if n.get("key") == subject_key), nodes[0] if nodes else None)
    others = [n for n in nodes if n is not centre]

    def rank(node: dict[str, Any]) -> tuple[int, str]:
        label = _label(node)
        return (order.index(label) if label in order else len(order), str(node.get("key")))

    others.sort(key=rank)
    pos: dict[str, tuple[float, float]] = {}
    if centre is not None:
        pos[centre["id"]] = (0.0, 0.0)
    ring_size = 10
    for i, node in enumerate(others):
        ring, slot = divmod(i, ring_size)
        in_ring = min(ring_size, len(others) - ring * ring_size)
        angle = 2 * math.pi * slot / in_ring - math.pi / 2 + ring * 0.3
        radius = 190 + 120 * ring
        pos[node["id"]] = (radius * math.cos(angle), radius * math.sin(angle))
    if relationships and centre is not None and len(nodes) > 2:
        import networkx as nx

        graph: nx.Graph[str] = nx.Graph()
        graph.add_nodes_from(pos)
        graph.add_edges_from(
            (r["start"], r["end"]) for r in relationships if r["start"] in pos and r["end"] in pos
        )
        scale = 190.0 + 120 * (len(others) // ring_size)
        start = {k: (x / scale, y / scale) for k, (x, y) in pos.items()}
        relaxed = nx.spring_layout(
            graph, pos=start, fixed=[centre["id"]], seed=7, iterations=80, k=0.9
        )
        pos = {k: (float(v[0]) * scale, float(v[1]) * scale) for k, v in relaxed.items()}
    return pos


def _label(node: dict[str, Any]) -> str:
    return primary_label(node.get("labels") or [])


def _short(text: str, limit: int = 12) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def evidence_svg(
    nodes: list[dict[str, Any]],
    relationships: list[dict[str, Any]],
    subject_key: str,
    words: Words = _zh_words,
) -> str:
    """The evidence graph as an inline SVG picture (prints as vector, no script)."""
    if not nodes:
        return '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>'
    pos = layout(nodes, subject_key, relationships)
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    pad = 90
    minx, miny = min(xs) - pad, min(ys) - pad
    width, height = max(xs) - min(xs) + 2 * pad, max(ys) - min(ys) + 2 * pad
    esc = html.escape
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="evidence" '
        f'viewBox="{minx:.0f} {miny:.0f} {width:.0f} {height:.0f}" '
        f'width="100%" style="max-height:150mm" '
        f'font-family="Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, sans-serif">',
        f"<title>{esc(words('case.report.graph'))}</title>",
    ]
    for rel in relationships:
        if rel["start"] not in pos or rel["end"] not in pos:
            continue
        (x1, y1), (x2, y2) = pos[rel["start"]], pos[rel["end"]]
        parts.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
            f'stroke="#888" stroke-width="1.5"/>'
        )
        mx, my = (x1 + x2) / 2, (y1 + y2) / 2
        parts.append(
            f'<text x="{mx:.1f}" y="{my:.1f}" font-size="11" fill="#555" text-anchor="middle" {HALO}>'
            f"{esc(words('rel.' + rel['type']))}</text>"
        )
    for node in nodes:
        x, y = pos[node["id"]]
        label = _label(node)
        color = LABEL_COLORS.get(label, DEFAULT_COLOR)
        radius = 34 if node.get("key") == subject_key else 26
        caption = _short(str(node.get("caption") or node.get("key") or ""), 16)
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius}" fill="{color}" stroke="#333" '
            f'stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{x:.1f}" y="{y + 4:.1f}" font-size="11" text-anchor="middle">'
            f"{esc(words('label.' + label))}</text>"
        )
        parts.append(
            f'<text x="{x:.1f}" y="{y + radius + 15:.1f}" font-size="12" font-weight="bold" {HALO} '
            f'text-anchor="middle">{esc(caption)}</text>'
        )
        parts.append(
            f'<text x="{x:.1f}" y="{y + radius + 29:.1f}" font-size="10" fill="#444" {HALO} '
            f'text-anchor="middle">{esc(_short(str(node.get("key")), 20))}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


# ---------------------------------------------------------------- HTML report

CSS = """
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif;
       margin: 18mm; color: #111; font-size: 11pt; }
h1 { font-size: 18pt; margin: 0 0 4mm; }
h2 { font-size: 14pt; border-bottom: 2px solid #333; padding-bottom: 1mm; margin-top: 6mm; }
h3 { font-size: 12pt; margin: 4mm 0 2mm; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0; }
th, td { border: 1px solid #999; padding: 1.2mm 2mm; text-align: left; vertical-align: top;
         font-size: 9.5pt; word-break: break-all; }
th { background: #eef1f6; width: 22%; }
.case { page-break-after: always; break-after: page; }
.case:last-child { page-break-after: auto; break-after: auto; }
.meta { color: #555; font-size: 9pt; }
svg.evidence { border: 1px solid #ccc; }
@page { size: A4; margin: 12mm; }
@media print { body { margin: 0; } .noprint { display: none; } tr, svg { break-inside: avoid; } }
"""


def _row(th: str, td: str) -> str:
    return f"<tr><th>{html.escape(th)}</th><td>{td}</td></tr>"


def source_rows(
    db: Database, nodes: list[dict[str, Any]], relationships: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The registry rows behind the evidence: each node's and relationship's `sources`
    (`<source_id>:<row>`) resolved to the file name."""
    refs: list[tuple[str, str, str]] = []
    for node in nodes:
        for src in node["properties"].get("sources") or []:
            refs.append((f"{_label(node)} {node.get('key')}", str(node.get("caption") or ""), src))
    for rel in relationships:
        for src in rel["properties"].get("sources") or []:
            refs.append((rel["type"], "", src))
    ids = sorted({src.split(":", 1)[0] for _, _, src in refs})
    files = {r["source_id"]: r for r in db.read(query("sources").text, {"ids": ids})} if ids else {}
    out = []
    for what, caption, src in refs:
        source_id, _, row = src.partition(":")
        found = files.get(source_id) or {}
        out.append(
            {
                "what": what,
                "caption": caption,
                "file": found.get("name") or source_id,
                "registry": found.get("registry") or "",
                "row": row,
            }
        )
    return out


def html_report(
    db: Database,
    cases: list[dict[str, Any]],
    words: Words = _zh_words,
    generated_by: str = "",
    lang: str = "zh",
) -> str:
    """A printable HTML report of the cases (as from ledger.get_case, with history).

    `lang` ("zh" or "en") picks the rule's basis and description, as `words` picks the labels.
    """
    from queries.runner import evidence_graph

    esc = html.escape
    now = dt.datetime.now().isoformat(timespec="seconds")
    body = [
        "<!DOCTYPE html>",
        f'<html lang="{"en" if lang == "en" else "zh-CN"}"><head><meta charset="utf-8">',
        f"<title>{esc(words('case.report.title'))}</title>",
        f"<style>{CSS}</style></head><body>",
        f"<h1>{esc(words('case.report.title'))}</h1>",
        f'<p class="meta">{esc(words("case.report.generated"))} {esc(now)} '
        f"{esc(generated_by)} · {len(cases)} {esc(words('case.report.count'))}</p>",
    ]
    for case in cases:
        rule = CATALOGUE.get(case["rule"])
        subject_key = case["subject_id"]
        nodes, rels = evidence_graph(
            db,
            {
                "subject_kind": case["subject_kind"],
                "subject_id": case["subject_id"],
                "evidence": case["evidence"],
            },
        )
        status = STATUSES.get(case["status"], {}).get("zh", case["status"])
        body.append('<section class="case">')
        body.append(f"<h2>{esc(case['case_id'])} {esc(case['title'] or '')}</h2>")
        body.append("<table>")
        body.append(_row("规则 rule", esc(f"{case['rule']} {case['title']}")))
        body.append(_row("风险等级 severity", esc(cell("severity", case))))
        body.append(_row("对象 subject", esc(f"{case['subject_name']}（{case['subject_id']}）")))
        body.append(_row("摘要 finding", esc(case["summary"])))
        body.append(_row("处置状态 status", esc(f"{status}（{case['status']}）")))
        if case.get("reason"):
            body.append(_row("排除理由 reason", esc(cell("reason", case))))
        if case.get("referred_to"):
            body.append(_row("移送去向 referred to", esc(case["referred_to"])))
        body.append(_row("承办人 assignee", esc(case.get("assignee") or "—")))
        body.append(_row("期限 due", esc(str(case.get("due") or "—"))))
        body.append(
            _row(
                "发现 seen",
                esc(
                    f"首次 {case['first_seen']}（{case['first_run']}）；最近 {case['last_seen']}"
                    f"（{case['last_run']}）；{cell('run_state', case)}"
                ),
            )
        )
        if case.get("previous_case_id"):
            body.append(
                _row(
                    "接续 follows",
                    esc(
                        f"{case['previous_case_id']}；变化 {json.dumps(case['changes'], ensure_ascii=False)}"
                    ),
                )
            )
        body.append("</table>")
        body.append(f"<h3>{esc(words('case.report.graph'))}</h3>")
        body.append(evidence_svg(nodes, rels, subject_key, words))
        body.append(f"<h3>{esc(words('case.report.evidence'))}</h3><table>")
        body.append("<tr><th>类别</th><th>编号</th></tr>")
        for key, ids in case["evidence"].items():
            body.append(
                f"<tr><td>{esc(EVIDENCE_ZH.get(key, key))} {esc(key)}</td>"
                f"<td>{esc(', '.join(ids))}</td></tr>"
            )
        body.append("</table>")
        body.append(f"<h3>{esc(words('case.report.sources'))}</h3><table>")
        body.append(
            "<tr><th>证据 item</th><th>名称</th><th>登记表文件 file</th><th>行 row</th></tr>"
        )
        for src in source_rows(db, nodes, rels):
            body.append(
                f"<tr><td>{esc(src['what'])}</td><td>{esc(src['caption'])}</td>"
                f"<td>{esc(src['file'])} {esc(src['registry'])}</td><td>{esc(src['row'])}</td></tr>"
            )
        body.append("</table>")
        for node in nodes:
            props = {k: v for k, v in node["properties"].items() if k not in HIDDEN}
            if not props:
                continue
            body.append(
                f'<table><tr><th colspan="2">{esc(words("label." + _label(node)))} '
                f"{esc(str(node.get('caption') or ''))}</th></tr>"
            )
            for key, value in sorted(props.items()):
                body.append(f"<tr><td>{esc(key)}</td><td>{esc(str(plain(value)))}</td></tr>")
            body.append("</table>")
        body.append(f"<h3>{esc(words('case.report.basis'))}</h3>")
        if rule is not None:
            basis, description = (
                (rule.basis_en, rule.description_en)
                if lang == "en"
                else (rule.basis_zh, rule.description_zh)
            )
            body.append(f"<p>{esc(basis)}</p><p class='meta'>{esc(description)}</p>")
        body.append(f"<h3>{esc(words('case.report.history'))}</h3><table>")
        body.append("<tr><th>时间</th><th>操作人</th><th>事项</th><th>内容</th></tr>")
        for e in case.get("events", []):
            body.append(
                f"<tr><td>{esc(str(e['at']))}</td><td>{esc(str(e['actor']))}</td>"
                f"<td>{esc(EVENT_ZH.get(e['kind'], e['kind']))}</td>"
                f"<td>{esc(json.dumps(e.get('detail') or {}, ensure_ascii=False))}</td></tr>"
            )
        body.append("</table>")
        body.append(f"<h3>{esc(words('case.report.notes'))}</h3>")
        if case["notes"]:
            body.append("<table><tr><th>时间</th><th>作者</th><th>内容</th></tr>")
            for n in case["notes"]:
                body.append(
                    f"<tr><td>{esc(str(n['at']))}</td><td>{esc(str(n['author']))}</td>"
                    f"<td>{esc(n['text'])}</td></tr>"
                )
            body.append("</table>")
        else:
            body.append("<p>—</p>")
        body.append("</section>")
    body.append("</body></html>")
    return "\n".join(body)
