"""Pure value parsers and identifier checks for registry cells.

Every parser takes a cell as read from a file (str, or a number/date/bool from an xlsx
cell) and returns the typed value, or raises ValueError whose message says, Chinese first,
what was expected; validation turns that message into the `expected` of a Problem.
Emptiness is decided by `is_empty` before any parser is called.
"""

from __future__ import annotations

import functools
import hmac
import math
import operator
import os
import re
import secrets
import time
import unicodedata
from collections.abc import Callable
from datetime import date, datetime, timedelta
from hashlib import sha256
from pathlib import Path
from typing import Any

from graph.settings import env_text

# defined in model/text.py (the declaration matches headers with them); re-exported here for
# the readers and validators, which take every cell helper from this module
from model.text import header_key as header_key
from model.text import normalise_header as normalise_header
from model.text import normalise_text as normalise_text

# --- text ----------------------------------------------------------------------------------

_SPACES = re.compile(r"\s+")
# Cell contents that mean "no value" in exported registries (e.g. `N/A` in the market
# regulator's exports); kept narrow so that no real value is ever mistaken for empty.
EMPTY_MARKERS = frozenset(
    {
        "",
        "-",
        "--",
        "—",
        "——",
        "/",
        "\\",
        "N/A",
        "n/a",
        "NA",
        "NULL",
        "null",
        "None",
        "nan",
        "NaN",
        "无数据",
    }
)

_LONGEST_MARKER = max(len(m) for m in EMPTY_MARKERS)


def extra_name(header: Any) -> str:
    """The property name an unknown column is kept under: `extra_<normalised header>`."""
    body = re.sub(r"\W+", "_", normalise_header(header).lower()).strip("_")
    return f"extra_{body or 'column'}"


# A company key made for an FtM entity without a USCC: `FTM:<entity id>`. FtM ids are
# case-sensitive identities, not registry codes: kept exactly, not checked as a USCC.
FTM_KEY_PREFIX = "FTM:"


def is_ftm_key(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FTM_KEY_PREFIX)


def normalise_code(value: Any) -> str:
    """An identifier cell as text: full-width to ASCII, no spaces, `12.0` from Excel -> `12`."""
    # the common cell first: plain ASCII letters and digits, already normal
    if value.__class__ is str and value.isascii() and value.isalnum():
        return value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    if text.isascii() and not _SPACES.search(text):
        return text
    return _SPACES.sub("", unicodedata.normalize("NFKC", text))


def is_empty(value: Any) -> bool:
    """True for a cell that holds no value (None, blank, `N/A`, `-`, NaN)."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if isinstance(value, str):
        text = value.strip()
        if text in EMPTY_MARKERS:
            return True
        # Only a short non-ASCII cell can be a full-width marker (`Ｎ/Ａ`); others are done.
        if len(text) > _LONGEST_MARKER or text.isascii():
            return False
        return unicodedata.normalize("NFKC", text).strip() in EMPTY_MARKERS
    return False


# --- parsers -------------------------------------------------------------------------------

EXPECT_DATE = "应为日期 (expected a date such as 2024-03-05)"
EXPECT_MONEY = "应为金额，如 1,000 或 50万元 (expected an amount such as 1,000 or 50万元)"
EXPECT_PCT = "应为 0 到 100 之间的百分比，如 35 或 35% (expected a percentage from 0 to 100)"
EXPECT_INT = "应为整数 (expected a whole number)"
EXPECT_BOOL = "应为 是/否 (expected yes/no: 是/否, Y/N, 1/0, true/false)"
EXPECT_TEXT = "应为文本 (expected text)"

_EXCEL_EPOCH = date(1899, 12, 30)
_MIN_YEAR, _MAX_YEAR = 1900, 2100
_TIME_SUFFIX = re.compile(r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$")
_DATE_FORMS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})[日号]?$"),
    re.compile(r"^(\d{4})年(\d{1,2})月?$"),
    re.compile(r"^(\d{4})[-/.](\d{1,2})$"),
)


def parse_date(value: Any) -> date:
    """A date from any form the contract accepts; a month alone means its first day.

    Accepts date/datetime objects (xlsx date cells), `2024-03-05`, `2024/3/5`, `2024.03.05`,
    `20240305`, `2024年3月5日`, `2024年3月`, `2024-03`, a trailing time of day (CSV exports of
    Excel dates), and Excel serial day numbers (`45356`, a date column exported as numbers).
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise ValueError(EXPECT_DATE)
    if isinstance(value, int | float):
        return _excel_serial(value)
    if value.__class__ is str and _PLAIN_DATE.fullmatch(value):
        # the common cell, `2024-03-05` or `20240305` as exported: what the forms below give
        if len(value) == 10:
            return _ymd(int(value[:4]), int(value[5:7]), int(value[8:]))
        return _ymd(int(value[:4]), int(value[4:6]), int(value[6:]))
    text = normalise_text(str(value))
    if "年" in text:
        text = text.replace(" ", "")
    text = _TIME_SUFFIX.sub("", text).strip()
    if re.fullmatch(r"\d{5}(?:\.0+)?", text):
        return _excel_serial(float(text))
    for form in _DATE_FORMS:
        m = form.match(text)
        if m:
            parts = [int(p) for p in m.groups()]
            return _ymd(parts[0], parts[1], parts[2] if len(parts) > 2 else 1)
    raise ValueError(EXPECT_DATE)


# ASCII digits only: other Unicode digits take the long way (NFKC first), as before
_PLAIN_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{8}")


def _ymd(year: int, month: int, day: int) -> date:
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        raise ValueError(
            f"年份应在 {_MIN_YEAR}–{_MAX_YEAR} 之间 (expected a year from {_MIN_YEAR} to {_MAX_YEAR})"
        )
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"{EXPECT_DATE}: 月或日无效 (no such month or day)") from None


def _excel_serial(number: float) -> date:
    if math.isnan(number) or not float(number).is_integer() or not 10000 <= number <= 80000:
        raise ValueError(EXPECT_DATE)
    return _EXCEL_EPOCH + timedelta(days=int(number))


class ForeignCurrency(ValueError):
    """An amount in a currency other than yuan: it cannot be converted without a rate."""

    def __init__(self, amount: float, currency: str) -> None:
        self.amount = amount
        self.currency = currency
        super().__init__(
            f"外币金额未换算为人民币: {amount:,.2f} {currency} "
            f"(amount in {currency}, not converted to yuan)"
        )


_MONEY = re.compile(
    r"^(?P<pre>人民币|rmb|cny|¥)?(?P<num>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)(?P<unit>.*)$"
)
_SCALES = (("百万", 1e6), ("千万", 1e7), ("亿", 1e8), ("万", 1e4), ("千", 1e3))
_YUAN_WORDS = ("人民币", "rmb", "cny")
_FOREIGN = re.compile(
    r"(美元|港元|港币|日元|欧元|英镑|澳元|加元|加拿大元|新加坡元|台币|法郎|马克|卢布|韩元|usd|hkd|eur|jpy|gbp)"
)


_PLAIN_AMOUNT = re.compile(r"[0-9]+(?:\.[0-9]+)?")


def parse_money(value: Any) -> float:
    """An amount in yuan: thousands separators, 元/万元/万元人民币/亿元, `50(万元人民币)`.

    Amounts in another currency (`860(万美元)`, common for foreign-invested companies)
    raise ForeignCurrency, a ValueError carrying the amount and currency.
    """
    if isinstance(value, bool):
        raise ValueError(EXPECT_MONEY)
    if isinstance(value, int | float):
        amount = float(value)
        if math.isnan(amount) or math.isinf(amount) or amount < 0:
            raise ValueError(EXPECT_MONEY)
        return amount
    if value.__class__ is str and _PLAIN_AMOUNT.fullmatch(value):
        return float(value)  # `7000000`, `12.5`: what _MONEY reads with no unit
    text = re.sub(r"\s+", "", normalise_text(str(value))).lower()
    m = _MONEY.match(text)
    if not m:
        raise ValueError(EXPECT_MONEY)
    amount = float(m["num"].replace(",", ""))
    unit = re.sub(r"[()\[\]{}<>]", "", m["unit"])
    for word, factor in _SCALES:
        if unit.startswith(word):
            amount *= factor
            unit = unit[len(word) :]
            break
    for word in _YUAN_WORDS:
        unit = unit.replace(word, "")
    if unit in ("", "元", "元元"):
        return amount
    currency = unit[1:] if unit.startswith("元") else unit
    if _FOREIGN.search(currency):
        raise ForeignCurrency(amount, currency.upper() if currency.isascii() else currency)
    raise ValueError(f"{EXPECT_MONEY}: 未知单位「{m['unit']}」 (unknown unit)")


def parse_pct(value: Any) -> float:
    """A percentage 0–100: `35`, `35%`, `0.5` (half a percent, not 50%)."""
    if isinstance(value, bool):
        raise ValueError(EXPECT_PCT)
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = normalise_text(str(value)).replace(" ", "").removesuffix("%")
        if not re.fullmatch(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)", text):
            raise ValueError(EXPECT_PCT)
        number = float(text)
    if math.isnan(number) or not 0 <= number <= 100:
        raise ValueError(EXPECT_PCT)
    return number


_INT_UNIT = re.compile(r"(?:年度|年|个|项|次|件|人)$")


def parse_int(value: Any) -> int:
    """A whole number: `12`, `1,200`, `12.0` (Excel), `2023年度` (a year with its unit)."""
    if isinstance(value, bool):
        raise ValueError(EXPECT_INT)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise ValueError(EXPECT_INT)
    text = _INT_UNIT.sub("", normalise_text(str(value)).replace(" ", ""))
    if re.fullmatch(r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.0+)?", text):
        return int(text.replace(",", "").split(".")[0])
    raise ValueError(EXPECT_INT)


_TRUE = {"是", "y", "yes", "1", "true", "t", "√", "✓", "真", "有"}
_FALSE = {"否", "n", "no", "0", "false", "f", "×", "✗", "假", "无"}


def parse_bool(value: Any) -> bool:
    """是/否, Y/N, yes/no, 1/0, true/false (any case; xlsx booleans and 1/0 numbers too)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    text = normalise_text(str(value)).lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(EXPECT_BOOL)


_LIST_SEPARATORS = re.compile(r"[;；、,，\n\r]+")


def parse_list(value: Any) -> list[str]:
    """Items separated by `;`, `；`, `、` or `,`, stripped, empties dropped, order kept."""
    if isinstance(value, list | tuple):
        items = [str(v) for v in value]
    elif isinstance(value, float) and value.is_integer():
        items = [str(int(value))]
    else:
        items = _LIST_SEPARATORS.split(str(value))
    return [i.strip() for i in items if i.strip()]


def parse_str(value: Any) -> str:
    """Text, stripped; a number from an xlsx cell as written (`12.0` -> `12`), a date as ISO."""
    if type(value) is str and "\x00" not in value:
        return value.strip()
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return (
            value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    if "\x00" in text:
        raise ValueError(EXPECT_TEXT)
    return text


PARSERS: dict[str, Callable[[Any], Any]] = {
    "str": parse_str,
    "date": parse_date,
    "int": parse_int,
    "money": parse_money,
    "pct": parse_pct,
    "list": parse_list,
    "bool": parse_bool,
}


def parse_value(type_: str, value: Any) -> Any:
    """Parse one non-empty cell as the declared type (see PARSERS)."""
    return PARSERS[type_](value)


# --- 身份证号 (GB 11643, ISO 7064 MOD 11-2) ---------------------------------------------------

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
# GB/T 2260 province codes, plus 71 (Taiwan) and 81/82/83 (Hong Kong, Macao, Taiwan
# residents' residence permits, which carry 18-digit numbers of the same form).
PROVINCE_PREFIXES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 "
    "61 62 63 64 65 71 81 82 83".split()
)


def normalise_id_number(value: Any) -> str:
    """A 身份证号 as compared and hashed: ASCII, no spaces, final `x` upper-cased."""
    return normalise_code(value).upper()


# compiled once: these run for every 身份证号 and USCC of a load (hundreds of thousands)
_DIGITS17 = re.compile(r"\d{17}")
_ID_FORM = re.compile(r"\d{17}[\dX]")


def id_number_check_char(first17: str) -> str:
    """The check character (0-9 or X) that completes 17 digits into a valid 身份证号."""
    if not _DIGITS17.fullmatch(first17):
        raise ValueError("应为17位数字 (expected 17 digits)")
    return _check_char_of_digits(first17)


def _check_char_of_digits(digits: str) -> str:
    """The check character of 17 characters already known to be digits. `_ID_WEIGHTS` are
    2**17, 2**16 ... 2**1 modulo 11, and 13 = 2 modulo 11: the digits read as one base-13
    number, doubled, give the weighted sum modulo 11 in one C call (ten times the speed of
    the sum of products; every 身份证号 of a load is checked, twice)."""
    return _ID_CHECK[2 * int(digits, 13) % 11]


def check_id_number(value: Any) -> str | None:
    """Why a 身份证号 is invalid (Chinese first), or None when it passes every check.

    The reason never quotes the number's digits (birth date, check character): problem
    reports and messages are read by people who must not be able to rebuild the number.
    """
    return _id_number_reason(normalise_id_number(value), _today())


# date.today() is read for every 身份证号 of a load (millions at province): kept until the next
# local midnight, and for a minute at most (a clock or time zone changed meanwhile is seen
# within the minute), so a call costs a clock read.
_TODAY: tuple[float, date] = (0.0, date.min)


def _today() -> date:
    global _TODAY
    if time.time() < _TODAY[0]:
        return _TODAY[1]
    today = date.today()
    midnight = datetime.combine(today + timedelta(days=1), datetime.min.time())
    _TODAY = (min(midnight.timestamp(), time.time() + 60.0), today)
    return today


# Every birth date a valid number may carry (YYYYMMDD from 1880 to `today`), so that a valid
# number is decided by set lookups (the dates of 145 years: built once a day, in ~30 ms).
@functools.lru_cache(maxsize=2)
def _plausible_births(today: date) -> frozenset[str]:
    first = date(1880, 1, 1)
    return frozenset(
        (first + timedelta(days=n)).strftime("%Y%m%d") for n in range((today - first).days + 1)
    )


def _id_number_reason(s: str, today: date) -> str | None:
    # A valid number (nearly every one) passes the checks below in this order; decided here
    # without building its birth date. Anything else takes the checks one by one, for the
    # first reason that applies.
    if (
        len(s) == 18
        and _ID_FORM.fullmatch(s)
        and s[:2] in PROVINCE_PREFIXES
        and s[6:14] in _plausible_births(today)
        and s[17] == _check_char_of_digits(s[:17])
    ):
        return None
    if len(s) != 18:
        return f"身份证号应为18位，实为{len(s)}位 (expected 18 characters, got {len(s)})"
    if not _ID_FORM.fullmatch(s):
        return "身份证号前17位应为数字，末位为数字或X (expected 17 digits and a digit or X)"
    if s[:2] not in PROVINCE_PREFIXES:
        return "身份证号地区码未知 (unknown province prefix)"
    try:
        born = date(int(s[6:10]), int(s[10:12]), int(s[12:14]))
    except ValueError:
        return "身份证号中的出生日期无效 (invalid birth date in the number)"
    if born.year < 1880 or born > today:
        return "身份证号中的出生日期不合理 (implausible birth date in the number)"
    if s[17] != id_number_check_char(s[:17]):
        return "身份证号校验码不符 (the check character does not match)"
    return None


# What the display mask keeps: the 6-digit region code (which the native place largely gives
# away anyway). The birth date, the sequence number (whose parity is the gender) and the
# check character are hidden: with the birth year-month and gender shown beside it, a masked
# number still leaves 28 x 500 = 14,000 or more candidates (docs/security.md).
MASK_KEEP = 6
MASK_FROM_LENGTH = 15  # shorter strings are not numbers whose region means anything


def mask_id_number(value: Any) -> str:
    """The display form `340102************`: the region code kept, the rest starred.

    The one masking function: every message, problem report, export and stored `id_masked`
    shows a 身份证号 through it (or through `redact_ids` for free text)."""
    s = normalise_id_number(value)
    keep = MASK_KEEP if len(s) >= MASK_FROM_LENGTH and s[:MASK_KEEP].isdigit() else 0
    return s[:keep] + "*" * (len(s) - keep)


# Anything that looks like a 身份证号 (15 or 18 characters, digits with a final X allowed)
# inside free text; bank-card-like runs of digits are masked too, which is harmless.
_ID_LIKE = re.compile(r"(?<![0-9A-Za-z])\d{14}(?:\d{3})?[\dXx](?![0-9A-Za-z])")


def _could_be_id_number(token: str) -> bool:
    """A birth date where a 身份证号 has one (YYYYMMDD at 7–14, YYMMDD at 7–12 in the old
    15-digit form): so that a USCC of digits only (913418810000014093, not personal data) stays
    readable in a problem report, while any number that could be someone's is masked."""
    if len(token) == 18:
        year, month, day = int(token[6:10]), int(token[10:12]), int(token[12:14])
        return 1850 <= year <= 2100 and 1 <= month <= 12 and 1 <= day <= 31
    month, day = int(token[8:10]), int(token[10:12])
    return 1 <= month <= 12 and 1 <= day <= 31


def redact_ids(text: str) -> str:
    """`text` with every 身份证号-like token replaced by its mask (see mask_id_number)."""
    if not text or not any(ch.isdigit() for ch in text):
        return text
    return _ID_LIKE.sub(
        lambda m: mask_id_number(m.group(0)) if _could_be_id_number(m.group(0)) else m.group(0),
        text,
    )


def birth_month(value: Any) -> str | None:
    """A birth date as stored and shown: year and month only (`1968-04`), never the day,
    which with the region code would narrow a masked 身份证号 to a few hundred numbers."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return f"{value.year:04d}-{value.month:02d}"
    text = str(value)
    m = re.match(r"^(\d{4})-(\d{2})", text)
    return f"{m[1]}-{m[2]}" if m else text


def hash_id_number(value: Any, key: bytes | str) -> str:
    """HMAC-SHA256 (hex) of the normalised 身份证号: equal numbers give equal hashes.

    Stored only as the hidden `id_hash` (identity joins); never part of an id that leaves
    the database (a person's `pid` is a random surrogate, see loaders/shape.py)."""
    if isinstance(key, str):
        key = key.encode("utf-8")
    return hmac.new(key, normalise_id_number(value).encode("ascii", "replace"), sha256).hexdigest()


ID_KEY_ENV = "OVERSIGHT_ID_KEY"


def id_key_path() -> Path:
    """Where the generated local key lives: <user data dir>/oversight/id.key."""
    import platformdirs

    return Path(platformdirs.user_data_dir("oversight")) / "id.key"


def id_key(path: Path | None = None) -> bytes:
    """The key for `hash_id_number`: $OVERSIGHT_ID_KEY, else a local key made once.

    Every machine that must match hashes across loads needs the same key, so an office
    sets OVERSIGHT_ID_KEY; a single workstation gets a random key kept in its data dir. The
    key with a stored hash lets its holder test candidate numbers, so the file is created
    0600 (os.open, never a umask-dependent open) in a 0700 directory, a looser mode found
    later is tightened, and a key file owned by another account is refused.
    """
    from_env = env_text(ID_KEY_ENV)
    if from_env:
        return from_env.encode("utf-8")
    path = path or id_key_path()
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    _private(folder, 0o700)
    if not path.exists():
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600)
        except FileExistsError:
            pass  # another process created it first; read theirs
        else:
            with os.fdopen(fd, "w", encoding="ascii") as fh:
                fh.write(secrets.token_hex(32) + "\n")
    _private(path, 0o600)
    key = path.read_text(encoding="ascii").strip()
    if not key:
        raise ValueError(f"身份证号密钥文件为空: {path} (the ID key file is empty)")
    return key.encode("ascii")


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def _private(path: Path, mode: int) -> None:
    """Give `path` exactly `mode` (owner only); refuse one that another account owns."""
    info = path.lstat()
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        raise PermissionError(f"{path} 属于其他账户，拒绝使用 (owned by another account: refused)")
    if info.st_mode & 0o777 != mode:
        os.chmod(path, mode)


# --- 统一社会信用代码 (GB 32100-2015) ----------------------------------------------------------

USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_VALUE = {c: i for i, c in enumerate(USCC_CHARS)}
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def normalise_uscc(value: Any) -> str:
    """A USCC as compared: ASCII, no spaces, upper case."""
    return normalise_code(value).upper()


_USCC_SET = frozenset(USCC_CHARS)


def uscc_check_char(first17: str) -> str:
    """The 18th character that completes 17 USCC characters (GB 32100 MOD 31)."""
    if len(first17) != 17 or not _USCC_SET.issuperset(first17):
        raise ValueError(
            "应为17个代码字符，不含 I、O、Z、S、V (expected 17 characters of the USCC alphabet)"
        )
    return _uscc_check_char(first17)


def _uscc_check_char(first17: str) -> str:
    """uscc_check_char of 17 characters already known to be of the alphabet."""
    total = sum(map(operator.mul, map(_USCC_VALUE.__getitem__, first17), _USCC_WEIGHTS))
    return USCC_CHARS[(31 - total % 31) % 31]


def check_uscc(value: Any) -> str | None:
    """Why a 统一社会信用代码 is invalid (Chinese first), or None when it passes."""
    return _uscc_reason(normalise_uscc(value))


@functools.lru_cache(maxsize=1 << 16)  # a company's code recurs in its shareholders, officers...
def _uscc_reason(s: str) -> str | None:
    if len(s) != 18:
        return f"统一社会信用代码应为18位，实为{len(s)}位 (expected 18 characters, got {len(s)})"
    if not _USCC_SET.issuperset(s):
        bad = sorted({c for c in s if c not in USCC_CHARS})
        return (
            f"统一社会信用代码含非法字符「{''.join(bad)}」 "
            f"(characters outside the USCC alphabet: {''.join(bad)})"
        )
    expected = _uscc_check_char(s[:17])
    if s[17] != expected:
        return f"统一社会信用代码校验码应为{expected}，实为{s[17]} (check character should be {expected})"
    return None


def looks_like_uscc(value: str) -> bool:
    """An 18-character code (as opposed to a company name in a list of companies)."""
    return bool(_USCC_LIKE.fullmatch(normalise_code(value)))


_USCC_LIKE = re.compile(r"[0-9A-Za-z]{18}")
