"""End to end on a real Neo4j: sample --scale city -> load -> stats reproduces the report's
figures (with and without --as-of), and the canned reports find the planted truth."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from app.cli import cli
from loaders.pipeline import load_path
from queries.stats import overview
from sample.city import FIGURES
from sample.scale import write_sample

pytestmark = pytest.mark.slow


@pytest.fixture
def loaded_city(db, tmp_path: Path) -> dict:
    out = tmp_path / "city"
    truth = write_sample(out, "city", seed=1)
    load_path(out, db=db)
    return truth


def test_load_then_stats_reproduces_the_report(db, loaded_city: dict) -> None:
    truth = loaded_city
    as_of = dt.date.fromisoformat(truth["as_of"])
    assert overview(db) == FIGURES
    assert overview(db, as_of) == FIGURES
    # a year earlier: none of the report's year
    earlier = overview(db, as_of - dt.timedelta(days=400))
    assert earlier["政治监督谈话"] == 0 and earlier["任务"] == 0
    runner = CliRunner()
    result = runner.invoke(cli, ["stats", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == truth["figures"] == FIGURES
    result = runner.invoke(cli, ["stats", "--as-of", truth["as_of"], "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == FIGURES
    result = runner.invoke(cli, ["stats", "--format", "table"])
    assert result.exit_code == 0, result.output
    assert "政治生态研判单位" in result.output and "2,043" in result.output


def test_canned_reports_find_the_truth(db, loaded_city: dict) -> None:
    from queries.runner import run_all

    truth = loaded_city
    flags = [f.to_dict() for f in run_all(db, truth["as_of"]) if f.rule != "PWR-5"]
    flagged: dict[tuple[str, str], list[dict]] = {}
    for flag in flags:
        flagged.setdefault((flag["rule"], flag["subject_id"]), []).append(flag)
    problems = []
    expected = set()
    for case in truth["cases"]:
        key = (case["rule"], case["subject_id"])
        if not case["positive"]:
            if key in flagged:
                problems.append(("false flag on a negative", key, case["note"]))
            continue
        expected.add(key)
        found = flagged.get(key, [])
        if not found:
            problems.append(("missed", key, case["note"]))
            continue
        wanted = {k: set(v) for k, v in case["evidence"].items() if k != "relatives"}
        if not any(
            all(ids <= set(f["evidence"].get(k, [])) for k, ids in wanted.items()) for f in found
        ):
            problems.append(("evidence", key, wanted, [f["evidence"] for f in found]))
    extra = sorted(set(flagged) - expected)
    assert not problems, problems
    assert not extra, [(k, flagged[k][0]["summary"]) for k in extra]
