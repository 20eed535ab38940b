"""Rebuilding a 身份证号 from what the product shows about a person, as an insider would.

`candidates` enumerates every 18-character number consistent with the shown fields: the
masked number (each visible character must match), the birth date as shown (a full date, a
year-month or a year), the gender (the sequence number's last digit is odd for men, even for
women, GB 11643), the native place when it is a region code, and the check character
(computed). Used by tests/security/test_ident_*.py; a count under 10,000 fails them.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator

from loaders.values import id_number_check_char

REGION_CODE = re.compile(r"^\d{6}$")


def _matches(mask: str, start: int, text: str) -> bool:
    return all(
        m == "*" or m == c for m, c in zip(mask[start : start + len(text)], text, strict=True)
    )


def birth_dates(shown: str | None) -> list[dt.date]:
    """Every date the shown birth field allows (none shown: 1900..today, as an attacker would
    have to try; the callers always have one)."""
    if not shown:
        first, last = dt.date(1900, 1, 1), dt.date.today()
    elif re.fullmatch(r"\d{4}-\d{2}-\d{2}", shown):
        day = dt.date.fromisoformat(shown)
        return [day]
    elif re.fullmatch(r"\d{4}-\d{2}", shown):
        year, month = int(shown[:4]), int(shown[5:7])
        first = dt.date(year, month, 1)
        last = dt.date(year, month, calendar.monthrange(year, month)[1])
    elif re.fullmatch(r"\d{4}", shown):
        first, last = dt.date(int(shown), 1, 1), dt.date(int(shown), 12, 31)
    else:
        raise ValueError(f"unexpected birth field {shown!r}")
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


def sequences(gender: str | None) -> list[str]:
    parity = {"男": 1, "male": 1, "女": 0, "female": 0}.get(gender or "")
    return [f"{n:03d}" for n in range(1000) if parity is None or n % 2 == parity]


def regions(mask: str, native_place: str | None) -> list[str]:
    """Region codes allowed by the mask's first six characters and the native place."""
    if native_place and REGION_CODE.match(native_place):
        pool = [native_place]
    else:
        prefix = mask[:6]
        if "*" not in prefix:
            pool = [prefix]
        else:  # every code of that shape: all plausible, not only those the product lists
            head = prefix.split("*", 1)[0]
            pool = [head + f"{n:0{6 - len(head)}d}" for n in range(10 ** (6 - len(head)))]
    return [r for r in pool if _matches(mask, 0, r)]


def candidates(
    mask: str, birth: str | None, gender: str | None, native_place: str | None
) -> Iterator[str]:
    """Every valid number consistent with what is shown."""
    if len(mask) != 18:
        raise ValueError(f"a mask of an 18-character number, not {mask!r}")
    days = [d.strftime("%Y%m%d") for d in birth_dates(birth)]
    days = [d for d in days if _matches(mask, 6, d)]
    seqs = [s for s in sequences(gender) if _matches(mask, 14, s)]
    for region in regions(mask, native_place):
        for day in days:
            for seq in seqs:
                first17 = region + day + seq
                check = id_number_check_char(first17)
                if mask[17] in ("*", check):
                    yield first17 + check


def count(
    mask: str,
    birth: str | None,
    gender: str | None,
    native_place: str | None,
    enough: int | None = None,
) -> int:
    """How many numbers are consistent with what is shown; with `enough`, counting stops
    there (a person shown without a birth date allows some 23 million: the tests only need
    to know the count is at least their threshold)."""
    total = 0
    for _ in candidates(mask, birth, gender, native_place):
        total += 1
        if enough is not None and total >= enough:
            break
    return total
