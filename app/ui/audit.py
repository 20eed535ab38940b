"""审计日志 (admin): the audit log read in the app, its chain checked, filtered and
downloadable; and the identity reveal (with a stated reason, itself audited)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from app import audit, auth
from app.ui.shell import lang, t
from graph.db import get_db

SHOWN = 2000
READ_KEY = "audit_read"


def render() -> None:
    audit.require("audit")
    st.title(t("audit.title"))
    st.caption(t("audit.intro", path=str(audit.log_path())))
    verdict = audit.verify()
    if verdict.intact:
        st.success(t("audit.intact", n=verdict.entries, seq=verdict.last_seq))
    else:
        st.error(t("audit.broken", problem=verdict.problem))

    left, middle, right = st.columns(3)
    since = left.date_input(t("audit.since"), value=None, key="audit_since")
    user = middle.text_input(t("audit.user"), key="audit_user").strip() or None
    actions = ["", *audit.ACTIONS]
    action = right.selectbox(
        t("audit.action"),
        actions,
        format_func=lambda a: audit.action_label(a, lang()) if a else t("audit.all"),
        key="audit_action",
    )
    start = dt.datetime.combine(since, dt.time(), tzinfo=dt.UTC) if since else None
    chosen = audit.select(audit.read_entries(), start, user, action or None)
    filters = (str(since), user, action)
    if st.session_state.get(READ_KEY) != filters:  # a rerun is not a second reading
        st.session_state[READ_KEY] = filters
        audit.record(
            "view_audit",
            detail={"since": str(since) if since else None, "user": user, "action": action},
        )
    st.markdown(t("audit.count", n=len(chosen)))
    rows = audit.as_rows(chosen[:SHOWN], lang())
    frame = pd.DataFrame(rows, columns=list(audit.EXPORT_COLUMNS)).astype(str)
    st.dataframe(frame, hide_index=True)
    st.download_button(
        t("audit.download"),
        data=audit.to_csv(reversed(chosen), lang()).encode("utf-8-sig"),
        file_name="audit.csv",
        mime="text/csv",
        key="audit_download",
    )
    reveal()


def reveal() -> None:
    """An admin looks up a person's clear 身份证号 with a reason; the look is audited."""
    audit.require("identity_reveal")
    st.subheader(t("audit.reveal"))
    st.caption(t("audit.reveal_intro"))
    with st.form("audit_reveal_form"):
        pid = st.text_input(t("audit.reveal_pid"), key="audit_reveal_pid")
        reason = st.text_area(t("audit.reveal_reason"), key="audit_reveal_reason", height=80)
        asked = st.form_submit_button(t("audit.reveal_run"))
    if not asked:
        return
    found = auth.reveal_identity(get_db(), pid.strip(), reason)
    if found["recoverable"]:
        st.text(f"{found['name']} · {found['id_number']}")
    else:
        st.warning(t("audit.reveal_none", masked=found["id_masked"] or "-"))
