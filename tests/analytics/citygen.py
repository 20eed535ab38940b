"""A small synthetic city for the analytics tests: registry-shaped rows, the Cypher that
writes them following docs/model.md, and the projection they must give (an oracle written
independently of the .cypher files)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from graph.analytics.projection import (
    DecisionRecord,
    Duty,
    Nomination,
    Post,
    Projection,
    UnitRecord,
)
from model.vocab import LEADER_ROLES

AS_OF = dt.date(2024, 6, 30)
FUNCTION_POOL = ["财务", "人事", "工程", "审批", "采购", "住建", "交通", "公安", "审计", "组织"]


@dataclass
class City:
    units: list[dict] = field(default_factory=list)
    people: list[dict] = field(default_factory=list)
    posts: list[dict] = field(default_factory=list)
    duties: list[dict] = field(default_factory=list)
    appointments: list[dict] = field(default_factory=list)
    decisions: list[dict] = field(default_factory=list)
    holder: str | None = None


def make_city(seed: int = 1, n_units: int = 20, plant: bool = True) -> City:
    """Units under one city government; each unit has a 一把手 and 2-3 team members, the team
    members in charge of 1-2 units. With `plant`, P_HOLDER is 一把手 of two units, in charge of
    six sensitive units and the nominator of twelve appointments."""
    rng = random.Random(seed)
    city = City()
    city.units.append({"unit_id": "U000", "name": "市政府", "functions": [], "parent_id": None})
    for i in range(1, n_units + 1):
        functions = rng.sample(FUNCTION_POOL, rng.randint(0, 3))
        parent = "U000" if i <= 5 else f"U{rng.randint(1, 5):03d}"
        city.units.append(
            {
                "unit_id": f"U{i:03d}",
                "name": f"单位{i}",
                "functions": functions,
                "parent_id": parent,
            }
        )
    people = 0

    def person() -> str:
        nonlocal people
        people += 1
        pid = f"P{people:04d}"
        city.people.append({"pid": pid, "name": f"干部{people}"})
        return pid

    def start() -> dt.date:
        return AS_OF - dt.timedelta(days=rng.randint(200, 3000))

    unit_ids = [u["unit_id"] for u in city.units]
    team: list[str] = []
    tops: dict[str, str] = {}
    for unit_id in unit_ids:
        top = person()
        tops[unit_id] = top
        city.posts.append(_post(top, unit_id, "一把手", "书记", start()))
        for _ in range(rng.randint(2, 3)):
            member = person()
            team.append(member)
            city.posts.append(_post(member, unit_id, "班子成员", "副局长", start()))
        staff = person()
        city.posts.append(_post(staff, unit_id, "工作人员", "科员", start()))
        # an ended top post: must not count at as-of
        former = person()
        city.posts.append(
            _post(
                former,
                unit_id,
                "一把手",
                "局长",
                AS_OF - dt.timedelta(days=4000),
                AS_OF - dt.timedelta(days=900),
            )
        )
    for member in team:
        for unit_id in rng.sample(unit_ids[1:], rng.randint(1, 2)):
            city.duties.append(_duty(member, unit_id, start()))
    appointment = 0
    everyone = [p["pid"] for p in city.people]

    def appoint(nominator: str, decided_by: str, days_ago: int) -> None:
        nonlocal appointment
        appointment += 1
        city.appointments.append(
            {
                "appointment_id": f"A{appointment:04d}",
                "person_id": rng.choice(everyone),
                "nominator_id": nominator,
                "to_unit_id": rng.choice(unit_ids),
                "decided_date": AS_OF - dt.timedelta(days=days_ago),
                "decided_by": decided_by,
            }
        )

    for nominator in rng.sample(list(tops.values()) + team, 15):
        for _ in range(rng.randint(1, 3)):
            appoint(nominator, rng.choice(["常委会", "党组会", "常委会"]), rng.randint(10, 1500))
    appoint(tops["U001"], "常委会", 3000)  # outside the five-year window
    decision = 0
    for unit_id in unit_ids:
        unit_team = [
            p["person_id"]
            for p in city.posts
            if p["unit_id"] == unit_id and p["role"] in LEADER_ROLES and not p["end_date"]
        ]
        for _ in range(rng.randint(1, 3)):
            decision += 1
            order = [p for p in unit_team if p != tops[unit_id]] + [tops[unit_id]]
            city.decisions.append(
                {
                    "decision_id": f"D{decision:04d}",
                    "unit_id": unit_id,
                    "date": AS_OF - dt.timedelta(days=rng.randint(5, 700)),
                    "meeting": "党组会",
                    "category": "重大决策",
                    "speaking_order": order,
                }
            )
    if plant:
        holder = person()
        city.holder = holder
        city.people[-1]["name"] = "权力集中者"
        for unit_id in ("U003", "U007"):
            # the planted holder replaces the unit's top leader
            for post in city.posts:
                if post["unit_id"] == unit_id and post["person_id"] == tops[unit_id]:
                    post["role"] = "班子成员"
            tops[unit_id] = holder
            city.posts.append(_post(holder, unit_id, "一把手", "书记", start()))
        sensitive_units = []
        for k in range(6):
            unit_id = f"U{900 + k}"
            sensitive_units.append(unit_id)
            city.units.append(
                {
                    "unit_id": unit_id,
                    "name": f"要害单位{k}",
                    "parent_id": "U003",
                    "functions": ["财务", "采购"] if k % 2 else ["人事", "工程"],
                }
            )
            city.duties.append(_duty(holder, unit_id, start()))
        for k in range(12):
            appoint(holder, "书记办公会" if k % 3 == 0 else "常委会", 30 + 40 * k)
    return city


def _post(
    pid: str, unit_id: str, role: str, title: str, start: dt.date, end: dt.date | None = None
) -> dict:
    return {
        "person_id": pid,
        "unit_id": unit_id,
        "role": role,
        "title": title,
        "start_date": start,
        "end_date": end,
    }


def _duty(pid: str, unit_id: str, start: dt.date) -> dict:
    return {"person_id": pid, "unit_id": unit_id, "start_date": start, "end_date": None}


def _active(row: dict, as_of: dt.date) -> bool:
    return row["start_date"] <= as_of and (row["end_date"] is None or row["end_date"] >= as_of)


def expected_projection(city: City, as_of: dt.date = AS_OF, window_days: int = 1825) -> Projection:
    """What read_projection must return for this city (computed without Cypher)."""
    since = as_of - dt.timedelta(days=window_days)
    names = {p["pid"]: p["name"] for p in city.people}
    units = {u["unit_id"]: u for u in city.units}
    projection = Projection(as_of=as_of, since=since)
    for u in city.units:
        projection.units[u["unit_id"]] = UnitRecord(
            u["unit_id"], u["name"], list(u["functions"]), u["parent_id"]
        )
    for p in city.posts:
        if p["role"] in LEADER_ROLES and _active(p, as_of):
            projection.posts.append(
                Post(p["person_id"], p["unit_id"], p["role"], p["title"], p["start_date"])
            )
            projection.names[p["person_id"]] = names[p["person_id"]]
    for d in city.duties:
        if _active(d, as_of):
            projection.duties.append(
                Duty(d["person_id"], d["unit_id"], list(units[d["unit_id"]]["functions"]))
            )
            projection.names[d["person_id"]] = names[d["person_id"]]
    for a in city.appointments:
        if since < a["decided_date"] <= as_of:
            projection.nominations.append(
                Nomination(
                    a["appointment_id"],
                    a["nominator_id"],
                    a["person_id"],
                    a["to_unit_id"],
                    a["decided_by"],
                )
            )
            projection.names[a["nominator_id"]] = names[a["nominator_id"]]
            projection.names[a["person_id"]] = names[a["person_id"]]
    for d in city.decisions:
        if since < d["date"] <= as_of:
            tops = sorted(
                p["person_id"]
                for p in city.posts
                if p["unit_id"] == d["unit_id"]
                and p["role"] == "一把手"
                and p["start_date"] <= d["date"]
                and (p["end_date"] is None or p["end_date"] >= d["date"])
            )
            projection.decisions.append(
                DecisionRecord(
                    d["decision_id"],
                    d["unit_id"],
                    d["meeting"],
                    d["category"],
                    tops,
                    list(d["speaking_order"]),
                )
            )
            for pid in d["speaking_order"]:
                projection.names.setdefault(pid, names[pid])
    return projection


# Writes the city the way the loaders do (docs/model.md): labels, keys, relationship types.
WRITE_CITY = """
UNWIND $units AS u
MERGE (n:Unit {unit_id: u.unit_id}) SET n.name = u.name, n.functions = u.functions
WITH count(*) AS _
UNWIND [u IN $units WHERE u.parent_id IS NOT NULL] AS u
MATCH (child:Unit {unit_id: u.unit_id}), (parent:Unit {unit_id: u.parent_id})
MERGE (child)-[:PART_OF]->(parent)
WITH count(*) AS _
UNWIND $people AS p
MERGE (n:Person {pid: p.pid}) SET n.name = p.name, n.person_id = p.pid, n.origin = 'people'
WITH count(*) AS _
UNWIND $posts AS p
MATCH (person:Person {pid: p.person_id}), (unit:Unit {unit_id: p.unit_id})
CREATE (person)-[:HOLDS_POST {title: p.title, role: p.role, functions: [],
                              start_date: p.start_date, end_date: p.end_date}]->(unit)
WITH count(*) AS _
UNWIND $duties AS d
MATCH (person:Person {pid: d.person_id}), (unit:Unit {unit_id: d.unit_id})
CREATE (person)-[:IN_CHARGE_OF {start_date: d.start_date, end_date: d.end_date}]->(unit)
WITH count(*) AS _
UNWIND $appointments AS a
MATCH (appointee:Person {pid: a.person_id}), (nominator:Person {pid: a.nominator_id}),
      (unit:Unit {unit_id: a.to_unit_id})
CREATE (n:Appointment {appointment_id: a.appointment_id, kind: '提拔',
                       decided_date: a.decided_date, decided_by: a.decided_by})
CREATE (n)-[:APPOINTEE]->(appointee), (n)-[:NOMINATED_BY]->(nominator), (n)-[:TO_UNIT]->(unit)
WITH count(*) AS _
UNWIND $decisions AS d
MATCH (unit:Unit {unit_id: d.unit_id})
CREATE (n:Decision {decision_id: d.decision_id, date: d.date, meeting: d.meeting,
                    category: d.category, speaking_order: d.speaking_order})
CREATE (n)-[:AT_UNIT]->(unit)
WITH n, d
UNWIND range(0, size(d.speaking_order) - 1) AS i
MATCH (speaker:Person {pid: d.speaking_order[i]})
CREATE (speaker)-[:SPOKE_IN {order: i + 1}]->(n)
"""


def write_city(db, city: City) -> None:
    db.write(
        WRITE_CITY,
        {
            "units": city.units,
            "people": city.people,
            "posts": city.posts,
            "duties": city.duties,
            "appointments": city.appointments,
            "decisions": city.decisions,
        },
    )
