"""The `oversight` command line: a thin shell over the features' functions.

Exit status (the contract scripts rely on): 0 success, 1 usage, 2 bad input (with a report
of every problem), 3 database unreachable. Errors are one message on stderr, never a
traceback, written by the one renderer every command shares (app/shell.py).

Commands are declared in COMMANDS as "module:attribute" and imported only when run (or
when `--help` lists them, which reads only their short help), so `oversight --help` does not
pay for the driver, pandas or followthemoney. Adding a command is one line here.
"""

from __future__ import annotations

import importlib
import sys

import click

from app.shell import render_error
from graph.errors import OversightError

# name -> (module:attribute, short help shown by `oversight --help` without importing it)
COMMANDS: dict[str, tuple[str, str]] = {
    "db": ("app.commands.db:db", "本地 Neo4j 数据库 (the local Neo4j: start, stop, status…)"),
    "load": ("app.commands.load:load", "装入登记表 (load registries or FtM entities)"),
    "matches": ("app.commands.load:matches", "疑似同一人 (possible identity matches)"),
    "changes": ("app.commands.load:changes", "两次导出之间的变化 (what a snapshot changed)"),
    "sample": ("app.commands.sample:sample", "生成样例登记表 (write synthetic registries)"),
    "stats": ("app.commands.stats:stats", "报告数字 (the report's figures)"),
    "report": ("app.commands.report:report", "运行一条规则 (run one rule)"),
    "flags": ("app.commands.report:flags", "运行全部规则 (run every rule)"),
    "explain": ("app.commands.report:explain", "规则说明 (explain a rule)"),
    "cases": ("app.commands.cases:cases", "线索处置 (cases: triage, assign, notes, report)"),
    "runs": ("app.commands.cases:runs", "规则运行记录与比较 (recorded runs, diff)"),
    "analyze": ("app.commands.analyze:analyze", "权力指数与社区 (power index, communities)"),
    "risk": ("app.commands.analyze:risk", "综合风险排名 (leaders by composite risk)"),
    "export": ("app.commands.export:export", "导出 (export, e.g. FollowTheMoney)"),
    "serve": ("app.commands.serve:serve", "启动应用 (serve the Streamlit app)"),
    "demo": ("app.commands.serve:demo", "演示 (start db, load the sample city, serve)"),
    "user": ("app.commands.user:user", "应用用户与角色 (the app's users: add, list, disable…)"),
    "audit": ("app.commands.audit:audit", "审计日志与校验 (read the audit log; verify its chain)"),
}


class LazyGroup(click.Group):
    """A group whose commands are imported the first time they are asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, _, attribute = target[0].partition(":")
        command = getattr(importlib.import_module(module_name), attribute)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, short) for name, (_, short) in COMMANDS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="oversight")
def cli() -> None:
    """监督关系知识图谱 oversight: supervision knowledge graph for discipline inspection."""


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
        render_error(error)
        sys.exit(error.exit_code)
    except BrokenPipeError:
        sys.exit(0)
    sys.exit(0)


if __name__ == "__main__":
    main()
