"""数据 Data & model: the graph model (docs/model.zh.md in Chinese, docs/model.md in English), the loaded files, the possible matches
awaiting an investigator's decision."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from app import audit, reads
from app.ui.shell import counts_table, lang, t, table
from app.ui.text import local_minutes
from graph.db import get_db
from loaders import identity

DOCS = Path(__file__).resolve().parents[2] / "docs"
MODEL_DOC = DOCS / "model.md"
MODEL_DOC_ZH = DOCS / "model.zh.md"
COLUMNS_START, COLUMNS_END = "<!-- columns:start", "<!-- columns:end -->"


def model_text(language: str) -> str | None:
    """The model page in `language`: in Chinese, docs/model.zh.md followed by the registry
    column table generated into docs/model.md (Chinese-first already, so kept once)."""
    if not MODEL_DOC.exists():
        return None
    english = MODEL_DOC.read_text(encoding="utf-8")
    if language != "zh" or not MODEL_DOC_ZH.exists():
        return english
    start, end = english.find(COLUMNS_START), english.find(COLUMNS_END)
    columns = english[start:end] if 0 <= start < end else ""
    return MODEL_DOC_ZH.read_text(encoding="utf-8") + "\n" + columns


MATCHES_SHOWN = 100


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


def _counts() -> None:
    """Counts of nodes and relationships (moved here from the overview)."""
    db = get_db()
    nodes = reads.node_counts(db)
    rels = reads.relationship_counts(db)
    cols = st.columns(2)
    cols[0].metric(t("overview.nodes"), f"{sum(nodes.values()):,}")
    cols[1].metric(t("overview.relationships"), f"{sum(rels.values()):,}")
    left, right = st.columns(2)
    with left:
        st.subheader(t("overview.by_label"))
        counts_table(nodes, "label", "overview.label")
    with right:
        st.subheader(t("overview.by_type"))
        counts_table(rels, "rel", "overview.type")


def render() -> None:
    st.title(t("data.title"))
    # The audit log is the admin's (app/ui/audit.py), not a tab here: data officers open this.
    tabs = st.tabs([t("data.counts"), t("data.model"), t("data.sources"), t("data.matches")])
    with tabs[0]:
        _counts()
    with tabs[1]:
        text = model_text(lang())
        if text is None:
            st.caption(t("data.no_model"))
        else:
            st.markdown(text)
    with tabs[2]:
        sources = reads.sources(get_db(), limit=1000)
        table(
            [{**row, "loaded_at": local_minutes(row.get("loaded_at"))} for row in sources],
            {
                "name": "data.file",
                "registry": "data.registry",
                "rows": "data.rows",
                "loaded_at": "data.loaded_at",
                "sha256": "data.sha256",
            },
        )
    with tabs[3]:
        _matches()
