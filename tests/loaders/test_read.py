"""read_table: encodings, xlsx cells, header normalisation, row numbers, streaming, mapping."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from graph.errors import BadInput
from loaders.mapping import MappingError, load_mapping, parse_mapping
from loaders.read import Row, detect_encoding, read_table, table_from_rows
from loaders.validate import validate_rows
from model.registry import REGISTRIES

PEOPLE = [
    ["人员编号*", "姓名*", "出生日期", "籍贯"],
    ["P001", "张伟", "1970-05-01", "安徽合肥"],
    ["P002", "李娜", "1982年3月", "江苏南京"],
]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16"])
def test_csv_encodings_are_detected(tmp_path: Path, kit: Any, encoding: str) -> None:
    path = kit.write_csv(tmp_path / "人员名册.csv", PEOPLE, encoding)
    table = read_table(path)
    assert table.headers == ["人员编号", "姓名", "出生日期", "籍贯"]
    rows = list(table.rows())
    assert [r.number for r in rows] == [2, 3]
    assert rows[1].cells == ("P002", "李娜", "1982年3月", "江苏南京")
    assert table.name == "人员名册.csv"


def test_gb18030_only_characters_survive(tmp_path: Path, kit: Any) -> None:
    # 㐀 (CJK extension A) is in GB18030 but not GBK: the file must not be read as GBK.
    path = kit.write_csv(tmp_path / "p.csv", [["人员编号", "姓名"], ["P1", "王㐀"]], "gb18030")
    assert detect_encoding(path) == "gb18030"
    assert list(read_table(path).rows())[0].cells == ("P1", "王㐀")


def test_bom_is_not_part_of_the_first_header(tmp_path: Path, kit: Any) -> None:
    path = kit.write_csv(tmp_path / "people.csv", PEOPLE, "utf-8-sig")
    table = read_table(path)
    assert table.raw_headers[0] == "人员编号*"
    assert REGISTRIES["people"].match_header(table.raw_headers[0]).alias == "person_id"


def test_empty_rows_skipped_and_numbers_kept(tmp_path: Path, kit: Any) -> None:
    rows = [PEOPLE[0], PEOPLE[1], ["", "", "", ""], [], [" ", "", "", ""], PEOPLE[2]]
    table = read_table(kit.write_csv(tmp_path / "people.csv", rows))
    assert [r.number for r in table.rows()] == [2, 6]


def test_quoted_newline_counts_as_one_spreadsheet_row(tmp_path: Path) -> None:
    path = tmp_path / "companies.csv"
    path.write_text(
        '统一社会信用代码,企业名称,经营范围\n91310106746163113B,甲,"一行\n二行"\n91310000744942914H,乙,x\n',
        encoding="utf-8",
    )
    rows = list(read_table(path).rows())
    assert [r.number for r in rows] == [2, 3]
    assert rows[0].cells[2] == "一行\n二行"


def test_cells_are_stripped_and_blank_is_none(tmp_path: Path, kit: Any) -> None:
    table = read_table(kit.write_csv(tmp_path / "p.csv", [["a", "b"], ["  x ", "  "]]))
    assert list(table.rows())[0].cells == ("x", None)


def test_tab_and_semicolon_delimiters(tmp_path: Path) -> None:
    for sep in ("\t", ";"):
        path = tmp_path / "p.csv"
        path.write_text(f"人员编号{sep}姓名\nP1{sep}张三\n", encoding="utf-8")
        table = read_table(path)
        assert table.headers == ["人员编号", "姓名"], sep
        assert list(table.rows())[0].cells == ("P1", "张三")


def test_full_width_and_english_headers(tmp_path: Path, kit: Any) -> None:
    rows = [
        ["ＰＥＲＳＯＮ_ＩＤ", " Name ", "出生日期 （选填）", "Native Place"],
        ["P1", "张三", "1970-01-01", "合肥"],
    ]
    table = read_table(kit.write_csv(tmp_path / "people.csv", rows))
    reg = REGISTRIES["people"]
    assert table.headers == ["PERSON_ID", "Name", "出生日期", "Native Place"]
    aliases = [reg.match_header(h).alias for h in table.raw_headers]
    assert aliases == ["person_id", "name", "birth_date", "native_place"]
    result = validate_rows(table, reg)
    assert result.problems == []
    assert result.records[0]["birth_date"] == date(1970, 1, 1)


def test_header_notes_and_stars_are_stripped() -> None:
    table = table_from_rows("x.csv", ["人员编号(必填)", "姓名 *", "身份证号码"], [["P1", "张", ""]])
    assert table.headers == ["人员编号", "姓名", "身份证号码"]
    reg = REGISTRIES["people"]
    assert [reg.match_header(h).alias for h in table.raw_headers] == [
        "person_id",
        "name",
        "id_number",
    ]


def test_unknown_suffix_and_missing_file_are_bad_input(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text("{}")
    with pytest.raises(BadInput, match="不支持"):
        read_table(tmp_path / "a.json")
    with pytest.raises(BadInput, match="不存在"):
        read_table(tmp_path / "nope.csv")


def test_empty_file_is_bad_input_naming_the_file(tmp_path: Path) -> None:
    (tmp_path / "空.csv").write_bytes(b"")
    with pytest.raises(BadInput) as exc:
        read_table(tmp_path / "空.csv")
    assert exc.value.problems[0].file == "空.csv"
    assert "表头" in str(exc.value)


def test_table_is_reiterable_and_chunked(tmp_path: Path, kit: Any) -> None:
    rows = [["人员编号", "姓名"]] + [[f"P{i}", f"人{i}"] for i in range(2500)]
    table = read_table(kit.write_csv(tmp_path / "people.csv", rows))
    assert sum(1 for _ in table.rows()) == 2500
    assert sum(1 for _ in table.rows()) == 2500  # reads the file again
    sizes = [len(c) for c in table.chunks(1000)]
    assert sizes == [1000, 1000, 500]
    assert isinstance(next(iter(table)), Row)


# --- xlsx ----------------------------------------------------------------------------------


def test_xlsx_date_cells_stay_dates(tmp_path: Path, kit: Any) -> None:
    rows = [
        ["人员编号", "姓名", "出生日期", "身份证号"],
        ["P1", "张三", datetime(1970, 5, 1), "11010519491231002X"],
        ["P2", "李四", date(1982, 3, 1), None],
        ["P3", "王五", "1990/1/2", None],
    ]
    table = read_table(kit.write_xlsx(tmp_path / "人员名册.xlsx", rows))
    got = list(table.rows())
    assert got[0].cells[2] == date(1970, 5, 1)
    assert isinstance(got[0].cells[2], date)
    result = validate_rows(table, REGISTRIES["people"])
    assert result.ok, [str(p) for p in result.problems]
    assert [r["birth_date"] for r in result.records] == [
        date(1970, 5, 1),
        date(1982, 3, 1),
        date(1990, 1, 2),
    ]


def test_xlsx_numbers_percent_format_and_row_gaps(tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["统一社会信用代码", "股东名称", "股东类型", "持股比例", "认缴出资额"])
    ws.append(["91310106746163113B", "甲", "自然人", 0.35, 1000000])
    ws["D2"].number_format = "0%"
    ws.cell(row=5, column=1, value="91310000744942914H")
    ws.cell(row=5, column=2, value="乙")
    ws.cell(row=5, column=3, value="企业")
    ws.cell(row=5, column=4, value=12.5)
    wb.save(tmp_path / "股东.xlsx")
    table = read_table(tmp_path / "股东.xlsx")
    rows = list(table.rows())
    assert [r.number for r in rows] == [2, 5]
    result = validate_rows(table, REGISTRIES["shareholders"])
    assert [r["pct"] for r in result.records] == [pytest.approx(35.0), 12.5]
    assert result.records[0]["subscribed"] == 1000000.0


def test_xlsx_zero_padded_number_codes_keep_their_zeros(tmp_path: Path) -> None:
    """Offices keep unit codes as numbers formatted "000000": read 000123, as Excel shows."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["单位代码", "单位名称", "上级单位代码"])
    ws.append([123, "甲县财政局", 7])
    ws.append([124, "甲县审计局", 7])
    ws["A2"].number_format = ws["C2"].number_format = "000000"
    ws["A3"].number_format = "General"  # typed as a plain number: nothing to recover
    ws["C3"].number_format = "0"
    wb.save(tmp_path / "单位名录.xlsx")
    rows = list(read_table(tmp_path / "单位名录.xlsx").rows())
    assert rows[0].cells[0] == "000123" and rows[0].cells[2] == "000007"
    assert rows[1].cells[0] == 124 and rows[1].cells[2] == 7


def test_xlsx_sheet_named_like_the_registry_is_chosen(tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.title = "说明"
    wb.active.append(["本表说明"])
    ws = wb.create_sheet("人员名册")
    ws.append(["人员编号", "姓名"])
    ws.append(["P1", "张三"])
    wb.save(tmp_path / "book.xlsx")
    assert read_table(tmp_path / "book.xlsx").sheet == "说明"  # first sheet without a hint
    table = read_table(tmp_path / "book.xlsx", registry=REGISTRIES["people"])
    assert table.sheet == "人员名册"
    assert list(table.rows())[0].cells == ("P1", "张三")
    assert read_table(tmp_path / "book.xlsx", sheet="人员名册").sheet == "人员名册"
    with pytest.raises(BadInput, match="工作表"):
        read_table(tmp_path / "book.xlsx", sheet="不存在")


def test_title_rows_above_the_header(tmp_path: Path, kit: Any) -> None:
    rows = [["某市单位名录（2024年）"], [], ["单位代码", "单位名称"], ["U1", "市委"]]
    path = kit.write_xlsx(tmp_path / "units.xlsx", rows)
    table = read_table(path, registry=REGISTRIES["units"])
    assert table.header_row == 3
    assert [(r.number, r.cells) for r in table.rows()] == [(4, ("U1", "市委"))]


def test_damaged_xlsx_is_bad_input(tmp_path: Path) -> None:
    (tmp_path / "x.xlsx").write_bytes(b"not a zip")
    with pytest.raises(BadInput, match="xlsx"):
        read_table(tmp_path / "x.xlsx")


# --- mapping files ---------------------------------------------------------------------------


def test_mapping_renames_columns_and_values(tmp_path: Path, kit: Any) -> None:
    (tmp_path / "m.yaml").write_text(
        "企业登记:\n"
        "  columns: {公司全称: name, 法人代表: 法定代表人, 信用号: uscc}\n"
        "  values: {经营状态: {开业: 在业}}\n"
        "  ignore: [所在省份]\n",
        encoding="utf-8",
    )
    mapping = load_mapping(tmp_path / "m.yaml")
    rows = [
        ["信用号", "公司全称", "法人代表", "经营状态", "所在省份"],
        ["91310106746163113B", "甲公司", "张三", "开业", "上海"],
    ]
    table = read_table(kit.write_csv(tmp_path / "2024_企业登记.csv", rows))
    result = validate_rows(table, REGISTRIES["companies"], mapping)
    assert result.problems == []
    record = result.records[0]
    assert (record["uscc"], record["name"], record["legal_rep"], record["status"]) == (
        "91310106746163113B",
        "甲公司",
        "张三",
        "在业",
    )
    assert not any(k.startswith("extra_") for k in record)


@pytest.mark.parametrize(
    "data, needle",
    [
        ({"nosuch": {"columns": {"a": "b"}}}, "未知的登记表"),
        ({"people": {"columns": {"编号": "no_such_column"}}}, "没有这一列"),
        ({"people": {"values": {"nope": {"a": "b"}}}}, "没有这一列"),
        ({"posts": {"values": {"role": {"正职": "一号"}}}}, "一把手"),
        ({"people": {"colums": {}}}, "未知的设置项"),
        (["not", "a", "mapping"], "应为"),
    ],
)
def test_bad_mappings_are_rejected_before_reading(data: Any, needle: str) -> None:
    with pytest.raises(MappingError) as exc:
        parse_mapping(data, "m.yaml")
    assert any(needle in str(p) for p in exc.value.problems), [str(p) for p in exc.value.problems]
    assert all(p.file == "m.yaml" for p in exc.value.problems)


def test_mapping_reports_every_problem_at_once() -> None:
    with pytest.raises(MappingError) as exc:
        parse_mapping({"nosuch": {}, "people": {"columns": {"a": "x", "b": "y"}}})
    assert len(exc.value.problems) == 3


def test_random_cells_through_every_registry_never_crash() -> None:
    import random

    rng = random.Random(5)
    pool: list[Any] = ["", None, "N/A", "是", "2024-13-01", "50(万美元)", "\x00", "；", "P1", "U1",
                       "11010519491231002X", "91310106746163113B", 3.5, 7, True, date(2020, 1, 1),
                       "一把手", "配偶", "诫勉", "常委会", "x" * 300]  # fmt: skip
    for reg in REGISTRIES.values():
        headers = list(reg.headers) + ["备注"]
        rows = [[rng.choice(pool) for _ in headers] for _ in range(60)]
        result = validate_rows(table_from_rows(f"{reg.name}.csv", headers, rows), reg)
        assert len(result.records) == result.rows_read
        for p in result.problems:
            assert str(p) and p.file == f"{reg.name}.csv"


def test_chunked_validation_finds_duplicates_across_chunks(tmp_path: Path, kit: Any) -> None:
    from loaders.validate import iter_validated

    rows = (
        [["人员编号", "姓名", "备注"]]
        + [[f"P{i}", f"人{i}", ""] for i in range(25)]
        + [["P3", "重", ""]]
    )
    table = read_table(kit.write_csv(tmp_path / "people.csv", rows))
    chunks = list(iter_validated(table, REGISTRIES["people"], chunk_size=10))
    assert [c.rows_read for c in chunks] == [10, 10, 6]
    assert [len([p for p in c.problems if p.row is None]) for c in chunks] == [1, 0, 0]
    dup = chunks[-1].errors
    assert [(p.row, "第5行" in p.expected) for p in dup] == [(27, True)]
    whole = validate_rows(table, REGISTRIES["people"])
    assert [str(p) for p in whole.problems] == [str(p) for c in chunks for p in c.problems]


def test_empty_table_still_reports_its_header_problems() -> None:
    from loaders.validate import iter_validated

    table = table_from_rows("people.csv", ["姓名"], [])
    chunks = list(iter_validated(table, REGISTRIES["people"]))
    assert len(chunks) == 1 and chunks[0].rows_read == 0
    assert [p.column for p in chunks[0].errors] == ["人员编号"]


def test_utf8_file_with_broken_bytes_names_the_line(tmp_path: Path) -> None:
    good = "人员编号,姓名\nP1,张三\nP2,李四\n".encode()
    path = tmp_path / "people.csv"
    # a row pasted in from a GBK export: the rest of the file is UTF-8
    path.write_bytes(good + "P3,王五\n".encode("gbk"))
    with pytest.raises(BadInput) as exc:
        read_table(path, registry=REGISTRIES["people"])
    assert exc.value.problems[0].row == 4
    assert "UTF-8" in str(exc.value)


def test_gbk_file_is_not_mistaken_for_broken_utf8(tmp_path: Path, kit: Any) -> None:
    path = kit.write_csv(tmp_path / "people.csv", PEOPLE, "gbk")
    table = read_table(path, registry=REGISTRIES["people"])
    assert table.encoding == "gb18030" and table.headers[1] == "姓名"


def test_utf8_file_with_undecodable_bytes_is_not_read_as_another_charset(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_bytes("人员编号,姓名\nP1,张三\nP2,李四\n".encode() + b"P3,\xff\xfe\n")
    with pytest.raises(BadInput) as exc:
        read_table(path, registry=REGISTRIES["people"])
    assert exc.value.problems[0].row == 4


def test_mapping_file_in_gb18030_and_undecodable(tmp_path: Path) -> None:
    (tmp_path / "m.yaml").write_bytes(
        "人员名册:\n  columns: {干部代码: person_id}\n".encode("gb18030")
    )
    assert (
        load_mapping(tmp_path / "m.yaml").for_registry("people").target("干部代码") == "person_id"
    )
    (tmp_path / "bad.yaml").write_bytes(b"\xff\xff\xff")
    with pytest.raises(MappingError, match="编码"):
        load_mapping(tmp_path / "bad.yaml")
    (tmp_path / "broken.yaml").write_text("people: [unclosed", encoding="utf-8")
    with pytest.raises(MappingError, match="YAML"):
        load_mapping(tmp_path / "broken.yaml")
