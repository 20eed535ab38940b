"""单位 One unit, at `/unit?id=<unit_id>`: its place in the hierarchy, the people in post and
in charge (linked to their dossiers), its flags and open problems, its dated records.
Opening it is recorded in the audit log."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app import audit, reads
from app.dossier import held
from app.ui import cached, links
from app.ui.links import esc
from app.ui.person import flags_frame
from app.ui.shell import code, t, table
from graph.db import get_db

AUDITED_KEY = "unit_audited"


def render() -> None:
    links.arrive("unit")
    as_of = links.as_of()
    unit_id = links.param("id")
    if not unit_id:
        st.title(t("label.Unit"))
        from app.ui import explore

        explore.search_box("unit_find", kinds=("unit",))
        return
    db = get_db()
    card = reads.unit(db, unit_id)
    if card is None:
        st.title(t("label.Unit"))
        st.warning(t("links.not_found", what=unit_id))
        return
    unit = card["unit"]
    if st.session_state.get(AUDITED_KEY) != unit_id:
        audit.record("view_unit", target=unit_id, detail={"name": unit.get("name")})
        st.session_state[AUDITED_KEY] = unit_id
    st.title(f"{esc(unit.get('name'))} · {esc(unit_id)}")
    parents = "、".join(esc(p["name"] or p["unit_id"]) for p in card["parents"])
    st.markdown(
        f"**{t('explore.kind')}** {esc(unit.get('kind'))} · **{t('explore.level')}** "
        f"{esc(unit.get('level'))} · **{t('explore.parent')}** {parents} · "
        f"**{t('explore.functions')}** {esc('、'.join(unit.get('functions') or []))}"
    )
    links.link("explore", t("dossier.to_graph"), **{"from": unit_id})
    gen = cached.generation()
    flags = [
        f for f in cached.flags(as_of, gen) if f.subject_kind == "unit" and f.subject_id == unit_id
    ]
    st.subheader(t("unit.flags_n", n=len(flags)))
    if flags:
        st.dataframe(
            flags_frame(flags, show_subject=False),
            hide_index=True,
            column_config={t("dossier.open_flag"): links.link_column(t("dossier.open_flag"))},
        )
    people = [
        {t("explore.name"): links.labelled("person", p.get("name"), id=p.get("pid")),
         t("explore.link"): code("rel", p.get("link")), t("explore.title_"): p.get("title"),
         t("explore.role"): p.get("role"), t("explore.start"): p.get("start_date"),
         t("explore.end"): p.get("end_date"), t("unit.current"): "✓" if held(p, as_of) else ""}
        for p in card["people"]
    ]  # fmt: skip
    st.subheader(t("explore.people"))
    if people:
        frame = pd.DataFrame(people).astype(str).replace({"None": "", "nan": "", "NaT": ""})
        st.dataframe(frame, hide_index=True,
                     column_config={t("explore.name"): links.link_column(t("explore.name"))})  # fmt: skip
    else:
        st.caption(t("common.none"))
    st.subheader(t("explore.children"))
    children = [{t("explore.name"): links.labelled("unit", c.get("name"), id=c.get("unit_id")),
                 t("explore.id"): c.get("unit_id")} for c in card["children"]]  # fmt: skip
    if children:
        st.dataframe(pd.DataFrame(children), hide_index=True,
                     column_config={t("explore.name"): links.link_column(t("explore.name"))})  # fmt: skip
    else:
        st.caption(t("common.none"))
    st.subheader(t("explore.events"))
    table(reads.unit_events(db, unit_id), {"date": "explore.date", "label": "explore.kind",
                                           "what": "explore.what", "amount": "explore.amount",
                                           "id": "explore.id"}, codes={"label": "label"})  # fmt: skip
