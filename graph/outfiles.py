"""Files the product writes for people to open: formula-free cells, owner-only files.

A registry value such as `=HYPERLINK("http://x")`, `+1+2`, `@SUM(1)` or a DDE payload
`cmd|' /C calc'!A0` must reach a spreadsheet as text, never as a formula that runs when an
investigator opens the export (CSV/formula injection). `spreadsheet_text` is the one rule
every exporter applies (queries/export.py, the risk export, the loader's problem report,
the app's downloads); `write_xlsx_cell` writes a cell as text through xlsxwriter. Exports
hold officials' data, so `write_private` creates them 0600 whatever the umask.
"""

from __future__ import annotations

import os
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


def spreadsheet_row(values: list[Any] | tuple[Any, ...]) -> list[Any]:
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


def write_xlsx_table(
    sheet: Any,
    columns: tuple[tuple[str, str, str], ...],
    rows: list[list[Any]],
    formats: tuple[Any, Any],
    widths: dict[str, int],
    default_width: int,
) -> None:
    """A worksheet as a table: headers `中文\nEnglish` from `columns` ((key, Chinese,
    English) each), one row per entry of `rows` (cells through `write_xlsx_cell`), column
    widths by key, the header frozen and filterable. `formats` is (header, cell), made with
    XLSX_HEAD and XLSX_WRAP by the caller once per workbook."""
    head, wrap = formats
    for col, (key, zh, en) in enumerate(columns):
        sheet.write_string(0, col, f"{zh}\n{en}", head)
        sheet.set_column(col, col, widths.get(key, default_width))
    for r, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            write_xlsx_cell(sheet, r, col, value, wrap)  # text, never a formula
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(rows), 1), len(columns) - 1)


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
