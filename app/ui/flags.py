"""风险线索 Flags: run the canned reports as of a date, read the flags, open the evidence of
one as a graph with the registry rows behind each node, download CSV or xlsx."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import streamlit as st

from app import audit, reads
from app.ui import viz
from app.ui.shell import as_of_input, lang, t
from graph.db import get_db
from queries import export
from queries.casework.ledger import record_run
from queries.catalogue import CATALOGUE, SEVERITY_ZH
from queries.runner import Flag, evidence_graph, rule_notices, run_all, run_rule

RESULT_KEY = "flags_result"
AUDITED_KEY = "flags_audited"


def rule_title(rule_id: str) -> str:
    rule = CATALOGUE[rule_id]
    return rule.title_zh if lang() == "zh" else rule.title_en


def param_text(value: Any) -> str:
    """A parameter value as the text the catalogue's parser reads back (`a,b`, `k:6,j:12`)."""
    if isinstance(value, dict):
        return ",".join(f"{k}:{v}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return ",".join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value)


def _param_inputs(rule_ids: list[str]) -> dict[str, str]:
    """Overrides as `RULE-ID.name` -> text, only those changed from the declared default
    (the runner parses and checks them, as for `--param`)."""
    changed: dict[str, str] = {}
    with st.expander(t("flags.params")):
        for rule_id in rule_ids:
            rule = CATALOGUE[rule_id]
            defaults = rule.defaults()
            for name, parameter in rule.parameters.items():
                default = param_text(defaults[name])
                label = parameter.zh if lang() == "zh" else parameter.en
                text = st.text_input(
                    f"{rule_id} · {label} ({name})", value=default, key=f"param-{rule_id}-{name}"
                )
                if text.strip() != default:
                    changed[f"{rule_id}.{name}"] = text.strip()
    return changed


def compute(
    as_of: dt.date, rule_ids: list[str], params: dict[str, str] | None = None
) -> tuple[list[Flag], list[str]]:
    """The flags of the chosen rules (the runner's own functions) and why some cannot run."""
    db = get_db()
    params = params or {}
    if set(rule_ids) == set(CATALOGUE):
        flags = run_all(db, as_of, params)
    else:
        flags = [
            f for rule_id in rule_ids for f in run_rule(db, rule_id, as_of, params, strict=False)
        ]
    notices = [n for rule_id in rule_ids for n in rule_notices(db, CATALOGUE[rule_id])]
    # The app's run is recorded like `oversight flags` (a :RuleRun with its actor): its flags
    # become or update cases (queries/casework).
    record_run(db, flags, audit.current_user(), as_of, params, via="app", rules=rule_ids)
    audit.record(
        "run_flags",
        target=",".join(rule_ids) if set(rule_ids) != set(CATALOGUE) else "all",
        detail={
            "as_of": as_of.isoformat(),
            "flags": len(flags),
            **({"params": params} if params else {}),
        },
    )
    return flags, notices


def flags_frame(flags: list[Flag]) -> pd.DataFrame:
    """The shared renderer's rows (queries.export), headed in the reader's language."""
    heads = [zh if lang() == "zh" else en for _, zh, en in export.COLUMNS]
    cells = export.rows(flags)
    if lang() != "zh":
        at = [key for key, _, _ in export.COLUMNS].index("summary")
        for row, flag in zip(cells, flags, strict=True):
            row[at] = flag.summary_en or row[at]
    return pd.DataFrame(cells, columns=heads)


def _choice(flags: list[Flag], index: int) -> str:
    flag = flags[index]
    severity = SEVERITY_ZH[flag.severity] if lang() == "zh" else flag.severity
    summary = flag.summary if lang() == "zh" else (flag.summary_en or flag.summary)
    return f"{flag.rule} · {severity} · {flag.subject_name} · {summary[:60]}"


def provenance_rows(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per (node, registry row that asserted it)."""
    db = get_db()
    out = []
    for node in nodes:
        label = viz.primary_label(node.get("labels", []))
        entries = node.get("properties", {}).get("sources") or []
        found = reads.source_rows(db, list(entries))
        for source in found or [{"file": "", "registry": "", "row": ""}]:
            out.append(
                {
                    t("flags.node"): node.get("caption"),
                    t("overview.label"): t(f"label.{label}"),
                    t("flags.key"): node.get("key"),
                    t("data.file"): source["file"],
                    t("data.registry"): source["registry"] or "",
                    t("flags.row"): str(source["row"]),
                }
            )
    return out


def _audit_evidence(flag: Flag) -> None:
    """Opening a flag's evidence is looking at its subject: one entry per flag opened."""
    target = f"{flag.rule}:{flag.subject_id}:{flag.summary}"
    if st.session_state.get(AUDITED_KEY) == target:
        return
    audit.record(
        "view_evidence",
        target=flag.subject_id,
        detail={"rule": flag.rule, "name": flag.subject_name, "kind": flag.subject_kind},
    )
    st.session_state[AUDITED_KEY] = target


def _evidence(flag: Flag) -> None:
    _audit_evidence(flag)
    rule = CATALOGUE[flag.rule]
    st.markdown(f"**{flag.rule} {rule_title(flag.rule)}** · {flag.subject_name}")
    st.write(flag.summary if lang() == "zh" else (flag.summary_en or flag.summary))
    st.caption(t("flags.basis", basis=rule.basis))
    nodes, relationships = evidence_graph(get_db(), flag)
    subject = next((n["id"] for n in nodes if n.get("key") == flag.subject_id), None)
    selected = viz.show(
        nodes, relationships, key="flag_evidence", highlight={subject} if subject else None
    )
    st.markdown(f"**{t('flags.sources')}**")
    if selected:
        st.caption(t("flags.selected", n=len(selected)))
    shown = [n for n in nodes if n["id"] in selected] or nodes
    st.dataframe(pd.DataFrame(provenance_rows(shown)), hide_index=True)


def _downloads(flags: list[Flag], as_of: str) -> None:
    left, right = st.columns(2)
    detail = {"as_of": as_of, "flags": len(flags)}
    left.download_button(
        t("flags.download_csv"),
        data=export.to_csv(flags).encode("utf-8-sig"),  # BOM: Excel reads the Chinese
        file_name=f"flags-{as_of}.csv",
        mime="text/csv",
        on_click=audit.record,
        args=("export", "flags.csv", detail),
    )
    right.download_button(
        t("flags.download_xlsx"),
        data=export.to_xlsx(flags, per_rule=True),
        file_name=f"flags-{as_of}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        on_click=audit.record,
        args=("export", "flags.xlsx", detail),
    )


def render() -> None:
    st.title(t("flags.title"))
    st.caption(t("flags.intro"))
    left, right = st.columns([1, 3])
    with left:
        as_of = as_of_input("flags_as_of")
    chosen = right.multiselect(
        t("flags.rules"),
        options=list(CATALOGUE),
        default=list(CATALOGUE),
        format_func=lambda rule_id: f"{rule_id} {rule_title(rule_id)}",
        key="flags_rules",
    )
    params = _param_inputs(chosen)
    if st.button(t("flags.run"), type="primary", key="flags_run", disabled=not chosen):
        flags, notices = compute(as_of, chosen, params)
        st.session_state[RESULT_KEY] = {
            "as_of": as_of.isoformat(),
            "flags": flags,
            "notices": notices,
        }
    result = st.session_state.get(RESULT_KEY)
    if not result:
        st.info(t("flags.hint"))
        return
    flags = result["flags"]
    for notice in result["notices"]:
        st.warning(notice)
    counts = {s: sum(1 for f in flags if f.severity == s) for s in ("high", "medium", "low")}
    st.markdown(
        t("flags.count", n=len(flags), as_of=result["as_of"], **counts),
    )
    if not flags:
        return
    st.dataframe(flags_frame(flags), hide_index=True, height=320)
    _downloads(flags, result["as_of"])
    st.subheader(t("flags.evidence"))
    index = st.selectbox(
        t("flags.choose"),
        options=range(len(flags)),
        format_func=lambda i: _choice(flags, i),
        key="flags_choice",
    )
    if index is not None:
        _evidence(flags[index])
