"""`oversight report|flags|explain` through click's CliRunner: exit codes and the JSON contract."""

from __future__ import annotations

import json

import openpyxl
import pytest
from click.testing import CliRunner

from app import audit
from app.cli import cli
from queries.catalogue import CATALOGUE
from queries.runner import run_all

from .graphkit import Graph

CONTRACT_KEYS = {
    "rule",
    "severity",
    "subject_kind",
    "subject_id",
    "subject_name",
    "summary",
    "evidence",
}


def planted(db) -> None:
    g = Graph()
    g.unit("U0", name="市政府").unit("U1", "U0", name="市财政局")
    g.person("L", name="张明").person("R", name="李芳").post("L", "U0", "一把手", "2010-01-01")
    g.relative("L", "R").company("C1", name="芳华贸易").holds("R", "C1")
    g.contract("K1", "U1", "C1", "2024-05-01")
    g.task("T1", "U1", "2025-01-01")
    g.save(db)


def invoke(*args: str, env: dict | None = None):
    return CliRunner().invoke(cli, list(args), env=env or {}, catch_exceptions=False)


def test_report_json_contract(db) -> None:
    planted(db)
    result = invoke("report", "COI-1", "--as-of", "2025-06-30", "--format", "json")
    assert result.exit_code == 0, result.output
    flags = json.loads(result.stdout)
    assert len(flags) == 1
    flag = flags[0]
    assert CONTRACT_KEYS <= set(flag)
    assert flag["rule"] == "COI-1" and flag["severity"] == "high" and flag["match"] == "id"
    assert flag["subject_kind"] == "person" and flag["subject_id"] == "L"
    assert flag["evidence"]["companies"] == ["C1"] and flag["evidence"]["contracts"] == ["K1"]
    assert flag["summary"].endswith("。") and "张明" in flag["summary"]


def test_flags_all_rules_json(db) -> None:
    planted(db)
    result = invoke("flags", "--as-of", "2025-06-30", "--format", "json")
    assert result.exit_code == 0, result.output
    flags = json.loads(result.stdout)
    rules = {f["rule"] for f in flags}
    assert {"COI-1", "PWR-2", "TSK-1", "SUP-1"} <= rules
    assert all(CONTRACT_KEYS <= set(f) for f in flags)
    units = [f for f in flags if f["rule"] == "TSK-1"]
    assert units[0]["subject_kind"] == "unit" and "match" not in units[0]


def test_report_and_flags_are_audited(db) -> None:
    planted(db)
    assert invoke("report", "COI-1", "--as-of", "2025-06-30", "--format", "json").exit_code == 0
    assert invoke("flags", "--as-of", "2025-06-30", "--param", "PWR-2.years=20").exit_code == 0
    # most recent first; besides the runs, the report's JSON on stdout is an export entry
    entries = audit.read_entries()
    flags_run, report_run = [e for e in entries if e["action"] in ("run_report", "run_flags")]
    assert "export" in {e["action"] for e in entries}
    assert report_run["action"] == "run_report" and report_run["target"] == "COI-1"
    assert report_run["via"] == "cli" and report_run["user"] == audit.current_user()
    assert report_run["detail"]["as_of"] == "2025-06-30" and report_run["detail"]["flags"] == 1
    assert flags_run["action"] == "run_flags"
    assert flags_run["detail"]["params"] == ["PWR-2.years=20"]


def test_run_all_concurrent_equals_serial(db) -> None:
    planted(db)
    serial = run_all(db, "2025-06-30", config={}, workers=1)
    concurrent = run_all(db, "2025-06-30", config={}, workers=3)
    assert [f.to_dict() for f in concurrent] == [f.to_dict() for f in serial]
    order = [f.rule for f in serial]
    assert order == sorted(order, key=list(CATALOGUE).index)  # catalogue order, not finish order
    assert {"COI-1", "PWR-2", "TSK-1"} <= set(order)


def test_param_override_typed(db) -> None:
    planted(db)
    result = invoke(
        "report", "PWR-2", "--as-of", "2025-06-30", "--param", "years=20", "--format", "json"
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == []
    result = invoke("report", "PWR-2", "--as-of", "2025-06-30", "--param", "years=ten")
    assert result.exit_code == 1 and "years" in result.output


def test_config_file_and_env(db, tmp_path) -> None:
    planted(db)
    config = tmp_path / "rules.yaml"
    config.write_text("rules:\n  PWR-2:\n    years: 20\n", encoding="utf-8")
    result = invoke(
        "report", "PWR-2", "--as-of", "2025-06-30", "--config", str(config), "--format", "json"
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == []
    env = {"OVERSIGHT_RULES_CONFIG": str(config)}
    result = invoke("report", "PWR-2", "--as-of", "2025-06-30", "--format", "json", env=env)
    assert json.loads(result.stdout) == []
    # An explicit --param wins over the file.
    result = invoke(
        "report",
        "PWR-2",
        "--as-of",
        "2025-06-30",
        "--format",
        "json",
        "--param",
        "years=10",
        env=env,
    )
    assert len(json.loads(result.stdout)) == 1


def test_bad_config_is_bad_input(db, tmp_path) -> None:
    config = tmp_path / "rules.yaml"
    config.write_text(
        "rules:\n  PWR-2:\n    years: many\n    yeers: 3\n  XYZ-9: {}\n", encoding="utf-8"
    )
    result = invoke("report", "PWR-2", "--config", str(config))
    assert result.exit_code == 2, result.output
    assert "years" in result.output and "yeers" in result.output and "XYZ-9" in result.output


@pytest.mark.parametrize(
    "args",
    [
        ("report", "NOPE-1"),
        ("report",),
        ("report", "COI-1", "--param", "nope=1"),
        ("report", "COI-1", "--param", "novalue"),
        ("report", "COI-1", "--format", "xlsx"),
        ("flags", "--param", "nope=1"),
        ("explain", "NOPE-1"),
    ],
)
def test_usage_errors_exit_1(db, args) -> None:
    result = invoke(*args)
    assert result.exit_code == 1, result.output


def test_unreachable_database_exits_3(monkeypatch) -> None:
    from graph.db import reset_db

    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:1")
    reset_db()
    try:
        result = invoke("report", "TSK-1", "--format", "json")
    finally:
        reset_db()
    assert result.exit_code == 3, result.output


def test_list_and_explain() -> None:
    result = invoke("report", "--list")
    assert result.exit_code == 0, result.output
    for rule_id in ("COI-1", "TSK-1", "--param years=10", "--param kinship="):
        assert rule_id in result.output
    result = invoke("explain", "APT-2")
    assert result.exit_code == 0, result.output
    assert "选拔任用工作条例" in result.output and "MATCH (a:Appointment)" in result.output
    assert "Basis: Regulations on the Selection and Appointment of Leading Party" in result.output
    assert "effect_months" in result.output
    composed = invoke("explain", "COI-1", "--composed").output
    assert "{{" not in composed and "CALL (" in composed


def test_formats(db, tmp_path) -> None:
    planted(db)
    table = invoke("report", "COI-1", "--as-of", "2025-06-30")
    assert table.exit_code == 0 and "摘要" in table.output and "COI-1" in table.output
    csv_out = invoke("report", "COI-1", "--as-of", "2025-06-30", "--format", "csv")
    assert csv_out.output.splitlines()[0].startswith("规则,规则名称,风险等级")
    target = tmp_path / "flags.xlsx"
    result = invoke("flags", "--as-of", "2025-06-30", "--format", "xlsx", "--output", str(target))
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(target)
    assert len(book.sheetnames) == 22 and book.sheetnames[0].startswith("COI-1")
    sheet = book[book.sheetnames[0]]
    assert sheet.cell(1, 1).value.startswith("规则") and sheet.cell(2, 1).value == "COI-1"


def test_pwr5_notice_on_stderr(db) -> None:
    planted(db)
    result = invoke("report", "PWR-5", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == [] and "oversight analyze" in result.stderr
