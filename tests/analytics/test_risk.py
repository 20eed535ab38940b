"""Composite risk ordering, on flags shaped like the rules runner's (Flag.to_dict())."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from queries.risk import POWER_POINTS, RiskLeader, composite_risk, flat_record


def flag(rule: str, severity: str, subject: str, kind: str = "person") -> dict:
    return {
        "rule": rule,
        "severity": severity,
        "subject_kind": kind,
        "subject_id": subject,
        "subject_name": subject,
        "summary": f"{rule} 命中 {subject}",
        "evidence": {},
        "match": None,
    }


@dataclass
class FlagObject:
    """Stands in for queries.runner.Flag: risk accepts anything with to_dict()."""

    data: dict

    def to_dict(self) -> dict:
        return self.data


LEADERS = [
    RiskLeader("L1", "甲", 0.95, 1, {}, ["U1"]),  # most power, no flags
    RiskLeader("L2", "乙", 0.30, 5, {}, []),  # several high flags
    RiskLeader("L3", "丙", 0.50, 3, {}, ["U2"]),  # one medium + a unit flag
    RiskLeader("L4", "丁", 0.20, 8, {}, []),  # one rule repeated many times
    RiskLeader("L5", "戊", 0.10, 9, {}, []),
]


def test_several_high_flags_lead() -> None:
    flags = [
        flag("COI-1", "high", "L2"),
        flag("APT-2", "high", "L2"),
        FlagObject(flag("INT-1", "high", "L2")),
        flag("PWR-4", "medium", "L3"),
        flag("PWR-3", "high", "U2", "unit"),
        *[flag("CMP-1", "medium", "L4") for _ in range(10)],
    ]
    rows = composite_risk(LEADERS, flags)
    order = [row.person_id for row in rows]
    assert order[0] == "L2"
    assert rows[0].score == pytest.approx(9 + POWER_POINTS * 0.30)
    assert [row.rank for row in rows] == [1, 2, 3, 4, 5]
    scores = [row.score for row in rows]
    assert scores == sorted(scores, reverse=True)
    l3 = next(row for row in rows if row.person_id == "L3")
    # medium 2 + unit high at half share 1.5 + power
    assert l3.flag_points == pytest.approx(3.5)
    assert {hit.via for hit in l3.flags} == {"person", "unit"}
    l4 = next(row for row in rows if row.person_id == "L4")
    assert l4.flag_points == pytest.approx(2.0)  # a repeated rule counts once
    assert l4.flags[0].count == 10
    assert "CMP-1×10" in l4.explanation


def test_power_breaks_ties_and_pwr5_not_double_counted() -> None:
    flags = [flag("PWR-5", "medium", "L1"), flag("SUP-3", "low", "L5")]
    rows = composite_risk(LEADERS, flags)
    l1 = next(row for row in rows if row.person_id == "L1")
    assert l1.flag_points == 0.0 and l1.flags[0].rule == "PWR-5"
    assert rows[0].person_id == "L1"  # power 0.95 alone outweighs one low flag


def test_more_severe_flag_of_a_rule_wins() -> None:
    rows = composite_risk(LEADERS, [flag("COI-1", "medium", "L5"), flag("COI-1", "high", "L5")])
    l5 = next(row for row in rows if row.person_id == "L5")
    assert l5.flags[0].severity == "high" and l5.flag_points == pytest.approx(3.0)


def test_flags_of_non_leaders_and_unknown_units_are_ignored() -> None:
    rows = composite_risk(
        LEADERS, [flag("COI-1", "high", "NOBODY"), flag("SUP-4", "medium", "U9", "unit")]
    )
    assert all(row.flag_points == 0 for row in rows)
    assert [row.person_id for row in rows] == ["L1", "L3", "L2", "L4", "L5"]


def test_output_shape() -> None:
    rows = composite_risk(LEADERS, [flag("COI-1", "high", "L2")])
    data = rows[0].to_dict()
    for key in ("person_id", "name", "score", "power", "flags", "explanation"):
        assert key in data
    assert data["flags"][0]["rule"] == "COI-1"
    assert "COI-1:high" in flat_record(rows[0])["rules"]
    assert "1 条规则触发" in data["explanation"]


def test_the_explanation_in_each_language() -> None:
    rows = composite_risk(
        LEADERS, [flag("COI-1", "high", "L3"), flag("SUP-4", "medium", "U2", "unit")]
    )
    l3 = next(row for row in rows if row.person_id == "L3")
    zh, en = l3.explained("zh"), l3.explained("en")
    assert zh == l3.explanation and "2 条规则触发（高1、中1）" in zh and "所领导单位" in zh
    assert en.startswith("2 rules raised (1 high, 1 medium): COI-1, SUP-4 (a unit led)")
    assert "power index" in en
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in en)  # no Chinese left in the English
    assert flat_record(l3, "en")["explanation"] == en
    assert l3.to_dict()["explanation_en"] == en
