"""企业 One company, at `/company?uscc=<USCC>`: its registration, holders (with holdings and
dates), the contracts it supplied (to which units), and the cadres whose relatives hold it."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from app import audit, reads
from app.dossier import ended_by
from app.ui import links
from app.ui.links import esc
from app.ui.shell import code, history_table, status_text, t

AUDITED_KEY = "company_audited"


def _frame(rows: list[dict[str, Any]], link_col: str | None = None) -> None:
    if not rows:
        st.caption(t("common.none"))
        return
    frame = pd.DataFrame(rows).astype(str).replace({"None": "", "nan": ""})
    config = {link_col: links.link_column(link_col)} if link_col else None
    st.dataframe(frame, hide_index=True, column_config=config)


def render() -> None:
    links.arrive("company")
    as_of = links.as_of()
    uscc = links.param("uscc")
    if not uscc:
        st.title(t("label.Company"))
        from app.ui import explore

        explore.search_box("company_find", kinds=("company",))
        return
    from graph.db import get_db

    card = reads.company(get_db(), uscc)
    if card is None:
        st.title(t("label.Company"))
        st.warning(t("links.not_found", what=uscc))
        return
    co = card["company"]
    if st.session_state.get(AUDITED_KEY) != uscc:
        audit.record("view_company", target=uscc, detail={"name": co.get("name")})
        st.session_state[AUDITED_KEY] = uscc
    st.title(f"{esc(co.get('name'))} · {esc(uscc)}")
    facts = [("company.legal_rep", co.get("legal_rep")), ("company.founded", co.get("founded")),
             ("company.capital", co.get("capital")), ("company.type", co.get("company_type")),
             ("company.status", co.get("status")), ("company.industry", co.get("industry")),
             ("company.address", co.get("address")), ("company.scope", co.get("scope"))]  # fmt: skip
    cols = st.columns(4)
    for i, (key, value) in enumerate(facts):
        cols[i % 4].markdown(f"**{t(key)}**  \n{esc(value)}")
    if co.get("in_registry") is False:
        st.caption(t("company.not_in_registry"))
    links.link("explore", t("dossier.to_graph"), **{"from": uscc})
    st.subheader(t("company.cadres"))
    _frame(
        [{t("explore.name"): links.labelled("person", c.get("name"), id=c.get("pid")),
          t("dossier.relative"): c.get("relative"), t("explore.relation"): c.get("relation"),
          t("explore.match"): code("match", c.get("match"))} for c in card["cadres"]],
        t("explore.name"),
    )  # fmt: skip
    st.subheader(t("company.holders"))
    # a holding, a seat or a legal representative that had ended by the date asked for stays
    # listed after the current ones, faint, with its end date (docs/snapshots.md)
    holders = sorted(card["holders"], key=lambda h: ended_by(h, as_of) is not None)
    if not holders:
        st.caption(t("common.none"))
    else:
        history_table(
            pd.DataFrame(
                [{t("explore.name"): h.get("name"), t("explore.link"): code("rel", h.get("link")),
                  t("explore.pct"): h.get("pct"), t("company.since"): h.get("since"),
                  t("dossier.status"): status_text(ended_by(h, as_of)),
                  t("explore.role"): h.get("role"), t("explore.id"): h.get("pid") or h.get("uscc")}
                 for h in holders]
            ),
            [ended_by(h, as_of) is not None for h in holders],
            {},
        )  # fmt: skip
    st.subheader(t("company.contracts"))
    _frame(
        [{t("explore.date"): c.get("signed_date"), t("dossier.contract"): c.get("title"),
          t("explore.amount"): c.get("amount"), t("company.method"): c.get("method"),
          t("explore.unit"): links.labelled("unit", c.get("unit"), id=c.get("unit_id")),
          t("explore.id"): c.get("contract_id")} for c in card["contracts"]],
        t("explore.unit"),
    )  # fmt: skip
