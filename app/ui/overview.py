"""总览 Overview: is the database up, what does the graph hold, the overview figures, the
last loads."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from app import reads
from app.ui.shell import counts_table, lang, t, table
from graph import server
from graph.db import get_db
from graph.settings import connection_settings
from queries.stats import FIGURES, overview

SOURCES_SHOWN = 10


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


def render() -> None:
    st.title(t("overview.title"))
    st.caption(t("overview.intro"))
    _status()
    db = get_db()
    nodes = reads.node_counts(db)
    rels = reads.relationship_counts(db)
    cols = st.columns(5)
    cols[0].metric(t("overview.nodes"), f"{sum(nodes.values()):,}")
    cols[1].metric(t("overview.relationships"), f"{sum(rels.values()):,}")
    cols[2].metric(t("label.Person"), f"{nodes.get('Person', 0):,}")
    cols[3].metric(t("label.Unit"), f"{nodes.get('Unit', 0):,}")
    cols[4].metric(t("label.Company"), f"{nodes.get('Company', 0):,}")
    if not sum(nodes.values()):
        st.info(t("overview.empty"))

    st.subheader(t("overview.figures"))
    figures = overview(db)
    cols = st.columns(5)
    for i, (name, value) in enumerate(figures.items()):
        label = name if lang() == "zh" else FIGURES[name]
        cols[i % 5].metric(label, f"{value:,}")

    left, right = st.columns(2)
    with left:
        st.subheader(t("overview.by_label"))
        counts_table(nodes, "label", "overview.label")
    with right:
        st.subheader(t("overview.by_type"))
        counts_table(rels, "rel", "overview.type")

    st.subheader(t("overview.last_loads"))
    table(
        reads.sources(db, SOURCES_SHOWN),
        {
            "name": "data.file",
            "registry": "data.registry",
            "rows": "data.rows",
            "loaded_at": "data.loaded_at",
            "source_id": "data.source_id",
        },
    )
