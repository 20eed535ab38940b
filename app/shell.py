"""What every `oversight` command shares: the one error renderer and the options declared once.

Kept light (click and graph.errors only) so that `oversight --help` and `report --list`
import neither the driver nor pandas (tests/app/test_cli_start.py).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import click

from graph.errors import BadInput, OversightError

MAX_PROBLEMS_SHOWN = 200

F = TypeVar("F", bound=Callable[..., Any])


def render_error(error: OversightError) -> None:
    """An OversightError on stderr: one line, then its problems. The list is shortened only
    when the error says where the whole of it is (`BadInput.full_list`), and then the
    shortening is said, with that place; otherwise every problem is shown."""
    click.echo(f"错误 (error): {error}", err=True)
    problems = error.problems if isinstance(error, BadInput) else []
    where = getattr(error, "full_list", None)
    shown = problems[:MAX_PROBLEMS_SHOWN] if where else problems
    for problem in shown:
        click.echo(f"  {problem}", err=True)
    hidden = len(problems) - len(shown)
    if hidden > 0:
        click.echo(
            f"  … 另有 {hidden} 个问题未显示，完整清单：{where} "
            f"({hidden} more not shown; the full list: {where})",
            err=True,
        )


class CommandError(click.ClickException):
    """An OversightError raised through click (so click's own runner, e.g. CliRunner in the
    tests, shows it the same way and exits with the contract's status)."""

    def __init__(self, error: OversightError) -> None:
        super().__init__(str(error))
        self.error = error
        # click declares exit_code a ClassVar; this error's status is per instance
        self.exit_code = error.exit_code  # type: ignore[misc]

    def show(self, file: Any = None) -> None:
        render_error(self.error)


def errors(command: F) -> F:
    """Wrap a command so that its OversightError is rendered by `render_error` even when the
    command runs outside `app.cli.main` (click's standalone mode)."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except OversightError as error:
            raise CommandError(error) from error

    return wrapper  # type: ignore[return-value]


# ---------------------------------------------------------------- options declared once

DATE_FORMATS = ["%Y-%m-%d"]
AS_OF_HELP = "截至日期 YYYY-MM-DD (as-of date; default today)"


def as_of_option(help: str = AS_OF_HELP) -> Callable[[F], F]:
    """`--as-of YYYY-MM-DD` (parameter `as_of`, a datetime or None)."""
    return click.option(
        "--as-of", "as_of", type=click.DateTime(formats=DATE_FORMATS), default=None, help=help
    )


def format_option(
    choices: tuple[str, ...] | list[str],
    *,
    default: str = "table",
    help: str = "输出格式 (output format)",
    name: str = "fmt",
    show_default: bool = True,
) -> Callable[[F], F]:
    """`--format` (parameter `fmt` unless named otherwise), one of `choices`."""
    return click.option(
        "--format",
        name,
        type=click.Choice(list(choices)),
        default=default,
        show_default=show_default,
        help=help,
    )
