"""`oversight export --format ftm [--output FILE]`: the graph as FollowTheMoney JSON lines."""

from __future__ import annotations

from pathlib import Path

import click

from app import audit
from app.shell import format_option
from graph.db import get_db
from loaders.ftm_export import export_ftm, export_ftm_file


@click.command()
@format_option(
    ("ftm",),
    name="format_",
    default="ftm",
    help="导出格式 (export format: FollowTheMoney JSON lines)",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="输出文件，默认标准输出 (output file; default: standard output)",
)
def export(format_: str, output: Path | None) -> None:
    """导出图谱为 FollowTheMoney 实体 (export the graph as FtM entities, one per line;
    身份证号 only in masked form)."""
    database = get_db()
    database.verify()
    if output is None:
        # "-": standard output, as click.get_text_stream (deprecated in click 8.5) gave it
        with click.open_file("-", "w") as stdout:
            counts = export_ftm(database, stdout)
    else:
        counts = export_ftm_file(database, output)
    total = sum(counts.values())
    audit.record(
        "export",
        target=str(output.resolve()) if output else "stdout",
        detail={"what": "graph", "format": format_, "rows": total, "entities": total},
        via="cli",
    )
    detail = ", ".join(f"{name} {count}" for name, count in sorted(counts.items()))
    click.echo(f"已导出 {total} 个实体 (exported {total} entities): {detail}", err=True)
    if output is not None:
        click.echo(f"已写入 (written): {output}", err=True)
