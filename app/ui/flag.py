"""一条线索 One flag, at `/flag?id=<flag id>`: its summary, policy basis, evidence graph and
the registry rows behind each node; links to its subject and to the graph explorer."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app.ui import cached, links, viz
from app.ui.flags import _audit_evidence, provenance_rows, rule_basis, rule_title
from app.ui.links import esc
from app.ui.shell import lang, t
from graph.db import get_db
from queries.catalogue import CATALOGUE
from queries.runner import evidence_graph


def render() -> None:
    links.arrive("flag")
    as_of = links.as_of()
    wanted = links.param("id")
    st.title(t("flag.title"))
    if not wanted:
        st.info(t("flag.hint"))
        links.link("flags", t("nav.flags"))
        return
    gen = cached.generation()
    with st.spinner(t("flags.running")):
        flag = cached.find_flag(as_of, gen, wanted)
    if flag is None:
        st.warning(t("flag.not_found", id=wanted, as_of=as_of.isoformat()))
        links.link("flags", t("nav.flags"))
        return
    _audit_evidence(flag)
    rule = CATALOGUE[flag.rule]
    st.subheader(f"{flag.rule} {esc(rule_title(flag.rule))} · {t(f'severity.{flag.severity}')}")
    summary = flag.summary if lang() == "zh" else (flag.summary_en or flag.summary)
    st.text(summary)
    st.caption(t("flags.basis", basis=rule_basis(rule.id)))
    cols = st.columns(3)
    with cols[0]:
        if flag.subject_kind == "person":
            links.link(
                "person", t("flag.subject_person", name=flag.subject_name), id=flag.subject_id
            )
        else:
            links.link("unit", t("flag.subject_unit", name=flag.subject_name), id=flag.subject_id)
    with cols[1]:
        links.link("explore", t("flag.explore"), **{"from": flag.subject_id})
    with cols[2]:
        links.link("flags", t("flag.same_rule"), rule=flag.rule)
    nodes, relationships = evidence_graph(get_db(), flag)
    subject = next((n["id"] for n in nodes if n.get("key") == flag.subject_id), None)
    st.subheader(t("flags.evidence"))
    selected = viz.show(
        nodes, relationships, key="flag_evidence", highlight={subject} if subject else None
    )
    if selected:
        keys = [n.get("key") for n in nodes if n["id"] in selected and n.get("key")]
        if keys:
            links.link("explore", t("flag.expand_selected"), **{"from": keys[0]})
    st.markdown(f"**{t('flags.sources')}**")
    if selected:
        st.caption(t("flags.selected", n=len(selected)))
    shown = [n for n in nodes if n["id"] in selected] or nodes
    st.dataframe(pd.DataFrame(provenance_rows(shown)), hide_index=True)
