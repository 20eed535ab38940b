"""总览 The risk dashboard: flags by rule and severity, the leaders most at risk and most
powerful, the units with most flags and open problems, monthly trends, the report's
figures, and how fresh each registry is. Everything links to its page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from app import reads
from app.ui import cached, links
from app.ui.flags import rule_title
from app.ui.shell import lang, t, table
from graph import server
from graph.db import get_db
from graph.settings import connection_settings
from queries.risk import RiskRow
from queries.runner import Flag
from queries.stats import FIGURES

TOP = 10
SEVERITY_COLORS = {"high": "#d62728", "medium": "#ff7f0e", "low": "#bcbd22"}


def _status() -> None:
    settings = connection_settings()
    db = get_db()
    db.verify()  # down: DatabaseUnavailable, shown as one sentence by the page guard
    if settings.origin == "env":
        st.success(t("overview.db_up_external", uri=settings.uri))
        return
    state = server.status(Path(settings.origin))
    st.success(
        t(
            "overview.db_up_local",
            uri=settings.uri,
            version=state.version or "?",
            size=f"{state.store_bytes / 1_000_000:.1f}",
        )
    )


def _flags_chart(flags: list[Flag]) -> None:
    if not flags:
        st.caption(t("common.none"))
        return
    frame = pd.DataFrame(
        [{"rule": f.rule, "severity": t(f"severity.{f.severity}"), "title": rule_title(f.rule),
          "order": ["high", "medium", "low"].index(f.severity)} for f in flags]
    )  # fmt: skip
    counted = frame.groupby(["rule", "title", "severity", "order"]).size().reset_index(name="n")
    names = [t(f"severity.{s}") for s in SEVERITY_COLORS]
    chart = (
        alt.Chart(counted)
        .mark_bar()
        .encode(
            x=alt.X("rule:N", title=None, sort=None),
            y=alt.Y("n:Q", title=t("common.count")),
            color=alt.Color(
                "severity:N",
                title=t("risk.hit_severity"),
                scale=alt.Scale(domain=names, range=list(SEVERITY_COLORS.values())),
            ),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip("rule:N", title=t("flags.rule")),
                alt.Tooltip("title:N", title=t("flags.rule_title")),
                alt.Tooltip("severity:N", title=t("risk.hit_severity")),
                alt.Tooltip("n:Q", title=t("common.count")),
            ],
        )  # fmt: skip
        .properties(height=260)
    )
    st.altair_chart(chart, width="stretch")


def _leaders(rows: list[RiskRow], key: str) -> None:
    frame = pd.DataFrame(
        [{t("risk.rank"): r.rank, t("risk.name"): links.labelled("person", r.name, id=r.person_id),
          t("risk.score"): round(r.score, 2), t("risk.power"): None if r.power is None else round(r.power, 3),
          t("risk.power_rank"): r.power_rank, t("risk.rules"): len(r.flags)} for r in rows]
    )  # fmt: skip
    if frame.empty:
        st.caption(t("common.none"))
        return
    st.dataframe(frame, hide_index=True, key=key, on_select="rerun", selection_mode="single-row",
                 column_config={t("risk.name"): links.link_column(t("risk.name"))})  # fmt: skip
    picked = st.session_state.get(key, {}).get("selection", {}).get("rows", [])
    if picked and picked[0] < len(rows):
        links.go("person", id=rows[picked[0]].person_id)


def _units(flags: list[Flag], as_of: dt.date, gen: str) -> None:
    left, right = st.columns(2)
    with left:
        st.subheader(t("dash.units_flags"))
        counts: dict[str, list[Any]] = {}  # unit id -> [name, number of flags]
        for f in flags:
            if f.subject_kind == "unit":
                counts.setdefault(f.subject_id, [f.subject_name, 0])[1] += 1
        top = sorted(counts.items(), key=lambda kv: (-kv[1][1], kv[0]))[:TOP]
        frame = pd.DataFrame(
            [{t("explore.unit"): links.labelled("unit", name, id=uid), t("common.count"): n}
             for uid, (name, n) in top]
        )  # fmt: skip
        if frame.empty:
            st.caption(t("common.none"))
        else:
            st.dataframe(frame, hide_index=True,
                         column_config={t("explore.unit"): links.link_column(t("explore.unit"))})  # fmt: skip
    with right:
        st.subheader(t("dash.units_problems"))
        rows = cached.open_problems(as_of, gen)
        frame = pd.DataFrame(
            [{t("explore.unit"): links.labelled("unit", r["name"], id=r["unit_id"]),
              t("dash.open_problems"): r["open_problems"]} for r in rows]
        )  # fmt: skip
        if frame.empty:
            st.caption(t("common.none"))
        else:
            st.dataframe(frame, hide_index=True,
                         column_config={t("explore.unit"): links.link_column(t("explore.unit"))})  # fmt: skip


def _trends(as_of: dt.date, gen: str) -> None:
    rows = cached.trends(as_of, gen)
    if not rows:
        st.caption(t("common.none"))
        return
    frame = pd.DataFrame(rows)
    frame["series"] = frame["series"].map(lambda s: t(f"dash.series.{s}"))
    frame["month"] = pd.to_datetime(frame["month"])

    def chart(data: pd.DataFrame, mark: str) -> alt.Chart:
        base = alt.Chart(data)
        base = base.mark_line(point=True) if mark == "line" else base.mark_bar()
        return base.encode(
            x=alt.X("month:T", title=None, axis=alt.Axis(format="%Y-%m")),
            y=alt.Y("n:Q", title=t("common.count")),
            color=alt.Color("series:N", title=None),
            tooltip=[alt.Tooltip("month:T", format="%Y-%m", title=t("dash.month")),
                     alt.Tooltip("series:N", title=t("explore.kind")),
                     alt.Tooltip("n:Q", title=t("common.count"))],
        ).properties(height=240)  # fmt: skip

    contracts = frame["series"] == t("dash.series.contracts")
    left, right = st.columns(2)
    left.altair_chart(chart(frame[~contracts], "line"), width="stretch")
    right.altair_chart(chart(frame[contracts], "bar"), width="stretch")


def render() -> None:
    links.arrive("overview")
    st.title(t("overview.title"))
    st.caption(t("overview.intro"))
    _status()
    as_of = links.as_of()
    db = get_db()
    if reads.graph_is_empty(db):
        st.info(t("overview.empty"))
        return
    gen = cached.generation()
    with st.spinner(t("flags.running")):
        flags = cached.flags(as_of, gen)
        risk = cached.risk(as_of, gen)
    counts = {s: sum(1 for f in flags if f.severity == s) for s in ("high", "medium", "low")}
    cols = st.columns(5)
    cols[0].metric(t("dash.flags"), f"{len(flags):,}")
    for i, severity in enumerate(("high", "medium", "low"), start=1):
        cols[i].metric(t(f"dash.flags_{severity}"), f"{counts[severity]:,}")
    cols[4].metric(t("dash.leaders_flagged"), f"{sum(1 for r in risk if r.flag_points > 0):,}")
    with cols[0]:
        links.link("flags", t("dash.all_flags"))

    st.subheader(t("dash.by_rule"))
    _flags_chart(flags)

    left, right = st.columns(2)
    with left:
        st.subheader(t("dash.top_risk", n=TOP))
        _leaders(risk[:TOP], "dash_risk")
    with right:
        st.subheader(t("dash.top_power", n=TOP))
        powerful = sorted((r for r in risk if r.power is not None), key=lambda r: -(r.power or 0))
        _leaders(powerful[:TOP], "dash_power")
    _units(flags, as_of, gen)

    st.subheader(t("dash.trends"))
    _trends(as_of, gen)

    st.subheader(t("overview.figures"))
    figures = cached.figures(gen)
    cols = st.columns(5)
    for i, (name, value) in enumerate(figures.items()):
        label = name if lang() == "zh" else FIGURES[name]
        cols[i % 5].metric(label, f"{value:,}")

    st.subheader(t("dash.freshness"))
    table(
        reads.freshness(db),
        {"registry": "data.registry", "last_loaded": "dash.last_loaded", "files": "dash.files",
         "rows": "data.rows"},
        codes={"registry": "registry"},
    )  # fmt: skip
