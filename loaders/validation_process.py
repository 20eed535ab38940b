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

The child also shapes records itself (`ChildShaping`: loaders/shape.py, with the surrogates
left for the parent to mint in row order, `mint_deferred`) whenever the parent is behind, so
that both processes stay busy: validating is lighter than shaping, replaying and writing, by
how much depends on the registry.

Messages, child → parent, in file order:
    ("rows", index, records, shaped, count)   records of file `index` the load writes, or
                                     the rows shaped from `count` of them
    ("file", index, summary, bad rows, late bad rows, problems)   file `index` validated
    ("done",)                        every file validated
    ("crash", text)                  the child failed (its traceback as text)

The child sends from a thread of its own (`_Outbox`), up to a few messages ahead of the parent,
then waits while the parent is behind: memory does not grow.
"""

from __future__ import annotations

import multiprocessing
import queue
import threading
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection
from multiprocessing.reduction import ForkingPickler
from typing import Any

from graph.errors import OversightError
from loaders import pipeline
from loaders.mapping import MappingFile
from loaders.pipeline import (
    _Planned,
    _Prepared,
    _Progress,
    _validate_file,
    stops_the_load,
)
from loaders.problems import Problem
from loaders.shape import ShapeOptions, shape_records
from model.registry import REGISTRIES


class ValidationCrashed(OversightError):
    """The validation process ended without its result."""


def available() -> bool:
    """A child forked from this process (the validation needs the parent's loaded modules and
    plan, not a fresh interpreter): Linux; elsewhere the bulk load validates first."""
    return "fork" in multiprocessing.get_all_start_methods()


@dataclass
class Rows:
    index: int
    records: list[dict[str, Any]]  # validated records, or rows when `shaped`
    shaped: bool = False
    count: int = 0  # how many records (rows may be fewer: family rows merged)


@dataclass(frozen=True)
class ChildShaping:
    """What the child needs to shape records: each file's registry and source id, the options
    every file shares, and when to shape (the parent shapes the rest)."""

    registries: list[str]
    source_ids: list[str]
    options: ShapeOptions  # the parent's, for every file (loaders/bulk.py _Builder.shaping)
    # None: shape here when the parent is behind (messages wait to be sent), else send the
    # records as they are; a number: that share of the records, whatever the pace (tests,
    # bench/bulk_python.py --share)
    share: float | None = None

    def for_file(self, index: int, id_cache: dict[str, tuple[str, str, bool]]) -> ShapeOptions:
        """The parent's options for file `index`, with this process's cache and the new
        persons' surrogates left for the parent to mint."""
        return replace(
            self.options,
            source_id=self.source_ids[index],
            id_cache=id_cache,
            defer_surrogates=True,
        )


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


class _Outbox:
    """The child's messages, pickled here and sent by a thread of their own in order: the
    child goes on validating and shaping while the parent is busy, up to `ahead` messages
    ahead of it (a pipe alone holds 64 KB, so each side would mostly wait for the other; the
    parent writes a registry's nodes out for seconds between two messages). Pickled, a
    message of VALIDATE_CHUNK records is one object of ~1–2 MB, not ten thousand."""

    def __init__(self, out: Connection, ahead: int = 48) -> None:
        self._out = out
        self._queue: queue.Queue[memoryview | None] = queue.Queue(maxsize=ahead)
        self._failed: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="oversight-send", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while (message := self._queue.get()) is not None:
            if self._failed is None:
                try:
                    self._out.send_bytes(message)
                except BaseException as failed:  # noqa: BLE001 - raised in the child's thread
                    self._failed = failed

    def send(self, message: tuple[Any, ...]) -> None:
        if self._failed is not None:
            raise self._failed
        # as Connection.send pickles (Connection.recv reads it back)
        self._queue.put(ForkingPickler.dumps(message))

    def behind(self) -> bool:
        """Messages wait to be sent: the parent is busier than this process."""
        return self._queue.qsize() > 0

    def close_quietly(self) -> None:
        """What was queued sent, as far as it goes; nothing raised (the child is failing)."""
        try:
            self.close()
        except BaseException:  # noqa: BLE001 - the child's own failure is what it reports
            pass

    def close(self) -> None:
        """Every message sent (or the sending failed: raised)."""
        self._queue.put(None)
        self._thread.join()
        if self._failed is not None:
            raise self._failed


class _Sender:
    """The records of file `index`, sent while no file has had an error that stops the load
    (after one, the parent shapes nothing more: the load is refused)."""

    def __init__(self, out: _Outbox, shaping: ChildShaping | None) -> None:
        self.out = out
        self.index = 0
        self.failed = False
        self.shaping = shaping
        self.id_cache: dict[str, tuple[str, str, bool]] = {}
        self.records = 0  # sent so far, shaped or not
        self.shaped = 0  # of which shaped here

    def __call__(self, records: list[dict[str, Any]]) -> None:
        if self.failed:
            return
        if self.shaping is None or REGISTRIES[self.shaping.registries[self.index]].merges_rows:
            self._send(records)
            return
        # a kept file's records, in pieces: each shaped on either side, as the share needs
        piece = pipeline.VALIDATE_CHUNK
        for start in range(0, len(records), piece):
            self._send(records[start : start + piece])

    def _shapes_here(self, shaping: ChildShaping, count: int) -> bool:
        if shaping.share is None:
            return self.out.behind()
        # this process's part stays within its share of what is sent
        return self.shaped + count <= shaping.share * (self.records + count)

    def _send(self, records: list[dict[str, Any]]) -> None:
        shaping, count = self.shaping, len(records)
        if shaping is not None and self._shapes_here(shaping, count):
            options = shaping.for_file(self.index, self.id_cache)
            rows = shape_records(shaping.registries[self.index], records, options)
            self.out.send(("rows", self.index, rows, True, count))
            self.shaped += count
        else:
            self.out.send(("rows", self.index, records, False, count))
        self.records += count


def _child(
    out: Connection,
    planned: list[_Planned],
    mapping: MappingFile | None,
    known: dict[str, set[str]],
    skip_bad_rows: bool,
    sha256: list[str],
    shaping: ChildShaping | None,
) -> None:
    outbox = _Outbox(out)
    try:
        sender = _Sender(outbox, shaping)
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
            outbox.send(
                ("file", index, ready.summary, ready.bad_rows, ready.late_bad_rows, problems)
            )
        outbox.send(("done",))
        outbox.close()
    except BaseException:  # noqa: BLE001 - reported to the parent, which raises
        outbox.close_quietly()
        out.send(("crash", traceback.format_exc()))
    finally:
        out.close()


def validated_stream(
    planned: list[_Planned],
    mapping: MappingFile | None,
    known: dict[str, set[str]],
    skip_bad_rows: bool,
    sha256: list[str],
    shaping: ChildShaping | None = None,
) -> Iterator[Rows | Validated]:
    """Each file's records (`Rows`, possibly several per file) then its validation result
    (`Validated`), file after file, from a child process. The ids the files declare are
    added to the child's copy of `known`, not to this one. ValidationCrashed when the child
    fails. `sha256`: each file's, read before: a file that differs once validated is an
    error (its rows were read once, and may be the old and the new file's). `shaping`: the
    child shapes that share of the records (`Rows.shaped`), their surrogates deferred."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(
        target=_child,
        args=(send, planned, mapping, known, skip_bad_rows, sha256, shaping),
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
                yield Rows(*message[1:])
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
