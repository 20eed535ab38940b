"""The local Neo4j as an insider and a web page would try it: authentication on by default,
the password in a 0600 file and nowhere else (no command line, no log), `db env` for a shell,
the HTTP connector off unless asked, and when on, no CORS for foreign pages and no answer
without a password."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from graph import server
from graph.settings import CREDENTIALS_FILE, INSTANCE_FILE

pytestmark = pytest.mark.slow

MEMORY = ["--heap", "512m", "--pagecache", "128m"]


def clean_env(**extra: str) -> dict[str, str]:
    """The user's environment without any NEO4J_* (so only the home's files can help)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env.pop("OVERSIGHT_HOME", None)
    return {**env, **extra}


def run_cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "from app.cli import main; main()", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def http(url: str, method: str = "GET", headers: dict | None = None, body: bytes | None = None):
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers)


def test_auth_on_by_default_password_only_in_a_0600_file(tmp_path: Path) -> None:
    home = tmp_path / "home"
    bolt, http_port = server.free_port(), server.free_port()
    env = clean_env()
    started = run_cli(
        "db", "start", "--home", str(home), "--bolt-port", str(bolt),
        "--http-port", str(http_port), *MEMORY, env=env,
    )  # fmt: skip
    try:
        assert started.returncode == 0, started.stderr
        assert "WARNING" not in started.stderr
        credentials = home / CREDENTIALS_FILE
        assert stat.S_IMODE(credentials.stat().st_mode) == 0o600
        assert stat.S_IMODE(home.stat().st_mode) == 0o700
        assert stat.S_IMODE((home / INSTANCE_FILE).stat().st_mode) == 0o600
        password = json.loads(credentials.read_text(encoding="utf-8"))["password"]
        assert len(password) >= 24
        instance = json.loads((home / INSTANCE_FILE).read_text(encoding="utf-8"))
        assert instance["auth"] is True and "password" not in instance

        # Nothing a `ps` shows: the java process's command line and environment.
        cmdline = Path(f"/proc/{instance['pid']}/cmdline").read_bytes()
        assert password.encode() not in cmdline
        assert password.encode() not in Path(f"/proc/{instance['pid']}/environ").read_bytes()
        listing = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout
        assert password not in listing
        # Nor any file of the home but the credentials file (logs, conf, data).
        for path in home.rglob("*"):
            if path.is_file() and path != credentials:
                assert password.encode() not in path.read_bytes(), path

        # The product finds it by itself through the home...
        own = run_cli("db", "migrate", env=clean_env(OVERSIGHT_HOME=str(home)))
        assert own.returncode == 0, own.stderr
        # ...and a shell finds it through `db env`.
        exports = run_cli("db", "env", "--home", str(home), env=env)
        assert exports.returncode == 0, exports.stderr
        lines = exports.stdout.strip().splitlines()
        assert [line.split("=")[0] for line in lines] == [
            "export NEO4J_URI", "export NEO4J_USER", "export NEO4J_PASSWORD",
            "export NEO4J_DATABASE",
        ]  # fmt: skip
        python = f"{sys.executable} -c 'from app.cli import main; main()'"
        shell = subprocess.run(
            ["bash", "-c", f'eval "$({python} db env --home "$1")" && {python} db migrate', "-",
             str(home)],
            capture_output=True, text=True, env=env, timeout=300,
        )  # fmt: skip
        assert shell.returncode == 0, shell.stderr
        assert "applied" in shell.stdout

        uri = f"bolt://127.0.0.1:{bolt}"
        wrong = run_cli("db", "migrate", env=clean_env(NEO4J_URI=uri, NEO4J_PASSWORD="nope"))
        assert wrong.returncode == 3 and "authentication failed" in wrong.stderr
        missing = run_cli("db", "migrate", env=clean_env(NEO4J_URI=uri))
        assert missing.returncode == 3 and "Traceback" not in missing.stderr

        # The HTTP API, opened on request: no password, no answer; a foreign page gets no CORS.
        base = f"http://127.0.0.1:{http_port}"
        body = json.dumps({"statements": [{"statement": "CREATE (:Probe)"}]}).encode()
        json_headers = {"Content-Type": "application/json", "Accept": "application/json"}
        code, _ = http(f"{base}/db/neo4j/tx/commit", "POST", json_headers, body)
        assert code == 401
        foreign = {**json_headers, "Origin": "http://evil.example"}
        code, headers = http(f"{base}/db/neo4j/tx/commit", "POST", foreign, body)
        assert code == 401
        assert headers.get("Access-Control-Allow-Origin") in (
            None,
            server.loopback_origin(http_port),
        )
        preflight = {
            "Origin": "http://evil.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization,content-type",
        }
        code, headers = http(f"{base}/db/neo4j/tx/commit", "OPTIONS", preflight)
        assert headers.get("Access-Control-Allow-Origin") != "*"
        assert headers.get("Access-Control-Allow-Origin") in (
            None,
            server.loopback_origin(http_port),
        )
        code, headers = http(f"{base}/", "GET", {"Origin": "http://evil.example"})
        assert headers.get("Access-Control-Allow-Origin") != "*"

        # A second start keeps the same password.
        server.stop(home)
        again = run_cli("db", "start", "--home", str(home), "--bolt-port", str(bolt), *MEMORY,
                        env=env)  # fmt: skip
        assert again.returncode == 0, again.stderr
        assert json.loads(credentials.read_text(encoding="utf-8"))["password"] == password
        assert run_cli("db", "migrate", env=clean_env(OVERSIGHT_HOME=str(home))).returncode == 0
        # Without --http-port/--http the HTTP connector is closed.
        assert "server.http.enabled=false" in (home / "conf" / "neo4j.conf").read_text()
        assert not server.port_in_use(http_port)
    finally:
        server.stop(home)


def test_no_auth_is_said_at_every_start(tmp_path: Path) -> None:
    home = tmp_path / "open"
    bolt = server.free_port()
    env = clean_env()
    args = ["db", "start", "--home", str(home), "--bolt-port", str(bolt), "--no-auth", *MEMORY]
    first = run_cli(*args, env=env)
    try:
        assert first.returncode == 0, first.stderr
        assert "WARNING: authentication is OFF" in first.stderr
        second = run_cli(*args, env=env)
        assert second.returncode == 0 and "already running" in second.stdout
        assert "WARNING: authentication is OFF" in second.stderr
        # A plain `db start` on that running server says so too.
        plain = run_cli("db", "start", "--home", str(home), "--bolt-port", str(bolt), env=env)
        assert "WARNING: authentication is OFF" in plain.stderr
        anyone = run_cli("db", "migrate", env=clean_env(NEO4J_URI=f"bolt://127.0.0.1:{bolt}"))
        assert anyone.returncode == 0, anyone.stderr
    finally:
        server.stop(home)
