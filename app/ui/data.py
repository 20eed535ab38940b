"""数据 Data & model: the graph model (docs/model.md), the loaded files, the possible matches
awaiting an investigator's decision, and the audit log."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from app import audit, reads
from app.ui.shell import t, table
from graph.db import get_db
from loaders import identity

MODEL_DOC = Path(__file__).resolve().parents[2] / "docs" / "model.md"
MATCHES_SHOWN = 100
AUDIT_SHOWN = 200


def _decide(match_id: str, status: str) -> None:
    identity.decide(get_db(), match_id, status, by=audit.current_user())
    audit.record("decide_match", target=match_id, detail={"status": status})


def _matches() -> None:
    db = get_db()
    pending = identity.list_matches(db, "pending", limit=MATCHES_SHOWN)
    st.markdown(t("data.pending", n=len(pending)))
    for match in pending:
        cols = st.columns([5, 1, 1])
        companies = "、".join(match.get("companies") or [])
        cols[0].markdown(
            f"**{match['from_name']}** ({match['from_origin'] or ''}, {match['from_pid']}) ≟ "
            f"**{match['to_name']}** ({match['to_pid']}) · {companies} · "
            f"{t('data.confidence')} {match['confidence']:.2f}"
        )
        if cols[1].button(t("data.confirm"), key=f"confirm-{match['match_id']}"):
            _decide(match["match_id"], "confirmed")
            st.rerun()
        if cols[2].button(t("data.reject"), key=f"reject-{match['match_id']}"):
            _decide(match["match_id"], "rejected")
            st.rerun()
    decided = [m for m in identity.list_matches(db, None, limit=1000) if m["status"] != "pending"]
    if decided:
        st.markdown(f"**{t('data.decided')}**")
        table(
            [reads.plain(m) for m in decided],
            {
                "from_name": "data.from",
                "to_name": "data.to",
                "status": "data.status",
                "decided_by": "data.decided_by",
                "decided_at": "data.decided_at",
            },
        )


def render() -> None:
    st.title(t("data.title"))
    tabs = st.tabs([t("data.model"), t("data.sources"), t("data.matches"), t("data.audit")])
    with tabs[0]:
        if MODEL_DOC.exists():
            st.markdown(MODEL_DOC.read_text(encoding="utf-8"))
        else:
            st.caption(t("data.no_model"))
    with tabs[1]:
        table(
            reads.sources(get_db(), limit=1000),
            {
                "name": "data.file",
                "registry": "data.registry",
                "rows": "data.rows",
                "loaded_at": "data.loaded_at",
                "sha256": "data.sha256",
            },
        )
    with tabs[2]:
        _matches()
    with tabs[3]:
        entries = audit.read_entries(AUDIT_SHOWN)
        st.caption(t("data.audit_path", path=str(audit.log_path())))
        if entries:
            frame = pd.DataFrame(entries)[["at", "user", "via", "action", "target"]]
            st.dataframe(frame, hide_index=True)
        else:
            st.caption(t("common.none"))
