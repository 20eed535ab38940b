"""`oversight report`, `oversight flags`, `oversight explain`: the canned reports (docs/rules.md)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from app.shell import as_of_option, errors, format_option
from graph.errors import UsageError
from model.vocab import SEVERITY_ZH
from queries.catalogue import CATALOGUE, get_rule

if TYPE_CHECKING:
    from graph.db import Database
    from queries.runner import Flag

# queries.export's FORMATS and queries.runner's CONFIG_ENV, repeated here so that
# `report --list` and `--help` import neither the driver nor pandas (tests/app/test_cli_start.py
# checks they stay equal). The runner, the exporter and the audit log are imported by the
# code paths that run rules.
FORMATS = ("table", "json", "csv", "xlsx")
CONFIG_ENV = "OVERSIGHT_RULES_CONFIG"


FORCE_OPTION = click.option(
    "--force",
    is_flag=True,
    help="上次载入未完成时仍运行规则 (run the rules even though a load did not finish)",
)


def check_load_mark(db: Database, force: bool) -> None:
    """Refuse (exit 2) while an unfinished load's mark stands, unless forced; then warn."""
    from loaders.loadmark import refuse_if_marked

    mark = refuse_if_marked(db, force)
    if mark is not None:
        click.echo(f"警告 (warning): {mark.sentence()}", err=True)


def _options(command: Callable[..., None]) -> Callable[..., None]:
    for option in reversed(
        [
            FORCE_OPTION,
            as_of_option(),
            click.option(
                "--param",
                "params",
                multiple=True,
                metavar="K=V",
                help="覆盖参数，可重复；flags 中可写 规则.参数=值 (override; RULE-ID.k=v for one rule)",
            ),
            click.option(
                "--config",
                "config_file",
                type=click.Path(dir_okay=False, path_type=Path),
                default=None,
                help=f"规则配置 YAML (rules config; default ${CONFIG_ENV})",
            ),
            format_option(FORMATS),
            click.option(
                "--output",
                "-o",
                type=click.Path(dir_okay=False, path_type=Path),
                default=None,
                help="输出文件；xlsx 必填 (output file; required for xlsx)",
            ),
        ]
    ):
        command = option(command)
    return command


def _day(as_of: dt.datetime | None) -> dt.date:
    return as_of.date() if as_of else dt.date.today()


def _emit(
    content: str | bytes, fmt: str, output: Path | None, what: str = "", rows: int = 0
) -> None:
    from app.exports import record_export
    from graph.outfiles import write_private

    if output is None:
        if isinstance(content, bytes):
            raise UsageError("xlsx 格式需要 --output 文件 (xlsx needs --output FILE)")
        click.echo(content, nl=False)
    elif isinstance(content, bytes):
        write_private(output, content)  # 0600: exports hold officials' data
    else:
        # A BOM so that Excel opens a CSV of Chinese text as UTF-8.
        write_private(output, content, "utf-8-sig" if fmt == "csv" else "utf-8")
    if fmt != "table" or output is not None:
        record_export(what, fmt, output, rows)
    if output is not None:
        click.echo(f"已写入 (written): {output}", err=True)


def _list_rules() -> str:
    lines = []
    for rule in CATALOGUE.values():
        severity = f"{SEVERITY_ZH[rule.severity]}/{rule.severity}"
        lines.append(f"{rule.id:<6} {severity:<9} {rule.title_zh} ({rule.title_en})")
        for p in rule.parameters.values():
            default = p.default
            if isinstance(default, list):
                default = ",".join(default)
            elif isinstance(default, dict):
                default = ",".join(f"{k}:{v}" for k, v in default.items())
            lines.append(f"         --param {p.name}={default}  [{p.type}] {p.zh} ({p.en})")
    return "\n".join(lines) + "\n"


@click.command()
@click.argument("rule_id", required=False)
@click.option("--list", "list_rules", is_flag=True, help="列出全部规则及参数 (list the catalogue)")
@_options
@errors
def report(
    rule_id: str | None,
    list_rules: bool,
    as_of: dt.datetime | None,
    params: tuple[str, ...],
    config_file: Path | None,
    fmt: str,
    output: Path | None,
    force: bool,
) -> None:
    """运行一条规则 (run one canned report), e.g. `oversight report COI-1 --format json`."""
    if list_rules:
        click.echo(_list_rules(), nl=False)
        return
    if not rule_id:
        raise UsageError("请指定规则编号，或用 --list 查看 (give a RULE_ID, or --list)")
    from app import audit
    from graph.db import get_db
    from queries import export
    from queries.runner import load_config, parse_param_args, resolve_params, rule_notices, run_rule

    rule = get_rule(rule_id)
    overrides = parse_param_args(params)
    config = load_config(config_file)
    resolve_params(rule, overrides, config)  # unknown or ill-typed values fail before the db
    db = get_db()
    check_load_mark(db, force)
    for notice in rule_notices(db, rule):
        click.echo(notice, err=True)
    day = _day(as_of)
    flags = run_rule(db, rule.id, day, overrides, config)
    audit.record_report(rule.id, as_of=day, params=list(params), flags=len(flags), format=fmt)
    _emit(export.render(flags, fmt), fmt, output, f"report {rule.id}", len(flags))


@click.command()
@_options
@click.option(
    "--record/--no-record",
    default=True,
    show_default=True,
    help="记录本次运行并更新线索 (record the run and update the cases; docs/cases.md)",
)
@errors
def flags(
    as_of: dt.datetime | None,
    params: tuple[str, ...],
    config_file: Path | None,
    fmt: str,
    output: Path | None,
    force: bool,
    record: bool,
) -> None:
    """运行全部规则 (all rules' flags in one list; xlsx: one sheet per rule)."""
    from app import audit
    from graph.db import get_db
    from queries import export
    from queries.runner import load_config, parse_param_args, rule_notices, run_all

    overrides = parse_param_args(params)
    config = load_config(config_file)
    db = get_db()
    check_load_mark(db, force)
    for rule in CATALOGUE.values():
        for notice in rule_notices(db, rule):
            click.echo(notice, err=True)
    day = _day(as_of)
    found = run_all(db, day, overrides, config)
    run_id = _record_run(db, found, day, list(params), config_file) if record else None
    audit.record_report(
        "flags", as_of=day, params=list(params), flags=len(found), format=fmt, run_id=run_id
    )
    _emit(export.render(found, fmt, per_rule=True), fmt, output, "flags", len(found))
    if output is not None or fmt != "table":
        click.echo(f"共 {len(found)} 条风险提示 ({len(found)} flags)", err=True)


def _record_run(
    db: Database, found: list[Flag], day: dt.date, params: list[str], config: Path | None
) -> str:
    """The run kept as a :RuleRun, its flags as cases (queries/casework); one line on stderr."""
    from app import audit
    from queries.casework.ledger import record_run

    detail = {"params": params, "config": str(config) if config else None}
    run = record_run(db, found, actor=audit.current_user(), as_of=day, params=detail, via="cli")
    c = run.counts
    click.echo(
        f"已记录运行 {run.run_id}：新增 {c['new']}，有变化 {c['changed']}，未变 {c['unchanged']}，"
        f"不再命中 {c['gone']} (run recorded: new, changed, unchanged, gone)",
        err=True,
    )
    return run.run_id


@click.command()
@click.argument("rule_id")
@click.option("--composed", is_flag=True, help="显示组合后的完整 Cypher (the Cypher as run)")
@errors
def explain(rule_id: str, composed: bool) -> None:
    """显示规则的说明、依据、参数和 Cypher (a rule's basis, parameters and Cypher)."""
    rule = get_rule(rule_id)
    out = [
        f"{rule.id} {rule.title_zh} ({rule.title_en})",
        f"风险等级 severity: {SEVERITY_ZH[rule.severity]} {rule.severity}"
        + ("；仅姓名匹配时降一级 (one level lower for name-only matches)" if rule.match else ""),
        f"对象 subject: {rule.subject_kind}",
        f"依据: {rule.basis_zh}",
        f"Basis: {rule.basis_en}",
        f"说明: {rule.description_zh}",
        f"Description: {rule.description_en}",
        "参数 parameters:",
    ]
    out += [
        f"  {p.name} [{p.type}] = {p.default!r}  {p.zh} ({p.en})" for p in rule.parameters.values()
    ]
    out += ["  as_of [date]  截至日期 (as-of date)", "", "Cypher:", ""]
    out.append((rule.cypher if composed else rule.source).rstrip())
    click.echo("\n".join(out))
