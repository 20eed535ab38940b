"""Validation in a second process, for `oversight load --bulk` (loaders/bulk.py).

The bulk load validates every file (loaders/pipeline.py, the normal loader's code) and shapes
and replays every row (loaders/shape.py, loaders/bulk_graph.py). Done one after the other,
one core works and a file too large to keep (a province's 1–1.6 M-row company, shareholder and
officer files) is read and validated twice. Here a child process validates, file after file,
exactly as `validate_all` does, and sends each file's final records through a pipe as soon as
they are known (a streamed file's chunk by chunk, a kept file's once checked whole); the parent
shapes them while the child reads on. Nothing reaches the database before every file is
validated: the parent only writes the import files, and the caller refuses (BadInput, the same
problems in the same order) before importing anything.

Messages, child → parent, in file order:
    ("rows", index, records)        records of file `index` the load writes
    ("file", index, summary, bad rows, late bad rows, problems)   file `index` validated
    ("done",)                        every file validated
    ("crash", text)                  the child failed (its traceback as text)

A pipe holds little, so the child waits while the parent is behind: memory does not grow.
"""

from __future__ import annotations

import multiprocessing
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from graph.errors import OversightError
from loaders.mapping import MappingFile
from loaders.pipeline import (
    _Planned,
    _Prepared,
    _Progress,
    _validate_file,
    stops_the_load,
)
from loaders.problems import Problem


class ValidationCrashed(OversightError):
    """The validation process ended without its result."""


def available() -> bool:
    """A child forked from this process (the validation needs the parent's loaded modules and
    plan, not a fresh interpreter): Linux; elsewhere the bulk load validates first."""
    return "fork" in multiprocessing.get_all_start_methods()


@dataclass
class Rows:
    index: int
    records: list[dict[str, Any]]


@dataclass
class Validated:
    index: int
    ready: _Prepared
    problems: list[Problem]


def _changed(ready: _Prepared) -> Problem:
    return Problem(
        ready.summary.file,
        None,
        None,
        None,
        "文件在校验过程中被修改，请重新载入 (the file changed while it was validated: load again)",
    )


class _Sender:
    """The records of file `index`, sent while no file has had an error that stops the load
    (after one, the parent shapes nothing more: the load is refused)."""

    def __init__(self, out: Connection) -> None:
        self.out = out
        self.index = 0
        self.failed = False

    def __call__(self, records: list[dict[str, Any]]) -> None:
        if not self.failed:
            self.out.send(("rows", self.index, records))


def _child(
    out: Connection,
    planned: list[_Planned],
    mapping: MappingFile | None,
    known: dict[str, set[str]],
    skip_bad_rows: bool,
    sha256: list[str],
) -> None:
    try:
        sender = _Sender(out)
        for index, item in enumerate(planned):
            sender.index = index
            ready, problems = _validate_file(
                item, mapping, known, skip_bad_rows, _Progress(False), sender
            )
            if ready.summary.sha256 and ready.summary.sha256 != sha256[index]:
                problems = [*problems, _changed(ready)]
                ready.summary.errors += 1
            sender.failed = sender.failed or any(stops_the_load(p, skip_bad_rows) for p in problems)
            # the registry and mapping are the parent's already (and hold unpicklable views)
            out.send(("file", index, ready.summary, ready.bad_rows, ready.late_bad_rows, problems))
        out.send(("done",))
    except BaseException:  # noqa: BLE001 - reported to the parent, which raises
        out.send(("crash", traceback.format_exc()))
    finally:
        out.close()


def validated_stream(
    planned: list[_Planned],
    mapping: MappingFile | None,
    known: dict[str, set[str]],
    skip_bad_rows: bool,
    sha256: list[str],
) -> Iterator[Rows | Validated]:
    """Each file's records (`Rows`, possibly several per file) then its validation result
    (`Validated`), file after file, from a child process. The ids the files declare are
    added to the child's copy of `known`, not to this one. ValidationCrashed when the child
    fails. `sha256`: each file's, read before: a file that differs once validated is an
    error (its rows were read once, and may be the old and the new file's)."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(
        target=_child,
        args=(send, planned, mapping, known, skip_bad_rows, sha256),
        name="oversight-validate",
        daemon=True,
    )
    child.start()
    send.close()  # the child's end: EOF here once the child is gone
    try:
        while True:
            try:
                message = receive.recv()
            except EOFError:
                child.join(timeout=30)  # gone: its exit code, once reaped
                raise ValidationCrashed(
                    f"校验进程意外退出（退出码 {child.exitcode}），未写入任何数据 "
                    f"(the validation process ended unexpectedly, exit code {child.exitcode}; "
                    "nothing was written)"
                ) from None
            kind = message[0]
            if kind == "rows":
                yield Rows(message[1], message[2])
            elif kind == "file":
                index, summary, bad_rows, late, problems = message[1:]
                item = planned[index]
                section = mapping.for_registry(item.registry.name) if mapping else None
                ready = _Prepared(item, summary, [], bad_rows, section, late)
                yield Validated(index, ready, problems)
            elif kind == "done":
                return
            else:
                raise ValidationCrashed(
                    "校验进程出错，未写入任何数据 (the validation process failed; nothing "
                    f"was written):\n{message[1]}"
                )
    finally:
        receive.close()
        if child.is_alive():
            child.terminate()
        child.join()
