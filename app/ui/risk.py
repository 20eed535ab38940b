"""权力与风险 Power & risk: leaders ranked by composite risk (the analytics' risk report over
the rules' flags and the power index), and the network of the top leaders."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from app import audit, reads
from app.ui import links, viz
from app.ui.shell import lang, t, table
from graph.analytics.power import component_label
from graph.db import get_db
from queries.risk import RiskRow, flat_record, risk_report

RESULT_KEY = "risk_result"
COLUMNS = {
    "rank": "risk.rank",
    "name": "risk.name",
    "person_id": "risk.person_id",
    "score": "risk.score",
    "power": "risk.power",
    "power_rank": "risk.power_rank",
    "flag_points": "risk.flag_points",
    "rules": "risk.rules",
    "explanation": "risk.explanation",
}


def compute(as_of: dt.date) -> tuple[list[RiskRow], bool]:
    rows, recomputed = risk_report(get_db(), as_of)
    audit.record(
        "run_risk", target="risk", detail={"as_of": as_of.isoformat(), "leaders": len(rows)}
    )
    return rows, recomputed


def risk_frame(rows: list[RiskRow]) -> pd.DataFrame:
    records = [flat_record(row, lang()) for row in rows]
    frame = pd.DataFrame(records, columns=list(COLUMNS))
    frame["score"] = frame["score"].round(2)
    frame["power"] = frame["power"].astype(float).round(3)
    frame.columns = [t(key) for key in COLUMNS.values()]
    return frame


def _network(rows: list[RiskRow], top: int, as_of: dt.date) -> None:
    leaders = rows[:top]
    nodes, relationships = reads.leader_network(get_db(), [r.person_id for r in leaders], as_of)
    by_pid = {n["properties"].get("pid"): n["id"] for n in nodes if "Person" in n["labels"]}
    best = max((r.score for r in leaders), default=1.0) or 1.0
    sizes = {
        by_pid[r.person_id]: 14 + 26 * r.score / best for r in leaders if r.person_id in by_pid
    }
    viz.show(nodes, relationships, key="risk_network", sizes=sizes)


def _detail(row: RiskRow) -> None:
    st.markdown(f"**{row.rank}. {row.name}** ({row.person_id}) · {t('risk.score')} {row.score:.2f}")
    st.write(row.explained(lang()))
    if row.power_components:
        st.caption(
            t(
                "risk.components",
                parts=("、" if lang() == "zh" else ", ").join(
                    component_label(c, lang()) for c in row.power_components
                ),
            )
        )
    hits = [hit.to_dict() for hit in row.flags]
    for hit in hits:
        hit["summaries"] = "；".join(hit["summaries"])
    table(
        hits,
        {
            "rule": "risk.hit_rule",
            "severity": "risk.hit_severity",
            "count": "risk.hit_count",
            "via": "risk.hit_via",
            "points": "risk.hit_points",
            "summaries": "risk.hit_summaries",
        },
        codes={"via": "via", "severity": "severity"},
    )


def render() -> None:
    links.arrive("risk")
    st.title(t("risk.title"))
    st.caption(t("risk.intro"))
    as_of = links.as_of()
    top = st.slider(t("risk.top"), min_value=3, max_value=50, value=15, key="risk_top")
    if st.button(t("risk.run"), type="primary", key="risk_run"):
        with st.spinner(t("risk.running")):
            rows, recomputed = compute(as_of)
        st.session_state[RESULT_KEY] = {"as_of": as_of, "rows": rows, "recomputed": recomputed}
    result = st.session_state.get(RESULT_KEY)
    if not result:
        st.info(t("risk.hint"))
        return
    rows = result["rows"]
    if result["recomputed"]:
        st.info(t("risk.recomputed"))
    if not rows:
        st.warning(t("risk.no_leaders"))
        return
    frame = risk_frame(rows)
    name = t("risk.name")
    frame[name] = [links.labelled("person", r.name, id=r.person_id) for r in rows]
    st.dataframe(frame, hide_index=True, height=360,
                 column_config={name: links.link_column(name)})  # fmt: skip
    st.subheader(t("risk.network", n=min(top, len(rows))))
    _network(rows, top, result["as_of"])
    st.subheader(t("risk.detail"))
    index = st.selectbox(
        t("risk.choose"),
        options=range(min(top, len(rows))),
        format_func=lambda i: f"{rows[i].rank}. {rows[i].name} · {rows[i].score:.2f}",
        key="risk_choice",
    )
    if index is not None:
        _detail(rows[index])
