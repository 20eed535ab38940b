"""`oversight sample --scale city|county|province [--seed N] --out DIR`: synthetic registries."""

from __future__ import annotations

from pathlib import Path

import click

from sample.scale import SCALES, write_sample


@click.command()
@click.option(
    "--scale",
    type=click.Choice(list(SCALES)),
    default="city",
    show_default=True,
    help="规模 (city: 报告中的城市; county, province: 更大规模)",
)
@click.option("--seed", type=int, default=1, show_default=True, help="随机种子 (random seed)")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="输出目录 (output folder)",
)
def sample(scale: str, seed: int, out: Path) -> None:
    """生成模拟登记表及标准答案 _truth.json (write synthetic registries and their ground truth)."""
    truth = write_sample(out, scale, seed, progress=lambda line: click.echo(line, err=True))
    positives = sum(1 for c in truth["cases"] if c["positive"])
    click.echo(
        f"已写出 {out}：{len(truth['cases'])} 个预置案例（其中阳性 {positives} 个），"
        f"概览数字 {truth['figures']} "
        f"(wrote {out}: {len(truth['cases'])} planted cases, {positives} positive)"
    )
