"""查询 Ad-hoc Cypher: the investigator's own query, vetted by the guard (app/adhoc.py), then
run in a READ transaction with a timeout and a row limit; every run is recorded in the audit
log. Who may open this page is decided by the app's roles (analysts and admins)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app import audit
from app.adhoc import DEFAULT_LIMIT, MAX_LIMIT, TIMEOUT_SECONDS, parse_params, run_adhoc
from app.ui.shell import t
from graph.db import get_db

EXAMPLE = "MATCH (u:Unit)<-[h:HOLDS_POST {role: $role}]-(p:Person)\nRETURN u.name AS unit, p.name AS person, h.title AS title\nLIMIT 25"
EXAMPLE_PARAMS = '{"role": "一把手"}'


def render() -> None:
    st.title(t("query.title"))
    st.caption(t("query.intro"))
    st.caption(t("adhoc.guard", seconds=int(TIMEOUT_SECONDS)))
    text = st.text_area(t("query.cypher"), value=EXAMPLE, height=160, key="query_text")
    left, right = st.columns([3, 1])
    params_text = left.text_input(t("query.params"), value=EXAMPLE_PARAMS, key="query_params")
    limit = right.number_input(
        t("query.limit"), min_value=1, max_value=MAX_LIMIT, value=DEFAULT_LIMIT, key="query_limit"
    )
    if not st.button(t("query.run"), type="primary", key="query_run"):
        return
    params = parse_params(params_text)
    entry = audit.record("adhoc_query", target=text, detail={"params": params, "limit": int(limit)})
    result = run_adhoc(get_db(), text, params, int(limit))
    st.caption(t("query.audited", user=entry["user"]))
    if result.truncated:
        st.warning(t("query.truncated", n=len(result.rows)))
    for note in result.notes:
        st.info(t("adhoc.notes", notes=note))
    st.markdown(t("query.rows", n=len(result.rows)))
    # no table for no rows: an empty one says "empty" in English
    if result.rows:
        st.dataframe(pd.DataFrame(result.rows, columns=result.columns), hide_index=True)
