"""线索处置 Cases: the queue (filters, bulk assign), one case (evidence graph, notes, history,
status change with the version check) and the case report, at `/cases` and `/case?id=…`.

Reads and writes go through queries.casework (the same functions as `oversight cases`);
every change is in the audit log.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import streamlit as st

from app import audit
from app.i18n import translate
from app.ui import viz
from app.ui.shell import as_of_input, lang, t
from graph.db import Database, get_db
from graph.errors import BadInput
from queries.casework import ledger, report
from queries.casework.model import (
    REASONS,
    REFERRAL_TARGETS,
    RUN_STATES,
    STATUSES,
    TRANSITIONS,
    CaseConflict,
    Change,
)
from queries.catalogue import CATALOGUE

SEEN_KEY = "case_seen_version"
VIEWED_KEY = "case_viewed"
MESSAGE_KEY = "case_message"
# The newest cases first; past this many the reader narrows the filters (or uses the CLI).
QUEUE_LIMIT = 5000


def status_word(status: str | None) -> str:
    return t(f"case.status.{status}") if status in STATUSES else str(status or "")


def state_word(state: str | None) -> str:
    return t(f"case.run_state.{state}") if state in RUN_STATES else str(state or "")


def _words(key: str) -> str:
    return translate(key, lang())


# ---------------------------------------------------------------- queue


def _run_rules() -> None:
    """The app's run: every rule as of a date, recorded like `oversight flags`."""
    from queries.runner import run_all

    with st.expander(t("case.run.title")):
        as_of = as_of_input("cases_as_of")
        if st.button(t("case.run.button"), key="cases_run"):
            db = get_db()
            found = run_all(db, as_of)
            actor = audit.current_user()
            run = ledger.record_run(db, found, actor=actor, as_of=as_of, via="app")
            audit.record(
                "record_run",
                target=run.run_id,
                detail={"as_of": as_of.isoformat(), **run.counts},
                user=actor,
            )
            st.success(t("case.run.done", run=run.run_id, **run.counts))


def queue_frame(cases: list[dict[str, Any]]) -> pd.DataFrame:
    rows = []
    for c in cases:
        rows.append(
            {
                t("case.col.open"): f"/case?id={c['case_id']}",
                t("case.col.id"): c["case_id"],
                t("case.col.status"): status_word(c["status"]),
                t("case.col.rule"): c["rule"],
                t("case.col.subject"): c["subject_name"] or c["subject_id"],
                t("case.col.summary"): c["summary"] if lang() == "zh" else c["summary_en"],
                t("case.col.assignee"): c["assignee"] or "",
                t("case.col.due"): c["due"] or "",
                t("case.col.run_state"): state_word(c["run_state"]),
                t("case.col.first_seen"): c["first_seen"],
            }
        )
    return pd.DataFrame(rows)


def render_queue() -> None:
    st.title(t("case.queue.title"))
    st.caption(t("case.queue.intro"))
    db = get_db()
    counts = ledger.case_counts_by_status(db)
    columns = st.columns(len(STATUSES))
    for column, code in zip(columns, STATUSES, strict=True):
        column.metric(status_word(code), counts[code]["active"])
    _run_rules()
    left, middle, right, last = st.columns(4)
    status = left.selectbox(
        t("case.filter.status"),
        options=[None, *STATUSES],
        format_func=lambda s: t("case.filter.all") if s is None else status_word(s),
        key="cases_status",
    )
    assignee = middle.text_input(t("case.filter.assignee"), key="cases_assignee").strip()
    rule = right.selectbox(
        t("case.filter.rule"),
        options=[None, *CATALOGUE],
        format_func=lambda r: t("case.filter.all") if r is None else f"{r} {CATALOGUE[r].title_zh}",
        key="cases_rule",
    )
    include_gone = last.checkbox(t("case.filter.gone"), value=False, key="cases_gone")
    cases = ledger.list_cases(
        db,
        status=status,
        assignee=assignee or None,
        rule=rule,
        include_gone=include_gone,
        limit=QUEUE_LIMIT,
    )
    st.markdown(t("case.queue.count", n=len(cases)))
    if len(cases) == QUEUE_LIMIT:
        st.caption(t("case.queue.limited", n=QUEUE_LIMIT))
    if not cases:
        st.info(t("case.queue.empty"))
        return
    frame = queue_frame(cases)
    event = st.dataframe(
        frame,
        hide_index=True,
        height=420,
        on_select="rerun",
        selection_mode="multi-row",
        key="cases_table",
        column_config={
            t("case.col.open"): st.column_config.LinkColumn(
                t("case.col.open"), display_text=t("case.open")
            )
        },
    )
    chosen = [cases[i] for i in event.selection.rows] if event and event.selection else []
    _bulk_assign(chosen)
    _open_case(cases)
    _downloads(db, cases)


def _bulk_assign(chosen: list[dict[str, Any]]) -> None:
    with st.form("cases_bulk"):
        st.markdown(t("case.bulk.title", n=len(chosen)))
        who = st.text_input(t("case.bulk.assignee"), key="cases_bulk_who")
        go = st.form_submit_button(t("case.bulk.button"))
    if not go:
        return
    if not chosen or not who.strip():
        st.warning(t("case.bulk.need"))
        return
    actor = audit.current_user()
    done, failed = 0, []
    for case in chosen:
        try:
            ledger.set_case(get_db(), case["case_id"], case["version"], Change(assignee=who), actor)
            audit.record(
                "update_case", target=case["case_id"], detail={"assignee": who}, user=actor
            )
            done += 1
        except (CaseConflict, BadInput) as error:
            failed.append(f"{case['case_id']}: {error}")
    st.success(t("case.bulk.done", n=done))
    for line in failed:
        st.error(line)


def _open_case(cases: list[dict[str, Any]]) -> None:
    ids = [c["case_id"] for c in cases]
    left, right = st.columns([3, 1])
    chosen = left.selectbox(t("case.open_pick"), options=ids, key="cases_pick")
    if chosen:
        right.link_button(t("case.open"), f"/case?id={chosen}")


def _downloads(db: Database, cases: list[dict[str, Any]]) -> None:
    left, right = st.columns(2)
    detail = {"cases": len(cases)}
    left.download_button(
        t("case.download_csv"),
        data=report.cases_csv(cases).encode("utf-8-sig"),
        file_name="cases.csv",
        mime="text/csv",
        on_click=audit.record_click,
        args=("export", "cases.csv", detail),
        key="cases_csv",
    )
    right.download_button(
        t("case.download_xlsx"),
        data=report.cases_xlsx(cases),
        file_name="cases.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        on_click=audit.record_click,
        args=("export", "cases.xlsx", detail),
        key="cases_xlsx",
    )


# ---------------------------------------------------------------- one case


def _audit_view(case: dict[str, Any]) -> None:
    if st.session_state.get(VIEWED_KEY) == case["case_id"]:
        return
    audit.record(
        "view_case",
        target=case["case_id"],
        detail={"subject": case["subject_id"], "name": case["subject_name"]},
    )
    st.session_state[VIEWED_KEY] = case["case_id"]


def _facts(case: dict[str, Any]) -> None:
    rule = CATALOGUE.get(case["rule"])
    title = (rule.title_zh if lang() == "zh" else rule.title_en) if rule else case["title"]
    st.markdown(f"**{case['rule']} {title}** · {case['subject_name']} ({case['subject_id']})")
    st.write(case["summary"] if lang() == "zh" else (case["summary_en"] or case["summary"]))
    a, b, c, d = st.columns(4)
    a.metric(t("case.col.status"), status_word(case["status"]))
    b.metric(t("case.col.assignee"), case["assignee"] or "—")
    c.metric(t("case.col.due"), case["due"] or "—")
    d.metric(t("case.col.run_state"), state_word(case["run_state"]))
    if case.get("reason"):
        reason = t(f"case.reason.{case['reason']}")
        st.caption(t("case.reason_shown", reason=reason, text=case.get("reason_text") or ""))
    if case.get("referred_to"):
        st.caption(t("case.referred_shown", to=case["referred_to"]))
    st.caption(
        t(
            "case.seen",
            first=case["first_seen"],
            first_run=case["first_run"],
            last=case["last_seen"],
            last_run=case["last_run"],
            version=case["version"],
        )
    )
    if case.get("previous_case_id"):
        st.markdown(
            t("case.follows", prev=case["previous_case_id"], changes=case.get("changes") or {})
        )
    if case.get("superseded_by"):
        st.markdown(t("case.superseded", next=case["superseded_by"]))
    if rule is not None:
        st.caption(t("flags.basis", basis=rule.basis_zh if lang() == "zh" else rule.basis_en))


def _form(case: dict[str, Any], seen: int) -> None:
    current = case["status"]
    options = [current, *TRANSITIONS.get(current, [])]
    with st.form("case_form"):
        st.markdown(f"**{t('case.form.title')}**")
        status = st.selectbox(
            t("case.form.status"), options=options, format_func=status_word, key="case_status"
        )
        reason = st.selectbox(
            t("case.form.reason"),
            options=[None, *REASONS],
            format_func=lambda r: "—" if r is None else t(f"case.reason.{r}"),
            key="case_reason",
        )
        reason_text = st.text_input(t("case.form.reason_text"), key="case_reason_text")
        referred_to = st.selectbox(
            t("case.form.referred_to"),
            options=[None, *REFERRAL_TARGETS],
            format_func=lambda r: "—" if r is None else r,
            key="case_referred_to",
        )
        assignee = st.text_input(
            t("case.form.assignee"), value=case["assignee"] or "", key="case_assignee"
        )
        due_value = dt.date.fromisoformat(case["due"]) if case.get("due") else None
        due = st.date_input(t("case.form.due"), value=due_value, key="case_due")
        note = st.text_area(t("case.form.note"), key="case_note")
        submitted = st.form_submit_button(t("case.form.submit"), type="primary", key="case_submit")
    if not submitted:
        return
    change = Change(
        status=status if status != current else None,
        reason=reason if status == "dismissed" and status != current else None,
        reason_text=reason_text or None,
        referred_to=referred_to if status == "referred" and status != current else None,
        assignee=assignee if assignee.strip() != (case["assignee"] or "") else None,
        due=due if due and (due.isoformat() != case.get("due")) else None,
        note=note or None,
    )
    actor = audit.current_user()
    try:
        updated = ledger.set_case(get_db(), case["case_id"], seen, change, actor)
    except CaseConflict as error:
        st.error(t("case.conflict", detail=str(error)))
        return
    except BadInput as error:
        st.error(str(error))
        for problem in error.problems:
            st.error(problem)
        return
    audit.record(
        "update_case",
        target=case["case_id"],
        detail={
            "status": change.status,
            "reason": change.reason,
            "referred_to": change.referred_to,
            "assignee": change.assignee,
            "due": change.due.isoformat() if change.due else None,
            "note": bool(change.note),
            "version": updated["version"],
        },
        user=actor,
    )
    st.session_state[MESSAGE_KEY] = t("case.saved", version=updated["version"])
    st.session_state[SEEN_KEY] = {case["case_id"]: updated["version"]}
    for key in ("case_note", "case_reason_text", "case_status", "case_reason", "case_referred_to"):
        st.session_state.pop(key, None)
    st.rerun()


def _history(case: dict[str, Any]) -> None:
    st.subheader(t("case.notes"))
    if case["notes"]:
        for n in case["notes"]:
            st.markdown(f"**{n['author']}** · {n['at']}")
            st.text(n["text"])
    else:
        st.caption(t("common.none"))
    st.subheader(t("case.history"))
    rows = [
        {
            t("case.col.at"): e["at"],
            t("case.col.actor"): e["actor"],
            t("case.col.kind"): t(f"case.event.{e['kind']}"),
            t("case.col.detail"): str(e.get("detail") or ""),
        }
        for e in case.get("events", [])
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True)


def _report_buttons(case: dict[str, Any]) -> None:
    db = get_db()
    left, right = st.columns(2)
    html = report.html_report(
        db, [case], words=_words, generated_by=audit.current_user(), lang=lang()
    )
    detail = {"format": "html", "cases": 1}
    left.download_button(
        t("case.report_html"),
        data=html.encode("utf-8"),
        file_name=f"{case['case_id']}.html",
        mime="text/html",
        on_click=audit.record_click,
        args=("case_report", case["case_id"], detail),
        key="case_report_html",
    )
    right.download_button(
        t("case.report_xlsx"),
        data=report.cases_xlsx([case], details=True),
        file_name=f"{case['case_id']}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        on_click=audit.record_click,
        args=("case_report", case["case_id"], {"format": "xlsx", "cases": 1}),
        key="case_report_xlsx",
    )


def render_case() -> None:
    st.title(t("case.title"))
    case_id = (st.query_params.get("id") or "").strip()
    if not case_id:
        typed = st.text_input(t("case.enter_id"), key="case_id_input").strip()
        if not typed:
            st.info(t("case.pick_hint"))
            return
        st.query_params["id"] = typed
        case_id = typed
    db = get_db()
    case = ledger.get_case(db, case_id)
    _audit_view(case)
    message = st.session_state.pop(MESSAGE_KEY, None)
    if message:
        st.success(message)
    # The version this reader saw: kept from the last render of this case, so that a change
    # someone else made meanwhile is caught by the version check instead of overwritten.
    seen_map = st.session_state.get(SEEN_KEY) or {}
    seen = seen_map.get(case["case_id"], case["version"])
    st.subheader(case["case_id"])
    _facts(case)
    st.subheader(t("case.evidence"))
    nodes, relationships = _evidence(db, case)
    subject = next((n["id"] for n in nodes if n.get("key") == case["subject_id"]), None)
    viz.show(nodes, relationships, key="case_graph", highlight={subject} if subject else None)
    _form(case, seen)
    st.session_state[SEEN_KEY] = {case["case_id"]: case["version"]}
    _history(case)
    st.subheader(t("case.report_heading"))
    _report_buttons(case)


def _evidence(
    db: Database, case: dict[str, Any]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    from queries.runner import evidence_graph

    return evidence_graph(
        db,
        {
            "subject_kind": case["subject_kind"],
            "subject_id": case["subject_id"],
            "evidence": case["evidence"],
        },
    )
