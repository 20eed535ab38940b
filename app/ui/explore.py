"""人员/单位 Explore: find a person or a unit by name; their posts, duties, relatives
(身份证号 masked only), companies and events; their neighbourhood as a graph. Viewing one is
recorded in the audit log."""

from __future__ import annotations

from typing import Any

import streamlit as st

from app import audit, reads
from app.ui import viz
from app.ui.shell import code, t, table
from app.ui.topics import topic_labels
from graph.db import get_db

AUDITED_KEY = "explore_audited"


def _audit_view(hit: dict[str, Any]) -> None:
    """One entry per person or unit opened (not one per rerun of the page)."""
    target = f"{hit['kind']}:{hit['id']}"
    if st.session_state.get(AUDITED_KEY) == target:
        return
    action = "view_person" if hit["kind"] == "person" else "view_unit"
    audit.record(action, target=hit["id"], detail={"name": hit["name"]})
    st.session_state[AUDITED_KEY] = target


def _person(pid: str) -> str | None:
    db = get_db()
    card = reads.person(db, pid)
    if card is None:
        st.warning(t("explore.gone"))
        return None
    person = card["person"]
    st.subheader(f"{person.get('name')} · {pid}")
    cols = st.columns(4)
    facts = [
        ("explore.gender", person.get("gender")),
        ("explore.birth_date", person.get("birth_date")),
        ("explore.id_masked", person.get("id_masked")),
        ("explore.party", person.get("party")),
        ("explore.rank", person.get("rank")),
        ("explore.native_place", person.get("native_place")),
        ("explore.origin", code("origin", person.get("origin"))),
        (
            "risk.power",
            None if person.get("power_index") is None else f"{person['power_index']:.3f}",
        ),
    ]
    for i, (key, value) in enumerate(facts):
        cols[i % 4].markdown(f"**{t(key)}**  \n{'' if value is None else value}")
    if person.get("id_invalid"):
        st.warning(t("explore.id_invalid"))
    tabs = st.tabs(
        [t("explore.posts"), t("explore.duties"), t("explore.relatives"), t("explore.companies"),
         t("explore.events")]
    )  # fmt: skip
    with tabs[0]:
        table(card["posts"], {"unit": "explore.unit", "title": "explore.title_", "role": "explore.role",
                              "start_date": "explore.start", "end_date": "explore.end"})  # fmt: skip
    with tabs[1]:
        table(card["duties"], {"unit": "explore.unit", "functions": "explore.functions",
                               "start_date": "explore.start", "end_date": "explore.end"})  # fmt: skip
    with tabs[2]:
        table(card["relatives"], {"name": "explore.name", "relation": "explore.relation",
                                  "direction": "explore.direction", "id_masked": "explore.id_masked",
                                  "employer": "explore.employer", "job": "explore.job"},
              codes={"direction": "direction"})  # fmt: skip
    with tabs[3]:
        companies = [{**c, "topics": topic_labels(c.get("topics"))} for c in card["companies"]]
        table(companies, {"company": "explore.company", "uscc": "explore.uscc",
                          "topics": "ftm.topics", "link": "explore.link",
                          "holder": "explore.holder", "through": "explore.through",
                          "match": "explore.match", "pct": "explore.pct"},
              codes={"link": "rel", "match": "match"})  # fmt: skip
    with tabs[4]:
        table(reads.person_events(db, pid), {"date": "explore.date", "label": "explore.kind",
                                             "what": "explore.what", "role": "explore.role",
                                             "id": "explore.id"},
              codes={"label": "label", "role": "role"})  # fmt: skip
    return card["element_id"]


def _unit(unit_id: str) -> str | None:
    db = get_db()
    card = reads.unit(db, unit_id)
    if card is None:
        st.warning(t("explore.gone"))
        return None
    unit = card["unit"]
    st.subheader(f"{unit.get('name')} · {unit_id}")
    parents = "、".join(p["name"] or p["unit_id"] for p in card["parents"])
    functions = "、".join(unit.get("functions") or [])
    st.markdown(
        f"**{t('explore.kind')}** {unit.get('kind') or ''} · **{t('explore.level')}** "
        f"{unit.get('level') or ''} · **{t('explore.parent')}** {parents} · "
        f"**{t('explore.functions')}** {functions}"
    )
    tabs = st.tabs([t("explore.people"), t("explore.children"), t("explore.events")])
    with tabs[0]:
        table(card["people"], {"name": "explore.name", "link": "explore.link", "title": "explore.title_",
                               "role": "explore.role", "start_date": "explore.start",
                               "end_date": "explore.end"}, codes={"link": "rel"})  # fmt: skip
    with tabs[1]:
        table(card["children"], {"name": "explore.name", "unit_id": "explore.id"})
    with tabs[2]:
        table(reads.unit_events(db, unit_id), {"date": "explore.date", "label": "explore.kind",
                                               "what": "explore.what", "amount": "explore.amount",
                                               "id": "explore.id"}, codes={"label": "label"})  # fmt: skip
    return card["element_id"]


def render() -> None:
    st.title(t("explore.title"))
    text = st.text_input(
        t("explore.search"), key="explore_text", placeholder=t("explore.placeholder")
    )
    if not text.strip():
        st.info(t("explore.hint"))
        return
    hits = reads.search(get_db(), text)
    if not hits:
        st.warning(t("explore.no_hits", text=text))
        return
    kinds = {"person": t("label.Person"), "unit": t("label.Unit")}
    index = st.selectbox(
        t("explore.results", n=len(hits)),
        options=range(len(hits)),
        format_func=lambda i: (
            f"{kinds[hits[i]['kind']]} · {hits[i]['name']} · "
            f"{hits[i]['detail'] or ''} · {hits[i]['id']}"
        ),
        key="explore_choice",
    )
    if index is None:
        return
    hit = hits[index]
    _audit_view(hit)
    element_id = _person(hit["id"]) if hit["kind"] == "person" else _unit(hit["id"])
    if element_id is None:
        return
    st.subheader(t("explore.neighbourhood"))
    nodes, relationships = reads.neighbourhood(get_db(), element_id)
    viz.show(nodes, relationships, key="explore_graph", highlight={element_id})
