"""Case tables for rule tests: a graph built in the test, the flags expected of it, exactly."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from graph.db import Database
from queries.runner import Flag, run_rule

from .graphkit import Graph


@dataclass
class Expect:
    subject_id: str
    evidence: dict[str, list[str]] = field(default_factory=dict)
    severity: str | None = None
    match: str | None = None


@dataclass
class Case:
    id: str
    rule: str
    build: Callable[[Graph], Any]
    as_of: str
    expect: list[Expect]
    params: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.id


def _covers(flag: Flag, expect: Expect) -> bool:
    if flag.subject_id != expect.subject_id:
        return False
    for key, ids in expect.evidence.items():
        if not set(ids) <= set(flag.evidence.get(key, [])):
            return False
    if expect.severity and flag.severity != expect.severity:
        return False
    return not (expect.match and flag.match != expect.match)


def check(db: Database, case: Case) -> list[Flag]:
    graph = Graph()
    case.build(graph)
    graph.save(db)
    flags = run_rule(db, case.rule, dt.date.fromisoformat(case.as_of), case.params, config={})
    shown = [f.to_dict() for f in flags]
    assert len(flags) == len(case.expect), shown
    for expect in case.expect:
        assert any(_covers(flag, expect) for flag in flags), (expect, shown)
    for flag in flags:
        assert flag.summary.endswith("。") and flag.subject_name, flag
    return flags


def ids(cases: list[Case]) -> list[str]:
    return [c.id for c in cases]
