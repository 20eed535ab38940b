"""Run `oversight ...` as the console script does (app.cli.main: errors -> exit status)."""

from __future__ import annotations

import pytest

from app.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """(exit status, standard output + standard error) of one command."""
    capsys.readouterr()
    with pytest.raises(SystemExit) as done:
        main(list(args))
    captured = capsys.readouterr()
    code = done.value.code
    return (0 if code is None else int(code)), captured.out + captured.err
