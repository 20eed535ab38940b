"""关系图谱 The graph explorer, at `/explore?from=<id>` and `/explore?from=<id>&to=<id>`.

Start from any person, unit or company (found by name, pid, unit_id or USCC); select a node
and expand its neighbours, again and again; follow only some relationship types, within a
time window (by default what held at the as-of date); tasks and other high-degree kinds
folded into one counted node until unfolded; the shortest paths to a second entity, as
sentences and drawn. The drawing is bounded (MAX_NODES) and says when it was cut.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import streamlit as st

from app import audit, reads
from app.ui import cached, links, viz
from app.ui.links import esc
from app.ui.shell import t
from graph.db import get_db
from model.relationships import RELATIONSHIPS

MAX_NODES = 300
STATE_KEY = "explore_state"
# Kinds with many links each (a task names dozens of units): counted until asked for.
FOLD_DEFAULT = ["Task", "SupervisionEvent", "Decision"]
FOLDABLE = ["Task", "SupervisionEvent", "Decision", "Complaint", "Appointment", "Problem",
            "Contract", "Sanction", "Intervention"]  # fmt: skip
# The relationship types an investigator can filter and exclude: those of the model
# (model/relationships.yaml) but the derived ones, which the views never show, and the load
# history's.
REL_TYPES = [
    name for name, rel in RELATIONSHIPS.items() if not rel.derived and "snapshot" not in rel.by
]
KIND_PAGE = {"person": ("person", "id"), "unit": ("unit", "id"), "company": ("company", "uscc")}
LABEL_PAGE = {"Person": ("person", "id"), "Unit": ("unit", "id"), "Company": ("company", "uscc")}


# ---------------------------------------------------------------- search (shared)


def search_box(key: str, kinds: tuple[str, ...] = ("person", "unit", "company"),
               target: str | None = None, param: str = "from") -> None:  # fmt: skip
    """A search over names and keys; each hit links to its page (or, with `target`, to
    `/target?param=<key>`); selecting a row opens it in this tab. Says when cut."""
    text = st.text_input(
        t("explore.search"), key=f"{key}_text", placeholder=t("explore.placeholder")
    )
    if not text.strip():
        return
    hits = [h for h in reads.search(get_db(), text) if h["kind"] in kinds]
    hits, cut = reads.search_cut(hits)
    if not hits:
        st.warning(t("explore.no_hits", text=text))
        return
    st.caption(
        t(
            "explore.results_cut" if cut else "explore.results",
            n=len(hits),
            limit=reads.SEARCH_LIMIT,
        )
    )
    rows = []
    for hit in hits:
        page, name = (target, param) if target else KIND_PAGE[hit["kind"]]
        rows.append(
            {
                t("explore.kind"): t(f"kind.{hit['kind']}"),
                t("explore.name"): links.labelled(page, hit["name"], **{name: hit["id"]}),
                t("explore.what"): hit.get("detail") or "",
                t("explore.id"): hit["id"],
            }
        )
    st.dataframe(
        pd.DataFrame(rows),
        hide_index=True,
        column_config={t("explore.name"): links.link_column(t("explore.name"))},
        key=f"{key}_hits",
        on_select="rerun",
        selection_mode="single-row",
    )
    picked = st.session_state.get(f"{key}_hits", {}).get("selection", {}).get("rows", [])
    if picked and picked[0] < len(hits):
        hit = hits[picked[0]]
        if target:
            extra = {k: v for k, v in st.query_params.items() if k not in ("lang", "as_of")}
            links.go(target, **{**extra, param: hit["id"]})
        page, name = KIND_PAGE[hit["kind"]]
        links.go(page, **{name: hit["id"]})


# ---------------------------------------------------------------- the graph


def _state(start_key: str) -> dict[str, Any]:
    state = st.session_state.get(STATE_KEY)
    if not state or state.get("from") != start_key:
        state = {"from": start_key, "expanded": [], "unfold": []}
        st.session_state[STATE_KEY] = state
    return state


def gather(
    start: dict[str, Any],
    expanded: list[str],
    window: tuple[dt.date, dt.date],
    types: list[str] | None,
    fold: list[str],
    events_from: dt.date | None,
    max_nodes: int = MAX_NODES,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], bool]:
    """(nodes, relationships, cut): the start, the neighbours of every expanded node, the
    folded kinds as one counted node each; at most max_nodes nodes, in the order reached."""
    nodes: dict[str, dict[str, Any]] = {start["id"]: start}
    rels: dict[str, dict[str, Any]] = {}
    cut = False
    order = [start["id"], *[e for e in expanded if e != start["id"]]]
    rows = reads.expand(get_db(), order, window, types, fold, events_from, limit=MAX_NODES)
    for row in sorted(rows, key=lambda r: order.index(r["eid"])):
        for item in row["items"]:
            node, rel = item["node"], item["rel"]
            if node["id"] not in nodes:
                if len(nodes) >= max_nodes:
                    cut = True
                    continue
                nodes[node["id"]] = node
            rels[rel["id"]] = rel
        for fold_row in row["folded"]:
            fid = f"fold:{row['eid']}:{fold_row['label']}:{fold_row['type']}"
            nodes[fid] = {
                "id": fid,
                "labels": [fold_row["label"]],
                "key": None,
                "caption": f"{t('label.' + fold_row['label'])} ×{fold_row['count']}",
                "properties": {"folded": fold_row["count"]},
                "fold": fold_row["label"],
            }
            rels[f"{fid}:r"] = {"id": f"{fid}:r", "type": fold_row["type"], "start": row["eid"],
                                "end": fid, "properties": {}}  # fmt: skip
    rels = {k: r for k, r in rels.items() if r["start"] in nodes and r["end"] in nodes}
    return list(nodes.values()), list(rels.values()), cut


def sizes_for(nodes: list[dict[str, Any]], risk_by_pid: dict[str, float]) -> dict[str, float]:
    """People sized by composite risk (else power index), others by kind."""
    best = max(risk_by_pid.values(), default=0.0) or 1.0
    out = {}
    for node in nodes:
        props = node.get("properties") or {}
        pid = props.get("pid")
        if pid in risk_by_pid:
            out[node["id"]] = 28 + 24 * risk_by_pid[pid] / best
        elif props.get("power_index") is not None:
            out[node["id"]] = 28 + 20 * float(props["power_index"])
        elif node.get("fold"):
            out[node["id"]] = 30
    return out


def sentence(path: dict[str, Any]) -> str:
    """A path as a sentence: 张三 —亲属 · 妻子→ 李四 —持股 35%→ 某公司."""
    nodes = {n["id"]: n for n in path["nodes"]}
    order = [n["id"] for n in path["nodes"]]
    parts = [esc(path["nodes"][0]["caption"])]
    for i, rel in enumerate(path["relationships"]):
        here, there = order[i], order[i + 1]
        arrow = "→" if rel["start"] == here else "←"
        caption = esc(viz.rel_caption(rel))
        text = f" —{caption}— " if arrow == "→" else f" ←{caption}— "
        parts.append(f"{text}**{esc(nodes[there]['caption'])}**")
    return "".join(parts)


def _controls(as_of: dt.date) -> tuple[tuple[dt.date, dt.date], list[str] | None, list[str], dt.date | None]:  # fmt: skip
    with st.expander(t("ex.filters"), expanded=False):
        chosen = st.multiselect(
            t("ex.types"), options=REL_TYPES, default=[], key="ex_types",
            format_func=lambda x: t(f"rel.{x}"), placeholder=t("ex.all_types"),
        )  # fmt: skip
        cols = st.columns(2)
        start = cols[0].date_input(t("ex.window_from"), value=as_of, min_value=links.MIN_DATE,
                                   max_value=links.MAX_DATE, key="ex_from")  # fmt: skip
        end = cols[1].date_input(t("ex.window_to"), value=as_of, min_value=links.MIN_DATE,
                                 max_value=links.MAX_DATE, key="ex_to")  # fmt: skip
        fold = st.multiselect(
            t("ex.fold"), options=FOLDABLE, default=FOLD_DEFAULT, key="ex_fold",
            format_func=lambda x: t(f"label.{x}"),
        )  # fmt: skip
        st.caption(t("ex.window_hint"))
    if end < start:
        start, end = end, start
    events_from = None if start == end else start
    return (start, end), (chosen or None), fold, events_from


def _paths(start: dict[str, Any], to_key: str, as_of: dt.date) -> None:
    st.subheader(t("ex.paths"))
    target = reads.entity(get_db(), to_key)
    if target is None:
        st.warning(t("links.not_found", what=to_key))
        return
    cols = st.columns([1, 3])
    length = cols[0].slider(t("ex.max_length"), 1, 8, 4, key="ex_len")
    exclude = cols[1].multiselect(
        t("ex.exclude"), options=REL_TYPES, default=[], key="ex_exclude",
        format_func=lambda x: t(f"rel.{x}"), placeholder=t("ex.exclude_none"),
    )  # fmt: skip
    with st.spinner(t("ex.finding")):
        found = reads.paths(get_db(), start["id"], target["id"], length, exclude, k=10)
    st.markdown(t("ex.paths_found", n=len(found), a=esc(start["caption"]), b=esc(target["caption"]),
                  length=length))  # fmt: skip
    if not found:
        return
    for i, path in enumerate(found, start=1):
        st.markdown(f"{i}. {sentence(path)}")
    nodes = {n["id"]: n for p in found for n in p["nodes"]}
    rels = {r["id"]: r for p in found for r in p["relationships"]}
    viz.show(list(nodes.values()), list(rels.values()), key="ex_paths",
             highlight={start["id"], target["id"]}, height=460, as_of=str(as_of))  # fmt: skip


def render() -> None:
    links.arrive("explore")
    as_of = links.as_of()
    st.title(t("explore.title"))
    start_key = links.param("from")
    if not start_key:
        st.info(t("explore.hint"))
        search_box("explore_find", target="explore", param="from")
        return
    db = get_db()
    start = reads.entity(db, start_key)
    if start is None:
        st.warning(t("links.not_found", what=start_key))
        search_box("explore_find", target="explore", param="from")
        return
    state = _state(start_key)
    label = viz.primary_label(start["labels"])
    page, name = LABEL_PAGE.get(label, ("person", "id"))
    if st.session_state.get("explore_audited") != start_key:
        action = {"Person": "view_person", "Unit": "view_unit"}.get(label, "view_company")
        audit.record(action, target=start_key, detail={"name": start["caption"], "via": "explore"})
        st.session_state["explore_audited"] = start_key
    head = st.columns([3, 1, 1])
    head[0].markdown(f"### {t(f'label.{label}')} · {esc(start['caption'])} · {esc(start_key)}")
    with head[1]:
        links.link(page, t("ex.open_page"), **{name: start_key})
    with head[2]:
        if st.button(t("ex.reset"), key="ex_reset"):
            state["expanded"], state["unfold"] = [], []
    window, types, fold, events_from = _controls(as_of)
    fold = [f for f in fold if f not in state["unfold"]]
    nodes, rels, cut = gather(start, state["expanded"], window, types, fold, events_from)
    if cut:
        st.warning(t("ex.cut", n=MAX_NODES))
    gen = cached.generation()
    risk_by_pid = {r.person_id: r.score for r in cached.risk(as_of, gen)}
    st.caption(t("ex.how", nodes=len(nodes), rels=len(rels)))
    selected = viz.show(nodes, rels, key="ex_graph", sizes=sizes_for(nodes, risk_by_pid),
                        highlight={start["id"]}, height=600, zoom=1.2, as_of=str(window[1]))  # fmt: skip
    by_id = {n["id"]: n for n in nodes}
    # the same choice without a mouse: the graph's nodes by name
    listed = st.multiselect(
        t("ex.pick"), options=list(by_id), key="ex_pick", placeholder=t("ex.pick_none"),
        format_func=lambda i: f"{t('label.' + viz.primary_label(by_id[i].get('labels', [])))} · "
        f"{by_id[i].get('caption')}" if i in by_id else i,
    )  # fmt: skip
    picked = [by_id[i] for i in dict.fromkeys([*selected, *listed]) if i in by_id]
    if picked:
        _selection(picked, state, start_key)
    else:
        st.caption(t("ex.select_hint"))
    to_key = links.param("to")
    if to_key:
        _paths(start, to_key, as_of)
    else:
        with st.expander(t("ex.path_to"), expanded=False):
            search_box("explore_to", target="explore", param="to")


def _selection(picked: list[dict[str, Any]], state: dict[str, Any], start_key: str) -> None:
    names = "、".join(esc(n.get("caption")) for n in picked[:5])
    st.markdown(t("ex.selected", n=len(picked), names=names))
    cols = st.columns(4)
    real = [n for n in picked if not n.get("fold")]
    folds = [n["fold"] for n in picked if n.get("fold")]
    if real and cols[0].button(t("ex.expand"), type="primary", key="ex_expand"):
        state["expanded"] += [n["id"] for n in real if n["id"] not in state["expanded"]]
        st.rerun()
    if folds and cols[1].button(t("ex.unfold"), key="ex_unfold"):
        state["unfold"] += [f for f in folds if f not in state["unfold"]]
        st.rerun()
    first = real[0] if real else None
    if first is not None:
        label = viz.primary_label(first.get("labels", []))
        key = first.get("key") or (first.get("properties") or {}).get("pid")
        if label in LABEL_PAGE and key:
            page, name = LABEL_PAGE[label]
            with cols[2]:
                links.link(page, t("ex.open_page"), **{name: key})
            if key != start_key:
                with cols[3]:
                    links.link("explore", t("ex.path_here"), **{"from": start_key, "to": key})
