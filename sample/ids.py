"""身份证号 and 统一社会信用代码 for synthetic people and companies: valid, unique, deterministic.

Uniqueness comes from counters, not from retrying random draws, so the province scale needs
no set of issued numbers in memory.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

_id_check: Callable[[str], str] | None
_uscc_check: Callable[[str], str] | None
try:  # the loaders' checks are the reference; the local copies below are identical
    from loaders.values import id_number_check_char as _id_check
    from loaders.values import uscc_check_char as _uscc_check
except ImportError:  # pragma: no cover - before the loaders package provides them
    _id_check = None
    _uscc_check = None

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHARS = "10X98765432"
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def id_check_char(first17: str) -> str:
    """ISO 7064 MOD 11-2 check character of a 身份证号."""
    if _id_check is not None:
        return _id_check(first17)
    total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHARS[total % 11]


def uscc_check_char(first17: str) -> str:
    """GB 32100 check character of a 统一社会信用代码."""
    if _uscc_check is not None:
        return _uscc_check(first17)
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def _org_check_char(first8: str) -> str:
    total = sum(int(c) * w for c, w in zip(first8, _ORG_WEIGHTS, strict=True))
    value = 11 - total % 11
    return {10: "X", 11: "0"}.get(value, str(value))


def wrong_char(good: str, alphabet: str) -> str:
    """A different character of the same alphabet: a deliberately invalid check character."""
    return alphabet[(alphabet.index(good) + 1) % len(alphabet)]


class IdFactory:
    """Issues unique 身份证号 and USCCs. Each region code has its own counter c: the sequence
    number is c % 1000 and the birth date is moved by up to 29 days so that its ordinal is
    c // 1000 modulo 30; two numbers of one region therefore never coincide."""

    EPOCHS = 30

    def __init__(self) -> None:
        self.counters: dict[str, int] = {}
        self.org_counter = 0

    def id_number(self, region: str, birth: dt.date) -> tuple[str, dt.date]:
        """A valid 身份证号 of someone born about `birth`; returns the number and exact date."""
        c = self.counters.get(region, 0)
        self.counters[region] = c + 1
        epoch = c // 1000
        if epoch >= self.EPOCHS:
            raise ValueError(f"身份证号 space exhausted for region {region}")
        birth = birth + dt.timedelta(days=(epoch - birth.toordinal()) % self.EPOCHS)
        first17 = f"{region}{birth:%Y%m%d}{c % 1000:03d}"
        return first17 + id_check_char(first17), birth

    def uscc(self, region: str) -> str:
        """A valid 统一社会信用代码 of an enterprise (登记管理部门 9, 企业 1)."""
        n = self.org_counter
        self.org_counter += 1
        body = f"{n:08d}"[-8:]
        org = body + _org_check_char(body)
        first17 = f"91{region}{org}"
        return first17 + uscc_check_char(first17)
