"""docs/registries.md, "Adding a column", done for real: the page's own lines are added to a
copy of the declaration (and, for the link, of the one Cypher step), and a file with the new
columns is loaded into Neo4j."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from dbload import city_rows, load, write_csv

from graph.db import Database
from loaders import write
from model.docs import LINK_COLUMN, LINK_FEEDS, LINK_RELATIONSHIP, LINK_STEP, PROPERTY_COLUMN
from model.registry import DECLARATION_PATH, REGISTRIES, load_declaration
from model.relationships import RELATIONSHIPS_PATH, build_relationships

DOC = Path(__file__).resolve().parents[2] / "docs" / "registries.md"


def _with_new_columns(folder: Path) -> Path:
    """model/registries.yaml with the page's two columns, as a user would edit it."""
    text = DECLARATION_PATH.read_text(encoding="utf-8")
    units_end = text.index("\n\n  people:\n")
    text = text[:units_end] + "\n" + PROPERTY_COLUMN + text[units_end:]
    sanctions = text.index("\n  sanctions:\n")
    feeds = text.index("    feeds:\n", sanctions) + len("    feeds:\n")
    text = text[:feeds] + LINK_FEEDS + "\n" + text[feeds:]
    sanctions_end = text.index("\n\n  interventions:\n")
    text = text[:sanctions_end] + "\n" + LINK_COLUMN + text[sanctions_end:]
    path = folder / "registries.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _files(folder: Path) -> Path:
    """units, people and sanctions of the test city, with the two new columns filled."""
    folder.mkdir()
    units = city_rows("units")
    units[0].append("核定编制数")
    for i, row in enumerate(units[1:]):
        row.append(str(20 + i))
    write_csv(folder / "units.csv", units)
    write_csv(folder / "people.csv", city_rows("people"))
    sanctions = city_rows("sanctions")
    sanctions[0].append("决定单位代码")
    sanctions[1].append("U02")
    write_csv(folder / "sanctions.csv", sanctions)
    return folder


@pytest.fixture
def sanctions_step(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """loaders/cypher/sanctions.cypher with the page's extra CALL (a copy; the file stays)."""
    original = write.read_cypher

    def edited(name: str) -> str:
        text = original(name)
        if name != "loaders/cypher/sanctions":
            return text
        last = "    SET r.sources = rk + [s IN row.srcs WHERE NOT s IN rk]\n  }\n}"
        assert text.count(last) == 1 and "[old:SANCTIONED]" in text
        text = text.replace("[old:SANCTIONED]", "[old:SANCTIONED|DECIDED_BY]")
        return text.replace(last, last[: -len("\n}")] + "\n" + LINK_STEP + "\n}")

    write.steps_for.cache_clear()
    monkeypatch.setattr(write, "read_cypher", edited)
    yield
    write.steps_for.cache_clear()


def test_the_page_shows_the_lines_the_test_adds() -> None:
    text = DOC.read_text(encoding="utf-8")
    for lines in (PROPERTY_COLUMN, LINK_COLUMN, LINK_FEEDS, LINK_RELATIONSHIP, LINK_STEP):
        assert lines in text


def test_without_the_declaration_the_column_is_kept_as_text(db: Database, tmp_path: Path) -> None:
    summary = load(db, _files(tmp_path / "files"))
    assert summary.errors == 0
    assert [p.column for p in summary.problems if not p.is_error] == ["核定编制数", "决定单位代码"]
    rows = db.read(
        "MATCH (u:Unit {unit_id: 'U01'}) RETURN u.staffing AS s, u.extra_核定编制数 AS x"
    )
    assert rows == [{"s": None, "x": "21"}]


def test_a_declared_column_is_written(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sanctions_step: None
) -> None:
    changed = load_declaration(_with_new_columns(tmp_path))
    assert changed["units"].props[-1] == "staffing"
    # the new relationship type, declared with its ends, checks with the changed registries
    relationships = yaml.safe_load(RELATIONSHIPS_PATH.read_text(encoding="utf-8"))
    relationships["relationships"].update(yaml.safe_load(LINK_RELATIONSHIP))
    assert "DECIDED_BY" in build_relationships(relationships, changed)
    for name, reg in changed.items():
        monkeypatch.setitem(REGISTRIES, name, reg)

    summary = load(db, _files(tmp_path / "files"))
    assert summary.errors == 0
    assert not [p for p in summary.problems if p.column in ("核定编制数", "决定单位代码")]
    units = db.read(
        "MATCH (u:Unit) RETURN u.unit_id AS id, u.staffing AS s, "
        "u.extra_核定编制数 AS x ORDER BY id"
    )
    assert [(u["id"], u["s"], u["x"]) for u in units] == [
        ("U01", 21, None),
        ("U02", 22, None),
        ("U03", 23, None),
        ("U04", 20, None),
    ]
    links = db.read(
        "MATCH (s:Sanction)-[r:DECIDED_BY]->(u:Unit) RETURN s.sanction_id AS s, u.unit_id AS u, "
        "size(r.sources) AS n"
    )
    assert links == [{"s": "S1", "u": "U02", "n": 1}]
    # a reference to an unknown unit is the error `ref: units` promises
    bad = _files(tmp_path / "bad")
    rows = city_rows("sanctions")
    rows[0].append("决定单位代码")
    rows[1].append("U99")
    write_csv(bad / "sanctions.csv", rows)
    from graph.errors import BadInput

    with pytest.raises(BadInput) as caught:
        load(db, bad)
    assert any(p.value == "U99" and p.column == "决定单位代码" for p in caught.value.problems)
