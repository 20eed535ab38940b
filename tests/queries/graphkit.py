"""Small graphs for rule tests, written in the shape docs/model.md gives the loaders' output.

Labels, keys and relationship types come from the fixed table below (never from a case);
every value reaches Cypher as a parameter.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from graph.db import Database
from model.schema import REGISTRY_KEYS

KEYS = REGISTRY_KEYS
REL_TYPES = {
    "PART_OF", "HOLDS_POST", "IN_CHARGE_OF", "HAS_RELATIVE", "SHAREHOLDER_OF", "LEGAL_REP_OF",
    "OFFICER_OF", "SAME_AS", "POSSIBLE_MATCH", "BUYER", "SUPPLIER", "APPOINTEE", "TO_UNIT",
    "NOMINATED_BY", "ABOUT", "NAMES_COMPANY", "CONDUCTED_BY", "CONDUCTED_BY_UNIT", "TARGET",
    "TARGET_UNIT",
    "RESPONSIBLE_UNIT", "RESPONSIBLE_PERSON", "SANCTIONED", "INTERVENED", "CONCERNS_UNIT",
    "AT_UNIT", "SPOKE_IN", "LED_BY",
}  # fmt: skip


def d(value: str | dt.date | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)


def _props(values: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in values.items():
        if value is None:
            continue
        if isinstance(value, str) and key.endswith(("date", "_at")) or key in ("date", "since"):
            value = d(value)
        out[key] = value
    return out


@dataclass
class Graph:
    nodes: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    rels: list[tuple[str, str, str, str, str, dict[str, Any]]] = field(default_factory=list)
    # run the identity step's SAME_AS part after saving, as every load does (its derived links
    # are written after every save)
    resolve_identity: bool = False

    # ------------------------------------------------------------ primitives
    def node(self, label: str, key: str, **props: Any) -> Graph:
        assert label in KEYS, label
        self.nodes.setdefault((label, key), {}).update(_props(props))
        return self

    def ensure(self, label: str, key: str, **props: Any) -> None:
        if (label, key) not in self.nodes:
            self.node(label, key, **props)

    def rel(self, a: tuple[str, str], rtype: str, b: tuple[str, str], **props: Any) -> Graph:
        assert rtype in REL_TYPES, rtype
        for label, key in (a, b):
            self.ensure(
                label, key, **({"name": key} if label in ("Person", "Unit", "Company") else {})
            )
        self.rels.append((a[0], a[1], rtype, b[0], b[1], _props(props)))
        return self

    # ------------------------------------------------------------ domain helpers
    def unit(self, uid: str, parent: str | None = None, **props: Any) -> Graph:
        props.setdefault("name", uid)
        self.node("Unit", uid, **props)
        if parent:
            self.rel(("Unit", uid), "PART_OF", ("Unit", parent))
        return self

    def person(self, pid: str, **props: Any) -> Graph:
        props.setdefault("name", pid)
        return self.node("Person", pid, **props)

    def post(self, pid: str, uid: str, role: str = "班子成员", start: str = "2015-01-01",
             end: str | None = None, title: str = "副局长", functions: list[str] | None = None) -> Graph:  # fmt: skip
        return self.rel(("Person", pid), "HOLDS_POST", ("Unit", uid), role=role, title=title,
                        start_date=start, end_date=end, functions=functions)  # fmt: skip

    def duty(self, pid: str, uid: str, start: str = "2015-01-01", end: str | None = None) -> Graph:
        return self.rel(
            ("Person", pid), "IN_CHARGE_OF", ("Unit", uid), start_date=start, end_date=end
        )

    def relative(
        self,
        cadre: str,
        rel_pid: str,
        relation: str = "配偶",
        kinship: str = "SPOUSE",
        report_year: int | None = None,
    ) -> Graph:
        return self.rel(("Person", cadre), "HAS_RELATIVE", ("Person", rel_pid),
                        relation=relation, kinship=kinship, report_year=report_year)  # fmt: skip

    def company(self, uscc: str, **props: Any) -> Graph:
        props.setdefault("name", f"企业{uscc[-4:]}")
        return self.node("Company", uscc, **props)

    def holds(self, holder: str, uscc: str, pct: float = 30.0, since: str | None = None,
              end: str | None = None) -> Graph:  # fmt: skip
        """A person (pid) or a company (a key starting with 'C') holds shares of `uscc`, from
        `since` (the 变更日期; none = always) until `end` (an ended holding)."""
        label = "Company" if holder.startswith("C") else "Person"
        return self.rel((label, holder), "SHAREHOLDER_OF", ("Company", uscc), pct=pct,
                        since=since, end_date=end)  # fmt: skip

    def legal_rep(self, pid: str, uscc: str, start: str | None = None,
                  end: str | None = None) -> Graph:  # fmt: skip
        return self.rel(("Person", pid), "LEGAL_REP_OF", ("Company", uscc), start_date=start,
                        end_date=end)  # fmt: skip

    def officer(self, pid: str, uscc: str, role: str = "经理", start: str | None = None,
                end: str | None = None) -> Graph:  # fmt: skip
        return self.rel(("Person", pid), "OFFICER_OF", ("Company", uscc), role=role,
                        start_date=start, end_date=end)  # fmt: skip

    def identity(self) -> Graph:
        """Link persons sharing an id_hash as a load would (loaders/identity.py)."""
        self.resolve_identity = True
        return self

    def same_as(self, a: str, b: str) -> Graph:
        return self.rel(("Person", a), "SAME_AS", ("Person", b), match="id")

    def possible_match(self, a: str, b: str, status: str = "pending") -> Graph:
        return self.rel(("Person", a), "POSSIBLE_MATCH", ("Person", b), match="name",
                        confidence=0.6, status=status)  # fmt: skip

    def contract(
        self, cid: str, buyer: str, supplier: str, signed: str, amount: float = 1e6
    ) -> Graph:
        self.node("Contract", cid, signed_date=signed, amount=amount, title=f"合同{cid}")
        self.rel(("Contract", cid), "BUYER", ("Unit", buyer))
        return self.rel(("Contract", cid), "SUPPLIER", ("Company", supplier))

    def appointment(self, aid: str, pid: str, decided: str, kind: str = "提拔",
                    nominator: str | None = None, checks: str | None = "2020-01-01",
                    **props: Any) -> Graph:  # fmt: skip
        values = {
            "file_check_date": checks, "personal_check_date": checks,
            "integrity_opinion_date": checks, "complaint_check_date": checks,
            "integrity_opinion": "无问题",
        }  # fmt: skip
        values.update(props)
        self.node("Appointment", aid, kind=kind, decided_date=decided, **values)
        self.rel(("Appointment", aid), "APPOINTEE", ("Person", pid))
        if nominator:
            self.rel(("Appointment", aid), "NOMINATED_BY", ("Person", nominator))
        return self

    def complaint(self, cid: str, about: str, received: str, specific: bool = True,
                  status: str = "初核", closed: str | None = None,
                  companies: list[str] | None = None) -> Graph:  # fmt: skip
        self.node("Complaint", cid, received_date=received, specific=specific, status=status,
                  closed_date=closed)  # fmt: skip
        self.rel(("Complaint", cid), "ABOUT", ("Person", about), match="id", confidence=1.0)
        for uscc in companies or []:
            self.rel(("Complaint", cid), "NAMES_COMPANY", ("Company", uscc))
        return self

    def event(self, eid: str, kind: str, date: str, by: str | None = None,
              target: str | None = None, target_unit: str | None = None,
              by_unit: str | None = None) -> Graph:  # fmt: skip
        self.node("SupervisionEvent", eid, kind=kind, date=date)
        if by:
            self.rel(("SupervisionEvent", eid), "CONDUCTED_BY", ("Person", by))
        if by_unit:
            self.rel(("SupervisionEvent", eid), "CONDUCTED_BY_UNIT", ("Unit", by_unit))
        if target:
            self.rel(("SupervisionEvent", eid), "TARGET", ("Person", target))
        if target_unit:
            self.rel(("SupervisionEvent", eid), "TARGET_UNIT", ("Unit", target_unit))
        return self

    def problem(self, prid: str, uid: str, due: str | None, closed: str | None = None,
                found: str = "2020-01-01", person: str | None = None) -> Graph:  # fmt: skip
        self.node("Problem", prid, due_date=due, closed_date=closed, found_date=found)
        if person:
            self.rel(("Problem", prid), "RESPONSIBLE_PERSON", ("Person", person))
        return self.rel(("Problem", prid), "RESPONSIBLE_UNIT", ("Unit", uid))

    def sanction(self, sid: str, pid: str, kind: str, date: str) -> Graph:
        self.node("Sanction", sid, kind=kind, date=date)
        return self.rel(("Sanction", sid), "SANCTIONED", ("Person", pid))

    def intervention(self, rid: str, pid: str, date: str, matter: str = "政府采购",
                     companies: list[str] | None = None, unit: str | None = None) -> Graph:  # fmt: skip
        self.node("Intervention", rid, date=date, matter=matter)
        self.rel(("Intervention", rid), "INTERVENED", ("Person", pid))
        for uscc in companies or []:
            self.rel(("Intervention", rid), "NAMES_COMPANY", ("Company", uscc))
        if unit:
            self.rel(("Intervention", rid), "CONCERNS_UNIT", ("Unit", unit))
        return self

    def decision(self, did: str, uid: str, date: str, meeting: str = "党委会",
                 category: str = "重大决策", speakers: list[str] | None = None,
                 use_list: bool = True, use_rels: bool = True) -> Graph:  # fmt: skip
        self.node("Decision", did, date=date, meeting=meeting, category=category, topic="议题",
                  speaking_order=(speakers or []) if use_list else None)  # fmt: skip
        self.rel(("Decision", did), "AT_UNIT", ("Unit", uid))
        if use_rels:
            for order, pid in enumerate(speakers or [], start=1):
                self.rel(("Person", pid), "SPOKE_IN", ("Decision", did), order=order)
        return self

    def task(self, tid: str, uid: str, due: str | None, done: str | None = None) -> Graph:
        self.node("Task", tid, due_date=due, done_date=done, content=f"任务{tid}")
        return self.rel(("Task", tid), "LED_BY", ("Unit", uid))

    # ------------------------------------------------------------ write
    def save(self, db: Database) -> None:
        by_label: dict[str, list[dict]] = {}
        for (label, key), props in self.nodes.items():
            by_label.setdefault(label, []).append({"key": key, "props": props})
        for label, rows in by_label.items():
            db.write(
                f"UNWIND $rows AS row MERGE (n:{label} {{{KEYS[label]}: row.key}}) SET n += row.props",
                {"rows": rows},
            )
            if label == "Person":
                db.write("UNWIND $rows AS row MATCH (n:Person {pid: row.key}) "
                         "WHERE n.origin IS NULL SET n.person_id = n.pid, n.origin = 'people'",
                         {"rows": rows})  # fmt: skip
        grouped: dict[tuple[str, str, str], list[dict]] = {}
        for la, ka, rtype, lb, kb, props in self.rels:
            grouped.setdefault((la, rtype, lb), []).append({"a": ka, "b": kb, "props": props})
        for (la, rtype, lb), rows in grouped.items():
            db.write(
                f"UNWIND $rows AS row MATCH (a:{la} {{{KEYS[la]}: row.a}}) "
                f"MATCH (b:{lb} {{{KEYS[lb]}: row.b}}) CREATE (a)-[r:{rtype}]->(b) SET r += row.props",
                {"rows": rows},
            )
        from loaders.identity import derive, link_same_persons

        if self.resolve_identity:
            link_same_persons(db)
        # the links the rules read that every load derives (loaders/identity.py `derive`)
        derive(db)
