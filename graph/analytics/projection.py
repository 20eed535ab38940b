"""The power network, read from Neo4j in one read transaction of five streamed queries.

Only the part of the graph that carries power is read: units (with their hierarchy), leader
posts and duties in force, appointments with a nominator and decisions in the window. The
companies, contracts and relatives (most of a province's graph) are never touched.

Reading (`read_projection`, database I/O) is separate from building the weighted graph
(`build_graph`, pure), so the graph and the power index can be tested without a database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from graph.analytics.measures import PowerGraph
from graph.cypherfiles import read_cypher
from graph.db import to_native
from model.vocab import LEADER_ROLES, NON_COLLECTIVE_MEETINGS, SENSITIVE_FUNCTIONS, TOP_ROLE

if TYPE_CHECKING:
    from graph.db import Database
    from graph.driver import neo4j

# Nominations and decisions count over one term of office (届, five years) before as-of.
DEFAULT_WINDOW_DAYS = 5 * 365

# Tie strength in the power network (see docs/analytics.md for why).
WEIGHT_TOP_POST = 3.0
WEIGHT_TEAM_POST = 1.5
WEIGHT_DUTY_BASE = 1.0  # plus one per sensitive function of the unit
WEIGHT_NOMINATION = 1.0  # doubled when decided outside a collective meeting
WEIGHT_CHAIRED = 0.5  # per decision at a unit whose 一把手 the person was that day
WEIGHT_SPOKE = 0.25  # per decision spoken in
WEIGHT_PART_OF = 1.0

QUERY_FILES = (
    "names",
    "units",
    "posts",
    "duties",
    "nominations",
    "decisions",
    "clear",
    "write_scores",
    "leaders",
)


def load_query(name: str) -> str:
    """The text of graph/analytics/<name>.cypher (a fixed name, never user input)."""
    if name not in QUERY_FILES:
        raise ValueError(f"unknown analytics query {name!r}")
    return read_cypher(f"graph/analytics/{name}")


@dataclass(slots=True)
class Post:
    pid: str
    unit_id: str
    role: str
    title: str | None
    start_date: dt.date | None


@dataclass(slots=True)
class Duty:
    pid: str
    unit_id: str
    functions: list[str]


@dataclass(slots=True)
class Nomination:
    appointment_id: str
    nominator: str
    appointee: str | None
    to_unit: str | None
    decided_by: str | None


@dataclass(slots=True)
class DecisionRecord:
    decision_id: str
    unit_id: str
    meeting: str | None
    category: str | None
    tops: list[str]
    speakers: list[str]


@dataclass(slots=True)
class UnitRecord:
    unit_id: str
    name: str | None
    functions: list[str]
    parent_id: str | None


@dataclass
class Projection:
    as_of: dt.date
    since: dt.date
    units: dict[str, UnitRecord] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    posts: list[Post] = field(default_factory=list)
    duties: list[Duty] = field(default_factory=list)
    nominations: list[Nomination] = field(default_factory=list)
    decisions: list[DecisionRecord] = field(default_factory=list)

    @property
    def leaders(self) -> list[str]:
        """Persons with a 一把手 or 班子成员 post in force: the only ones given a power index."""
        return sorted({post.pid for post in self.posts})


def query_params(as_of: dt.date, window_days: int = DEFAULT_WINDOW_DAYS) -> dict[str, Any]:
    return {
        "as_of": as_of,
        "since": as_of - dt.timedelta(days=window_days),
        "leader_roles": list(LEADER_ROLES),
        "top_role": TOP_ROLE,
    }


def _rows(tx: neo4j.ManagedTransaction, name: str, params: dict[str, Any]) -> list[list[Any]]:
    """Each projection query returns one record holding all its rows as lists: decoding one
    big list is several times cheaper for the driver than one record per row."""
    record = tx.run(load_query(name), params).single()
    return record["rows"] if record is not None else []


def _read_all(
    tx: neo4j.ManagedTransaction, params: dict[str, Any], as_of: dt.date, since: dt.date
) -> Projection:
    """Read every part of the power network in one transaction (no per-node round trip)."""
    projection = Projection(as_of=as_of, since=since)
    names = projection.names
    for unit_id, name, functions, parent_id in _rows(tx, "units", params):
        projection.units[unit_id] = UnitRecord(unit_id, name, list(functions), parent_id)
    for pid, name, unit_id, role, title, start in _rows(tx, "posts", params):
        names[pid] = name
        projection.posts.append(Post(pid, unit_id, role, title, to_native(start)))
    for pid, name, unit_id, functions in _rows(tx, "duties", params):
        names[pid] = name
        projection.duties.append(Duty(pid, unit_id, list(functions)))
    for row in _rows(tx, "nominations", params):
        appointment_id, nominator, nominator_name, appointee, appointee_name, unit, how = row
        names[nominator] = nominator_name
        if appointee is not None:
            names[appointee] = appointee_name
        projection.nominations.append(Nomination(appointment_id, nominator, appointee, unit, how))
    unnamed: set[str] = set()
    for decision_id, unit_id, meeting, category, tops, speakers in _rows(tx, "decisions", params):
        order = [str(pid) for pid in speakers]
        unnamed.update(pid for pid in order if pid not in names)
        projection.decisions.append(
            DecisionRecord(decision_id, unit_id, meeting, category, list(tops), order)
        )
    if unnamed:
        found = dict(_rows(tx, "names", {"pids": sorted(unnamed)}))
        for decision in projection.decisions:
            # a speaker with no Person node (an id the loader could not resolve) is dropped
            decision.speakers = [pid for pid in decision.speakers if pid in names or pid in found]
        names.update(found)
    return projection


def read_projection(
    db: Database, as_of: dt.date, window_days: int = DEFAULT_WINDOW_DAYS
) -> Projection:
    """Read the power network as of a date in one read transaction (a consistent snapshot)."""
    params = query_params(as_of, window_days)
    return db.read_tx(_read_all, params, as_of, params["since"])


def sensitive_count(functions: list[str]) -> int:
    """How many of the sensitive functions (财务, 人事, 工程, 审批, 采购) a unit has."""
    return sum(1 for function in SENSITIVE_FUNCTIONS if function in functions)


def person_key(pid: str) -> str:
    return "P:" + pid


def unit_key(unit_id: str) -> str:
    return "U:" + unit_id


def build_graph(projection: Projection) -> PowerGraph:
    """The weighted, undirected power network of persons (`P:pid`) and units (`U:unit_id`)."""
    nodes: list[str] = [unit_key(u) for u in projection.units]
    nodes.extend(person_key(pid) for pid in projection.names)
    index = {key: i for i, key in enumerate(nodes)}
    a: list[int] = []
    b: list[int] = []
    w: list[float] = []

    def tie(first: str, second: str, weight: float) -> None:
        i = index.get(first)
        j = index.get(second)
        if i is None or j is None:
            # an endpoint outside the projection (e.g. a unit deleted mid-read): no tie
            return
        a.append(i)
        b.append(j)
        w.append(weight)

    for unit in projection.units.values():
        if unit.parent_id is not None:
            tie(unit_key(unit.unit_id), unit_key(unit.parent_id), WEIGHT_PART_OF)
    for post in projection.posts:
        weight = WEIGHT_TOP_POST if post.role == TOP_ROLE else WEIGHT_TEAM_POST
        tie(person_key(post.pid), unit_key(post.unit_id), weight)
    for duty in projection.duties:
        weight = WEIGHT_DUTY_BASE + sensitive_count(duty.functions)
        tie(person_key(duty.pid), unit_key(duty.unit_id), weight)
    for nomination in projection.nominations:
        if nomination.appointee is None:
            continue
        weight = WEIGHT_NOMINATION * (
            2.0 if nomination.decided_by in NON_COLLECTIVE_MEETINGS else 1.0
        )
        tie(person_key(nomination.nominator), person_key(nomination.appointee), weight)
    for decision in projection.decisions:
        decision_unit = unit_key(decision.unit_id)
        for pid in decision.tops:
            if pid in projection.names:
                tie(person_key(pid), decision_unit, WEIGHT_CHAIRED)
        for pid in decision.speakers:
            if pid not in decision.tops:
                tie(person_key(pid), decision_unit, WEIGHT_SPOKE)
    return PowerGraph.from_arrays(
        nodes,
        np.asarray(a, dtype=np.int64),
        np.asarray(b, dtype=np.int64),
        np.asarray(w, dtype=np.float64),
        index,
    )
