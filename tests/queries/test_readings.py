"""The readings docs/rules.md settles ("Readings settled"), a case table each: a positive
and a near-miss negative on each side of every boundary.

- Dated company links, judged at the event (COI-1, COI-2 every holding of the chain, COI-3 at
  the complaint's received date, INT-1 at the intervention's date), at any as-of date.
- APT-2: a complaint marked 了结 without a 办结日期 is not closed; the summary says 办结日期不详.
- AVD-3: containment after removing the growth region's trailing 00 pairs.
- SUP-1: a talk recorded with only a conducting unit counts.
- Family links undated: a relation reported in a later year counts at an earlier as-of.
- Windows include both ends (CMP-1, INT-2, PWR-3, SUP-3).
"""

from __future__ import annotations

import datetime as dt

import pytest

from queries.catalogue import CATALOGUE
from queries.runner import run_rule

from .cases import Case, Expect, check, ids
from .graphkit import Graph
from .test_coi import chain, city, top_of_u0

AS_OF = "2025-06-30"
LATER = "2030-12-31"  # long after every event and every end: the judgement must not move
SIGNED = "2024-05-01"


def coi1(link):
    """L top leader of U0 since 2020; R (spouse) linked to C1 by `link`; C1 sells to U1."""

    def build(g: Graph) -> None:
        link(top_of_u0(g))
        g.contract("K1", "U1", "C1", SIGNED)

    return build


def coi2(outer=None, inner=None):
    """R holds C1 (dated by `outer`), C1 holds C11 (dated by `inner`); C11 sells to U2."""

    def build(g: Graph) -> None:
        top_of_u0(g).holds("R", "C1", **(outer or {}))
        g.company("C11").holds("C1", "C11", **(inner or {}))
        g.contract("K9", "U2", "C11", SIGNED)

    return build


def both(case: Case) -> list[Case]:
    """The case at the usual as-of and again years later: a link judged at the event."""
    later = Case(f"{case.id} (as of {LATER})", case.rule, case.build, LATER, case.expect,
                 case.params)  # fmt: skip
    return [case, later]


K1 = [Expect("L", {"contracts": ["K1"], "companies": ["C1"], "relatives": ["R"]}, "high", "id")]
K9 = [Expect("L", {"contracts": ["K9"], "companies": ["C1", "C11"]}, "high", "id")]

DATED_LINKS = [
    *both(Case("holding starts the day after the signing", "COI-1",
               coi1(lambda g: g.holds("R", "C1", since="2024-05-02")), AS_OF, [])),
    *both(Case("holding starts on the signing day", "COI-1",
               coi1(lambda g: g.holds("R", "C1", since=SIGNED)), AS_OF, K1)),
    *both(Case("holding started years before", "COI-1",
               coi1(lambda g: g.holds("R", "C1", since="2010-03-01")), AS_OF, K1)),
    *both(Case("holding ended the day before the signing", "COI-1",
               coi1(lambda g: g.holds("R", "C1", since="2010-03-01", end="2024-04-30")), AS_OF, [])),
    *both(Case("holding ended on the signing day", "COI-1",
               coi1(lambda g: g.holds("R", "C1", end=SIGNED)), AS_OF, K1)),
    *both(Case("holding ended the day after the signing (and before as-of)", "COI-1",
               coi1(lambda g: g.holds("R", "C1", end="2024-05-02")), AS_OF, K1)),
    *both(Case("legal representative from the day after", "COI-1",
               coi1(lambda g: g.legal_rep("R", "C1", start="2024-05-02")), AS_OF, [])),
    *both(Case("legal representative from the signing day", "COI-1",
               coi1(lambda g: g.legal_rep("R", "C1", start=SIGNED)), AS_OF, K1)),
    *both(Case("officer who left the day before", "COI-1",
               coi1(lambda g: g.officer("R", "C1", end="2024-04-30")), AS_OF, [])),
    *both(Case("officer who left on the signing day", "COI-1",
               coi1(lambda g: g.officer("R", "C1", end=SIGNED)), AS_OF, K1)),
    Case("a later holding does not make an earlier contract a conflict", "COI-1",
         lambda g: top_of_u0(g).holds("R", "C1", since="2024-06-01")
         .contract("K1", "U1", "C1", "2023-05-01"), AS_OF, []),
    Case("two holdings: the one in force at the signing counts", "COI-1",
         coi1(lambda g: g.holds("R", "C1", end="2020-01-01").holds("R", "C1", since="2024-04-01")),
         AS_OF, K1),
    # COI-2: every holding of the chain at the signed date
    *both(Case("chain: corporate holding starts the day after", "COI-2",
               coi2(inner={"since": "2024-05-02"}), AS_OF, [])),
    *both(Case("chain: corporate holding starts on the signing day", "COI-2",
               coi2(inner={"since": SIGNED}), AS_OF, K9)),
    *both(Case("chain: corporate holding ended the day before", "COI-2",
               coi2(inner={"end": "2024-04-30"}), AS_OF, [])),
    *both(Case("chain: corporate holding ended on the signing day", "COI-2",
               coi2(inner={"end": SIGNED}), AS_OF, K9)),
    *both(Case("chain: the relative's holding starts the day after", "COI-2",
               coi2(outer={"since": "2024-05-02"}), AS_OF, [])),
    *both(Case("chain: the relative's holding ended after the signing", "COI-2",
               coi2(outer={"end": "2024-12-31"}), AS_OF, K9)),
    Case("a direct link not yet in force leaves the indirect one to COI-2", "COI-2",
         lambda g: (coi2()(g), g.holds("R", "C11", since="2024-05-02")), AS_OF, K9),
    Case("... and COI-1 does not flag that contract", "COI-1",
         lambda g: (coi2()(g), g.holds("R", "C11", since="2024-05-02")), AS_OF, []),
    Case("a direct link in force on the signing day is COI-1's", "COI-2",
         lambda g: (coi2()(g), g.holds("R", "C11", since=SIGNED)), AS_OF, []),
    # COI-3: at the complaint's received date
    *both(Case("complaint received the day before the holding began", "COI-3",
               lambda g: city(g).holds("R", "C1", since="2025-01-11")
               .complaint("X1", "L", "2025-01-10", companies=["C1"]), AS_OF, [])),
    *both(Case("complaint received the day the holding began", "COI-3",
               lambda g: city(g).holds("R", "C1", since="2025-01-10")
               .complaint("X1", "L", "2025-01-10", companies=["C1"]), AS_OF,
               [Expect("L", {"complaints": ["X1"], "companies": ["C1"]})])),
    *both(Case("complaint received the day after the holding ended", "COI-3",
               lambda g: city(g).holds("R", "C1", end="2025-01-09")
               .complaint("X1", "L", "2025-01-10", companies=["C1"]), AS_OF, [])),
    *both(Case("indirect: corporate holding began after the complaint", "COI-3",
               lambda g: (chain(g, 2), g.complaint("X1", "L", "2025-01-10", companies=["C12"]),
                          g.holds("C11", "C12", since="2025-01-11")), AS_OF,
               # the same chain exists undated too (chain() wrote C11 -> C12 undated)
               [Expect("L", {"companies": ["C1", "C11", "C12"]})])),
    *both(Case("indirect: the only holding began after the complaint", "COI-3",
               lambda g: top_of_u0(g).holds("R", "C1").company("C11")
               .holds("C1", "C11", since="2025-01-11")
               .complaint("X1", "L", "2025-01-10", companies=["C11"]), AS_OF, [])),
    # INT-1: at the intervention's date
    *both(Case("intervention the day before the holding began", "INT-1",
               lambda g: top_of_u0(g).holds("R", "C1", since="2025-02-02")
               .intervention("I1", "L", "2025-02-01", companies=["C1"]), AS_OF, [])),
    *both(Case("intervention on the day the holding began", "INT-1",
               lambda g: top_of_u0(g).holds("R", "C1", since="2025-02-01")
               .intervention("I1", "L", "2025-02-01", companies=["C1"]), AS_OF,
               [Expect("L", {"interventions": ["I1"], "companies": ["C1"]})])),
    *both(Case("intervention the day after the officer left", "INT-1",
               lambda g: top_of_u0(g).officer("R", "C1", end="2025-01-31")
               .intervention("I1", "L", "2025-02-01", companies=["C1"]), AS_OF, [])),
    *both(Case("intervention on the officer's last day", "INT-1",
               lambda g: top_of_u0(g).officer("R", "C1", end="2025-02-01")
               .intervention("I1", "L", "2025-02-01", companies=["C1"]), AS_OF, [Expect("L")])),
    *both(Case("indirect: corporate holding ended before the intervention", "INT-1",
               lambda g: top_of_u0(g).holds("R", "C1").company("C11")
               .holds("C1", "C11", end="2025-01-31")
               .intervention("I1", "L", "2025-02-01", companies=["C11"]), AS_OF, [])),
]  # fmt: skip


def apt_base(g: Graph) -> Graph:
    return g.unit("U1", name="区财政局").person("P", name="孙伟")


UNDATED_CLOSURE = [
    Case("了结 without a 办结日期 is not closed", "APT-2",
         lambda g: apt_base(g).complaint("X1", "P", "2025-01-01", status="了结", closed=None)
         .appointment("A1", "P", "2025-03-01"), AS_OF,
         [Expect("P", {"appointments": ["A1"], "complaints": ["X1"]}, "high")]),
    Case("了结 with a 办结日期 the day before the decision is closed", "APT-2",
         lambda g: apt_base(g).complaint("X1", "P", "2025-01-01", status="了结", closed="2025-02-28")
         .appointment("A1", "P", "2025-03-01"), AS_OF, []),
    Case("了结 with a 办结日期 on the decision day is closed", "APT-2",
         lambda g: apt_base(g).complaint("X1", "P", "2025-01-01", status="了结", closed="2025-03-01")
         .appointment("A1", "P", "2025-03-01"), AS_OF, []),
    Case("了结 with a 办结日期 the day after the decision was open", "APT-2",
         lambda g: apt_base(g).complaint("X1", "P", "2025-01-01", status="了结", closed="2025-03-02")
         .appointment("A1", "P", "2025-03-01"), AS_OF, [Expect("P", {"complaints": ["X1"]})]),
    Case("still being handled, no date", "APT-2",
         lambda g: apt_base(g).complaint("X1", "P", "2025-01-01", status="初核")
         .appointment("A1", "P", "2025-03-01"), AS_OF, [Expect("P", {"complaints": ["X1"]})]),
    Case("了结 without a date but not specific", "APT-2",
         lambda g: apt_base(g).complaint("X1", "P", "2025-01-01", specific=False, status="了结")
         .appointment("A1", "P", "2025-03-01"), AS_OF, []),
    Case("了结 without a date, received on the decision day", "APT-2",
         lambda g: apt_base(g).complaint("X1", "P", "2025-03-01", status="了结")
         .appointment("A1", "P", "2025-03-01"), AS_OF, [Expect("P", {"complaints": ["X1"]})]),
    Case("了结 without a date, received the day after the decision", "APT-2",
         lambda g: apt_base(g).complaint("X1", "P", "2025-03-02", status="了结")
         .appointment("A1", "P", "2025-03-01"), AS_OF, []),
]  # fmt: skip


def regional(growth: str, region: str, level: str = "县"):
    def build(g: Graph) -> None:
        g.unit("U1", name="某县", level=level, region_code=region)
        g.person("L", name="周强", growth_region=growth).post("L", "U1", "一把手", title="县委书记")

    return build


CONTAINMENT = [
    Case("341900 -> 3419: 341922 lies within", "AVD-3", regional("341900", "341922"), AS_OF,
         [Expect("L", {"units": ["U1"]}, "medium")]),
    Case("340000 -> 34: 341922 lies within", "AVD-3", regional("340000", "341922"), AS_OF,
         [Expect("L")]),
    Case("the same county code", "AVD-3", regional("341922", "341922"), AS_OF, [Expect("L")]),
    Case("341900 -> 3419: 342022 does not", "AVD-3", regional("341900", "342022"), AS_OF, []),
    Case("341920 has no 00 pair: 341922 does not lie within", "AVD-3",
         regional("341920", "341922"), AS_OF, []),
    Case("341000 -> 3410: 341022 lies within", "AVD-3", regional("341000", "341022"), AS_OF,
         [Expect("L")]),
    Case("341000 -> 3410: 341122 does not", "AVD-3", regional("341000", "341122"), AS_OF, []),
    Case("a township's 9-digit code within the county", "AVD-3",
         regional("341922", "341922100", level="乡"), AS_OF, [Expect("L")]),
]  # fmt: skip


def sup_top(g: Graph) -> Graph:
    g.unit("U0", name="区委").unit("U1", "U0", name="区财政局")
    return g.person("L", name="吴涛").post("L", "U1", "一把手", start="2020-01-01", title="局长")


TALK_BY_UNIT = [
    Case("a talk recorded with only a conducting unit counts", "SUP-1",
         lambda g: sup_top(g).event("E1", "廉政谈话", "2025-01-10", by_unit="U0", target="L"),
         AS_OF, []),
    Case("a talk with neither person nor unit counts", "SUP-1",
         lambda g: sup_top(g).event("E1", "廉政谈话", "2025-01-10", target="L"), AS_OF, []),
    Case("conducted by the leader himself, even with a unit, does not", "SUP-1",
         lambda g: sup_top(g).event("E1", "廉政谈话", "2025-01-10", by="L", by_unit="U0",
                                    target="L"), AS_OF, [Expect("L")]),  # fmt: skip
    Case("a unit's talk before the window does not", "SUP-1",
         lambda g: sup_top(g).event("E1", "廉政谈话", "2024-06-29", by_unit="U0", target="L"),
         AS_OF, [Expect("L")]),
]  # fmt: skip

FAMILY_UNDATED = [
    Case("a relation reported in a later year counts for an earlier contract", "COI-1",
         lambda g: g.unit("U0").person("L").person("R").post("L", "U0", "一把手")
         .relative("L", "R", "配偶", "SPOUSE", report_year=2026).holds("R", "C1")
         .contract("K1", "U0", "C1", "2023-05-01"), "2023-06-30", [Expect("L")]),
    Case("a relation reported in a later year counts for avoidance", "AVD-1",
         lambda g: g.unit("U1").person("A", rank="正处").person("B", rank="科员")
         .post("A", "U1", "一把手").post("B", "U1", "工作人员")
         .relative("A", "B", "儿子", "LINEAL", report_year=2030), AS_OF, [Expect("A")]),
]  # fmt: skip


def window_cases() -> list[Case]:
    """ "In the N days before as-of": as-of − N <= date <= as-of, both ends included."""
    edge = (dt.date.fromisoformat(AS_OF) - dt.timedelta(days=365)).isoformat()  # 2024-06-30
    before = (dt.date.fromisoformat(edge) - dt.timedelta(days=1)).isoformat()
    after = (dt.date.fromisoformat(AS_OF) + dt.timedelta(days=1)).isoformat()

    def complaints(first: str):
        def build(g: Graph) -> None:
            g.person("P", name="钱磊")
            for i, day in enumerate([first, "2025-01-01", AS_OF]):
                g.complaint(f"X{i}", "P", day)

        return build

    def decision(day: str):
        return lambda g: g.unit("U1", name="区国资委").decision("D1", "U1", day, meeting="圈阅")

    def intervention(day: str):
        return lambda g: g.person("L").intervention("I1", "L", day)

    return [
        Case("CMP-1: the first complaint on the window's first day", "CMP-1", complaints(edge),
             AS_OF, [Expect("P", {"complaints": ["X0", "X1", "X2"]})]),
        Case("CMP-1: the first complaint the day before the window", "CMP-1",
             complaints(before), AS_OF, []),
        Case("PWR-3: decision on the window's first day", "PWR-3", decision(edge), AS_OF,
             [Expect("U1", {"decisions": ["D1"]})]),
        Case("PWR-3: decision the day before the window", "PWR-3", decision(before), AS_OF, []),
        Case("PWR-3: decision on as-of", "PWR-3", decision(AS_OF), AS_OF, [Expect("U1")]),
        Case("PWR-3: decision the day after as-of", "PWR-3", decision(after), AS_OF, []),
        Case("INT-2: intervention on the window's first day", "INT-2", intervention(edge), AS_OF,
             [Expect("L")]),
        Case("INT-2: intervention the day before the window", "INT-2", intervention(before),
             AS_OF, []),
        Case("INT-2: intervention on as-of", "INT-2", intervention(AS_OF), AS_OF, [Expect("L")]),
        Case("INT-2: intervention the day after as-of", "INT-2", intervention(after), AS_OF, []),
    ]  # fmt: skip


WINDOWS = window_cases()
ALL = DATED_LINKS + UNDATED_CLOSURE + CONTAINMENT + TALK_BY_UNIT + FAMILY_UNDATED + WINDOWS


@pytest.mark.parametrize("case", ALL, ids=ids(ALL))
def test_settled_readings(db, case: Case) -> None:
    check(db, case)


def test_undated_closure_summary_says_so(db) -> None:
    flags = check(db, UNDATED_CLOSURE[0])
    assert "办结日期不详" in flags[0].summary, flags[0].summary
    assert "closing date unknown" in flags[0].summary_en, flags[0].summary_en


def test_dated_open_complaint_summary_does_not(db) -> None:
    flags = check(db, UNDATED_CLOSURE[3])
    assert "办结日期不详" not in flags[0].summary


def test_link_judged_at_the_event_at_every_as_of(db) -> None:
    """One graph, many as-of dates: the contract signed before the holding began is never a
    conflict; the one signed while it held is, from its signed date on, for ever."""
    g = top_of_u0(Graph()).holds("R", "C1", since="2024-06-01", end="2025-03-31")
    g.contract("K0", "U1", "C1", "2023-05-01").contract("K1", "U1", "C1", "2024-06-01")
    g.contract("K2", "U1", "C1", "2025-04-01")
    g.save(db)
    for day in ("2023-05-01", "2024-05-31", "2024-06-01", "2025-03-31", "2025-04-01", LATER):
        flags = run_rule(db, "COI-1", dt.date.fromisoformat(day), config={})
        got = {c for f in flags for c in f.evidence["contracts"]}
        assert got == ({"K1"} if day >= "2024-06-01" else set()), (day, got)


def test_every_settled_reading_is_declared() -> None:
    """The readings are stated where a reader looks: the rule's declaration."""
    for rule_id in ("COI-1", "COI-2", "COI-3", "INT-1"):
        text = " ".join(en for _, en in CATALOGUE[rule_id].readings)
        assert "judged on" in text and "undated" in text, rule_id
    assert any("办结日期不详" in zh for zh, _ in CATALOGUE["APT-2"].readings)
    assert any("00" in zh for zh, _ in CATALOGUE["AVD-3"].readings)
    assert any("conducting unit" in en for _, en in CATALOGUE["SUP-1"].readings)
    for rule_id in ("PWR-3", "PWR-4", "SUP-1", "SUP-2", "SUP-3", "CMP-1", "INT-2"):
        assert any("both ends" in en for _, en in CATALOGUE[rule_id].readings), rule_id
    for rule_id in ("AVD-1", "AVD-2", "APT-3"):
        assert any("undated" in en for _, en in CATALOGUE[rule_id].readings), rule_id
