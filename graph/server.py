"""The project's own local Neo4j: fetched from Maven Central, started, checked and stopped.

The official Neo4j tarball is not published on Maven Central, but its `lib/` folder is the
dependency closure of a few published artifacts (graph/neo4j/pom.xml). We copy those jars once
into a cache folder and run `org.neo4j.server.CommunityEntryPoint` on 127.0.0.1 with a home
directory of our own and a generated `neo4j.conf`. One server per home; the home keeps an
`oversight-instance.json` (ports, pid, version) so that other commands find the server.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import platformdirs

from graph.errors import DatabaseUnavailable, UsageError
from graph.settings import INSTANCE_FILE, default_home, read_instance

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
    override = os.environ.get("OVERSIGHT_NEO4J_LIB")
    if override:
        return Path(override).expanduser()
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
        return probe.getsockname()[1]


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


def write_config(
    home: Path,
    bolt_port: int,
    http_port: int,
    memory: Memory,
    auth: bool,
    default_database: str | None = None,
) -> Path:
    conf_dir = home / "conf"
    for sub in ("conf", "data", "logs", "import", "plugins", "run"):
        (home / sub).mkdir(parents=True, exist_ok=True)
    settings = {
        # Private instance: listen on the loopback interface only.
        "server.default_listen_address": "127.0.0.1",
        "server.default_advertised_address": "127.0.0.1",
        "server.bolt.listen_address": f":{bolt_port}",
        "server.bolt.advertised_address": f":{bolt_port}",
        "server.http.listen_address": f":{http_port}",
        "server.http.advertised_address": f":{http_port}",
        "server.https.enabled": "false",
        "dbms.security.auth_enabled": "true" if auth else "false",
        "server.directories.data": str(home / "data"),
        "server.directories.logs": str(home / "logs"),
        "server.directories.import": str(home / "import"),
        "server.directories.plugins": str(home / "plugins"),
        "server.directories.run": str(home / "run"),
        "server.memory.pagecache.size": memory.pagecache,
        "dbms.memory.transaction.total.max": "0",
        "db.tx_log.rotation.retention_policy": "2 files",
        # Pre-allocating 256 MB transaction logs per database wastes disk on a dev machine.
        "db.tx_log.preallocate": "false",
        "dbms.usage_report.enabled": "false",
        "server.jvm.additional": "-XX:+UseG1GC",
        # Netty waits this many seconds of quiet on each Bolt event-loop group before it
        # shuts down (default 5, twice): `db stop` took 12 s, 10 of them here.
        "internal.dbms.bolt.netty_server_shutdown_quiet_period": "0",
    }
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


def set_initial_password(home: Path, password: str, lib: Path | None = None) -> None:
    """`neo4j-admin dbms set-initial-password` through the same jars (before first start)."""
    lib = lib or ensure_jars()
    command = _java_command(home, lib, Memory(heap="256m"), ADMIN_TOOL)
    command += ["dbms", "set-initial-password", password]
    env = {**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(home / "conf")}
    result = subprocess.run(command, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        raise DatabaseUnavailable(
            f"设置初始密码失败 (set-initial-password failed): {result.stderr.strip()[-300:]}"
        )


def _bolt_answers(uri: str, auth: tuple[str, str] | None) -> bool:
    from neo4j import GraphDatabase
    from neo4j import exceptions as neo4j_errors

    try:
        with GraphDatabase.driver(uri, auth=auth, connection_timeout=2.0) as driver:
            driver.verify_connectivity()
        return True
    except (neo4j_errors.Neo4jError, neo4j_errors.DriverError, OSError):
        return False


def _auth_of(instance: dict) -> tuple[str, str] | None:
    password = instance.get("password")
    return ("neo4j", password) if password else None


def status(home: Path | None = None) -> ServerStatus:
    home = Path(home or default_home())
    instance = read_instance(home) or {}
    pid = instance.get("pid")
    bolt_port = instance.get("bolt_port")
    uri = f"bolt://127.0.0.1:{bolt_port}" if bolt_port else None
    running = bool(uri) and _pid_alive(pid) and _bolt_answers(uri, _auth_of(instance))
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


def start(
    home: Path | None = None,
    bolt_port: int = 7687,
    http_port: int = 7474,
    password: str | None = None,
    memory: Memory | None = None,
    timeout: float = 180.0,
    default_database: str | None = None,
) -> StartResult:
    """Start the local server in `home` and return once Bolt answers."""
    began = time.monotonic()
    home = Path(home or default_home()).expanduser().resolve()
    memory = memory or Memory()
    current = status(home)
    if current.running:
        return StartResult(current.uri or "", True, time.monotonic() - began, home)
    if bolt_port == http_port:
        raise UsageError("Bolt 端口与 HTTP 端口不能相同 (bolt and http ports must differ).")
    for name, port in (("Bolt", bolt_port), ("HTTP", http_port)):
        if port_in_use(port):
            raise DatabaseUnavailable(
                f"端口 {port} 已被占用，无法启动本地 Neo4j ({name} port {port} is taken; "
                f"choose another with --{name.lower()}-port). 日志: {log_path(home)}"
            )
    lib = ensure_jars()
    first_start = not (home / "data" / "databases").exists()
    auth = password is not None
    database = default_database or (read_instance(home) or {}).get("database")
    write_config(home, bolt_port, http_port, memory, auth, database)
    if auth and first_start:
        set_initial_password(home, password, lib)
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
        env={**os.environ, "NEO4J_HOME": str(home)},
    )
    console.close()
    instance = {
        "pid": process.pid,
        "bolt_port": bolt_port,
        "http_port": http_port,
        "version": NEO4J_VERSION,
        "lib": str(lib),
        # what `load --bulk` restarts the server with after its offline import
        "database": database or "neo4j",
        "heap": memory.heap,
        "pagecache": memory.pagecache,
        "started_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    if auth:
        instance["password"] = password
    instance_path = home / INSTANCE_FILE
    instance_path.write_text(json.dumps(instance, indent=2), encoding="utf-8")
    instance_path.chmod(0o600)
    uri = f"bolt://127.0.0.1:{bolt_port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise DatabaseUnavailable(
                f"本地 Neo4j 启动失败，进程已退出 (exit {process.returncode}); "
                f"请查看日志 {log_path(home)} 与 {home / 'logs' / 'console.log'}."
            )
        if _bolt_answers(uri, _auth_of(instance)):
            return StartResult(uri, False, time.monotonic() - began, home)
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
    (home / INSTANCE_FILE).write_text(json.dumps(instance, indent=2), encoding="utf-8")
    return True


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
