"""APT-1..3: promotions: the four checks, tainted promotions, relatives nominating."""

from __future__ import annotations

import pytest

from .cases import Case, Expect, check, ids
from .graphkit import Graph

AS_OF = "2025-06-30"


def base(g: Graph) -> Graph:
    return g.unit("U1", name="区财政局").person("P", name="孙伟").person("N", name="孙海")


APT1 = [
    Case("integrity opinion missing", "APT-1",
         lambda g: base(g).appointment("A1", "P", "2025-03-01", integrity_opinion_date=None), AS_OF,
         [Expect("P", {"appointments": ["A1"]}, "high")]),
    Case("file check after the decision", "APT-1",
         lambda g: base(g).appointment("A1", "P", "2025-03-01", file_check_date="2025-03-02"), AS_OF,
         [Expect("P")]),
    Case("check on the decision day is in time", "APT-1",
         lambda g: base(g).appointment("A1", "P", "2025-03-01", checks="2025-03-01"), AS_OF, []),
    Case("further use is checked too", "APT-1",
         lambda g: base(g).appointment("A1", "P", "2025-03-01", kind="进一步使用", checks=None), AS_OF,
         [Expect("P")]),
    Case("lateral move needs no checks", "APT-1",
         lambda g: base(g).appointment("A1", "P", "2025-03-01", kind="平级调整", checks=None), AS_OF, []),
    Case("decided after as-of", "APT-1",
         lambda g: base(g).appointment("A1", "P", "2025-07-01", checks=None), AS_OF, []),
]  # fmt: skip

APT2 = [
    Case("inside an admonishment's six months", "APT-2",
         lambda g: base(g).sanction("S1", "P", "诫勉", "2024-10-01").appointment("A1", "P", "2025-03-31"),
         AS_OF, [Expect("P", {"appointments": ["A1"], "sanctions": ["S1"]}, "high")]),
    Case("effect period ended the day before the decision", "APT-2",
         lambda g: base(g).sanction("S1", "P", "诫勉", "2024-10-01").appointment("A1", "P", "2025-04-02"),
         AS_OF, []),
    Case("decision on the day the period ends is outside", "APT-2",
         lambda g: base(g).sanction("S1", "P", "诫勉", "2024-10-01").appointment("A1", "P", "2025-04-01"),
         AS_OF, []),
    Case("serious warning lasts 18 months", "APT-2",
         lambda g: base(g).sanction("S1", "P", "党内严重警告", "2024-01-15").appointment("A1", "P", "2025-06-01"),
         AS_OF, [Expect("P", {"sanctions": ["S1"]})]),
    Case("criticism has no effect period", "APT-2",
         lambda g: base(g).sanction("S1", "P", "批评教育", "2025-01-01").appointment("A1", "P", "2025-03-01"),
         AS_OF, []),
    Case("sanction after the decision", "APT-2",
         lambda g: base(g).sanction("S1", "P", "记过", "2025-03-02").appointment("A1", "P", "2025-03-01"),
         AS_OF, []),
    Case("effect period from the config table", "APT-2",
         lambda g: base(g).sanction("S1", "P", "诫勉", "2024-10-01").appointment("A1", "P", "2025-06-01"),
         AS_OF, [Expect("P")], {"effect_months": "诫勉:12"}),
    Case("open specific complaint", "APT-2",
         lambda g: base(g).complaint("X1", "P", "2025-01-01").appointment("A1", "P", "2025-03-01"),
         AS_OF, [Expect("P", {"complaints": ["X1"]})]),
    Case("complaint closed after the decision", "APT-2",
         lambda g: base(g).complaint("X1", "P", "2025-01-01", status="了结", closed="2025-03-05")
         .appointment("A1", "P", "2025-03-01"), AS_OF, [Expect("P", {"complaints": ["X1"]})]),
    Case("complaint closed before the decision", "APT-2",
         lambda g: base(g).complaint("X1", "P", "2025-01-01", status="了结", closed="2025-02-28")
         .appointment("A1", "P", "2025-03-01"), AS_OF, []),
    Case("complaint not specific", "APT-2",
         lambda g: base(g).complaint("X1", "P", "2025-01-01", specific=False)
         .appointment("A1", "P", "2025-03-01"), AS_OF, []),
    Case("complaint received after the decision", "APT-2",
         lambda g: base(g).complaint("X1", "P", "2025-03-02").appointment("A1", "P", "2025-03-01"),
         AS_OF, []),
    Case("negative integrity opinion", "APT-2",
         lambda g: base(g).appointment("A1", "P", "2025-03-01", integrity_opinion="不宜提拔"), AS_OF,
         [Expect("P", {"appointments": ["A1"]})]),
    Case("lateral move is not a promotion", "APT-2",
         lambda g: base(g).sanction("S1", "P", "记过", "2025-01-01")
         .appointment("A1", "P", "2025-03-01", kind="平级调整"), AS_OF, []),
]  # fmt: skip

APT3 = [
    Case("father nominates his son", "APT-3",
         lambda g: base(g).relative("P", "N", "父亲", "LINEAL").appointment("A1", "P", "2025-03-01", nominator="N"),
         AS_OF, [Expect("N", {"appointments": ["A1"], "relatives": ["P"]}, "high")]),
    Case("relation reported by the nominator", "APT-3",
         lambda g: base(g).relative("N", "P", "儿子", "LINEAL").appointment("A1", "P", "2025-03-01", nominator="N"),
         AS_OF, [Expect("N")]),
    Case("relation of class OTHER", "APT-3",
         lambda g: base(g).relative("P", "N", "其他", "OTHER").appointment("A1", "P", "2025-03-01", nominator="N"),
         AS_OF, []),
    Case("nominator unrelated", "APT-3",
         lambda g: base(g).person("Q").relative("P", "N", "父亲", "LINEAL")
         .appointment("A1", "P", "2025-03-01", nominator="Q"), AS_OF, []),
]  # fmt: skip

ALL = APT1 + APT2 + APT3


@pytest.mark.parametrize("case", ALL, ids=ids(ALL))
def test_appointment_rules(db, case: Case) -> None:
    check(db, case)
