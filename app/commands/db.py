"""`oversight db start|stop|status|migrate`: the local Neo4j and the schema."""

from __future__ import annotations

from pathlib import Path

import click

from graph import server
from graph.settings import default_home

home_option = click.option(
    "--home",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="本地数据库目录 (server home; default: the user's data directory)",
)


@click.group()
def db() -> None:
    """本地数据库 (the local Neo4j server and the schema)."""


@db.command()
@home_option
@click.option("--bolt-port", type=int, default=7687, show_default=True)
@click.option("--http-port", type=int, default=7474, show_default=True)
@click.option("--password", default=None, help="启用认证并设置初始密码 (enable auth)")
@click.option(
    "--heap",
    default=None,
    help="JVM heap，如 2g；默认按本机内存推荐 (default: neo4j-admin's recommendation)",
)
@click.option(
    "--pagecache",
    default=None,
    help="页缓存，如 2g；默认按本机内存推荐 (default: neo4j-admin's recommendation)",
)
@click.option(
    "--database",
    default=None,
    help="主数据库名称，仅在新建时生效 (home database name, e.g. oversight; set when the "
    "home is created; default neo4j)",
)
def start(
    home: Path | None,
    bolt_port: int,
    http_port: int,
    password: str | None,
    heap: str | None,
    pagecache: str | None,
    database: str | None,
) -> None:
    """启动本地 Neo4j，Bolt 可用后返回 (start; returns once Bolt answers)."""
    if heap is None or pagecache is None:
        if not server.status(home or default_home()).running:
            choice = server.choose_memory()
            heap = heap or choice.memory.heap
            pagecache = pagecache or choice.memory.pagecache
            click.echo(choice.describe())
        heap, pagecache = heap or "1g", pagecache or "1g"  # already running: not used
    result = server.start(
        home or default_home(),
        bolt_port=bolt_port,
        http_port=http_port,
        password=password,
        memory=server.Memory(heap=heap, pagecache=pagecache),
        default_database=database,
    )
    if result.already_running:
        click.echo(f"本地 Neo4j 已在运行 (already running): {result.uri}  home={result.home}")
    else:
        click.echo(f"本地 Neo4j 已启动 (started in {result.seconds:.1f}s): {result.uri}")
    click.echo(result.uri)


@db.command()
@home_option
def stop(home: Path | None) -> None:
    """停止本地 Neo4j，等待进程退出 (clean shutdown)."""
    if server.stop(home or default_home()):
        click.echo("本地 Neo4j 已停止 (stopped).")
    else:
        click.echo("本地 Neo4j 未在运行 (not running).")


@db.command()
@home_option
def status(home: Path | None) -> None:
    """运行状态、版本、地址、存储大小 (running, version, URI, store size)."""
    state = server.status(home or default_home())
    size_mb = state.store_bytes / 1_000_000
    if state.running:
        click.echo(f"运行中 (running)  Neo4j {state.version}  {state.uri}  pid={state.pid}")
    else:
        click.echo("未运行 (not running)")
    click.echo(f"目录 (home): {state.home}")
    click.echo(f"存储 (store): {size_mb:.1f} MB")


@db.command()
def migrate() -> None:
    """创建约束与索引（幂等）(apply constraints and indexes, idempotent)."""
    # imported here: the driver is not needed by start/stop/status (they answer in < 0.5 s)
    from graph import schema
    from graph.db import get_db

    database = get_db()
    database.verify()
    count = schema.migrate(database)
    click.echo(f"已应用 {count} 条约束/索引 (applied {count} schema statements).")
