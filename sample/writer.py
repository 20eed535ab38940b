"""Writes the sample's registries the way real offices send them: Chinese file names and
headers (one file with the English aliases), UTF-8 with and without BOM, GB18030, a few
workbooks, and dates, money and lists in the several spellings the loaders accept.

Files stay open across blocks and rows are written as they come (xlsx in xlsxwriter's
constant-memory mode), so the province streams to disk.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from types import TracebackType
from typing import Any

import xlsxwriter

from model.registry import REGISTRIES

# registry -> (file name, encoding or "xlsx", header style, date style)
PLAN: dict[str, tuple[str, str, str, str]] = {
    "units": ("单位名录.xlsx", "xlsx", "zh", "iso"),
    "people": ("人员名册.csv", "utf-8-sig", "zh", "iso"),
    "posts": ("posts.csv", "utf-8", "alias", "iso"),
    "duties": ("领导分工.csv", "gb18030", "zh", "slash"),
    "family": ("2024_家庭成员.csv", "gb18030", "zh", "iso"),
    "companies": ("企业登记.csv", "utf-8", "zh", "cn"),
    "shareholders": ("股东信息.csv", "utf-8", "zh", "compact"),
    "officers": ("企业主要人员.csv", "utf-8", "zh", "iso"),
    "contracts": ("采购合同.csv", "gb18030", "zh", "dot"),
    "appointments": ("干部任免.xlsx", "xlsx", "zh", "iso"),
    "complaints": ("信访举报.xlsx", "xlsx", "zh", "slash"),
    "supervision": ("监督活动.csv", "utf-8-sig", "zh", "iso"),
    "problems": ("问题整改.csv", "utf-8-sig", "zh", "cn"),
    "sanctions": ("问责处分.csv", "gb18030", "zh", "compact"),
    "interventions": ("插手干预重大事项记录.csv", "utf-8-sig", "zh", "iso"),
    "decisions": ("三重一大决策.csv", "utf-8-sig", "zh", "slash"),
    "tasks": ("责任清单任务.xlsx", "xlsx", "zh", "iso"),
}
# at county and province scale only the small registries stay workbooks
LARGE_AS_CSV = {"complaints": "gb18030", "tasks": "utf-8-sig"}
LIST_SEPARATORS = {
    "functions": "、",
    "companies": ";",
    "speaking_order": "；",
    "support_unit_ids": ",",
}
FIXED_TIME = dt.datetime(2025, 1, 2, 9, 0, 0)  # workbook metadata: same bytes for a seed


def file_plan(scale: str) -> dict[str, tuple[str, str, str, str]]:
    plan = dict(PLAN)
    if scale != "city":
        for name, encoding in LARGE_AS_CSV.items():
            file_name, _, header, dates = plan[name]
            plan[name] = (file_name.replace(".xlsx", ".csv"), encoding, header, dates)
    return plan


def format_date(value: dt.date, style: str) -> str:
    if style == "slash":
        return f"{value.year}/{value.month}/{value.day}"
    if style == "cn":
        return f"{value.year}年{value.month}月{value.day}日"
    if style == "compact":
        return value.strftime("%Y%m%d")
    if style == "dot":
        return value.strftime("%Y.%m.%d")
    return value.isoformat()


def _number(value: float) -> str:
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return text or "0"


def format_value(registry: str, alias: str, value: Any, style: str, row_no: int) -> str:
    """A cell as text, in one of the spellings the loaders accept (chosen by row number, so
    the output is deterministic)."""
    if type(value) is str:  # most cells: written as they are
        return value
    if value is None or value == []:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.date):
        return format_date(value, style)
    if isinstance(value, list):
        return LIST_SEPARATORS.get(alias, ";").join(value)
    if alias in ("amount", "capital"):
        if row_no % 3 == 1 and value >= 10_000:
            return _number(value / 10_000) + ("万元人民币" if alias == "capital" else "万元")
        if row_no % 3 == 2:
            return f"{value:,.2f}"
        return _number(value)
    if alias == "pct":
        return _number(value) + ("%" if row_no % 2 else "")
    if isinstance(value, float):
        return _number(value)
    return str(value)


class _CsvSink:
    def __init__(self, path: Path, encoding: str, header: list[str]) -> None:
        self.handle = path.open("w", encoding=encoding, newline="")
        self.writer = csv.writer(self.handle, lineterminator="\r\n")
        self.writer.writerow(header)

    def write(self, cells: list[Any]) -> None:
        self.writer.writerow(cells)

    def close(self) -> None:
        self.handle.close()


class _XlsxSink:
    def __init__(self, path: Path, sheet: str, header: list[str]) -> None:
        self.book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
        self.book.set_properties({"created": FIXED_TIME, "author": "oversight sample"})
        self.sheet = self.book.add_worksheet(sheet)
        self.date_format = self.book.add_format({"num_format": "yyyy-mm-dd"})
        self.sheet.write_row(0, 0, header)
        self.row = 1

    def write(self, cells: list[Any]) -> None:
        for col, cell in enumerate(cells):
            if isinstance(cell, dt.date):
                self.sheet.write_datetime(
                    self.row, col, dt.datetime.combine(cell, dt.time()), self.date_format
                )
            elif cell is not None and cell != "":
                self.sheet.write(self.row, col, cell)
        self.row += 1

    def close(self) -> None:
        self.book.close()


class SampleWriter:
    """Open one file per registry; `write_block` appends a block's rows to each."""

    def __init__(self, out: Path, scale: str = "city") -> None:
        self.out = out
        self.plan = file_plan(scale)
        self.sinks: dict[str, _CsvSink | _XlsxSink] = {}
        self.counts: dict[str, int] = {}

    def __enter__(self) -> SampleWriter:
        for name, (file_name, encoding, header_style, _dates) in self.plan.items():
            reg = REGISTRIES[name]
            header = list(reg.aliases if header_style == "alias" else reg.headers)
            path = self.out / file_name
            if encoding == "xlsx":
                self.sinks[name] = _XlsxSink(path, reg.zh, header)
            else:
                self.sinks[name] = _CsvSink(path, encoding, header)
            self.counts[name] = 0
        return self

    def write_block(self, rows: dict[str, list[dict[str, Any]]]) -> None:
        for name, sink in self.sinks.items():
            aliases = REGISTRIES[name].aliases
            style = self.plan[name][3]
            xlsx = isinstance(sink, _XlsxSink)
            for row in rows[name]:
                self.counts[name] += 1
                n = self.counts[name]
                cells = [
                    row.get(a) if xlsx and isinstance(row.get(a), dt.date)
                    else format_value(name, a, row.get(a), style, n)
                    for a in aliases
                ]  # fmt: skip
                sink.write(cells)

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:  # fmt: skip
        for sink in self.sinks.values():
            sink.close()
