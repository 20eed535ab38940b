"""Value parsers and identifier checks: every form the contract accepts, and rejections."""

from __future__ import annotations

import os
import random
import stat
from datetime import date, datetime

import pytest

from loaders import values as v

# --- dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cell, expected",
    [
        ("2024-03-05", date(2024, 3, 5)),
        ("2024/3/5", date(2024, 3, 5)),
        ("2024.03.05", date(2024, 3, 5)),
        ("20240305", date(2024, 3, 5)),
        ("2024年3月5日", date(2024, 3, 5)),
        ("2024年3月5号", date(2024, 3, 5)),
        ("2024 年 3 月 5 日", date(2024, 3, 5)),
        ("2024年3月", date(2024, 3, 1)),
        ("2024-03", date(2024, 3, 1)),
        ("2024/3", date(2024, 3, 1)),
        ("２０２４－０３－０５", date(2024, 3, 5)),  # full-width digits and dash
        ("  2024-03-05 ", date(2024, 3, 5)),
        ("2024-03-05 00:00:00", date(2024, 3, 5)),  # Excel date exported to CSV
        ("2024/3/5 14:30", date(2024, 3, 5)),
        (date(2024, 3, 5), date(2024, 3, 5)),
        (datetime(2024, 3, 5, 0, 0), date(2024, 3, 5)),
        (45356, date(2024, 3, 5)),  # Excel serial number
        ("45356", date(2024, 3, 5)),
        (45356.0, date(2024, 3, 5)),
        ("1949-10-01", date(1949, 10, 1)),
    ],
)
def test_parse_date_accepts(cell: object, expected: date) -> None:
    assert v.parse_date(cell) == expected


@pytest.mark.parametrize(
    "cell",
    [
        "2024-13-45",
        "2024-02-30",
        "2023年2月29日",
        "03/05/2024",
        "5 March 2024",
        "2024",
        "yesterday",
        "1800-01-01",
        "2024-03-05-01",
        "45356.5",
        123,
        True,
        "2024年13月",
    ],
)
def test_parse_date_rejects_with_chinese_first_message(cell: object) -> None:
    with pytest.raises(ValueError) as exc:
        v.parse_date(cell)
    message = str(exc.value)
    assert "\u4e00" <= message[0] <= "\u9fff", message
    assert "expected" in message


def test_parse_date_message_is_the_documented_one() -> None:
    with pytest.raises(ValueError, match=r"^应为日期 \(expected a date such as 2024-03-05\)$"):
        v.parse_date("not a date")


# --- money ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cell, yuan",
    [
        ("1000", 1000.0),
        ("1,000", 1000.0),
        ("1,234,567.89", 1234567.89),
        ("1000元", 1000.0),
        ("50万元", 500000.0),
        ("50万", 500000.0),
        ("50万元人民币", 500000.0),
        ("50(万元人民币)", 500000.0),  # the market regulator's export
        ("3,000(万元人民币)", 30000000.0),
        ("100(万元)", 1000000.0),
        ("15000（万元）", 150000000.0),  # full-width brackets
        ("100(万人民币元)", 1000000.0),
        ("50(万元(人民币))", 500000.0),
        ("5.8万人民币", 58000.0),
        ("1.5亿元", 150000000.0),
        ("2亿", 200000000.0),
        ("人民币500万元", 5000000.0),
        ("¥1,000", 1000.0),
        ("￥1,000", 1000.0),
        ("１，０００元", 1000.0),  # full-width digits and comma
        ("50()", 50.0),
        ("0", 0.0),
        (1200, 1200.0),
        (1200.5, 1200.5),
    ],
)
def test_parse_money_accepts(cell: object, yuan: float) -> None:
    assert v.parse_money(cell) == pytest.approx(yuan)


@pytest.mark.parametrize(
    "cell, amount, currency",
    [
        ("860(万美元)", 8600000.0, "美元"),
        ("8,000(万香港元)", 80000000.0, "香港元"),
        ("2,559(万元(港币))", 25590000.0, "港币"),
        ("8(万元美元)", 80000.0, "美元"),
        ("28,100(万日元)", 281000000.0, "日元"),
        ("130(万英镑)", 1300000.0, "英镑"),
    ],
)
def test_parse_money_foreign_currency_is_a_distinct_value_error(
    cell: str, amount: float, currency: str
) -> None:
    with pytest.raises(v.ForeignCurrency) as exc:
        v.parse_money(cell)
    assert exc.value.amount == pytest.approx(amount)
    assert exc.value.currency == currency
    assert isinstance(exc.value, ValueError)


@pytest.mark.parametrize(
    "cell",
    ["abc", "50万斤", "-100", "1,00", "1.2.3", "万元", "", True, float("nan"), "Ludovic，Frederic"],
)
def test_parse_money_rejects(cell: object) -> None:
    with pytest.raises(ValueError, match="应为金额"):
        v.parse_money(cell)


# --- pct, int, bool, list ------------------------------------------------------------------


@pytest.mark.parametrize(
    "cell, pct",
    [("35", 35.0), ("35%", 35.0), ("35 %", 35.0), ("35％", 35.0), ("0.5", 0.5), ("100", 100.0),
     ("0", 0.0), (12.5, 12.5), ("12.5%", 12.5), (".5", 0.5)],
)  # fmt: skip
def test_parse_pct_accepts(cell: object, pct: float) -> None:
    assert v.parse_pct(cell) == pytest.approx(pct)


@pytest.mark.parametrize("cell", ["101", "-1", "150%", "abc", "35%%", True, "1e5"])
def test_parse_pct_rejects_outside_0_100(cell: object) -> None:
    with pytest.raises(ValueError, match="百分比"):
        v.parse_pct(cell)


@pytest.mark.parametrize(
    "cell, number",
    [("12", 12), ("1,200", 1200), ("12.0", 12), (12.0, 12), (7, 7), ("2023年度", 2023),
     ("2023年", 2023), ("３", 3), ("-2", -2)],
)  # fmt: skip
def test_parse_int_accepts(cell: object, number: int) -> None:
    assert v.parse_int(cell) == number


@pytest.mark.parametrize("cell", ["12.5", 12.5, "twelve", "1,2", True, "3个半"])
def test_parse_int_rejects(cell: object) -> None:
    with pytest.raises(ValueError, match="整数"):
        v.parse_int(cell)


@pytest.mark.parametrize(
    "cell, truth",
    [("是", True), ("否", False), ("Y", True), ("n", False), ("1", True), ("0", False),
     ("true", True), ("FALSE", False), ("Yes", True), (1, True), (0, False), (True, True)],
)  # fmt: skip
def test_parse_bool(cell: object, truth: bool) -> None:
    assert v.parse_bool(cell) is truth


@pytest.mark.parametrize("cell", ["maybe", "2", "是的吧", 2])
def test_parse_bool_rejects(cell: object) -> None:
    with pytest.raises(ValueError, match="是/否"):
        v.parse_bool(cell)


@pytest.mark.parametrize(
    "cell, items",
    [
        ("财务;人事", ["财务", "人事"]),
        ("财务；人事", ["财务", "人事"]),
        ("财务、人事、审计", ["财务", "人事", "审计"]),
        ("P1,P2, P3", ["P1", "P2", "P3"]),
        ("P1，P2", ["P1", "P2"]),
        ("财务; ;人事;", ["财务", "人事"]),
        ("P3,P1,P2", ["P3", "P1", "P2"]),  # order kept: speaking order
        ("单个", ["单个"]),
        (12.0, ["12"]),
    ],
)
def test_parse_list(cell: object, items: list[str]) -> None:
    assert v.parse_list(cell) == items


@pytest.mark.parametrize(
    "cell, text", [(" 市委 ", "市委"), (12.0, "12"), (3, "3"), (date(2024, 1, 2), "2024-01-02")]
)
def test_parse_str(cell: object, text: str) -> None:
    assert v.parse_str(cell) == text


@pytest.mark.parametrize("cell", [None, "", "  ", "N/A", "-", "—", float("nan"), "NULL"])
def test_is_empty(cell: object) -> None:
    assert v.is_empty(cell)


@pytest.mark.parametrize("cell", ["0", 0, "无问题", "否", False])
def test_is_not_empty(cell: object) -> None:
    assert not v.is_empty(cell)


# --- headers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, normalised",
    [
        (" 单位代码* ", "单位代码"),
        ("单位代码＊", "单位代码"),
        ("注册资本（万元）", "注册资本(万元)"),
        ("Ｕｎｉｔ　ＩＤ", "Unit ID"),
        ("成长地  区划", "成长地 区划"),
        ("姓名(必填)", "姓名"),
        ("*人员编号", "人员编号"),
    ],
)
def test_normalise_header(raw: str, normalised: str) -> None:
    assert v.normalise_header(raw) == normalised


def test_header_key_ignores_case_spaces_and_separators() -> None:
    assert v.header_key("Unit ID") == v.header_key("unit_id") == v.header_key("UNIT-ID")


def test_extra_name() -> None:
    assert v.extra_name("所在省份") == "extra_所在省份"
    assert v.extra_name("Remark Text（备注）") == "extra_remark_text_备注"


# --- 身份证号 ---------------------------------------------------------------------------------

VALID_IDS = ["11010519491231002X", "110101199003074477", "440308199901011234", "340102198005150028"]


@pytest.mark.parametrize("number", VALID_IDS)
def test_known_valid_id_numbers_pass(number: str) -> None:
    # 11010519491231002X is the standard's own example (GB 11643).
    assert v.check_id_number(number) is None


def test_id_check_char_matches_the_standard_example() -> None:
    assert v.id_number_check_char("11010519491231002") == "X"


def test_lower_case_x_is_accepted_and_normalised() -> None:
    assert v.check_id_number("11010519491231002x") is None
    assert v.normalise_id_number(" 11010519491231002x ") == "11010519491231002X"


@pytest.mark.parametrize(
    "number, reason",
    [
        ("11010519491231002", "18位"),
        ("1101051949123100211", "18位"),
        ("11010519491231002Y", "数字"),
        ("110105194912310021", "校验码不符"),
        ("991051194912310020", "地区码"),
        ("110105194913310020", "出生日期"),
        ("110105299912310020", "出生日期"),
        ("ABCDEFGHIJKLMNOPQR", "数字"),
    ],
)
def test_invalid_id_numbers_give_a_reason(number: str, reason: str) -> None:
    got = v.check_id_number(number)
    assert got is not None and reason in got, got


def test_generated_id_numbers_always_pass() -> None:
    rng = random.Random(7)
    for _ in range(300):
        first = "3401" + f"{rng.randint(0, 99):02d}" + f"{rng.randint(1950, 2005)}"
        first += f"{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
        full = first + v.id_number_check_char(first)
        assert v.check_id_number(full) is None
        wrong = full[:-1] + ("0" if full[-1] != "0" else "1")
        assert v.check_id_number(wrong) is not None


def test_mask_id_number() -> None:
    assert v.mask_id_number("340102199001011234") == "340102************"
    assert v.mask_id_number("11010519491231002x") == "110105************"
    assert v.mask_id_number("12345") == "*****"


def test_hash_id_number_is_keyed_and_normalised() -> None:
    a = v.hash_id_number("11010519491231002X", b"k1")
    assert a == v.hash_id_number(" 11010519491231002x", "k1")
    assert a != v.hash_id_number("11010519491231002X", b"k2")
    assert len(a) == 64 and int(a, 16) >= 0
    assert "11010519491231002X" not in a


def test_id_key_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OVERSIGHT_ID_KEY", "office-secret")
    assert v.id_key() == b"office-secret"


def test_id_key_generated_once_with_0600(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.delenv("OVERSIGHT_ID_KEY", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    path = v.id_key_path()
    assert str(path).startswith(str(tmp_path))
    first = v.id_key()
    assert path.exists() and len(first) == 64
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert v.id_key() == first  # stable across calls


# --- USCC ----------------------------------------------------------------------------------

# Real codes from the market regulator's public registration data (2003, Shanghai).
REAL_USCC = ["91310106746163113B", "91310000744942914H", "91310230746170508F"]


@pytest.mark.parametrize("code", REAL_USCC)
def test_real_uscc_pass(code: str) -> None:
    assert v.check_uscc(code) is None
    assert v.uscc_check_char(code[:17]) == code[17]


def test_uscc_lower_case_and_full_width_are_normalised() -> None:
    assert v.check_uscc("91310106746163113b") is None
    assert v.check_uscc("９１３１０１０６７４６１６３１１３Ｂ") is None


@pytest.mark.parametrize(
    "code, reason",
    [
        ("91310106746163113C", "校验码应为B"),
        ("9131010674616311", "18位"),
        ("91310106746163113I", "非法字符"),
        ("9131010674616311OB", "非法字符"),
        ("310106000123456", "18位"),  # an old 15-digit registration number
    ],
)
def test_invalid_uscc(code: str, reason: str) -> None:
    got = v.check_uscc(code)
    assert got is not None and reason in got, got


def test_generated_uscc_always_pass() -> None:
    rng = random.Random(11)
    for _ in range(300):
        first = "91" + "".join(rng.choice("0123456789") for _ in range(6))
        first += "".join(rng.choice(v.USCC_CHARS) for _ in range(9))
        code = first + v.uscc_check_char(first)
        assert v.check_uscc(code) is None
        wrong = code[:-1] + ("0" if code[-1] != "0" else "1")
        assert v.check_uscc(wrong) is not None


def test_check_char_generators_reject_bad_input() -> None:
    with pytest.raises(ValueError):
        v.id_number_check_char("1234")
    with pytest.raises(ValueError):
        v.uscc_check_char("9131010674616311I")


# --- fuzz: nothing but ValueError ------------------------------------------------------------


def test_random_input_never_crashes_parsers_with_anything_but_value_error() -> None:
    rng = random.Random(20240305)
    alphabet = "0123456789年月日号-/.,，;；、%％万亿元人民币()（）美元 \tXx*是否YNabc\u3000\x00"
    samples: list[object] = []
    for _ in range(1500):
        raw = bytes(rng.randrange(256) for _ in range(rng.randrange(0, 24)))
        samples.append(raw.decode("latin-1"))
        samples.append(raw.decode("utf-8", errors="replace"))
        samples.append(raw.decode("gb18030", errors="replace"))
        samples.append("".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 16))))
    samples += [rng.uniform(-1e12, 1e12) for _ in range(200)] + [float("inf"), float("-inf")]
    samples += [rng.randint(-(10**12), 10**12) for _ in range(200)]
    for sample in samples:
        for type_, parser in v.PARSERS.items():
            try:
                parser(sample)
            except ValueError:
                pass
            except Exception as exc:  # pragma: no cover - the failure message is the point
                pytest.fail(f"{type_} parser raised {exc!r} on {sample!r}")
        for check in (v.check_id_number, v.check_uscc):
            reason = check(sample)
            assert reason is None or isinstance(reason, str)
        assert isinstance(v.is_empty(sample), bool)
        assert isinstance(v.normalise_header(sample), str)
