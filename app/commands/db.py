"""`oversight db start|stop|status|env|migrate|backup|restore`: the local Neo4j and the schema."""

from __future__ import annotations

import shlex
from pathlib import Path

import click

from graph import server
from graph.errors import UsageError
from graph.settings import LOCAL_DATABASE, default_home, local_settings, read_instance

NO_AUTH_WARNING = (
    "警告：本地 Neo4j 认证已关闭（--no-auth），本机任何程序都可读写图谱 "
    "(WARNING: authentication is OFF; any program on this machine can read and change the graph)."
)

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
@click.option(
    "--http-port",
    type=int,
    default=None,
    help="开启 HTTP 接口于此端口 (open the HTTP connector on this port; off by default)",
)
@click.option("--http", "http", is_flag=True, help="开启 HTTP 接口 (open it on port 7474)")
@click.option(
    "--no-auth",
    "no_auth",
    is_flag=True,
    help="关闭认证（不建议）(turn authentication off; not advised)",
)
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
    http_port: int | None,
    http: bool,
    no_auth: bool,
    heap: str | None,
    pagecache: str | None,
    database: str | None,
) -> None:
    """启动本地 Neo4j，Bolt 可用后返回 (start; returns once Bolt answers).

    认证默认开启：首次启动时生成随机密码，保存在目录中的 oversight-credentials.json
    （仅本人可读）；`oversight db env` 打印连接所需的环境变量。
    (Auth is on: a random password made at the first start, kept in a 0600 file.)"""
    if no_auth:
        click.echo(NO_AUTH_WARNING, err=True)
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
        http_port=http_port or 7474,
        http=http or http_port is not None,
        auth=not no_auth,
        memory=server.Memory(heap=heap, pagecache=pagecache),
        default_database=database,
    )
    if result.already_running:
        click.echo(f"本地 Neo4j 已在运行 (already running): {result.uri}  home={result.home}")
        if not result.auth and not no_auth:
            click.echo(NO_AUTH_WARNING, err=True)
    else:
        click.echo(f"本地 Neo4j 已启动 (started in {result.seconds:.1f}s): {result.uri}")
    if result.auth:
        click.echo('认证已开启 (authentication on); 连接参数: `eval "$(oversight db env)"`')
    if result.http_port:
        click.echo(
            f"HTTP 接口已开启 (HTTP connector on): http://127.0.0.1:{result.http_port} "
            f"(CORS: {server.loopback_origin(result.http_port)})"
        )
    click.echo(result.uri)


@db.command()
@home_option
def env(home: Path | None) -> None:
    """打印连接本地 Neo4j 的环境变量，供 shell `eval` (print export lines for `eval`)."""
    home = home or default_home()
    if read_instance(home) is None:
        raise UsageError(
            f"该目录中没有本地数据库 (no local database in {home}); 请先运行 `oversight db start`."
        )
    settings = local_settings(home)
    values = {
        "NEO4J_URI": settings.uri,
        "NEO4J_USER": settings.user or "neo4j",
        "NEO4J_PASSWORD": settings.password or "",
        "NEO4J_DATABASE": (read_instance(home) or {}).get("database") or LOCAL_DATABASE,
    }
    for name, value in values.items():
        click.echo(f"export {name}={shlex.quote(value)}")


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


def _state_files() -> dict[str, Path]:
    """The product's state kept outside the database: the audit log with its chain's key and
    head (without them `audit verify` cannot check the restored log), and the 身份证号 key."""
    from app import audit
    from loaders.values import id_key_path

    return {
        "audit.jsonl": audit.log_path(),
        "audit.jsonl.head": audit.head_path(),
        "audit.key": audit.key_path(),
        "id.key": id_key_path(),
    }


@db.command()
@home_option
@click.option(
    "--to",
    "target",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="备份文件 (the archive to write)",
)
def backup(home: Path | None, target: Path) -> None:
    """备份已停止的本地数据库：图谱、用户、审计日志与身份证号密钥，写为一个仅本人可读的文件
    (back up the stopped local database with its users, the audit log and the ID key)."""
    result = server.backup(home or default_home(), target, _state_files())
    click.echo(
        f"已备份 (backed up) {len(result.members) - 1} 个文件 → {result.archive} "
        f"({result.bytes / 1_000_000:.1f} MB, mode 0600): {', '.join(result.members[1:])}"
    )
    click.echo(
        "注意：备份含身份证号密钥，请与密钥同等保管 (the archive holds the ID key: keep it as safe)."
    )


@db.command()
@home_option
@click.argument("archive", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="覆盖内容不同的审计日志/密钥（原文件改名保留）")
def restore(home: Path | None, archive: Path, force: bool) -> None:
    """把备份恢复到已停止的本地数据库（替换其中的图谱与用户）
    (restore a backup into the stopped local database, replacing its graph and users)."""
    result = server.restore(home or default_home(), archive, _state_files(), force=force)
    click.echo(f"已恢复 (restored) {', '.join(result.databases)} → {result.home}")
    for path in result.state_restored:
        click.echo(f"  写入 (written): {path}")
    for path in result.state_kept:
        click.echo(f"  未变 (unchanged): {path}")
    click.echo("用 `oversight db start` 启动 (start it with `oversight db start`).")
