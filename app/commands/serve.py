"""`oversight serve` (the Streamlit app) and `oversight demo` (local db + sample city + app)."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
from pathlib import Path

import click
import platformdirs

from graph.settings import env_value, set_env

APP_SCRIPT = Path(__file__).resolve().parents[1] / "streamlit_app.py"
# What `streamlit run` is given: the pages (APP_SCRIPT) served as an st.App with the routes
# that set and clear the HttpOnly login cookie (app/web.py, app/sessions.py).
SERVED_SCRIPT = Path(__file__).resolve().parents[1] / "web.py"
DEFAULT_PORT = 8501
DEFAULT_ADDRESS = "127.0.0.1"


def streamlit_command(port: int, address: str) -> list[str]:
    """The command that serves the app headless (no browser opened, no usage statistics)."""
    return [
        sys.executable, "-m", "streamlit", "run", str(SERVED_SCRIPT),
        "--server.headless", "true",
        "--server.port", str(port),
        "--server.address", address,
        "--browser.gatherUsageStats", "false",
        "--global.developmentMode", "false",
        "--client.toolbarMode", "minimal",
    ]  # fmt: skip


def is_loopback(address: str) -> bool:
    """Whether `address` is reachable from this machine only."""
    import ipaddress

    if address == "localhost":
        return True
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:  # a host name: it may resolve to anything
        return False


def exposure_lines(port: int, address: str) -> list[str]:
    """What `serve` tells the user it exposes: the address, and a warning off loopback."""
    lines = [
        f"监督关系知识图谱 app: http://{address}:{port}  (Ctrl-C 停止 to stop)",
        f"监听 (listening on) {address}:{port} · 需登录 (login required; users: oversight user list)",
    ]
    if not is_loopback(address):
        lines.append(
            f"警告：{address} 不是本机回环地址，网络上的其他计算机可以访问本应用 "
            f"(warning: {address} is not a loopback address: the app is reachable from the "
            "network; traffic is plain HTTP unless a TLS proxy is put in front)"
        )
    return lines


def run_app(port: int, address: str, env: dict[str, str] | None = None) -> int:
    """Serve until interrupted; the exit status of Streamlit."""
    from app.auth import Settings

    Settings.from_env(env)  # a bad session setting is an error now, not at the first login
    for line in exposure_lines(port, address):
        click.echo(line, err=True)
    process = subprocess.Popen(streamlit_command(port, address), env=env)

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    # A service manager stops us with SIGTERM: take Streamlit down too, never orphan it.
    previous = signal.signal(signal.SIGTERM, stop)
    try:
        return process.wait()
    except KeyboardInterrupt:
        process.terminate()
        return process.wait()
    finally:
        signal.signal(signal.SIGTERM, previous)


port_option = click.option(
    "--port", type=int, default=DEFAULT_PORT, show_default=True, help="端口 (port)"
)


@click.command()
@port_option
@click.option(
    "--address",
    default=DEFAULT_ADDRESS,
    show_default=True,
    help="监听地址；只在本机时用 127.0.0.1 (listen address)",
)
def serve(port: int, address: str) -> None:
    """启动 Streamlit 应用 (serve the investigators' app)."""
    code = run_app(port, address)
    if code:
        raise click.exceptions.Exit(code)


def _load_sample(out: Path) -> None:
    """Write the sample city and load it; analyse it so the power pages have scores."""
    from graph.analytics.pipeline import analyze
    from graph.db import get_db
    from loaders.pipeline import load_path
    from sample.scale import write_sample

    if not (out / "_truth.json").exists():
        click.echo(f"生成模拟城市数据 (writing the sample city) -> {out}", err=True)
        write_sample(out, "city", seed=1, progress=lambda line: click.echo(line, err=True))
    click.echo("加载模拟数据 (loading the sample city) …", err=True)
    summary = load_path(out, progress=True)
    click.echo(f"已加载 (loaded) {summary.rows_read:,} 行 rows in {summary.seconds:.0f}s", err=True)
    click.echo("计算权力指数 (computing the power index) …", err=True)
    analyze(get_db(), dt.date.today())


@click.command()
@click.option(
    "--home",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="本地数据库目录 (server home; default: the user's data directory)",
)
@port_option
@click.option("--bolt-port", type=int, default=7687, show_default=True)
@click.option("--http-port", type=int, default=7474, show_default=True)
def demo(home: Path | None, port: int, bolt_port: int, http_port: int) -> None:
    """启动本地数据库，图谱为空时加载模拟城市，然后启动应用 (start db, load sample, serve)."""
    from app import reads
    from graph import server
    from graph.db import get_db, reset_db
    from graph.settings import default_home

    env = dict(os.environ)
    if not env_value("NEO4J_URI"):
        if home is not None:
            set_env("OVERSIGHT_HOME", str(home.resolve()))
            env["OVERSIGHT_HOME"] = str(home.resolve())
        target = home or default_home()
        memory = None  # a server already running keeps its sizes
        if not server.status(target).running:
            # sized to the machine as `db start` does (Neo4j's recommendation, shared among
            # the servers running), not a fixed heap
            choice = server.choose_memory()
            memory = choice.memory
            click.echo(choice.describe(), err=True)
        result = server.start(target, bolt_port=bolt_port, http_port=http_port, memory=memory)
        click.echo(f"数据库 (database): {result.uri}", err=True)
        reset_db()
    db = get_db()
    db.verify()
    if reads.graph_is_empty(db):
        data_dir = home if home is not None else Path(platformdirs.user_data_dir("oversight"))
        try:
            import sample.scale  # noqa: F401 - only to learn whether the generator is here
        except ImportError:
            click.echo(
                "图谱为空，且没有模拟数据生成器 (empty graph, no sample generator)", err=True
            )
        else:
            _load_sample(data_dir / "sample-city")
    from app.auth import count_users

    if count_users(db) == 0:
        click.echo(
            "尚无应用用户，请先创建管理员 (no app user yet; create the first admin): "
            "oversight user add NAME --role admin",
            err=True,
        )
    code = run_app(port, DEFAULT_ADDRESS, env)
    if code:
        raise click.exceptions.Exit(code)
