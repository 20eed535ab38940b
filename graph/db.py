"""One driver per process; managed transactions with the driver's retries.

Everything that talks to Neo4j goes through `Database`: read work in read transactions,
write work in write transactions, every value as a parameter. A database that cannot be
reached becomes `DatabaseUnavailable` (exit 3) with one sentence, never a traceback.

A database that is down is found out quickly and quietly: before the first transaction the
connection is checked once with a short timeout (the driver's managed transactions would
otherwise retry for `max_transaction_retry_time`, logging a warning per attempt), and the
driver's own log lines below ERROR are not printed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from graph.driver import GraphDatabase, neo4j, neo4j_errors
from graph.errors import DatabaseUnavailable
from graph.settings import ConnectionSettings, connection_settings

T = TypeVar("T")

# Seconds to wait for a first connection before saying the database is not there.
CONNECT_TIMEOUT = 3.0
# Budget for retrying transient failures (deadlocks, a leader switch) once connected.
RETRY_TIME = 10.0


def quiet_driver_logs() -> None:
    """The driver logs every retry as a WARNING ("Transaction failed and will be retried"),
    which Python prints on stderr when nothing else is configured: the user would see a
    dozen lines before our one sentence. Only its errors remain."""
    logging.getLogger("neo4j").setLevel(logging.ERROR)


def to_native(value: Any) -> Any:
    """A driver value as Python: neo4j's temporal and spatial types become their native
    counterparts (`neo4j.time.Date` -> `datetime.date`, ...); anything else, None included,
    is returned as it is."""
    return value.to_native() if hasattr(value, "to_native") else value


quiet_driver_logs()

_UNREACHABLE = (
    neo4j_errors.ServiceUnavailable,
    neo4j_errors.SessionExpired,
    neo4j_errors.AuthError,
    neo4j_errors.ConfigurationError,
    OSError,
)


def _unreachable_message(settings: ConnectionSettings, error: Exception) -> str:
    if isinstance(error, neo4j_errors.AuthError):
        why = "用户名或密码错误 (authentication failed)"
    else:
        why = "数据库未运行或无法访问 (not running or not reachable)"
    hint = (
        "请检查 NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD"
        if settings.origin == "env"
        else "请先运行 `oversight db start`，或设置 NEO4J_URI 指向其他 Neo4j"
    )
    return f"无法连接数据库 {settings.uri}: {why}; {hint}."


class Database:
    """A connection to one Neo4j database."""

    def __init__(self, settings: ConnectionSettings) -> None:
        self.settings = settings
        try:
            self.driver = GraphDatabase.driver(
                settings.uri,
                auth=settings.auth,
                connection_timeout=CONNECT_TIMEOUT,
                max_transaction_retry_time=RETRY_TIME,
                notifications_min_severity="OFF",
            )
        except (ValueError, neo4j_errors.ConfigurationError) as error:
            raise DatabaseUnavailable(f"数据库地址无效 {settings.uri}: {error}") from error
        self._verified = False

    @contextmanager
    def _session(self, access_mode: str) -> Iterator[neo4j.Session]:
        if not self._verified:
            # Once per driver: a closed port or a wrong password ends here in at most
            # CONNECT_TIMEOUT seconds instead of the managed transaction's retry loop.
            self.verify()
        try:
            with self.driver.session(
                database=self.settings.database, default_access_mode=access_mode
            ) as session:
                yield session
        except _UNREACHABLE as error:
            raise DatabaseUnavailable(_unreachable_message(self.settings, error)) from error

    def verify(self) -> None:
        """Raise DatabaseUnavailable unless the server answers."""
        try:
            self.driver.verify_connectivity()
        except _UNREACHABLE as error:
            raise DatabaseUnavailable(_unreachable_message(self.settings, error)) from error
        self._verified = True

    def read(self, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run a read query in a managed read transaction; rows as dicts."""
        return self.read_tx(_collect, query, params or {})

    def read_values(self, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """As `read`, for queries that return only values, lists and maps (no nodes or
        relationships): rows are not passed through the driver's recursive conversion, which
        costs about a second per 40,000 rows of nested maps (a province's canned reports)."""
        return self.read_tx(_collect_values, query, params or {})

    def write(self, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run a write query in a managed write transaction; rows as dicts."""
        return self.write_tx(_collect, query, params or {})

    def read_tx(self, work: Callable[..., T], *args: Any) -> T:
        with self._session(neo4j.READ_ACCESS) as session:
            return session.execute_read(work, *args)

    def read_once(self, work: Callable[..., T], *args: Any, timeout: float) -> T:
        """One read transaction, not retried, that the server ends after `timeout` seconds
        (for work whose cost nobody vetted: the query box)."""
        with self._session(neo4j.READ_ACCESS) as session:
            with session.begin_transaction(timeout=timeout) as tx:
                return work(tx, *args)

    def write_tx(self, work: Callable[..., T], *args: Any) -> T:
        with self._session(neo4j.WRITE_ACCESS) as session:
            return session.execute_write(work, *args)

    def run_autocommit(self, query: str, params: dict[str, Any] | None = None) -> None:
        """For statements that must run outside an explicit transaction
        (schema changes, `CALL { } IN TRANSACTIONS`)."""
        with self._session(neo4j.WRITE_ACCESS) as session:
            session.run(query, params or {}).consume()

    def close(self) -> None:
        self.driver.close()


def _collect(
    tx: neo4j.ManagedTransaction, query: str, params: dict[str, Any]
) -> list[dict[str, Any]]:
    return [record.data() for record in tx.run(query, params)]


def _collect_values(
    tx: neo4j.ManagedTransaction, query: str, params: dict[str, Any]
) -> list[dict[str, Any]]:
    result = tx.run(query, params)
    keys = result.keys()
    return [dict(zip(keys, record.values(), strict=True)) for record in result]


_database: Database | None = None


def get_db() -> Database:
    """The process's one Database, created on first use from the connection settings."""
    global _database
    if _database is None:
        _database = Database(connection_settings())
    return _database


def reset_db() -> None:
    """Close the process's driver (tests and `db stop` use it when the target changes)."""
    global _database
    if _database is not None:
        _database.close()
        _database = None
