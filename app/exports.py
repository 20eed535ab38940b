"""The audit entry of every export the CLI writes (who, when, what, where).

The entry's user and time are app/audit.py's; this only says what was exported and where,
so that every exporting command records the same shape of entry."""

from __future__ import annotations

from pathlib import Path

from app import audit


def record_export(what: str, fmt: str, output: Path | None, rows: int) -> None:
    """Record that `what` (e.g. `flags`, `risk`, `report COI-1`, `load problems`) was
    exported as `fmt` to `output` (None: standard output), with how many rows."""
    where = str(Path(output).resolve()) if output is not None else "stdout"
    audit.record(
        "export", target=where, detail={"what": what, "format": fmt, "rows": rows}, via="cli"
    )
