"""Surrogate pids as tests number them (`shape.new_surrogate` patched to S:00000000,
S:00000001...), renumbered by first appearance: two builds that mint in another order, or
mint surrogates no file keeps, compare equal when their files name the same persons alike."""

from __future__ import annotations

import re
from collections.abc import Iterable

SURROGATE = re.compile(r"S:\d{8}")


def renumbered(files: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """(name, text) of each file, in the order given, its surrogates numbered afresh."""
    seen: dict[str, str] = {}

    def number(match: re.Match[str]) -> str:
        return seen.setdefault(match.group(), f"S:{len(seen):08d}")

    return [(name, SURROGATE.sub(number, text)) for name, text in files]
