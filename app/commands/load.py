"""`oversight load` and `oversight matches`: thin wrappers over loaders.pipeline and
loaders.identity."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from app import audit
from app.exports import record_export
from graph.db import get_db
from graph.errors import UsageError
from loaders import ftm, identity
from loaders.pipeline import LoadSummary, append_changes, load_path
from loaders.registry_names import get_registry
from loaders.snapshot import MASS_END_SHARE, SnapshotReport
from loaders.write import DEFAULT_BATCH_SIZE
from model.registry import REGISTRIES


def _print_summary(summary: LoadSummary) -> None:
    for f in summary.files:
        line = (
            f"{f.file} [{f.registry}]: 读取 {f.rows_read} 行 (rows read)"
            + (
                ""
                if summary.dry_run
                else f", 新建 {f.created} (created), 更新 {f.updated} (updated), "
                f"未变 {f.unchanged} (unchanged)"
            )
            + (f", 跳过 {f.skipped_rows} 行 (skipped)" if f.skipped_rows else "")
            + f", 警告 {f.warnings} (warnings), 错误 {f.errors} (errors)"
        )
        click.echo(line)
    for problem in summary.problems:
        if not problem.is_error:
            click.echo(f"  {problem}", err=True)
    for snap in summary.snapshots:
        _print_snapshot(snap, summary.dry_run)
    verb = (
        "校验完成，未写入 (validated, nothing written)" if summary.dry_run else "载入完成 (loaded)"
    )
    click.echo(
        f"{verb}: {len(summary.files)} 个文件 (files), 读取 {summary.rows_read} 行 (rows read), "
        f"新建 {summary.created} (created), 更新 {summary.updated} (updated), "
        f"未变 {summary.unchanged} (unchanged), 警告 {summary.warnings} (warnings), "
        f"错误 {summary.errors} (errors), {summary.seconds:.1f} 秒 (s), "
        f"{summary.rows_per_second:,.0f} 行/秒 (rows/s)"
    )
    if summary.identity is not None:
        ident = summary.identity
        click.echo(
            f"身份识别 (identity): 同一人 {ident.same_as} (SAME_AS), "
            f"疑似匹配 {ident.possible_matches} (possible matches), "
            f"按姓名关联的信访对象 {ident.complaint_subjects} (complaint subjects by name), "
            f"按名称关联的企业 {ident.company_names} (companies by name), "
            f"亲属的企业方人员 {ident.relative_holders} (relative holders, derived), "
            f"供应商上游企业 {ident.near_suppliers} (companies near a supplier, derived)"
        )


SHOWN_CHANGES = 50


def _print_snapshot(snap: SnapshotReport, dry_run: bool) -> None:
    reg = REGISTRIES[snap.registry]
    verb = "作为快照将 (as a snapshot would do)" if dry_run else "快照 (snapshot)"
    if snap.first and not dry_run:
        click.echo(
            f"{verb} {reg.zh} ({reg.name}) 截至 {snap.snapshot_date}: 首次导出，"
            f"{snap.appeared} 项 (first export: {snap.appeared} facts)"
        )
        return
    click.echo(f"{verb} {reg.zh} ({reg.name}) 截至 {snap.snapshot_date}: {snap.counts_line()}")
    for change in snap.changes[:SHOWN_CHANGES]:
        click.echo(f"  {change.describe()}")
    hidden = len(snap.changes) - SHOWN_CHANGES
    if hidden > 0:
        click.echo(
            f"  … 另有 {hidden} 项变化未显示，见 oversight changes {reg.name} "
            f"({hidden} more: oversight changes {reg.name})"
        )


@click.command()
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--registry", default=None, help="登记表名称 (registry name, English or Chinese)")
@click.option(
    "--mapping",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="映射文件 YAML (column renames and value maps)",
)
@click.option("--dry-run", is_flag=True, help="只校验，不写入 (validate only)")
@click.option("--skip-bad-rows", is_flag=True, help="跳过有错误的行 (load the good rows)")
@click.option(
    "--batch-size", type=click.IntRange(min=1), default=DEFAULT_BATCH_SIZE, show_default=True
)
@click.option(
    "--report",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="问题清单写入 CSV (write every problem to this CSV)",
)
@click.option(
    "--store-clear-ids",
    is_flag=True,
    help="明文保存身份证号 (store 身份证号 in clear; off by default)",
)
@click.option("--no-progress", is_flag=True, help="不显示进度条 (no progress bar)")
@click.option(
    "--bulk",
    is_flag=True,
    help="首次载入空的本地数据库：离线批量导入，结果与普通载入相同 "
    "(first load into the empty local database through neo4j-admin import)",
)
@click.option(
    "--snapshot/--no-snapshot",
    "snapshot",
    default=None,
    help="文件是截至快照日期的完整登记表：未再出现的事实被终止 (the file is the whole registry: "
    "what it no longer states ends); default: as the registry is declared",
)
@click.option(
    "--snapshot-date",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="快照日期 (snapshot date; default: today)",
)
@click.option(
    "--allow-mass-end",
    is_flag=True,
    help=f"确认终止超过 {MASS_END_SHARE:.0%} 的事实 (confirm a snapshot that ends many facts)",
)
def load(
    path: Path,
    registry: str | None,
    mapping: Path | None,
    dry_run: bool,
    skip_bad_rows: bool,
    batch_size: int,
    report: Path | None,
    store_clear_ids: bool,
    no_progress: bool,
    bulk: bool,
    snapshot: bool | None,
    snapshot_date: dt.datetime | None,
    allow_mass_end: bool,
) -> None:
    """载入登记表文件或文件夹 (load a registry file, or a folder of them in dependency order;
    `.ftm.json`/`.jsonl`: FollowTheMoney entities)."""
    if bulk and ftm.is_ftm_path(path) and registry is None:
        raise UsageError("--bulk 只用于登记表文件 (--bulk takes registry files, not FtM)")
    try:
        if ftm.is_ftm_path(path) and registry is None:
            summary = ftm.load_ftm(
                path,
                dry_run=dry_run,
                skip_bad_rows=skip_bad_rows,
                batch_size=batch_size,
                report=report,
                store_clear_ids=store_clear_ids,
            )
        elif bulk and not dry_run:
            from loaders.bulk import load_bulk

            summary = load_bulk(
                path,
                registry=registry,
                mapping=mapping,
                skip_bad_rows=skip_bad_rows,
                report=report,
                progress=not no_progress,
                store_clear_ids=store_clear_ids,
                snapshot_date=snapshot_date.date() if snapshot_date else None,
                by=audit.current_user(),
            )
        else:
            summary = load_path(
                path,
                registry=registry,
                mapping=mapping,
                dry_run=dry_run,
                skip_bad_rows=skip_bad_rows,
                batch_size=batch_size,
                report=report,
                progress=not no_progress,
                store_clear_ids=store_clear_ids,
                snapshot=snapshot,
                snapshot_date=snapshot_date.date() if snapshot_date else None,
                allow_mass_end=allow_mass_end,
                by=audit.current_user(),
            )
            if report is not None and summary.snapshots:
                append_changes(summary.snapshots, report)
        _print_summary(summary)
        if report is not None:
            click.echo(f"问题清单已写入 (problem report written): {report}")
    finally:
        if report is not None and report.exists():
            record_export("load problems", "csv", report, _report_rows(report))


def _report_rows(report: Path) -> int:
    with report.open("rb") as handle:
        return max(sum(1 for _ in handle) - 1, 0)


@click.group(invoke_without_command=True)
@click.option(
    "--status",
    type=click.Choice(identity.STATUSES),
    default=None,
    help="只列出此状态 (only this status)",
)
@click.option("--limit", type=click.IntRange(min=1), default=200, show_default=True)
@click.pass_context
def matches(ctx: click.Context, status: str | None, limit: int) -> None:
    """疑似同一人（按姓名）：列出、确认、否决 (possible same-person matches by name)."""
    if ctx.invoked_subcommand is not None:
        return
    rows = identity.list_matches(get_db(), status, limit)
    if not rows:
        click.echo("没有疑似匹配 (no possible matches)")
        return
    click.echo(
        "编号 id\t状态 status\t置信度 confidence\t干部/亲属 cadre/relative\t企业方 company side\t企业 companies"
    )
    for r in rows:
        companies = "、".join(c for c in r["companies"] if c)
        click.echo(
            f"{r['match_id']}\t{r['status']}\t{r['confidence']:.2f}\t"
            f"{r['from_name']} ({r['from_pid']}, {r['from_origin']})\t"
            f"{r['to_name']} ({r['to_pid']})\t{companies}"
        )


@matches.command()
@click.argument("match_id")
@click.option("--by", default=None, help="决定人 (who decided; default: the OS user)")
def confirm(match_id: str, by: str | None) -> None:
    """确认为同一人 (confirm a possible match)."""
    row = identity.confirm(get_db(), match_id, by)
    audit.record("decide_match", match_id, {"status": "confirmed"}, user=by, via="cli")
    click.echo(f"已确认 (confirmed): {row['match_id']}")


@matches.command()
@click.argument("match_id")
@click.option("--by", default=None, help="决定人 (who decided; default: the OS user)")
def reject(match_id: str, by: str | None) -> None:
    """否决：不是同一人 (reject a possible match)."""
    row = identity.reject(get_db(), match_id, by)
    audit.record("decide_match", match_id, {"status": "rejected"}, user=by, via="cli")
    click.echo(f"已否决 (rejected): {row['match_id']}")


@click.command()
@click.argument("registry")
@click.option(
    "--snapshot", "snapshot_id", default=None, help="快照编号 (a snapshot id; default: the last)"
)
@click.option("--list", "list_only", is_flag=True, help="列出历次快照 (list the snapshots)")
def changes(registry: str, snapshot_id: str | None, list_only: bool) -> None:
    """登记表两次导出之间的变化 (what changed in a registry between its last two exports)."""
    from loaders import snapshot as snapshots

    reg = get_registry(registry)
    db = get_db()
    loads = snapshots.history(db, reg)
    if not loads:
        click.echo(f"{reg.zh} ({reg.name}): 尚无快照载入 (no snapshot load yet)")
        return
    if list_only:
        for item in loads:
            click.echo(
                f"{item['snapshot_id']}  截至 {item['snapshot_date']}  {item['loaded_at'][:19]}  "
                f"{item['by']}  新增 {item['appeared']} 变更 {item['changed']} "
                f"终止 {item['ended']} 恢复 {item['restarted']}  {', '.join(item['files'])}"
            )
        return
    chosen = (
        next((i for i in loads if i["snapshot_id"] == snapshot_id), None)
        if snapshot_id
        else loads[0]
    )
    if chosen is None:
        raise click.UsageError(f"没有快照 {snapshot_id} (no snapshot {snapshot_id} of {reg.name})")
    click.echo(
        f"{reg.zh} ({reg.name}) 快照 {chosen['snapshot_id']} 截至 {chosen['snapshot_date']} "
        f"({', '.join(chosen['files'])}): 新增 {chosen['appeared']} (appeared), 变更 "
        f"{chosen['changed']} (changed), 终止 {chosen['ended']} (ended), 恢复 "
        f"{chosen['restarted']} (started again)"
    )
    for change in snapshots.changes_of(db, reg, chosen["snapshot_id"]):
        click.echo(f"  {change.describe()}")
