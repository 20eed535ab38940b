"""The project's own local Neo4j: fetched from Maven Central, started, checked and stopped.

The official Neo4j tarball is not published on Maven Central, but its `lib/` folder is the
dependency closure of a few published artifacts (graph/neo4j/pom.xml). We copy those jars once
into a cache folder and run `org.neo4j.server.CommunityEntryPoint` on 127.0.0.1 with a home
directory of our own and a generated `neo4j.conf`. One server per home; the home keeps an
`oversight-instance.json` (ports, pid, version) so that other commands find the server.

Authentication is on unless asked otherwise: at the first start a random password is made
and kept in `oversight-credentials.json` (mode 0600 from creation); once Bolt answers, the
default `neo4j`/`neo4j` password is changed to it through the driver (`ALTER CURRENT USER`,
the passwords as parameters), so no password is ever on a command line. The HTTP connector
is off unless asked for; when on, it allows no foreign browser origin.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import platformdirs

from graph.errors import DatabaseUnavailable, UsageError
from graph.outfiles import write_private
from graph.settings import (
    INSTANCE_FILE,
    LOCAL_USER,
    credentials_path,
    default_home,
    env_path,
    read_credentials,
    read_instance,
)

NEO4J_VERSION = "5.26.30"
ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
ADMIN_TOOL = "org.neo4j.cli.AdminTool"

# The flags the shipped launcher passes (server.jvm.additional in the tarball's neo4j.conf),
# less those that only matter for production tuning or need Java 21.
JVM_FLAGS = [
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Djdk.tls.ephemeralDHKeySize=2048",
    "-Djdk.tls.rejectClientInitiatedRenegotiation=true",
    "-Dlog4j2.disable.jmx=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
]


@dataclass(frozen=True)
class ServerStatus:
    home: Path
    running: bool
    uri: str | None
    http_port: int | None
    pid: int | None
    version: str | None
    store_bytes: int


@dataclass(frozen=True)
class Memory:
    """Sizes for a 2-core / 24 GB machine: the defaults leave most memory to the OS and
    the Python side (analytics at province scale needs a few GB of its own)."""

    heap: str = "4g"
    pagecache: str = "4g"


def lib_dir() -> Path:
    """Where the Neo4j jars are cached ($OVERSIGHT_NEO4J_LIB overrides)."""
    override = env_path("OVERSIGHT_NEO4J_LIB")
    if override is not None:
        return override
    return Path(platformdirs.user_cache_dir("oversight")) / f"neo4j-{NEO4J_VERSION}" / "lib"


def log_path(home: Path) -> Path:
    return home / "logs" / "neo4j.log"


def _java_major() -> int:
    java = shutil.which("java")
    if not java:
        raise DatabaseUnavailable(
            "未找到 Java：本地 Neo4j 需要 Java 17 或更高版本 (Java 17+ not found)."
        )
    out = subprocess.run([java, "-version"], capture_output=True, text=True).stderr
    match = re.search(r'version "(\d+)(?:\.(\d+))?', out)
    if not match:
        raise DatabaseUnavailable(
            f"无法识别 Java 版本 (cannot read the Java version): {out.strip()}"
        )
    major = int(match.group(1))
    return int(match.group(2)) if major == 1 and match.group(2) else major


def ensure_jars(progress: bool = True) -> Path:
    """Copy neo4j-server, neo4j and neo4j-import-tool with their dependencies from Maven
    Central into lib_dir(), once. Returns the folder."""
    target = lib_dir()
    marker = target / ".complete"
    if marker.exists():
        return target
    if _java_major() < 17:
        raise DatabaseUnavailable("本地 Neo4j 需要 Java 17 或更高版本 (Java 17+ required).")
    mvn = shutil.which("mvn")
    if not mvn:
        raise DatabaseUnavailable(
            "未找到 Maven：获取 Neo4j 需要 Maven 3.8+ (Maven 3.8+ not found)."
        )
    target.mkdir(parents=True, exist_ok=True)
    pom = resources.files("graph") / "neo4j" / "pom.xml"
    if progress:
        print(
            f"正在从 Maven Central 获取 Neo4j {NEO4J_VERSION} (fetching jars into {target})…",
            file=sys.stderr,
        )
    with resources.as_file(pom) as pom_path:
        command = [
            mvn,
            "-B",
            "-q",
            "-f",
            str(pom_path),
            f"-Dneo4j.version={NEO4J_VERSION}",
            "dependency:copy-dependencies",
            f"-DoutputDirectory={target}",
        ]
        result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0 or not any(target.glob("neo4j-*.jar")):
        detail = (result.stderr or result.stdout or "").strip()[-500:]
        raise DatabaseUnavailable(
            f"从 Maven Central 获取 Neo4j {NEO4J_VERSION} 失败 (Maven fetch failed). {detail}"
        )
    marker.write_text(NEO4J_VERSION, encoding="utf-8")
    return target


def port_in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return True
    return False


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _pid_alive(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie child (started by this very process) counts as gone.
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as stat:
            return stat.read().split(") ")[-1][:1] != "Z"
    except OSError:
        return True


def _size_bytes(size: str) -> int:
    match = re.fullmatch(r"(\d+)([kmgKMG]?)", size.strip())
    if not match:
        raise UsageError(f"无法识别的内存大小 (unreadable memory size): {size!r}")
    unit = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30}[match.group(2).lower()]
    return int(match.group(1)) * unit


def transaction_limits(memory: Memory) -> tuple[str, str]:
    """Per-transaction and all-transactions memory ceilings: half and three quarters of the
    heap (at least 256m), so one runaway query fails alone instead of exhausting the heap."""
    heap_mb = _size_bytes(memory.heap) >> 20
    one = max(256, heap_mb // 2)
    total = max(one, heap_mb * 3 // 4)
    return f"{one}m", f"{total}m"


# The ceiling for any one transaction on the local server. The product's own transactions
# take seconds (docs/BENCHMARKS.md: the longest, a province's analysis read, ~10 s); the
# query box asks for a much shorter one per transaction (app/adhoc.py).
TRANSACTION_TIMEOUT = "10m"


def loopback_origin(http_port: int) -> str:
    """The one browser origin the HTTP connector answers with CORS: its own address."""
    return f"http://127.0.0.1:{http_port}"


def write_config(
    home: Path,
    bolt_port: int,
    http_port: int | None,
    memory: Memory,
    auth: bool,
    default_database: str | None = None,
) -> Path:
    """The generated neo4j.conf. `http_port` None: the HTTP connector is off."""
    conf_dir = home / "conf"
    for sub in ("conf", "data", "logs", "import", "plugins", "run"):
        (home / sub).mkdir(parents=True, exist_ok=True)
    one_tx, all_tx = transaction_limits(memory)
    settings = {
        # Private instance: listen on the loopback interface only.
        "server.default_listen_address": "127.0.0.1",
        "server.default_advertised_address": "127.0.0.1",
        "server.bolt.listen_address": f":{bolt_port}",
        "server.bolt.advertised_address": f":{bolt_port}",
        # Off unless asked for: any web page the investigator opens can send requests to a
        # port on 127.0.0.1, and the HTTP API is where a browser can reach the database.
        "server.http.enabled": "true" if http_port else "false",
        "server.https.enabled": "false",
        "dbms.security.auth_enabled": "true" if auth else "false",
        "server.directories.data": str(home / "data"),
        "server.directories.logs": str(home / "logs"),
        "server.directories.import": str(home / "import"),
        "server.directories.plugins": str(home / "plugins"),
        "server.directories.run": str(home / "run"),
        "server.memory.pagecache.size": memory.pagecache,
        "db.transaction.timeout": TRANSACTION_TIMEOUT,
        "db.memory.transaction.max": one_tx,
        "dbms.memory.transaction.total.max": all_tx,
        "db.tx_log.rotation.retention_policy": "2 files",
        # Pre-allocating 256 MB transaction logs per database wastes disk on a dev machine.
        "db.tx_log.preallocate": "false",
        "dbms.usage_report.enabled": "false",
        "server.jvm.additional": "-XX:+UseG1GC",
        # Netty waits this many seconds of quiet on each Bolt event-loop group before it
        # shuts down (default 5, twice): `db stop` took 12 s, 10 of them here.
        "internal.dbms.bolt.netty_server_shutdown_quiet_period": "0",
    }
    if http_port:
        settings["server.http.listen_address"] = f":{http_port}"
        settings["server.http.advertised_address"] = f":{http_port}"
        # The default is `*`: any page could read the answers. Only the server's own origin.
        settings["dbms.security.http_access_control_allow_origin"] = loopback_origin(http_port)
    if default_database:
        # the home database's name (Community has one user database; read at its creation)
        settings["initial.dbms.default_database"] = default_database
    text = "# Written by `oversight db start`; edits are overwritten at the next start.\n"
    text += "".join(f"{key}={value}\n" for key, value in settings.items())
    path = conf_dir / "neo4j.conf"
    path.write_text(text, encoding="utf-8")
    return path


def _java_command(home: Path, lib: Path, memory: Memory, main_class: str) -> list[str]:
    classpath = os.pathsep.join([str(home / "plugins" / "*"), str(home / "conf"), str(lib / "*")])
    return [
        shutil.which("java") or "java",
        f"-Xms{memory.heap}",
        f"-Xmx{memory.heap}",
        *JVM_FLAGS,
        "-cp",
        classpath,
        main_class,
    ]


def _child_env(home: Path) -> dict[str, str]:
    """The environment of a Neo4j child process: no NEO4J_PASSWORD inherited from ours."""
    env = {k: v for k, v in os.environ.items() if k != "NEO4J_PASSWORD"}
    env["NEO4J_HOME"] = str(home)
    env["NEO4J_CONF"] = str(home / "conf")
    return env


def ensure_credentials(home: Path) -> dict[str, str]:
    """The local server's credentials, made once: a random password in a 0600 file.

    A home started by an earlier version kept a password in its instance record; it is
    moved here (and dropped from the record) so that it stays the same."""
    existing = read_credentials(home)
    if existing and existing.get("password"):
        return existing
    home.mkdir(parents=True, exist_ok=True)
    legacy = (read_instance(home) or {}).get("password")
    credentials = {"user": LOCAL_USER, "password": legacy or secrets.token_urlsafe(24)}
    write_private(credentials_path(home), json.dumps(credentials, indent=2))
    return credentials


def _probe(uri: str, auth: tuple[str, str] | None) -> str:
    """ "ok" when Bolt answers and accepts `auth`, "auth" when it answers but refuses it,
    "down" when nothing answers."""
    from graph.driver import GraphDatabase, neo4j_errors

    try:
        with GraphDatabase.driver(
            uri, auth=auth, connection_timeout=2.0, max_transaction_retry_time=0.0
        ) as driver:
            driver.verify_connectivity()
            if auth is not None:
                # verify_connectivity accepts a user whose password has expired (the default
                # neo4j/neo4j); only a query tells.
                with driver.session(database="system") as session:
                    session.run("SHOW CURRENT USER YIELD user").consume()
        return "ok"
    except (neo4j_errors.AuthError, neo4j_errors.Forbidden):
        return "auth"
    except neo4j_errors.ClientError as error:
        if "CredentialsExpired" in (error.code or ""):
            return "auth"
        return "down"
    except (neo4j_errors.Neo4jError, neo4j_errors.DriverError, OSError):
        return "down"


def _bolt_answers(uri: str, auth: tuple[str, str] | None) -> bool:
    return _probe(uri, auth) == "ok"


def _change_default_password(uri: str, home: Path, password: str) -> None:
    """First start with auth: replace the default neo4j/neo4j password by ours, through
    the driver with parameters (nothing on a command line, nothing in a log)."""
    from graph.driver import GraphDatabase, neo4j_errors

    try:
        with GraphDatabase.driver(
            uri, auth=(LOCAL_USER, "neo4j"), connection_timeout=5.0
        ) as driver:
            with driver.session(database="system") as session:
                session.run(
                    "ALTER CURRENT USER SET PASSWORD FROM $old TO $new",
                    old="neo4j",
                    new=password,
                ).consume()
    except (neo4j_errors.Neo4jError, neo4j_errors.DriverError, OSError) as error:
        raise DatabaseUnavailable(
            "本地 Neo4j 拒绝了凭据文件中的密码，默认密码也不可用 (the server refuses the "
            f"password in {credentials_path(home)} and the default one; "
            f"{type(error).__name__})."
        ) from error


def _auth_of(home: Path, instance: dict[str, Any]) -> tuple[str, str] | None:
    if instance.get("auth") is False:
        return None
    credentials = read_credentials(home) or {}
    password = credentials.get("password") or instance.get("password")
    return (credentials.get("user", LOCAL_USER), password) if password else None


def status(home: Path | None = None) -> ServerStatus:
    home = Path(home or default_home())
    instance = read_instance(home) or {}
    pid = instance.get("pid")
    bolt_port = instance.get("bolt_port")
    uri = f"bolt://127.0.0.1:{bolt_port}" if bolt_port else None
    # A server that answers but refuses our password is still running.
    running = (
        uri is not None and _pid_alive(pid) and _probe(uri, _auth_of(home, instance)) != "down"
    )
    store = home / "data"
    size = sum(f.stat().st_size for f in store.rglob("*") if f.is_file()) if store.exists() else 0
    return ServerStatus(
        home=home,
        running=running,
        uri=uri if running else None,
        http_port=instance.get("http_port") if running else None,
        pid=pid if running else None,
        version=instance.get("version") if running else None,
        store_bytes=size,
    )


@dataclass(frozen=True)
class StartResult:
    uri: str
    already_running: bool
    seconds: float
    home: Path
    auth: bool = True
    http_port: int | None = None
    password: str | None = field(default=None, repr=False)


def _write_instance(home: Path, instance: dict[str, Any]) -> None:
    write_private(home / INSTANCE_FILE, json.dumps(instance, indent=2))


def start(
    home: Path | None = None,
    bolt_port: int = 7687,
    http_port: int = 7474,
    memory: Memory | None = None,
    timeout: float = 180.0,
    auth: bool = True,
    http: bool = False,
    default_database: str | None = None,
) -> StartResult:
    """Start the local server in `home` and return once Bolt answers (and, with `auth`,
    accepts the home's password). `http`: also open the HTTP connector on `http_port`."""
    began = time.monotonic()
    home = Path(home or default_home()).expanduser().resolve()
    memory = memory or Memory()
    current = status(home)
    if current.running:
        instance = read_instance(home) or {}
        credentials = read_credentials(home) or {}
        return StartResult(
            current.uri or "",
            True,
            time.monotonic() - began,
            home,
            auth=instance.get("auth", True) is not False,
            http_port=instance.get("http_port"),
            password=credentials.get("password"),
        )
    if http and bolt_port == http_port:
        raise UsageError("Bolt 端口与 HTTP 端口不能相同 (bolt and http ports must differ).")
    ports = [("Bolt", bolt_port)] + ([("HTTP", http_port)] if http else [])
    for name, port in ports:
        if port_in_use(port):
            raise DatabaseUnavailable(
                f"端口 {port} 已被占用，无法启动本地 Neo4j ({name} port {port} is taken; "
                f"choose another with --{name.lower()}-port). 日志: {log_path(home)}"
            )
    lib = ensure_jars()
    home.mkdir(parents=True, exist_ok=True, mode=0o700)
    # The store (the graph, the users' password hashes) and the credentials are the
    # owner's alone: no other account on the machine lists or reads the home.
    home.chmod(0o700)
    credentials = ensure_credentials(home)
    database = default_database or (read_instance(home) or {}).get("database")
    write_config(home, bolt_port, http_port if http else None, memory, auth, database)
    command = _java_command(home, lib, memory, ENTRY_POINT)
    command += [f"--home-dir={home}", f"--config-dir={home / 'conf'}"]
    console = open(home / "logs" / "console.log", "ab")  # noqa: SIM115 - handed to the child
    process = subprocess.Popen(
        command,
        stdout=console,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        cwd=home,
        start_new_session=True,
        env=_child_env(home),
    )
    console.close()
    instance = {
        "pid": process.pid,
        "bolt_port": bolt_port,
        "http_port": http_port if http else None,
        "auth": auth,
        "version": NEO4J_VERSION,
        "lib": str(lib),
        # what `load --bulk` restarts the server with after its offline import
        "database": database or "neo4j",
        "heap": memory.heap,
        "pagecache": memory.pagecache,
        "started_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    _write_instance(home, instance)
    uri = f"bolt://127.0.0.1:{bolt_port}"
    ours = (credentials["user"], credentials["password"]) if auth else None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise DatabaseUnavailable(
                f"本地 Neo4j 启动失败，进程已退出 (exit {process.returncode}); "
                f"请查看日志 {log_path(home)} 与 {home / 'logs' / 'console.log'}."
            )
        answer = _probe(uri, ours)
        if answer == "auth":
            # First start with auth on (or a store made with auth off): the server still has
            # the default password, which it requires to be changed before anything else.
            try:
                _change_default_password(uri, home, credentials["password"])
            except DatabaseUnavailable:
                # Not ours to leave running: someone else may hold the password now.
                _terminate(process.pid, 10.0)
                raise
            answer = _probe(uri, ours)
        if answer == "ok":
            return StartResult(
                uri,
                False,
                time.monotonic() - began,
                home,
                auth=auth,
                http_port=http_port if http else None,
                password=credentials["password"],
            )
        time.sleep(0.5)
    _terminate(process.pid, 10.0)
    raise DatabaseUnavailable(
        f"本地 Neo4j 在 {timeout:.0f} 秒内未就绪 (not ready in time); 请查看日志 {log_path(home)}."
    )


def _terminate(pid: int, timeout: float) -> None:
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _pid_alive(pid):
            _reap(pid)
            return
        time.sleep(0.2)
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        return
    while _pid_alive(pid):
        time.sleep(0.1)
    _reap(pid)


def _reap(pid: int) -> None:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass


def stop(home: Path | None = None, timeout: float = 60.0) -> bool:
    """Shut the server in `home` down cleanly; wait until its process is gone.
    Returns False when nothing was running."""
    home = Path(home or default_home()).expanduser().resolve()
    instance = read_instance(home)
    if not instance or not _pid_alive(instance.get("pid")):
        return False
    _terminate(instance["pid"], timeout)
    instance.pop("pid", None)
    _write_instance(home, instance)
    return True


# --- backups: neo4j-admin dump/load of the stopped local server, one private archive ------

BACKUP_FORMAT = 1
DUMPED_DATABASES = ("system", "neo4j")  # system first: the users; then the graph
MANIFEST = "manifest.json"


@dataclass(frozen=True)
class BackupResult:
    archive: Path
    members: tuple[str, ...]
    bytes: int


def _refuse_if_running(home: Path, verb: str) -> None:
    instance = read_instance(home) or {}
    if _pid_alive(instance.get("pid")):
        raise UsageError(
            f"本地 Neo4j 正在运行，无法{verb}；请先运行 `oversight db stop --home {home}` "
            f"(the local server is running: stop it first; {verb} works on a stopped database)."
        )


def _admin(home: Path, *args: str) -> None:
    """neo4j-admin through the same jars, on the home's generated configuration."""
    lib = ensure_jars()
    command = _java_command(home, lib, Memory(heap="512m"), ADMIN_TOOL) + list(args)
    result = subprocess.run(command, capture_output=True, text=True, env=_child_env(home))
    if result.returncode != 0:
        detail = (result.stderr or result.stdout or "").strip()[-400:]
        raise DatabaseUnavailable(f"neo4j-admin {' '.join(args[:2])} 失败 (failed): {detail}")


def _sha256(path: Path) -> str:
    import hashlib

    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def backup(home: Path, archive: Path, state_files: dict[str, Path]) -> BackupResult:
    """Dump the `system` (users) and `neo4j` (graph) databases of the stopped server in
    `home` with `neo4j-admin database dump`, and put them with the home's credentials file
    and the given product state files (name -> path; missing ones are skipped) in one tar
    archive, created with mode 0600 and replaced atomically."""
    import tarfile
    import tempfile

    home = Path(home).expanduser().resolve()
    _refuse_if_running(home, "备份 (back up)")
    if not (home / "data" / "databases" / "neo4j").exists():
        raise UsageError(f"该目录中没有数据库可备份 (no database to back up in {home}).")
    archive = Path(archive).expanduser().resolve()
    archive.parent.mkdir(parents=True, exist_ok=True)
    instance = read_instance(home) or {}
    write_config(home, instance.get("bolt_port", 7687), None, Memory(), auth=True)
    files: dict[str, Path] = {}
    with tempfile.TemporaryDirectory(prefix="oversight-backup-", dir=home) as work:
        work_dir = Path(work)
        for database in DUMPED_DATABASES:
            _admin(home, "database", "dump", f"--to-path={work_dir}", database)
            files[f"{database}.dump"] = work_dir / f"{database}.dump"
        if credentials_path(home).exists():
            files[f"state/{credentials_path(home).name}"] = credentials_path(home)
        for name, path in state_files.items():
            if Path(path).exists():
                files[f"state/{name}"] = Path(path)
        manifest = {
            "format": BACKUP_FORMAT,
            "neo4j_version": NEO4J_VERSION,
            "created_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "files": {name: _sha256(path) for name, path in files.items()},
        }
        manifest_path = work_dir / MANIFEST
        manifest_path.write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        tmp = archive.with_name(f".{archive.name}.{os.getpid()}.tmp")
        tmp.unlink(missing_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w") as tar:
                tar.add(manifest_path, arcname=MANIFEST)
                for name, path in files.items():
                    tar.add(path, arcname=name)
            os.replace(tmp, archive)
        finally:
            tmp.unlink(missing_ok=True)
    return BackupResult(archive, (MANIFEST, *files), archive.stat().st_size)


@dataclass(frozen=True)
class RestoreResult:
    home: Path
    databases: tuple[str, ...]
    state_restored: tuple[str, ...]
    state_kept: tuple[str, ...]


def _member_file(name: str) -> str | None:
    """The flat file name an archive member is extracted to, or None for a name that is
    not one `backup` writes (no paths, no links: nothing outside the work folder)."""
    if name == MANIFEST or name in {f"{d}.dump" for d in DUMPED_DATABASES}:
        return name
    if re.fullmatch(r"state/[A-Za-z0-9_.-]+", name) and ".." not in name:
        return "state-" + name.split("/", 1)[1]
    return None


def _unpack(archive: Path, work_dir: Path) -> tuple[dict[str, Any], dict[str, Path]]:
    """Extract the archive's known members into `work_dir`, checking each one's SHA-256
    against the manifest. Returns the manifest and member name -> extracted file."""
    import hashlib
    import tarfile

    extracted: dict[str, Path] = {}
    digests: dict[str, str] = {}
    try:
        with tarfile.open(archive, mode="r:") as tar:
            for member in tar:
                target = _member_file(member.name)
                if target is None or not member.isfile():
                    raise UsageError(
                        f"备份中有未知条目 (unexpected entry in the backup {archive}): "
                        f"{member.name!r}"
                    )
                source = tar.extractfile(member)
                assert source is not None  # a regular file (checked above) always has data
                path = work_dir / target
                digest = hashlib.sha256()
                with path.open("wb") as out:
                    while block := source.read(1 << 20):
                        digest.update(block)
                        out.write(block)
                extracted[member.name] = path
                digests[member.name] = digest.hexdigest()
    except (OSError, tarfile.TarError) as error:
        raise UsageError(f"无法读取备份文件 {archive} (not a readable backup): {error}") from error
    if MANIFEST not in extracted:
        raise UsageError(f"{archive} 不是 oversight 备份 (no {MANIFEST}: not an oversight backup).")
    manifest = json.loads(extracted.pop(MANIFEST).read_text(encoding="utf-8"))
    listed = manifest.get("files", {})
    for name, digest in listed.items():
        if digests.get(name) != digest:
            raise UsageError(f"备份文件已损坏 (the backup is damaged): {archive}: {name}")
    if set(extracted) - set(listed):
        raise UsageError(f"备份中有未登记的文件 (unlisted files in the backup): {archive}")
    return manifest, extracted


def restore(
    home: Path, archive: Path, state_files: dict[str, Path], force: bool = False
) -> RestoreResult:
    """Load the archive made by `backup` into the stopped server in `home` (a fresh home
    is set up): `neo4j-admin database load` of `system` and `neo4j`, the credentials file
    that goes with those users, and the product state files to the given paths (name ->
    path). A state file that exists with other content is kept and the restore refused,
    unless `force`, when it is renamed aside (`<name>.before-restore-<time>`)."""
    import tempfile

    home = Path(home).expanduser().resolve()
    archive = Path(archive).expanduser().resolve()
    if not archive.is_file():
        raise UsageError(f"找不到备份文件 (no such backup file): {archive}")
    _refuse_if_running(home, "恢复 (restore)")
    home.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="oversight-restore-", dir=home) as work:
        work_dir = Path(work)
        manifest, members = _unpack(archive, work_dir)
        if manifest.get("neo4j_version") != NEO4J_VERSION:
            raise UsageError(
                f"备份来自 Neo4j {manifest.get('neo4j_version')}，本机为 {NEO4J_VERSION} "
                "(the backup was made by another Neo4j version)."
            )
        credentials = credentials_path(home)
        targets = {f"state/{name}": Path(path) for name, path in state_files.items()}
        targets[f"state/{credentials.name}"] = credentials
        conflicts = [
            str(target)
            for name, target in targets.items()
            if name in members
            and target != credentials  # it must match the restored users: always replaced
            and target.exists()
            and target.read_bytes() != members[name].read_bytes()
        ]
        if conflicts and not force:
            raise UsageError(
                "以下文件已存在且内容不同，未做任何更改；确认后加 --force 覆盖（原文件改名保留）"
                f" (these files exist with other content; nothing changed; --force to replace "
                f"them, keeping the old ones aside): {', '.join(conflicts)}"
            )
        instance = read_instance(home) or {}
        write_config(home, instance.get("bolt_port", 7687), None, Memory(), auth=True)
        loaded = []
        for database in DUMPED_DATABASES:
            if f"{database}.dump" not in members:
                continue
            _admin(
                home,
                "database",
                "load",
                f"--from-path={work_dir}",
                "--overwrite-destination=true",
                database,
            )
            loaded.append(database)
        restored, kept = [], []
        stamp = time.strftime("%Y%m%dT%H%M%S")
        for name, target in targets.items():
            if name not in members:
                continue
            content = members[name].read_bytes()
            if target.exists() and target.read_bytes() == content:
                kept.append(str(target))
                continue
            if target.exists() and target != credentials:
                target.rename(target.with_name(f"{target.name}.before-restore-{stamp}"))
            target.parent.mkdir(parents=True, exist_ok=True)
            write_private(target, content.decode("utf-8"))
            restored.append(str(target))
    return RestoreResult(home, tuple(loaded), tuple(restored), tuple(kept))


def import_full(
    home: Path,
    nodes: list[tuple[str, Path]],
    relationships: list[tuple[str, Path]],
    *,
    array_delimiter: str,
    multiline: bool = False,
    database: str = "neo4j",
    heap: str = "1g",
) -> float:
    """`neo4j-admin database import full <database> --overwrite-destination` through the same
    jars, into the (stopped) server of `home`; `nodes`/`relationships` are (label or type,
    CSV file). Returns the seconds it took; DatabaseUnavailable with the tool's last words if
    it fails."""
    home = Path(home).expanduser().resolve()
    instance = read_instance(home) or {}
    if _pid_alive(instance.get("pid")):
        raise UsageError(f"数据库仍在运行，无法离线导入 (the server in {home} is still running)")
    lib = ensure_jars()
    command = _java_command(home, lib, Memory(heap=heap), ADMIN_TOOL)
    command += [
        "database",
        "import",
        "full",
        database,
        "--overwrite-destination=true",
        f"--array-delimiter={array_delimiter}",
        f"--multiline-fields={'true' if multiline else 'false'}",
        # loaders/bulk_csv.py: each label's nodes numbered 0, 1, 2...
        "--id-type=integer",
        # written into the working directory unless told otherwise
        f"--report-file={home / 'logs' / 'import.report'}",
    ]
    command += [f"--nodes={label}={path}" for label, path in nodes]
    command += [f"--relationships={rtype}={path}" for rtype, path in relationships]
    env = {**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(home / "conf")}
    began = time.monotonic()
    result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=home)
    if result.returncode != 0:
        detail = (result.stderr.strip() or result.stdout.strip())[-1500:]
        raise DatabaseUnavailable(f"neo4j-admin 导入失败 (import failed): {detail}")
    return time.monotonic() - began


# --- memory sized to the machine -------------------------------------------------------------

# Kept for the Python side (analytics at province scale holds a few GB of its own).
PYTHON_SHARE = 0.25
_RECOMMENDED = re.compile(r"^server\.memory\.(heap\.max_size|pagecache\.size)=(\S+)$", re.M)


@dataclass(frozen=True)
class MemoryChoice:
    memory: Memory
    machine_mb: int
    budget_mb: int
    instances: int  # local Neo4j servers already running on the machine

    def describe(self) -> str:
        return (
            f"内存 (memory): heap {self.memory.heap}, page cache {self.memory.pagecache} — "
            f"neo4j-admin server memory-recommendation 按 {self.budget_mb} MB 计算 "
            f"(for {self.budget_mb} MB: {self.machine_mb} MB on this machine, "
            f"{PYTHON_SHARE:.0%} kept for Python, shared with {self.instances} running "
            f"Neo4j server(s)); 可用 --heap/--pagecache 指定 (override with --heap/--pagecache)"
        )


def machine_memory_mb() -> int:
    """Physical memory (MemTotal), in MB."""
    with open("/proc/meminfo", encoding="utf-8") as info:
        for line in info:
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) // 1024
    return int(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**20)


def running_servers() -> int:
    """Neo4j servers running on this machine (any user's, any home): they share its memory."""
    count = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if ENTRY_POINT.encode() in cmdline or b"org.neo4j.server.Neo4jCommunity" in cmdline:
            count += 1
    return count


def memory_recommendation(budget_mb: int, lib: Path | None = None) -> Memory:
    """What `neo4j-admin server memory-recommendation --memory=<budget>m` gives, run through
    the same jars (cached per budget in the jars' folder: a JVM start costs seconds)."""
    lib = lib or ensure_jars()
    cache = lib.parent / "memory-recommendation.json"
    known: dict[str, dict[str, str]] = {}
    if cache.exists():
        try:
            known = json.loads(cache.read_text(encoding="utf-8"))
        except ValueError:
            known = {}
    if str(budget_mb) in known:
        return Memory(**known[str(budget_mb)])
    scratch = lib.parent / "memory-recommendation-home"
    (scratch / "conf").mkdir(parents=True, exist_ok=True)
    (scratch / "conf" / "neo4j.conf").touch()
    command = _java_command(scratch, lib, Memory(heap="128m"), ADMIN_TOOL)
    command += ["server", "memory-recommendation", f"--memory={budget_mb}m"]
    env = {**os.environ, "NEO4J_HOME": str(scratch), "NEO4J_CONF": str(scratch / "conf")}
    result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=scratch)
    found = dict(_RECOMMENDED.findall(result.stdout))
    if result.returncode != 0 or len(found) != 2:
        raise DatabaseUnavailable(
            "neo4j-admin server memory-recommendation 失败，请用 --heap/--pagecache 指定 "
            f"(failed; give --heap and --pagecache): {result.stderr.strip()[-300:]}"
        )
    memory = Memory(heap=found["heap.max_size"], pagecache=found["pagecache.size"])
    known[str(budget_mb)] = {"heap": memory.heap, "pagecache": memory.pagecache}
    cache.write_text(json.dumps(known, indent=2), encoding="utf-8")
    return memory


def choose_memory(lib: Path | None = None) -> MemoryChoice:
    """Heap and page cache for a new server: Neo4j's own recommendation for this machine's
    memory, less the Python side's share, divided among the servers already running plus
    this one (several instances on one machine, e.g. tests or colleagues, do not each take
    the whole of it)."""
    machine = machine_memory_mb()
    instances = running_servers()
    share = int(machine * (1 - PYTHON_SHARE)) // (instances + 1)
    budget = max(512, share // 512 * 512)  # whole 512 MB steps: the cache is reused
    return MemoryChoice(memory_recommendation(budget, lib), machine, budget, instances)
