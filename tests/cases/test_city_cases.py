"""The issue's "done when", on the generated sample city through the command line: run the
rules, dismiss one case with a reason, confirm and assign another with a note, add one
contract row that creates one new conflict, reload and run again: exactly one new case, the
triaged cases untouched, `runs diff` says so; reload and re-run again loses nothing; the case
report has Chinese text and the evidence picture."""

from __future__ import annotations

import csv
import html
import json
from pathlib import Path

import openpyxl
import pytest

from app.cli import main
from loaders.pipeline import load_path
from queries.casework import ledger
from queries.casework import report as case_report
from queries.catalogue import CATALOGUE
from sample.scale import write_sample

pytestmark = pytest.mark.slow

CONTRACTS = "采购合同.csv"
NEW_CONTRACT = "B00C999999"


def cli(capsys, *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as done:
        main(list(args))
    captured = capsys.readouterr()
    return done.value.code, captured.out, captured.err


def add_contract(folder: Path, like: str) -> dict[str, str]:
    """One more contract between the same buyer and supplier as contract `like` (a planted
    COI-1 case), in the registry file's own encoding."""
    path = folder / CONTRACTS
    raw = path.read_bytes()
    encoding = "utf-8-sig" if raw.startswith(b"\xef\xbb\xbf") else "gb18030"
    rows = list(csv.reader(raw.decode(encoding).splitlines()))
    header, body = rows[0], rows[1:]
    model = next(r for r in body if r[0] == like)
    new = dict(zip(header, model, strict=True))
    new.update({"合同编号": NEW_CONTRACT, "合同名称": "补充采购项目", "签订日期": "2024.11.20"})
    with path.open("a", encoding=encoding, newline="") as handle:
        csv.writer(handle).writerow([new[h] for h in header])
    return new


def test_done_when_on_the_sample_city(db, tmp_path: Path, capsys) -> None:
    out = tmp_path / "city"
    truth = write_sample(out, "city", seed=1, companies_per_block=400)
    load_path(out, db=db)
    as_of = truth["as_of"]

    code, _, err = cli(capsys, "flags", "--as-of", as_of, "--format", "json")
    assert code == 0 and "R0001" in err, err
    code, listed, _ = cli(capsys, "cases", "list", "--format", "json")
    cases = json.loads(listed)
    assert len(cases) > 30 and {c["run_state"] for c in cases} == {"new"}

    # The planted COI-1 case with an id match: confirmed, assigned, noted. A name-only
    # match of another rule's flag: dismissed as a same-name false match.
    planted = next(
        c
        for c in truth["cases"]
        if c["rule"] == "COI-1" and c["positive"] and "身份证号匹配" in c["note"]
    )
    contract = planted["evidence"]["contracts"][0]
    confirmed = next(
        c for c in cases if c["rule"] == "COI-1" and contract in c["evidence"]["contracts"]
    )
    dismissed = next(c for c in cases if c["rule"] == "CMP-1")
    code, _, err = cli(
        capsys, "cases", "set", dismissed["case_id"], "--status", "dismissed",
        "--reason", "same_name",
    )  # fmt: skip
    assert code == 0, err
    code, _, err = cli(capsys, "cases", "set", confirmed["case_id"], "--status", "confirmed",
                       "--assign", "李调查", "--note", "合同原件已调取，关联关系属实")  # fmt: skip
    assert code == 0, err

    # One registry row that creates one new conflict; reload every registry and run again.
    add_contract(out, contract)
    load_path(out, db=db)
    code, _, err = cli(capsys, "flags", "--as-of", as_of, "--format", "json")
    assert code == 0 and "R0002" in err, err
    code, diff_text, _ = cli(capsys, "runs", "diff", "--format", "json")
    diff = json.loads(diff_text)
    assert (diff["from"], diff["to"]) == ("R0001", "R0002")
    assert len(diff["new"]) == 1 and diff["changed"] == [] and diff["gone"] == [], diff
    (new_case,) = diff["new"]
    assert new_case["rule"] == "COI-1" and new_case["subject_id"] == confirmed["subject_id"]
    code, shown, _ = cli(capsys, "cases", "show", new_case["case_id"], "--format", "json")
    assert json.loads(shown)["evidence"]["contracts"] == [NEW_CONTRACT]
    code, table, _ = cli(capsys, "runs", "diff")
    assert "新增 1" in table and NEW_CONTRACT in table

    def check_triage() -> None:
        code, text, _ = cli(capsys, "cases", "show", dismissed["case_id"], "--format", "json")
        d = json.loads(text)
        assert d["status"] == "dismissed" and d["reason"] == "same_name"
        assert d["run_state"] == "unchanged"
        code, text, _ = cli(capsys, "cases", "show", confirmed["case_id"], "--format", "json")
        c = json.loads(text)
        assert c["status"] == "confirmed" and c["assignee"] == "李调查"
        assert c["run_state"] == "unchanged" and c["version"] == 2
        assert [n["text"] for n in c["notes"]] == ["合同原件已调取，关联关系属实"]

    check_triage()
    code, text, _ = cli(capsys, "cases", "list", "--status", "new", "--since", "R0001",
                        "--format", "json")  # fmt: skip
    assert [c["case_id"] for c in json.loads(text)] == [new_case["case_id"]]

    # Reloading registries and re-running never loses case data.
    load_path(out, db=db)
    code, _, err = cli(capsys, "flags", "--as-of", as_of, "--format", "json")
    assert code == 0 and "R0003" in err
    check_triage()
    code, text, _ = cli(capsys, "runs", "diff", "R0002", "R0003", "--format", "json")
    again = json.loads(text)
    assert again["new"] == [] and again["gone"] == [] and again["changed"] == []

    # The case report: Chinese text, the evidence picture, the note; xlsx with a summary.
    report = tmp_path / "report.html"
    code, _, err = cli(capsys, "cases", "report", confirmed["case_id"], new_case["case_id"],
                       "--output", str(report))  # fmt: skip
    assert code == 0, err
    text = report.read_text(encoding="utf-8")
    assert "线索核查报告" in text and text.count("<svg") == 2 and "<circle" in text
    assert "合同原件已调取" in text and contract in text and "领导干部配偶" in text
    # The report's basis and description are in the language asked for, one at a time.
    rule = CATALOGUE[confirmed["rule"]]
    english = case_report.html_report(db, [ledger.get_case(db, confirmed["case_id"])], lang="en")
    assert '<html lang="en">' in english
    assert html.escape(rule.basis_en) in english and rule.basis_zh not in english
    assert html.escape(rule.description_en) in english and rule.description_zh not in english
    book_path = tmp_path / "cases.xlsx"
    code, _, _ = cli(capsys, "cases", "list", "--format", "xlsx", "--output", str(book_path))
    assert code == 0
    book = openpyxl.load_workbook(book_path)
    assert book.sheetnames[0].startswith("汇总")
