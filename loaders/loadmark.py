"""The load-in-progress mark: a load is all-or-nothing at write time as far as readers know.

A load validates everything before writing (loaders/pipeline.py), but the writing itself is
many transactions: a crash, a kill or a lost database half-way leaves some files written
and others not. So a `(:LoadInProgress)` node naming who, when and which files is written
before the first batch and deleted after the identity step. While one stands, the CLI's
`flags`, `report`, `risk` and `stats` warn, the rules refuse to run unless `--force`, and
the app shows a banner (app/loadstate.py). Re-running the same load finishes it: loads are
idempotent, and a completed load clears the mark.

Each load has its own mark, so two loads at once do not clear each other's: a load that ends
clears its own mark and those of loads that began before it and are no longer running (on this
machine: their process is gone; this process's own crashed loads; on another machine: taken as
gone). A load still running keeps its mark, whoever finishes first.
"""

from __future__ import annotations

import getpass
import os
import socket
import sys
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache

from graph.cypherfiles import read_cypher
from graph.db import Database
from graph.errors import BadInput
from loaders.write import parse_steps


@cache
def _step(name: str) -> str:
    text = read_cypher("loaders/cypher/loadmark")
    steps = {s.name: s.query for s in parse_steps(text, "loadmark.cypher")}
    return steps[name]


@dataclass(frozen=True)
class LoadMark:
    started_at: str
    by: str
    files: list[str]
    command: str

    def sentence(self) -> str:
        """What happened and how to finish, Chinese first."""
        files = "、".join(self.files[:5]) + (
            f" 等{len(self.files)}个" if len(self.files) > 5 else ""
        )
        return (
            f"上次载入未完成（{self.by} 于 {self.started_at[:19]} 开始载入 {files}），图谱数据可能不完整。"
            f"请重新运行同一载入命令以完成（载入可重复执行，结果相同）：{self.command} "
            f"(a load started at {self.started_at[:19]} by {self.by} did not finish, so the "
            f"graph may be partial; re-run the same load to finish it, loads are idempotent: "
            f"{self.command})"
        )


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return f"uid:{os.getuid()}"


def current(db: Database) -> LoadMark | None:
    """The mark left by an unfinished load, or None."""
    rows = db.read(_step("mark_get"))
    if not rows:
        return None
    row = rows[0]
    return LoadMark(
        row["started_at"] or "",
        row["by"] or "?",
        list(row["files"] or []),
        row["command"] or "oversight load",
    )


def command_line() -> str:
    """The command a user re-runs to finish (the one that set the mark)."""
    argv = sys.argv
    if argv and os.path.basename(argv[0]) in ("oversight", "__main__.py", "cli.py"):
        return " ".join(["oversight", *argv[1:]])
    return "oversight load …"


_OPEN: set[str] = set()  # the marks of this process's loads that are writing now


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process: it exists
    return True


def running(marks: list[dict], host: str, pid: int) -> list[str]:
    """The marks whose load is still running, as far as this process can tell: its own open
    marks, and those of live processes on this machine. Another machine's cannot be checked;
    they count as stopped (pure: `marks` from the `marks` step)."""
    alive = []
    for m in marks:
        if m.get("host") != host or m.get("pid") is None:
            continue
        if m["pid"] == pid:
            if m["mark"] in _OPEN:
                alive.append(m["mark"])
        elif _alive(int(m["pid"])):
            alive.append(m["mark"])
    return alive


@contextmanager
def marked(db: Database, files: Sequence[str], command: str | None = None) -> Iterator[None]:
    """Set this load's mark for the duration of its writes; cleared only when they all end
    well (an exception leaves it standing, which is the point)."""
    mark, host, pid = uuid.uuid4().hex, socket.gethostname(), os.getpid()
    started = db.write(
        _step("mark_set"),
        {"mark": mark, "by": _user(), "files": list(files),
         "command": command or command_line(), "host": host, "pid": pid},
    )[0]["started_at"]  # fmt: skip
    _OPEN.add(mark)
    try:
        yield
    finally:
        _OPEN.discard(mark)
    still = running(db.read(_step("marks")), host, pid)
    db.write(_step("mark_clear"), {"mark": mark, "started_at": started, "running": still})


def refuse_if_marked(db: Database, force: bool) -> LoadMark | None:
    """For the rules: BadInput (exit 2) with the sentence while a mark stands, unless
    forced; returns the mark (to warn about) otherwise."""
    mark = current(db)
    if mark is not None and not force:
        raise BadInput(
            mark.sentence()
            + " 如确需在不完整的数据上运行规则，请加 --force (to run the rules on it anyway, add --force)"
        )
    return mark
