"""Files the product writes for people to open: formula-free cells, owner-only files.

A registry value such as `=HYPERLINK("http://x")`, `+1+2`, `@SUM(1)` or a DDE payload
`cmd|' /C calc'!A0` must reach a spreadsheet as text, never as a formula that runs when an
investigator opens the export (CSV/formula injection). `spreadsheet_text` is the one rule
every exporter applies, through the one CSV writer `csv_text` and the one xlsx writer
`Workbook` (flags, risk, cases, dossiers, the audit log; the loader's problem report streams
rows through `spreadsheet_row`). Exports hold officials' data, so `write_private` creates
them 0600 whatever the umask.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

# The characters that make a spreadsheet (Excel, LibreOffice, Google Sheets) read a cell as
# a formula or a command: OWASP's list for CSV injection, plus the full-width forms that
# some spreadsheets normalise to them.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def spreadsheet_text(value: Any) -> Any:
    """A cell value safe to hand to a CSV writer: text that a spreadsheet would read as a
    formula gets a leading `'` (shown as text, the quote hidden in Excel); anything else,
    including numbers, is returned unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def spreadsheet_row(values: Sequence[Any]) -> list[Any]:
    """`spreadsheet_text` over a row."""
    return [spreadsheet_text(v) for v in values]


def write_xlsx_cell(sheet: Any, row: int, col: int, value: Any, fmt: Any = None) -> None:
    """One xlsxwriter cell: numbers and booleans as such, None empty, everything else as a
    string (`write_string`), so no text ever becomes a formula (`write` would turn `=…`
    into one)."""
    if value is None:
        sheet.write_blank(row, col, None, fmt)
    elif isinstance(value, bool):
        sheet.write_boolean(row, col, value, fmt)
    elif isinstance(value, int | float):
        sheet.write_number(row, col, value, fmt)
    else:
        sheet.write_string(row, col, str(value), fmt)


# The cell formats of the tabular exports: a shaded header, wrapped cells.
XLSX_HEAD = {"bold": True, "bg_color": "#DDE4EE", "text_wrap": True}
XLSX_WRAP = {"text_wrap": True, "valign": "top"}
# Excel refuses these in a sheet name, and names longer than 31 characters.
_SHEET_NAME_FORBIDDEN = "[]:*?/\\"


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """A CSV table as text, every cell through `spreadsheet_text`: the one CSV writer of the
    exports (flags, risk, cases, audit). Callers writing a file for Excel add a BOM."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(spreadsheet_row(list(header)))
    writer.writerows(spreadsheet_row(list(row)) for row in rows)
    return out.getvalue()


class Workbook:
    """An xlsx workbook built in memory, the one xlsx writer of the exports: table sheets
    with a shaded, frozen, filterable header; text is always written as text (never a
    formula); sheet names made valid and unique for Excel. `close()` gives its bytes."""

    def __init__(self) -> None:
        import xlsxwriter  # only the commands that write xlsx pay for the import

        self._buffer = io.BytesIO()
        self.book: Any = xlsxwriter.Workbook(
            self._buffer, {"in_memory": True, "strings_to_formulas": False}
        )
        self.head: Any = self.book.add_format(XLSX_HEAD)
        self.wrap: Any = self.book.add_format(XLSX_WRAP)
        self._names: set[str] = set()

    def sheet(self, title: str) -> Any:
        """A new empty worksheet named after `title`, shortened and made unique."""
        name = "".join(" " if ch in _SHEET_NAME_FORBIDDEN else ch for ch in title)[:31]
        name = name if name.strip() else "sheet"
        base, n = name, 2
        while name in self._names:
            name = f"{base[:28]}~{n}"
            n += 1
        self._names.add(name)
        return self.book.add_worksheet(name)

    def table(
        self,
        title: str,
        header: Sequence[str],
        rows: Iterable[Sequence[Any]],
        widths: Sequence[int] | None = None,
        default_width: int = 14,
    ) -> Any:
        """A worksheet holding one table: `header` then `rows`, cells through
        `write_xlsx_cell`; `widths` per column (`default_width` where missing)."""
        ws = self.sheet(title)
        for col, text in enumerate(header):
            ws.write_string(0, col, text, self.head)
            width = widths[col] if widths is not None and col < len(widths) else default_width
            ws.set_column(col, col, width)
        count = 0
        for r, row in enumerate(rows, start=1):
            for col, value in enumerate(row):
                write_xlsx_cell(ws, r, col, value, self.wrap)  # text, never a formula
            count = r
        ws.freeze_panes(1, 0)
        if header:
            ws.autofilter(0, 0, max(count, 1), len(header) - 1)
        return ws

    def close(self) -> bytes:
        """The finished workbook's bytes."""
        self.book.close()
        return self._buffer.getvalue()


def bilingual_header(columns: Sequence[tuple[str, str, str]]) -> list[str]:
    """`中文\nEnglish` headers from (key, Chinese, English) column declarations."""
    return [f"{zh}\n{en}" for _, zh, en in columns]


def column_widths(
    columns: Sequence[tuple[str, str, str]], widths: dict[str, int], default: int
) -> list[int]:
    """Widths in column order from a by-key table."""
    return [widths.get(key, default) for key, _, _ in columns]


def write_private(path: Path, data: bytes | str, encoding: str = "utf-8") -> Path:
    """Write `data` to `path` readable by its owner only (0600), replacing any file there:
    exports, and the local server's credentials and instance record (graph/server.py).

    The content goes to a new file beside `path`, created with mode 0600 (never chmod-ed
    wider, so there is no moment when others could read it; set again in case the umask
    narrowed it), then replaces `path` atomically: a reader sees the old or the new content,
    never half of it, and an existing world-readable file does not keep its mode."""
    path = Path(path)
    if path.parent != Path(""):
        path.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode(encoding) if isinstance(data, str) else data
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.unlink()
    except FileNotFoundError:
        pass
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.fchmod(fd, 0o600)
        view = memoryview(raw)
        while view:
            written = os.write(fd, view)
            view = view[written:]
    finally:
        os.close(fd)
    os.replace(tmp, path)
    return path


def open_private(path: Path, encoding: str = "utf-8", newline: str | None = "") -> Any:
    """A text file opened for writing, created 0600 (for writers that stream, e.g. csv)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)
    return os.fdopen(fd, "w", encoding=encoding, newline=newline)
