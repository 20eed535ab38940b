"""`oversight cases …` and `oversight runs …`: the case queue on the command line.

Statuses and reasons are the English keys here (new, reviewing, confirmed, dismissed,
referred; same_name, reported, avoided, data_error, other); the app shows the Chinese words.
Every change goes to the audit log.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any

import click

from app import audit
from app.shell import format_option
from graph.db import get_db
from graph.errors import UsageError
from queries.casework import ledger
from queries.casework.model import REASONS, RUN_STATES, STATUSES, Change, parse_due, reason_zh

FORMATS = ("table", "json", "csv", "xlsx")


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _fit(text: str, width: int) -> str:
    out, used = "", 0
    for ch in text:
        if used + _width(ch) > width - 1 and _width(text) > width:
            return out + "…" + " " * (width - used - 1)
        out, used = out + ch, used + _width(ch)
    return out + " " * (width - used)


def _table(headers: list[str], rows: list[list[str]], widths: list[int]) -> str:
    lines = ["  ".join(_fit(h, w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        lines.append("  ".join(_fit(c, w) for c, w in zip(row, widths, strict=True)).rstrip())
    return "\n".join(lines) + "\n"


def _emit(content: str | bytes, fmt: str, output: Path | None) -> None:
    if output is None:
        if isinstance(content, bytes):
            raise UsageError(f"{fmt} 格式需要 --output 文件 ({fmt} needs --output FILE)")
        click.echo(content, nl=False)
        return
    if isinstance(content, bytes):
        output.write_bytes(content)
    else:
        output.write_text(content, encoding="utf-8-sig" if fmt == "csv" else "utf-8")
    click.echo(f"已写入 (written): {output}", err=True)


# ---------------------------------------------------------------- cases


@click.group()
def cases() -> None:
    """线索处置 (cases: the flags kept across runs, with status, assignee and notes)."""


@cases.command("list")
@click.option("--status", type=click.Choice(list(STATUSES)), help="处置状态 (status)")
@click.option("--assignee", help="承办人 (assignee)")
@click.option("--rule", help="规则编号 (rule id)")
@click.option("--since", "since", metavar="RUN", help="此次运行之后新出现的 (first seen after RUN)")
@click.option("--state", type=click.Choice(list(RUN_STATES)), help="最近一次运行中的状态")
@click.option("--active", is_flag=True, help="不含不再命中的 (leave out gone cases)")
@format_option(FORMATS)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None)
def list_(
    status: str | None,
    assignee: str | None,
    rule: str | None,
    since: str | None,
    state: str | None,
    active: bool,
    fmt: str,
    output: Path | None,
) -> None:
    """列出线索 (list cases), e.g. `oversight cases list --status new --format json`."""
    from queries.casework import report

    found = ledger.list_cases(
        get_db(),
        status=status,
        assignee=assignee,
        rule=rule,
        since=since,
        run_state=state,
        include_gone=not active,
    )
    if fmt == "json":
        content: str | bytes = json.dumps(found, ensure_ascii=False, indent=2) + "\n"
    elif fmt == "csv":
        content = report.cases_csv(found)
    elif fmt == "xlsx":
        content = report.cases_xlsx(found)
    else:
        rows = [
            [
                c["case_id"],
                f"{c['status_zh']}",
                c["rule"],
                c["subject_name"] or c["subject_id"],
                c["assignee"] or "",
                RUN_STATES.get(c["run_state"], {}).get("zh", c["run_state"]),
                c["summary"],
            ]
            for c in found
        ]
        headers = ["线索编号", "状态", "规则", "对象", "承办人", "本次", "摘要"]
        content = _table(headers, rows, [16, 8, 6, 10, 10, 10, 60])
        content += f"共 {len(found)} 条线索 ({len(found)} cases)\n"
    if fmt != "table":
        audit.record(
            "export", target="cases", detail={"format": fmt, "cases": len(found)}, via="cli"
        )
    _emit(content, fmt, output)


def _show_text(case: dict[str, Any]) -> str:
    lines = [
        f"线索 {case['case_id']}  第 {case['version']} 版 (version)",
        f"规则 rule: {case['rule']} {case['title']}",
        f"对象 subject: {case['subject_name']} ({case['subject_kind']} {case['subject_id']})",
        f"摘要: {case['summary']}",
        f"状态 status: {case['status_zh']} ({case['status']})",
    ]
    if case.get("reason"):
        lines.append(
            f"排除理由 reason: {reason_zh(case['reason'])} ({case['reason']}) "
            + (case.get("reason_text") or "")
        )
    if case.get("referred_to"):
        lines.append(f"移送 referred to: {case['referred_to']}")
    lines += [
        f"承办人 assignee: {case['assignee'] or '—'}   期限 due: {case['due'] or '—'}",
        f"首次发现 first seen: {case['first_seen']} ({case['first_run']})   "
        f"最近 last seen: {case['last_seen']} ({case['last_run']})",
        f"最近一次运行 run state: {RUN_STATES.get(case['run_state'], {}).get('zh')} "
        f"({case['run_state']})",
    ]
    if case.get("previous_case_id"):
        lines.append(f"接续 follows: {case['previous_case_id']}  变化 changes: {case['changes']}")
    if case.get("superseded_by"):
        lines.append(f"已由 {case['superseded_by']} 接续 (superseded by)")
    lines.append("证据 evidence:")
    lines += [f"  {k}: {', '.join(v)}" for k, v in case["evidence"].items()]
    lines.append("备注 notes:")
    lines += [f"  {n['at']} {n['author']}: {n['text']}" for n in case["notes"]] or ["  —"]
    lines.append("历史 history:")
    for e in case.get("events", []):
        lines.append(
            f"  {e['at']} {e['actor']} {e['kind']} {json.dumps(e['detail'], ensure_ascii=False)}"
        )
    return "\n".join(lines) + "\n"


@cases.command("show")
@click.argument("case_id")
@format_option(("table", "json"))
def show(case_id: str, fmt: str) -> None:
    """显示一条线索：证据、备注、历史 (one case with evidence, notes and history)."""
    case = ledger.get_case(get_db(), case_id)
    audit.record(
        "view_case", target=case["case_id"], detail={"subject": case["subject_id"]}, via="cli"
    )
    if fmt == "json":
        click.echo(json.dumps(case, ensure_ascii=False, indent=2))
    else:
        click.echo(_show_text(case), nl=False)


@cases.command("set")
@click.argument("case_id")
@click.option("--status", type=click.Choice(list(STATUSES)), help="新状态 (new status)")
@click.option("--reason", type=click.Choice(list(REASONS)), help="排除理由 (dismissal reason)")
@click.option("--reason-text", help="理由说明 (reason text; required with `other`)")
@click.option("--referred-to", help="移送去向，如 谈话函询、初步核实、立案审查 (referral target)")
@click.option("--assign", "assignee", help="承办人；空字符串取消 (assignee; '' to clear)")
@click.option("--due", help="期限 YYYY-MM-DD；空字符串取消 (due date; '' to clear)")
@click.option("--note", help="追加备注 (append a note)")
@click.option(
    "--version",
    "version",
    type=int,
    default=None,
    help="您看到的版本；默认在写入前读取 (the version you saw; default: read just before)",
)
def set_(
    case_id: str,
    status: str | None,
    reason: str | None,
    reason_text: str | None,
    referred_to: str | None,
    assignee: str | None,
    due: str | None,
    note: str | None,
    version: int | None,
) -> None:
    """修改线索 (change a case: status, reason, assignee, due date, note).

    A change made by someone else since the version read is refused (exit 2)."""
    db = get_db()
    change = Change(
        status=status,
        reason=reason,
        reason_text=reason_text,
        referred_to=referred_to,
        assignee=assignee,
        due=parse_due(due),
        clear_due=due is not None and due.strip() == "",
        note=note,
    )
    if version is None:
        version = ledger.get_case(db, case_id, history=False)["version"]
    actor = audit.current_user()
    case = ledger.set_case(db, case_id, version, change, actor)
    audit.record(
        "update_case",
        target=case["case_id"],
        detail={
            "status": status,
            "reason": reason,
            "referred_to": referred_to,
            "assignee": assignee,
            "due": due,
            "note": bool(note),
            "version": case["version"],
        },
        user=actor,
        via="cli",
    )
    click.echo(
        f"已修改 {case['case_id']}：{case['status_zh']} ({case['status']})，"
        f"承办人 {case['assignee'] or '—'}，第 {case['version']} 版 (updated)"
    )


@cases.command("report")
@click.argument("case_ids", nargs=-1, required=True)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="报告文件 .html 或 .xlsx (report file)",
)
def report_(case_ids: tuple[str, ...], output: Path) -> None:
    """线索报告：可打印的 HTML 或带汇总页的 xlsx (a printable case report)."""
    from queries.casework import report

    suffix = output.suffix.lower()
    if suffix not in (".html", ".htm", ".xlsx"):
        raise UsageError(
            f"报告文件应为 .html 或 .xlsx (report file must be .html or .xlsx): {output}"
        )
    db = get_db()
    found = [ledger.get_case(db, case_id) for case_id in case_ids]
    if suffix == ".xlsx":
        output.write_bytes(report.cases_xlsx(found, details=True))
    else:
        from app.i18n import translate

        html = report.html_report(
            db, found, words=lambda key: translate(key, "zh"), generated_by=audit.current_user()
        )
        output.write_text(html, encoding="utf-8")
    audit.record(
        "case_report",
        target=",".join(c["case_id"] for c in found),
        detail={"format": suffix.lstrip("."), "cases": len(found)},
        via="cli",
    )
    click.echo(f"已写入 (written): {output}", err=True)


# ---------------------------------------------------------------- runs


@click.group()
def runs() -> None:
    """规则运行记录 (the recorded runs of the rules, and what changed between them)."""


@runs.command("list")
@format_option(("table", "json"))
def runs_list(fmt: str) -> None:
    """列出运行记录 (list recorded runs, newest first)."""
    found = ledger.list_runs(get_db())
    if fmt == "json":
        click.echo(json.dumps(found, ensure_ascii=False, indent=2))
        return
    rows = [
        [
            r["run_id"],
            str(r["at"]),
            str(r["as_of"]),
            r["actor"],
            str(r.get("total", "")),
            str(r.get("new", "")),
            str(r.get("changed", "")),
            str(r.get("unchanged", "")),
            str(r.get("gone", "")),
        ]
        for r in found
    ]
    headers = ["运行", "时间", "截至", "运行人", "线索", "新增", "变化", "未变", "不再命中"]
    click.echo(_table(headers, rows, [6, 25, 10, 12, 6, 6, 6, 6, 8]), nl=False)


def _diff_text(diff: dict[str, Any]) -> str:
    lines = [
        f"{diff['from']} → {diff['to']}：新增 {len(diff['new'])}，有变化 {len(diff['changed'])}，"
        f"不再命中 {len(diff['gone'])}，未变 {diff['unchanged']} "
        "(new, changed, gone, unchanged)"
    ]
    for title, key in (
        ("新增 new", "new"),
        ("有变化 changed", "changed"),
        ("不再命中 gone", "gone"),
    ):
        if diff[key]:
            lines.append(f"{title}:")
        for item in diff[key]:
            extra = ""
            if key == "changed":
                extra = f"  接续 {item['previous_case_id']}（{item['previous_status']}）变化 {json.dumps(item['changes'], ensure_ascii=False)}"
            lines.append(f"  {item['case_id']}  {item['subject_name']}  {item['summary']}{extra}")
    return "\n".join(lines) + "\n"


@runs.command("diff")
@click.argument("run_a", required=False)
@click.argument("run_b", required=False)
@format_option(("table", "json"))
def runs_diff(run_a: str | None, run_b: str | None, fmt: str) -> None:
    """两次运行之间的变化 (what changed between two runs; default the last two)."""
    diff = ledger.diff_runs(get_db(), run_a, run_b)
    if fmt == "json":
        click.echo(json.dumps(diff, ensure_ascii=False, indent=2))
    else:
        click.echo(_diff_text(diff), nl=False)
