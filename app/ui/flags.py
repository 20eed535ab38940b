"""风险线索 Flags: run the canned reports as of a date, read the flags, open the evidence of
one as a graph with the registry rows behind each node, download CSV or xlsx."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import streamlit as st

from app import audit, reads
from app.ui import cached, links, viz
from app.ui.shell import lang, t
from graph.db import get_db
from model.vocab import KINSHIP_CLASSES, SEVERITY_ZH
from queries import export
from queries.casework.ledger import record_run
from queries.catalogue import CATALOGUE
from queries.runner import Flag, rule_notices, run_rule

RESULT_KEY = "flags_result"
AUDITED_KEY = "flags_audited"


def rule_title(rule_id: str) -> str:
    rule = CATALOGUE[rule_id]
    return rule.title_zh if lang() == "zh" else rule.title_en


def rule_basis(rule_id: str) -> str:
    """The rule's policy basis in the reader's language."""
    rule = CATALOGUE[rule_id]
    return rule.basis_zh if lang() == "zh" else rule.basis_en


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


KINSHIP = KINSHIP_CLASSES


def _param_inputs(rule_ids: list[str]) -> dict[str, str]:
    """Overrides as `RULE-ID.name` -> text, only those changed from the declared default
    (the runner parses and checks them, as for `--param`). Each parameter is shown with its
    meaning; kinship classes as 配偶/直系/三代旁系…, numbers as numbers."""
    changed: dict[str, str] = {}
    # the forty-odd inputs are drawn only when asked for (they cost every rerun otherwise)
    if not st.toggle(t("flags.params"), key="flags_edit"):
        return changed
    with st.container(border=True):
        for rule_id in rule_ids:
            rule = CATALOGUE[rule_id]
            defaults = rule.defaults()
            if not rule.parameters:
                continue
            st.markdown(f"**{rule_id} {rule_title(rule_id)}**")
            for name, parameter in rule.parameters.items():
                default = defaults[name]
                meaning = parameter.zh if lang() == "zh" else parameter.en
                label = f"{meaning} ({name})"
                key = f"param-{rule_id}-{name}"
                if name == "kinship" and parameter.type == "list[str]":
                    value = st.multiselect(
                        label, options=list(KINSHIP), default=list(default), key=key,
                        format_func=lambda k: t(f"kinship.{k}"),
                        placeholder=t("rules.kinship_none"),
                    )  # fmt: skip
                    text = ",".join(value)
                elif parameter.type == "int":
                    text = str(int(st.number_input(label, value=int(default), step=1, key=key)))
                elif parameter.type == "float":
                    text = str(float(st.number_input(label, value=float(default), key=key)))
                else:
                    text = st.text_input(label, value=param_text(default), key=key).strip()
                if text != param_text(default) and not (
                    parameter.type == "float" and float(text) == float(default)
                ):
                    changed[f"{rule_id}.{name}"] = text
    return changed


def compute(
    as_of: dt.date, rule_ids: list[str], params: dict[str, str] | None = None
) -> tuple[list[Flag], list[str]]:
    """The flags of the chosen rules (the runner's own functions, two at a time as run_all
    does), with a progress bar, and why some cannot run."""
    from concurrent.futures import ThreadPoolExecutor, as_completed

    from queries.runner import PARALLEL_RULES, check_params_known, load_config

    db = get_db()
    params = params or {}
    check_params_known(params)
    config = load_config()
    bar = st.progress(0.0, text=t("flags.progress", done=0, n=len(rule_ids)))
    done: dict[str, list[Flag]] = {}
    with ThreadPoolExecutor(max_workers=PARALLEL_RULES) as pool:
        futures = {
            pool.submit(run_rule, db, rule_id, as_of, params, config, False): rule_id
            for rule_id in rule_ids
        }
        for future in as_completed(futures):
            done[futures[future]] = future.result()
            bar.progress(len(done) / len(rule_ids), text=t("flags.progress", done=len(done), n=len(rule_ids)))  # fmt: skip
    bar.empty()
    flags = [f for rule_id in CATALOGUE if rule_id in done for f in done[rule_id]]
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


def _downloads(flags: list[Flag], as_of: str) -> None:
    left, right = st.columns(2)
    detail = {"as_of": as_of, "flags": len(flags)}
    left.download_button(
        t("flags.download_csv"),
        data=export.to_csv(flags).encode("utf-8-sig"),  # BOM: Excel reads the Chinese
        file_name=f"flags-{as_of}.csv",
        mime="text/csv",
        on_click=audit.record_click,
        args=("export", "flags.csv", detail),
    )
    right.download_button(
        t("flags.download_xlsx"),
        data=export.to_xlsx(flags, per_rule=True),
        file_name=f"flags-{as_of}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        on_click=audit.record_click,
        args=("export", "flags.xlsx", detail),
    )


def _filters(flags: list[Flag], as_of: dt.date) -> list[Flag]:
    """Filter by rule, severity, unit and leader, each kept in the address (?rule=&severity=
    &unit=&leader=) so a filtered list can be sent to a colleague."""
    cols = st.columns([2, 1, 1, 1])
    url_rules = [r for r in (links.param("rule") or "").split(",") if r in CATALOGUE]
    url_sev = [x for x in (links.param("severity") or "").split(",") if x in SEVERITY_ZH]
    if "flt_rule" not in st.session_state or st.session_state.get("_flt_url") != dict(
        st.query_params
    ):
        st.session_state["flt_rule"] = url_rules
        st.session_state["flt_sev"] = url_sev
        st.session_state["flt_unit"] = links.param("unit") or ""
        st.session_state["flt_leader"] = links.param("leader") or ""
    rules = cols[0].multiselect(t("flags.rules"), options=list(CATALOGUE), key="flt_rule",
                                format_func=lambda r: f"{r} {rule_title(r)}",
                                placeholder=t("flags.all"))  # fmt: skip
    severities = cols[1].multiselect(t("risk.hit_severity"), options=list(SEVERITY_ZH),
                                     key="flt_sev", format_func=lambda x: t(f"severity.{x}"),
                                     placeholder=t("flags.all"))  # fmt: skip
    unit = cols[2].text_input(t("flags.unit_filter"), key="flt_unit").strip()
    leader = cols[3].text_input(t("flags.leader_filter"), key="flt_leader").strip()
    links.set_param("rule", ",".join(rules) or None)
    links.set_param("severity", ",".join(severities) or None)
    links.set_param("unit", unit or None)
    links.set_param("leader", leader or None)
    st.session_state["_flt_url"] = dict(st.query_params)
    out = flags
    if rules:
        out = [f for f in out if f.rule in rules]
    if severities:
        out = [f for f in out if f.severity in severities]
    if unit:
        out = [f for f in out
               if f.subject_id == unit or any(unit in ids for ids in f.evidence.values())]  # fmt: skip
    if leader:
        led = cached.leader(as_of, cached.generation(), leader)
        units = set(led.top_units) if led else set()
        out = [f for f in out
               if (f.subject_kind == "person" and f.subject_id == leader)
               or (f.subject_kind == "unit" and f.subject_id in units)
               or any(leader in ids for ids in f.evidence.values())]  # fmt: skip
    return out


def table_frame(flags: list[Flag]) -> pd.DataFrame:
    """The flags as the table shows them: linked subject and flag page, one language."""
    rows = []
    for f in flags:
        page, key = ("person", "id") if f.subject_kind == "person" else ("unit", "id")
        rows.append(
            {
                t("flags.rule"): f.rule,
                t("flags.rule_title"): rule_title(f.rule),
                t("flags.severity"): t(f"severity.{f.severity}"),
                t("dossier.subject"): links.labelled(page, f.subject_name, **{key: f.subject_id}),
                t("dossier.summary"): f.summary if lang() == "zh" else (f.summary_en or f.summary),
                t("dossier.open_flag"): links.labelled("flag", t("dossier.evidence"), id=cached.flag_id(f)),
            }
        )  # fmt: skip
    return pd.DataFrame(rows)


def render() -> None:
    links.arrive("flags")
    st.title(t("flags.title"))
    st.caption(t("flags.intro"))
    as_of = links.as_of()
    params = _param_inputs(list(CATALOGUE))
    run = st.button(t("flags.run"), type="primary", key="flags_run")
    if run:
        flags, notices = compute(as_of, list(CATALOGUE), params)
        st.session_state[RESULT_KEY] = {"as_of": as_of.isoformat(), "flags": flags,
                                        "notices": notices, "params": params}  # fmt: skip
    result = st.session_state.get(RESULT_KEY)
    if result and result["as_of"] == as_of.isoformat() and result.get("params"):
        flags, notices = result["flags"], result["notices"]
        st.info(t("flags.custom", n=len(result["params"])))
    else:
        with st.spinner(t("flags.running")):
            flags = cached.flags(as_of, cached.generation())
        notices = result["notices"] if result else []
    for notice in notices:
        st.warning(notice)
    counts = {s: sum(1 for f in flags if f.severity == s) for s in ("high", "medium", "low")}
    st.markdown(t("flags.count", n=len(flags), as_of=as_of.isoformat(), **counts))
    shown = _filters(flags, as_of)
    if len(shown) != len(flags):
        st.caption(t("flags.filtered", n=len(shown)))
    if not shown:
        return
    frame = table_frame(shown)
    st.dataframe(
        frame,
        hide_index=True,
        height=min(35 * len(frame) + 40, 900),
        column_config={
            t("dossier.subject"): links.link_column(t("dossier.subject")),
            t("dossier.open_flag"): links.link_column(t("dossier.open_flag")),
        },
        key="flags_table",
        on_select="rerun",
        selection_mode="single-row",
    )
    picked = st.session_state.get("flags_table", {}).get("selection", {}).get("rows", [])
    if picked and picked[0] < len(shown):
        links.go("flag", id=cached.flag_id(shown[picked[0]]))
    _downloads(shown, as_of.isoformat())
