"""The `oversight` command line: a thin shell over the features' functions.

Exit status (the contract scripts rely on): 0 success, 1 usage, 2 bad input (with a report
of every problem), 3 database unreachable. Errors are one message on stderr, never a
traceback.
"""

from __future__ import annotations

import sys

import click

from app.commands import analyze as analyze_commands
from app.commands import db as db_commands
from app.commands import export as export_commands
from app.commands import load as load_commands
from app.commands import report as report_commands
from app.commands import sample as sample_commands
from app.commands import serve as serve_commands
from app.commands import stats as stats_commands
from graph.errors import BadInput, OversightError

MAX_PROBLEMS_SHOWN = 200


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="oversight")
def cli() -> None:
    """监督关系知识图谱 oversight: supervision knowledge graph for discipline inspection."""


cli.add_command(db_commands.db)
cli.add_command(load_commands.load)
cli.add_command(load_commands.matches)
cli.add_command(analyze_commands.analyze)
cli.add_command(analyze_commands.risk)
report_commands.register(cli)
cli.add_command(sample_commands.sample)
cli.add_command(stats_commands.stats)
cli.add_command(export_commands.export)
cli.add_command(serve_commands.serve)
cli.add_command(serve_commands.demo)


def _report_problems(error: BadInput) -> None:
    for problem in error.problems[:MAX_PROBLEMS_SHOWN]:
        click.echo(f"  {problem}", err=True)
    hidden = len(error.problems) - MAX_PROBLEMS_SHOWN
    if hidden > 0:
        click.echo(f"  … 另有 {hidden} 个问题未显示 ({hidden} more not shown)", err=True)


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the group, turning every known error into its exit status."""
    try:
        cli.main(args=argv, prog_name="oversight", standalone_mode=False)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except click.UsageError as error:
        error.show()
        sys.exit(1)
    except click.Abort:
        click.echo("已中止 (aborted)", err=True)
        sys.exit(1)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except OversightError as error:
        click.echo(f"错误 (error): {error}", err=True)
        if isinstance(error, BadInput):
            _report_problems(error)
        sys.exit(error.exit_code)
    except BrokenPipeError:
        sys.exit(0)
    sys.exit(0)


if __name__ == "__main__":
    main()
