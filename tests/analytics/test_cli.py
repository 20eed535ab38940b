"""`oversight analyze` and `oversight risk` end to end on the real Neo4j."""

from __future__ import annotations

import csv
import io
import json

from click.testing import CliRunner

from app import audit
from app.cli import cli

from .citygen import AS_OF, make_city, write_city


def test_analyze_then_risk(db, tmp_path) -> None:
    city = make_city(11, n_units=10)
    write_city(db, city)
    runner = CliRunner()
    result = runner.invoke(cli, ["analyze", "--as-of", AS_OF.isoformat()])
    assert result.exit_code == 0, result.output
    assert "权力指数" in result.output
    assert city.holder in result.output
    stored = db.read(
        "MATCH (p:Person {pid: $pid}) RETURN p.power_rank AS rank", {"pid": city.holder}
    )
    assert stored[0]["rank"] == 1

    result = runner.invoke(cli, ["risk", "--as-of", AS_OF.isoformat(), "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows and {"person_id", "name", "score", "power", "flags"} <= set(rows[0])
    scores = [row["score"] for row in rows]
    assert scores == sorted(scores, reverse=True)
    holder = next(row for row in rows if row["person_id"] == city.holder)
    # PWR-5 flags the holder (top 5% by power); it is shown but not scored twice
    assert "PWR-5" in [hit["rule"] for hit in holder["flags"]]

    out = tmp_path / "risk.csv"
    result = runner.invoke(
        cli, ["risk", "--as-of", AS_OF.isoformat(), "--format", "csv", "--output", str(out)]
    )
    assert result.exit_code == 0, result.output
    table = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert table[0][0].startswith("排名") and len(table) == len(rows) + 1

    xlsx = tmp_path / "risk.xlsx"
    result = runner.invoke(
        cli, ["risk", "--as-of", AS_OF.isoformat(), "--format", "xlsx", "--output", str(xlsx)]
    )
    assert result.exit_code == 0, result.output
    assert xlsx.stat().st_size > 0


def test_risk_without_analysis_computes_in_memory(db) -> None:
    city = make_city(12, n_units=6)
    write_city(db, city)
    result = CliRunner().invoke(
        cli, ["risk", "--as-of", AS_OF.isoformat(), "--format", "json", "--limit", "3"]
    )
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)) == 3
    assert "未写回" in result.stderr
    # the ranking is recorded, and so is its JSON as an export (app/exports.py)
    (entry,) = [e for e in audit.read_entries() if e["action"] == "run_risk"]
    assert entry["via"] == "cli"
    assert entry["detail"]["leaders"] >= 3 and entry["detail"]["limit"] == 3
    assert [e["action"] for e in audit.read_entries()].count("export") == 1
    written = db.read("MATCH (p:Person) WHERE p.power_index IS NOT NULL RETURN count(*) AS n")
    assert written[0]["n"] == 0


def test_xlsx_needs_output(db) -> None:
    result = CliRunner().invoke(cli, ["risk", "--format", "xlsx"])
    assert result.exit_code != 0
