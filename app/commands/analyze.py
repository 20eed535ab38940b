"""`oversight analyze` (centrality, communities, power index, written back) and
`oversight risk` (leaders ranked by composite risk)."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.console import Console
from rich.status import Status
from rich.table import Table

from app import audit
from app.commands.report import FORCE_OPTION, check_load_mark
from app.exports import record_export
from app.shell import CommandError, as_of_option, format_option
from graph.db import get_db
from graph.errors import OversightError, UsageError
from graph.outfiles import Workbook, csv_text, open_private, write_private

if TYPE_CHECKING:  # graph.analytics imports numpy: only for the type checker here
    from graph.analytics.measures import Engine

RISK_COLUMNS = {
    "rank": "排名 rank",
    "person_id": "人员编号 person_id",
    "name": "姓名 name",
    "score": "综合风险 score",
    "power": "权力指数 power",
    "power_rank": "权力排名 power_rank",
    "flag_points": "预警分 flag_points",
    "rules": "触发规则 rules",
    "explanation": "说明 explanation",
}


def _as_of(value: dt.datetime | None) -> dt.date:
    return value.date() if value else dt.date.today()


class _ConsoleReporter:
    """Each phase as a spinner while it runs, then one line with its time."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.status: Status | None = None

    def start(self, phase: str, label: str) -> None:
        self.label = label
        self.status = self.console.status(f"{label} …")
        self.status.start()

    def end(self, phase: str, seconds: float, detail: str) -> None:
        if self.status is not None:
            self.status.stop()
        suffix = f"  [dim]{detail}[/dim]" if detail else ""
        self.console.print(f"[green]✓[/green] {self.label:<28} {seconds:7.2f}s{suffix}")


@click.command()
@as_of_option()
@click.option(
    "--engine",
    type=click.Choice(["auto", "igraph", "networkx"]),
    default="auto",
    show_default=True,
    help="计算引擎 (networkx is the reference; igraph is faster)",
)
@click.option("--dry-run", is_flag=True, help="只计算，不写回 (compute, do not write back)")
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="中介中心性并行进程数 (processes for betweenness on large graphs)",
)
@click.option("--top", type=int, default=10, show_default=True, help="显示前 N 名 (show top N)")
def analyze(
    as_of: dt.datetime | None, engine: Engine, dry_run: bool, workers: int, top: int
) -> None:
    """计算中心性、社区和权力指数并写回图谱 (centrality, communities, power index)."""
    # imported here: every `oversight` command would otherwise pay for numpy and igraph
    from graph.analytics import pipeline
    from graph.analytics.power import component_label

    day = _as_of(as_of)
    console = Console(stderr=True)
    db = get_db()
    db.verify()
    console.print(f"权力网络分析 (power analysis) as of {day.isoformat()}")
    result = pipeline.analyze(
        db,
        day,
        engine=engine,
        write=not dry_run,
        workers=workers,
        reporter=_ConsoleReporter(console),
    )
    console.print(
        f"合计 (total) {result.total_seconds:.2f}s · 引擎 engine={result.measures.engine} · "
        f"{len(result.leaders)} 名领导干部 leaders"
        + ("" if result.written else " · 未写回 (dry run)")
    )
    table = Table(title=f"权力指数前 {top} 名 (top {top} by power index)")
    for header in (
        "排名 rank",
        "人员编号 id",
        "姓名 name",
        "权力指数 power",
        "主要构成 components",
    ):
        table.add_column(header)
    for leader in result.leaders[:top]:
        parts = sorted(leader.components.items(), key=lambda kv: -kv[1]["contribution"])[:3]
        table.add_row(
            str(leader.power_rank),
            leader.pid,
            leader.name or "",
            f"{leader.power_index:.3f}",
            "，".join(
                f"{component_label(name, 'zh')} {value['contribution']:.2f}"
                for name, value in parts
            ),
        )
    Console().print(table)


@click.command()
@as_of_option()
@format_option(("table", "json", "csv", "xlsx"))
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="输出文件 (output file; required for xlsx)",
)
@click.option("--param", "params", multiple=True, help="规则参数 k=v 或 RULE.k=v (rule parameter)")
@click.option("--limit", type=int, default=None, help="只输出前 N 名 (first N only)")
@FORCE_OPTION
def risk(
    as_of: dt.datetime | None,
    fmt: str,
    output: Path | None,
    params: tuple[str, ...],
    limit: int | None,
    force: bool,
) -> None:
    """领导干部综合风险排名：预警（按严重程度、不同规则计）与权力指数
    (leaders ranked by composite risk: flags by severity and distinct rule, plus power)."""
    from queries.risk import flat_record, risk_report
    from queries.runner import parse_param_args

    if fmt == "xlsx" and output is None:
        raise UsageError("xlsx 格式需要 --output 文件 (xlsx needs --output FILE)")
    day = _as_of(as_of)
    db = get_db()
    db.verify()
    try:
        check_load_mark(db, force)
    except OversightError as error:
        raise CommandError(error) from error
    console = Console(stderr=True)
    rows, recomputed = risk_report(db, day, parse_param_args(params), _ConsoleReporter(console))
    if recomputed:
        console.print(
            f"[yellow]注意[/yellow]: 图中没有 {day.isoformat()} 的权力指数，已临时计算（未写回）"
            " (no stored power index for this date: computed in memory, not written)"
        )
    audit.record_report(
        "risk", as_of=day, params=list(params), leaders=len(rows), format=fmt, limit=limit
    )
    if limit is not None:
        rows = rows[:limit]
    if fmt == "json":
        _emit(json.dumps([row.to_dict() for row in rows], ensure_ascii=False, indent=2), output)
    elif fmt == "csv":
        text = csv_text(list(RISK_COLUMNS.values()), _risk_rows(rows))
        _emit(text, output, bom=output is not None)
    elif fmt == "xlsx":
        assert output is not None  # refused above with a UsageError
        book = Workbook()
        book.table("综合风险", list(RISK_COLUMNS.values()), _risk_rows(rows))
        write_private(output, book.close())  # 0600
        console.print(f"已写入 (written) {output}")
    else:
        table = Table(title=f"综合风险排名 composite risk · as of {day.isoformat()}")
        for key in ("rank", "person_id", "name", "score", "power", "rules", "explanation"):
            table.add_column(RISK_COLUMNS[key], overflow="fold")
        for row in rows:
            record = flat_record(row)
            table.add_row(
                str(record["rank"]),
                record["person_id"],
                record["name"] or "",
                f"{record['score']:.2f}",
                "" if record["power"] is None else f"{record['power']:.3f}",
                record["rules"],
                record["explanation"],
            )
        if output is None:
            Console().print(table)
        else:
            with open_private(output) as handle:
                Console(file=handle, width=200).print(table)
    if fmt != "table" or output is not None:
        record_export("risk", fmt, output, len(rows))


def _emit(text: str, output: Path | None, bom: bool = False) -> None:
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    write_private(output, text, "utf-8-sig" if bom else "utf-8")


def _risk_rows(rows: list[Any]) -> list[list[Any]]:
    """Risk rows as cells in RISK_COLUMNS order."""
    from queries.risk import flat_record

    records = [flat_record(row) for row in rows]
    return [[record[key] for key in RISK_COLUMNS] for record in records]
