"""The app's expensive reads, cached per as-of date and load generation.

Every page of an investigator's day asks the same questions of the same as-of date (the
flags, the leaders' power, the composite risk); Streamlit's `st.cache_data` keeps one answer
per (as-of date, load generation) for all sessions. The generation is read from the Source
nodes on each run (one count-store query), so a load, by the app or the CLI, makes every
cached answer stale at once; `clear()` also drops them explicitly after an app load.
Rules run only through the runner (queries.runner), the risk only through graph.analytics.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

from app import reads
from graph.db import get_db
from queries.risk import RiskLeader, RiskRow, composite_risk, leaders_from_analysis
from queries.risk import read_leaders as _read_leaders
from queries.runner import Flag, run_all

TTL = 3600
TALK_KINDS = ["政治监督谈话", "约谈", "提醒谈话", "廉政谈话"]


def generation() -> str:
    return reads.generation(get_db())


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=16)
def flags(as_of: dt.date, gen: str) -> list[Flag]:
    """Every rule's flags at `as_of` with the rules config file's parameters."""
    return run_all(get_db(), as_of)


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=16)
def leaders(as_of: dt.date, gen: str) -> tuple[list[RiskLeader], bool]:
    """The leaders in post at `as_of` with their power (stored, or computed in memory when
    the stored scores are for another date; nothing written)."""
    from graph.analytics.pipeline import analyze

    found, current = _read_leaders(get_db(), as_of)
    if current:
        return found, False
    return leaders_from_analysis(analyze(get_db(), as_of, write=False)), True


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=16)
def risk(as_of: dt.date, gen: str) -> list[RiskRow]:
    return composite_risk(leaders(as_of, gen)[0], flags(as_of, gen))


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=16)
def trends(as_of: dt.date, gen: str, months: int = 24) -> list[dict[str, Any]]:
    start = (as_of.replace(day=1) - dt.timedelta(days=31 * (months - 1))).replace(day=1)
    return reads.monthly_trends(get_db(), start, as_of, TALK_KINDS)


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=16)
def open_problems(as_of: dt.date, gen: str) -> list[dict[str, Any]]:
    return reads.open_problems(get_db(), as_of, 10)


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=4)
def figures(gen: str) -> dict[str, int]:
    """The report's figures over every record (queries.stats)."""
    from queries.stats import overview

    return overview(get_db())


def leader(as_of: dt.date, gen: str, pid: str) -> RiskLeader | None:
    return next((x for x in leaders(as_of, gen)[0] if x.pid == pid), None)


def clear() -> None:
    """After a load through the app: drop every cached answer now."""
    for function in (flags, leaders, risk, trends, open_problems, figures):
        function.clear()


def flag_id(flag: Flag) -> str:
    """A flag's address: its rule, subject and a digest of its evidence (stable for the same
    data and as-of date, short enough for a URL)."""
    import hashlib
    import json

    digest = hashlib.sha1(
        json.dumps([flag.rule, flag.subject_id, flag.evidence], sort_keys=True).encode()
    ).hexdigest()[:10]
    return f"{flag.rule}~{flag.subject_id}~{digest}"


def find_flag(as_of: dt.date, gen: str, wanted: str) -> Flag | None:
    return next((f for f in flags(as_of, gen) if flag_id(f) == wanted), None)
