"""`oversight stats [--as-of DATE] --format json|table`: the overview figures."""

from __future__ import annotations

import datetime as dt
import json

import click

from app.shell import as_of_option, format_option
from graph.db import get_db
from loaders.loadmark import current as current_load_mark
from queries.stats import overview, render_table


@click.command()
@as_of_option(
    "截至日期 YYYY-MM-DD：只统计此前365天内的记录；不指定则统计全部 "
    "(count the 365 days up to this date; default: all records)",
)
@format_option(("json", "table"))
def stats(as_of: dt.datetime | None, fmt: str) -> None:
    """监督工作概览数字 (the overview figures: talks, problems, sanctions, tasks …)."""
    day = as_of.date() if as_of else None
    db = get_db()
    mark = current_load_mark(db)
    if mark is not None:  # figures of a partial graph: say so, still show them
        click.echo(f"警告 (warning): {mark.sentence()}", err=True)
    figures = overview(db, day)
    if fmt == "json":
        click.echo(json.dumps(figures, ensure_ascii=False, indent=2))
    else:
        click.echo(render_table(figures, day))
