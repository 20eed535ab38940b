"""The CLI shell: one error renderer that never shortens silently; options declared once."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from app import shell
from graph.errors import BadInput, UsageError

ROOT = Path(__file__).resolve().parents[2]


def _rendered(error) -> str:
    @click.command()
    @shell.errors
    def failing() -> None:
        raise error

    result = CliRunner().invoke(failing, [])
    assert result.exit_code == error.exit_code
    return result.stderr


def test_a_long_list_is_shortened_only_with_where_the_whole_list_is() -> None:
    problems = [f"problem {i}" for i in range(shell.MAX_PROBLEMS_SHOWN + 5)]
    text = _rendered(BadInput("bad", problems, full_list="report.csv"))
    assert "错误 (error): bad" in text
    assert "problem 199" in text and "problem 200" not in text
    assert "另有 5 个问题未显示" in text and "report.csv" in text


def test_a_long_list_with_nowhere_else_to_read_it_is_shown_whole() -> None:
    problems = [f"problem {i}" for i in range(shell.MAX_PROBLEMS_SHOWN + 5)]
    text = _rendered(BadInput("bad", problems))
    assert "problem 204" in text and "未显示" not in text


def test_a_plain_error_is_one_line_with_its_exit_status() -> None:
    assert _rendered(UsageError("nope")).strip() == "错误 (error): nope"


def test_shared_options_are_declared_only_in_the_shell() -> None:
    pattern = re.compile(r"""["'](--as-of|--format)["']""")
    found = {
        str(path.relative_to(ROOT)): pattern.findall(path.read_text(encoding="utf-8"))
        for path in (ROOT / "app").rglob("*.py")
    }
    assert found["app/shell.py"] == ["--as-of", "--format"]  # control: the check sees them
    assert {path: names for path, names in found.items() if names and path != "app/shell.py"} == {}


def test_a_refused_load_says_where_its_whole_problem_list_is(tmp_path) -> None:
    from loaders.pipeline import refuse_on_errors
    from loaders.validate import Problem

    problems = [Problem("a.csv", i, "col", "x", "bad", "error") for i in range(3)]
    with pytest.raises(BadInput) as without_report:
        refuse_on_errors(problems, skip_bad_rows=False, report=None)
    assert "--report" in without_report.value.full_list
    report = tmp_path / "problems.csv"
    with pytest.raises(BadInput) as with_report:
        refuse_on_errors(problems, skip_bad_rows=False, report=report)
    assert with_report.value.full_list == str(report) and report.exists()
