"""Every boundary date of a small hand-built city: each event date ±1 day, each 365-day window's
edges and the 10-year edge, checked against an independent reading of docs/rules.md in
Python (written from the definitions, not from the Cypher): each rule's result must flip exactly
where its definition says, no earlier and no later.

The city is plain data; the graph the rules read is written from it, and the expectation is
computed from the same data by the functions below.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest

from queries.runner import run_rule

from .graphkit import Graph

pytestmark = pytest.mark.slow

D = dt.date.fromisoformat
DAY = dt.timedelta(days=1)
WINDOW = 365  # every window's default
YEARS = 10  # PWR-2's default
MIN_TENURE = 365  # SUP-1's default
EFFECT = {"诫勉": 6, "党内警告": 12}  # APT-2's periods for the kinds used here
TALKS = {"政治监督谈话", "任职谈话", "廉政谈话", "提醒谈话", "约谈", "函询", "诫勉"}
COLLECTIVE_BYPASS = {"书记办公会", "圈阅", "临时动议"}


@dataclass
class City:
    units: dict[str, str | None] = field(default_factory=dict)  # unit -> parent
    # (person, unit, role, start, end)
    posts: list[tuple[str, str, str, dt.date, dt.date | None]] = field(default_factory=list)
    duties: list[tuple[str, str, dt.date, dt.date | None]] = field(default_factory=list)
    family: list[tuple[str, str, str, str]] = field(default_factory=list)  # cadre, rel, 称谓, class
    # (holder person or company, company, kind, since, end); kind SHAREHOLDER_OF / OFFICER_OF
    links: list[tuple[str, str, str, dt.date | None, dt.date | None]] = field(default_factory=list)
    contracts: list[tuple[str, str, str, dt.date]] = field(
        default_factory=list
    )  # id, buyer, seller
    # (id, about, received, specific, status, closed, companies)
    complaints: list[tuple[str, str, dt.date, bool, str, dt.date | None, list[str]]] = field(
        default_factory=list
    )
    interventions: list[tuple[str, str, dt.date, list[str]]] = field(default_factory=list)
    appointments: list[tuple[str, str, dt.date, str]] = field(
        default_factory=list
    )  # id, who, day, kind
    sanctions: list[tuple[str, str, str, dt.date]] = field(
        default_factory=list
    )  # id, who, kind, day
    # (id, kind, day, by person, by unit, target)
    talks: list[tuple[str, str, dt.date, str | None, str | None, str]] = field(default_factory=list)
    decisions: list[tuple[str, str, dt.date, str, str]] = field(default_factory=list)

    def dates(self) -> set[dt.date]:
        out: set[dt.date] = set()
        out |= {x for p in self.posts for x in p[3:5] if x}
        out |= {x for p in self.duties for x in p[2:4] if x}
        out |= {x for lk in self.links for x in lk[3:5] if x}
        out |= {c[3] for c in self.contracts} | {c[2] for c in self.complaints}
        out |= {c[5] for c in self.complaints if c[5]} | {i[2] for i in self.interventions}
        out |= {a[2] for a in self.appointments} | {s[3] for s in self.sanctions}
        out |= {t[2] for t in self.talks} | {d[2] for d in self.decisions}
        return out


def build_city() -> City:
    c = City()
    c.units = {"U0": None, "U1": "U0", "U2": "U1", "UX": None}
    c.posts = [
        ("L", "U0", "一把手", D("2015-03-01"), D("2025-09-30")),
        ("M", "U1", "班子成员", D("2018-01-01"), None),
        ("N", "UX", "班子成员", D("2019-04-01"), None),
    ]
    c.duties = [("M", "U2", D("2019-01-01"), D("2024-12-31"))]
    c.family = [("L", "R", "配偶", "SPOUSE"), ("M", "S", "弟弟", "COLL3")]
    c.links = [
        ("R", "C1", "SHAREHOLDER_OF", D("2024-06-01"), D("2025-05-31")),
        ("C1", "C2", "SHAREHOLDER_OF", D("2024-08-01"), None),
        ("C2", "C4", "SHAREHOLDER_OF", None, None),
        ("S", "C3", "OFFICER_OF", None, D("2024-10-15")),
    ]
    c.contracts = [
        ("K1", "U2", "C1", D("2024-05-31")),  # the day before R's holding began
        ("K2", "U1", "C1", D("2024-06-01")),  # the day it began
        ("K3", "U2", "C2", D("2024-07-31")),  # C1 -> C2 not yet
        ("K4", "U2", "C2", D("2024-08-01")),  # C1 -> C2 from that day: COI-2
        ("K5", "U2", "C3", D("2024-10-15")),  # S's last day as officer; M's duty on U2
        ("K6", "U2", "C3", D("2024-10-16")),  # the day after
        ("K7", "U0", "C4", D("2025-06-01")),  # R's holding ended the day before
        ("K8", "U0", "C4", D("2025-05-31")),  # its last day: two levels deep
        ("K9", "U1", "C1", D("2025-10-01")),  # after L's post ended (and R's holding)
    ]
    c.complaints = [
        ("X1", "L", D("2024-05-31"), True, "了结", D("2024-07-10"), ["C1"]),
        ("X2", "L", D("2025-05-31"), False, "初核", None, ["C2"]),
        ("X3", "L", D("2025-06-01"), False, "初核", None, ["C1"]),
        ("X4", "L", D("2025-01-15"), False, "初核", None, []),
        ("X5", "M", D("2025-01-10"), True, "了结", None, []),  # closed, no date
        ("X6", "N", D("2025-02-01"), True, "了结", D("2025-02-28"), []),
    ]
    c.interventions = [
        ("I1", "L", D("2024-07-01"), ["C2"]),  # C1 -> C2 not yet
        ("I2", "L", D("2025-02-01"), ["C2"]),
        ("I3", "M", D("2024-10-16"), ["C3"]),  # the day after S left C3
    ]
    c.appointments = [
        ("A1", "M", D("2025-03-01"), "提拔"),  # X5 not closed (no date)
        ("A2", "N", D("2025-02-28"), "提拔"),  # 诫勉 of 2024-08-28: 6 months end 2025-02-28
        ("A3", "N", D("2025-02-27"), "进一步使用"),  # inside it; X6 open then
        ("A4", "N", D("2025-03-01"), "平级调整"),
    ]
    c.sanctions = [("S1", "N", "诫勉", D("2024-08-28"))]
    c.talks = [
        ("E1", "廉政谈话", D("2024-11-10"), None, "U0", "L"),  # only a conducting unit
        ("E2", "提醒谈话", D("2025-08-01"), "L", None, "L"),  # by himself: does not count
        ("E3", "述责述廉", D("2023-03-01"), "M", None, "L"),  # not a talk of SUP-1
    ]
    c.decisions = [
        ("D1", "U1", D("2024-09-10"), "圈阅", "重大决策"),
        ("D2", "U1", D("2024-03-10"), "党委会", "重大决策"),
    ]
    return c


def write(city: City, g: Graph) -> None:
    for uid, parent in city.units.items():
        g.unit(uid, parent)
    for pid, uid, role, start, end in city.posts:
        g.post(pid, uid, role, start.isoformat(), end and end.isoformat())
    for pid, uid, start, end in city.duties:
        g.duty(pid, uid, start.isoformat(), end and end.isoformat())
    for cadre, rel, relation, kin in city.family:
        g.relative(cadre, rel, relation, kin)
    for holder, co, kind, since, end in city.links:
        g.company(co)
        s, e = since and since.isoformat(), end and end.isoformat()
        if kind == "SHAREHOLDER_OF":
            g.holds(holder, co, since=s, end=e)
        else:
            g.officer(holder, co, start=s, end=e)
    for cid, buyer, seller, signed in city.contracts:
        g.contract(cid, buyer, seller, signed.isoformat())
    for xid, about, received, specific, status, closed, cos in city.complaints:
        g.complaint(xid, about, received.isoformat(), specific, status,
                    closed and closed.isoformat(), cos)  # fmt: skip
    for rid, pid, day, cos in city.interventions:
        g.intervention(rid, pid, day.isoformat(), companies=cos)
    for aid, pid, day, kind in city.appointments:
        g.appointment(aid, pid, day.isoformat(), kind=kind)
    for sid, pid, kind, day in city.sanctions:
        g.sanction(sid, pid, kind, day.isoformat())
    for eid, kind, day, by, by_unit, target in city.talks:
        g.event(eid, kind, day.isoformat(), by=by, by_unit=by_unit, target=target)
    for did, uid, day, meeting, category in city.decisions:
        g.decision(did, uid, day.isoformat(), meeting=meeting, category=category)


# ------------------------------------------------------------------ the definitions, in Python


def holds(start: dt.date | None, end: dt.date | None, day: dt.date) -> bool:
    """A post, duty or link holds on `day`: begun by then (no start = always), not ended before."""
    return (start is None or start <= day) and (end is None or end >= day)


def in_window(day: dt.date, as_of: dt.date, days: int = WINDOW) -> bool:
    return as_of - dt.timedelta(days=days) <= day <= as_of


def add_months(day: dt.date, months: int) -> dt.date:
    y, m = divmod(day.month - 1 + months, 12)
    return day.replace(year=day.year + y, month=m + 1)  # the city's days exist in every month


def below(city: City, unit: str) -> set[str]:
    """`unit` and every unit under it."""
    out, todo = {unit}, [unit]
    while todo:
        top = todo.pop()
        for child, parent in city.units.items():
            if parent == top and child not in out:
                out.add(child)
                todo.append(child)
    return out


def authority(city: City, leader: str, day: dt.date) -> set[str]:
    out: set[str] = set()
    for pid, uid, role, start, end in city.posts:
        if pid == leader and holds(start, end, day):
            out |= below(city, uid) if role == "一把手" else {uid} if role == "班子成员" else set()
    for pid, uid, start, end in city.duties:
        if pid == leader and holds(start, end, day):
            out |= below(city, uid)
    return out


def relatives(city: City, person: str) -> set[str]:
    # family links are undated: whatever the report year
    return {r for c, r, _, _ in city.family if c == person} | {
        c for c, r, _, _ in city.family if r == person
    }


def reach(city: City, person: str, day: dt.date) -> dict[str, int]:
    """Companies linked to `person`'s relatives on `day`: company -> fewest corporate holdings
    (0 = directly linked), following at most 3, every link holding on `day`."""
    best: dict[str, int] = {}
    frontier = {
        co
        for r in relatives(city, person)
        for h, co, _, s, e in city.links
        if h == r and holds(s, e, day)
    }
    for depth in range(4):
        for co in frontier:
            best.setdefault(co, depth)
        frontier = {nxt for h, nxt, _, s, e in city.links if h in frontier and holds(s, e, day)}
    return best


def leaders(city: City) -> set[str]:
    return {p[0] for p in city.posts} | {d[0] for d in city.duties}


def expected(city: City, rule: str, as_of: dt.date) -> set[tuple[str, str]]:
    """(subject, the evidence id that identifies the flag) per docs/rules.md and its readings."""
    out: set[tuple[str, str]] = set()
    if rule in ("COI-1", "COI-2"):
        for cid, buyer, seller, signed in city.contracts:
            if signed > as_of:
                continue
            for leader in leaders(city):
                if buyer not in authority(city, leader, signed):
                    continue
                depth = reach(city, leader, signed).get(seller)
                if depth == 0 and rule == "COI-1" or depth and rule == "COI-2":
                    out.add((leader, cid))
    elif rule == "COI-3":
        for xid, about, received, _, _, _, cos in city.complaints:
            if received <= as_of and set(cos) & set(reach(city, about, received)):
                out.add((about, xid))
    elif rule == "INT-1":
        for rid, pid, day, cos in city.interventions:
            if day <= as_of and set(cos) & set(reach(city, pid, day)):
                out.add((pid, rid))
    elif rule == "INT-2":
        out |= {(pid, pid) for _, pid, day, _ in city.interventions if in_window(day, as_of)}
    elif rule == "CMP-1":
        for person in {x[1] for x in city.complaints}:
            n = sum(1 for x in city.complaints if x[1] == person and in_window(x[2], as_of))
            if n >= 3:
                out.add((person, person))
    elif rule == "APT-2":
        for aid, pid, decided, kind in city.appointments:
            if decided > as_of or kind not in ("提拔", "进一步使用"):
                continue
            tainted = any(
                who == pid and s_day <= decided < add_months(s_day, EFFECT[s_kind])
                for _, who, s_kind, s_day in city.sanctions
            ) or any(
                # closed only with a 办结日期 on or before the decision (了结 alone is not)
                about == pid and specific and received <= decided
                and (closed is None or closed > decided)
                for _, about, received, specific, _, closed, _ in city.complaints
            )  # fmt: skip
            if tainted:
                out.add((pid, aid))
    elif rule == "SUP-1":
        for pid, _, role, start, end in city.posts:
            if role != "一把手" or not holds(start, end, as_of):
                continue
            if start > as_of - dt.timedelta(days=MIN_TENURE):
                continue
            talked = any(
                target == pid and kind in TALKS and in_window(day, as_of) and by != pid
                for _, kind, day, by, _, target in city.talks
            )
            if not talked:
                out.add((pid, pid))
    elif rule == "PWR-2":
        for pid, _, role, start, end in city.posts:
            if role in ("一把手", "班子成员") and holds(start, end, as_of):
                if start.replace(year=start.year + YEARS) <= as_of:
                    out.add((pid, pid))
    elif rule == "PWR-3":
        for did, uid, day, meeting, _ in city.decisions:
            if meeting in COLLECTIVE_BYPASS and in_window(day, as_of):
                out.add((uid, did))
    return out


KEY = {"COI-1": "contracts", "COI-2": "contracts", "COI-3": "complaints", "INT-1": "interventions",
       "APT-2": "appointments", "PWR-3": "decisions"}  # fmt: skip
RULES = ("COI-1", "COI-2", "COI-3", "INT-1", "INT-2", "CMP-1", "APT-2", "SUP-1", "PWR-2", "PWR-3")


def boundary_dates(city: City) -> list[dt.date]:
    """Each event date ±1, each window's edges (date + 365 ±1), the 10-year and tenure edges."""
    days: set[dt.date] = set()
    for day in city.dates():
        for edge in (day, day + dt.timedelta(days=WINDOW)):
            days |= {edge - DAY, edge, edge + DAY}
    for _, _, _, start, _ in city.posts:
        for edge in (start.replace(year=start.year + YEARS), start + dt.timedelta(days=MIN_TENURE)):
            days |= {edge - DAY, edge, edge + DAY}
    return sorted(days)


def actual(db, rule: str, as_of: dt.date) -> set[tuple[str, str]]:
    flags = run_rule(db, rule, as_of, config={})
    if rule in KEY:
        return {(f.subject_id, i) for f in flags for i in f.evidence.get(KEY[rule], [])}
    return {(f.subject_id, f.subject_id) for f in flags}


def test_every_boundary_flips_where_the_definition_says(db) -> None:
    city = build_city()
    g = Graph()
    write(city, g)
    g.save(db)
    days = boundary_dates(city)
    mismatches = []
    seen: dict[str, set[frozenset]] = {rule: set() for rule in RULES}
    for day in days:
        for rule in RULES:
            want, got = expected(city, rule, day), actual(db, rule, day)
            seen[rule].add(frozenset(want))
            if want != got:
                mismatches.append((rule, day.isoformat(), sorted(want - got), sorted(got - want)))
    assert not mismatches, mismatches[:20]
    # The walk is not vacuous: every rule's result changes along it.
    assert all(len(results) > 1 for results in seen.values()), {r: len(v) for r, v in seen.items()}


def test_the_independent_reading_has_the_planted_flips() -> None:
    """The city does test what it claims (a check of the Python reading on its own)."""
    city = build_city()
    at = D
    assert expected(city, "COI-1", at("2030-01-01")) == {("L", "K2"), ("M", "K5")}
    assert expected(city, "COI-2", at("2030-01-01")) == {("L", "K4"), ("L", "K8")}
    assert expected(city, "COI-3", at("2030-01-01")) == {("L", "X2")}
    assert expected(city, "INT-1", at("2030-01-01")) == {("L", "I2")}
    assert expected(city, "APT-2", at("2030-01-01")) == {("M", "A1"), ("N", "A3")}
    assert expected(city, "CMP-1", at("2025-05-31")) == {("L", "L")}  # X1 on the window's edge
    assert expected(city, "CMP-1", at("2025-05-30")) == set()
    assert expected(city, "CMP-1", at("2025-06-01")) == {("L", "L")}  # X2, X3, X4
    assert expected(city, "PWR-2", at("2025-03-01")) == {("L", "L")}
    assert expected(city, "PWR-2", at("2025-02-28")) == set()
    assert expected(city, "SUP-1", at("2024-11-09")) == {("L", "L")}
    assert expected(city, "SUP-1", at("2024-11-10")) == set()
