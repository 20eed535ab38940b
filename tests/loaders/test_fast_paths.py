"""The loader's fast paths (issue 13: the Python side of a first load) give exactly what the
plain code gives: check characters, normalised codes, empty cells, fact keys and the import
files' cells. Pure: no database."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import hmac
import io
import json
import random
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from loaders import shape
from loaders import values as v
from loaders.bulk_csv import BulkValueError, ImportFiles
from loaders.read import table_from_rows
from loaders.shape import _jsonable, fact_key
from loaders.validate import validate_rows
from model.registry import REGISTRIES

# --- the plain formulas the fast ones replace (as loaders/values.py had them) ------------------


def _id_char(first17: str) -> str:
    if not re.fullmatch(r"\d{17}", first17):
        raise ValueError("应为17位数字 (expected 17 digits)")
    total = sum(int(c) * w for c, w in zip(first17, v._ID_WEIGHTS, strict=True))
    return v._ID_CHECK[total % 11]


def _uscc_char(first17: str) -> str:
    if len(first17) != 17 or any(c not in v.USCC_CHARS for c in first17):
        raise ValueError("alphabet")
    total = sum(v._USCC_VALUE[c] * w for c, w in zip(first17, v._USCC_WEIGHTS, strict=True))
    return v.USCC_CHARS[(31 - total % 31) % 31]


def _normalise_code(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    if text.isascii() and not re.search(r"\s+", text):
        return text
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _reason_by_the_standard(s: str, today: dt.date) -> str | None:
    """The checks of GB 11643 one by one, as loaders/values.py had them before its fast path
    (the check character by `_id_char` above): the reference it must agree with on every
    input."""
    if len(s) != 18:
        return "18位"
    if not all(c.isdigit() for c in s[:17]) or not (s[17].isdigit() or s[17] == "X"):
        return "数字"
    if s[:2] not in v.PROVINCE_PREFIXES:
        return "地区码"
    try:
        born = dt.date(int(s[6:10]), int(s[10:12]), int(s[12:14]))
    except ValueError:
        return "出生日期无效"
    if born.year < 1880 or born > today:
        return "出生日期不合理"
    return None if s[17] == _id_char(s[:17]) else "校验码不符"


def test_the_fast_check_gives_the_standards_answer_on_every_kind_of_number() -> None:
    """check_id_number decides a valid number by set lookups and one base-13 read
    (loaders/values.py); on valid numbers, each kind of invalid one, a birth date of today,
    tomorrow, 1879 and 1880, full-width and other Unicode digits, it gives the reason the
    checks one by one give (the first that applies)."""
    assert [pow(2, 17 - i, 11) for i in range(17)] == list(v._ID_WEIGHTS)
    rng = random.Random(11)
    today = dt.date.today()
    births = [
        "18791231",
        "18800101",
        "19491231",
        "20000229",
        "19000229",
        "20230431",
        today.strftime("%Y%m%d"),
        f"{today.year + 1}0101",
        "00000000",
        "19991301",
    ]
    numbers = []
    for _ in range(4000):
        region = rng.choice(["110105", "340102", "991051", "710000", "830000", "000000"])
        born = (
            rng.choice(births)
            if rng.random() < 0.3
            else (
                f"{rng.randint(1870, today.year)}{rng.randint(0, 13):02d}{rng.randint(0, 32):02d}"
            )
        )
        first = region + born + f"{rng.randint(0, 999):03d}"
        right = v.id_number_check_char(first)
        last = right if rng.random() < 0.6 else rng.choice("0123456789XY")
        number = first + last
        numbers.append(number)
        numbers.append(number.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")))
        numbers.append(number[: rng.randint(0, 20)])
    numbers += ["11010519491231002X", "11010519491231002x", "１１０１０５１９４９１２３１００２Ｘ"]
    for number in numbers:
        got = v.check_id_number(number)
        expected = _reason_by_the_standard(v.normalise_id_number(number), today)
        assert (got is None) == (expected is None), (number, got, expected)
        if expected is not None:
            assert expected in got, (number, got, expected)


def test_id_check_char_equals_the_plain_formula() -> None:
    rng = random.Random(13)
    digits = "0123456789"
    for _ in range(3000):
        first17 = "".join(rng.choice(digits) for _ in range(17))
        assert v.id_number_check_char(first17) == _id_char(first17)
    # other Unicode digits match \d and int() reads them: the same answer as before
    arabic = "".join(chr(0x0660 + int(c)) for c in "11010519491231002")
    assert v.id_number_check_char(arabic) == _id_char(arabic)
    for bad in ("1234", "1101051949123100X", "a" * 17):
        with pytest.raises(ValueError):
            v.id_number_check_char(bad)


def test_uscc_check_char_and_reasons_equal_the_plain_formula() -> None:
    rng = random.Random(31)
    for _ in range(3000):
        first17 = "".join(rng.choice(v.USCC_CHARS) for _ in range(17))
        char = _uscc_char(first17)
        assert v.uscc_check_char(first17) == char
        assert v.check_uscc(first17 + char) is None
        wrong = v.USCC_CHARS[(v.USCC_CHARS.index(char) + 1) % 31]
        assert v.check_uscc(first17 + wrong) == (
            f"统一社会信用代码校验码应为{char}，实为{wrong} (check character should be {char})"
        )
    reason = v.check_uscc("91350100M000100Y4I")
    assert reason is not None and "含非法字符「I」" in reason
    reason = v.check_uscc("9135O100M000100YS3")
    assert reason is not None and "含非法字符「OS」" in reason
    with pytest.raises(ValueError):
        v.uscc_check_char("9135O100M000100Y4")


@pytest.mark.parametrize(
    "cell",
    [
        "ABC123",
        "abc123",
        "ab c",
        " 12 ",
        "１２３ＡＢ",
        "12.5",
        "a-b",
        "x\u3000y",
        12,
        12.0,
        12.5,
        "",
    ],
)
def test_normalise_code_equals_the_plain_form(cell: Any) -> None:
    assert v.normalise_code(cell) == _normalise_code(cell)


def test_looks_like_uscc() -> None:
    assert v.looks_like_uscc("91350100M000100Y43")
    assert v.looks_like_uscc("９１350100M000100Y43")  # full-width digits normalised
    assert not v.looks_like_uscc("某某公司")
    assert not v.looks_like_uscc("91350100M000100Y4")


def test_empty_cells_decided_inline_as_is_empty_decides() -> None:
    """The validator decides a text cell's emptiness without calling is_empty for plain
    text; markers, full-width markers and blanks are still empty."""
    reg = REGISTRIES["people"]
    cells = ["", "  ", "N/A", " - ", "Ｎ/Ａ", "无数据", "—", "张三", "n/a x", "Ｎ/Ａ/Ｂ"]
    headers = list(reg.headers)
    rows = []
    for i, cell in enumerate(cells):
        row = [f"P{i:04d}" if h == reg.column("person_id").header else "" for h in headers]
        row[headers.index(reg.column("name").header)] = cell
        rows.append(row)
    result = validate_rows(table_from_rows("人员名册.csv", headers, rows), reg)
    missing = {p.row for p in result.problems if p.column == "姓名" and "缺少必填值" in p.expected}
    expected = {i + 2 for i, cell in enumerate(cells) if v.is_empty(cell)}
    assert missing == expected
    assert expected == {2, 3, 4, 5, 6, 7, 8}


def test_fact_key_equals_json_dumps_and_a_fresh_hmac() -> None:
    key = b"k" * 32
    for values in (["P1", dt.date(2024, 3, 5), 3, None, "张三"], [], [1.5, True]):
        text = json.dumps(list(values), ensure_ascii=False, default=_jsonable)
        plain = hmac.new(key, text.encode("utf-8"), hashlib.blake2b).hexdigest()[:24]
        assert fact_key(values, key) == plain
    assert fact_key(["x"], b"other") != fact_key(["x"], key)


# --- import files: the one-pass cells are the long way's, byte for byte ------------------------


class _LongWay(ImportFiles):
    def _fast(self, props: dict[str, Any], skip: str | None) -> None:
        return None


_NODES: list[tuple[str, dict[str, Any]]] = [
    ("Unit", {"unit_id": "U1", "name": "单位", "level": 3, "share": 0.25, "active": True}),
    ("Unit", {"unit_id": "U2", "name": "单位二", "founded": dt.date(2001, 2, 3), "x": None}),
    ("Unit", {"unit_id": "U3", "sources": ["a:1", "b:2"], "note": "line\nbreak"}),
    ("Unit", {"unit_id": "U4", "at": dt.datetime(2024, 1, 2, 3, 4, 5), "tags": ("x", "y")}),
    ("Unit", {"unit_id": "U5", "ints": [1, 2], "sources": ["s:1"]}),
    # the first row's names again: other types, another order, a None (each its own plan)
    ("Unit", {"unit_id": "U6", "name": "单位", "level": "3", "share": 0.25, "active": True}),
    ("Unit", {"active": False, "unit_id": "U7", "share": 0.5, "name": "x", "level": 4}),
    ("Unit", {"unit_id": "U8", "name": "n", "level": None, "share": 1.0, "active": True}),
    ("Unit", {"unit_id": "U9", "name": "单位", "level": 5, "share": 0.75, "active": False}),
    ("Unit", {"unit_id": "U10", "sources": ["c:3"], "note": "no break"}),
]


def _written(kind: type[ImportFiles], folder: Path) -> dict[str, str]:
    folder.mkdir()
    files = kind(folder)
    files.add_nodes(_NODES)
    start, end = ("Unit", "U1"), ("Unit", "U2")
    files.add_relationships([(("PART_OF", start, end, ()), {"sources": ["a:1"], "n": 2})])
    files.close()
    out = {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.iterdir())}
    out["multiline"] = str(files.multiline)
    return out


def test_import_cells_equal_the_long_way(tmp_path: Path) -> None:
    assert _written(ImportFiles, tmp_path / "fast") == _written(_LongWay, tmp_path / "long")


@pytest.mark.parametrize("kind", [ImportFiles, _LongWay])
def test_import_refuses_empty_lists_and_the_delimiter(
    kind: type[ImportFiles], tmp_path: Path
) -> None:
    files = kind(tmp_path)
    # the same names and types as the rows refused below: a plan made already
    files.add_nodes([("Unit", {"unit_id": "U7", "name": "x", "sources": ["a"]})])
    with pytest.raises(BulkValueError, match="an empty list on Unit U9"):
        files.add_nodes([("Unit", {"unit_id": "U9", "name": "x", "sources": []})])
    with pytest.raises(BulkValueError, match="array delimiter"):
        files.add_nodes([("Unit", {"unit_id": "U8", "sources": ["a\x1fb"]})])
    files.close()


def _outcome(parse: Any, cell: str) -> Any:
    try:
        return parse(cell)
    except ValueError as exc:
        return type(exc), str(exc)


@pytest.mark.parametrize(
    "cell",
    [
        "2024-03-05",
        "20240305",
        "2024-13-01",
        "2024-02-30",
        "18000101",
        "2101-01-01",
        "00000000",
        "2024-03-5",
        "7000000",
        "12.5",
        "0012",
        "1,000",
        "1.",
        ".5",
        "20080228",
    ],
)
def test_plain_dates_and_amounts_read_as_the_long_way_reads_them(cell: str) -> None:
    """A leading space sends a cell the long way (normalised, then the forms): the fast
    reading of a plain cell gives the same value or the same error."""
    for parse in (v.parse_date, v.parse_money):
        assert _outcome(parse, cell) == _outcome(parse, f" {cell}")


def test_a_shared_id_cache_shapes_the_same_rows_and_stays_bounded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # officers naming a few numbers over and over, shaped in chunks: with one cache for the
    # load (as the bulk load shares it) and with each call's own, the same rows
    rng = random.Random(5)
    numbers = [f"11010119{rng.randint(50, 99)}0101{rng.randint(100, 999)}X" for _ in range(40)]
    records = [
        {
            "_row": i + 2,
            "uscc": "91110000100000000X",
            "name": f"人{i % 40}",
            "id_number": numbers[i % 40] if i % 7 else numbers[i % 40].lower(),
            "role": "董事",
        }
        for i in range(400)
    ]
    key = b"k" * 32
    monkeypatch.setattr(shape, "ID_CACHE_SIZE", 16)
    shared: dict[str, tuple[str, str, bool]] = {}
    surrogates: dict[str, str] = {}  # one load's: the same pid for a number both ways
    alone = shape.ShapeOptions("src", key, surrogates=surrogates)
    together = shape.ShapeOptions("src", key, surrogates=surrogates, id_cache=shared)
    expected = [r for i in range(0, 400, 50) for r in shape.shape_records(
        "officers", records[i : i + 50], alone)]  # fmt: skip
    got = [r for i in range(0, 400, 50) for r in shape.shape_records(
        "officers", records[i : i + 50], together)]  # fmt: skip
    assert got == expected
    assert 0 < len(shared) <= 16


# --- import ids: each label's keys numbered in the order met -----------------------------------


def _rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def test_import_ids_number_each_labels_keys_in_the_order_met(tmp_path: Path) -> None:
    """A relationship may be written before its end node (a legal representative's person):
    the node then gets the id the relationship gave it."""
    files = ImportFiles(tmp_path)
    person, company = ("Person", "P-late"), ("Company", "C1")
    files.add_relationships([(("LEGAL_REP_OF", person, company, ()), {"since": "2020"})])
    files.add_nodes(
        [
            ("Company", {"uscc": "C0", "name": "甲"}),
            ("Company", {"uscc": "C1", "name": "乙"}),
            ("Person", {"pid": "P-first", "name": "张三"}),
            ("Person", {"pid": "P-late", "name": "李四"}),
        ]
    )
    files.add_relationships([(("LEGAL_REP_OF", ("Person", "P-first"), ("Company", "C0"), ()), {})])
    files.close()
    ids: dict[tuple[str, str], int] = {}
    for label, path in files.nodes:
        header, *rows = _rows(path)
        assert header[:2] == [f":ID({label})", f"{'pid' if label == 'Person' else 'uscc'}:string"]
        ids.update(((label, row[1]), int(row[0])) for row in rows)
    # numbered within each label, from 0, in the order met: the early relationship's ends first
    assert ids == {
        ("Person", "P-late"): 0,
        ("Person", "P-first"): 1,
        ("Company", "C1"): 0,
        ("Company", "C0"): 1,
    }
    ends = [row[:2] for _, path in files.relationships for row in _rows(path)[1:]]
    assert sorted(ends) == [["0", "0"], ["1", "1"]]
