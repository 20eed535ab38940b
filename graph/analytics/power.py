"""The power index: one number in [0, 1] per leader, and the components it is made of.

    power_index = Σ weight_c · score_c,   Σ weight_c = 1,   each score_c in [0, 1]

Counts (posts, duties, nominations, decisions) become scores by a saturating curve
`1 - 2^(-raw / half)`: `half` is the amount that earns half the score, so the first units of
power count most and no single component can exceed its weight. Tenure is linear up to the
10-year rotation limit. Centrality is a percentile among leaders (PageRank and betweenness
are relative by nature). docs/analytics.md gives the reasons for each weight.

Only leaders (a 一把手 or 班子成员 post in force at as-of) get an index.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import numpy as np

from graph.analytics.measures import Measures, PowerGraph
from graph.analytics.projection import Projection, person_key, sensitive_count
from model.vocab import NON_COLLECTIVE_MEETINGS, TOP_ROLE


@dataclass(frozen=True)
class Component:
    name: str
    label_zh: str
    label_en: str
    weight: float
    half: float | None  # saturation: raw value that earns half the score (None: not a count)

    def label(self, lang: str) -> str:
        """The component's name for a reader: Chinese, or English for `lang` "en"."""
        return self.label_en if lang == "en" else self.label_zh


COMPONENTS: tuple[Component, ...] = (
    Component("posts", "兼任一把手", "top posts held", 0.20, 1.0),
    Component("duties", "分管敏感单位", "sensitive units in charge of", 0.20, 4.0),
    Component("nominations", "提名干部", "cadres nominated", 0.15, 3.0),
    Component(
        "decisions", "非集体决策/未末位表态", "decisions outside collective rules", 0.15, 2.0
    ),
    Component("tenure", "任职年限", "years in post", 0.10, None),
    Component("centrality", "网络中心性", "network centrality", 0.20, None),
)
COMPONENT_BY_NAME = {c.name: c for c in COMPONENTS}


def component_label(name: str, lang: str) -> str:
    """A power component's name for a reader (the app, the dossier, the risk explanation)."""
    component = COMPONENT_BY_NAME.get(name)
    return component.label(lang) if component is not None else name


TEAM_POST_SHARE = 0.25  # a team seat is a quarter of a top post in the posts component
ROTATION_YEARS = 10.0  # PWR-2's limit: tenure counts fully at ten years
assert abs(sum(c.weight for c in COMPONENTS) - 1.0) < 1e-9


def saturate(raw: float, half: float) -> float:
    return 1.0 - 2.0 ** (-raw / half) if raw > 0 else 0.0


@dataclass
class LeaderPower:
    pid: str
    name: str | None
    power_index: float
    power_rank: int
    components: dict[str, dict[str, Any]]


@dataclass
class RawCounts:
    top_posts: int = 0
    team_posts: int = 0
    top_units: tuple[str, ...] = ()
    duty_units: int = 0
    sensitive_duty_units: int = 0
    duty_weight: float = 0.0
    nominations: int = 0
    nominations_outside: int = 0
    decisions_outside: int = 0
    decisions_not_last: int = 0
    decisions_flagged: int = 0
    tenure_years: float = 0.0


def raw_counts(projection: Projection) -> dict[str, RawCounts]:
    """What each leader holds, counted from the projection (pure)."""
    counts: dict[str, RawCounts] = {pid: RawCounts() for pid in projection.leaders}
    top_units: dict[str, set[str]] = defaultdict(set)
    team_units: dict[str, set[str]] = defaultdict(set)
    entry: RawCounts | None  # `counts.get` below may find none
    for post in projection.posts:
        (top_units if post.role == TOP_ROLE else team_units)[post.pid].add(post.unit_id)
        if post.start_date is not None:
            years = (projection.as_of - post.start_date).days / 365.25
            entry = counts[post.pid]
            entry.tenure_years = max(entry.tenure_years, years)
    for pid, entry in counts.items():
        entry.top_posts = len(top_units[pid])
        entry.team_posts = len(team_units[pid] - top_units[pid])
        entry.top_units = tuple(sorted(top_units[pid]))
    seen_duties: set[tuple[str, str]] = set()
    for duty in projection.duties:
        entry = counts.get(duty.pid)
        if entry is None or (duty.pid, duty.unit_id) in seen_duties:
            continue
        seen_duties.add((duty.pid, duty.unit_id))
        sensitive = sensitive_count(duty.functions)
        entry.duty_units += 1
        entry.sensitive_duty_units += 1 if sensitive else 0
        entry.duty_weight += 1.0 + sensitive
    for nomination in projection.nominations:
        entry = counts.get(nomination.nominator)
        if entry is None:
            continue
        entry.nominations += 1
        if nomination.decided_by in NON_COLLECTIVE_MEETINGS:
            entry.nominations_outside += 1
    for decision in projection.decisions:
        outside = decision.meeting in NON_COLLECTIVE_MEETINGS
        for pid in decision.tops:
            entry = counts.get(pid)
            if entry is None:
                continue
            not_last = pid in decision.speakers and decision.speakers[-1] != pid
            entry.decisions_outside += int(outside)
            entry.decisions_not_last += int(not_last)
            entry.decisions_flagged += int(outside or not_last)
    return counts


def average_ranks(values: np.ndarray) -> np.ndarray:
    """`scipy.stats.rankdata(values, method="average")` (1-based; ties share the mean rank),
    in numpy so that the command line does not pay for importing scipy.stats."""
    order = np.argsort(values, kind="mergesort")
    ordered = values[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    ends = np.r_[starts[1:], ordered.size]
    mean_rank = (starts + ends + 1) / 2.0  # mean of 1-based ranks starts+1 .. ends
    ranks = np.empty(values.size)
    ranks[order] = np.repeat(mean_rank, ends - starts)
    return ranks


def _percentile(values: np.ndarray) -> np.ndarray:
    """Average rank / count: 1.0 for the top leader, ties share their rank."""
    if values.size == 0:
        return values
    return average_ranks(values) / values.size


def power_index(projection: Projection, graph: PowerGraph, measures: Measures) -> list[LeaderPower]:
    """Every leader's index, components and rank (1 = most power), sorted by rank."""
    counts = raw_counts(projection)
    leaders = sorted(counts)
    if not leaders:
        return []
    rows = np.array([graph.index[person_key(pid)] for pid in leaders], dtype=np.int64)
    pagerank_pct = _percentile(measures.pagerank[rows])
    betweenness_pct = _percentile(measures.betweenness[rows])
    results: list[LeaderPower] = []
    by_name = {c.name: c for c in COMPONENTS}
    for i, pid in enumerate(leaders):
        entry = counts[pid]
        raw = {
            "posts": entry.top_posts + TEAM_POST_SHARE * entry.team_posts,
            "duties": entry.duty_weight,
            "nominations": entry.nominations + entry.nominations_outside,
            "decisions": float(entry.decisions_flagged),
            "tenure": entry.tenure_years,
            "centrality": 0.5 * (pagerank_pct[i] + betweenness_pct[i]),
        }
        details: dict[str, dict[str, Any]] = {
            "posts": {
                "top_posts": entry.top_posts,
                "team_posts": entry.team_posts,
                "top_units": list(entry.top_units),
            },
            "duties": {"units": entry.duty_units, "sensitive_units": entry.sensitive_duty_units},
            "nominations": {"count": entry.nominations, "outside": entry.nominations_outside},
            "decisions": {"outside": entry.decisions_outside, "not_last": entry.decisions_not_last},
            "tenure": {"years": round(entry.tenure_years, 2)},
            "centrality": {
                "pagerank_pct": round(float(pagerank_pct[i]), 4),
                "betweenness_pct": round(float(betweenness_pct[i]), 4),
            },
        }
        components: dict[str, dict[str, Any]] = {}
        total = 0.0
        for name, value in raw.items():
            component = by_name[name]
            if component.half is not None:
                score = saturate(value, component.half)
            elif name == "tenure":
                score = min(value / ROTATION_YEARS, 1.0)
            else:
                score = float(value)
            contribution = component.weight * score
            total += contribution
            components[name] = {
                "raw": round(float(value), 4),
                "score": round(score, 4),
                "weight": component.weight,
                "contribution": round(contribution, 4),
                **details[name],
            }
        results.append(
            LeaderPower(pid, projection.names.get(pid), min(max(total, 0.0), 1.0), 0, components)
        )
    results.sort(key=lambda leader: (-leader.power_index, leader.pid))
    for rank, leader in enumerate(results, start=1):
        leader.power_rank = rank
    return results


def main_components(components: dict[str, dict[str, Any]], top: int = 3) -> list[str]:
    """The components that contribute most, for explanations (`posts`, `duties`, ...)."""
    ordered = sorted(components.items(), key=lambda item: -item[1]["contribution"])
    return [name for name, value in ordered[:top] if value["contribution"] > 0]
