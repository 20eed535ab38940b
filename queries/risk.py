"""Composite risk: leaders ranked by their flags and their power, each with its reasons.

It sits with the rules (queries/) because it reads their flags; graph/analytics gives it the
power index and the leaders, and never imports it (tests/test_layers.py).

    score = Σ over distinct rules  severity points of the rule's most severe flag × share
          + POWER_POINTS × power_index

Severity points: high 3, medium 2, low 1. A rule counts once per leader however many flags it
raised (repeats are shown, not added: ten overdue problems are one failing, and counting
them would let the noisiest rule drown the rest). Unit flags (PWR-3, SUP-4, TSK-1) count for
the unit's 一把手 (第一责任人) at half share. PWR-5 is listed but not scored, because the power
index it restates already enters through POWER_POINTS. docs/analytics.md explains the choice.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from graph.analytics.power import component_label, main_components
from graph.analytics.projection import load_query
from graph.db import to_native
from model.vocab import LEADER_ROLES, SEVERITY_ZH, TOP_ROLE

if TYPE_CHECKING:
    from graph.analytics.pipeline import Analysis, Reporter
    from graph.db import Database

SEVERITY_POINTS = {"high": 3.0, "medium": 2.0, "low": 1.0}
SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}
POWER_POINTS = 3.0  # the most powerful leader weighs as much as one high flag
UNIT_FLAG_SHARE = 0.5
UNSCORED_RULES = frozenset({"PWR-5"})


@dataclass
class RiskLeader:
    """A leader as risk needs them: identity, power and the units they lead as 一把手."""

    pid: str
    name: str | None
    power: float | None
    power_rank: int | None = None
    components: dict[str, dict[str, Any]] = field(default_factory=dict)
    top_units: list[str] = field(default_factory=list)


@dataclass
class RuleHit:
    rule: str
    severity: str
    count: int
    via: str  # "person" (the leader is the subject) or "unit" (a unit they lead)
    points: float
    subjects: list[str] = field(default_factory=list)
    summaries: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "count": self.count,
            "via": self.via,
            "points": self.points,
            "subjects": self.subjects,
            "summaries": self.summaries[:3],
        }


@dataclass
class RiskRow:
    person_id: str
    name: str | None
    score: float
    power: float | None
    power_rank: int | None
    flag_points: float
    power_points: float
    flags: list[RuleHit]
    power_components: list[str]
    explanation: str  # in Chinese
    explanation_en: str = ""
    rank: int = 0

    def explained(self, lang: str) -> str:
        """The explanation in the reader's language (`en` or Chinese)."""
        return self.explanation_en if lang == "en" else self.explanation

    def to_dict(self) -> dict[str, Any]:
        return {
            "rank": self.rank,
            "person_id": self.person_id,
            "name": self.name,
            "score": self.score,
            "power": self.power,
            "power_rank": self.power_rank,
            "flag_points": self.flag_points,
            "power_points": self.power_points,
            "flags": [hit.to_dict() for hit in self.flags],
            "power_components": self.power_components,
            "explanation": self.explanation,
            "explanation_en": self.explanation_en,
        }


def _as_dict(flag: Any) -> dict[str, Any]:
    return flag if isinstance(flag, dict) else flag.to_dict()


def _hit_points(severity: str, via: str, rule: str) -> float:
    if rule in UNSCORED_RULES:
        return 0.0
    share = 1.0 if via == "person" else UNIT_FLAG_SHARE
    return SEVERITY_POINTS.get(severity, 0.0) * share


def _explain(
    hits: list[RuleHit], leader: RiskLeader, components: list[str], lang: str = "zh"
) -> str:
    """Why the leader ranks where he does, in one sentence: the scored rules by severity and
    the power index with its main components; Chinese, or English for `lang` "en"."""
    en = lang == "en"
    parts = []
    scored = [hit for hit in hits if hit.points > 0]
    if scored:
        by_severity: dict[str, int] = defaultdict(int)
        for hit in scored:
            by_severity[hit.severity] += 1
        levels = [s for s in ("high", "medium", "low") if by_severity[s]]
        rules = [
            hit.rule
            + (f"×{hit.count}" if hit.count > 1 else "")
            + ((" (a unit led)" if en else "(所领导单位)") if hit.via == "unit" else "")
            for hit in scored
        ]
        if en:
            tally = ", ".join(f"{by_severity[s]} {s}" for s in levels)
            noun = "rule" if len(scored) == 1 else "rules"
            parts.append(f"{len(scored)} {noun} raised ({tally}): {', '.join(rules)}")
        else:
            tally = "、".join(f"{SEVERITY_ZH[s]}{by_severity[s]}" for s in levels)
            parts.append(f"{len(scored)} 条规则触发（{tally}）：{'、'.join(rules)}")
    else:
        parts.append("no scored flag" if en else "无计分预警")
    if leader.power is not None:
        labels = [component_label(c, lang) for c in components]
        if en:
            text = f"power index {leader.power:.2f}"
            if leader.power_rank:
                text += f" (rank {leader.power_rank})"
            if labels:
                text += ", mainly from " + ", ".join(labels)
        else:
            text = f"权力指数 {leader.power:.2f}"
            if leader.power_rank:
                text += f"（第 {leader.power_rank} 名）"
            if labels:
                text += "，主要来自" + "、".join(labels)
        parts.append(text)
    return ("; " if en else "；").join(parts)


def composite_risk(leaders: list[RiskLeader], flags: list[Any]) -> list[RiskRow]:
    """Rank leaders by composite risk (pure). `flags` are runner Flags or their dicts."""
    by_unit: dict[str, list[str]] = defaultdict(list)
    for leader in leaders:
        for unit_id in leader.top_units:
            by_unit[unit_id].append(leader.pid)
    known = {leader.pid for leader in leaders}
    # (pid, rule) -> hit; a direct hit beats a unit hit of the same rule
    hits: dict[tuple[str, str], RuleHit] = {}
    for raw in flags:
        flag = _as_dict(raw)
        rule = str(flag["rule"])
        severity = str(flag.get("severity", "low"))
        subject = str(flag.get("subject_id"))
        if flag.get("subject_kind") == "unit":
            targets = [(pid, "unit") for pid in by_unit.get(subject, [])]
        else:
            targets = [(subject, "person")] if subject in known else []
        for pid, via in targets:
            points = _hit_points(severity, via, rule)
            current = hits.get((pid, rule))
            if current is None or (current.via == "unit" and via == "person"):
                hits[(pid, rule)] = RuleHit(
                    rule, severity, 1, via, points, [subject], [str(flag.get("summary", ""))]
                )
                continue
            if current.via != via:
                continue
            current.count += 1
            if subject not in current.subjects:
                current.subjects.append(subject)
            current.summaries.append(str(flag.get("summary", "")))
            if SEVERITY_ORDER.get(severity, 3) < SEVERITY_ORDER.get(current.severity, 3):
                current.severity = severity
                current.points = points
    per_person: dict[str, list[RuleHit]] = defaultdict(list)
    for (pid, _), hit in hits.items():
        per_person[pid].append(hit)
    rows = []
    for leader in leaders:
        leader_hits = sorted(
            per_person.get(leader.pid, []),
            key=lambda h: (-h.points, SEVERITY_ORDER.get(h.severity, 3), h.rule),
        )
        flag_points = sum(hit.points for hit in leader_hits)
        power_points = POWER_POINTS * (leader.power or 0.0)
        components = main_components(leader.components) if leader.components else []
        rows.append(
            RiskRow(
                person_id=leader.pid,
                name=leader.name,
                score=round(flag_points + power_points, 4),
                power=None if leader.power is None else round(leader.power, 4),
                power_rank=leader.power_rank,
                flag_points=round(flag_points, 4),
                power_points=round(power_points, 4),
                flags=leader_hits,
                power_components=components,
                explanation=_explain(leader_hits, leader, components),
                explanation_en=_explain(leader_hits, leader, components, "en"),
            )
        )
    rows.sort(key=lambda r: (-r.score, -r.flag_points, r.person_id))
    for rank, row in enumerate(rows, start=1):
        row.rank = rank
    return rows


def read_leaders(db: Database, as_of: dt.date) -> tuple[list[RiskLeader], bool]:
    """Leaders in post at as-of with their stored power; the flag says whether every stored
    score was computed for this as-of (else the caller recomputes)."""
    import json

    rows = db.read(
        load_query("leaders"),
        {"as_of": as_of, "leader_roles": list(LEADER_ROLES), "top_role": TOP_ROLE},
    )
    leaders = []
    current = bool(rows)
    for row in rows:
        computed = to_native(row["power_computed_at"])
        if row["power_index"] is None or computed != as_of:
            current = False
        components = json.loads(row["power_components"]) if row["power_components"] else {}
        leaders.append(
            RiskLeader(
                row["pid"],
                row["name"],
                row["power_index"],
                row["power_rank"],
                components,
                [u for u in row["top_units"] if u is not None],
            )
        )
    return leaders, current


def leaders_from_analysis(analysis: Analysis) -> list[RiskLeader]:
    """RiskLeaders from an in-memory analysis (when the stored scores are for another date)."""
    top_units: dict[str, set[str]] = defaultdict(set)
    for post in analysis.projection.posts:
        if post.role == TOP_ROLE:
            top_units[post.pid].add(post.unit_id)
    return [
        RiskLeader(
            leader.pid,
            leader.name,
            leader.power_index,
            leader.power_rank,
            leader.components,
            sorted(top_units[leader.pid]),
        )
        for leader in analysis.leaders
    ]


def flat_record(row: RiskRow, lang: str = "zh") -> dict[str, Any]:
    """One flat row for table, CSV and xlsx output; the explanation in `lang`."""
    return {
        "rank": row.rank,
        "person_id": row.person_id,
        "name": row.name,
        "score": row.score,
        "power": row.power,
        "power_rank": row.power_rank,
        "flag_points": row.flag_points,
        "rules": ";".join(
            f"{hit.rule}:{hit.severity}" + (f"×{hit.count}" if hit.count > 1 else "")
            for hit in row.flags
        ),
        "explanation": row.explained(lang),
    }


def risk_report(
    db: Database,
    as_of: dt.date,
    params: dict[str, Any] | None = None,
    reporter: Reporter | None = None,
) -> tuple[list[RiskRow], bool]:
    """Composite risk from the database: the rules runner's flags and the power index.

    Uses the stored power scores when they were computed for this as-of date; otherwise
    computes them in memory (nothing written). The flag says whether it recomputed.
    """
    from graph.analytics.pipeline import analyze
    from queries.runner import run_all

    leaders, current = read_leaders(db, as_of)
    recomputed = False
    if not current:
        leaders = leaders_from_analysis(analyze(db, as_of, write=False, reporter=reporter))
        recomputed = True
    flags = run_all(db, as_of, params or {})
    return composite_risk(leaders, flags), recomputed
