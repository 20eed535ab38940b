"""`oversight --help` must not pay for the heavy libraries: commands are imported lazily."""

from __future__ import annotations

import subprocess
import sys

from click.testing import CliRunner

from app.cli import COMMANDS, cli

HEAVY = ("followthemoney", "pandas", "igraph", "streamlit", "neo4j", "queries.runner", "networkx")


def test_importing_the_cli_loads_no_heavy_module() -> None:
    code = f"import sys; import app.cli; print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_help_lists_every_command_without_importing_it() -> None:
    code = (
        "import sys; from app.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        f"print('LOADED', ','.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip().endswith("LOADED")
    for name in COMMANDS:
        assert name in result.stdout


def test_every_declared_command_resolves() -> None:
    for name in COMMANDS:
        command = cli.get_command(None, name)  # type: ignore[arg-type]
        assert command is not None and command.name == name, name


def test_unknown_command_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["no-such-command"])
    assert result.exit_code == 2
    assert "No such command" in result.output


LIGHT_PATHS = (["db", "status", "--home", "{home}"], ["report", "--list"])


def test_db_status_and_report_list_load_no_heavy_module(tmp_path) -> None:
    # `db status` reads the home's files; `report --list` the catalogue's front matter
    for argv in LIGHT_PATHS:
        args = [a.format(home=tmp_path / "home") for a in argv]
        code = (
            "import sys; from app.cli import main\n"
            f"try:\n    main({args!r})\nexcept SystemExit:\n    pass\n"
            f"print('LOADED', ','.join(m for m in {HEAVY!r} if m in sys.modules))"
        )
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        assert result.stdout.strip().splitlines()[-1] == "LOADED", (argv, result.stdout)


def test_light_copies_match_the_modules_they_stand_for() -> None:
    from app.commands import report
    from queries import export, runner

    assert report.FORMATS == export.FORMATS
    assert report.CONFIG_ENV == runner.CONFIG_ENV


def test_demo_starts_its_server_sized_to_the_machine(tmp_path, monkeypatch) -> None:
    """`oversight demo` without NEO4J_URI starts the local server with the memory `db start`
    would choose (Neo4j's recommendation shared among running servers), not a fixed heap.
    The start is stopped right there: what is checked is what it was asked for."""
    from graph import server

    chosen = server.MemoryChoice(server.Memory("3g", "2g"), 24_000, 20_000, 1)
    asked: dict = {}

    class Stop(Exception):
        pass

    def start(home, **kwargs):
        asked.update(kwargs, home=home)
        raise Stop

    monkeypatch.delenv("NEO4J_URI", raising=False)
    monkeypatch.setenv("OVERSIGHT_HOME", str(tmp_path / "home"))  # demo sets it: restored after
    monkeypatch.setattr(server, "choose_memory", lambda lib=None: chosen)
    monkeypatch.setattr(server, "start", start)
    result = CliRunner().invoke(cli, ["demo", "--home", str(tmp_path / "home")])
    assert isinstance(result.exception, Stop), result.output
    assert asked["memory"] == server.Memory("3g", "2g")
    assert asked["home"] == tmp_path / "home"


def test_the_driver_comes_without_pandas_and_pandas_still_imports() -> None:
    """graph/driver.py: a command that connects, or a bulk load's two processes, do not pay
    for pandas (the driver's optional DataFrame support); a process that wants pandas (the
    app) imports it as usual."""
    code = (
        "import sys; import graph.db, loaders.bulk, app.adhoc, queries.casework.ledger\n"
        "print('neo4j' in sys.modules, 'pandas' in sys.modules)\n"
        "import pandas; print(pandas.DataFrame({'a': [1]}).shape)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.split("\n")[:2] == ["True False", "(1, 1)"]
