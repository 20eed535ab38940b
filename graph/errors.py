"""The product's errors, each with the exit status the command line contract gives it.

0 success, 1 usage, 2 bad input (with a report of every problem), 3 database unreachable.
Every module raises these; only `app/cli.py` turns them into messages and exit codes.
"""

from __future__ import annotations

from typing import Any


class OversightError(Exception):
    """An error a user can act on: printed as one message, never as a traceback."""

    exit_code = 1


class UsageError(OversightError):
    exit_code = 1


class BadInput(OversightError):
    """Input that does not satisfy its contract. `problems` lists every problem found;
    `full_list` says where the whole list can be read (a file, or how to write one): the
    command line shows only the first problems of a long list when it can say so."""

    exit_code = 2

    def __init__(
        self, message: str, problems: list[Any] | None = None, *, full_list: str | None = None
    ) -> None:
        super().__init__(message)
        self.problems = problems or []
        self.full_list = full_list


class DatabaseUnavailable(OversightError):
    """The database cannot be reached, or the local server cannot be started."""

    exit_code = 3
