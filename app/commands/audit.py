"""`oversight audit [--since DATE] [--user U] [--action A] --format table|json|csv` and
`oversight audit verify`: read the audit log, and check its hash chain (app/audit.py)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import click

from app import audit as log
from app.shell import format_option


class AuditGroup(click.Group):
    """`oversight audit` lists; `oversight audit verify` checks."""


@click.group(cls=AuditGroup, invoke_without_command=True)
@click.option(
    "--since",
    type=click.DateTime(formats=["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]),
    default=None,
    help="自此日期起 YYYY-MM-DD，UTC (entries from this date on, UTC)",
)
@click.option("--user", "user", default=None, help="只看此用户，如 alice 或 os:alice (one user)")
@click.option(
    "--action",
    type=click.Choice(list(log.ACTIONS)),
    default=None,
    help="只看此操作 (one action)",
)
@format_option(("table", "json", "csv"))
@click.pass_context
def audit(
    ctx: click.Context, since: dt.datetime | None, user: str | None, action: str | None, fmt: str
) -> None:
    """审计日志：谁在何时看了什么 (the audit log: who saw what, when); `verify` checks it."""
    if ctx.invoked_subcommand is not None:
        return
    start = since.replace(tzinfo=dt.UTC) if since else None
    entries = log.select(reversed(log.read_entries()), start, user, action)  # oldest first
    if fmt == "json":
        click.echo(json.dumps(entries, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        click.echo(log.to_csv(entries), nl=False)
    else:
        click.echo(_table(entries))
    click.echo(f"共 {len(entries)} 条记录 ({len(entries)} entries) · {log.log_path()}", err=True)


def _table(entries: list[dict[str, Any]]) -> str:
    lines = ["序号 seq\t时间 at (UTC)\t用户 user\t途径 via\t操作 action\t对象 target\t详情 detail"]
    for row in log.as_rows(entries):
        target = str(row["target"] or "").replace("\n", " ")
        if len(target) > 80:
            target = target[:79] + "…"
        user = row["user"] + (f" (自称 claimed {row['claimed']})" if row["claimed"] else "")
        lines.append(
            f"{row['seq'] or '-'}\t{row['at']}\t{user}\t{row['via']}\t{row['action']}\t"
            f"{target}\t{row['detail']}"
        )
    return "\n".join(lines)


@audit.command()
def verify() -> None:
    """检查审计日志的哈希链 (check the hash chain: exit 0 intact, 1 broken)."""
    verdict = log.verify()
    path = log.log_path()
    if verdict.intact:
        click.echo(
            f"审计日志完整 (intact): {verdict.entries} 条记录 entries, "
            f"最后 last #{verdict.last_seq} {verdict.last_hash[:16]}… · {path}"
        )
        return
    click.echo(f"审计日志已被改动 (broken) {path}: {verdict.problem}", err=True)
    raise click.exceptions.Exit(1)
