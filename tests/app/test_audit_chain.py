"""The audit log as evidence: the hash chain, `oversight audit verify`, concurrent appenders,
and `oversight audit` reading it. No database needed."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from app import audit
from app.cli import cli


def write_some(n: int = 5) -> list[dict]:
    return [audit.record("view_person", target=f"P{i:03d}", detail={"i": i}) for i in range(n)]


def lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines(keepends=True)


def verify_cli() -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["audit", "verify"])
    return result.exit_code, result.output


def test_an_untouched_log_verifies(audit_log: Path) -> None:
    written = write_some()
    assert [e["seq"] for e in written] == [1, 2, 3, 4, 5]
    assert written[0]["prev"] == "" and written[1]["prev"] == written[0]["hash"]
    verdict = audit.verify()
    assert verdict.intact and verdict.entries == 5 and verdict.last_hash == written[-1]["hash"]
    code, output = verify_cli()
    assert code == 0, output
    assert "intact" in output and "5" in output
    # the key and the log are the owner's only
    assert audit.key_path().stat().st_mode & 0o077 == 0
    assert audit_log.stat().st_mode & 0o077 == 0


def test_a_deleted_line_is_detected(audit_log: Path) -> None:
    write_some()
    kept = lines(audit_log)
    del kept[2]
    audit_log.write_text("".join(kept), encoding="utf-8")
    verdict = audit.verify()
    assert not verdict.intact and verdict.line == 3
    code, output = verify_cli()
    assert code == 1
    assert "line 3" in output and "deleted" in output


def test_an_edited_line_is_detected(audit_log: Path) -> None:
    write_some()
    kept = lines(audit_log)
    entry = json.loads(kept[1])
    entry["target"] = "P999"  # someone else looked, the line now says
    kept[1] = json.dumps(entry, ensure_ascii=False) + "\n"
    audit_log.write_text("".join(kept), encoding="utf-8")
    code, output = verify_cli()
    assert code == 1
    assert "line 2" in output and "edited" in output


def test_a_forged_line_appended_with_a_recomputed_hash_is_detected(audit_log: Path) -> None:
    written = write_some(3)
    # A forger who knows the format and the chain, but not the key, appends an entry whose
    # prev and seq follow, and whose hash is computed the only way he can (no key / a guess).
    forged = {
        "at": "2026-01-01T00:00:00+00:00",
        "user": "os:someone",
        "via": "cli",
        "action": "view_person",
        "target": "P777",
        "detail": {},
        "seq": 4,
        "prev": written[-1]["hash"],
    }
    forged["hash"] = hashlib.sha256(audit.canonical(forged)).hexdigest()
    with audit_log.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(forged) + "\n")
    code, output = verify_cli()
    assert code == 1
    assert "line 4" in output and "forged" in output


def test_reordered_and_inserted_and_truncated_logs_are_detected(audit_log: Path) -> None:
    write_some()
    original = lines(audit_log)
    swapped = original[:1] + [original[2], original[1]] + original[3:]
    audit_log.write_text("".join(swapped), encoding="utf-8")
    assert audit.verify().line == 2
    inserted = [*original[:2], original[1], *original[2:]]  # a real line, copied
    audit_log.write_text("".join(inserted), encoding="utf-8")
    assert audit.verify().line == 3
    audit_log.write_text("".join(original[:-2]), encoding="utf-8")  # the last two cut
    verdict = audit.verify()
    assert not verdict.intact and "deleted at the end" in (verdict.problem or "")
    # the next entry chains from the head, so the cut stays visible after more writing
    audit.record("run_risk")
    assert audit.verify().line == 4
    audit_log.write_text("".join(original[1:]), encoding="utf-8")  # the first cut
    assert audit.verify().line == 1


def test_a_log_without_its_key_cannot_be_verified(audit_log: Path) -> None:
    write_some(2)
    audit.key_path().unlink()
    code, output = verify_cli()
    assert code == 1 and "key" in output


APPENDER = """
import sys
from app import audit
for i in range(int(sys.argv[1])):
    audit.record("run_report", target=sys.argv[2] + str(i), detail={"i": i}, via="cli")
"""


def test_concurrent_appends_from_two_processes_keep_a_valid_chain(audit_log: Path) -> None:
    n = 150
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    processes = [
        subprocess.Popen([sys.executable, "-c", APPENDER, str(n), name], env=env)
        for name in ("a", "b")
    ]
    for process in processes:
        assert process.wait(timeout=300) == 0
    verdict = audit.verify()
    assert verdict.intact, verdict.problem
    assert verdict.entries == 2 * n
    targets = [e["target"] for e in audit.read_entries()]
    assert sorted(targets) == sorted([f"a{i}" for i in range(n)] + [f"b{i}" for i in range(n)])


def test_the_cli_user_is_the_os_account_and_a_claimed_name_is_only_claimed(
    audit_log: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OVERSIGHT_USER", "张局长")
    entry = audit.record("decide_match", "M1", {"status": "confirmed"}, user="李四", via="cli")
    assert entry["user"] == audit.os_user() and entry["user"].startswith("os:")
    assert entry["claimed"] == "李四"
    entry = audit.record_report("flags", as_of="2024-12-31")
    assert entry["user"].startswith("os:") and entry["claimed"] == "张局长"
    monkeypatch.delenv("OVERSIGHT_USER")
    assert "claimed" not in audit.record_report("flags")


def test_audit_lists_filtered_as_table_json_and_csv(audit_log: Path) -> None:
    audit.record("view_person", target="P001")
    audit.record("adhoc_query", target='=HYPERLINK("http://x")')
    audit.record_report("flags", as_of="2024-12-31")
    runner = CliRunner()
    result = runner.invoke(cli, ["audit", "--format", "json", "--action", "adhoc_query"])
    assert result.exit_code == 0, result.output
    (only,) = json.loads(result.stdout)
    assert only["action"] == "adhoc_query"
    result = runner.invoke(cli, ["audit", "--format", "json", "--user", audit.os_user()])
    assert len(json.loads(result.stdout)) == 3
    result = runner.invoke(cli, ["audit", "--format", "json", "--user", "nobody"])
    assert json.loads(result.stdout) == []
    result = runner.invoke(cli, ["audit", "--format", "json", "--since", "2999-01-01"])
    assert json.loads(result.stdout) == []
    result = runner.invoke(cli, ["audit", "--format", "csv"])
    assert result.exit_code == 0
    assert "'=HYPERLINK" in result.stdout  # a formula stays text in a spreadsheet
    assert "自定义查询 (ran ad-hoc query)" in result.stdout
    result = runner.invoke(cli, ["audit"])
    assert "查看人员 (viewed person)" in result.stdout and "P001" in result.stdout
