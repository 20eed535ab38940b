"""Draw nodes and relationships (evidence_graph's shape) with neo4j-viz inside Streamlit."""

from __future__ import annotations

from typing import Any

import streamlit as st
from neo4j_viz import Node, Relationship, VisualizationGraph
from neo4j_viz.streamlit import display_widget

from app.i18n import translate
from app.ui.shell import lang, t

COLORS = {
    "Person": "#4C8EDA",
    "Unit": "#F79767",
    "Company": "#57C7E3",
    "Contract": "#D9C8AE",
    "Appointment": "#8DCC93",
    "Complaint": "#ECB5C9",
    "SupervisionEvent": "#C990C0",
    "Problem": "#F16667",
    "Sanction": "#DA7194",
    "Intervention": "#FFC454",
    "Decision": "#569480",
    "Task": "#A5ABB6",
    "Source": "#DDDDDD",
}
DEFAULT_COLOR = "#A5ABB6"


def primary_label(labels: list[str]) -> str:
    return next((label for label in labels if label in COLORS), labels[0] if labels else "")


def _text(value: Any) -> str:
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return "" if value is None else str(value)


def build(
    nodes: list[dict[str, Any]],
    relationships: list[dict[str, Any]],
    sizes: dict[str, float] | None = None,
    highlight: set[str] | None = None,
) -> VisualizationGraph:
    """A VisualizationGraph: nodes coloured by label, captioned by name; relationships by
    their type in the reader's language. `sizes` maps node id -> radius."""
    sizes = sizes or {}
    highlight = highlight or set()
    vnodes = []
    for node in nodes:
        label = primary_label(node.get("labels", []))
        props = {k: _text(v) for k, v in (node.get("properties") or {}).items()}
        props["类型 label"] = translate(f"label.{label}", lang())
        vnodes.append(
            Node(
                id=node["id"],
                caption=_text(node.get("caption")) or label,
                color=COLORS.get(label, DEFAULT_COLOR),
                size=sizes.get(node["id"], 28 if node["id"] in highlight else 18),
                properties=props,
            )
        )
    vrels = [
        Relationship(
            id=rel["id"],
            source=rel["start"],
            target=rel["end"],
            caption=translate(f"rel.{rel['type']}", lang()),
            properties={k: _text(v) for k, v in (rel.get("properties") or {}).items()},
        )
        for rel in relationships
    ]
    return VisualizationGraph(nodes=vnodes, relationships=vrels)


def show(
    nodes: list[dict[str, Any]],
    relationships: list[dict[str, Any]],
    key: str,
    sizes: dict[str, float] | None = None,
    highlight: set[str] | None = None,
    height: int = 520,
) -> set[str]:
    """Draw the graph; the ids of the nodes the reader has selected in it (synced back by
    neo4j-viz on the rerun after a click)."""
    if not nodes:
        st.caption(t("common.no_graph"))
        return set()
    graph = build(nodes, relationships, sizes, highlight)
    widget = graph.render_widget(height=f"{height}px", theme="light")
    display_widget(widget, key=key)
    known = {node["id"] for node in nodes}
    return {node_id for node_id in widget.selected.nodeIds if node_id in known}
