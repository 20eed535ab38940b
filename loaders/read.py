"""Reading registry files (.csv, .xlsx) into a streaming `Table`, with no parsing of values.

A `Table` knows its headers and re-reads the file each time its rows are iterated, so a
million-row file is never held in memory: the writer can validate the whole file in one pass
(keeping only the problems), then iterate again in chunks to write. Rows keep the number a
spreadsheet shows (header = row 1 unless title rows sit above it); fully empty rows are
skipped. CSV encodings are detected, never asked for: UTF-8 (with or without BOM) strictly
first, then GB18030 (a superset of GBK and GB2312), then charset-normalizer as a fallback.
"""

from __future__ import annotations

import codecs
import csv
import re
import zipfile
from collections.abc import Callable, Generator, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from graph.errors import BadInput
from loaders.limits import Limits, limits
from loaders.problems import Problem
from loaders.values import header_key, normalise_header

if TYPE_CHECKING:
    from model.registry import Registry

SUPPORTED_SUFFIXES = (".csv", ".xlsx", ".xlsm")
_ZERO_PADDED = re.compile(r"0{2,}")
_BLOCK = 1 << 20
# How far down a header row is looked for when title rows sit above it.
_HEADER_SEARCH_ROWS = 10
_MB = 1 << 20
# Parts of an xlsx smaller than this may compress as well as they like (styles, themes).
_RATIO_FROM_BYTES = 1 << 20


class Row(NamedTuple):
    """One data row: its spreadsheet row number and its cells in header order."""

    number: int
    cells: tuple[Any, ...]


@dataclass
class Table:
    """A registry file's header and a re-iterable stream of its data rows."""

    path: Path
    raw_headers: list[str]
    header_row: int = 1
    sheet: str | None = None
    encoding: str | None = None
    delimiter: str | None = None
    _open_rows: Callable[[], Iterator[Row]] = field(repr=False, default=lambda: iter(()))

    @property
    def name(self) -> str:
        """The file name, as problems report it."""
        return self.path.name

    @property
    def headers(self) -> list[str]:
        """Headers normalised: full-width to ASCII, spaces collapsed, `*` stripped."""
        return [normalise_header(h) for h in self.raw_headers]

    def rows(self) -> Iterator[Row]:
        """A fresh stream of data rows (reads the file again on every call)."""
        return self._open_rows()

    def __iter__(self) -> Iterator[Row]:
        return self.rows()

    def chunks(self, size: int = 5000) -> Iterator[list[Row]]:
        """The rows in lists of at most `size`."""
        rows = self.rows()
        while chunk := list(islice(rows, size)):
            yield chunk


class ReadError(BadInput):
    """A file that cannot be read as a table at all (encoding, format, no header)."""


def _read_error(path: Path, message: str, row: int | None = None) -> ReadError:
    problem = Problem(path.name, row, None, None, message, "error")
    return ReadError(str(problem), [problem])


def table_from_rows(
    name: str, headers: list[str], rows: list[list[Any]] | list[tuple[Any, ...]], first_row: int = 2
) -> Table:
    """An in-memory Table (tests, FtM import, generated data): rows numbered from first_row."""
    data = [Row(i, _clean(r)) for i, r in enumerate(rows, start=first_row)]
    data = [r for r in data if not _is_blank(r.cells)]
    return Table(
        Path(name), [str(h).strip() for h in headers], first_row - 1, _open_rows=lambda: iter(data)
    )


def read_table(
    path: str | Path, sheet: str | None = None, registry: Registry | None = None
) -> Table:
    """Open a .csv or .xlsx registry file as a Table (headers read now, rows streamed later).

    For a workbook, `sheet` names the sheet; otherwise the sheet named like `registry`, else
    the first. Given `registry`, the header is the first of the top rows that names at least
    two of its columns (title rows above the header are common), else the first non-empty row.
    """
    path = Path(path)
    if not path.is_file():
        raise _read_error(path, "文件不存在 (file not found)")
    bounds = limits()
    size = path.stat().st_size
    if size > bounds.max_file_mb * _MB:
        raise _read_error(
            path,
            f"文件过大：{size / _MB:.0f} MB，上限 {bounds.max_file_mb} MB "
            f"(file too large: at most {bounds.max_file_mb} MB; OVERSIGHT_LOAD_MAX_FILE_MB)",
        )
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _read_csv(path, registry, bounds)
    if suffix in (".xlsx", ".xlsm"):
        _check_zip(path, bounds)
        return _read_xlsx(path, sheet, registry, bounds)
    raise _read_error(
        path, f"不支持的文件类型「{suffix}」，应为 .csv 或 .xlsx (expected a .csv or .xlsx file)"
    )


# --- cells ---------------------------------------------------------------------------------


def _clean(cells: Any) -> tuple[Any, ...]:
    out = []
    for c in cells:
        if isinstance(c, str):
            c = c.strip()
            if c == "":
                c = None
        out.append(c)
    return tuple(out)


def _is_blank(cells: tuple[Any, ...]) -> bool:
    return all(c is None for c in cells)


def _bounded_rows(
    path: Path, records: Iterator[tuple[int, tuple[Any, ...]]], header_row: int, bounds: Limits
) -> Iterator[Row]:
    """The data rows after the header, refused past the row and column limits."""
    data = 0
    for number, cells in records:
        if number <= header_row or _is_blank(cells):
            continue
        data += 1
        if data > bounds.max_rows:
            raise _read_error(
                path,
                f"数据行超过上限 {bounds.max_rows} 行 (more than {bounds.max_rows} data rows; "
                "OVERSIGHT_LOAD_MAX_ROWS)",
                number,
            )
        yield Row(number, cells)


def _check_columns(path: Path, number: int, cells: Sequence[Any], bounds: Limits) -> None:
    if len(cells) > bounds.max_columns:
        raise _read_error(
            path,
            f"第{number}行有 {len(cells)} 列，上限 {bounds.max_columns} 列 "
            f"(row {number} has {len(cells)} cells, at most {bounds.max_columns}; "
            "OVERSIGHT_LOAD_MAX_COLUMNS)",
            number,
        )


def _pick_header(
    candidates: list[tuple[int, tuple[Any, ...]]], registry: Registry | None
) -> tuple[int, tuple[Any, ...]] | None:
    """The header among the first non-empty rows (see read_table)."""
    if not candidates:
        return None
    if registry is not None:
        for number, cells in candidates:
            named = {registry.match_header(str(c)) for c in cells if c is not None} - {None}
            if len(named) >= min(2, len(registry.columns)):
                return number, cells
    return candidates[0]


def _header_texts(cells: tuple[Any, ...]) -> list[str]:
    headers = [("" if c is None else str(c).strip()) for c in cells]
    while headers and headers[-1] == "":
        headers.pop()
    return headers


# --- CSV -----------------------------------------------------------------------------------


def _decodes(path: Path, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    try:
        with path.open("rb") as fh:
            while block := fh.read(_BLOCK):
                decoder.decode(block)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _utf16_without_bom(head: bytes) -> str | None:
    """UTF-16 text without a BOM: every separator and line end (ASCII) next to a NUL byte,
    on the side that gives the byte order; UTF-8 and GB18030 text holds no NUL bytes."""
    if b"\x00" not in head:
        return None
    marks = [m for m in (b"\n", b",", b"\t") if m in head]
    if not marks:
        return None
    for encoding, pair in (("utf-16-le", "{}\x00"), ("utf-16-be", "\x00{}")):
        if all(
            head.count(pair.format(m.decode()).encode("latin-1")) == head.count(m) for m in marks
        ):
            return encoding
    return None


def detect_encoding(path: Path) -> str:
    """utf-16 (by BOM, or by its NUL bytes without one), utf-8-sig (strict, with or without
    BOM), gb18030, else a guess."""
    with path.open("rb") as fh:
        head = fh.read(4096)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    utf16 = _utf16_without_bom(head)
    if utf16 is not None and _decodes(path, utf16):
        return utf16
    for encoding in ("utf-8-sig", "gb18030"):
        if _decodes(path, encoding):
            return encoding
    from charset_normalizer import from_path

    best = from_path(path).best()
    if best is None:
        raise _read_error(
            path, "无法识别文件编码，应为 UTF-8 或 GB18030/GBK (cannot detect the encoding)"
        )
    return best.encoding


def _sniff_delimiter(line: str) -> str:
    counts = {d: line.count(d) for d in (",", "\t", ";", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


def _bounded_lines(path: Path, fh: Any, bounds: Limits) -> Iterator[str]:
    """The file's lines, refused at the first one longer than the line limit (read with a
    bound, so a 50 MB line is never held whole)."""
    most = bounds.max_line_kb * 1024
    line_number = 0
    while True:
        line = fh.readline(most + 1)
        if not line:
            return
        line_number += 1
        if len(line) > most:
            raise _read_error(
                path,
                f"第{line_number}行超过 {bounds.max_line_kb} KB，不像登记表 "
                f"(line {line_number} is longer than {bounds.max_line_kb} KB: not a registry "
                "table; OVERSIGHT_LOAD_MAX_LINE_KB)",
                line_number,
            )
        yield line


def _csv_records(
    path: Path, encoding: str, delimiter: str, bounds: Limits
) -> Generator[tuple[int, tuple[Any, ...]]]:
    """(record number, cells): a record spanning lines (quoted newline) is one spreadsheet row."""
    csv.field_size_limit(max(bounds.max_line_kb * 1024, bounds.max_cell_chars) + 1)
    with path.open("r", encoding=encoding, newline="") as fh:
        reader = csv.reader(_bounded_lines(path, fh, bounds), delimiter=delimiter)
        number = 0
        try:
            for number, record in enumerate(reader, start=1):
                _check_columns(path, number, record, bounds)
                yield number, _clean(record)
        except csv.Error as exc:
            raise _read_error(path, f"CSV 格式错误 (malformed CSV): {exc}", number + 1) from exc
        except UnicodeError as exc:
            raise _read_error(
                path,
                f"第{number + 1}行附近的字节不是 {encoding} 编码 (bytes not in {encoding})",
                number + 1,
            ) from exc


def _utf8_error_line(path: Path) -> int | None:
    """The line of the first byte that is not UTF-8, or None when the file is UTF-8."""
    decoder = codecs.getincrementaldecoder("utf-8")(errors="strict")
    line = 1
    with path.open("rb") as fh:
        while block := fh.read(_BLOCK):
            try:
                decoder.decode(block)
            except UnicodeDecodeError as exc:
                return line + block.count(b"\n", 0, exc.start)
            line += block.count(b"\n")
    return None


def _header_hits(line: str, registry: Registry) -> int:
    try:
        cells = next(csv.reader([line], delimiter=_sniff_delimiter(line)), [])
    except csv.Error:  # not even a CSV line in this encoding
        return 0
    return len({registry.match_header(c) for c in cells} - {None})


def _check_not_broken_utf8(path: Path, first_line: str, registry: Registry | None) -> None:
    """A UTF-8 file with a few broken bytes still decodes as GB18030, as gibberish: say so.

    When the header read as UTF-8 names the registry's columns and read as GB18030 does not,
    the file is UTF-8 with damage, and the row with the bad bytes is what the user must fix.
    """
    if registry is None:
        return
    with path.open("rb") as fh:
        raw = fh.readline()
    as_utf8 = raw.decode("utf-8-sig", errors="replace")
    if _header_hits(as_utf8, registry) >= 2 and _header_hits(first_line, registry) < 2:
        line = _utf8_error_line(path)
        raise _read_error(
            path,
            f"文件为 UTF-8 编码，但第{line}行含有无效字节 "
            f"(the file is UTF-8 but line {line} holds bytes that are not UTF-8)",
            line,
        )


def _read_csv(path: Path, registry: Registry | None, bounds: Limits) -> Table:
    encoding = detect_encoding(path)
    try:
        with path.open("r", encoding=encoding, newline="") as fh:
            first_line = next(_bounded_lines(path, fh, bounds), "")
    except (UnicodeError, LookupError) as exc:
        raise _read_error(
            path,
            f"无法按 {encoding} 编码读取，应为 UTF-8、UTF-16 或 GB18030/GBK 编码的 CSV "
            f"(cannot decode the file as {encoding}; expected UTF-8, UTF-16 or GB18030/GBK)",
        ) from exc
    if encoding not in ("utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"):
        _check_not_broken_utf8(path, first_line, registry)
    delimiter = _sniff_delimiter(first_line)
    candidates = []
    with closing(_csv_records(path, encoding, delimiter, bounds)) as records:
        for number, cells in records:
            if not _is_blank(cells):
                candidates.append((number, cells))
            if len(candidates) >= _HEADER_SEARCH_ROWS:
                break
    picked = _pick_header(candidates, registry)
    if picked is None:
        raise _read_error(path, "文件为空，缺少表头 (empty file: no header row)")
    header_row, header_cells = picked
    headers = _header_texts(header_cells)

    def rows() -> Iterator[Row]:
        records = _csv_records(path, encoding, delimiter, bounds)
        return _bounded_rows(path, records, header_row, bounds)

    return Table(path, headers, header_row, None, encoding, delimiter, rows)


# --- XLSX ----------------------------------------------------------------------------------


def _open_workbook(path: Path) -> Any:
    import openpyxl

    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign file
        raise _read_error(path, f"无法读取 xlsx 文件 (cannot read the workbook): {exc}") from exc


def _choose_sheet(path: Path, wb: Any, sheet: str | None, registry: Registry | None) -> str:
    names = list(wb.sheetnames)
    if sheet is not None:
        if sheet in names:
            return sheet
        wanted = header_key(sheet)
        for n in names:
            if header_key(n) == wanted:
                return n
        raise _read_error(
            path,
            f"没有名为「{sheet}」的工作表，现有: {', '.join(names)} (no sheet named {sheet!r})",
        )
    if registry is not None and len(names) > 1:
        keys = {header_key(n) for n in registry.all_names}
        for n in names:
            if header_key(n) in keys:
                return n
        for n in names:
            if any(k in header_key(n) for k in keys if len(k) > 1):
                return n
    if not names:
        raise _read_error(path, "工作簿没有工作表 (the workbook has no sheet)")
    return names[0]


def _xlsx_cell(cell: Any) -> Any:
    value = cell.value
    # A percent-formatted cell stores 0.35 for 35%; the contract reads a bare 0.35 as 0.35%,
    # so keep what the user sees.
    if (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and "%" in (cell.number_format or "")
    ):
        return f"{value * 100:.10g}%"
    # A code kept as a number with a zero-padded format ("000000") shows 000123 but stores
    # 123: read what the user sees, or the code would not match the same unit elsewhere.
    if (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and float(value).is_integer()
        and value >= 0
        and _ZERO_PADDED.fullmatch(cell.number_format or "")
    ):
        return str(int(value)).zfill(len(cell.number_format))
    if isinstance(value, datetime) and value.time() == datetime.min.time():
        return value.date()
    return value


def _check_zip(path: Path, bounds: Limits) -> None:
    """Refuse a workbook that would unzip to far more than it weighs, before any parsing:
    a 432 KB file holding 3 million rows is a zip bomb, not a registry."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise _read_error(
            path, "不是有效的 xlsx 文件 (not a valid xlsx workbook: not a zip archive)"
        ) from exc
    total = sum(p.file_size for p in parts)
    if total > bounds.max_unzipped_mb * _MB:
        raise _read_error(
            path,
            f"xlsx 解压后 {total / _MB:.0f} MB，上限 {bounds.max_unzipped_mb} MB "
            f"(the workbook unzips to {total / _MB:.0f} MB, at most {bounds.max_unzipped_mb} MB; "
            "OVERSIGHT_LOAD_MAX_UNZIPPED_MB)",
        )
    for part in parts:
        if part.file_size < _RATIO_FROM_BYTES:
            continue
        ratio = part.file_size / max(part.compress_size, 1)
        if ratio > bounds.max_zip_ratio:
            raise _read_error(
                path,
                f"xlsx 中的 {part.filename} 压缩比 {ratio:.0f}:1，超过 {bounds.max_zip_ratio}:1，"
                f"疑为压缩炸弹 (part {part.filename} unzips {ratio:.0f} times its size, more "
                f"than {bounds.max_zip_ratio}: refused as a zip bomb; OVERSIGHT_LOAD_MAX_ZIP_RATIO)",
            )


def _xlsx_records(path: Path, sheet: str, bounds: Limits) -> Generator[tuple[int, tuple[Any, ...]]]:
    wb = _open_workbook(path)
    number = 0
    try:
        ws = wb[sheet]
        # Exported workbooks often declare a wrong used range; read every row there is.
        ws.reset_dimensions()
        for number, cells in enumerate(ws.iter_rows(min_row=1), start=1):
            row = _clean(_xlsx_cell(c) for c in cells)
            _check_columns(path, number, row, bounds)
            yield number, row
    except BadInput:
        raise
    except Exception as exc:  # a damaged sheet fails inside openpyxl's XML parsing
        raise _read_error(
            path, f"无法读取工作表「{sheet}」 (cannot read the sheet): {exc}", number + 1
        ) from exc
    finally:
        wb.close()


def _read_xlsx(path: Path, sheet: str | None, registry: Registry | None, bounds: Limits) -> Table:
    wb = _open_workbook(path)
    try:
        chosen = _choose_sheet(path, wb, sheet, registry)
    finally:
        wb.close()
    candidates = []
    with closing(_xlsx_records(path, chosen, bounds)) as records:
        for number, cells in records:
            if not _is_blank(cells):
                candidates.append((number, cells))
            if len(candidates) >= _HEADER_SEARCH_ROWS:
                break
    picked = _pick_header(candidates, registry)
    if picked is None:
        raise _read_error(path, f"工作表「{chosen}」为空，缺少表头 (empty sheet: no header row)")
    header_row, header_cells = picked
    headers = _header_texts(header_cells)

    def rows() -> Iterator[Row]:
        return _bounded_rows(path, _xlsx_records(path, chosen, bounds), header_row, bounds)

    return Table(path, headers, header_row, chosen, None, None, rows)
