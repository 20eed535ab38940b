"""A leader's dossier (领导画像): what the page shows and what is exported, in one place.

`gather` collects it from the product's own reads (the person's card, his events, the
contracts between his units and his relatives' companies) and the runner's flags and the
composite risk the caller passes in; `to_xlsx` and `to_html` render it in one language.
Every cell of the workbook is written as a string (`write_string`), so a registry value
starting with `=` is text, never a formula; the HTML escapes every value.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass, field
from typing import Any

from app import reads
from app.i18n import translate
from graph.analytics.power import COMPONENTS, component_label
from graph.db import Database
from graph.outfiles import Workbook
from queries import export
from queries.catalogue import CATALOGUE
from queries.risk import RiskLeader, RiskRow
from queries.runner import Flag


@dataclass
class Dossier:
    pid: str
    as_of: dt.date
    person: dict[str, Any]
    posts: list[dict[str, Any]]
    duties: list[dict[str, Any]]
    relatives: list[dict[str, Any]]
    companies: list[dict[str, Any]]
    events: list[dict[str, Any]]
    contracts: list[dict[str, Any]]
    flags: list[Flag]
    risk: RiskRow | None = None
    leader: RiskLeader | None = None
    risk_rank_of: int = 0
    element_id: str = ""
    units_led: list[str] = field(default_factory=list)

    def current_posts(self) -> list[dict[str, Any]]:
        return [p for p in self.posts if held(p, self.as_of)]

    def components(self) -> list[dict[str, Any]]:
        """The power index's parts: name, share of the index, raw value."""
        if self.leader is None or not self.leader.components:
            return []
        out = []
        for component in COMPONENTS:
            part = self.leader.components.get(component.name) or {}
            out.append(
                {
                    "name": component.name,
                    "contribution": float(part.get("contribution") or 0.0),
                    "raw": part.get("raw"),
                }
            )
        return out


def held(row: dict[str, Any], as_of: dt.date) -> bool:
    start, end = row.get("start_date"), row.get("end_date")
    return (start is None or start <= as_of) and (end is None or end >= as_of)


def ended_by(row: dict[str, Any], as_of: dt.date) -> dt.date | None:
    """The end date of a relative or a company link that had ended by `as_of` (history, shown
    apart from what holds), else None."""
    end = row.get("end_date")
    return end if end is not None and end < as_of else None


def person_flags(flags: list[Flag], pid: str, units: set[str]) -> list[Flag]:
    """The flags on this person, and those on a unit he leads as 一把手 (the composite risk
    counts both)."""
    return [
        f
        for f in flags
        if (f.subject_kind == "person" and f.subject_id == pid)
        or (f.subject_kind == "unit" and f.subject_id in units)
    ]


def gather(
    db: Database,
    pid: str,
    as_of: dt.date,
    flags: list[Flag],
    risk_rows: list[RiskRow],
    leader: RiskLeader | None,
) -> Dossier | None:
    card = reads.person(db, pid)
    if card is None:
        return None
    units = set(leader.top_units) if leader else set()
    units |= {p["unit_id"] for p in card["posts"] if p.get("role") == "一把手" and held(p, as_of)}
    row = next((r for r in risk_rows if r.person_id == pid), None)
    return Dossier(
        pid=pid,
        as_of=as_of,
        person=card["person"],
        posts=card["posts"],
        duties=card["duties"],
        relatives=card["relatives"],
        companies=card["companies"],
        events=reads.person_events(db, pid),
        contracts=reads.family_contracts(db, pid),
        flags=person_flags(flags, pid, units),
        risk=row,
        leader=leader,
        risk_rank_of=len(risk_rows),
        element_id=card["element_id"],
        units_led=sorted(units),
    )


# ---------------------------------------------------------------- exports


def _s(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "、".join(_s(v) for v in value)
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def sections(d: Dossier, lang: str) -> list[tuple[str, list[str], list[list[str]]]]:
    """(title, header, rows) of every part of the dossier, in the reader's language."""

    def tr(key: str) -> str:
        return translate(key, lang)

    p = d.person
    facts = [
        [tr("explore.name"), _s(p.get("name"))],
        [tr("risk.person_id"), d.pid],
        [tr("explore.id_masked"), _s(p.get("id_masked"))],
        [tr("explore.gender"), _s(p.get("gender"))],
        [tr("explore.birth_date"), _s(p.get("birth_date"))],
        [tr("explore.party"), _s(p.get("party"))],
        [tr("explore.rank"), _s(p.get("rank"))],
        [tr("common.as_of"), d.as_of.isoformat()],
        [tr("risk.power"), "" if d.leader is None or d.leader.power is None else f"{d.leader.power:.3f}"],
        [tr("risk.power_rank"), _s(d.leader.power_rank if d.leader else None)],
        [tr("risk.score"), "" if d.risk is None else f"{d.risk.score:.2f}"],
        [tr("risk.rank"), "" if d.risk is None else f"{d.risk.rank} / {d.risk_rank_of}"],
    ]  # fmt: skip
    out = [(tr("dossier.facts"), [tr("dossier.item"), tr("dossier.value")], facts)]
    out.append(
        (
            tr("dossier.components"),
            [tr("dossier.component"), tr("dossier.contribution"), tr("dossier.raw")],
            [
                [component_label(c["name"], lang), f"{c['contribution']:.3f}", _s(c["raw"])]
                for c in d.components()
            ],
        )
    )
    english = lang != "zh"
    out.append(
        (
            tr("dossier.flags"),
            [tr("flags.rule"), tr("flags.rule_title"), tr("risk.hit_severity"), tr("dossier.subject"), tr("dossier.summary")],
            [
                [f.rule, CATALOGUE[f.rule].title_en if english else CATALOGUE[f.rule].title_zh,
                 tr(f"severity.{f.severity}"), f.subject_name,
                 (f.summary_en or f.summary) if english else f.summary]
                for f in d.flags
            ],
        )
    )  # fmt: skip
    out.append(
        (
            tr("explore.posts"),
            [tr("explore.unit"), tr("explore.title_"), tr("explore.role"), tr("explore.start"), tr("explore.end")],
            [[_s(x.get("unit")), _s(x.get("title")), _s(x.get("role")), _s(x.get("start_date")), _s(x.get("end_date"))] for x in d.posts],
        )
    )  # fmt: skip
    out.append(
        (
            tr("explore.duties"),
            [tr("explore.unit"), tr("explore.functions"), tr("explore.start"), tr("explore.end")],
            [[_s(x.get("unit")), _s(x.get("functions")), _s(x.get("start_date")), _s(x.get("end_date"))] for x in d.duties],
        )
    )  # fmt: skip
    out.append(
        (
            tr("explore.relatives"),
            [tr("explore.name"), tr("explore.relation"), tr("explore.id_masked"), tr("explore.employer"), tr("explore.job")],
            [[_s(x.get("name")), _s(x.get("relation")), _s(x.get("id_masked")), _s(x.get("employer")), _s(x.get("job"))] for x in d.relatives],
        )
    )  # fmt: skip
    out.append(
        (
            tr("explore.companies"),
            [tr("explore.company"), tr("explore.uscc"), tr("explore.link"), tr("explore.holder"), tr("explore.through"), tr("explore.pct")],
            [[_s(x.get("company")), _s(x.get("uscc")), tr(f"rel.{x.get('link')}"), _s(x.get("holder")), _s(x.get("through")), _s(x.get("pct"))] for x in d.companies],
        )
    )  # fmt: skip
    out.append(
        (
            tr("dossier.contracts"),
            [tr("explore.date"), tr("dossier.contract"), tr("explore.amount"), tr("explore.unit"), tr("explore.company"), tr("dossier.relative")],
            [[_s(x.get("date")), _s(x.get("title")), _s(x.get("amount")), _s(x.get("unit")), _s(x.get("company")), f"{_s(x.get('relative'))}（{_s(x.get('relation'))}）"] for x in d.contracts],
        )
    )  # fmt: skip
    out.append(
        (
            tr("explore.events"),
            [tr("explore.date"), tr("explore.kind"), tr("explore.what"), tr("explore.role"), tr("explore.id")],
            [[_s(x.get("date")), tr(f"label.{x.get('label')}"), _s(x.get("what")), tr(f"role.{x.get('role')}"), _s(x.get("id"))] for x in d.events],
        )
    )  # fmt: skip
    return out


def to_xlsx(d: Dossier, lang: str) -> bytes:
    """The dossier as a workbook: one sheet per section, the flags also as the shared
    renderer's rows (queries.export), every cell text."""
    book = Workbook()
    for title, header, rows in sections(d, lang):
        book.table(title, header, rows, [16] * (len(header) - 1) + [40])
    flag_header = [zh if lang == "zh" else en for _, zh, en in export.COLUMNS]
    book.table("flags", flag_header, export.rows(d.flags), default_width=16)
    return book.close()


PRINT_CSS = """
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC",
       "Microsoft YaHei", "SimSun", sans-serif; margin: 2em; color: #111; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
h2 { font-size: 1.15em; margin-top: 1.4em; border-bottom: 1px solid #999; }
table { border-collapse: collapse; width: 100%; font-size: 0.85em; }
th, td { border: 1px solid #bbb; padding: 3px 6px; text-align: left; vertical-align: top; }
th { background: #eef; }
tr { page-break-inside: avoid; }
.meta { color: #555; font-size: 0.85em; }
@page { size: A4; margin: 15mm; }
"""


def to_html(d: Dossier, lang: str, user: str = "") -> str:
    """A self-contained page that prints cleanly (A4, tables kept whole per row). It names
    common CJK fonts; the browser that prints it supplies one (no font file is shipped)."""
    e = html.escape
    title = f"{translate('dossier.title', lang)} · {d.person.get('name') or d.pid}"
    parts = [
        f'<!DOCTYPE html><html lang="{"zh-CN" if lang == "zh" else "en"}"><head>',
        '<meta charset="utf-8">',
        f"<title>{e(title)}</title><style>{PRINT_CSS}</style></head><body>",
        f"<h1>{e(title)}</h1>",
        f'<p class="meta">{e(translate("dossier.printed", lang, as_of=d.as_of.isoformat(), user=user, at=dt.datetime.now().strftime("%Y-%m-%d %H:%M")))}</p>',
    ]  # fmt: skip
    for heading, header, rows in sections(d, lang):
        parts.append(f"<h2>{e(heading)}</h2>")
        if not rows:
            parts.append(f"<p>{e(translate('common.none', lang))}</p>")
            continue
        parts.append("<table><thead><tr>")
        parts += [f"<th>{e(h)}</th>" for h in header]
        parts.append("</tr></thead><tbody>")
        for row in rows:
            parts.append("<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>")
        parts.append("</tbody></table>")
    parts.append("</body></html>")
    return "\n".join(parts)
