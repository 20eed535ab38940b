"""`Problem`: one problem in an input file, the single shape every reader, mapping and
validator reports (and the CLI, the app and --report files show). Its own module, below
read.py, mapping.py and validate.py, so they all use it without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from loaders.values import redact_ids

SEVERITIES = ("error", "warning")
PROBLEM_FIELDS = ("file", "row", "column", "value", "expected", "severity")
# Column titles for a CSV/xlsx problem report, Chinese first.
PROBLEM_HEADERS = {
    "file": "文件 file",
    "row": "行 row",
    "column": "列 column",
    "value": "值 value",
    "expected": "应为 expected",
    "severity": "级别 severity",
}
_VALUE_SHOWN = 60
_PREFIX_SHOWN = 40  # a value over a length limit is shown by its start only


def value_prefix(text: str) -> str:
    """The start of an over-long value, with its length: enough to find it in the file."""
    return f"{text[:_PREFIX_SHOWN]}…（共{len(text)}字符 {len(text)} characters）"


@dataclass(frozen=True)
class Problem:
    """One problem in an input file. row None = the whole file; column None = the row."""

    file: str
    row: int | None
    column: str | None
    value: str | None
    expected: str
    severity: str = "error"

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"severity must be one of {SEVERITIES}, not {self.severity!r}")
        # A problem is printed, logged and written to --report files: no 身份证号 in clear,
        # whichever column it came from (columns declared as 身份证号 are masked whole by
        # the validator; this catches numbers anywhere else, e.g. in a misplaced column).
        if self.value is not None:
            object.__setattr__(self, "value", redact_ids(self.value))
        object.__setattr__(self, "expected", redact_ids(self.expected))

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def as_row(self) -> dict[str, Any]:
        """The problem as a flat dict (keys PROBLEM_FIELDS) for CSV/JSON reports."""
        return {f: getattr(self, f) for f in PROBLEM_FIELDS}

    def __str__(self) -> str:
        text = self.file
        if self.row is not None:
            text += f" 第{self.row}行"
        if self.column is not None:
            text += f" 列「{self.column}」"
        if self.value is not None:
            shown = self.value
            if len(shown) > _VALUE_SHOWN:
                shown = shown[:_VALUE_SHOWN] + "…"
            text += f"值「{shown}」" if self.column is not None else f" 值「{shown}」"
        prefix = "" if self.is_error else "警告 (warning) "
        return f"{prefix}{text}: {self.expected}"
