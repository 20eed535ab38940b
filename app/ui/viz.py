"""Draw nodes and relationships (evidence_graph's shape) with neo4j-viz inside Streamlit."""

from __future__ import annotations

from typing import Any, TypedDict

import streamlit as st
from neo4j_viz import Node, Relationship, VisualizationGraph
from neo4j_viz.streamlit import display_widget

from app.i18n import translate
from app.ui.shell import lang, t
from model.vocab import DEFAULT_COLOR, primary_label
from model.vocab import LABEL_COLORS as COLORS

ENDED_COLOR = "#D0D0D0"  # an ended relationship: drawn as history, faint


class _Faint(TypedDict, total=False):
    """The Relationship arguments of an ended relationship (absent for a current one:
    neo4j_viz refuses color=None)."""

    color: str
    width: int


# Radii large enough for a Chinese caption (caption_size 3) to be read at the default zoom.
NODE_SIZE = {"Person": 32, "Unit": 30, "Company": 30}


def _text(value: Any) -> str:
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return "" if value is None else str(value)


def _short(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _text(value)


def ended_on(rel: dict[str, Any], as_of: str | None) -> str | None:
    """The date a relationship ended, when it had ended by `as_of` (any end when no date is
    given); a registry's end date or the snapshot that no longer stated it (docs/snapshots.md)."""
    props = rel.get("properties") or {}
    end = _text(props.get("end_date"))[:10]
    if not end:
        return None
    return end if as_of is None or end <= as_of else None


def rel_caption(rel: dict[str, Any], as_of: str | None = None) -> str:
    """The relationship's type in the reader's words, with what dates or measures it:
    `持股 35% · 2019-03-01`, `任职 2018-06-01—`; an ended one says so (`已终止 2026-03-31`)."""
    props = rel.get("properties") or {}
    parts = [translate(f"rel.{rel['type']}", lang())]
    if props.get("pct") is not None:
        parts.append(f"{_short(props['pct'])}%")
    if props.get("relation"):
        parts.append(_text(props["relation"]))
    start = props.get("start_date") or props.get("since")
    if start:
        end = props.get("end_date")
        parts.append(f"{_text(start)[:10]}—{_text(end)[:10] if end else ''}")
    if props.get("amount") is not None:
        parts.append(f"¥{_short(props['amount'])}")
    end = ended_on(rel, as_of)
    if end:
        parts.append(translate("ex.ended", lang(), date=end))
    return " · ".join(parts)


def node_caption(node: dict[str, Any], label: str) -> str:
    """A node's name; an event's kind and date; a contract's title, amount and date."""
    props = node.get("properties") or {}
    caption = _text(node.get("caption")) or translate(f"label.{label}", lang())
    day = next(
        (props[k] for k in ("signed_date", "date", "received_date", "decided_date", "found_date")
         if props.get(k)),
        None,
    )  # fmt: skip
    if label == "Contract" and props.get("amount") is not None:
        caption = f"{caption} · ¥{_short(props['amount'])}"
    if day and label not in ("Person", "Unit", "Company"):
        caption = f"{caption} · {_text(day)[:10]}"
    return caption


def legend(labels: list[str]) -> None:
    """The kinds drawn, each in its colour (our own constants only, so HTML is safe here)."""
    chips = "".join(
        f'<span style="display:inline-block;margin:0 10px 4px 0;"><span style="display:'
        f"inline-block;width:12px;height:12px;border-radius:6px;background:"
        f'{COLORS.get(label, DEFAULT_COLOR)};margin-right:4px;vertical-align:middle;"></span>'
        f"{translate(f'label.{label}', lang())}</span>"
        for label in labels
    )
    st.markdown(f"<div>{chips}</div>", unsafe_allow_html=True)


def prop_name(key: str) -> str:
    """A stored property's name in the reader's language (the key itself when unknown)."""
    text = translate(f"prop.{key}", lang())
    return key if text == f"prop.{key}" else text


def build(
    nodes: list[dict[str, Any]],
    relationships: list[dict[str, Any]],
    sizes: dict[str, float] | None = None,
    highlight: set[str] | None = None,
    as_of: str | None = None,
) -> VisualizationGraph:
    """A VisualizationGraph: nodes coloured by label, captioned by name; relationships by
    their type in the reader's language, those ended by `as_of` faint and captioned as
    history. `sizes` maps node id -> radius."""
    sizes = sizes or {}
    highlight = highlight or set()
    vnodes = []
    for node in nodes:
        label = primary_label(node.get("labels", []))
        props = {prop_name(k): _text(v) for k, v in (node.get("properties") or {}).items()}
        props[translate("common.kind", lang())] = translate(f"label.{label}", lang())
        vnodes.append(
            Node(
                id=node["id"],
                caption=node_caption(node, label),
                caption_size=3,
                color=COLORS.get(label, DEFAULT_COLOR),
                size=sizes.get(
                    node["id"], 40 if node["id"] in highlight else NODE_SIZE.get(label, 24)
                ),
                properties=props,
            )
        )
    vrels = [
        Relationship(
            id=rel["id"],
            source=rel["start"],
            target=rel["end"],
            caption=rel_caption(rel, as_of),
            caption_size=2.5,
            **(_Faint(color=ENDED_COLOR, width=1) if ended_on(rel, as_of) else _Faint()),
            properties={prop_name(k): _text(v) for k, v in (rel.get("properties") or {}).items()},
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
    zoom: float | None = None,
    as_of: str | None = None,
) -> set[str]:
    """Draw the graph; the ids of the nodes the reader has selected in it (synced back by
    neo4j-viz on the rerun after a click)."""
    if not nodes:
        st.caption(t("common.no_graph"))
        return set()
    graph = build(nodes, relationships, sizes, highlight, as_of)
    widget = graph.render_widget(height=f"{height}px", theme="light", initial_zoom=zoom)
    legend(sorted({primary_label(n.get("labels", [])) for n in nodes} - {""}))
    display_widget(widget, key=key)
    known = {node["id"] for node in nodes}
    return {node_id for node_id in widget.selected.nodeIds if node_id in known}
