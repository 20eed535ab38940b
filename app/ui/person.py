"""领导画像 A leader's dossier, at `/person?id=<pid>`: who he is, what power he holds, why he
is at risk, since when and through whom; exported as xlsx or a printable page. Opening it is
recorded in the audit log."""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from app import audit, dossier
from app.ui import cached, links
from app.ui.links import esc
from app.ui.shell import code, history_table, lang, status_text, t, table
from app.ui.topics import topic_labels
from graph.analytics.power import component_label
from graph.db import get_db
from queries.catalogue import CATALOGUE
from queries.runner import Flag

AUDITED_KEY = "person_audited"
# timeline rows: tenures first, then events by kind
EVENT_KINDS = ("Appointment", "Complaint", "SupervisionEvent", "Problem", "Sanction",
               "Intervention", "Decision", "Contract")  # fmt: skip


def _audit(pid: str, name: Any) -> None:
    if st.session_state.get(AUDITED_KEY) == pid:
        return
    audit.record("view_person", target=pid, detail={"name": name})
    st.session_state[AUDITED_KEY] = pid


def rule_title(rule_id: str) -> str:
    rule = CATALOGUE[rule_id]
    return rule.title_zh if lang() == "zh" else rule.title_en


def flags_frame(flags: list[Flag], show_subject: bool = True) -> pd.DataFrame:
    """Flags as rows with a link to each flag's page (its evidence graph)."""
    rows = []
    for f in flags:
        rows.append(
            {
                t("flags.rule"): f.rule,
                t("flags.rule_title"): rule_title(f.rule),
                t("flags.severity"): t(f"severity.{f.severity}"),
                **({t("dossier.subject"): f.subject_name} if show_subject else {}),
                t("dossier.summary"): f.summary if lang() == "zh" else (f.summary_en or f.summary),
                t("dossier.open_flag"): links.labelled("flag", t("dossier.evidence"), id=cached.flag_id(f)),
            }
        )  # fmt: skip
    return pd.DataFrame(rows)


def timeline_frame(d: dossier.Dossier) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(tenures, events): posts and duties as intervals; dated events as points."""
    end_default = d.as_of
    spans = []
    for post in d.posts:
        if post.get("start_date"):
            spans.append(
                {
                    "row": f"{t('explore.posts')} · {post.get('unit') or ''}",
                    "what": f"{post.get('title') or ''} ({post.get('role') or ''})",
                    "kind": t("explore.posts"),
                    "start": post["start_date"],
                    "end": post.get("end_date") or end_default,
                }
            )
    for duty in d.duties:
        if duty.get("start_date"):
            spans.append(
                {
                    "row": f"{t('explore.duties')} · {duty.get('unit') or ''}",
                    "what": t("explore.duties"),
                    "kind": t("explore.duties"),
                    "start": duty["start_date"],
                    "end": duty.get("end_date") or end_default,
                }
            )
    events = []
    for event in d.events:
        if event.get("date") is None or event["label"] == "Task":
            continue
        kind = t(f"label.{event['label']}")
        if event["label"] == "Appointment":
            kind = f"{kind} · {t('role.' + str(event['role']))}"
        events.append({"row": kind, "kind": kind, "date": event["date"],
                       "what": str(event.get("what") or ""), "id": event.get("id") or ""})  # fmt: skip
    for contract in d.contracts:
        kind = t("dossier.family_contract")
        events.append({"row": kind, "kind": kind, "date": contract["date"],
                       "what": f"{contract.get('unit')} ← {contract.get('company')} "
                               f"({contract.get('relative')} {contract.get('relation')}) "
                               f"{contract.get('amount') or ''}",
                       "id": contract.get("contract_id") or ""})  # fmt: skip
    return pd.DataFrame(spans), pd.DataFrame(events)


def timeline(d: dossier.Dossier) -> None:
    chart = timeline_chart(d)
    if chart is None:
        st.caption(t("common.none"))
    else:
        st.altair_chart(chart, width="stretch")


def timeline_chart(d: dossier.Dossier) -> alt.LayerChart | alt.FacetChart | None:
    """The dossier's timeline, or None when nothing in it is dated."""
    spans, events = timeline_frame(d)
    if spans.empty and events.empty:
        return None
    layers = []
    axis = alt.Axis(title=None, labelLimit=320)
    # Vega-Lite names months in English by default: numeric dates in either language
    time_axis = alt.Axis(title=None, format=t("dossier.timeline_month"))
    day = "%Y-%m-%d"
    if not spans.empty:
        layers.append(
            alt.Chart(spans)
            .mark_bar(cornerRadius=3, height=14)
            .encode(
                x=alt.X("start:T", axis=time_axis),
                x2="end:T",
                y=alt.Y("row:N", axis=axis, sort=None),
                color=alt.Color("kind:N", title=None),
                tooltip=[
                    alt.Tooltip("what:N", title=t("explore.what")),
                    alt.Tooltip("start:T", title=t("explore.start"), format=day),
                    alt.Tooltip("end:T", title=t("explore.end"), format=day),
                ],
            )  # fmt: skip
        )
    if not events.empty:
        layers.append(
            alt.Chart(events)
            .mark_point(filled=True, size=90, opacity=0.85)
            .encode(
                x=alt.X("date:T", axis=time_axis),
                y=alt.Y("row:N", axis=axis, sort=None),
                color=alt.Color("kind:N", title=None),
                shape=alt.Shape("kind:N", legend=None),
                tooltip=[
                    alt.Tooltip("date:T", title=t("explore.date"), format=day),
                    alt.Tooltip("kind:N", title=t("explore.kind")),
                    alt.Tooltip("what:N", title=t("explore.what")),
                    alt.Tooltip("id:N", title=t("explore.id")),
                ],
            )  # fmt: skip
        )
    rule = alt.Chart(pd.DataFrame({"d": [d.as_of]})).mark_rule(color="red", strokeDash=[4, 3])
    layers.append(rule.encode(x=alt.X("d:T", axis=time_axis)))
    rows = len(
        set(spans.get("row", pd.Series(dtype=str))) | set(events.get("row", pd.Series(dtype=str)))
    )
    return alt.layer(*layers).properties(height=max(160, 26 * rows)).interactive(bind_y=False)


def _components(d: dossier.Dossier) -> None:
    parts = d.components()
    if not parts:
        st.caption(t("dossier.no_power"))
        return
    frame = pd.DataFrame(
        {
            "part": [component_label(p["name"], lang()) for p in parts],
            "value": [p["contribution"] for p in parts],
            "raw": [str(p["raw"]) for p in parts],
        }
    )
    chart = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("value:Q", title=t("dossier.contribution")),
            y=alt.Y("part:N", title=None, sort="-x", axis=alt.Axis(labelLimit=220)),
            tooltip=[
                alt.Tooltip("part:N", title=t("dossier.component")),
                alt.Tooltip("value:Q", title=t("dossier.contribution"), format=".3f"),
                alt.Tooltip("raw:N", title=t("dossier.raw")),
            ],
        )  # fmt: skip
        .properties(height=34 * len(parts))
    )
    st.altair_chart(chart, width="stretch")


def _risk(d: dossier.Dossier) -> None:
    row = d.risk
    if row is None:
        st.caption(t("dossier.not_leader"))
        return
    st.markdown(
        t("dossier.risk_line", score=f"{row.score:.2f}", flag_points=f"{row.flag_points:.2f}",
          power_points=f"{row.power_points:.2f}", rank=row.rank, of=d.risk_rank_of)
    )  # fmt: skip
    hits = [
        {
            "rule": f"{hit.rule} {rule_title(hit.rule)}",
            "severity": hit.severity,
            "count": hit.count,
            "via": hit.via,
            "points": hit.points,
        }
        for hit in row.flags
    ]
    table(hits, {"rule": "risk.hit_rule", "severity": "risk.hit_severity", "count": "risk.hit_count",
                 "via": "risk.hit_via", "points": "risk.hit_points"},
          codes={"via": "via", "severity": "severity"})  # fmt: skip


def _exports(d: dossier.Dossier) -> None:
    left, right = st.columns(2)
    name = d.person.get("name") or d.pid
    detail = {"as_of": d.as_of.isoformat(), "person": d.pid}
    left.download_button(
        t("dossier.export_xlsx"),
        data=dossier.to_xlsx(d, lang()),
        file_name=f"dossier-{d.pid}-{d.as_of.isoformat()}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        on_click=audit.record_click,
        args=("export", f"dossier.xlsx:{d.pid}", {**detail, "name": name}),
        key="dossier_xlsx",
    )
    right.download_button(
        t("dossier.export_html"),
        data=dossier.to_html(d, lang(), user=audit.current_user()).encode("utf-8"),
        file_name=f"dossier-{d.pid}-{d.as_of.isoformat()}.html",
        mime="text/html",
        on_click=audit.record_click,
        args=("export", f"dossier.html:{d.pid}", {**detail, "name": name}),
        key="dossier_html",
    )


def _status(row: dict[str, Any], d: dossier.Dossier) -> str:
    return status_text(dossier.ended_by(row, d.as_of))


def _finder() -> None:
    st.info(t("dossier.hint"))
    from app.ui import explore

    explore.search_box("person_find", kinds=("person",))


def render() -> None:
    links.arrive("person")
    as_of = links.as_of()
    pid = links.param("id")
    if not pid:
        st.title(t("dossier.title"))
        _finder()
        return
    db = get_db()
    gen = cached.generation()
    with st.spinner(t("common.loading")):
        d = dossier.gather(
            db, pid, as_of, cached.flags(as_of, gen), cached.risk(as_of, gen),
            cached.leader(as_of, gen, pid),
        )  # fmt: skip
    if d is None:
        st.title(t("dossier.title"))
        st.warning(t("links.not_found", what=pid))
        _finder()
        return
    p = d.person
    _audit(pid, p.get("name"))
    st.title(f"{esc(p.get('name'))} · {esc(pid)}")
    current = d.current_posts()
    st.caption(
        " ｜ ".join(f"{esc(x.get('unit'))} {esc(x.get('title'))}" for x in current)
        or t("dossier.no_post")
    )
    st.caption(f"{t('explore.id_masked')}：{esc(p.get('id_masked') or '—')}")
    cols = st.columns(5)
    cols[0].metric(
        t("dossier.rank_risk"), "—" if d.risk is None else f"{d.risk.rank} / {d.risk_rank_of}"
    )
    power = d.leader.power if d.leader else p.get("power_index")
    cols[1].metric(t("risk.power"), "—" if power is None else f"{power:.3f}")
    rank = d.leader.power_rank if d.leader else p.get("power_rank")
    cols[2].metric(t("risk.power_rank"), "—" if rank is None else str(rank))
    cols[3].metric(t("risk.score"), "—" if d.risk is None else f"{d.risk.score:.2f}")
    cols[4].metric(t("dossier.flag_count"), str(len(d.flags)))
    nav = st.columns(3)
    with nav[0]:
        links.link("explore", t("dossier.to_graph"), **{"from": pid})
    with nav[1]:
        links.link("flags", t("dossier.to_flags"), leader=pid)
    if p.get("id_invalid"):
        st.warning(t("explore.id_invalid"))

    left, right = st.columns(2)
    with left:
        st.subheader(t("dossier.components"))
        _components(d)
    with right:
        st.subheader(t("dossier.risk"))
        _risk(d)

    st.subheader(t("dossier.flags_n", n=len(d.flags)))
    if d.flags:
        st.dataframe(
            flags_frame(d.flags),
            hide_index=True,
            column_config={t("dossier.open_flag"): links.link_column(t("dossier.open_flag"))},
            key="dossier_flags",
            on_select="rerun",
            selection_mode="single-row",
        )
        picked = st.session_state.get("dossier_flags", {}).get("selection", {}).get("rows", [])
        if picked:
            links.go("flag", id=cached.flag_id(d.flags[picked[0]]))
    else:
        st.caption(t("dossier.no_flags"))

    st.subheader(t("dossier.timeline"))
    timeline(d)

    st.subheader(t("dossier.family"))
    # what has ended (a registry's end date, or a snapshot that no longer states it) is shown
    # after what holds, faint, with its date: history, not current (docs/snapshots.md)
    relatives_rows = sorted(d.relatives, key=lambda r: dossier.ended_by(r, d.as_of) is not None)
    relatives = pd.DataFrame(
        [{t("explore.name"): r.get("name"), t("explore.relation"): r.get("relation"),
          t("explore.direction"): code("direction", r.get("direction")),
          t("explore.id_masked"): r.get("id_masked"), t("explore.employer"): r.get("employer"),
          t("explore.job"): r.get("job"), t("dossier.status"): _status(r, d),
          t("dossier.open"): links.labelled("person", t("dossier.open"), id=r.get("pid"))}
         for r in relatives_rows]
    )  # fmt: skip
    if relatives.empty:
        st.caption(t("common.none"))
    else:
        history_table(relatives, [dossier.ended_by(r, d.as_of) is not None for r in relatives_rows],
                       {t("dossier.open"): links.link_column(t("dossier.open"))})  # fmt: skip
    company_rows = sorted(d.companies, key=lambda c: dossier.ended_by(c, d.as_of) is not None)
    companies = pd.DataFrame(
        [{t("explore.company"): links.labelled("company", c.get("company"), uscc=c.get("uscc")),
          t("explore.uscc"): c.get("uscc"), t("ftm.topics"): topic_labels(c.get("topics")),
          t("explore.link"): code("rel", c.get("link")),
          t("explore.holder"): c.get("holder"), t("explore.through"): c.get("through"),
          t("explore.pct"): c.get("pct"), t("explore.match"): code("match", c.get("match")),
          t("dossier.status"): _status(c, d)}
         for c in company_rows]
    )  # fmt: skip
    st.markdown(f"**{t('explore.companies')}**")
    if companies.empty:
        st.caption(t("common.none"))
    else:
        history_table(companies, [dossier.ended_by(c, d.as_of) is not None for c in company_rows],
                       {t("explore.company"): links.link_column(t("explore.company"))})  # fmt: skip
    st.markdown(f"**{t('dossier.contracts')}**")
    table(d.contracts, {"date": "explore.date", "title": "dossier.contract", "amount": "explore.amount",
                        "unit": "explore.unit", "company": "explore.company", "relative": "dossier.relative",
                        "relation": "explore.relation"})  # fmt: skip
    with st.expander(
        t("explore.posts") + " / " + t("explore.duties") + " / " + t("explore.events")
    ):
        table(d.posts, {"unit": "explore.unit", "title": "explore.title_", "role": "explore.role",
                        "start_date": "explore.start", "end_date": "explore.end"})  # fmt: skip
        table(d.duties, {"unit": "explore.unit", "functions": "explore.functions",
                         "start_date": "explore.start", "end_date": "explore.end"})  # fmt: skip
        table(d.events, {"date": "explore.date", "label": "explore.kind", "what": "explore.what",
                         "role": "explore.role", "id": "explore.id"},
              codes={"label": "label", "role": "role"})  # fmt: skip
    st.subheader(t("dossier.export"))
    _exports(d)
